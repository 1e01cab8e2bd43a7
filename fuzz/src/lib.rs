//! What the fuzz targets share: building an in-memory site around one fuzzed file, running it
//! through resolve and render, and the property every built page must have: no script, event
//! handler or dangerous URL that came from content.
//!
//! Nothing here writes to disk: the site is a [`Loaded`] assembled in memory, exactly what
//! `jenjang::load::load` would return for a folder holding these files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use jenjang::load::raw::{RawFramework, RawModule, RawRoadmap, RawScale, RawSite};
use jenjang::load::{page, yaml, Doc, Loaded, PageDoc};
use jenjang::render::Renderer;
use jenjang::resolve::{self, Options};

/// The kinds of content file a fuzzed text can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Roadmap,
    Module,
    Framework,
    Scale,
    Page,
}

impl Kind {
    /// The kind a selector byte picks.
    pub fn from_byte(b: u8) -> Kind {
        match b % 5 {
            0 => Kind::Roadmap,
            1 => Kind::Module,
            2 => Kind::Framework,
            3 => Kind::Scale,
            _ => Kind::Page,
        }
    }

    pub fn file(self) -> &'static str {
        match self {
            Kind::Roadmap => "content/roadmaps/fuzz.yaml",
            Kind::Module => "content/modules/fuzz.yaml",
            Kind::Framework => "content/competencies/fuzz.yaml",
            Kind::Scale => "content/scales/fuzz.yaml",
            Kind::Page => "content/pages/fuzz.md",
        }
    }
}

/// A small valid site the fuzzed file joins, so that its references can resolve.
const SITE: &str = "title: Fuzz site\nmenu:\n  - {title: About, page: about}\n  - {title: Roadmaps, section: roadmaps}\n";
const ROADMAP: &str = "title: Career\nstages:\n  - id: start\n    title: Start\n    checklist: [Do it]\n  - id: end\n    title: End\n";
const MODULE: &str = "title: Workshop\nduration: 2 weeks\ncompetencies: [skills/teaching]\n";
const FRAMEWORK: &str = "title: Skills\nlevels:\n  - {id: basic, title: Basic}\ncompetencies:\n  - id: teaching\n    title: Teaching\n";
const SCALE: &str = "title: Grades\nbands:\n  - {min: 0, score: 1, label: Low}\n  - {min: 50, score: 2, label: High}\n";
const PAGE: &str = "---\ntitle: About\n---\nAbout *us*.\n";

fn doc<T>(file: &str, raw: T, spans: yaml::SpanIndex) -> Doc<T> {
    Doc {
        id: Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string(),
        file: PathBuf::from(file),
        raw,
        spans,
    }
}

fn parse_ok<
    T: serde::de::DeserializeOwned + jenjang::load::raw::Nesting + jenjang::load::shape::Shaped,
>(
    file: &str,
    text: &str,
) -> Doc<T> {
    let (raw, spans) = yaml::parse_text::<T>(Path::new(file), &Arc::from(text))
        .unwrap_or_else(|e| panic!("the fixed file {file} parses: {e:?}"));
    doc(file, raw, spans)
}

/// The fixed site: `site.yaml` (unless `with_site` is false), one file of each kind.
pub fn base_site(with_site: bool) -> Loaded {
    let (meta, spans, body) = page::parse(Path::new("content/pages/about.md"), &Arc::from(PAGE))
        .expect("the fixed page parses");
    Loaded {
        root: PathBuf::from("/nonexistent-fuzz-site"),
        site: with_site.then(|| parse_ok::<RawSite>("site.yaml", SITE)),
        roadmaps: vec![Arc::new(parse_ok::<RawRoadmap>(
            "content/roadmaps/career.yaml",
            ROADMAP,
        ))],
        modules: vec![Arc::new(parse_ok::<RawModule>(
            "content/modules/workshop.yaml",
            MODULE,
        ))],
        frameworks: vec![Arc::new(parse_ok::<RawFramework>(
            "content/competencies/skills.yaml",
            FRAMEWORK,
        ))],
        scales: vec![Arc::new(parse_ok::<RawScale>(
            "content/scales/grades.yaml",
            SCALE,
        ))],
        pages: vec![Arc::new(PageDoc {
            doc: doc("content/pages/about.md", meta, spans),
            body,
            lang: None,
        })],
        ..Loaded::default()
    }
}

/// Parses `text` as a file of `kind` and adds it to `loaded`. Returns false (after checking
/// the diagnostics) when it does not parse.
pub fn add_file(loaded: &mut Loaded, kind: Kind, text: &str) -> bool {
    let file = kind.file();
    let path = Path::new(file);
    macro_rules! add {
        ($ty:ty, $field:ident) => {
            match yaml::parse_text::<$ty>(path, &Arc::from(&*text)) {
                Ok((raw, spans)) => loaded.$field.push(Arc::new(doc(file, raw, spans))),
                Err(errs) => {
                    check_diagnostics(&errs, text);
                    return false;
                }
            }
        };
    }
    match kind {
        Kind::Roadmap => add!(RawRoadmap, roadmaps),
        Kind::Module => add!(RawModule, modules),
        Kind::Framework => add!(RawFramework, frameworks),
        Kind::Scale => add!(RawScale, scales),
        Kind::Page => match page::parse(path, &Arc::from(text)) {
            Ok((raw, spans, body)) => loaded.pages.push(Arc::new(PageDoc {
                doc: doc(file, raw, spans),
                body,
                lang: None,
            })),
            Err(errs) => {
                check_diagnostics(&errs, text);
                return false;
            }
        },
    }
    true
}

/// Every parse error names its file and a position inside the text.
pub fn check_diagnostics(diagnostics: &[jenjang::diagnostics::Diagnostic], text: &str) {
    assert!(!diagnostics.is_empty(), "a failed parse has a diagnostic");
    for d in diagnostics {
        assert!(d.file.is_some(), "no file in {d:?}");
        let pos = d.pos.unwrap_or_else(|| panic!("no position in {d:?}"));
        assert!(pos.line >= 1, "line 0 in {d:?}");
        assert!(
            pos.offset <= text.len() + 3,
            "offset {} past the end ({}) in {d:?}",
            pos.offset,
            text.len()
        );
        // Rendering with the source line (what the CLI prints) must not panic either.
        let _ = d.render(Some(text), false);
    }
}

fn renderer() -> &'static Renderer {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    RENDERER.get_or_init(|| {
        let theme = jenjang::theme::load(Path::new("/nonexistent-fuzz-site"), None)
            .expect("the default theme loads");
        Renderer::new(theme).unwrap_or_else(|_| panic!("the default theme's templates parse"))
    })
}

/// Resolves `loaded`; when that succeeds, renders it and checks every HTML page. Diagnostics
/// of `file` must have positions.
pub fn resolve_and_render(loaded: &Loaded, sources: &[(&str, &str)]) {
    let resolved = resolve::resolve(loaded, Options::default());
    for d in &resolved.diagnostics {
        // Diagnostics about a file name it, and show with the file's text without panicking.
        if let Some(file) = &d.file {
            let text = sources
                .iter()
                .find(|(f, _)| Path::new(f) == file)
                .map(|(_, t)| *t);
            let _ = d.render(text, false);
        }
    }
    let Some(site) = resolved.site else {
        assert!(
            resolved.diagnostics.iter().any(|d| d.is_error()),
            "no site and no error"
        );
        return;
    };
    let allow_raw_html = site.config.allow_raw_html;
    match renderer().render(&site) {
        Ok((outputs, _pages)) => {
            if allow_raw_html {
                return;
            }
            for out in outputs.iter().filter(|o| o.path.ends_with(".html")) {
                let html = std::str::from_utf8(&out.bytes).expect("pages are UTF-8");
                if let Err(e) = check_page(html, site.config.base_url.as_deref()) {
                    panic!("{}: {e}\n{html}", out.path);
                }
            }
        }
        Err(errs) => panic!("a resolved site fails to render: {errs:?}"),
    }
}

/// The property of a built page: no script, event handler, frame or dangerous URL except the
/// theme's own (scripts from the site's `assets/`, JSON data blocks that parse). `base_url` is
/// the site's (`site.config.base_url`): absolute script addresses are the theme's only under it.
pub fn check_page(html: &str, base_url: Option<&str>) -> Result<(), String> {
    check_html(&scraper::Html::parse_document(html), base_url)
}

/// The property of one Markdown field's HTML (a fragment).
pub fn check_fragment(html: &str) -> Result<(), String> {
    check_html(&scraper::Html::parse_fragment(html), None)
}

fn check_html(doc: &scraper::Html, base_url: Option<&str>) -> Result<(), String> {
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name();
        match name {
            "script" => {
                let kind = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
                if kind == "application/ld+json" || kind == "application/json" {
                    let text: String = scraper::ElementRef::wrap(node)
                        .map(|e| e.text().collect())
                        .unwrap_or_default();
                    if serde_json::from_str::<serde_json::Value>(&text).is_err() {
                        return Err(format!("a JSON script block does not parse: {text:?}"));
                    }
                } else {
                    match el.attr("src") {
                        Some(src) if is_asset(src, base_url) => {}
                        _ => return Err(format!("a script element: {el:?}")),
                    }
                }
            }
            // Forms are the theme's (the search box); content cannot make one, and their
            // `action` is checked with the other URLs below.
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "base" | "style" => {
                return Err(format!("a <{name}> element: {el:?}"))
            }
            "meta" if el.attr("http-equiv").is_some() => {
                let equiv = el.attr("http-equiv").unwrap_or("").to_ascii_lowercase();
                if equiv != "content-security-policy" {
                    return Err(format!("a <meta http-equiv> element: {el:?}"));
                }
            }
            _ => {}
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                return Err(format!("an event handler attribute {attr}: {el:?}"));
            }
            if matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "srcset"
                    | "poster"
                    | "data"
            ) && dangerous_url(value)
            {
                return Err(format!("a dangerous URL in {attr}: {value:?}"));
            }
        }
    }
    Ok(())
}

/// True for a URL whose scheme runs code or hides a document: `javascript:`, `vbscript:`,
/// `data:` — as a browser reads it (control characters and white space removed, any case).
pub fn dangerous_url(value: &str) -> bool {
    let cleaned: String = value
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

/// A theme script: a file under the output's `assets/` folder, named relatively
/// (`../assets/x.js`), from the root (`/assets/x.js`) or under the site's `base_url`
/// (`https://example.org/karier/assets/x.js`). Another host, a protocol-relative address
/// (`//evil.example/assets/x.js`) or a path that climbs out of `assets/` is not.
fn is_asset(src: &str, base_url: Option<&str>) -> bool {
    let path = src.split(['?', '#']).next().unwrap_or("");
    let path = if path.starts_with("http://") || path.starts_with("https://") {
        match base_url.and_then(|base| path.strip_prefix(base.trim_end_matches('/'))) {
            Some(rest) if rest.starts_with('/') => rest,
            _ => return false,
        }
    } else if path.starts_with("//") {
        return false;
    } else {
        path
    };
    let mut trimmed = path.strip_prefix('/').unwrap_or(path);
    while let Some(rest) = trimmed.strip_prefix("../") {
        trimmed = rest;
    }
    trimmed.starts_with("assets/") && !trimmed.contains("..") && !trimmed.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_scripts_are_assets() {
        let base = Some("https://example.org/karier/");
        for src in [
            "assets/jenjang.js",
            "../../assets/search.js",
            "/assets/x.js",
            "https://example.org/karier/assets/jenjang.js",
            "https://example.org/karier/assets/jenjang.js?v=1",
        ] {
            assert!(is_asset(src, base), "{src}");
        }
        for src in [
            "x.js",
            "javascript:alert(1)",
            "assets/../x.js",
            "data:text/javascript,1",
            "https://evil.example/assets/x.js",
            "https://example.org/assets/x.js",
            "https://example.org/karier-evil/assets/x.js",
            "//evil.example/assets/x.js",
            "../evil/assets/x.js",
        ] {
            assert!(!is_asset(src, base), "{src}");
        }
        assert!(!is_asset("https://example.org/karier/assets/x.js", None));
        assert!(dangerous_url(" \tJaVa\u{14}Script:x"));
        assert!(!dangerous_url("https://example.org/javascript:"));
    }
}
