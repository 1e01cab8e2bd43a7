//! Site paths and the hrefs that reach them from a given page.
//!
//! A *path* is site-relative and names a folder: `""` (home), `roadmaps/teacher-career/`. Without
//! `base_url` an href is relative to the page it appears on and names the `index.html` file
//! itself, so the site works from any folder and from `file://`; with `base_url` it is absolute
//! and ends in `/`.

use crate::model::{Section, Site};

/// The file name of the page servers show for unknown addresses.
pub const NOT_FOUND_PAGE: &str = "404.html";

/// Makes hrefs for one page.
#[derive(Debug, Clone)]
pub struct Linker {
    /// `../../` (relative) or the base URL.
    prefix: String,
    /// The page's language folder (`id/`), or `""` for the default language.
    lang: String,
    pretty: bool,
}

impl Linker {
    /// The linker for the page at `page_path` (a folder path, or a file path such as
    /// `404.html`, including its language folder), whose language lives under `lang_prefix`.
    ///
    /// Web servers show `404.html` at whatever address was not found, where relative links
    /// would lead nowhere; so without `base_url` its links start at the server's root (`/`),
    /// which is right for a site published at the root of its domain.
    pub fn new(base_url: Option<&str>, page_path: &str, lang_prefix: &str) -> Linker {
        let not_found = page_path.ends_with(NOT_FOUND_PAGE);
        match base_url {
            Some(base) => Linker {
                prefix: base.to_string(),
                lang: lang_prefix.to_string(),
                pretty: true,
            },
            None if not_found => Linker {
                prefix: "/".to_string(),
                lang: lang_prefix.to_string(),
                pretty: true,
            },
            None => Linker {
                prefix: "../".repeat(page_path.matches('/').count()),
                lang: lang_prefix.to_string(),
                pretty: false,
            },
        }
    }

    /// The href of the page at folder `path`, in the page's own language.
    pub fn href(&self, path: &str) -> String {
        self.href_in(&self.lang, path)
    }

    /// The href of the page at folder `path` in the language under `lang_prefix`.
    pub fn href_in(&self, lang_prefix: &str, path: &str) -> String {
        if self.pretty {
            format!("{}{lang_prefix}{path}", self.prefix)
        } else {
            format!("{}{lang_prefix}{path}index.html", self.prefix)
        }
    }

    /// What an href to a page ends in: `index.html` for a site of relative links, else nothing.
    pub fn index_file(&self) -> &'static str {
        if self.pretty {
            ""
        } else {
            "index.html"
        }
    }

    /// The href of the file at `path` (an asset).
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }
}

pub fn section(section: Section) -> String {
    format!("{}/", section.slug())
}

pub fn roadmap(site: &Site, r: usize) -> String {
    format!("roadmaps/{}/", site.roadmaps[r].id)
}

pub fn stage(site: &Site, r: usize, s: usize) -> String {
    format!(
        "roadmaps/{}/{}/",
        site.roadmaps[r].id, site.roadmaps[r].stages[s].id
    )
}

pub fn module(site: &Site, m: usize) -> String {
    format!("modules/{}/", site.modules[m].id)
}

pub fn framework(site: &Site, f: usize) -> String {
    format!("competencies/{}/", site.frameworks[f].id)
}

/// The curriculum map of framework `f`: `curriculum/<framework>/`.
pub fn curriculum_framework(site: &Site, f: usize) -> String {
    format!("curriculum/{}/", site.frameworks[f].id)
}

pub fn competency(site: &Site, f: usize, c: usize) -> String {
    format!(
        "competencies/{}/{}/",
        site.frameworks[f].id, site.frameworks[f].competencies[c].id
    )
}

pub fn scale(site: &Site, s: usize) -> String {
    format!("scales/{}/", site.scales[s].id)
}

pub fn page(site: &Site, p: usize) -> String {
    format!("{}/", site.pages[p].id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_hrefs_name_index_html() {
        let l = Linker::new(None, "roadmaps/teacher/growth/", "");
        assert_eq!(l.href(""), "../../../index.html");
        assert_eq!(l.href("modules/m/"), "../../../modules/m/index.html");
        assert_eq!(l.file("assets/style.css"), "../../../assets/style.css");
        assert_eq!(Linker::new(None, "", "").href("about/"), "about/index.html");
        let not_found = Linker::new(None, "404.html", "");
        assert_eq!(not_found.href("modules/"), "/modules/");
        assert_eq!(not_found.file("assets/a.css"), "/assets/a.css");
        assert_eq!(Linker::new(None, "id/404.html", "id/").href(""), "/id/");
        let id = Linker::new(None, "id/roadmaps/t/", "id/");
        assert_eq!(id.href("modules/"), "../../../id/modules/index.html");
        assert_eq!(
            id.href_in("", "roadmaps/t/"),
            "../../../roadmaps/t/index.html"
        );
        assert_eq!(id.file("assets/a.css"), "../../../assets/a.css");
    }

    #[test]
    fn absolute_hrefs_with_base_url() {
        let l = Linker::new(Some("https://example.org/karier/"), "roadmaps/t/", "");
        assert_eq!(
            l.href("modules/m/"),
            "https://example.org/karier/modules/m/"
        );
        assert_eq!(l.href(""), "https://example.org/karier/");
    }
}
