//! Curriculum gaps: competencies that no stage, module or unit develops, and modules that
//! develop no competency. Both are warnings: a site may publish a framework before its
//! curricula exist.

use crate::diagnostics::{Code, Diagnostic};
use crate::load::raw::{RawCompetency, RawFramework, RawModule};
use crate::load::Doc;
use crate::model::{Framework, Module};

pub fn check(
    framework_docs: &[&Doc<RawFramework>],
    frameworks: &[Framework],
    module_docs: &[&Doc<RawModule>],
    modules: &[Module],
    diags: &mut Vec<Diagnostic>,
) {
    for (doc, framework) in framework_docs.iter().zip(frameworks) {
        let paths = competency_paths(&doc.raw.competencies, "competencies");
        for (c, path) in paths.iter().enumerate() {
            if !framework.is_developed(c) {
                let competency = &framework.competencies[c];
                diags.push(
                    Diagnostic::warning(
                        Code::Gap,
                        format!("no stage, module or unit develops the competency `{}/{}`", framework.id, competency.id),
                    )
                    .at(&doc.file, doc.spans.value(&format!("{path}/id")))
                    .hint(format!(
                        "name it in a stage's or module's `competencies:` list, e.g. `- {{ref: {}/{}}}`",
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
