//! Competency frameworks: levels, the competency tree, indicators and level descriptors; and
//! references to competencies from stages, modules and units.

use super::{config::Base, Cx, Ids};
use crate::diagnostics::{hint_for, Code, Diagnostic};
use crate::load::raw::{OrFull, RawCompetency, RawCompetencyRef, RawFramework, RawText};
use crate::load::Doc;
use crate::model::{Competency, CompetencyRef, Framework, Indicator, Level};

pub fn resolve(doc: &Doc<RawFramework>, base: &Base, diags: &mut Vec<Diagnostic>) -> Framework {
    let mut cx = Cx::new(&doc.file, &doc.spans, base, diags);
    let raw = &doc.raw;
    let levels: Vec<Level> = raw
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let path = format!("levels/{i}");
            Level {
                id: cx.id(&l.id, &format!("{path}/id")),
                title: cx.text(&l.title, &format!("{path}/title")),
                description: cx
                    .markdown_opt(l.description.as_ref(), &format!("{path}/description")),
            }
        })
        .collect();
    cx.unique_ids(
        levels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), format!("levels/{i}/id"))),
        "level",
    );

    let mut competencies = Vec::new();
    let mut paths = Vec::new();
    let mut roots = Vec::new();
    for (i, c) in raw.competencies.iter().enumerate() {
        let idx = add_competency(
            &mut cx,
            &levels,
            c,
            format!("competencies/{i}"),
            None,
            0,
            &mut competencies,
            &mut paths,
        );
        roots.push(idx);
    }
    cx.unique_ids(
        competencies
            .iter()
            .zip(&paths)
            .map(|(c, p)| (c.id.as_str(), format!("{p}/id"))),
        "competency",
    );

    Framework {
        id: doc.id.clone(),
        file: doc.file.clone(),
        title: cx.text(&raw.title, "title"),
        summary: cx.summary(raw.summary.as_ref(), "summary"),
        description: cx.markdown_opt(raw.description.as_ref(), "description"),
        source: cx.source(raw.source.as_ref(), "source"),
        levels,
        competencies,
        roots,
        developed_by: Vec::new(),
        evidenced_by: Vec::new(),
        reference: raw.reference.unwrap_or(false),
    }
}

#[allow(clippy::too_many_arguments)]
fn add_competency(
    cx: &mut Cx,
    levels: &[Level],
    raw: &RawCompetency,
    path: String,
    parent: Option<usize>,
    depth: usize,
    out: &mut Vec<Competency>,
    paths: &mut Vec<String>,
) -> usize {
    let indicators: Vec<Indicator> = raw
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let ipath = format!("{path}/indicators/{i}");
            match ind {
                OrFull::Short(t) => {
                    let text = cx.text(t, &ipath);
                    Indicator {
                        id: super::checklist::slug(&text.default),
                        text,
                    }
                }
                OrFull::Full(f) => {
                    let text = cx.text(&f.text, &format!("{ipath}/text"));
                    let id = match &f.id {
                        Some(id) => cx.id(id, &format!("{ipath}/id")),
                        None => super::checklist::slug(&text.default),
                    };
                    Indicator { id, text }
                }
            }
        })
        .collect();
    let mut descriptors: Vec<Option<_>> = vec![None; levels.len()];
    for (level_id, text) in &raw.levels.0 {
        let lpath = format!("{path}/levels/{}", level_id.as_str());
        match levels.iter().position(|l| l.id == level_id.as_str()) {
            Some(li) => descriptors[li] = Some(cx.markdown(text, &lpath)),
            None if levels.is_empty() => {
                cx.error(Code::Reference, &lpath, "this framework defines no proficiency levels")
                    .hint("list the levels under `levels:` at the top of the file, or remove this descriptor");
            }
            None => {
                let ids: Vec<&str> = levels.iter().map(|l| l.id.as_str()).collect();
                let hint = hint_for(level_id.as_str(), &ids, "levels");
                cx.error(
                    Code::Reference,
                    &lpath,
                    format!(
                        "there is no level `{}` in this framework",
                        level_id.as_str()
                    ),
                )
                .hint(hint);
            }
        }
    }
    let idx = out.len();
    out.push(Competency {
        id: cx.id(&raw.id, &format!("{path}/id")),
        title: cx.text(&raw.title, &format!("{path}/title")),
        code: raw.code.as_ref().map(|c| c.as_str().trim().to_string()),
        kind: raw
            .kind
            .as_ref()
            .map(|k| cx.text(k, &format!("{path}/type"))),
        source_id: raw
            .source_id
            .as_ref()
            .map(|c| c.as_str().trim().to_string()),
        summary: cx.summary(raw.summary.as_ref(), &format!("{path}/summary")),
        description: cx.markdown_opt(raw.description.as_ref(), &format!("{path}/description")),
        gap: cx.markdown_opt(raw.gap.as_ref(), &format!("{path}/gap")),
        indicators,
        descriptors,
        parent,
        children: Vec::new(),
        depth,
        developed_by: Vec::new(),
        evidenced_by: Vec::new(),
    });
    paths.push(path.clone());
    for (i, child) in raw.children.iter().enumerate() {
        let c = add_competency(
            cx,
            levels,
            child,
            format!("{path}/children/{i}"),
            Some(idx),
            depth + 1,
            out,
            paths,
        );
        out[idx].children.push(c);
    }
    idx
}

/// Resolves a competency reference (`framework/competency` or a framework id, with an optional
/// level) at `path`. Reports what does not exist, with a hint from the ids in scope.
pub fn reference(
    cx: &mut Cx,
    ids: &Ids,
    frameworks: &[Framework],
    raw: &OrFull<RawCompetencyRef>,
    path: &str,
) -> Option<CompetencyRef> {
    let (reference, level, ref_path) = match raw {
        OrFull::Short(RawText::Plain(s)) => (s.as_str(), None, path.to_string()),
        OrFull::Short(RawText::Map(_)) => {
            cx.error(Code::Shape, path, "a competency reference is `framework/competency` or `{ref: framework/competency, level: …}`")
                .hint("write the reference as a plain string");
            return None;
        }
        OrFull::Full(f) => (
            f.reference.as_str(),
            f.level.as_ref(),
            format!("{path}/ref"),
        ),
    };
    let (fw_id, comp_id) = match reference.split_once('/') {
        Some((f, c)) => (f, Some(c)),
        None => (reference, None),
    };
    let Some(&fi) = ids.frameworks.get(fw_id) else {
        if !ids.is_broken("competencies", fw_id) {
            let candidates: Vec<&str> = ids.frameworks.keys().map(String::as_str).collect();
            let hint = hint_for(fw_id, &candidates, "frameworks");
            cx.error(
                Code::Reference,
                &ref_path,
                format!("there is no competency framework `{fw_id}`"),
            )
            .hint(format!(
                "{hint} (references are written `framework/competency`)"
            ));
        }
        return None;
    };
    let framework = &frameworks[fi];
    let competency = match comp_id {
        None => None,
        Some(c) => match framework.competencies.iter().position(|x| x.id == c) {
            Some(ci) => Some(ci),
            None => {
                let candidates: Vec<&str> = framework
                    .competencies
                    .iter()
                    .map(|x| x.id.as_str())
                    .collect();
                let hint = hint_for(c, &candidates, "competencies");
                cx.error(
                    Code::Reference,
                    &ref_path,
                    format!("the framework `{fw_id}` has no competency `{c}`"),
                )
                .hint(hint);
                return None;
            }
        },
    };
    let level = match level {
        None => None,
        Some(l) => match framework.levels.iter().position(|x| x.id == l.as_str()) {
            Some(li) => Some(li),
            None => {
                let candidates: Vec<&str> =
                    framework.levels.iter().map(|x| x.id.as_str()).collect();
                let hint = if candidates.is_empty() {
                    format!("the framework `{fw_id}` defines no levels: remove `level:`")
                } else {
                    hint_for(l.as_str(), &candidates, "levels")
                };
                cx.error(
                    Code::Reference,
                    &format!("{path}/level"),
                    format!("the framework `{fw_id}` has no level `{}`", l.as_str()),
                )
                .hint(hint);
                None
            }
        },
    };
    Some(CompetencyRef {
        framework: fi,
        competency,
        level,
    })
}

/// Resolves a list of competency references at `path`.
pub fn references(
    cx: &mut Cx,
    ids: &Ids,
    frameworks: &[Framework],
    raw: &[OrFull<RawCompetencyRef>],
    path: &str,
) -> Vec<CompetencyRef> {
    raw.iter()
        .enumerate()
        .filter_map(|(i, r)| reference(cx, ids, frameworks, r, &format!("{path}/{i}")))
        .collect()
}
