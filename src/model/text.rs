//! Text that may come in several languages.

use std::collections::BTreeMap;

/// A value with a default-language form and optional translations.
///
/// `get(lang)` gives the translation for `lang`, falling back to the default language's value,
/// as the content format specifies.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Localized {
    /// The value in the site's default language (or the only value).
    pub default: String,
    /// Language code → value, for every language written (the default included).
    pub translations: BTreeMap<String, String>,
}

/// Plain text (escaped by templates).
pub type Text = Localized;
/// HTML rendered from Markdown and sanitised (printed as is by templates).
pub type Html = Localized;

impl Localized {
    /// A value with no translations.
    pub fn plain(s: impl Into<String>) -> Localized {
        Localized {
            default: s.into(),
            translations: BTreeMap::new(),
        }
    }

    /// The value for `lang`, or the default language's.
    pub fn get(&self, lang: &str) -> &str {
        self.translations
            .get(lang)
            .map_or(self.default.as_str(), String::as_str)
    }

    /// Applies `f` to the default value and every translation.
    pub fn map(&self, mut f: impl FnMut(&str) -> String) -> Localized {
        Localized {
            default: f(&self.default),
            translations: self
                .translations
                .iter()
                .map(|(k, v)| (k.clone(), f(v)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_default() {
        let mut t = Localized::plain("Social");
        t.translations.insert("id".into(), "Sosial".into());
        assert_eq!(t.get("id"), "Sosial");
        assert_eq!(t.get("fr"), "Social");
        assert_eq!(t.map(|s| s.to_uppercase()).get("id"), "SOSIAL");
    }
}
