//! Stable identifiers: UUID v5 names under a namespace derived from the site.

use uuid::Uuid;

use crate::model::Site;

/// Makes the UUIDs of one site's exports.
///
/// The namespace is the UUID v5, under the URL namespace, of `jenjang:<site id>` for a site
/// without `base_url`, or of `<base_url>#<site id>` with it (`https://example.org/karier/#karier`):
/// the site's `id` (see `site.yaml`) keeps two sites apart even when they share a title and
/// framework ids, and the address keeps a site apart from copies of it published elsewhere.
/// Each entity's UUID is the UUID v5 of a name built from its ids
/// (`case/framework/teacher-competencies`) under that namespace, so rebuilding gives the same
/// identifiers and editing a title or a text does not change them. They are lower-case and
/// RFC 4122 (variant `10`, version 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ids {
    namespace: Uuid,
}

impl Ids {
    /// The identifiers of `site`'s exports.
    pub fn new(site: &Site) -> Ids {
        let id = &site.config.id;
        let name = match &site.config.base_url {
            Some(base) => format!("{base}#{id}"),
            None => format!("jenjang:{id}"),
        };
        Ids {
            namespace: Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes()),
        }
    }

    /// The UUID of the entity called `name` (`/`-separated ids), hyphenated, lower-case.
    pub fn uuid(&self, name: &str) -> String {
        Uuid::new_v5(&self.namespace, name.as_bytes())
            .hyphenated()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;

    const PATTERN: fn(&str) -> bool = |s| {
        let b = s.as_bytes();
        s.len() == 36
            && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
            && s.chars()
                .enumerate()
                .all(|(i, c)| [8, 13, 18, 23].contains(&i) || matches!(c, '0'..='9' | 'a'..='f'))
            && b[14] == b'5'
            && matches!(b[19], b'8' | b'9' | b'a' | b'b')
    };

    #[test]
    fn stable_lower_case_rfc4122() {
        let site = fixture::site();
        let ids = Ids::new(&site);
        let a = ids.uuid("case/framework/skills");
        assert_eq!(a, Ids::new(&site).uuid("case/framework/skills"));
        assert!(PATTERN(&a), "{a}");
        assert_ne!(a, ids.uuid("case/framework/other"));
        // The base URL, when there is one, is part of the namespace.
        let published = fixture::published();
        assert_ne!(a, Ids::new(&published).uuid("case/framework/skills"));
    }

    #[test]
    fn sites_with_the_same_title_and_ids_differ_by_their_id() {
        let one = fixture::site();
        let mut other = fixture::site();
        other.config.id = "another-site".into();
        assert_eq!(one.config.title, other.config.title);
        let name = "case/framework/skills";
        assert_ne!(Ids::new(&one).uuid(name), Ids::new(&other).uuid(name));
        // Renaming the site (its title) keeps the identifiers.
        other.config.id = one.config.id.clone();
        other.config.title = crate::model::Localized::plain("A new name");
        assert_eq!(Ids::new(&one).uuid(name), Ids::new(&other).uuid(name));
        let mut a = fixture::published();
        let mut b = fixture::published();
        b.config.id = "another-site".into();
        assert_ne!(Ids::new(&a).uuid(name), Ids::new(&b).uuid(name));
        a.config.base_url = Some("https://example.net/".into());
        b.config.id = a.config.id.clone();
        assert_ne!(Ids::new(&a).uuid(name), Ids::new(&b).uuid(name));
    }
}
