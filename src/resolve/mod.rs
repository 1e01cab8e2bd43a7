//! Resolve: the only place that knows how files relate.
//!
//! Turns the raw structs of [`Loaded`] into the linked [`Site`], checking everything the
//! content format calls an error or a warning, and returns every problem at once. A `Site`
//! comes back only when there is no error.

mod cache;
mod checklist;
mod config;
mod context;
mod framework;
mod gaps;
mod graph;
mod module;
mod page;
mod roadmap;
mod scale;

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{self, Code, Diagnostic};
use crate::markdown;
use std::path::PathBuf;
use std::sync::Arc;

use crate::load::{Doc, Loaded, PageDoc};
use crate::model::{Developer, Development, Evidence, Page, Site};

pub use cache::Cache;
pub use checklist::slug;
pub(crate) use context::Cx;

/// Options that change what counts as a problem.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Warnings count as errors (`--strict`, the same in every command): each is reported as
    /// an error, and the site is resolved only when there is none.
    pub strict: bool,
}

/// The result of resolving: the site if there were no errors, and every diagnostic (sorted).
#[derive(Debug)]
pub struct Resolved {
    pub site: Option<Site>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Ids of every kind, for checking references before the entities themselves are resolved.
pub(crate) struct Ids {
    pub roadmaps: HashMap<String, usize>,
    pub modules: HashMap<String, usize>,
    pub frameworks: HashMap<String, usize>,
    pub scales: HashMap<String, usize>,
    pub pages: HashMap<String, usize>,
    /// Stage ids of each roadmap, by roadmap index.
    pub stages: Vec<HashMap<String, usize>>,
    /// "kind/id" of files that exist but failed to parse.
    pub broken: HashSet<String>,
}

impl Ids {
    /// True when `id` of kind `folder` names a file that failed to parse (so a reference to it
    /// is not reported as dangling on top of the parse error).
    pub fn is_broken(&self, folder: &str, id: &str) -> bool {
        self.broken.contains(&format!("{folder}/{id}"))
    }
}

/// Checks and links a loaded site.
pub fn resolve(loaded: &Loaded, options: Options) -> Resolved {
    resolve_cached(
        loaded,
        options,
        Arc::new(markdown::Cache::default()),
        &mut Cache::default(),
    )
}

/// Like [`resolve`], reusing the Markdown that `markdown` rendered in earlier builds, and the
/// documents that `cache` kept from earlier builds (see [`Cache`]). When nothing was reused,
/// Markdown entries this build did not use are dropped from `markdown` afterwards.
pub fn resolve_cached(
    loaded: &Loaded,
    options: Options,
    markdown: Arc<markdown::Cache>,
    cache: &mut Cache,
) -> Resolved {
    let mut diags: Vec<Diagnostic> = loaded.diagnostics.clone();

    let mut roadmap_docs: Vec<&Doc<_>> = loaded.roadmaps.iter().map(|d| &**d).collect();
    let mut module_docs: Vec<&Doc<_>> = loaded.modules.iter().map(|d| &**d).collect();
    let mut framework_docs: Vec<&Doc<_>> = loaded.frameworks.iter().map(|d| &**d).collect();
    let mut scale_docs: Vec<&Doc<_>> = loaded.scales.iter().map(|d| &**d).collect();
    let (mut page_docs, mut translation_docs): (Vec<&PageDoc>, Vec<&PageDoc>) = loaded
        .pages
        .iter()
        .map(|d| &**d)
        .partition(|p| p.lang.is_none());
    roadmap_docs.sort_by(|a, b| (&a.id, &a.file).cmp(&(&b.id, &b.file)));
    module_docs.sort_by(|a, b| (&a.id, &a.file).cmp(&(&b.id, &b.file)));
    framework_docs.sort_by(|a, b| (&a.id, &a.file).cmp(&(&b.id, &b.file)));
    scale_docs.sort_by(|a, b| (&a.id, &a.file).cmp(&(&b.id, &b.file)));
    page_docs.sort_by(|a, b| (&a.doc.id, &a.doc.file).cmp(&(&b.doc.id, &b.doc.file)));
    translation_docs
        .sort_by(|a, b| (&a.doc.id, &a.lang, &a.doc.file).cmp(&(&b.doc.id, &b.lang, &b.doc.file)));

    let roadmap_docs = unique_files(roadmap_docs, |d| (&d.id, &d.file), "roadmap", &mut diags);
    let module_docs = unique_files(module_docs, |d| (&d.id, &d.file), "module", &mut diags);
    let framework_docs = unique_files(
        framework_docs,
        |d| (&d.id, &d.file),
        "framework",
        &mut diags,
    );
    let scale_docs = unique_files(scale_docs, |d| (&d.id, &d.file), "scale", &mut diags);
    let page_docs = unique_files(page_docs, |p| (&p.doc.id, &p.doc.file), "page", &mut diags);

    // Progress keys are `roadmap/stage/item` and `module/unit/item`: a roadmap and a module of
    // the same id must not have a stage and a unit of the same id, or their ticks would mix.
    for module in &module_docs {
        let Some(roadmap) = roadmap_docs.iter().find(|r| r.id == module.id) else {
            continue;
        };
        for (i, unit) in module.raw.units.iter().enumerate() {
            if roadmap.raw.stages.iter().any(|s| s.id == unit.id) {
                diags.push(
                    Diagnostic::error(
                        Code::Duplicate,
                        format!(
                            "the unit `{}` has the id of a stage of the roadmap `{}`, which has this module's id",
                            unit.id.as_str(),
                            roadmap.id
                        ),
                    )
                    .at(&module.file, module.spans.value(&format!("units/{i}/id")))
                    .hint(format!(
                        "readers' checklist ticks of the two would mix: rename the unit, the module or {}",
                        roadmap.file.display()
                    )),
                );
            }
        }
    }

    let index = |ids: Vec<&String>| -> HashMap<String, usize> {
        ids.into_iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect()
    };
    let ids = Ids {
        roadmaps: index(roadmap_docs.iter().map(|d| &d.id).collect()),
        modules: index(module_docs.iter().map(|d| &d.id).collect()),
        frameworks: index(framework_docs.iter().map(|d| &d.id).collect()),
        scales: index(scale_docs.iter().map(|d| &d.id).collect()),
        pages: index(page_docs.iter().map(|p| &p.doc.id).collect()),
        stages: roadmap_docs
            .iter()
            .map(|d| {
                d.raw
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.id.0.clone(), i))
                    .rev()
                    .collect()
            })
            .collect(),
        broken: loaded
            .failed
            .iter()
            .map(|(folder, id)| format!("{folder}/{id}"))
            .collect(),
    };

    let site_doc = loaded.site.as_ref();
    let base = config::Base::resolve(site_doc, markdown.clone(), &mut diags);
    let same_base = cache.begin(
        loaded
            .sources
            .get(std::path::Path::new(crate::load::SITE_FILE)),
    );

    for (folder, docs) in [
        (
            "roadmaps",
            roadmap_docs
                .iter()
                .map(|d| (&d.id, &d.file, &d.spans))
                .collect::<Vec<_>>(),
        ),
        (
            "modules",
            module_docs
                .iter()
                .map(|d| (&d.id, &d.file, &d.spans))
                .collect(),
        ),
        (
            "competencies",
            framework_docs
                .iter()
                .map(|d| (&d.id, &d.file, &d.spans))
                .collect(),
        ),
        (
            "scales",
            scale_docs
                .iter()
                .map(|d| (&d.id, &d.file, &d.spans))
                .collect(),
        ),
        (
            "pages",
            page_docs
                .iter()
                .map(|p| (&p.doc.id, &p.doc.file, &p.doc.spans))
                .collect(),
        ),
    ] {
        for (id, file, _) in docs {
            if !context::is_valid_id(id) {
                diags.push(
                    Diagnostic::error(
                        Code::Id,
                        format!("`{id}` is not a valid id (the file name gives the id)"),
                    )
                    .in_file(file.clone())
                    .hint(format!(
                        "rename the file to `{}` plus its extension: ids use lower-case letters, digits and single hyphens",
                        checklist::slug(id)
                    )),
                );
            } else if folder == "pages" && context::RESERVED_PAGE_IDS.contains(&id.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::Id,
                        format!("a page cannot be called `{id}`: the site uses that folder for its own pages"),
                    )
                    .in_file(file.clone())
                    .hint("rename the page file"),
                );
            } else if folder == "pages"
                && base
                    .languages
                    .iter()
                    .skip(1)
                    .any(|l| l.as_str() == id.as_str())
            {
                diags.push(
                    Diagnostic::error(
                        Code::Id,
                        format!("a page cannot be called `{id}`: the site publishes its `{id}` language version under {id}/"),
                    )
                    .in_file(file.clone())
                    .hint("rename the page file: a page with this id would replace that language's home page"),
                );
            }
        }
    }

    // Each document is resolved on its own, in parallel (or taken from the cache); its
    // diagnostics are added in the order the documents come in, as one thread would.
    let sources = &loaded.sources;
    let frameworks = cache::each(
        &framework_docs,
        |d| &d.file,
        &mut cache.frameworks,
        same_base,
        sources,
        &mut diags,
        |d, diags| framework::resolve(d, &base, diags),
    );
    let scales = cache::each(
        &scale_docs,
        |d| &d.file,
        &mut cache.scales,
        same_base,
        sources,
        &mut diags,
        |d, diags| scale::resolve(d, &base, diags),
    );
    let same_surface = cache.surface(same_base, &ids, &frameworks);
    let refs = module::Refs {
        ids: &ids,
        frameworks: &frameworks,
    };
    let mut modules = cache::each(
        &module_docs,
        |d| &d.file,
        &mut cache.modules,
        same_surface,
        sources,
        &mut diags,
        |d, diags| module::resolve(d, &base, &refs, diags),
    );
    graph::check_prerequisites(&module_docs, &modules, &mut diags);
    let indexed: Vec<(usize, &&Doc<_>)> = roadmap_docs.iter().enumerate().collect();
    let mut roadmaps = cache::each(
        &indexed,
        |(_, d)| &d.file,
        &mut cache.roadmaps,
        same_surface,
        sources,
        &mut diags,
        |&(i, doc), diags| {
            let (roadmap, dangling_next) = roadmap::resolve(i, doc, &base, &refs, diags);
            // A `next` that names no stage already has its error; the stages it cut off would
            // only repeat it as unreachable.
            graph::check_stages(doc, &roadmap, !dangling_next, diags);
            roadmap
        },
    );
    let mut pages: Vec<Page> = page_docs
        .iter()
        .map(|p| {
            let mut cx = Cx::new(&p.doc.file, &p.doc.spans, &base, &mut diags);
            Page {
                id: p.doc.id.clone(),
                file: p.doc.file.clone(),
                title: cx.text(&p.doc.raw.title, "title"),
                summary: cx.summary(p.doc.raw.summary.as_ref(), "summary"),
                order: p.doc.raw.order.unwrap_or(0),
                body: cx.markdown_source(&p.body, &format!("page-{}", p.doc.id)),
                translations: Vec::new(),
            }
        })
        .collect();
    page::translate(&mut pages, &ids, &translation_docs, &base, &mut diags);
    let mut frameworks = frameworks;
    link_back(&mut frameworks, &mut modules, &mut roadmaps);
    // Gaps are worth reporting only on a site that otherwise holds together: a mistyped
    // reference would also show up as the gap it leaves.
    let holds_together = !diags.iter().any(Diagnostic::is_error);
    if holds_together
        && !frameworks.is_empty()
        && (!module_docs.is_empty() || !roadmap_docs.is_empty())
    {
        gaps::check(
            &framework_docs,
            &frameworks,
            &module_docs,
            &modules,
            &mut diags,
        );
    }
    let config = config::finish(base, site_doc, &ids, &mut diags);

    // Kept documents did not ask for their Markdown: a sweep would drop it.
    if cache.reused() == 0 {
        markdown.sweep();
    }
    if options.strict {
        diagnostics::make_errors(&mut diags);
    }
    diagnostics::sort(&mut diags);
    let has_errors = diags.iter().any(Diagnostic::is_error);
    let site = match config {
        Some(config) if !has_errors => Some(Site {
            root: loaded.root.clone(),
            config,
            roadmaps,
            modules,
            frameworks,
            scales,
            pages,
            statics: loaded.statics.clone(),
        }),
        _ => None,
    };
    Resolved {
        site,
        diagnostics: diags,
    }
}

/// Drops the second and later files that give the same id (files in different sub-folders),
/// reporting each. `items` are sorted by id.
fn unique_files<'a, X>(
    items: Vec<&'a X>,
    key: impl Fn(&X) -> (&String, &PathBuf),
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<&'a X> {
    let mut out: Vec<&X> = Vec::with_capacity(items.len());
    for item in items {
        let (id, file) = key(item);
        match out.last().map(|prev| key(prev)) {
            Some((prev_id, prev_file)) if prev_id == id => diags.push(
                Diagnostic::error(
                    Code::Duplicate,
                    format!("another {what} already has the id `{id}`"),
                )
                .in_file(file.clone())
                .hint(format!(
                    "{} gives the same id (sub-folders are not part of an id): rename one of the files",
                    prev_file.display()
                )),
            ),
            _ => out.push(item),
        }
    }
    out
}

/// Fills the back-references: which stages, modules and units develop each competency, which
/// checklist items give evidence of it, and which stages use each module.
fn link_back(
    frameworks: &mut [crate::model::Framework],
    modules: &mut [crate::model::Module],
    roadmaps: &mut [crate::model::Roadmap],
) {
    let mut add = |r: &crate::model::CompetencyRef, by: Developer| {
        let development = Development { by, level: r.level };
        match r.competency {
            Some(c) => frameworks[r.framework].competencies[c]
                .developed_by
                .push(development),
            None => frameworks[r.framework].developed_by.push(development),
        }
    };
    for (ri, roadmap) in roadmaps.iter().enumerate() {
        for (si, stage) in roadmap.stages.iter().enumerate() {
            for r in &stage.competencies {
                add(
                    r,
                    Developer::Stage {
                        roadmap: ri,
                        stage: si,
                    },
                );
            }
        }
    }
    for (mi, module) in modules.iter().enumerate() {
        for r in &module.competencies {
            add(r, Developer::Module { module: mi });
        }
        for (ui, unit) in module.units.iter().enumerate() {
            for r in &unit.competencies {
                add(
                    r,
                    Developer::Unit {
                        module: mi,
                        unit: ui,
                    },
                );
            }
        }
    }
    let mut evidence = |checklist: &crate::model::Checklist, by: Developer| {
        for (item, it) in checklist.items.iter().enumerate() {
            let subs = it.items.iter().enumerate().map(|(j, s)| (Some(j), s));
            for (sub, x) in std::iter::once((None, it)).chain(subs) {
                for r in &x.competencies {
                    let e = Evidence {
                        by,
                        item,
                        sub,
                        level: r.level,
                    };
                    match r.competency {
                        Some(c) => frameworks[r.framework].competencies[c].evidenced_by.push(e),
                        None => frameworks[r.framework].evidenced_by.push(e),
                    }
                }
            }
        }
    };
    for (ri, roadmap) in roadmaps.iter().enumerate() {
        for (si, stage) in roadmap.stages.iter().enumerate() {
            evidence(
                &stage.checklist,
                Developer::Stage {
                    roadmap: ri,
                    stage: si,
                },
            );
        }
    }
    for (mi, module) in modules.iter().enumerate() {
        evidence(&module.checklist, Developer::Module { module: mi });
        for (ui, unit) in module.units.iter().enumerate() {
            evidence(
                &unit.checklist,
                Developer::Unit {
                    module: mi,
                    unit: ui,
                },
            );
        }
    }
    for (ri, roadmap) in roadmaps.iter().enumerate() {
        for (si, stage) in roadmap.stages.iter().enumerate() {
            for &m in &stage.modules {
                modules[m].used_by.push((ri, si));
            }
        }
    }
}
