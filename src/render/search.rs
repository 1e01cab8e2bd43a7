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
use crate::model::{Checklist, Html, Localized, Site, Summary};

/// At most this many characters of each long field (descriptions) go into the index.
pub const FIELD_CHARS: usize = 280;

/// The entries of one language's index.
struct Docs<'a> {
    lang: &'a str,
    prefix: &'a str,
    docs: Vec<Value>,
}

impl Docs<'_> {
    fn text(&self, t: &Localized) -> String {
        t.get(self.lang).to_string()
    }

    fn html(&self, h: Option<&Html>) -> String {
        h.map(|h| cut(&markdown::html_to_text(h.get(self.lang))))
            .unwrap_or_default()
    }

    fn summary(&self, s: Option<&Summary>) -> String {
        s.map(|s| s.plain.get(self.lang).to_string())
            .unwrap_or_default()
    }

    fn path(&self, p: &str) -> String {
        format!("{}{p}", self.prefix)
    }

    fn push(
        &mut self,
        kind: &str,
        title: String,
        path: String,
        context: String,
        body: Vec<String>,
    ) {
        let body: Vec<String> = body.into_iter().filter(|s| !s.is_empty()).collect();
        self.docs
            .push(json!([kind, title, path, context, body.join(" ")]));
    }

    /// One entry per item of `checklist`, shown on the page at `page`.
    fn items(&mut self, checklist: &Checklist, page: &str, context: &str) {
        for item in &checklist.items {
            let key = format!("{}/{}", checklist.key, item.id);
            let text = self.text(&item.text);
            let evidence = self.html(item.evidence.as_ref());
            let anchor = format!("{page}#ck-{}", key.replace('/', "-"));
            self.push("item", text, anchor, context.to_string(), vec![evidence]);
        }
    }
}

/// The index of `site` in `lang`, whose pages live under `prefix` (`""` or `id/`), as the
/// script file's text.
pub fn index(site: &Site, lang: &str, prefix: &str) -> String {
    let mut d = Docs {
        lang,
        prefix,
        docs: Vec::new(),
    };
    for (ri, r) in site.roadmaps.iter().enumerate() {
        let roadmap_title = d.text(&r.title);
        let body = vec![
            d.summary(r.summary.as_ref()),
            d.html(r.description.as_ref()),
        ];
        let page = d.path(&urls::roadmap(site, ri));
        d.push("roadmap", roadmap_title.clone(), page, String::new(), body);
        for (si, s) in r.stages.iter().enumerate() {
            let page = d.path(&urls::stage(site, ri, si));
            let stage_title = d.text(&s.title);
            let body = vec![
                d.summary(s.summary.as_ref()),
                d.html(s.description.as_ref()),
                d.html(s.entry.as_ref()),
            ];
            d.push(
                "stage",
                stage_title.clone(),
                page.clone(),
                roadmap_title.clone(),
                body,
            );
            d.items(
                &s.checklist,
                &page,
                &format!("{stage_title} · {roadmap_title}"),
            );
        }
    }
    for (mi, m) in site.modules.iter().enumerate() {
        let page = d.path(&urls::module(site, mi));
        let module_title = d.text(&m.title);
        let mut body = vec![
            d.summary(m.summary.as_ref()),
            d.html(m.description.as_ref()),
        ];
        body.extend(m.outcomes.iter().map(|o| d.text(o)));
        d.push(
            "module",
            module_title.clone(),
            page.clone(),
            String::new(),
            body,
        );
        d.items(&m.checklist, &page, &module_title);
        for u in &m.units {
            let unit_title = d.text(&u.title);
            let mut body = vec![
                d.summary(u.summary.as_ref()),
                d.html(u.description.as_ref()),
            ];
            body.extend(u.topics.iter().map(|t| d.text(t)));
            let anchor = format!("{page}#unit-{}", u.id);
            d.push(
                "unit",
                unit_title.clone(),
                anchor,
                module_title.clone(),
                body,
            );
            d.items(
                &u.checklist,
                &page,
                &format!("{unit_title} · {module_title}"),
            );
        }
    }
    for (fi, f) in site.frameworks.iter().enumerate() {
        let framework_title = d.text(&f.title);
        let body = vec![
            d.summary(f.summary.as_ref()),
            d.html(f.description.as_ref()),
        ];
        let page = d.path(&urls::framework(site, fi));
        d.push(
            "framework",
            framework_title.clone(),
            page,
            String::new(),
            body,
        );
        for (ci, c) in f.competencies.iter().enumerate() {
            let mut body = vec![
                d.summary(c.summary.as_ref()),
                d.html(c.description.as_ref()),
            ];
            body.extend(c.indicators.iter().map(|i| d.text(&i.text)));
            body.extend(c.descriptors.iter().map(|x| d.html(x.as_ref())));
            let page = d.path(&urls::competency(site, fi, ci));
            d.push(
                "competency",
                d.text(&c.title),
                page,
                framework_title.clone(),
                body,
            );
        }
    }
    for (si, s) in site.scales.iter().enumerate() {
        let mut body = vec![
            d.summary(s.summary.as_ref()),
            d.html(s.description.as_ref()),
        ];
        body.extend(s.bands.iter().map(|b| d.text(&b.label)));
        let page = d.path(&urls::scale(site, si));
        d.push("scale", d.text(&s.title), page, String::new(), body);
    }
    for (pi, p) in site.pages.iter().enumerate() {
        let body = vec![d.summary(p.summary.as_ref()), d.html(Some(&p.body))];
        let page = d.path(&urls::page(site, pi));
        d.push("page", d.text(&p.title), page, String::new(), body);
    }
    let index = json!({"version": 1, "lang": lang, "docs": d.docs});
    format!(
        "window.jenjangSearch = {};\n",
        script_safe(&index.to_string())
    )
}

/// The output path of the index for the language under `prefix`.
pub fn path(prefix: &str) -> String {
    format!("{prefix}search-index.js")
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
