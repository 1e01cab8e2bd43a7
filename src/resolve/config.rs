//! `site.yaml`: the languages and settings everything else needs first, then the menu and the
//! default progress scale once the other ids are known.

use std::path::{Component, PathBuf};
use std::sync::Arc;

use super::{Cx, Ids};
use crate::diagnostics::{hint_for, Code, Diagnostic};
use crate::load::raw::RawSite;
use crate::load::yaml::SpanIndex;
use crate::load::Doc;
use crate::markdown;
use crate::model::{Config, MenuEntry, MenuTarget, Section};

/// The settings resolvers need while they work: languages and whether raw HTML is allowed.
#[derive(Debug, Clone)]
pub struct Base {
    pub language: String,
    pub languages: Vec<String>,
    pub allow_raw_html: bool,
    /// Markdown rendered by earlier builds.
    pub markdown: Arc<markdown::Cache>,
}

impl Base {
    /// Reads the languages from `site.yaml` (English when the file is missing or broken, so the
    /// rest of the site can still be checked).
    pub fn resolve(
        doc: Option<&Doc<RawSite>>,
        markdown: Arc<markdown::Cache>,
        diags: &mut Vec<Diagnostic>,
    ) -> Base {
        let Some(doc) = doc else {
            return Base {
                language: "en".into(),
                languages: vec!["en".into()],
                allow_raw_html: false,
                markdown,
            };
        };
        let raw = &doc.raw;
        let mut report = |path: &str, message: String, hint: String| {
            diags.push(
                Diagnostic::error(Code::Config, message)
                    .at(&doc.file, doc.spans.value(path))
                    .hint(hint),
            );
        };
        let language = raw
            .language
            .as_ref()
            .map_or_else(|| "en".to_string(), |l| l.0.clone());
        if !is_language_code(&language) {
            report(
                "language",
                format!("`{language}` is not a language code"),
                "use a code such as `en` or `id`".into(),
            );
        }
        let mut languages = vec![language.clone()];
        for (i, l) in raw.languages.iter().flatten().enumerate() {
            if !is_language_code(&l.0) {
                report(
                    &format!("languages/{i}"),
                    format!("`{}` is not a language code", l.0),
                    "use codes such as `en` or `id`".into(),
                );
            } else if !languages.contains(&l.0) {
                languages.push(l.0.clone());
            }
        }
        if raw
            .languages
            .as_ref()
            .is_some_and(|ls| !ls.iter().any(|l| l.0 == language))
        {
            report(
                "languages",
                format!("`languages` does not include the default language `{language}`"),
                format!("add `{language}` to the list, or change `language:`"),
            );
        }
        Base {
            language,
            languages,
            allow_raw_html: raw.allow_raw_html.unwrap_or(false),
            markdown,
        }
    }
}

fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Builds the [`Config`]: the base settings plus the menu and the progress scale, whose
/// references can be checked only once every id is known. `None` when `site.yaml` is missing
/// or did not parse.
pub fn finish(
    base: Base,
    doc: Option<&Doc<RawSite>>,
    ids: &Ids,
    diags: &mut Vec<Diagnostic>,
) -> Option<Config> {
    let doc = doc?;
    let raw = &doc.raw;
    let spans: &SpanIndex = &doc.spans;
    let mut cx = Cx::new(&doc.file, spans, &base, diags);

    let base_url = raw.base_url.as_ref().and_then(|u| {
        let url = u.as_str().trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            cx.error(Code::Config, "base_url", format!("`{url}` is not an absolute web address"))
                .hint("write the address the site is published at, e.g. `https://example.org/karier/`, or remove base_url to get a site of relative links");
            return None;
        }
        Some(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
    });

    let output = raw.output.as_ref().and_then(|o| {
        let path = PathBuf::from(o.as_str().trim());
        let inside = path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
            && path.components().any(|c| matches!(c, Component::Normal(_)));
        if !inside {
            cx.error(
                Code::Config,
                "output",
                format!("`{}` is not a folder inside the site", path.display()),
            )
            .hint("write a relative path without `..`, such as `public`; to build elsewhere, pass --output on the command line");
            return None;
        }
        Some(path)
    });
    let theme = raw.theme.as_ref().map(|t| t.0.clone()).filter(|t| {
        let ok = super::context::is_valid_id(t);
        if !ok {
            cx.error(Code::Config, "theme", format!("`{t}` is not a valid theme name"))
                .hint("theme names are folder names under themes/: lower-case letters, digits and hyphens");
        }
        ok
    });

    let mut menu = Vec::new();
    for (i, entry) in raw.menu.iter().flatten().enumerate() {
        let path = format!("menu/{i}");
        let title = cx.text(&entry.title, &format!("{path}/title"));
        let given = [
            entry.page.is_some(),
            entry.section.is_some(),
            entry.url.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if given != 1 {
            cx.error(
                Code::Config,
                &path,
                "a menu entry needs exactly one of `page`, `section` or `url`",
            )
            .hint("e.g. `{title: About, page: about}` or `{title: Roadmaps, section: roadmaps}`");
            continue;
        }
        let target = if let Some(page) = &entry.page {
            match ids.pages.get(page.as_str()) {
                Some(&p) => MenuTarget::Page(p),
                None => {
                    if !ids.is_broken("pages", page.as_str()) {
                        let candidates: Vec<&str> = ids
                            .pages
                            .keys()
                            .map(String::as_str)
                            .chain(ids.broken.iter().filter_map(|b| b.strip_prefix("pages/")))
                            .collect();
                        let hint = hint_for(page.as_str(), &candidates, "pages");
                        cx.error(
                            Code::Reference,
                            &format!("{path}/page"),
                            format!("there is no page `{}`", page.as_str()),
                        )
                        .hint(format!(
                            "{hint} (pages are the .md files in content/pages/)"
                        ));
                    }
                    continue;
                }
            }
        } else if let Some(section) = &entry.section {
            match Section::ALL.iter().find(|s| s.slug() == section.as_str()) {
                Some(s) => MenuTarget::Section(*s),
                None => {
                    let names: Vec<&str> = Section::ALL.iter().map(|s| s.slug()).collect();
                    let hint = hint_for(section.as_str(), &names, "sections");
                    cx.error(
                        Code::Reference,
                        &format!("{path}/section"),
                        format!("there is no section `{}`", section.as_str()),
                    )
                    .hint(hint);
                    continue;
                }
            }
        } else {
            match entry
                .url
                .as_ref()
                .and_then(|u| cx.url(u, &format!("{path}/url")))
            {
                Some(u) => MenuTarget::Url(u),
                None => continue,
            }
        };
        menu.push(MenuEntry { title, target });
    }

    let progress_scale = raw
        .progress
        .as_ref()
        .and_then(|p| p.scale.as_ref())
        .and_then(|s| scale_ref(&mut cx, ids, s.as_str(), "progress/scale"));

    let updated = raw.updated.as_ref().and_then(|u| cx.date(u, "updated"));
    let title = cx.text(&raw.title, "title");
    let id = match &raw.id {
        Some(id) => cx.id(id, "id"),
        None => super::checklist::slug(&title.default),
    };
    Some(Config {
        id,
        description: cx.markdown_opt(raw.description.as_ref(), "description"),
        updated,
        title,
        summary: cx.summary(raw.summary.as_ref(), "summary"),
        base_url,
        language: base.language.clone(),
        languages: base.languages.clone(),
        publisher: cx.party(raw.publisher.as_ref(), "publisher"),
        theme,
        output,
        menu,
        progress_scale,
        allow_raw_html: base.allow_raw_html,
    })
}

/// Resolves a scale id at `path`, reporting a dangling one.
pub fn scale_ref(cx: &mut Cx, ids: &Ids, id: &str, path: &str) -> Option<usize> {
    if let Some(&s) = ids.scales.get(id) {
        return Some(s);
    }
    if !ids.is_broken("scales", id) {
        let candidates: Vec<&str> = ids.scales.keys().map(String::as_str).collect();
        let hint = hint_for(id, &candidates, "scales");
        cx.error(Code::Reference, path, format!("there is no scale `{id}`"))
            .hint(format!("{hint} (scales are the files in content/scales/)"));
    }
    None
}
