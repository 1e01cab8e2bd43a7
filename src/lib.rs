//! jenjang: a static-site generator for career roadmaps, training curricula and competency
//! frameworks.
//!
//! The pipeline runs in one direction:
//!
//! ```text
//! site folder ─load─▶ Loaded ─resolve─▶ Site ─render─▶ [Output] ─write─▶ output folder
//! ```
//!
//! - [`load`] walks the site and parses every file into raw structs with source positions;
//! - [`resolve`] checks ids and references and builds the linked [`model::Site`];
//! - [`render`] turns the site into pages with the [`theme`]'s Tera templates;
//! - [`write`](mod@write) swaps the pages into the output folder atomically.
//!
//! Problems are [`diagnostics::Diagnostic`] values all the way up; only the commands in the
//! binary print them.

pub mod diagnostics;
pub mod export;
pub mod load;
pub mod markdown;
pub mod model;
pub mod rebuild;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod theme;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diagnostics::{Code, Diagnostic};
use load::Sources;
use model::Site;
use render::{Output, Renderer};

/// What running the pipeline up to (not including) writing produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The resolved site, when there were no errors.
    pub site: Option<Site>,
    /// The rendered files, when there were no errors.
    pub outputs: Option<Vec<Output>>,
    /// How many of the outputs are pages.
    pub pages: usize,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of every file that a diagnostic of load or resolve names, for showing source
    /// lines ([`Sources::keep_named`]).
    pub sources: Sources,
    /// How long each phase took.
    pub timings: Timings,
}

/// Wall time of each phase of one run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub load: Duration,
    pub resolve: Duration,
    pub render: Duration,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads, resolves and renders the site at `root`, writing nothing.
pub fn run(root: &Path, options: resolve::Options) -> Outcome {
    let (mut outcome, ready, started) = prepare(root, options);
    if let Some((site, renderer)) = ready {
        match renderer.render(&site) {
            Ok((outputs, pages)) => {
                outcome.outputs = Some(outputs);
                outcome.pages = pages;
            }
            Err(errs) => outcome.diagnostics.extend(errs),
        }
        outcome.site = Some(site);
    }
    outcome.timings.render = started.elapsed();
    outcome
}

/// Loads, resolves and renders the site at `root` as [`run`] does, but drops every file as soon
/// as it is rendered ([`Outcome::outputs`] stays `None`): every problem a build would find and
/// the number of pages, in the memory of one page at a time rather than of the whole site.
pub fn check(root: &Path, options: resolve::Options) -> Outcome {
    let (mut outcome, ready, started) = prepare(root, options);
    if let Some((site, renderer)) = ready {
        match renderer.render_into(&site, &Discard) {
            Ok(pages) => outcome.pages = pages,
            Err(errs) => outcome.diagnostics.extend(errs),
        }
        outcome.site = Some(site);
    }
    outcome.timings.render = started.elapsed();
    outcome
}

/// A [`render::Sink`] that drops every file, written in pieces or not.
struct Discard;

impl render::Sink for Discard {
    fn put(&self, _: Output) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        write(&mut std::io::sink())
            .map_err(|e| Diagnostic::error(Code::Io, format!("cannot make {path}: {e}")))
    }
}

/// Loads, resolves and renders the site at `root` as [`run`] does, but writes every file into
/// a new output folder as soon as it is rendered, so that the site's bytes are never all in
/// memory ([`Outcome::outputs`] stays `None`), and swaps the folder in once every file is
/// written ([`write::Staging`]).
///
/// `output` is called once the site has resolved without errors, with every diagnostic found
/// so far, and returns the folder to write or `None` to write nothing (`--strict` with
/// warnings). The folder is checked with [`write::check_output`]. Returns what was written, or
/// `None` when nothing was: then the previous output is unchanged and the reason is in the
/// diagnostics (unless `output` declined). The render time includes writing.
pub fn build(
    root: &Path,
    options: resolve::Options,
    output: impl FnOnce(&Outcome, &Site) -> Option<PathBuf>,
) -> (Outcome, Option<write::Written>) {
    let (mut outcome, ready, started) = prepare(root, options);
    let mut written = None;
    if let Some((site, renderer)) = ready {
        if let Some(dir) = output(&outcome, &site) {
            let result = write::check_output(root, &dir)
                .and_then(|()| write::Staging::new(&dir))
                .map(|mut staging| {
                    staging.set_site_id(&site.config.id);
                    staging
                })
                .map_err(|d| vec![d])
                .and_then(|staging| {
                    let pages = renderer.render_into(&site, &staging)?;
                    Ok((pages, staging.commit().map_err(|d| vec![d])?))
                });
            match result {
                Ok((pages, w)) => {
                    outcome.pages = pages;
                    written = Some(w);
                }
                Err(errs) => outcome.diagnostics.extend(errs),
            }
        }
        outcome.site = Some(site);
    }
    outcome.timings.render = started.elapsed();
    (outcome, written)
}

/// Loads and resolves the site at `root` and loads its theme: the outcome so far, the site
/// and its renderer when both are ready (the site resolved without errors), and when the
/// render phase (which includes loading the theme) started.
fn prepare(root: &Path, options: resolve::Options) -> (Outcome, Option<(Site, Renderer)>, Instant) {
    let started = Instant::now();
    let loaded = load::load(root);
    let load_time = started.elapsed();

    let started = Instant::now();
    let resolved = resolve::resolve(&loaded, options);
    let resolve_time = started.elapsed();
    let mut outcome = Outcome {
        diagnostics: resolved.diagnostics,
        sources: loaded.sources,
        timings: Timings {
            load: load_time,
            resolve: resolve_time,
            render: Duration::ZERO,
        },
        ..Outcome::default()
    };
    outcome.sources.keep_named(&outcome.diagnostics);

    let theme_name = loaded
        .site
        .as_ref()
        .and_then(|s| s.raw.theme.as_ref())
        .map(|t| t.as_str().to_string());
    let started = Instant::now();
    let theme = match theme::load(root, theme_name.as_deref()) {
        Ok(t) => t,
        Err(errs) => {
            outcome.diagnostics.extend(errs);
            return (outcome, None, started);
        }
    };
    if let Some(site) = &resolved.site {
        outcome
            .diagnostics
            .extend(write::site_id_changed(root, site));
        for lang in &site.config.languages {
            if !theme.has_language(lang) {
                outcome.diagnostics.push(
                    Diagnostic::warning(
                        Code::Config,
                        format!("the theme has no interface strings for `{lang}`; English is used"),
                    )
                    .in_file(load::SITE_FILE)
                    .hint(format!(
                        "add themes/<theme>/i18n/{lang}.yaml (built in: {})",
                        theme::builtin_languages().join(", ")
                    )),
                );
            }
        }
        if options.strict && outcome.diagnostics.iter().any(|d| !d.is_error()) {
            diagnostics::make_errors(&mut outcome.diagnostics);
            return (outcome, None, started);
        }
    }

    let renderer = match Renderer::new(theme) {
        Ok(r) => r,
        Err(errs) => {
            outcome.diagnostics.extend(errs);
            return (outcome, None, started);
        }
    };
    let ready = resolved.site.map(|site| (site, renderer));
    (outcome, ready, started)
}
