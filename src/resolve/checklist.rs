//! Checklists: items in short or full form, explicit or derived ids.

use std::collections::HashSet;

use super::module::Refs;
use super::{framework, Cx};
use crate::diagnostics::{hint_for, Code};
use crate::load::raw::{OrFull, RawItem};
use crate::model::{Checklist, Item, Resource, ResourceKind};

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
/// with `-2`, `-3`… Every item without an explicit id is a warning (`--strict` makes it an
/// error): a reader's tick on it is lost when its text is edited. An item's
/// `competencies` are resolved against `refs` like every other competency reference. An item
/// with `items:` is a group; its sub-items follow the same rules, one level deep.
pub fn resolve(
    cx: &mut Cx,
    refs: &Refs,
    raw: &[OrFull<RawItem>],
    path: &str,
    key: String,
) -> Checklist {
    let items = items(cx, refs, raw, path, true);
    Checklist { key, items }
}

/// The items of a checklist (`groups` true) or of a group (false: no further nesting).
fn items(cx: &mut Cx, refs: &Refs, raw: &[OrFull<RawItem>], path: &str, groups: bool) -> Vec<Item> {
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

    let mut out = Vec::with_capacity(raw.len());
    for (i, entry) in raw.iter().enumerate() {
        let item_path = format!("{path}/{i}");
        let mut item = match entry {
            OrFull::Short(text) => Item {
                id: String::new(),
                explicit_id: false,
                text: cx.text(text, &item_path),
                required: true,
                weight: 1.0,
                evidence: None,
                competencies: Vec::new(),
                description: None,
                resources: Vec::new(),
                items: Vec::new(),
                choose: None,
            },
            OrFull::Full(raw) => full(cx, refs, raw, &item_path, groups),
        };
        item.id = match entry {
            OrFull::Full(RawItem { id: Some(id), .. }) => {
                item.explicit_id = true;
                cx.id(id, &format!("{item_path}/id"))
            }
            _ => {
                let base = slug(&item.text.default);
                let mut candidate = base.clone();
                let mut n = 2;
                while taken.contains(&candidate) {
                    candidate = format!("{base}-{n}");
                    n += 1;
                }
                taken.insert(candidate.clone());
                cx.warning(Code::ItemId, &item_path, format!("this item has no explicit id (derived: `{candidate}`)"))
                    .hint(format!("write it as `{{id: {candidate}, text: …}}` so that readers' ticks survive edits to the text"));
                candidate
            }
        };
        out.push(item);
    }
    out
}

/// An item in full form (its id is set by the caller).
fn full(cx: &mut Cx, refs: &Refs, raw: &RawItem, path: &str, groups: bool) -> Item {
    let weight = raw.weight.unwrap_or(1.0);
    if !(weight.is_finite() && weight > 0.0) {
        cx.error(
            Code::Shape,
            &format!("{path}/weight"),
            format!("a weight must be a number above 0, not {weight}"),
        )
        .hint("weights are relative: use 1 for an ordinary item, 2 for one that counts double");
    }
    let resources = raw
        .resources
        .iter()
        .enumerate()
        .filter_map(|(j, r)| {
            let rpath = format!("{path}/resources/{j}");
            let kind = match &r.kind {
                None => ResourceKind::Other,
                Some(k) => match ResourceKind::ALL.iter().find(|(n, _)| *n == k.as_str()) {
                    Some(&(_, kind)) => kind,
                    None => {
                        let names: Vec<&str> = ResourceKind::ALL.iter().map(|(n, _)| *n).collect();
                        let hint = hint_for(k.as_str(), &names, "kinds");
                        cx.error(
                            Code::Shape,
                            &format!("{rpath}/kind"),
                            format!("`{}` is not a kind of resource", k.as_str()),
                        )
                        .hint(format!(
                            "{hint} (article, video, course, book, tool or other)"
                        ));
                        ResourceKind::Other
                    }
                },
            };
            Some(Resource {
                title: cx.text(&r.title, &format!("{rpath}/title")),
                url: cx.url(&r.url, &format!("{rpath}/url"))?,
                kind,
            })
        })
        .collect();
    let sub_items = if raw.items.is_empty() {
        Vec::new()
    } else if groups {
        items(cx, refs, &raw.items, &format!("{path}/items"), false)
    } else {
        cx.error(
            Code::Shape,
            &format!("{path}/items"),
            "a sub-item cannot have sub-items of its own",
        )
        .hint("groups nest one level: make this a separate group of the checklist");
        Vec::new()
    };
    let choose = raw.choose.map(|n| n as usize);
    match choose {
        Some(_) if raw.items.is_empty() => {
            cx.error(
                Code::Shape,
                &format!("{path}/choose"),
                "`choose` counts sub-items, and this item has no `items:`",
            )
            .hint("add the sub-items to choose from under `items:`, or remove `choose`");
        }
        Some(n) if n == 0 || n > sub_items.len() => {
            cx.error(
                Code::Shape,
                &format!("{path}/choose"),
                format!(
                    "`choose: {n}` must be from 1 to the number of sub-items ({})",
                    sub_items.len()
                ),
            )
            .hint("`choose: 1` means any one of the sub-items completes the group");
        }
        _ => {}
    }
    Item {
        id: String::new(),
        explicit_id: false,
        text: cx.text(&raw.text, &format!("{path}/text")),
        required: raw.required.unwrap_or(true),
        weight,
        evidence: cx.markdown_opt(raw.evidence.as_ref(), &format!("{path}/evidence")),
        competencies: framework::references(
            cx,
            refs.ids,
            refs.frameworks,
            &raw.competencies,
            &format!("{path}/competencies"),
        ),
        description: cx.markdown_opt(raw.description.as_ref(), &format!("{path}/description")),
        resources,
        items: sub_items,
        choose,
    }
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
