//! The per-file helper every resolver uses: reporting with positions, and turning raw text,
//! Markdown, ids, durations and sources into model values.

use std::path::Path;

use super::config::Base;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::raw::{OrFull, RawParty, RawSource, RawText, Scalar};
use crate::load::yaml::SpanIndex;
use crate::markdown;
use crate::model::{Date, Duration, Html, Localized, Party, Source, Summary, Text};

/// Page ids that would collide with the folders and files the generator writes.
pub const RESERVED_PAGE_IDS: [&str; 7] = [
    "roadmaps",
    "modules",
    "competencies",
    "scales",
    "curriculum",
    "assets",
    "index",
];

/// True when `id` matches `^[a-z0-9]+(-[a-z0-9]+)*$`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A diagnostic just reported, which can still take a hint.
pub struct Reported<'d>(&'d mut Diagnostic);

impl Reported<'_> {
    /// Adds the fix to suggest.
    pub fn hint(self, hint: impl Into<String>) {
        self.0.hint = Some(hint.into());
    }
}

/// Resolution state for one file.
pub struct Cx<'a> {
    pub file: &'a Path,
    pub spans: &'a SpanIndex,
    pub base: &'a Base,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    pub fn new(
        file: &'a Path,
        spans: &'a SpanIndex,
        base: &'a Base,
        diags: &'a mut Vec<Diagnostic>,
    ) -> Cx<'a> {
        Cx {
            file,
            spans,
            base,
            diags,
        }
    }

    /// Reports an error at the value at `path`; the returned diagnostic can take a hint.
    pub fn error(&mut self, code: Code, path: &str, message: impl Into<String>) -> Reported<'_> {
        let d = Diagnostic::error(code, message).at(self.file, self.spans.value(path));
        self.push(d)
    }

    /// Reports a warning at the value at `path`.
    pub fn warning(&mut self, code: Code, path: &str, message: impl Into<String>) -> Reported<'_> {
        let d = Diagnostic::warning(code, message).at(self.file, self.spans.value(path));
        self.push(d)
    }

    fn push(&mut self, d: Diagnostic) -> Reported<'_> {
        self.diags.push(d);
        Reported(self.diags.last_mut().expect("just pushed"))
    }

    /// Warns about a control character in `text` (the value at `path`), other than tab and
    /// line breaks: pages would show it as a box.
    fn control_characters(&mut self, text: &str, path: &str) {
        let found = text
            .chars()
            .enumerate()
            .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
        if let Some((at, c)) = found {
            let name = match c {
                '\u{0}' => " (null)",
                '\u{8}' => " (backspace)",
                '\u{b}' => " (vertical tab)",
                '\u{c}' => " (form feed)",
                '\u{1b}' => " (escape)",
                '\u{7f}' => " (delete)",
                _ => "",
            };
            let line = text[..text.char_indices().nth(at).map_or(0, |(i, _)| i)]
                .matches('\n')
                .count();
            self.warning(
                Code::Control,
                path,
                format!(
                    "the text holds the control character U+{:04X}{name} at character {} (line {} of the text)",
                    u32::from(c),
                    at + 1,
                    line + 1
                ),
            )
            .hint("delete it: pages would show it as a box (it often comes from copying out of a PDF or a word processor)");
        }
    }

    /// A text field. For a language map, warns about site languages it lacks.
    pub fn text(&mut self, raw: &RawText, path: &str) -> Text {
        match raw {
            RawText::Plain(s) => {
                self.control_characters(s, path);
                Localized::plain(s.clone())
            }
            RawText::Map(entries) => {
                for (lang, value) in entries {
                    self.control_characters(value, &format!("{path}/{lang}"));
                }
                let languages = &self.base.languages;
                for (lang, _) in entries {
                    if !languages.contains(lang) {
                        self.warning(
                            Code::Shape,
                            &format!("{path}/{lang}"),
                            format!(
                                "`{lang}` is not one of the site's languages ({})",
                                languages.join(", ")
                            ),
                        )
                        .hint("add it to `languages:` in site.yaml, or remove this translation");
                    }
                }
                let missing: Vec<&str> = languages
                    .iter()
                    .filter(|l| !entries.iter().any(|(k, _)| k == *l))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    let default = &self.base.language;
                    self.warning(
                        Code::Shape,
                        path,
                        format!("no translation for {}", missing.join(", ")),
                    )
                    .hint(format!(
                        "add {}; until then the {} text is shown",
                        missing
                            .iter()
                            .map(|l| format!("`{l}: …`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        if missing.contains(&default.as_str()) {
                            "first"
                        } else {
                            "default-language"
                        }
                    ));
                }
                let default = entries
                    .iter()
                    .find(|(k, _)| *k == self.base.language)
                    .or_else(|| entries.first())
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                Localized {
                    default,
                    translations: entries.iter().cloned().collect(),
                }
            }
        }
    }

    /// A Markdown field, rendered to HTML once.
    pub fn markdown(&mut self, raw: &RawText, path: &str) -> Html {
        let prefix = format!(
            "fn-{}-{}-",
            self.file.file_stem().and_then(|s| s.to_str()).unwrap_or(""),
            path.replace('/', "-")
        );
        let settings = markdown::Settings {
            allow_raw_html: self.base.allow_raw_html,
            id_prefix: &prefix,
        };
        let cache = &self.base.markdown;
        self.text(raw, path).map(|s| cache.render(s, settings))
    }

    /// An optional Markdown field.
    pub fn markdown_opt(&mut self, raw: Option<&RawText>, path: &str) -> Option<Html> {
        raw.map(|r| self.markdown(r, path))
    }

    /// Markdown that is not a YAML value (a page body).
    pub fn markdown_source(&self, source: &str, prefix: &str) -> Html {
        let prefix = format!("fn-{prefix}-");
        Localized::plain(self.base.markdown.render(
            source,
            markdown::Settings {
                allow_raw_html: self.base.allow_raw_html,
                id_prefix: &prefix,
            },
        ))
    }

    /// A `summary` field: HTML plus plain text.
    pub fn summary(&mut self, raw: Option<&RawText>, path: &str) -> Option<Summary> {
        let raw = raw?;
        let html = self.markdown(raw, path);
        let plain = match raw {
            RawText::Plain(s) => Localized::plain(markdown::plain_text(s)),
            RawText::Map(_) => self.text(raw, path).map(markdown::plain_text),
        };
        Some(Summary { html, plain })
    }

    /// An inner id (stage, unit, competency, level, item): checks its syntax.
    pub fn id(&mut self, raw: &Scalar, path: &str) -> String {
        let id = raw.as_str();
        if !is_valid_id(id) {
            let fixed = super::checklist::slug(id);
            self.error(Code::Id, path, format!("`{id}` is not a valid id"))
                .hint(format!(
                    "ids use lower-case letters, digits and single hyphens, e.g. `{fixed}`"
                ));
        }
        id.to_string()
    }

    pub fn duration(&mut self, raw: Option<&Scalar>, path: &str) -> Option<Duration> {
        let raw = raw?;
        match Duration::parse(raw.as_str()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(Code::Duration, path, e.0)
                    .hint("durations look like `8 months`, `2 weeks`, `90 minutes` or `2-4 years`");
                None
            }
        }
    }

    /// A calendar date written `YYYY-MM-DD`.
    pub fn date(&mut self, raw: &Scalar, path: &str) -> Option<Date> {
        match Date::parse(raw.as_str()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(Code::Shape, path, e)
                    .hint("write dates as `YYYY-MM-DD`, e.g. `2026-01-05`");
                None
            }
        }
    }

    /// A URL written by an author: must be absolute http(s), mailto, or a relative path.
    pub fn url(&mut self, raw: &Scalar, path: &str) -> Option<String> {
        let url = raw.as_str().trim();
        let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        match scheme {
            Some(s)
                if !["http", "https", "mailto", "tel"].contains(&s.as_str())
                    && !s.contains('/') =>
            {
                self.error(
                    Code::Shape,
                    path,
                    format!("`{url}` is not a web address jenjang links to"),
                )
                .hint("use an address starting with https://");
                None
            }
            _ => Some(url.to_string()),
        }
    }

    pub fn source(&mut self, raw: Option<&OrFull<RawSource>>, path: &str) -> Option<Source> {
        Some(match raw? {
            OrFull::Short(t) => Source {
                title: Some(self.text(t, path)),
                url: None,
                publisher: None,
                year: None,
            },
            OrFull::Full(s) => Source {
                title: s
                    .title
                    .as_ref()
                    .map(|t| self.text(t, &format!("{path}/title"))),
                url: s
                    .url
                    .as_ref()
                    .and_then(|u| self.url(u, &format!("{path}/url"))),
                publisher: s
                    .publisher
                    .as_ref()
                    .map(|t| self.text(t, &format!("{path}/publisher"))),
                year: s.year.as_ref().map(|y| y.0.clone()),
            },
        })
    }

    pub fn party(&mut self, raw: Option<&OrFull<RawParty>>, path: &str) -> Option<Party> {
        Some(match raw? {
            OrFull::Short(t) => Party {
                name: self.text(t, path),
                url: None,
            },
            OrFull::Full(p) => Party {
                name: self.text(&p.name, &format!("{path}/name")),
                url: p
                    .url
                    .as_ref()
                    .and_then(|u| self.url(u, &format!("{path}/url"))),
            },
        })
    }

    /// Reports ids that appear twice in one scope; `ids` are (id, path) in written order, `what`
    /// names one thing of the scope ("stage").
    pub fn unique_ids<'i>(&mut self, ids: impl IntoIterator<Item = (&'i str, String)>, what: &str) {
        let mut seen: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
        for (id, path) in ids {
            if let Some(first) = seen.get(id) {
                let first_line = self.spans.value(first).line;
                self.error(
                    Code::Duplicate,
                    &path,
                    format!("another {what} already has the id `{id}`"),
                )
                .hint(format!(
                    "the first is at line {first_line}; give each {what} its own id"
                ));
            } else {
                seen.insert(id, path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_syntax() {
        for ok in ["a", "pedagogical", "stage-2", "2024"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "A", "a_b", "-a", "a-", "a--b", "a/b", "..", "é"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
