//! Curriculum gaps: competencies that a framework lists (and stages may require) but no module
//! or unit trains, and modules that develop no competency. Both are warnings: a site may
//! publish a framework before its curricula exist.

use crate::diagnostics::{Code, Diagnostic};
use crate::load::raw::{RawCompetency, RawFramework, RawModule};
use crate::load::Doc;
use crate::model::{Developer, Framework, Module};

pub fn check(
    framework_docs: &[&Doc<RawFramework>],
    frameworks: &[Framework],
    module_docs: &[&Doc<RawModule>],
    modules: &[Module],
    diags: &mut Vec<Diagnostic>,
) {
    for (doc, framework) in framework_docs.iter().zip(frameworks) {
        if framework.reference {
            continue;
        }
        let paths = competency_paths(&doc.raw.competencies, "competencies");
        for (c, path) in paths.iter().enumerate() {
            if !framework.is_trained(c) && framework.documented_gap(c).is_none() {
                let competency = &framework.competencies[c];
                let required = competency
                    .developed_by
                    .iter()
                    .chain(&framework.developed_by)
                    .filter(|d| matches!(d.by, Developer::Stage { .. }))
                    .count();
                let message =
                    match required {
                        0 => format!(
                            "no module or unit trains the competency `{}/{}`",
                            framework.id, competency.id
                        ),
                        n => {
                            format!(
                        "{} require{} the competency `{}/{}`, but no module or unit trains it",
                        if n == 1 { "a stage".to_string() } else { format!("{n} stages") },
                        if n == 1 { "s" } else { "" },
                        framework.id,
                        competency.id
                    )
                        }
                    };
                diags.push(
                    Diagnostic::warning(Code::Gap, message)
                        .at(&doc.file, doc.spans.value(&format!("{path}/id")))
                        .hint(format!(
                            "name it in a module's or unit's `competencies:` list, e.g. `- {{ref: {}/{}}}`, or document the gap on the competency with `gap: <why no module trains it yet>`",
                            framework.id, competency.id
                        )),
                );
            }
        }
    }
    for (doc, module) in module_docs.iter().zip(modules) {
        if module.develops_nothing() {
            diags.push(
                Diagnostic::warning(
                    Code::Gap,
                    format!("the module `{}` develops no competency", module.id),
                )
                .at(&doc.file, doc.spans.key("title"))
                .hint("add `competencies:` to the module or its units, naming what it develops"),
            );
        }
    }
}

/// The path of every competency of a tree, in the depth-first order the model uses.
fn competency_paths(list: &[RawCompetency], path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let p = format!("{path}/{i}");
        out.push(p.clone());
        out.extend(competency_paths(&c.children, &format!("{p}/children")));
    }
    out
}
