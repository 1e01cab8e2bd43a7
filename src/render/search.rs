//! The search index: a script file per language that the theme's search box loads when a
//! reader first uses it. It is a script, not JSON, because `fetch()` does not work from
//! `file://` and a `<script src>` does.
//!
//! The file sets `window.jenjangSearch` to
//! `{"version": 1, "lang": "en", "docs": [[kind, title, path, context, text], …]}`:
//! `kind` is one of `roadmap`, `stage`, `module`, `unit`, `framework`, `competency`, `item`,
//! `scale`, `page`; `path` is site-relative, with the language folder, and may end in a
//! `#fragment` (`roadmaps/t/exploration/#ck-t-exploration-mentor`); `context` names where the
//! entry lives (the roadmap of a stage, the stage of an item); `text` is the plain text searched
//! besides the title, each long field cut at [`FIELD_CHARS`] characters so that the index of a
//! large site stays loadable on a phone.

use serde_json::{json, Value};

use super::urls;
use crate::markdown;
use crate::model::{Checklist, Html, Localized, Site};

/// At most this many characters of each long field (descriptions) go into the index.
pub const FIELD_CHARS: usize = 280;

/// The index of `site` in `lang`, whose pages live under `prefix` (`""` or `id/`), as the
/// script file's text.
pub fn index(site: &Site, lang: &str, prefix: &str) -> String {
    let text = |t: &Localized| t.get(lang).to_string();
    let html = |h: Option<&Html>| {
        h.map(|h| cut(&markdown::html_to_text(h.get(lang))))
            .unwrap_or_default()
    };
    let path = |p: String| format!("{prefix}{p}");
    let mut docs: Vec<Value> = Vec::new();
    let mut push = |kind: &str, title: String, path: String, context: String, body: Vec<String>| {
        let body: Vec<String> = body.into_iter().filter(|s| !s.is_empty()).collect();
        docs.push(json!([kind, title, path, context, body.join(" ")]));
    };
    let items = |c: &Checklist,
                 page: &str,
                 context: &str,
                 push: &mut dyn FnMut(&str, String, String, String, Vec<String>)| {
        for item in &c.items {
            let key = format!("{}/{}", c.key, item.id);
            push(
                "item",
                text(&item.text),
                format!("{page}#ck-{}", key.replace('/', "-")),
                context.to_string(),
                vec![html(item.evidence.as_ref())],
            );
        }
    };

    for (ri, r) in site.roadmaps.iter().enumerate() {
        let roadmap_title = text(&r.title);
        push(
            "roadmap",
            roadmap_title.clone(),
            path(urls::roadmap(site, ri)),
            String::new(),
            vec![
                summary(r.summary.as_ref(), lang),
                html(r.description.as_ref()),
            ],
        );
        for (si, s) in r.stages.iter().enumerate() {
            let page = path(urls::stage(site, ri, si));
            let stage_title = text(&s.title);
            push(
                "stage",
                stage_title.clone(),
                page.clone(),
                roadmap_title.clone(),
                vec![
                    summary(s.summary.as_ref(), lang),
                    html(s.description.as_ref()),
                    html(s.entry.as_ref()),
                ],
            );
            items(
                &s.checklist,
                &page,
                &format!("{stage_title} · {roadmap_title}"),
                &mut push,
            );
        }
    }
    for (mi, m) in site.modules.iter().enumerate() {
        let page = path(urls::module(site, mi));
        let module_title = text(&m.title);
        let mut body = vec![
            summary(m.summary.as_ref(), lang),
            html(m.description.as_ref()),
        ];
        body.extend(m.outcomes.iter().map(text));
        push(
            "module",
            module_title.clone(),
            page.clone(),
            String::new(),
            body,
        );
        items(&m.checklist, &page, &module_title, &mut push);
        for u in &m.units {
            let unit_page = format!("{page}#unit-{}", u.id);
            let mut body = vec![
                summary(u.summary.as_ref(), lang),
                html(u.description.as_ref()),
            ];
            body.extend(u.topics.iter().map(text));
            let unit_title = text(&u.title);
            push(
                "unit",
                unit_title.clone(),
                unit_page,
                module_title.clone(),
                body,
            );
            items(
                &u.checklist,
                &page,
                &format!("{unit_title} · {module_title}"),
                &mut push,
            );
        }
    }
    for (fi, f) in site.frameworks.iter().enumerate() {
        let framework_title = text(&f.title);
        push(
            "framework",
            framework_title.clone(),
            path(urls::framework(site, fi)),
            String::new(),
            vec![
                summary(f.summary.as_ref(), lang),
                html(f.description.as_ref()),
            ],
        );
        for (ci, c) in f.competencies.iter().enumerate() {
            let mut body = vec![
                summary(c.summary.as_ref(), lang),
                html(c.description.as_ref()),
            ];
            body.extend(c.indicators.iter().map(|i| text(&i.text)));
            body.extend(c.descriptors.iter().map(|d| html(d.as_ref())));
            push(
                "competency",
                text(&c.title),
                path(urls::competency(site, fi, ci)),
                framework_title.clone(),
                body,
            );
        }
    }
    for (si, s) in site.scales.iter().enumerate() {
        let mut body = vec![
            summary(s.summary.as_ref(), lang),
            html(s.description.as_ref()),
        ];
        body.extend(s.bands.iter().map(|b| text(&b.label)));
        push(
            "scale",
            text(&s.title),
            path(urls::scale(site, si)),
            String::new(),
            body,
        );
    }
    for (pi, p) in site.pages.iter().enumerate() {
        push(
            "page",
            text(&p.title),
            path(urls::page(site, pi)),
            String::new(),
            vec![
                summary(p.summary.as_ref(), lang),
                cut(&markdown::html_to_text(p.body.get(lang))),
            ],
        );
    }
    let index = json!({"version": 1, "lang": lang, "docs": docs});
    format!(
        "window.jenjangSearch = {};\n",
        script_safe(&index.to_string())
    )
}

/// The output path of the index for the language under `prefix`.
pub fn path(prefix: &str) -> String {
    format!("{prefix}search-index.js")
}

fn summary(s: Option<&crate::model::Summary>, lang: &str) -> String {
    s.map(|s| s.plain.get(lang).to_string()).unwrap_or_default()
}

/// `s` cut at [`FIELD_CHARS`] characters, at a word boundary.
fn cut(s: &str) -> String {
    if s.chars().count() <= FIELD_CHARS {
        return s.to_string();
    }
    let mut out: String = s.chars().take(FIELD_CHARS).collect();
    if let Some(space) = out.rfind(' ') {
        out.truncate(space);
    }
    out
}

/// JSON made safe inside a script file that a page loads: `<` is escaped so that the text can
/// never be read as `</script>` if the index is ever inlined.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_long_fields_at_a_word() {
        let long = "word ".repeat(100);
        let c = cut(&long);
        assert!(c.chars().count() <= FIELD_CHARS);
        assert!(c.ends_with("word"));
        assert_eq!(cut("short"), "short");
    }

    #[test]
    fn escapes_script_breakers() {
        assert_eq!(
            script_safe(r#"{"t":"</script>"}"#),
            r#"{"t":"\u003c/script>"}"#
        );
    }
}
