//! Translations of free pages: `content/pages/about.id.md` is the Indonesian version of
//! `about.md`, with its own front matter (title, summary) and Markdown body.

use super::config::Base;
use super::{Cx, Ids};
use crate::diagnostics::{Code, Diagnostic};
use crate::load::PageDoc;
use crate::model::Page;

/// Adds every translation in `docs` to its page, and warns about each page that lacks one of
/// the site's languages.
pub fn translate(
    pages: &mut [Page],
    ids: &Ids,
    docs: &[&PageDoc],
    base: &Base,
    diags: &mut Vec<Diagnostic>,
) {
    for doc in docs {
        let Some(lang) = doc.lang.as_deref() else {
            continue;
        };
        let file = &doc.doc.file;
        let Some(&index) = ids.pages.get(&doc.doc.id) else {
            diags.push(
                Diagnostic::error(
                    Code::Reference,
                    format!(
                        "a translation of the page `{}`, which does not exist",
                        doc.doc.id
                    ),
                )
                .in_file(file.clone())
                .hint(format!(
                    "a translation is named after its page: `{}.md` and `{}.{lang}.md` side by side",
                    doc.doc.id, doc.doc.id
                )),
            );
            continue;
        };
        if lang == base.language || !base.languages.iter().any(|l| l == lang) {
            let what = if lang == base.language {
                format!("`{lang}` is the site's default language")
            } else {
                format!(
                    "`{lang}` is not one of the site's languages ({})",
                    base.languages.join(", ")
                )
            };
            diags.push(
                Diagnostic::warning(Code::Shape, format!("{what}: this translation is not used"))
                    .in_file(file.clone())
                    .hint("add the language to `languages:` in site.yaml, or remove the file"),
            );
            continue;
        }
        let page = &mut pages[index];
        if let Some((_, first)) = page.translations.iter().find(|(l, _)| l == lang) {
            diags.push(
                Diagnostic::error(
                    Code::Duplicate,
                    format!("the page `{}` already has a `{lang}` translation", page.id),
                )
                .in_file(file.clone())
                .hint(format!(
                    "{} is that translation (sub-folders are not part of an id): remove one of the files",
                    first.display()
                )),
            );
            continue;
        }
        let mut cx = Cx::new(file, &doc.doc.spans, base, diags);
        let title = cx.text(&doc.doc.raw.title, "title");
        page.title
            .translations
            .insert(lang.to_string(), title.get(lang).to_string());
        if let Some(summary) = cx.summary(doc.doc.raw.summary.as_ref(), "summary") {
            match &mut page.summary {
                Some(own) => {
                    own.html
                        .translations
                        .insert(lang.to_string(), summary.html.get(lang).to_string());
                    own.plain
                        .translations
                        .insert(lang.to_string(), summary.plain.get(lang).to_string());
                }
                None => {
                    cx.warning(
                        Code::Shape,
                        "summary",
                        format!("{} has no summary to translate", page.file.display()),
                    )
                    .hint("give the page a summary too, or remove this one");
                }
            }
        }
        if doc.doc.raw.order.is_some() {
            cx.warning(
                Code::Shape,
                "order",
                format!(
                    "a translation is sorted by the order of {}",
                    page.file.display()
                ),
            )
            .hint("remove `order:` here, and set it in the page itself");
        }
        // A translation edited later than its page makes the page's date the later one.
        if let Some(updated) = doc
            .doc
            .raw
            .updated
            .as_ref()
            .and_then(|u| cx.date(u, "updated"))
        {
            page.updated = page.updated.max(Some(updated));
        }
        let body = cx.markdown_source(&doc.body, &format!("page-{}-{lang}", page.id));
        page.body
            .translations
            .insert(lang.to_string(), body.default);
        page.translations.push((lang.to_string(), file.clone()));
    }
    for page in pages.iter_mut() {
        page.translations
            .sort_by_key(|(lang, _)| base.languages.iter().position(|l| l == lang));
        let missing: Vec<&str> = base
            .languages
            .iter()
            .filter(|l| **l != base.language && !page.translations.iter().any(|(t, _)| t == *l))
            .map(String::as_str)
            .collect();
        if missing.is_empty() {
            continue;
        }
        let stem = page.file.with_extension("");
        diags.push(
            Diagnostic::warning(
                Code::Shape,
                format!("no translation for {} of this page", missing.join(", ")),
            )
            .in_file(page.file.clone())
            .hint(format!(
                "add {}; until then the default-language page is shown",
                missing
                    .iter()
                    .map(|l| format!("`{}.{l}.md`", stem.display()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
}
