//! Training modules and their units.

use super::{checklist, config, framework, Cx, Ids};
use crate::diagnostics::{hint_for, Code, Diagnostic};
use crate::load::raw::RawModule;
use crate::load::Doc;
use crate::model::{Assessment, Delivery, Framework, Module, Unit};

/// What module and roadmap resolution look references up in.
pub struct Refs<'a> {
    pub ids: &'a Ids,
    pub frameworks: &'a [Framework],
}

pub fn resolve(
    doc: &Doc<RawModule>,
    base: &config::Base,
    refs: &Refs,
    diags: &mut Vec<Diagnostic>,
) -> Module {
    let mut cx = Cx::new(&doc.file, &doc.spans, base, diags);
    let raw = &doc.raw;
    let id = &doc.id;

    let delivery = raw.delivery.as_ref().and_then(|d| {
        let found = Delivery::ALL
            .iter()
            .find(|(name, _)| *name == d.as_str())
            .map(|(_, v)| *v);
        if found.is_none() {
            let names: Vec<&str> = Delivery::ALL.iter().map(|(n, _)| *n).collect();
            let hint = hint_for(d.as_str(), &names, "delivery modes");
            cx.error(
                Code::Shape,
                "delivery",
                format!("`{}` is not a delivery mode", d.as_str()),
            )
            .hint(format!("{hint} (in-person, online or blended)"));
        }
        found
    });

    let prerequisites = raw
        .prerequisites
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            module_ref(&mut cx, refs.ids, p.as_str(), &format!("prerequisites/{i}"))
        })
        .collect();

    let units: Vec<Unit> = raw
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let path = format!("units/{i}");
            let unit_id = cx.id(&u.id, &format!("{path}/id"));
            Unit {
                title: cx.text(&u.title, &format!("{path}/title")),
                period: u
                    .period
                    .as_ref()
                    .map(|p| cx.text(p, &format!("{path}/period"))),
                duration: cx.duration(u.duration.as_ref(), &format!("{path}/duration")),
                summary: cx.summary(u.summary.as_ref(), &format!("{path}/summary")),
                description: cx
                    .markdown_opt(u.description.as_ref(), &format!("{path}/description")),
                topics: u
                    .topics
                    .iter()
                    .enumerate()
                    .map(|(j, t)| cx.text(t, &format!("{path}/topics/{j}")))
                    .collect(),
                competencies: framework::references(
                    &mut cx,
                    refs.ids,
                    refs.frameworks,
                    &u.competencies,
                    &format!("{path}/competencies"),
                ),
                checklist: checklist::resolve(
                    &mut cx,
                    refs,
                    &u.checklist,
                    &format!("{path}/checklist"),
                    format!("{id}/{unit_id}"),
                ),
                id: unit_id,
            }
        })
        .collect();
    cx.unique_ids(
        units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), format!("units/{i}/id"))),
        "unit",
    );

    let assessment = raw.assessment.as_ref().map(|a| Assessment {
        description: cx.markdown_opt(a.description.as_ref(), "assessment/description"),
        scale: a
            .scale
            .as_ref()
            .and_then(|s| config::scale_ref(&mut cx, refs.ids, s.as_str(), "assessment/scale")),
    });

    let cohort_start = raw
        .cohort
        .as_ref()
        .and_then(|c| cx.date(&c.start, "cohort/start"));
    Module {
        cohort_start,
        id: id.clone(),
        file: doc.file.clone(),
        title: cx.text(&raw.title, "title"),
        summary: cx.summary(raw.summary.as_ref(), "summary"),
        description: cx.markdown_opt(raw.description.as_ref(), "description"),
        source: cx.source(raw.source.as_ref(), "source"),
        provider: cx.party(raw.provider.as_ref(), "provider"),
        audience: raw.audience.as_ref().map(|a| cx.text(a, "audience")),
        duration: cx.duration(raw.duration.as_ref(), "duration"),
        delivery,
        group_size: raw.group_size.as_ref().map(|g| cx.text(g, "group_size")),
        outcomes: raw
            .outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| cx.text(o, &format!("outcomes/{i}")))
            .collect(),
        competencies: framework::references(
            &mut cx,
            refs.ids,
            refs.frameworks,
            &raw.competencies,
            "competencies",
        ),
        prerequisites,
        units,
        assessment,
        checklist: checklist::resolve(&mut cx, refs, &raw.checklist, "checklist", id.clone()),
        used_by: Vec::new(),
    }
}

/// Resolves a module id at `path`, reporting a dangling one.
pub fn module_ref(cx: &mut Cx, ids: &Ids, id: &str, path: &str) -> Option<usize> {
    if let Some(&m) = ids.modules.get(id) {
        return Some(m);
    }
    if !ids.is_broken("modules", id) {
        let candidates: Vec<&str> = ids.modules.keys().map(String::as_str).collect();
        let hint = hint_for(id, &candidates, "modules");
        cx.error(Code::Reference, path, format!("there is no module `{id}`"))
            .hint(format!(
                "{hint} (modules are the files in content/modules/)"
            ));
    }
    None
}
