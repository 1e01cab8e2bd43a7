//! Themes: the default theme built into the binary, and a site's own theme layered over it.
//!
//! A theme is `templates/*.html` (Tera), `static/**` (copied to `assets/` in the output) and
//! `i18n/<lang>.yaml` (interface strings). A site theme in `themes/<name>/` replaces default
//! files of the same name and interface strings key by key; whatever it does not provide comes
//! from the default theme. Debug builds read the default theme from disk (so it can be edited
//! live), release builds embed it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;

use crate::diagnostics::{Code, Diagnostic};

#[derive(RustEmbed)]
#[folder = "themes/default/"]
struct DefaultTheme;

/// The name of the built-in theme.
pub const DEFAULT_THEME: &str = "default";

/// Languages the default theme has interface strings for.
pub fn builtin_languages() -> &'static [&'static str] {
    &["en", "id"]
}

/// A theme, merged over the default theme, ready to render with.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`stage.html`) → source.
    pub templates: BTreeMap<String, String>,
    /// Path below `static/` → bytes, copied to `assets/<path>` in the output.
    pub statics: BTreeMap<PathBuf, Vec<u8>>,
    /// Language → interface strings.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Every theme file read from the site's folder (for diagnostics and watching).
    pub files: Vec<PathBuf>,
}

impl Theme {
    /// The interface strings for `lang`, falling back key by key to English.
    pub fn strings_for(&self, lang: &str) -> BTreeMap<String, String> {
        let mut out = self.strings.get("en").cloned().unwrap_or_default();
        if let Some(own) = self.strings.get(lang) {
            out.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        out
    }

    /// True when the theme has interface strings for `lang`.
    pub fn has_language(&self, lang: &str) -> bool {
        self.strings.contains_key(lang)
    }
}

/// Loads the default theme, then the site's theme `name` from `root/themes/<name>/` over it.
/// A named theme other than `default` whose folder is missing is an error; so is a file that
/// cannot be read or an interface-string file that does not parse.
pub fn load(root: &Path, name: Option<&str>) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    let mut diags = Vec::new();
    for file in DefaultTheme::iter() {
        let Some(content) = DefaultTheme::get(&file) else {
            continue;
        };
        add(
            &mut theme,
            Path::new(file.as_ref()),
            content.data.into_owned(),
            Path::new("(built-in theme)"),
            &mut diags,
        );
    }
    let name = name.unwrap_or(DEFAULT_THEME);
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        for path in crate::load::walk_inside(&dir, root, &mut diags) {
            let rel = path.strip_prefix(&dir).unwrap_or(&path).to_path_buf();
            let shown = crate::diagnostics::relative(root, &path);
            match crate::load::read_static(&path, &shown) {
                Ok(bytes) => {
                    add(&mut theme, &rel, bytes, &shown, &mut diags);
                    theme.files.push(path);
                }
                Err(d) => diags.push(d),
            }
        }
    } else if name != DEFAULT_THEME {
        diags.push(
            Diagnostic::error(Code::Config, format!("there is no theme `{name}`"))
                .in_file(crate::load::SITE_FILE)
                .hint(format!(
                    "create {} or remove `theme:` from site.yaml to use the built-in theme",
                    Path::new("themes").join(name).display()
                )),
        );
    }
    if diags.is_empty() {
        Ok(theme)
    } else {
        Err(diags)
    }
}

/// A theme's script or style sheet without its comments and spare white space (the `minifier`
/// crate, as rustdoc uses it): the source stays commented, pages stay light. A file the
/// minifier cannot read, and every other file, is copied as it is.
fn minified(path: &Path, bytes: Vec<u8>) -> Vec<u8> {
    let kind = path.extension().and_then(|e| e.to_str());
    let out = match (kind, std::str::from_utf8(&bytes)) {
        (Some("js"), Ok(text)) => minifier::js::minify(text).map(|m| m.to_string()),
        (Some("css"), Ok(text)) => minifier::css::minify(text).map(|m| m.to_string()),
        _ => return bytes,
    };
    out.map_or(bytes, String::into_bytes)
}

fn add(theme: &mut Theme, rel: &Path, bytes: Vec<u8>, shown: &Path, diags: &mut Vec<Diagnostic>) {
    let mut parts = rel.components();
    let top = parts
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or("");
    let rest: PathBuf = parts.collect();
    match top {
        "templates" => match String::from_utf8(bytes) {
            Ok(text) => {
                let name = rest.to_string_lossy().replace('\\', "/");
                theme.templates.insert(name, text);
            }
            Err(_) => diags.push(
                Diagnostic::error(Code::Io, "the template is not valid UTF-8").in_file(shown),
            ),
        },
        "static" => {
            let bytes = minified(&rest, bytes);
            theme.statics.insert(rest, bytes);
        }
        "i18n" if rest.extension().is_some_and(|e| e == "yaml" || e == "yml") => {
            let lang = rest
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            let text = String::from_utf8_lossy(&bytes);
            match serde_yaml::from_str::<BTreeMap<String, String>>(&text) {
                Ok(map) => {
                    theme.strings.entry(lang).or_default().extend(map);
                }
                Err(e) => diags.push(
                    Diagnostic::error(Code::Syntax, format!("cannot read interface strings: {e}"))
                        .in_file(shown)
                        .hint("the file is a flat map of `key: \"text\"` lines"),
                ),
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_is_complete() {
        let theme = load(Path::new("/nonexistent"), None).unwrap();
        for t in [
            "base.html",
            "stage.html",
            "roadmap.html",
            "module.html",
            "curriculum.html",
            "curriculum_framework.html",
            "404.html",
        ] {
            assert!(theme.templates.contains_key(t), "{t}");
        }
        assert!(theme.statics.contains_key(Path::new("style.css")));
        for lang in builtin_languages() {
            assert!(theme.has_language(lang), "{lang}");
        }
        let en: Vec<_> = theme.strings["en"].keys().collect();
        let id: Vec<_> = theme.strings["id"].keys().collect();
        assert_eq!(en, id, "en and id interface strings have the same keys");
    }

    #[test]
    fn missing_named_theme_is_an_error() {
        let errs = load(Path::new("/nonexistent"), Some("fancy")).unwrap_err();
        assert!(errs[0].message.contains("no theme `fancy`"));
    }
}
