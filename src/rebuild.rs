//! Incremental rebuilds for `watch` and `serve`.
//!
//! A [`Rebuilder`] keeps what the last build knew: parsed files (only changed files are parsed
//! again), resolved documents (only changed documents are resolved again, see
//! [`resolve::Cache`]), rendered Markdown (only changed fields are rendered again), the parsed
//! templates, and for every page the entities it was made from, a hash of its variables
//! (its view) and a hash of its bytes. After an edit it renders only the pages whose output can
//! change — the pages made from a changed file (before or after the edit) whose view changed,
//! the pages of a changed template — and writes only the files whose bytes differ, each
//! atomically. The site-wide files (`data.json`, the search index, the exports) are kept by
//! parts, one per entity (`rebuild/site_files.rs`): only the parts made from a changed file are
//! made again, and only the files with a changed part are joined again; only the rendered pages
//! and the few other files (static files, sitemap) are hashed. A change to `site.yaml`, to the
//! interface strings, or to the set of content files re-renders every page and remakes every
//! site-wide file (pages are still written only when their bytes differ).
//! The result is byte-for-byte what a full build of the same content gives.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod site_files;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::{self, Sources};
use crate::markdown;
use crate::model::{Entity, Site};
use crate::render::{self, Output, Plan, Renderer};
use crate::resolve;
use crate::theme::{self, Theme};
use crate::write;
use site_files::SiteFiles;

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Report {
    /// Every problem found; when there is an error nothing was written.
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
    /// True when the output now reflects the content (no error).
    pub success: bool,
    /// True when every page was rendered (first build, `site.yaml`, strings or files added or
    /// removed).
    pub full: bool,
    /// Content files parsed again.
    pub parsed: usize,
    /// Pages rendered: of the pages an edit could change, those whose view (their variables)
    /// changed, or all of them after a template changed.
    pub rendered: usize,
    /// Files written (their bytes changed).
    pub written: usize,
    /// Files removed from the output.
    pub removed: usize,
    /// Pages in the site.
    pub pages: usize,
    pub elapsed: Duration,
    /// How long each phase took.
    pub timings: Timings,
    /// Where the site was written.
    pub output: PathBuf,
    /// True when the output folder was refused ([`write::check_output`]): nothing was
    /// written, and no edit of the content can change that.
    pub refused: bool,
}

/// Wall-clock time of each phase of one rebuild; a phase that did not run (the build stopped
/// at an error before it) is zero.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Timings {
    /// Walking the site, reading and parsing changed files.
    pub load: Duration,
    /// Resolving the site (the changed documents, and what links the whole site) and loading
    /// the theme.
    pub resolve: Duration,
    /// Planning the pages and rendering those an edit can change. Runs at the same time as
    /// `site_files`, so the two overlap.
    pub render: Duration,
    /// Making the site-wide files: search index, `data.json` and the other exports, static
    /// files, sitemap; in a rebuild also writing those that changed into temporary files
    /// beside their places (they are put in place with the pages, in `write`).
    pub site_files: Duration,
    /// Hashing the files made, to find those whose bytes changed.
    pub hash: Duration,
    /// Writing the changed files (the changed pages; the site-wide files were written with
    /// `site_files`), putting them all in place, and removing the old ones.
    pub write: Duration,
}

impl Timings {
    /// One line for the terminal: `load 7.0 ms, resolve 190.1 ms, …`.
    pub fn line(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        format!(
            "load {:.1} ms, resolve {:.1} ms, render pages {:.1} ms, site-wide files {:.1} ms, hash {:.1} ms, write {:.1} ms",
            ms(self.load),
            ms(self.resolve),
            ms(self.render),
            ms(self.site_files),
            ms(self.hash),
            ms(self.write)
        )
    }
}

impl Report {
    /// True for a successful build that rendered, wrote and removed nothing (files were
    /// touched, or read again, but their content is what the site already shows).
    pub fn changed_nothing(&self) -> bool {
        self.success && !self.full && self.rendered == 0 && self.written == 0 && self.removed == 0
    }
}

/// What the last successful build left, to compare the next one against.
struct Last {
    site_text: Option<Arc<str>>,
    sources: BTreeMap<PathBuf, Arc<str>>,
    templates: BTreeMap<String, String>,
    strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Every page: its output path, template and the entities it is made from.
    plan: Plan,
    /// Output path → hash of the bytes written, for every file but the site-wide ones.
    hashes: HashMap<String, u64>,
    /// Output path → the view of every page (see [`Renderer::render_changed_pages`]).
    views: HashMap<String, u64>,
    /// The site-wide files, by parts. Taken (left empty) while a rebuild updates them.
    site_files: SiteFiles,
    output: PathBuf,
}

/// Builds a site again and again, each time doing only the work the changes need.
pub struct Rebuilder {
    root: PathBuf,
    output: Option<PathBuf>,
    options: resolve::Options,
    load_cache: load::Cache,
    markdown: Arc<markdown::Cache>,
    resolved: resolve::Cache,
    renderer: Option<Renderer>,
    last: Option<Last>,
}

impl Rebuilder {
    /// A rebuilder for the site at `root`, writing to `output` (or the site's own output
    /// folder).
    pub fn new(root: &Path, output: Option<PathBuf>, options: resolve::Options) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            output,
            options,
            load_cache: load::Cache::default(),
            markdown: Arc::new(markdown::Cache::default()),
            resolved: resolve::Cache::default(),
            renderer: None,
            last: None,
        }
    }

    /// Builds the site. `changed` names files known to have changed (from file events); files
    /// are also compared by content, so an empty list is always safe.
    pub fn build(&mut self, changed: &[PathBuf]) -> Report {
        let started = Instant::now();
        let loaded = load::load_with(&self.root, &mut self.load_cache, changed);
        let mut report = Report {
            parsed: self.load_cache.parsed,
            ..Report::default()
        };
        report.timings.load = started.elapsed();
        let phase = Instant::now();
        let resolved = resolve::resolve_cached(
            &loaded,
            self.options,
            self.markdown.clone(),
            &mut self.resolved,
        );
        report.diagnostics = resolved.diagnostics;
        report.sources = loaded.sources.clone();

        let theme_name = loaded
            .site
            .as_ref()
            .and_then(|s| s.raw.theme.as_ref())
            .map(|t| t.as_str().to_string());
        let theme = match theme::load(&self.root, theme_name.as_deref()) {
            Ok(t) => t,
            Err(errs) => {
                report.diagnostics.extend(errs);
                return self.finish(report, started);
            }
        };
        if self
            .renderer
            .as_ref()
            .is_none_or(|r| !same_theme(r.theme(), &theme))
        {
            match Renderer::new(theme) {
                Ok(r) => self.renderer = Some(r),
                Err(errs) => {
                    report.diagnostics.extend(errs);
                    return self.finish(report, started);
                }
            }
        }
        let Some(site) = resolved.site else {
            return self.finish(report, started);
        };
        let renderer = self.renderer.as_ref().expect("set above");
        if report.diagnostics.iter().any(Diagnostic::is_error) {
            return self.finish(report, started);
        }
        let output = self
            .output
            .clone()
            .unwrap_or_else(|| write::output_dir(&self.root, &site.config));
        report.output = output.clone();
        if let Err(d) = write::check_output(&self.root, &output) {
            report.diagnostics.push(d);
            report.refused = true;
            return self.finish(report, started);
        }

        report.timings.resolve = phase.elapsed();
        let phase = Instant::now();
        let sources = loaded.sources.as_map();
        let site_text = sources.get(Path::new(load::SITE_FILE)).cloned();
        let mut last = self
            .last
            .take()
            .filter(|l| l.output == output && output.join(write::MARKER).exists());
        let full = match &last {
            None => true,
            Some(l) => {
                l.site_text != site_text
                    || l.strings != renderer.theme().strings
                    || !l.sources.keys().eq(sources.keys())
            }
        };
        let changed_files: Option<HashSet<PathBuf>> = match (&last, full) {
            (Some(l), false) => Some(
                sources
                    .iter()
                    .filter(|(p, text)| {
                        l.sources
                            .get(*p)
                            .is_none_or(|old| !load::same_text(old, text))
                    })
                    .map(|(p, _)| p.clone())
                    .collect(),
            ),
            _ => None,
        };
        let changed_templates = last
            .as_ref()
            .map(|l| affected_templates(&l.templates, &renderer.theme().templates));
        report.full = full;
        // A page whose view is the last one has the bytes it had, unless a template changed.
        let mut views = match (&mut last, &changed_templates) {
            (Some(l), Some(t)) if !full && t.is_empty() => std::mem::take(&mut l.views),
            _ => HashMap::new(),
        };
        let languages = render::languages(&site);
        let last_site_files = last.as_mut().map(|l| std::mem::take(&mut l.site_files));
        let rebuild = last.is_some();
        // The pages (planned, chosen and rendered) and the site-wide files (search index,
        // exports) at the same time. In a rebuild the site-wide files that changed are written
        // beside their places while the pages render, and put in place with them.
        let ((plan, selected, pages, render_time), (site_files, staged, site_files_time)) =
            rayon::join(
                || {
                    let plan = renderer.plan(&site);
                    let selected = match (&last, &changed_files, &changed_templates) {
                        (Some(l), Some(files), Some(templates)) => {
                            select(&site, &plan, l, files, templates)
                        }
                        _ => (0..plan.pages().count()).collect(),
                    };
                    let pages = renderer.render_changed_pages(&site, &plan, &selected, &views);
                    (plan, selected, pages, phase.elapsed())
                },
                || {
                    let started = Instant::now();
                    let mut files = SiteFiles::update(
                        last_site_files,
                        &site,
                        &languages,
                        changed_files.as_ref(),
                    );
                    let staged = rebuild.then(|| write::stage(&output, &files.changed));
                    if staged.is_some() {
                        files.files.keep(&mut files.changed);
                    }
                    (files, staged, started.elapsed())
                },
            );
        report.pages = plan.pages().count();
        let site_files::Update {
            files: mut site_files,
            changed: made,
            removed: site_files_removed,
        } = site_files;
        let phase = Instant::now();
        let others = Mutex::new(Vec::new());
        let others_result =
            renderer.other_files_into(&site, &plan, site_files.paths().clone(), &|o| {
                others.lock().expect("no thread panicked").push(o);
                Ok(())
            });
        let others = others.into_inner().expect("no thread panicked");
        report.timings.render = render_time;
        report.timings.site_files = site_files_time + phase.elapsed();
        let mut files = match (pages, others_result) {
            (Ok((pages, new_views)), Ok(())) => {
                let outputs: Vec<&str> = plan.pages().map(|(out, _, _)| out).collect();
                for (&i, view) in selected.iter().zip(new_views) {
                    views.insert(outputs[i].to_string(), view);
                }
                let outputs: HashSet<&str> = outputs.into_iter().collect();
                views.retain(|out, _| outputs.contains(out.as_str()));
                pages
            }
            (pages, others) => {
                report
                    .diagnostics
                    .extend(pages.err().into_iter().chain(others.err()).flatten());
                return self.finish(report, started);
            }
        };
        report.rendered = files.len();
        // Only what was rendered or read again is hashed: the site-wide files know which of
        // theirs changed.
        let phase = Instant::now();
        files.extend(others);
        let hashes: Vec<u64> = files.par_iter().map(|o| hash(&o.bytes)).collect();
        report.timings.hash = phase.elapsed();
        let phase = Instant::now();

        let mut new_hashes: HashMap<String, u64> = match &last {
            Some(l) => plan
                .pages()
                .filter_map(|(out, _, _)| l.hashes.get(out).map(|h| (out.to_string(), *h)))
                .collect(),
            None => HashMap::new(),
        };
        let paths: Vec<String> = files.iter().map(|o| o.path.clone()).collect();
        let result = match &last {
            None => {
                files.extend(made);
                let result = write::write_site(&output, &files);
                site_files.keep(&mut files);
                result
            }
            Some(l) => {
                let changed_outputs: Vec<Output> = files
                    .into_iter()
                    .zip(&hashes)
                    .filter(|(o, h)| l.hashes.get(&o.path) != Some(*h))
                    .map(|(o, _)| o)
                    .collect();
                let present: HashSet<&str> = paths
                    .iter()
                    .map(String::as_str)
                    .chain(plan.pages().map(|(out, _, _)| out))
                    .chain(site_files.paths().iter().map(String::as_str))
                    .collect();
                let removed: Vec<String> = l
                    .hashes
                    .keys()
                    .chain(&site_files_removed)
                    .filter(|p| !present.contains(p.as_str()))
                    .cloned()
                    .collect();
                report.removed = removed.len();
                let staged = staged.expect("staged in every rebuild");
                staged
                    .and_then(|mut staged| {
                        staged.extend(write::stage(&output, &changed_outputs)?);
                        Ok(staged)
                    })
                    .and_then(|staged| staged.commit(&output, &removed))
            }
        };
        report.timings.write = phase.elapsed();
        match result {
            Ok(written) => report.written = written.files,
            Err(d) => {
                report.diagnostics.push(d);
                return self.finish(report, started);
            }
        }
        new_hashes.extend(paths.into_iter().zip(hashes));
        self.last = Some(Last {
            site_text,
            sources: sources.clone(),
            templates: renderer.theme().templates.clone(),
            strings: renderer.theme().strings.clone(),
            plan,
            hashes: new_hashes,
            views,
            site_files,
            output,
        });
        self.resolved.keep(site);
        report.success = true;
        self.finish(report, started)
    }

    fn finish(&self, mut report: Report, started: Instant) -> Report {
        report.elapsed = started.elapsed();
        report
    }
}

/// The pages of `plan` (for `site`) whose output an edit can change, by their index in the
/// plan: those made from one of the `changed` content files (before or after the edit), those
/// of a changed template or of another template than last time, and the new ones. The set of
/// content files is the last one (else every page is rendered), so entities are numbered as in
/// the last plan.
fn select(
    site: &Site,
    plan: &Plan,
    last: &Last,
    changed: &HashSet<PathBuf>,
    changed_templates: &BTreeSet<String>,
) -> Vec<usize> {
    let mut changed: Vec<Entity> = site
        .entities()
        .filter(|&e| {
            changed.contains(site.file_of(e))
                || matches!(e, Entity::Page(p)
                    if site.pages[p].translations.iter().any(|(_, f)| changed.contains(f)))
        })
        .collect();
    changed.sort_unstable();
    let made_from = |deps: &[Entity]| {
        if changed.len() <= deps.len() {
            changed.iter().any(|e| deps.binary_search(e).is_ok())
        } else {
            deps.iter().any(|e| changed.binary_search(e).is_ok())
        }
    };
    // Pages keep their places in the plan unless pages came or went.
    let same_places = plan.pages().count() == last.plan.pages().count()
        && plan
            .pages()
            .zip(last.plan.pages())
            .all(|((a, _, _), (b, _, _))| a == b);
    let places: HashMap<&str, usize> = if same_places {
        HashMap::new()
    } else {
        last.plan
            .pages()
            .enumerate()
            .map(|(i, (out, _, _))| (out, i))
            .collect()
    };
    plan.pages()
        .enumerate()
        .filter(|(i, (out, template, deps))| {
            let old = if same_places {
                Some(*i)
            } else {
                places.get(out).copied()
            };
            match old.and_then(|j| last.plan.page(j)) {
                None => true,
                Some((_, old_template, old_deps)) => {
                    changed_templates.contains(*template)
                        || old_template != *template
                        || made_from(deps)
                        || made_from(old_deps)
                }
            }
        })
        .map(|(i, _)| i)
        .collect()
}

fn same_theme(a: &Theme, b: &Theme) -> bool {
    a.templates == b.templates && a.statics == b.statics && a.strings == b.strings
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The templates whose output may have changed: those whose text changed, and, transitively,
/// those that extend, include or import one of them.
fn affected_templates(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let mut affected: BTreeSet<String> = new
        .iter()
        .filter(|(name, text)| old.get(*name) != Some(*text))
        .map(|(name, _)| name.clone())
        .chain(old.keys().filter(|k| !new.contains_key(*k)).cloned())
        .collect();
    loop {
        let more: Vec<String> = new
            .iter()
            .filter(|(name, _)| !affected.contains(*name))
            .filter(|(_, text)| uses(text).iter().any(|u| affected.contains(*u)))
            .map(|(name, _)| name.clone())
            .collect();
        if more.is_empty() {
            return affected;
        }
        affected.extend(more);
    }
}

/// The template names a template's `extends`, `include` and `import` tags name.
fn uses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag
            .split("%}")
            .next()
            .unwrap_or("")
            .trim_start_matches('-')
            .trim();
        let keyword = tag.split_whitespace().next().unwrap_or("");
        if matches!(keyword, "extends" | "include" | "import") {
            out.extend(tag.split('"').skip(1).step_by(2));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_template_uses() {
        assert_eq!(
            uses(
                r#"{% extends "base.html" %}{% import "macros.html" as m %}{%- include "a.html" -%}{% if x %}"#
            ),
            vec!["base.html", "macros.html", "a.html"]
        );
    }

    #[test]
    fn template_changes_spread_to_users() {
        let old: BTreeMap<String, String> = [
            ("base.html", "base"),
            ("stage.html", r#"{% extends "base.html" %}"#),
            (
                "module.html",
                r#"{% extends "base.html" %}{% import "macros.html" as m %}"#,
            ),
            ("macros.html", "m"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let mut new = old.clone();
        new.insert("macros.html".into(), "m2".into());
        let affected = affected_templates(&old, &new);
        assert_eq!(
            affected.into_iter().collect::<Vec<_>>(),
            vec!["macros.html", "module.html"]
        );
        new.insert("base.html".into(), "b2".into());
        assert_eq!(affected_templates(&old, &new).len(), 4);
    }
}
