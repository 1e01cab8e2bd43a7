//! Checklists: items in short or full form, explicit or derived ids.

use std::collections::HashSet;

use super::module::Refs;
use super::{framework, Cx};
use crate::diagnostics::Code;
use crate::load::raw::{OrFull, RawItem};
use crate::model::{Checklist, Item};

/// The slug of `text`: ASCII-folded, lower-case, runs of other characters as one hyphen.
/// `"Attend the first-term meeting!"` → `attend-the-first-term-meeting`.
pub fn slug(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("item");
    }
    out
}

/// Resolves the checklist at `path` whose progress key prefix is `key`.
///
/// Explicit ids must be valid and unique; derived ids are the slug of the text, made unique
/// with `-2`, `-3`… With `strict`, every item without an explicit id is a warning. An item's
/// `competencies` are resolved against `refs` like every other competency reference.
pub fn resolve(
    cx: &mut Cx,
    refs: &Refs,
    raw: &[OrFull<RawItem>],
    path: &str,
    key: String,
    strict: bool,
) -> Checklist {
    let explicit: Vec<(&str, String)> = raw
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item {
            OrFull::Full(RawItem { id: Some(id), .. }) => {
                Some((id.as_str(), format!("{path}/{i}/id")))
            }
            _ => None,
        })
        .collect();
    cx.unique_ids(
        explicit.iter().map(|(id, p)| (*id, p.clone())),
        "checklist item",
    );
    let mut taken: HashSet<String> = explicit.iter().map(|(id, _)| id.to_string()).collect();

    let mut items = Vec::with_capacity(raw.len());
    for (i, entry) in raw.iter().enumerate() {
        let item_path = format!("{path}/{i}");
        let (id, text, required, weight, evidence, competencies) = match entry {
            OrFull::Short(text) => (None, cx.text(text, &item_path), true, 1.0, None, Vec::new()),
            OrFull::Full(item) => {
                let weight = item.weight.unwrap_or(1.0);
                if !(weight.is_finite() && weight > 0.0) {
                    cx.error(Code::Shape, &format!("{item_path}/weight"), format!("a weight must be a number above 0, not {weight}"))
                        .hint("weights are relative: use 1 for an ordinary item, 2 for one that counts double");
                }
                (
                    item.id
                        .as_ref()
                        .map(|id| cx.id(id, &format!("{item_path}/id"))),
                    cx.text(&item.text, &format!("{item_path}/text")),
                    item.required.unwrap_or(true),
                    weight,
                    cx.markdown_opt(item.evidence.as_ref(), &format!("{item_path}/evidence")),
                    framework::references(
                        cx,
                        refs.ids,
                        refs.frameworks,
                        &item.competencies,
                        &format!("{item_path}/competencies"),
                    ),
                )
            }
        };
        let explicit_id = id.is_some();
        let id = id.unwrap_or_else(|| {
            let base = slug(&text.default);
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.contains(&candidate) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            taken.insert(candidate.clone());
            if strict {
                cx.warning(Code::ItemId, &item_path, format!("this item has no explicit id (derived: `{candidate}`)"))
                    .hint(format!("write it as `{{id: {candidate}, text: …}}` so that readers' ticks survive edits to the text"));
            }
            candidate
        });
        items.push(Item {
            id,
            explicit_id,
            text,
            required,
            weight,
            evidence,
            competencies,
        });
    }
    Checklist { key, items }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Attend the first-term meeting with parents!"),
            "attend-the-first-term-meeting-with-parents"
        );
        assert_eq!(slug("Évaluation  mensuelle"), "evaluation-mensuelle");
        assert_eq!(slug("***"), "item");
        assert_eq!(slug("Stage_2"), "stage-2");
    }
}
