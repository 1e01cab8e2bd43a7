//! Render: pure functions from a resolved [`Site`] and a [`Theme`] to output files.
//!
//! Templates are parsed once ([`Renderer::new`]); pages are rendered in parallel. Each
//! [`Output`] is a path relative to the output folder and its bytes; nothing is written here.

pub mod diagram;
pub mod search;
pub mod urls;
pub mod views;

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::{Map, Value};
use tera::Tera;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Entity, Section, Site};
use crate::theme::Theme;
use views::{Language, Shared, View};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the output folder, `/`-separated (`roadmaps/teacher-career/index.html`).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where [`Renderer::render_into`] hands the files it makes, from several threads at once.
///
/// A closure `Fn(Output) -> Result<(), Diagnostic>` is a sink that takes every file whole;
/// [`crate::write::Staging`] also writes `data.json` (tens of megabytes at 10,000 pages) piece
/// by piece as it is made, rather than after it is whole in memory.
pub trait Sink: Sync {
    /// Takes one file.
    fn put(&self, file: Output) -> Result<(), Diagnostic>;

    /// Takes the file at `path` that `write` writes from start to end. By default the bytes
    /// are collected and handed to [`Sink::put`].
    fn put_streamed(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        write(&mut bytes)
            .map_err(|e| Diagnostic::error(Code::Io, format!("cannot make {path}: {e}")))?;
        self.put(Output {
            path: path.to_string(),
            bytes,
        })
    }
}

impl<F: Fn(Output) -> Result<(), Diagnostic> + Sync> Sink for F {
    fn put(&self, file: Output) -> Result<(), Diagnostic> {
        self(file)
    }
}

/// A theme's templates, parsed and ready.
pub struct Renderer {
    tera: Tera,
    theme: Theme,
}

/// Every page of a site: where each goes, the template it uses and the content files it is made
/// from.
pub struct Plan {
    languages: Vec<Language>,
    jobs: Vec<Job>,
}

impl Plan {
    /// (output path, template name, entities) of every page, in a stable order. The entities
    /// are those whose content files the page shows something of (a free page's entity stands
    /// for its file and its translations' files), sorted, without repeats; `site.yaml` and the
    /// theme are not listed since every page depends on them.
    pub fn pages(&self) -> impl Iterator<Item = (&str, &str, &[Entity])> {
        self.jobs.iter().map(Job::page)
    }

    /// The page at `index` in the order of [`Plan::pages`].
    pub fn page(&self, index: usize) -> Option<(&str, &str, &[Entity])> {
        self.jobs.get(index).map(Job::page)
    }
}

/// (code, folder prefix) of every language of `site`, the default first: the default
/// language's pages are at the root (prefix `""`), another's under `<code>/`.
pub fn languages(site: &Site) -> Vec<(String, String)> {
    site.config
        .languages
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let prefix = if i == 0 {
                String::new()
            } else {
                format!("{code}/")
            };
            (code.clone(), prefix)
        })
        .collect()
}

/// One page to render: where it goes, with which template, and its own variables.
struct Job {
    /// Index into the plan's languages.
    lang: usize,
    /// The page's folder path (`roadmaps/x/`), or a file path (`404.html`), without the
    /// language folder.
    path: String,
    /// The file written: the language folder, `path`, and `index.html` for folders.
    output: String,
    /// The entities whose content files the page shows something of, sorted.
    deps: Vec<Entity>,
    template: &'static str,
    title: String,
    section: Option<Section>,
    page_index: Option<usize>,
    breadcrumbs: Vec<(String, String)>,
    build: Build,
}

impl Job {
    fn page(&self) -> (&str, &str, &[Entity]) {
        (self.output.as_str(), self.template, self.deps.as_slice())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Build {
    Home,
    List(Section),
    Roadmap(usize),
    Stage(usize, usize),
    Module(usize),
    Framework(usize),
    /// The curriculum map of one framework.
    CurriculumFramework(usize),
    Competency(usize, usize),
    Scale(usize),
    Page(usize),
    NotFound,
}

impl Renderer {
    /// Parses every template of `theme`. Template syntax errors come back as diagnostics naming
    /// the template.
    pub fn new(theme: Theme) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape);
        let templates: Vec<(String, String)> = theme
            .templates
            .iter()
            .map(|(name, text)| (name.clone(), text.clone()))
            .collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(vec![template_error("cannot load the templates", &e)]);
        }
        Ok(Renderer { tera, theme })
    }

    /// The theme the renderer was made from.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Renders every page of `site` and collects the other files (see [`Renderer::assets`]).
    /// Returns every file, sorted by path, and how many of them are pages.
    pub fn render(&self, site: &Site) -> Result<(Vec<Output>, usize), Vec<Diagnostic>> {
        let plan = self.plan(site);
        let all: Vec<usize> = (0..plan.jobs.len()).collect();
        let mut outputs = self.render_pages(site, &plan, &all)?;
        let assets = self.assets(site, &plan)?;
        outputs.extend(assets);
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((outputs, plan.jobs.len()))
    }

    /// Like [`Renderer::render`], but hands every file to `sink` as soon as it is made (from
    /// several threads at once, in no particular order) instead of collecting them, so that
    /// the site's bytes are never all in memory. Returns how many pages the site has, or every
    /// template error and the first error `sink` returned.
    pub fn render_into(&self, site: &Site, sink: &dyn Sink) -> Result<usize, Vec<Diagnostic>> {
        let plan = self.plan(site);
        let shared = self.shared(site, &plan);
        let (pages, assets) = rayon::join(
            || {
                plan.jobs
                    .par_iter()
                    .map_init(
                        || self.contexts(&shared),
                        |contexts, job| {
                            self.render_job(&shared[job.lang], &mut contexts[job.lang], job)
                                .and_then(|o| sink.put(o))
                                .err()
                        },
                    )
                    .flatten()
                    .collect::<Vec<Diagnostic>>()
            },
            || self.assets_into(site, &plan, sink),
        );
        let mut errors: Vec<Diagnostic> = Vec::new();
        for d in pages.into_iter().chain(assets.err().into_iter().flatten()) {
            // One write error is enough: the others are most likely the same (a full disk).
            if d.code != Code::Io || !errors.iter().any(|e| e.code == Code::Io) {
                errors.push(d);
            }
        }
        if errors.is_empty() {
            Ok(plan.jobs.len())
        } else {
            Err(errors)
        }
    }

    /// The site-wide values of every language of `plan`.
    fn shared<'a>(&self, site: &'a Site, plan: &'a Plan) -> Vec<Shared<'a>> {
        plan.languages
            .iter()
            .map(|l| Shared::new(site, l, &plan.languages))
            .collect()
    }

    /// A Tera context per language holding only [`Shared::base`]: each thread keeps its own
    /// and [`Renderer::render_job`] adds and removes the page's variables, so that the
    /// site-wide ones (the interface strings above all) are not copied for every page.
    fn contexts(&self, shared: &[Shared]) -> Vec<tera::Context> {
        shared
            .iter()
            .map(|s| {
                tera::Context::from_value(Value::Object(s.base())).expect("a map is an object")
            })
            .collect()
    }

    /// Every page the site has, in every language, with what each is made from.
    pub fn plan(&self, site: &Site) -> Plan {
        let languages: Vec<Language> = languages(site)
            .into_iter()
            .map(|(code, prefix)| {
                let strings: Map<String, Value> = self
                    .theme
                    .strings_for(&code)
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect();
                Language {
                    name: strings
                        .get("language_name")
                        .and_then(Value::as_str)
                        .unwrap_or(&code)
                        .to_string(),
                    code,
                    prefix,
                    strings,
                }
            })
            .collect();
        let mut all = Vec::new();
        for (i, language) in languages.iter().enumerate() {
            let shared = Shared::new(site, language, &languages);
            for mut job in jobs(site, &shared) {
                if i > 0 && job.build == Build::NotFound {
                    continue;
                }
                job.lang = i;
                job.output = format!("{}{}", language.prefix, job.output);
                all.push(job);
            }
        }
        Plan {
            languages,
            jobs: all,
        }
    }

    /// Renders the pages of `plan` at `indices`, in parallel.
    pub fn render_pages(
        &self,
        site: &Site,
        plan: &Plan,
        indices: &[usize],
    ) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let shared = self.shared(site, plan);
        let results: Vec<Result<Output, Diagnostic>> = indices
            .par_iter()
            .map_init(
                || self.contexts(&shared),
                |contexts, &i| {
                    let job = &plan.jobs[i];
                    self.render_job(&shared[job.lang], &mut contexts[job.lang], job)
                },
            )
            .collect();
        let mut outputs = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(o) => outputs.push(o),
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(outputs)
        } else {
            Err(errors)
        }
    }

    /// The files that are not pages: the theme's static files (under `assets/`), the search
    /// index, the exports, the site's `content/static/` files, and with `base_url` the sitemap
    /// and `robots.txt`. A static file that would replace a generated one is an error.
    pub fn assets(&self, site: &Site, plan: &Plan) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let outputs = Mutex::new(Vec::new());
        self.assets_into(site, plan, &|o| {
            outputs.lock().expect("no thread panicked").push(o);
            Ok(())
        })?;
        Ok(outputs.into_inner().expect("no thread panicked"))
    }

    /// Like [`Renderer::assets`], but hands every file to `sink` as soon as it is made (from
    /// several threads, in no particular order), so that the exports and the search index are
    /// not all held at once. Returns every problem, or the first error of `sink`.
    pub fn assets_into(
        &self,
        site: &Site,
        plan: &Plan,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        // The path of every file generated, for the check of the site's static files.
        let generated = Mutex::new(HashSet::from([crate::export::data::PATH.to_string()]));
        let emit = |o: Output| {
            generated
                .lock()
                .expect("no thread panicked")
                .insert(o.path.clone());
            sink.put(o)
        };
        let (indexes, exports) = rayon::join(
            || {
                plan.languages.par_iter().try_for_each(|l| {
                    search::files_into(site, &l.code, &l.prefix, &mut |path, text| {
                        emit(Output {
                            path,
                            bytes: text.into_bytes(),
                        })
                    })
                })
            },
            || {
                let data = crate::export::data::PATH;
                let (data, localized) = rayon::join(
                    || sink.put_streamed(data, &|w| crate::export::data::write(site, w)),
                    || {
                        crate::export::localized_each_language(site, &|f| {
                            emit(Output {
                                path: f.path,
                                bytes: f.bytes,
                            })
                        })
                    },
                );
                data.and(localized)
            },
        );
        indexes.and(exports).map_err(|d| vec![d])?;
        let generated = generated.into_inner().expect("no thread panicked");
        self.other_files_into(site, plan, generated, sink)
    }

    /// The files of [`Renderer::assets_into`] that are neither the search index nor exports:
    /// the theme's static files, the schema of `data.json`, with `base_url` the sitemap (and
    /// `robots.txt` at a host's root), and the site's
    /// `content/static/` files, refused when one would replace a page or a file of `generated`
    /// (the paths of the search index and the exports).
    pub fn other_files_into(
        &self,
        site: &Site,
        plan: &Plan,
        mut generated: HashSet<String>,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        let mut emit = |o: Output| {
            generated.insert(o.path.clone());
            sink.put(o)
        };
        for (path, bytes) in &self.theme.statics {
            emit(Output {
                path: format!("assets/{}", slash(path)),
                bytes: bytes.clone(),
            })
            .map_err(|d| vec![d])?;
        }
        emit(Output {
            path: crate::export::data::SCHEMA_PATH.into(),
            bytes: crate::export::data::SCHEMA.as_bytes().to_vec(),
        })
        .map_err(|d| vec![d])?;
        if let Some(base) = &site.config.base_url {
            emit(sitemap(site, base, plan)).map_err(|d| vec![d])?;
            if let Some(robots) = robots(base) {
                emit(robots).map_err(|d| vec![d])?;
            }
        }
        generated.extend(plan.jobs.iter().map(|j| j.output.clone()));
        let mut errors = Vec::new();
        for file in &site.statics {
            let path = slash(&file.rel);
            let shown = Path::new(crate::load::CONTENT_DIR)
                .join("static")
                .join(&file.rel);
            if generated.contains(&path) || path.starts_with("assets/") {
                errors.push(
                    Diagnostic::error(
                        Code::Config,
                        format!("the static file `{path}` would replace a file jenjang generates"),
                    )
                    .in_file(shown)
                    .hint("move it to another folder under content/static/"),
                );
                continue;
            }
            match crate::load::read_static(&file.abs, &shown) {
                Ok(bytes) => {
                    if let Err(d) = sink.put(Output { path, bytes }) {
                        errors.push(d);
                        break;
                    }
                }
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Renders one page with `context`, which holds the [`Shared::base`] variables of the
    /// page's language and holds them only again when this returns.
    fn render_job(
        &self,
        shared: &Shared,
        context: &mut tera::Context,
        job: &Job,
    ) -> Result<Output, Diagnostic> {
        self.render_vars(context, job, page_vars(shared, job))
    }

    /// Renders the page of `job` with its variables `vars` added to `context` (which holds
    /// only the [`Shared::base`] variables again when this returns).
    fn render_vars(
        &self,
        context: &mut tera::Context,
        job: &Job,
        vars: Map<String, Value>,
    ) -> Result<Output, Diagnostic> {
        let keys: Vec<String> = vars.keys().cloned().collect();
        context.extend(
            tera::Context::from_value(Value::Object(vars))
                .map_err(|e| template_error("cannot build the page's variables", &e))?,
        );
        let html = self.tera.render(job.template, context);
        for key in &keys {
            context.remove(key);
        }
        let html = html.map_err(|e| {
            template_error(
                &format!("cannot render {} with {}", job.path, job.template),
                &e,
            )
        })?;
        Ok(Output {
            path: job.output.clone(),
            bytes: html.into_bytes(),
        })
    }

    /// Like [`Renderer::render_pages`], but a page whose *view* — a 64-bit hash of its
    /// template's name and of every variable it is rendered with, the site-wide ones included —
    /// is `last[output path]` is not rendered: with the same templates, its bytes are those
    /// it had. Returns the pages rendered and the view of every page at `indices` (in their
    /// order), for the next call's `last`. The caller must render every page again when a
    /// template changes.
    pub fn render_changed_pages(
        &self,
        site: &Site,
        plan: &Plan,
        indices: &[usize],
        last: &HashMap<String, u64>,
    ) -> Result<(Vec<Output>, Vec<u64>), Vec<Diagnostic>> {
        let shared = self.shared(site, plan);
        let bases: Vec<u64> = shared
            .iter()
            .map(|s| fingerprint(&Value::Object(s.base()), 0))
            .collect();
        let results: Vec<(u64, Option<Result<Output, Diagnostic>>)> = indices
            .par_iter()
            .map_init(
                || self.contexts(&shared),
                |contexts, &i| {
                    let job = &plan.jobs[i];
                    let vars = Value::Object(page_vars(&shared[job.lang], job));
                    let view = fingerprint(&(job.template, &vars), bases[job.lang]);
                    if last.get(&job.output) == Some(&view) {
                        return (view, None);
                    }
                    let Value::Object(vars) = vars else {
                        unreachable!("made as an object above")
                    };
                    let page = self.render_vars(&mut contexts[job.lang], job, vars);
                    (view, Some(page))
                },
            )
            .collect();
        let mut outputs = Vec::new();
        let mut views = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for (view, page) in results {
            views.push(view);
            match page {
                Some(Ok(o)) => outputs.push(o),
                Some(Err(d)) => errors.push(d),
                None => {}
            }
        }
        if errors.is_empty() {
            Ok((outputs, views))
        } else {
            Err(errors)
        }
    }
}

/// The variables of the page of `job`, besides the [`Shared::base`] ones.
fn page_vars(shared: &Shared, job: &Job) -> Map<String, Value> {
    let view = View::new(shared, &job.path);
    let site = shared.site;
    let summary = match job.build {
        Build::Roadmap(r) => site.roadmaps[r].summary.as_ref(),
        Build::Stage(r, s) => site.roadmaps[r].stages[s].summary.as_ref(),
        Build::Module(m) => site.modules[m].summary.as_ref(),
        Build::Framework(f) => site.frameworks[f].summary.as_ref(),
        Build::Competency(f, c) => site.frameworks[f].competencies[c].summary.as_ref(),
        Build::Scale(s) => site.scales[s].summary.as_ref(),
        Build::Page(p) => site.pages[p].summary.as_ref(),
        _ => None,
    };
    let mut vars = view.common(
        &job.title,
        summary,
        job.section,
        job.page_index,
        job.breadcrumbs.clone(),
    );
    let own = match job.build {
        Build::Home => view.home(),
        Build::List(Section::Roadmaps) => view.roadmaps(),
        Build::List(Section::Modules) => view.modules(),
        Build::List(Section::Competencies) => view.frameworks(),
        Build::List(Section::Scales) => view.scales(),
        Build::List(Section::Curriculum) => view.curriculum(),
        Build::CurriculumFramework(f) => view.curriculum_framework(f),
        Build::Roadmap(r) => view.roadmap(r),
        Build::Stage(r, s) => view.stage(r, s),
        Build::Module(m) => view.module(m),
        Build::Framework(f) => view.framework(f),
        Build::Competency(f, c) => view.competency(f, c),
        Build::Scale(s) => view.scale_page(s),
        Build::Page(p) => view.page(p),
        Build::NotFound => Value::Object(Map::new()),
    };
    if let Value::Object(own) = own {
        vars.extend(own);
    }
    vars
}

/// A 64-bit hash of `value` as JSON, starting from `seed`.
fn fingerprint(value: &impl serde::Serialize, seed: u64) -> u64 {
    /// Feeds what JSON writes into a hasher.
    struct Hashing(DefaultHasher);
    impl Write for Hashing {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hashing(DefaultHasher::new());
    h.0.write_u64(seed);
    serde_json::to_writer(&mut h, value).expect("JSON values and strings always serialise");
    h.0.finish()
}

/// Every page of the site, in a stable order, with the content files each shows something of.
fn jobs(site: &Site, shared: &Shared) -> Vec<Job> {
    let t = |k: &str| shared.t(k).to_string();
    let text = |l: &crate::model::Localized| shared.text(l);
    let files = |kind: Section| -> Vec<Entity> {
        let frameworks = (0..site.frameworks.len()).map(Entity::Framework);
        let modules = (0..site.modules.len()).map(Entity::Module);
        let roadmaps = (0..site.roadmaps.len()).map(Entity::Roadmap);
        match kind {
            Section::Roadmaps => roadmaps.collect(),
            Section::Modules => modules.collect(),
            Section::Competencies => frameworks.collect(),
            Section::Scales => (0..site.scales.len()).map(Entity::Scale).collect(),
            Section::Curriculum => frameworks.chain(modules).chain(roadmaps).collect(),
        }
    };
    let scale_file = |s: Option<usize>| s.map(Entity::Scale);
    let framework_files = |refs: &[crate::model::CompetencyRef]| -> Vec<Entity> {
        refs.iter()
            .map(|r| Entity::Framework(r.framework))
            .collect()
    };
    let job =
        |path: String, template: &'static str, title: String, build: Build, deps: Vec<Entity>| {
            let output = if path.ends_with(".html") {
                path.clone()
            } else {
                format!("{path}index.html")
            };
            let mut deps = deps;
            deps.sort_unstable();
            deps.dedup();
            Job {
                lang: 0,
                path,
                output,
                deps,
                template,
                title,
                section: None,
                page_index: None,
                breadcrumbs: vec![],
                build,
            }
        };

    let everything: Vec<Entity> = Section::ALL
        .iter()
        .flat_map(|s| files(*s))
        .chain((0..site.pages.len()).map(Entity::Page))
        .collect();
    let mut jobs = vec![
        job(
            String::new(),
            "index.html",
            text(&site.config.title),
            Build::Home,
            everything,
        ),
        job(
            "404.html".into(),
            "404.html",
            t("not_found"),
            Build::NotFound,
            vec![],
        ),
    ];
    let lists = [
        (Section::Roadmaps, "roadmaps.html", "roadmaps"),
        (Section::Modules, "modules.html", "modules"),
        (Section::Competencies, "frameworks.html", "frameworks"),
        (Section::Scales, "scales.html", "scales"),
        (Section::Curriculum, "curriculum.html", "curriculum_map"),
    ];
    for (section, template, title_key) in lists {
        if views::has_section(site, section) {
            let mut j = job(
                urls::section(section),
                template,
                t(title_key),
                Build::List(section),
                files(section),
            );
            j.section = Some(section);
            jobs.push(j);
        }
    }
    let crumb = |section: Section, key: &str| (t(key), urls::section(section));
    if views::has_section(site, Section::Curriculum) {
        for (fi, f) in site.frameworks.iter().enumerate() {
            let (modules, stages) = views::developers(f);
            let mut deps = vec![Entity::Framework(fi)];
            deps.extend(modules.iter().map(|&m| Entity::Module(m)));
            deps.extend(stages.iter().map(|&(r, _)| Entity::Roadmap(r)));
            let mut j = job(
                urls::curriculum_framework(site, fi),
                "curriculum_framework.html",
                format!("{}: {}", t("curriculum_map"), text(&f.title)),
                Build::CurriculumFramework(fi),
                deps,
            );
            j.section = Some(Section::Curriculum);
            j.breadcrumbs = vec![crumb(Section::Curriculum, "curriculum_map")];
            jobs.push(j);
        }
    }
    for (ri, r) in site.roadmaps.iter().enumerate() {
        let scale = scale_file(r.scale.or(site.config.progress_scale));
        let elsewhere = |s: &crate::model::Stage| -> Vec<Entity> {
            s.next_elsewhere
                .iter()
                .map(|&(o, _)| Entity::Roadmap(o))
                .collect()
        };
        let mut deps = vec![Entity::Roadmap(ri)];
        deps.extend(scale);
        deps.extend(r.stages.iter().flat_map(elsewhere));
        let mut j = job(
            urls::roadmap(site, ri),
            "roadmap.html",
            text(&r.title),
            Build::Roadmap(ri),
            deps,
        );
        j.section = Some(Section::Roadmaps);
        j.breadcrumbs = vec![crumb(Section::Roadmaps, "roadmaps")];
        jobs.push(j);
        for (si, s) in r.stages.iter().enumerate() {
            let mut deps = vec![Entity::Roadmap(ri)];
            deps.extend(scale);
            deps.extend(elsewhere(s));
            deps.extend(framework_files(&s.competencies));
            deps.extend(s.modules.iter().map(|&m| Entity::Module(m)));
            let mut j = job(
                urls::stage(site, ri, si),
                "stage.html",
                text(&s.title),
                Build::Stage(ri, si),
                deps,
            );
            j.section = Some(Section::Roadmaps);
            j.breadcrumbs = vec![
                crumb(Section::Roadmaps, "roadmaps"),
                (text(&r.title), urls::roadmap(site, ri)),
            ];
            jobs.push(j);
        }
    }
    for (mi, m) in site.modules.iter().enumerate() {
        let mut deps = vec![Entity::Module(mi)];
        deps.extend(framework_files(&m.competencies));
        deps.extend(
            m.units
                .iter()
                .flat_map(|u| framework_files(&u.competencies)),
        );
        deps.extend(m.prerequisites.iter().map(|&p| Entity::Module(p)));
        deps.extend(m.used_by.iter().map(|&(r, _)| Entity::Roadmap(r)));
        let assessment_scale = m.assessment.as_ref().and_then(|a| a.scale);
        deps.extend(scale_file(assessment_scale));
        deps.extend(scale_file(assessment_scale.or(site.config.progress_scale)));
        let mut j = job(
            urls::module(site, mi),
            "module.html",
            text(&m.title),
            Build::Module(mi),
            deps,
        );
        j.section = Some(Section::Modules);
        j.breadcrumbs = vec![crumb(Section::Modules, "modules")];
        jobs.push(j);
    }
    for (fi, f) in site.frameworks.iter().enumerate() {
        let mut j = job(
            urls::framework(site, fi),
            "framework.html",
            text(&f.title),
            Build::Framework(fi),
            vec![Entity::Framework(fi)],
        );
        j.section = Some(Section::Competencies);
        j.breadcrumbs = vec![crumb(Section::Competencies, "frameworks")];
        jobs.push(j);
        for (ci, c) in f.competencies.iter().enumerate() {
            let mut breadcrumbs = vec![
                crumb(Section::Competencies, "frameworks"),
                (text(&f.title), urls::framework(site, fi)),
            ];
            let mut ancestors = Vec::new();
            let mut p = c.parent;
            while let Some(pi) = p {
                ancestors.push((
                    text(&f.competencies[pi].title),
                    urls::competency(site, fi, pi),
                ));
                p = f.competencies[pi].parent;
            }
            breadcrumbs.extend(ancestors.into_iter().rev());
            let mut deps = vec![Entity::Framework(fi)];
            deps.extend(c.developed_by.iter().map(|d| match d.by {
                crate::model::Developer::Stage { roadmap, .. } => Entity::Roadmap(roadmap),
                crate::model::Developer::Module { module }
                | crate::model::Developer::Unit { module, .. } => Entity::Module(module),
            }));
            let mut j = job(
                urls::competency(site, fi, ci),
                "competency.html",
                text(&c.title),
                Build::Competency(fi, ci),
                deps,
            );
            j.section = Some(Section::Competencies);
            j.breadcrumbs = breadcrumbs;
            jobs.push(j);
        }
    }
    for (si, s) in site.scales.iter().enumerate() {
        let mut j = job(
            urls::scale(site, si),
            "scale.html",
            text(&s.title),
            Build::Scale(si),
            vec![Entity::Scale(si)],
        );
        j.section = Some(Section::Scales);
        j.breadcrumbs = vec![crumb(Section::Scales, "scales")];
        jobs.push(j);
    }
    for (pi, p) in site.pages.iter().enumerate() {
        let mut j = job(
            urls::page(site, pi),
            "page.html",
            text(&p.title),
            Build::Page(pi),
            vec![Entity::Page(pi)],
        );
        j.page_index = Some(pi);
        jobs.push(j);
    }
    jobs
}

fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `sitemap.xml`: every page (not `404.html`) at its absolute address, sorted, with `lastmod`
/// when the date of every file the page is made from is known: the latest of them (each file's
/// [`Site::updated`]; a page made from no file, such as a list of nothing, takes the site's).
fn sitemap(site: &Site, base: &str, plan: &Plan) -> Output {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut pages: Vec<(&str, Option<crate::model::Date>)> = plan
        .jobs
        .iter()
        .map(|j| {
            let dates: Option<Vec<_>> = j.deps.iter().map(|&e| site.updated(e)).collect();
            let date = dates.and_then(|d| d.into_iter().max().or(site.config.updated));
            (j.output.as_str(), date)
        })
        .collect();
    pages.sort_unstable();
    for (page, date) in pages {
        if let Some(dir) = page.strip_suffix("index.html") {
            xml.push_str("  <url><loc>");
            xml.push_str(&escape(&format!("{base}{dir}")));
            xml.push_str("</loc>");
            if let Some(date) = date {
                xml.push_str(&format!("<lastmod>{date}</lastmod>"));
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    Output {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}

/// `robots.txt`, which crawlers read only at the root of a host (RFC 9309): written when
/// `base` is a host's root (`https://example.org/`), pointing at the sitemap; `None` for a site
/// under a sub-path, whose sitemap is submitted to search engines instead (README, Deployment).
fn robots(base: &str) -> Option<Output> {
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    let at_root = after_scheme
        .find('/')
        .is_none_or(|i| i == after_scheme.len() - 1);
    at_root.then(|| Output {
        path: "robots.txt".into(),
        bytes: format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n").into_bytes(),
    })
}

/// A template error as a diagnostic, with Tera's chain of causes in the message.
fn template_error(what: &str, e: &tera::Error) -> Diagnostic {
    let mut message = format!("{what}: {e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    Diagnostic::error(Code::Template, message)
        .hint("check the template named above against docs/templates.md")
}

/// `text` with the five characters that are markup in HTML and XML text and quoted attribute
/// values (`& < > " '`) replaced by entities. Tera's autoescaping uses it too: unlike Tera's
/// own escaping it leaves `/` alone, which is safe in text and quoted attributes and keeps the
/// many URLs of a page a few hundred bytes shorter.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut plain = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_txt_only_at_a_hosts_root() {
        let at = |base: &str| robots(base).map(|o| String::from_utf8(o.bytes).unwrap());
        assert_eq!(
            at("https://example.org/").as_deref(),
            Some("User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n")
        );
        assert!(at("http://127.0.0.1:8080/").is_some());
        assert_eq!(at("https://example.org/karier/"), None);
        assert_eq!(at("https://user.github.io/site/sub/"), None);
    }

    #[test]
    fn escapes_markup_and_leaves_the_rest() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape("/roadmaps/guru/ — ü ✓"), "/roadmaps/guru/ — ü ✓");
        assert_eq!(escape(""), "");
        assert_eq!(escape("é&é"), "é&amp;é");
    }
}
