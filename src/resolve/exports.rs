//! What the exports need from the content and cannot invent: a last-change date for the CASE
//! packages, the calendars and the sitemap (a warning when one is missing: those files are
//! then not written, or carry no date), and an address that makes CASE URIs resolvable (a
//! note on a site without `base_url`).

use crate::diagnostics::{Code, Diagnostic};
use crate::load::SITE_FILE;
use crate::model::{Entity, Site};

/// Adds the diagnostics about `site`'s exports to `diags`: at most one warning and one note,
/// both on `site.yaml`.
pub fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    let undated = |e: Entity| site.updated(e).is_none();
    let quoted = |ids: Vec<&str>| {
        ids.iter()
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let frameworks: Vec<&str> = (0..site.frameworks.len())
        .filter(|&f| undated(Entity::Framework(f)))
        .map(|f| site.frameworks[f].id.as_str())
        .collect();
    let modules: Vec<&str> = (0..site.modules.len())
        .filter(|&m| {
            let module = &site.modules[m];
            module.cohort_start.is_some() && !module.units.is_empty() && undated(Entity::Module(m))
        })
        .map(|m| site.modules[m].id.as_str())
        .collect();
    let mut missing = Vec::new();
    // (one, several, ids): "the CASE package of `a` is", "the CASE packages of `a`, `b` are".
    let not_written = |one: &str, several: &str, ids: Vec<&str>| {
        let (what, are) = if ids.len() == 1 {
            (one, "is")
        } else {
            (several, "are")
        };
        format!("the {what} of {} {are} not written", quoted(ids))
    };
    if !frameworks.is_empty() {
        missing.push(not_written(
            "CASE package (case.json)",
            "CASE packages (case.json)",
            frameworks,
        ));
    }
    if !modules.is_empty() {
        missing.push(not_written(
            "calendar (schedule.ics)",
            "calendars (schedule.ics)",
            modules,
        ));
    }
    if site.config.base_url.is_some() && site.entities().any(undated) {
        missing.push("sitemap.xml gives no `lastmod` to the pages made from them".to_string());
    }
    if !missing.is_empty() {
        diags.push(
            Diagnostic::warning(
                Code::Export,
                format!("no last-change date for some files: {}", missing.join("; ")),
            )
            .in_file(SITE_FILE)
            .hint(
                "add `updated: YYYY-MM-DD` to site.yaml, the date the content last changed \
                 (or to one file, for that file alone), and set it again when you publish \
                 changes: exports never invent a date",
            ),
        );
    }
    let cased = (0..site.frameworks.len()).any(|f| !undated(Entity::Framework(f)));
    if site.config.base_url.is_none() && cased {
        diags.push(
            Diagnostic::note(
                Code::Export,
                "the CASE packages name their items by `urn:uuid:` URIs, which no registry can \
                 resolve",
            )
            .in_file(SITE_FILE)
            .hint(
                "set `base_url` to the address the site is published at: the URIs then lead \
                 to the published case.json files",
            ),
        );
    }
}
