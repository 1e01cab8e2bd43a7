//! The variables each template receives (documented in `docs/templates.md`).
//!
//! A [`View`] builds them for one language and one page: every href in them is made for that
//! page by its [`Linker`].

use serde_json::{json, Map, Value};

use super::diagram;
use super::urls::{self, Linker};
use crate::export::{case, ics, jsonld, moodle};
use crate::model::progress::Range;
use crate::model::{
    Checklist, CompetencyRef, Developer, Duration, Html, Item, Localized, Module, MonthDay, Party,
    Scale, Section, Site, Source, Summary,
};

/// One language a site is built in.
#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    /// Its name in itself (`Bahasa Indonesia`), for the language switcher.
    pub name: String,
    /// Its folder in the output: `""` for the default language, else `<code>/`.
    pub prefix: String,
    pub strings: Map<String, Value>,
}

/// Site-wide values shared by every page of one language.
pub struct Shared<'a> {
    pub site: &'a Site,
    pub lang: &'a str,
    pub prefix: &'a str,
    pub strings: &'a Map<String, Value>,
    pub site_value: Value,
    /// Every language of the site, for the switcher.
    pub languages: &'a [Language],
}

impl<'a> Shared<'a> {
    pub fn new(site: &'a Site, language: &'a Language, languages: &'a [Language]) -> Shared<'a> {
        let lang = language.code.as_str();
        let c = &site.config;
        let site_value = json!({
            "id": c.id,
            "title": c.title.get(lang),
            "summary_html": c.summary.as_ref().map(|s| s.html.get(lang)),
            "language": c.language,
            "publisher": c.publisher.as_ref().map(|p| party(p, lang)),
            "base_url": c.base_url,
        });
        Shared {
            site,
            lang,
            prefix: &language.prefix,
            strings: &language.strings,
            site_value,
            languages,
        }
    }

    /// The variables every template of this language receives that are the same on every
    /// page: `site`, `lang`, `t` (the interface strings) and `generator`. Made once per
    /// language and thread, not per page.
    pub fn base(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("site".into(), self.site_value.clone());
        m.insert("lang".into(), self.lang.into());
        m.insert("t".into(), Value::Object(self.strings.clone()));
        m.insert(
            "generator".into(),
            format!("jenjang {}", env!("CARGO_PKG_VERSION")).into(),
        );
        m
    }

    /// An interface string.
    pub fn t<'k>(&'k self, key: &'k str) -> &'k str {
        self.strings.get(key).and_then(Value::as_str).unwrap_or(key)
    }

    pub fn text(&self, t: &Localized) -> String {
        t.get(self.lang).to_string()
    }

    fn html_opt(&self, h: Option<&Html>) -> Value {
        h.map_or(Value::Null, |h| Value::from(h.get(self.lang)))
    }

    fn summary(&self, s: Option<&Summary>) -> Value {
        self.html_opt(s.map(|s| &s.html))
    }
}

/// Builds the context of one page.
pub struct View<'s, 'a> {
    pub shared: &'s Shared<'a>,
    pub link: Linker,
    path: String,
}

impl<'s, 'a> View<'s, 'a> {
    /// The view of the page at `path` (language-neutral: `roadmaps/x/`) in `shared`'s
    /// language.
    pub fn new(shared: &'s Shared<'a>, path: &str) -> View<'s, 'a> {
        let full = format!("{}{path}", shared.prefix);
        View {
            shared,
            link: Linker::new(shared.site.config.base_url.as_deref(), &full, shared.prefix),
            path: path.to_string(),
        }
    }

    fn site(&self) -> &'a Site {
        self.shared.site
    }

    fn lang(&self) -> &'a str {
        self.shared.lang
    }

    fn text(&self, t: &Localized) -> String {
        self.shared.text(t)
    }

    fn link_to(&self, title: &Localized, path: &str) -> Value {
        json!({"title": self.text(title), "href": self.link.href(path)})
    }

    /// The variables every template receives that differ from page to page (the others are
    /// [`Shared::base`]).
    pub fn common(
        &self,
        title: &str,
        description: Option<&Summary>,
        section: Option<Section>,
        page_index: Option<usize>,
        breadcrumbs: Vec<(String, String)>,
    ) -> Map<String, Value> {
        let site = self.site();
        let lang = self.lang();
        let description = description
            .map(|s| s.plain.get(lang).to_string())
            .or_else(|| {
                site.config
                    .summary
                    .as_ref()
                    .map(|s| s.plain.get(lang).to_string())
            })
            .unwrap_or_default();
        let nav: Vec<Value> = if site.config.menu.is_empty() {
            Section::ALL
                .iter()
                .filter(|s| {
                    has_section(site, **s) && !matches!(s, Section::Scales | Section::Curriculum)
                })
                .map(|s| {
                    json!({
                        "title": self.shared.t(s.slug()),
                        "href": self.link.href(&urls::section(*s)),
                        "current": section == Some(*s),
                    })
                })
                .collect()
        } else {
            site.config
                .menu
                .iter()
                .map(|entry| {
                    let (href, current) = match &entry.target {
                        crate::model::MenuTarget::Page(p) => (
                            self.link.href(&urls::page(site, *p)),
                            page_index == Some(*p),
                        ),
                        crate::model::MenuTarget::Section(s) => {
                            (self.link.href(&urls::section(*s)), section == Some(*s))
                        }
                        crate::model::MenuTarget::Url(u) => (u.clone(), false),
                    };
                    json!({"title": self.text(&entry.title), "href": href, "current": current})
                })
                .collect()
        };
        let mut crumbs = Vec::new();
        if !self.path.is_empty() && self.path != "404.html" {
            crumbs.push(json!({"title": self.shared.t("home"), "href": self.link.href("")}));
            for (title, path) in breadcrumbs {
                crumbs.push(json!({"title": title, "href": self.link.href(&path)}));
            }
        }
        let canonical = site
            .config
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}{}", self.shared.prefix, self.path));
        let translations: Vec<Value> =
            if self.shared.languages.len() > 1 && !self.path.ends_with(".html") {
                self.shared
                    .languages
                    .iter()
                    .map(|l| {
                        json!({
                            "lang": l.code,
                            "name": l.name,
                            "href": self.link.href_in(&l.prefix, &self.path),
                            "current": l.code == lang,
                        })
                    })
                    .collect()
            } else {
                Vec::new()
            };
        let mut m = Map::new();
        m.insert(
            "page".into(),
            json!({"title": title, "description": description, "path": format!("{}{}", self.shared.prefix, self.path), "canonical": canonical}),
        );
        m.insert("translations".into(), translations.into());
        m.insert(
            "assets".into(),
            json!({
                "css": self.link.file("assets/style.css"),
                "js": self.link.file("assets/jenjang.js"),
                "favicon": self.link.file("assets/favicon.svg"),
                "search_index": self.link.file(&super::search::path(self.shared.prefix)),
            }),
        );
        m.insert("home".into(), self.link.href("").into());
        m.insert("data_href".into(), self.link.file("data.json").into());
        m.insert("root".into(), self.link.file("").into());
        m.insert("index_file".into(), self.link.index_file().into());
        m.insert("jsonld".into(), Value::Null);
        m.insert("nav".into(), nav.into());
        m.insert("breadcrumbs".into(), crumbs.into());
        m
    }

    pub fn source(&self, s: Option<&Source>) -> Value {
        match s {
            None => Value::Null,
            Some(s) => json!({
                "title": s.title.as_ref().map(|t| self.text(t)),
                "url": s.url,
                "publisher": s.publisher.as_ref().map(|t| self.text(t)),
                "year": s.year,
            }),
        }
    }

    /// A duration in the page's language: `2-4 years`, `2-4 tahun`.
    fn duration(&self, d: Option<&Duration>) -> Value {
        d.map_or(Value::Null, |d| Value::from(self.duration_text(d)))
    }

    /// The text of [`Self::duration`].
    fn duration_text(&self, d: &Duration) -> String {
        let unit = d.unit.name();
        let key = if d.max == 1 {
            format!("unit_{unit}")
        } else {
            format!("unit_{unit}s")
        };
        let range = if d.min == d.max {
            d.min.to_string()
        } else {
            format!("{}-{}", d.min, d.max)
        };
        format!("{range} {}", self.shared.t(&key))
    }

    pub fn competency_ref(&self, r: &CompetencyRef) -> Value {
        let site = self.site();
        let f = &site.frameworks[r.framework];
        let fw_link = self.link_to(&f.title, &urls::framework(site, r.framework));
        let level = r.level.map_or(
            Value::Null,
            |l| json!({"id": f.levels[l].id, "title": self.text(&f.levels[l].title)}),
        );
        match r.competency {
            Some(c) => json!({
                "title": self.text(&f.competencies[c].title),
                "code": f.competencies[c].code,
                "href": self.link.href(&urls::competency(site, r.framework, c)),
                "framework": fw_link,
                "level": level,
            }),
            None => json!({
                "title": self.text(&f.title),
                "code": null,
                "href": self.link.href(&urls::framework(site, r.framework)),
                "framework": fw_link,
                "level": level,
            }),
        }
    }

    fn competency_refs(&self, refs: &[CompetencyRef]) -> Vec<Value> {
        refs.iter().map(|r| self.competency_ref(r)).collect()
    }

    /// A checklist; with a scale, also the fewest items that reach each band
    /// (`thresholds`, lowest band first).
    pub fn checklist(&self, c: &Checklist, scale: Option<usize>) -> Value {
        let items: Vec<Value> = c.items.iter().map(|i| self.item(&c.key, i)).collect();
        let blank = c.blank();
        let measured = blank.iter().filter(|t| t.required).count();
        let thresholds: Vec<Value> = scale.map_or_else(Vec::new, |si| {
            let sc = &self.site().scales[si];
            sc.thresholds(&blank)
                .into_iter()
                .map(|(b, n)| {
                    json!({
                        "label": self.text(&sc.bands[b].label),
                        "range": self.range(sc.range(b)),
                        "items": n,
                    })
                })
                .collect()
        });
        json!({
            "key": c.key,
            "items": items,
            "total_weight": c.total_weight(),
            "measured_count": if measured > 0 { measured } else { blank.len() },
            "measures_required": measured > 0,
            "thresholds": thresholds,
        })
    }

    /// A checklist item (or a group, with its sub-items) of the checklist whose key is
    /// `prefix`.
    fn item(&self, prefix: &str, i: &Item) -> Value {
        let key = format!("{prefix}/{}", i.id);
        let resources: Vec<Value> = i
            .resources
            .iter()
            .map(|r| {
                json!({
                    "title": self.text(&r.title),
                    "href": r.url,
                    "kind": r.kind.name(),
                    "kind_label": self.shared.t(&format!("resource_{}", r.kind.name())),
                })
            })
            .collect();
        json!({
            "id": i.id,
            "dom_id": item_dom_id(prefix, &i.id),
            "text": self.text(&i.text),
            "required": i.required,
            "weight": i.weight,
            "evidence_html": self.shared.html_opt(i.evidence.as_ref()),
            "competencies": self.competency_refs(&i.competencies),
            "description_html": self.shared.html_opt(i.description.as_ref()),
            "resources": resources,
            "items": i.items.iter().map(|s| self.item(&key, s)).collect::<Vec<_>>(),
            "choose": i.choose,
            "key": key,
        })
    }

    fn checklist_opt(&self, c: &Checklist, scale: Option<usize>) -> Value {
        if c.items.is_empty() {
            Value::Null
        } else {
            self.checklist(c, scale)
        }
    }

    /// A band's range in the page's language: `76–90 %`, `76,5 sampai kurang dari 91%`.
    fn range(&self, r: Range) -> String {
        let number = |x: f64| {
            let s = x.to_string();
            s.replace('.', self.shared.t("decimal_separator"))
        };
        let (key, from, to) = match r {
            Range::Closed { from, to } => ("range_closed", from, to),
            Range::UpTo { from, to } => ("range_up_to", from, to),
        };
        self.shared
            .t(key)
            .replace("{from}", &number(from))
            .replace("{to}", &number(to))
    }

    /// The days a scale is applied on, in words: `30 June and 31 December`.
    fn days(&self, days: &[MonthDay]) -> Value {
        let words: Vec<String> = days
            .iter()
            .map(|d| {
                self.shared
                    .t("day_month")
                    .replace("{day}", &d.day().to_string())
                    .replace("{month}", self.shared.t(&format!("month_{}", d.month())))
            })
            .collect();
        match words.as_slice() {
            [] => Value::Null,
            [one] => one.clone().into(),
            [rest @ .., last] => {
                format!("{} {} {last}", rest.join(", "), self.shared.t("and")).into()
            }
        }
    }

    pub fn scale(&self, s: Option<usize>) -> Value {
        let Some(si) = s else {
            return Value::Null;
        };
        let scale: &Scale = &self.site().scales[si];
        let bands: Vec<Value> = scale
            .bands
            .iter()
            .enumerate()
            .map(|(i, b)| json!({"min": b.min, "score": b.score, "label": self.text(&b.label), "range": self.range(scale.range(i))}))
            .collect();
        let below = scale.range_below().map(|r| {
            json!({"label": scale.below.as_ref().map(|b| self.text(&b.label)), "range": self.range(r)})
        });
        let assessed: Vec<String> = scale.assessed.iter().map(ToString::to_string).collect();
        json!({
            "id": scale.id,
            "title": self.text(&scale.title),
            "href": self.link.href(&urls::scale(self.site(), si)),
            "assessed": self.days(&scale.assessed),
            "bands_json": json!({"bands": bands, "below": below, "assessed": assessed}).to_string(),
        })
    }

    // ----- list pages -----

    pub fn home(&self) -> Value {
        let site = self.site();
        let sh = self.shared;
        let summary_list =
            |items: Vec<(&String, &Localized, Option<&Summary>, String)>| -> Vec<Value> {
                items
                .into_iter()
                .map(|(id, title, summary, path)| {
                    json!({"id": id, "title": self.text(title), "href": self.link.href(&path), "summary_html": sh.summary(summary)})
                })
                .collect()
            };
        let mut pages: Vec<usize> = (0..site.pages.len()).collect();
        pages.sort_by(|&a, &b| {
            (site.pages[a].order, site.pages[a].title.get(self.lang()))
                .cmp(&(site.pages[b].order, site.pages[b].title.get(self.lang())))
        });
        json!({
            "roadmaps": summary_list(site.roadmaps.iter().enumerate().map(|(i, r)| (&r.id, &r.title, r.summary.as_ref(), urls::roadmap(site, i))).collect()),
            "modules": summary_list(site.modules.iter().enumerate().map(|(i, m)| (&m.id, &m.title, m.summary.as_ref(), urls::module(site, i))).collect()),
            "frameworks": summary_list(site.frameworks.iter().enumerate().map(|(i, f)| (&f.id, &f.title, f.summary.as_ref(), urls::framework(site, i))).collect()),
            "scales": summary_list(site.scales.iter().enumerate().map(|(i, s)| (&s.id, &s.title, s.summary.as_ref(), urls::scale(site, i))).collect()),
            "pages": summary_list(pages.into_iter().map(|i| { let p = &site.pages[i]; (&p.id, &p.title, p.summary.as_ref(), urls::page(site, i)) }).collect()),
        })
    }

    pub fn roadmaps(&self) -> Value {
        let site = self.site();
        let list: Vec<Value> = site
            .roadmaps
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!({
                    "id": r.id,
                    "title": self.text(&r.title),
                    "href": self.link.href(&urls::roadmap(site, i)),
                    "summary_html": self.shared.summary(r.summary.as_ref()),
                    "audience": r.audience.as_ref().map(|a| self.text(a)),
                    "stage_count": r.stages.len(),
                    "duration": self.duration(r.span().as_ref()),
                })
            })
            .collect();
        json!({ "roadmaps": list })
    }

    pub fn modules(&self) -> Value {
        let site = self.site();
        let list: Vec<Value> = site
            .modules
            .iter()
            .enumerate()
            .map(|(i, m)| {
                json!({
                    "id": m.id,
                    "title": self.text(&m.title),
                    "href": self.link.href(&urls::module(site, i)),
                    "summary_html": self.shared.summary(m.summary.as_ref()),
                    "provider": m.provider.as_ref().map(|p| party(p, self.lang())),
                    "duration": self.duration(m.duration.as_ref()),
                    "delivery": m.delivery.map(|d| self.shared.t(d.label_key())),
                    "unit_count": m.units.len(),
                })
            })
            .collect();
        json!({ "modules": list })
    }

    pub fn frameworks(&self) -> Value {
        let site = self.site();
        let list: Vec<Value> = site
            .frameworks
            .iter()
            .enumerate()
            .map(|(i, f)| {
                json!({
                    "id": f.id,
                    "title": self.text(&f.title),
                    "href": self.link.href(&urls::framework(site, i)),
                    "summary_html": self.shared.summary(f.summary.as_ref()),
                    "competency_count": f.competencies.len(),
                    "source": self.source(f.source.as_ref()),
                })
            })
            .collect();
        json!({ "frameworks": list })
    }

    pub fn scales(&self) -> Value {
        let site = self.site();
        let list: Vec<Value> = site
            .scales
            .iter()
            .enumerate()
            .map(|(i, s)| {
                json!({
                    "id": s.id,
                    "title": self.text(&s.title),
                    "href": self.link.href(&urls::scale(site, i)),
                    "summary_html": self.shared.summary(s.summary.as_ref()),
                })
            })
            .collect();
        json!({ "scales": list })
    }

    // ----- entity pages -----

    pub fn roadmap(&self, ri: usize) -> Value {
        let site = self.site();
        let r = &site.roadmaps[ri];
        let stages: Vec<Value> = r
            .stages
            .iter()
            .enumerate()
            .map(|(si, s)| {
                let phase = s.phase.as_ref().map(|p| self.text(p));
                let before = si
                    .checked_sub(1)
                    .and_then(|p| r.stages[p].phase.as_ref())
                    .map(|p| self.text(p));
                json!({
                    "number": si + 1,
                    "id": s.id,
                    "title": self.text(&s.title),
                    "phase_start": phase.is_some() && phase != before,
                    "phase": phase,
                    "href": self.link.href(&urls::stage(site, ri, si)),
                    "duration": self.duration(s.duration.as_ref()),
                    "summary_html": self.shared.summary(s.summary.as_ref()),
                    "next": self.stage_links(ri, &s.next, &s.next_elsewhere),
                    "checklist_key": s.checklist.key,
                    "item_count": s.checklist.items.len(),
                    "items_json": items_json(&s.checklist),
                })
            })
            .collect();
        let diagram = diagram::render(
            r,
            self.lang(),
            |si| self.link.href(&urls::stage(site, ri, si)),
            |d| self.duration_text(d),
        );
        json!({
            "roadmap": {
                "id": r.id,
                "title": self.text(&r.title),
                "summary_html": self.shared.summary(r.summary.as_ref()),
                "description_html": self.shared.html_opt(r.description.as_ref()),
                "audience": r.audience.as_ref().map(|a| self.text(a)),
                "source": self.source(r.source.as_ref()),
                "duration": self.duration(r.span().as_ref()),
                "scale": self.scale(r.scale.or(site.config.progress_scale)),
                "diagram_html": diagram,
                "stages": stages,
            },
            "jsonld": jsonld::script_json(&jsonld::program(site, ri, self.lang(), |p| self.link.href(p))),
        })
    }

    fn stage_links(&self, ri: usize, own: &[usize], elsewhere: &[(usize, usize)]) -> Vec<Value> {
        let site = self.site();
        own.iter()
            .map(|&n| self.link_to(&site.roadmaps[ri].stages[n].title, &urls::stage(site, ri, n)))
            .chain(elsewhere.iter().map(|&(r, s)| {
                json!({
                    "title": format!("{} ({})", self.text(&site.roadmaps[r].stages[s].title), self.text(&site.roadmaps[r].title)),
                    "href": self.link.href(&urls::stage(site, r, s)),
                })
            }))
            .collect()
    }

    pub fn stage(&self, ri: usize, si: usize) -> Value {
        let site = self.site();
        let r = &site.roadmaps[ri];
        let s = &r.stages[si];
        let modules: Vec<Value> = s
            .modules
            .iter()
            .map(|&m| {
                let module = &site.modules[m];
                json!({
                    "title": self.text(&module.title),
                    "href": self.link.href(&urls::module(site, m)),
                    "summary_html": self.shared.summary(module.summary.as_ref()),
                    "duration": self.duration(module.duration.as_ref()),
                })
            })
            .collect();
        json!({
            "roadmap": {"id": r.id, "title": self.text(&r.title), "href": self.link.href(&urls::roadmap(site, ri))},
            "stage": {
                "number": si + 1,
                "id": s.id,
                "title": self.text(&s.title),
                "phase": s.phase.as_ref().map(|p| self.text(p)),
                "duration": self.duration(s.duration.as_ref()),
                "summary_html": self.shared.summary(s.summary.as_ref()),
                "description_html": self.shared.html_opt(s.description.as_ref()),
                "entry_html": self.shared.html_opt(s.entry.as_ref()),
                "competencies": self.competency_refs(&s.competencies),
                "modules": modules,
                "checklist": self.checklist(&s.checklist, r.scale.or(site.config.progress_scale)),
                "previous": self.stage_links(ri, &s.previous, &[]),
                "next": self.stage_links(ri, &s.next, &s.next_elsewhere),
            },
            "stage_count": r.stages.len(),
            "scale": self.scale(r.scale.or(site.config.progress_scale)),
        })
    }

    pub fn module(&self, mi: usize) -> Value {
        let site = self.site();
        let m: &Module = &site.modules[mi];
        let starts: Vec<Value> = match m.cohort_start {
            Some(start) => ics::unit_dates(m, start)
                .into_iter()
                .map(|(first, _)| Value::from(first.to_string()))
                .collect(),
            None => vec![Value::Null; m.units.len()],
        };
        let scale = m
            .assessment
            .as_ref()
            .and_then(|a| a.scale)
            .or(site.config.progress_scale);
        let units: Vec<Value> = m
            .units
            .iter()
            .enumerate()
            .map(|(ui, u)| {
                json!({
                    "number": ui + 1,
                    "id": u.id,
                    "title": self.text(&u.title),
                    "starts": starts[ui],
                    "period": u.period.as_ref().map(|p| self.text(p)),
                    "duration": self.duration(u.duration.as_ref()),
                    "summary_html": self.shared.summary(u.summary.as_ref()),
                    "description_html": self.shared.html_opt(u.description.as_ref()),
                    "topics": u.topics.iter().map(|t| self.text(t)).collect::<Vec<_>>(),
                    "competencies": self.competency_refs(&u.competencies),
                    "checklist": self.checklist_opt(&u.checklist, scale),
                })
            })
            .collect();
        let used_by: Vec<Value> = m
            .used_by
            .iter()
            .map(|&(r, s)| {
                json!({
                    "title": self.text(&site.roadmaps[r].stages[s].title),
                    "href": self.link.href(&urls::stage(site, r, s)),
                    "roadmap": self.link_to(&site.roadmaps[r].title, &urls::roadmap(site, r)),
                })
            })
            .collect();
        let assessment = m.assessment.as_ref().map(|a| {
            json!({
                "description_html": self.shared.html_opt(a.description.as_ref()),
                "scale": a.scale.map(|s| self.link_to(&site.scales[s].title, &urls::scale(site, s))),
            })
        });
        let exports: Vec<Value> = if ics::is_written(site, mi) {
            vec![json!({
                "title": self.shared.t("export_calendar"),
                "href": self.link.file(&ics::path(site, mi, self.lang())),
            })]
        } else {
            Vec::new()
        };
        json!({
            "module": {
                "id": m.id,
                "title": self.text(&m.title),
                "summary_html": self.shared.summary(m.summary.as_ref()),
                "description_html": self.shared.html_opt(m.description.as_ref()),
                "source": self.source(m.source.as_ref()),
                "provider": m.provider.as_ref().map(|p| party(p, self.lang())),
                "audience": m.audience.as_ref().map(|a| self.text(a)),
                "duration": self.duration(m.duration.as_ref()),
                "delivery": m.delivery.map(|d| self.shared.t(d.label_key())),
                "group_size": m.group_size.as_ref().map(|g| self.text(g)),
                "outcomes": m.outcomes.iter().map(|o| self.text(o)).collect::<Vec<_>>(),
                "competencies": self.competency_refs(&m.competencies),
                "prerequisites": m.prerequisites.iter().map(|&p| self.link_to(&site.modules[p].title, &urls::module(site, p))).collect::<Vec<_>>(),
                "units": units,
                "assessment": assessment,
                "checklist": self.checklist_opt(&m.checklist, scale),
                "used_by": used_by,
                "cohort_start": m.cohort_start.map(|d| d.to_string()),
                "exports": exports,
            },
            "scale": self.scale(scale),
            "jsonld": jsonld::script_json(&jsonld::course(site, mi, self.lang(), |p| self.link.href(p))),
        })
    }

    /// A stage, module or unit as `(kind, title, href, within)`: `within` links the roadmap
    /// of a stage or the module of a unit (null for a module); a unit's href is its module's
    /// page with the unit's anchor.
    fn holder(&self, by: Developer) -> (&'static str, String, String, Value) {
        let site = self.site();
        match by {
            Developer::Stage { roadmap, stage } => (
                "stage",
                self.text(&site.roadmaps[roadmap].stages[stage].title),
                self.link.href(&urls::stage(site, roadmap, stage)),
                self.link_to(&site.roadmaps[roadmap].title, &urls::roadmap(site, roadmap)),
            ),
            Developer::Module { module } => (
                "module",
                self.text(&site.modules[module].title),
                self.link.href(&urls::module(site, module)),
                Value::Null,
            ),
            Developer::Unit { module, unit } => (
                "unit",
                self.text(&site.modules[module].units[unit].title),
                format!(
                    "{}#unit-{}",
                    self.link.href(&urls::module(site, module)),
                    site.modules[module].units[unit].id
                ),
                self.link_to(&site.modules[module].title, &urls::module(site, module)),
            ),
        }
    }

    /// The checklist of a stage, module or unit.
    fn checklist_of(&self, by: Developer) -> &'a Checklist {
        let site = self.site();
        match by {
            Developer::Stage { roadmap, stage } => &site.roadmaps[roadmap].stages[stage].checklist,
            Developer::Module { module } => &site.modules[module].checklist,
            Developer::Unit { module, unit } => &site.modules[module].units[unit].checklist,
        }
    }

    pub fn framework(&self, fi: usize) -> Value {
        let site = self.site();
        let f = &site.frameworks[fi];
        fn node(v: &View, fi: usize, ci: usize) -> Value {
            let site = v.site();
            let c = &site.frameworks[fi].competencies[ci];
            json!({
                "id": c.id,
                "title": v.text(&c.title),
                "code": c.code,
                "href": v.link.href(&urls::competency(site, fi, ci)),
                "summary_html": v.shared.summary(c.summary.as_ref()),
                "indicator_count": c.indicators.len(),
                "children": c.children.iter().map(|&k| node(v, fi, k)).collect::<Vec<_>>(),
            })
        }
        let matrix: Vec<Value> = if f.levels.is_empty() {
            Vec::new()
        } else {
            f.competencies
                .iter()
                .enumerate()
                .map(|(ci, c)| {
                    json!({
                        "title": self.text(&c.title),
                        "code": c.code,
                        "href": self.link.href(&urls::competency(site, fi, ci)),
                        "depth": c.depth,
                        "cells": c.descriptors.iter().map(|d| self.shared.html_opt(d.as_ref())).collect::<Vec<_>>(),
                    })
                })
                .collect()
        };
        json!({
            "framework": {
                "id": f.id,
                "title": self.text(&f.title),
                "summary_html": self.shared.summary(f.summary.as_ref()),
                "description_html": self.shared.html_opt(f.description.as_ref()),
                "source": self.source(f.source.as_ref()),
                "levels": self.levels(fi),
                "reference": f.reference,
                "tree": f.roots.iter().map(|&c| node(self, fi, c)).collect::<Vec<_>>(),
                "matrix": matrix,
                "exports": case::is_written(site, fi)
                    .then(|| json!({"title": self.shared.t("export_case"), "href": self.link.file(&case::path(site, fi, self.lang()))}))
                    .into_iter()
                    .chain([json!({"title": self.shared.t("export_moodle"), "href": self.link.file(&moodle::path(site, fi, self.lang()))})])
                    .collect::<Vec<_>>(),
            },
            "jsonld": jsonld::script_json(&jsonld::defined_term_set(site, fi, self.lang(), |p| self.link.href(p))),
        })
    }

    fn levels(&self, fi: usize) -> Vec<Value> {
        self.site().frameworks[fi]
            .levels
            .iter()
            .map(|l| json!({"id": l.id, "title": self.text(&l.title)}))
            .collect()
    }

    pub fn competency(&self, fi: usize, ci: usize) -> Value {
        let site = self.site();
        let f = &site.frameworks[fi];
        let c = &f.competencies[ci];
        let level_of = |l: Option<usize>| {
            l.map_or(
                Value::Null,
                |l| json!({"id": f.levels[l].id, "title": self.text(&f.levels[l].title)}),
            )
        };
        let row = |d: &crate::model::Development| {
            let (kind, title, href, within) = self.holder(d.by);
            json!({"kind": kind, "title": title, "href": href, "within": within, "level": level_of(d.level)})
        };
        let required_by: Vec<Value> = c
            .developed_by
            .iter()
            .filter(|d| !d.by.trains())
            .map(row)
            .collect();
        let trained_by: Vec<Value> = c
            .developed_by
            .iter()
            .filter(|d| d.by.trains())
            .map(row)
            .collect();
        let evidenced_by: Vec<Value> = c
            .evidenced_by
            .iter()
            .map(|e| {
                let (_, title, href, within) = self.holder(e.by);
                let checklist = self.checklist_of(e.by);
                let group = &checklist.items[e.item];
                let (item, anchor) = match e.sub {
                    None => (group, item_dom_id(&checklist.key, &group.id)),
                    Some(j) => (
                        &group.items[j],
                        item_dom_id(
                            &format!("{}/{}", checklist.key, group.id),
                            &group.items[j].id,
                        ),
                    ),
                };
                let page = href.split('#').next().unwrap_or_default();
                json!({
                    "text": self.text(&item.text),
                    "href": format!("{page}#{anchor}"),
                    "within": {"title": title, "href": href},
                    "also_within": within,
                    "level": level_of(e.level),
                })
            })
            .collect();
        json!({
            "framework": {
                "id": f.id,
                "title": self.text(&f.title),
                "href": self.link.href(&urls::framework(site, fi)),
                "levels": self.levels(fi),
            },
            "competency": {
                "id": c.id,
                "title": self.text(&c.title),
                "code": c.code,
                "type": c.kind.as_ref().map(|k| self.text(k)),
                "source_id": c.source_id,
                "summary_html": self.shared.summary(c.summary.as_ref()),
                "description_html": self.shared.html_opt(c.description.as_ref()),
                "indicators": c.indicators.iter().map(|i| json!({"id": i.id, "text": self.text(&i.text)})).collect::<Vec<_>>(),
                "levels": f.levels.iter().zip(&c.descriptors).map(|(l, d)| json!({
                    "id": l.id, "title": self.text(&l.title), "descriptor_html": self.shared.html_opt(d.as_ref()),
                })).collect::<Vec<_>>(),
                "parent": c.parent.map(|p| self.link_to(&f.competencies[p].title, &urls::competency(site, fi, p))),
                "children": c.children.iter().map(|&k| self.link_to(&f.competencies[k].title, &urls::competency(site, fi, k))).collect::<Vec<_>>(),
                "required_by": required_by,
                "trained_by": trained_by,
                "gap_html": if f.is_trained(ci) { Value::Null } else { self.shared.html_opt(f.documented_gap(ci)) },
                "evidenced_by": evidenced_by,
            },
            "jsonld": jsonld::script_json(&jsonld::defined_term(site, fi, ci, self.lang(), |p| self.link.href(p))),
        })
    }

    pub fn scale_page(&self, si: usize) -> Value {
        let s = &self.site().scales[si];
        let mut rows: Vec<Value> = s
            .bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                json!({
                    "min": b.min, "max": b.max, "range": self.range(s.range(i)), "score": b.score, "label": self.text(&b.label),
                    "description_html": self.shared.html_opt(b.description.as_ref()), "kind": "band",
                })
            })
            .collect();
        if let (Some(lowest), Some(range)) = (s.bands.last(), s.range_below()) {
            let range = self.range(range);
            rows.push(match &s.below {
                Some(below) => json!({
                    "min": 0.0, "max": lowest.min, "range": range, "score": null, "label": self.text(&below.label),
                    "description_html": self.shared.html_opt(below.description.as_ref()), "kind": "below",
                }),
                None => json!({"min": 0.0, "max": lowest.min, "range": range, "score": null, "label": null, "description_html": null, "kind": "uncovered"}),
            });
        }
        json!({
            "scale": {
                "id": s.id,
                "title": self.text(&s.title),
                "summary_html": self.shared.summary(s.summary.as_ref()),
                "description_html": self.shared.html_opt(s.description.as_ref()),
                "source": self.source(s.source.as_ref()),
                "assessed": self.days(&s.assessed),
                "rows": rows,
            }
        })
    }

    /// The site's curriculum map: one line per framework, linking to its map
    /// ([`View::curriculum_framework`]), then the gaps.
    pub fn curriculum(&self) -> Value {
        let site = self.site();
        let frameworks: Vec<Value> = site
            .frameworks
            .iter()
            .enumerate()
            .map(|(fi, f)| {
                let (modules, stages) = developers(f);
                json!({
                    "id": f.id,
                    "title": self.text(&f.title),
                    "href": self.link.href(&urls::framework(site, fi)),
                    "map_href": self.link.href(&urls::curriculum_framework(site, fi)),
                    "competency_count": f.competencies.len(),
                    "module_count": modules.len(),
                    "stage_count": stages.len(),
                    "untrained_count": if f.reference { 0 } else { (0..f.competencies.len()).filter(|&c| !f.is_trained(c)).count() },
                    "reference": f.reference,
                    "evidence_count": f.competencies.iter().map(|c| c.evidenced_by.len()).sum::<usize>() + f.evidenced_by.len(),
                })
            })
            .collect();
        let untrained: Vec<Value> = site
            .frameworks
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.reference)
            .flat_map(|(fi, f)| {
                (0..f.competencies.len())
                    .filter(move |&c| !f.is_trained(c))
                    .map(move |c| (fi, c))
            })
            .map(|(fi, c)| {
                let f = &site.frameworks[fi];
                let required_by: Vec<Value> = f.competencies[c]
                    .developed_by
                    .iter()
                    .chain(&f.developed_by)
                    .filter_map(|d| match d.by {
                        Developer::Stage { roadmap, stage } => Some(self.link_to(
                            &site.roadmaps[roadmap].stages[stage].title,
                            &urls::stage(site, roadmap, stage),
                        )),
                        _ => None,
                    })
                    .collect();
                json!({
                    "title": self.text(&f.competencies[c].title),
                    "href": self.link.href(&urls::competency(site, fi, c)),
                    "framework": self.link_to(&f.title, &urls::framework(site, fi)),
                    "required_by": required_by,
                    "gap_html": self.shared.html_opt(f.documented_gap(c)),
                })
            })
            .collect();
        let idle: Vec<Value> = site
            .modules
            .iter()
            .enumerate()
            .filter(|(_, m)| m.develops_nothing())
            .map(|(mi, m)| self.link_to(&m.title, &urls::module(site, mi)))
            .collect();
        json!({"frameworks": frameworks, "untrained": untrained, "idle_modules": idle})
    }

    /// The curriculum map of one framework: its competencies × the modules and the stages
    /// that develop any of them.
    pub fn curriculum_framework(&self, fi: usize) -> Value {
        let site = self.site();
        let f = &site.frameworks[fi];
        let level_title =
            |d: &crate::model::Development| d.level.map(|l| self.text(&f.levels[l].title));
        let (modules, stages) = developers(f);
        let rows: Vec<Value> = f
            .competencies
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                let cell = |hit: &dyn Fn(&Developer) -> bool| -> Value {
                    let whole_framework = f.developed_by.iter();
                    match c.developed_by.iter().chain(whole_framework).find(|d| hit(&d.by)) {
                        Some(d) => json!({"level": level_title(d)}),
                        None => Value::Null,
                    }
                };
                json!({
                    "title": self.text(&c.title),
                    "href": self.link.href(&urls::competency(site, fi, ci)),
                    "depth": c.depth,
                    "trained": f.reference || f.is_trained(ci),
                    "evidence_count": c.evidenced_by.len(),
                    "modules": modules.iter().map(|&m| cell(&|by: &Developer| matches!(*by, Developer::Module { module } | Developer::Unit { module, .. } if module == m))).collect::<Vec<_>>(),
                    "stages": stages.iter().map(|&(r, s)| cell(&|by: &Developer| *by == Developer::Stage { roadmap: r, stage: s })).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "framework": {
                "id": f.id,
                "title": self.text(&f.title),
                "href": self.link.href(&urls::framework(site, fi)),
                "modules": modules.iter().map(|&m| self.link_to(&site.modules[m].title, &urls::module(site, m))).collect::<Vec<_>>(),
                "stages": stages.iter().map(|&(r, s)| json!({
                    "title": self.text(&site.roadmaps[r].stages[s].title),
                    "href": self.link.href(&urls::stage(site, r, s)),
                    "roadmap": self.link_to(&site.roadmaps[r].title, &urls::roadmap(site, r)),
                })).collect::<Vec<_>>(),
                "rows": rows,
            }
        })
    }

    pub fn page(&self, pi: usize) -> Value {
        let p = &self.site().pages[pi];
        json!({
            "content": {
                "id": p.id,
                "title": self.text(&p.title),
                "summary_html": self.shared.summary(p.summary.as_ref()),
                "body_html": p.body.get(self.lang()),
            }
        })
    }
}

/// A checklist's items for the browser: `[{"key", "weight", "required"}]`, so that a page can
/// show the progress of checklists it does not display (a roadmap's stages).
fn items_json(c: &Checklist) -> String {
    fn item(prefix: &str, i: &Item) -> Value {
        let key = format!("{prefix}/{}", i.id);
        let mut v = json!({"key": key, "weight": i.weight, "required": i.required});
        if !i.items.is_empty() {
            v["items"] = i.items.iter().map(|s| item(&key, s)).collect();
            v["choose"] = i.choose.into();
        }
        v
    }
    let items: Vec<Value> = c.items.iter().map(|i| item(&c.key, i)).collect();
    Value::Array(items).to_string()
}

/// The HTML id of a checklist item's checkbox: `ck-<checklist key>-<item id>`, with every `/`
/// as `-`.
fn item_dom_id(checklist_key: &str, item_id: &str) -> String {
    format!("ck-{}-{item_id}", checklist_key.replace('/', "-"))
}

fn party(p: &Party, lang: &str) -> Value {
    json!({"name": p.name.get(lang), "url": p.url})
}

/// The modules (by index) and the stages (roadmap, stage) that develop any competency of `f`,
/// or the whole framework, in site order.
pub fn developers(f: &crate::model::Framework) -> (Vec<usize>, Vec<(usize, usize)>) {
    let mut modules: Vec<usize> = Vec::new();
    let mut stages: Vec<(usize, usize)> = Vec::new();
    for d in f
        .competencies
        .iter()
        .flat_map(|c| &c.developed_by)
        .chain(&f.developed_by)
    {
        match d.by {
            Developer::Module { module } | Developer::Unit { module, .. } => modules.push(module),
            Developer::Stage { roadmap, stage } => stages.push((roadmap, stage)),
        }
    }
    modules.sort_unstable();
    modules.dedup();
    stages.sort_unstable();
    stages.dedup();
    (modules, stages)
}

/// True when the site has something to list in `section`.
pub fn has_section(site: &Site, section: Section) -> bool {
    match section {
        Section::Roadmaps => !site.roadmaps.is_empty(),
        Section::Modules => !site.modules.is_empty(),
        Section::Competencies => !site.frameworks.is_empty(),
        Section::Scales => !site.scales.is_empty(),
        Section::Curriculum => {
            !site.frameworks.is_empty() && (!site.modules.is_empty() || !site.roadmaps.is_empty())
        }
    }
}
