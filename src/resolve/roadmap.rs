//! Career roadmaps and their stages.

use super::module::{module_ref, Refs};
use super::{checklist, config, framework, Cx};
use crate::diagnostics::{hint_for, Code, Diagnostic};
use crate::load::raw::RawRoadmap;
use crate::load::Doc;
use crate::model::{Roadmap, Stage};

/// Resolves roadmap `index`; the flag is true when a `next` names a stage that does not exist.
pub fn resolve(
    index: usize,
    doc: &Doc<RawRoadmap>,
    base: &config::Base,
    refs: &Refs,
    diags: &mut Vec<Diagnostic>,
) -> (Roadmap, bool) {
    let mut cx = Cx::new(&doc.file, &doc.spans, base, diags);
    let raw = &doc.raw;
    let id = &doc.id;
    let own_stages = &refs.ids.stages[index];
    let mut dangling_next = false;
    if raw.stages.is_empty() {
        cx.error(Code::Shape, "", "a roadmap needs at least one stage")
            .hint("add `stages:` with entries like `{id: exploration, title: Exploration}`");
    }

    let mut stages: Vec<Stage> = raw
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let path = format!("stages/{i}");
            let stage_id = cx.id(&s.id, &format!("{path}/id"));
            let mut next = Vec::new();
            let mut next_elsewhere = Vec::new();
            match &s.next {
                None if i + 1 < raw.stages.len() => next.push(i + 1),
                None => {}
                Some(list) => {
                    for (j, n) in list.iter().enumerate() {
                        let npath = format!("{path}/next/{j}");
                        let target = n.as_str();
                        if let Some((r, st)) = target.split_once('/') {
                            match refs.ids.roadmaps.get(r) {
                                Some(&ri) => match refs.ids.stages[ri].get(st) {
                                    Some(&si) if ri == index => next.push(si),
                                    Some(&si) => next_elsewhere.push((ri, si)),
                                    None => {
                                        dangling_next = true;
                                        let candidates: Vec<&str> = refs.ids.stages[ri].keys().map(String::as_str).collect();
                                        let hint = hint_for(st, &candidates, "stages");
                                        cx.error(Code::Reference, &npath, format!("the roadmap `{r}` has no stage `{st}`")).hint(hint);
                                    }
                                },
                                None if refs.ids.is_broken("roadmaps", r) => {}
                                None => {
                                    dangling_next = true;
                                    let candidates: Vec<&str> = refs.ids.roadmaps.keys().map(String::as_str).collect();
                                    let hint = hint_for(r, &candidates, "roadmaps");
                                    cx.error(Code::Reference, &npath, format!("there is no roadmap `{r}`")).hint(hint);
                                }
                            }
                        } else {
                            match own_stages.get(target) {
                                Some(&si) => next.push(si),
                                None => {
                                    dangling_next = true;
                                    let candidates: Vec<&str> = raw.stages.iter().map(|s| s.id.as_str()).collect();
                                    let hint = hint_for(target, &candidates, "stages of this roadmap");
                                    cx.error(Code::Reference, &npath, format!("there is no stage `{target}` in this roadmap"))
                                        .hint(format!("{hint} (a stage of another roadmap is written `roadmap/stage`)"));
                                }
                            }
                        }
                    }
                }
            }
            Stage {
                title: cx.text(&s.title, &format!("{path}/title")),
                duration: cx.duration(s.duration.as_ref(), &format!("{path}/duration")),
                summary: cx.summary(s.summary.as_ref(), &format!("{path}/summary")),
                description: cx.markdown_opt(s.description.as_ref(), &format!("{path}/description")),
                entry: cx.markdown_opt(s.entry.as_ref(), &format!("{path}/entry")),
                phase: s.phase.as_ref().map(|p| cx.text(p, &format!("{path}/phase"))),
                competencies: framework::references(&mut cx, refs.ids, refs.frameworks, &s.competencies, &format!("{path}/competencies")),
                modules: s
                    .modules
                    .iter()
                    .enumerate()
                    .filter_map(|(j, m)| module_ref(&mut cx, refs.ids, m.as_str(), &format!("{path}/modules/{j}")))
                    .collect(),
                checklist: checklist::resolve(&mut cx, refs, &s.checklist, &format!("{path}/checklist"), format!("{id}/{stage_id}")),
                next,
                next_elsewhere,
                previous: Vec::new(),
                id: stage_id,
            }
        })
        .collect();
    cx.unique_ids(
        stages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), format!("stages/{i}/id"))),
        "stage",
    );

    for i in 0..stages.len() {
        for n in stages[i].next.clone() {
            if !stages[n].previous.contains(&i) {
                stages[n].previous.push(i);
            }
        }
    }

    let roadmap = Roadmap {
        id: id.clone(),
        file: doc.file.clone(),
        title: cx.text(&raw.title, "title"),
        summary: cx.summary(raw.summary.as_ref(), "summary"),
        description: cx.markdown_opt(raw.description.as_ref(), "description"),
        source: cx.source(raw.source.as_ref(), "source"),
        audience: raw.audience.as_ref().map(|a| cx.text(a, "audience")),
        scale: raw
            .scale
            .as_ref()
            .and_then(|s| config::scale_ref(&mut cx, refs.ids, s.as_str(), "scale")),
        stages,
    };
    (roadmap, dangling_next)
}
