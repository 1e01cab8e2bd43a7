//! Render: pure functions from a resolved [`Site`] and a [`Theme`] to output files.
//!
//! Templates are parsed once ([`Renderer::new`]); pages are rendered in parallel. Each
//! [`Output`] is a path relative to the output folder and its bytes; nothing is written here.

pub mod diagram;
pub mod urls;
pub mod views;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde_json::{Map, Value};
use tera::Tera;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Section, Site};
use crate::theme::Theme;
use views::{Shared, View};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the output folder, `/`-separated (`roadmaps/teacher-career/index.html`).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A theme's templates, parsed and ready.
pub struct Renderer {
    tera: Tera,
    theme: Theme,
}

/// One page to render: where it goes, with which template, and its own variables.
struct Job {
    path: String,
    template: &'static str,
    title: String,
    section: Option<Section>,
    page_index: Option<usize>,
    breadcrumbs: Vec<(String, String)>,
    build: Build,
}

#[derive(Clone, Copy)]
enum Build {
    Home,
    List(Section),
    Roadmap(usize),
    Stage(usize, usize),
    Module(usize),
    Framework(usize),
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

    /// Renders every page of `site` and collects the theme's and the site's static files.
    pub fn render(&self, site: &Site) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let lang = site.config.language.as_str();
        let strings: Map<String, Value> = self
            .theme
            .strings_for(lang)
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        let shared = Shared::new(site, lang, &strings);
        let jobs = jobs(site, &shared);
        let results: Vec<Result<Output, Diagnostic>> = jobs
            .par_iter()
            .map(|job| self.render_job(&shared, job))
            .collect();
        let mut outputs = Vec::with_capacity(results.len() + 16);
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(o) => outputs.push(o),
                Err(d) => errors.push(d),
            }
        }
        for (path, bytes) in &self.theme.statics {
            outputs.push(Output {
                path: format!("assets/{}", slash(path)),
                bytes: bytes.clone(),
            });
        }
        if let Some(base) = &site.config.base_url {
            outputs.push(sitemap(base, &outputs));
            outputs.push(Output {
                path: "robots.txt".into(),
                bytes: format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
                    .into_bytes(),
            });
        }
        let generated: BTreeMap<String, ()> =
            outputs.iter().map(|o| (o.path.clone(), ())).collect();
        for file in &site.statics {
            let path = slash(&file.rel);
            if generated.contains_key(&path) || path.starts_with("assets/") {
                errors.push(
                    Diagnostic::error(
                        Code::Config,
                        format!("the static file `{path}` would replace a file jenjang generates"),
                    )
                    .in_file(
                        Path::new(crate::load::CONTENT_DIR)
                            .join("static")
                            .join(&file.rel),
                    )
                    .hint("move it to another folder under content/static/"),
                );
                continue;
            }
            match std::fs::read(&file.abs) {
                Ok(bytes) => outputs.push(Output { path, bytes }),
                Err(e) => errors.push(
                    Diagnostic::error(Code::Io, format!("cannot read the file: {e}")).in_file(
                        Path::new(crate::load::CONTENT_DIR)
                            .join("static")
                            .join(&file.rel),
                    ),
                ),
            }
        }
        if errors.is_empty() {
            outputs.sort_by(|a, b| a.path.cmp(&b.path));
            Ok(outputs)
        } else {
            Err(errors)
        }
    }

    fn render_job(&self, shared: &Shared, job: &Job) -> Result<Output, Diagnostic> {
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
        let context = tera::Context::from_value(Value::Object(vars))
            .map_err(|e| template_error("cannot build the page's variables", &e))?;
        let html = self.tera.render(job.template, &context).map_err(|e| {
            template_error(
                &format!("cannot render {} with {}", job.path, job.template),
                &e,
            )
        })?;
        let path = if job.path.ends_with(".html") {
            job.path.clone()
        } else {
            format!("{}index.html", job.path)
        };
        Ok(Output {
            path,
            bytes: html.into_bytes(),
        })
    }
}

/// Every page of the site, in a stable order.
fn jobs(site: &Site, shared: &Shared) -> Vec<Job> {
    let t = |k: &str| shared.t(k).to_string();
    let text = |l: &crate::model::Localized| shared.text(l);
    let mut jobs = vec![
        Job {
            path: String::new(),
            template: "index.html",
            title: text(&site.config.title),
            section: None,
            page_index: None,
            breadcrumbs: vec![],
            build: Build::Home,
        },
        Job {
            path: "404.html".into(),
            template: "404.html",
            title: t("not_found"),
            section: None,
            page_index: None,
            breadcrumbs: vec![],
            build: Build::NotFound,
        },
    ];
    let templates = [
        (Section::Roadmaps, "roadmaps.html", "roadmaps"),
        (Section::Modules, "modules.html", "modules"),
        (Section::Competencies, "frameworks.html", "frameworks"),
        (Section::Scales, "scales.html", "scales"),
    ];
    for (section, template, title_key) in templates {
        if views::has_section(site, section) {
            jobs.push(Job {
                path: urls::section(section),
                template,
                title: t(title_key),
                section: Some(section),
                page_index: None,
                breadcrumbs: vec![],
                build: Build::List(section),
            });
        }
    }
    let crumb = |section: Section, key: &str| (t(key), urls::section(section));
    for (ri, r) in site.roadmaps.iter().enumerate() {
        jobs.push(Job {
            path: urls::roadmap(site, ri),
            template: "roadmap.html",
            title: text(&r.title),
            section: Some(Section::Roadmaps),
            page_index: None,
            breadcrumbs: vec![crumb(Section::Roadmaps, "roadmaps")],
            build: Build::Roadmap(ri),
        });
        for (si, s) in r.stages.iter().enumerate() {
            jobs.push(Job {
                path: urls::stage(site, ri, si),
                template: "stage.html",
                title: text(&s.title),
                section: Some(Section::Roadmaps),
                page_index: None,
                breadcrumbs: vec![
                    crumb(Section::Roadmaps, "roadmaps"),
                    (text(&r.title), urls::roadmap(site, ri)),
                ],
                build: Build::Stage(ri, si),
            });
        }
    }
    for (mi, m) in site.modules.iter().enumerate() {
        jobs.push(Job {
            path: urls::module(site, mi),
            template: "module.html",
            title: text(&m.title),
            section: Some(Section::Modules),
            page_index: None,
            breadcrumbs: vec![crumb(Section::Modules, "modules")],
            build: Build::Module(mi),
        });
    }
    for (fi, f) in site.frameworks.iter().enumerate() {
        jobs.push(Job {
            path: urls::framework(site, fi),
            template: "framework.html",
            title: text(&f.title),
            section: Some(Section::Competencies),
            page_index: None,
            breadcrumbs: vec![crumb(Section::Competencies, "frameworks")],
            build: Build::Framework(fi),
        });
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
            jobs.push(Job {
                path: urls::competency(site, fi, ci),
                template: "competency.html",
                title: text(&c.title),
                section: Some(Section::Competencies),
                page_index: None,
                breadcrumbs,
                build: Build::Competency(fi, ci),
            });
        }
    }
    for (si, s) in site.scales.iter().enumerate() {
        jobs.push(Job {
            path: urls::scale(site, si),
            template: "scale.html",
            title: text(&s.title),
            section: Some(Section::Scales),
            page_index: None,
            breadcrumbs: vec![crumb(Section::Scales, "scales")],
            build: Build::Scale(si),
        });
    }
    for (pi, p) in site.pages.iter().enumerate() {
        jobs.push(Job {
            path: urls::page(site, pi),
            template: "page.html",
            title: text(&p.title),
            section: None,
            page_index: Some(pi),
            breadcrumbs: vec![],
            build: Build::Page(pi),
        });
    }
    jobs
}

fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn sitemap(base: &str, outputs: &[Output]) -> Output {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for o in outputs {
        if let Some(dir) = o.path.strip_suffix("index.html") {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                diagram::escape(&format!("{base}{dir}"))
            ));
        }
    }
    xml.push_str("</urlset>\n");
    Output {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
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
