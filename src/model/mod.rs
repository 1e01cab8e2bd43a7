//! The resolved site: every entity with its references turned into indices.
//!
//! A [`Site`] exists only when `resolve` found no errors, so code that renders it can rely on
//! every index being valid. Entities are in id order within their kind (stages, units,
//! competencies and checklist items keep the order they are written in).

mod date;
mod duration;
pub mod progress;
mod text;

use std::path::{Path, PathBuf};

pub use date::{Date, MonthDay};
pub use duration::{Duration, DurationUnit};
pub use text::{Html, Localized, Text};

use crate::load::StaticFile;

/// A whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub roadmaps: Vec<Roadmap>,
    pub modules: Vec<Module>,
    pub frameworks: Vec<Framework>,
    pub scales: Vec<Scale>,
    pub pages: Vec<Page>,
    pub statics: Vec<StaticFile>,
}

/// `site.yaml`, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// Keeps readers' progress of different sites apart: `id:`, else the slug of the title.
    pub id: String,
    pub title: Text,
    pub summary: Option<Summary>,
    /// Absolute base URL ending in `/`, or `None` for a site of relative links.
    pub base_url: Option<String>,
    /// The default language of content and interface.
    pub language: String,
    /// Every language the site is built in, the default first.
    pub languages: Vec<String>,
    pub publisher: Option<Party>,
    /// A theme folder under `themes/`; `None` means the built-in default theme.
    pub theme: Option<String>,
    /// The output folder from `site.yaml`, relative to the site root.
    pub output: Option<PathBuf>,
    pub menu: Vec<MenuEntry>,
    /// The scale that categorises checklist progress where a roadmap or module names none.
    pub progress_scale: Option<usize>,
    pub allow_raw_html: bool,
    /// A longer description of the site (Markdown).
    pub description: Option<Html>,
    /// The date the content last changed (`updated:`), for exports that carry one.
    pub updated: Option<Date>,
}

/// A publisher or provider.
#[derive(Debug, Clone)]
pub struct Party {
    pub name: Text,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MenuEntry {
    pub title: Text,
    pub target: MenuTarget,
}

/// One roadmap, module, framework, scale or free page of a [`Site`], by index: the unit of
/// which the site-wide files (`data.json`, the search index) are made, each entity's part on
/// its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    Roadmap(usize),
    Module(usize),
    Framework(usize),
    Scale(usize),
    Page(usize),
}

impl Site {
    /// Every entity, in site order: roadmaps, modules, frameworks, scales, free pages.
    pub fn entities(&self) -> impl Iterator<Item = Entity> {
        (0..self.roadmaps.len())
            .map(Entity::Roadmap)
            .chain((0..self.modules.len()).map(Entity::Module))
            .chain((0..self.frameworks.len()).map(Entity::Framework))
            .chain((0..self.scales.len()).map(Entity::Scale))
            .chain((0..self.pages.len()).map(Entity::Page))
    }

    /// The content file an entity is read from (relative to the site root; for a free page,
    /// the file of its default language).
    pub fn file_of(&self, e: Entity) -> &Path {
        match e {
            Entity::Roadmap(i) => &self.roadmaps[i].file,
            Entity::Module(i) => &self.modules[i].file,
            Entity::Framework(i) => &self.frameworks[i].file,
            Entity::Scale(i) => &self.scales[i].file,
            Entity::Page(i) => &self.pages[i].file,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Roadmaps,
    Modules,
    Competencies,
    Scales,
    /// The curriculum map: competencies × modules and roadmap stages.
    Curriculum,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Roadmaps,
        Section::Modules,
        Section::Competencies,
        Section::Scales,
        Section::Curriculum,
    ];

    /// The section's folder in the output and its name in `site.yaml`.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Roadmaps => "roadmaps",
            Section::Modules => "modules",
            Section::Competencies => "competencies",
            Section::Scales => "scales",
            Section::Curriculum => "curriculum",
        }
    }
}

#[derive(Debug, Clone)]
pub enum MenuTarget {
    /// Index into [`Site::pages`].
    Page(usize),
    Section(Section),
    /// An address written in `site.yaml`, used as is.
    Url(String),
}

/// A summary: one short Markdown paragraph, also kept as plain text for
/// `<meta name="description">`.
#[derive(Debug, Clone)]
pub struct Summary {
    pub html: Html,
    pub plain: Text,
}

/// Where something comes from.
#[derive(Debug, Clone)]
pub struct Source {
    pub title: Option<Text>,
    pub url: Option<String>,
    pub publisher: Option<Text>,
    pub year: Option<String>,
}

/// A competency framework: a tree of competencies and, optionally, proficiency levels.
#[derive(Debug, Clone)]
pub struct Framework {
    pub id: String,
    pub file: PathBuf,
    pub title: Text,
    pub summary: Option<Summary>,
    pub description: Option<Html>,
    pub source: Option<Source>,
    /// Ordered low → high.
    pub levels: Vec<Level>,
    /// Every competency of the tree, in depth-first order as written.
    pub competencies: Vec<Competency>,
    /// The top-level competencies (indices into `competencies`).
    pub roots: Vec<usize>,
    /// The stages, modules and units that name the whole framework.
    pub developed_by: Vec<Development>,
    /// The checklist items that name the whole framework as what they give evidence of.
    pub evidenced_by: Vec<Evidence>,
    /// An external standard the site refers to (`reference: true`): no curriculum-gap warnings.
    pub reference: bool,
}

impl Framework {
    /// True when a module or unit trains competency `c`: it names `c`, a competency above it
    /// (an area covers what it holds) or the whole framework, or `c` has sub-competencies and
    /// every one of them is trained. Stages that require `c` and checklist items that evidence
    /// it do not train it.
    pub fn is_trained(&self, c: usize) -> bool {
        let trains = |list: &[Development]| list.iter().any(|d| d.by.trains());
        if trains(&self.developed_by) {
            return true;
        }
        let mut up = Some(c);
        while let Some(i) = up {
            if trains(&self.competencies[i].developed_by) {
                return true;
            }
            up = self.competencies[i].parent;
        }
        self.trained_below(c)
    }

    /// The documented gap (`gap:`) of `c` or of the nearest competency above it that has one.
    pub fn documented_gap(&self, c: usize) -> Option<&Html> {
        let mut up = Some(c);
        while let Some(i) = up {
            if let Some(gap) = &self.competencies[i].gap {
                return Some(gap);
            }
            up = self.competencies[i].parent;
        }
        None
    }

    /// True when `c` has sub-competencies and each is named by a module or unit, or is itself
    /// trained from below.
    fn trained_below(&self, c: usize) -> bool {
        let children = &self.competencies[c].children;
        !children.is_empty()
            && children.iter().all(|&k| {
                self.competencies[k]
                    .developed_by
                    .iter()
                    .any(|d| d.by.trains())
                    || self.trained_below(k)
            })
    }
}

/// A proficiency level.
#[derive(Debug, Clone)]
pub struct Level {
    pub id: String,
    pub title: Text,
    pub description: Option<Html>,
}

#[derive(Debug, Clone)]
pub struct Competency {
    pub id: String,
    pub title: Text,
    /// The framework's own code for it (`code:`).
    pub code: Option<String>,
    /// Its kind in its source (`type:`).
    pub kind: Option<Text>,
    /// Its identifier in its source (`source_id:`).
    pub source_id: Option<String>,
    pub summary: Option<Summary>,
    pub description: Option<Html>,
    /// Why no module trains it yet (`gap:`), when the author documents a known gap.
    pub gap: Option<Html>,
    pub indicators: Vec<Indicator>,
    /// One entry per framework level, in level order: what that level looks like here.
    pub descriptors: Vec<Option<Html>>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// 0 for a top-level competency.
    pub depth: usize,
    /// The stages (which require it), modules and units (which train it) that name this
    /// competency, in site order.
    pub developed_by: Vec<Development>,
    /// The checklist items that give evidence of this competency, in site order.
    pub evidenced_by: Vec<Evidence>,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub text: Text,
}

/// Something that develops a competency, with its target level.
#[derive(Debug, Clone, Copy)]
pub struct Development {
    pub by: Developer,
    pub level: Option<usize>,
}

/// A stage, module or unit: what names a competency, or holds a checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Developer {
    Stage { roadmap: usize, stage: usize },
    Module { module: usize },
    Unit { module: usize, unit: usize },
}

impl Developer {
    /// True for modules and units: they train what they name; a stage requires it.
    pub fn trains(self) -> bool {
        !matches!(self, Developer::Stage { .. })
    }
}

/// A checklist item that gives evidence of a competency (`competencies:` on the item).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// Whose checklist holds the item (a module's own checklist is `Developer::Module`).
    pub by: Developer,
    /// Index of the item in that checklist.
    pub item: usize,
    /// Index of the sub-item in that item's group, when the evidence is a sub-item.
    pub sub: Option<usize>,
    /// The level the item is evidence of, when the reference names one.
    pub level: Option<usize>,
}

/// A reference to a competency (or a whole framework) with an optional target level.
#[derive(Debug, Clone, Copy)]
pub struct CompetencyRef {
    pub framework: usize,
    /// `None` when the reference names the whole framework.
    pub competency: Option<usize>,
    /// Index into the framework's levels.
    pub level: Option<usize>,
}

/// An assessment scale: achievement percentage → score and label.
#[derive(Debug, Clone)]
pub struct Scale {
    pub id: String,
    pub file: PathBuf,
    pub title: Text,
    pub summary: Option<Summary>,
    pub description: Option<Html>,
    pub source: Option<Source>,
    /// Ordered high → low; each covers `[min, max)`, the highest includes 100.
    pub bands: Vec<Band>,
    /// The named range below the lowest band, if the scale names it.
    pub below: Option<Below>,
    /// The days of the year on which the scale is applied, in calendar order (`assessed:`).
    pub assessed: Vec<MonthDay>,
}

#[derive(Debug, Clone)]
pub struct Band {
    pub min: f64,
    /// The next band's `min`, or 100 for the highest band.
    pub max: f64,
    pub score: f64,
    pub label: Text,
    pub description: Option<Html>,
}

#[derive(Debug, Clone)]
pub struct Below {
    pub label: Text,
    pub description: Option<Html>,
}

/// A checklist: the items a reader ticks, stored in the browser under `<key>/<item id>`.
#[derive(Debug, Clone)]
pub struct Checklist {
    /// `roadmap/stage`, `module/unit`, or `module` for a module's own items.
    pub key: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    /// False when the id was derived from the text (it changes when the text is edited).
    pub explicit_id: bool,
    pub text: Text,
    pub required: bool,
    pub weight: f64,
    pub evidence: Option<Html>,
    /// The competencies this item gives evidence of.
    pub competencies: Vec<CompetencyRef>,
    /// Details shown on demand.
    pub description: Option<Html>,
    pub resources: Vec<Resource>,
    /// The sub-items of a group (empty for a plain item); their keys are
    /// `<checklist key>/<item id>/<sub-item id>`.
    pub items: Vec<Item>,
    /// A group is done when this many sub-items are ticked (else when all its required ones
    /// are).
    pub choose: Option<usize>,
}

/// A learning resource of a checklist item.
#[derive(Debug, Clone)]
pub struct Resource {
    pub title: Text,
    pub url: String,
    pub kind: ResourceKind,
}

/// What kind of thing a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    Article,
    Video,
    Course,
    Book,
    Tool,
    Other,
}

impl ResourceKind {
    /// The names authors write, with their kinds.
    pub const ALL: [(&'static str, ResourceKind); 6] = [
        ("article", ResourceKind::Article),
        ("video", ResourceKind::Video),
        ("course", ResourceKind::Course),
        ("book", ResourceKind::Book),
        ("tool", ResourceKind::Tool),
        ("other", ResourceKind::Other),
    ];

    /// The name authors write (`video`).
    pub fn name(self) -> &'static str {
        ResourceKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("other", |(n, _)| n)
    }
}

impl Checklist {
    pub fn total_weight(&self) -> f64 {
        self.items.iter().map(|i| i.weight).sum()
    }

    /// The items as progress sees them, none ticked.
    pub fn blank(&self) -> Vec<progress::Tick> {
        self.ticks(|_| false)
    }

    /// The items as progress sees them, `ticked(key)` telling which keys are ticked; a group
    /// is ticked when it is done ([`progress::group_done`]).
    pub fn ticks(&self, ticked: impl Fn(&str) -> bool) -> Vec<progress::Tick> {
        self.items
            .iter()
            .map(|i| {
                let key = format!("{}/{}", self.key, i.id);
                let done = if i.items.is_empty() {
                    ticked(&key)
                } else {
                    let subs: Vec<progress::Tick> = i
                        .items
                        .iter()
                        .map(|s| progress::Tick {
                            weight: s.weight,
                            required: s.required,
                            ticked: ticked(&format!("{key}/{}", s.id)),
                        })
                        .collect();
                    progress::group_done(&subs, i.choose)
                };
                progress::Tick {
                    weight: i.weight,
                    required: i.required,
                    ticked: done,
                }
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    InPerson,
    Online,
    Blended,
}

impl Module {
    /// True when neither the module nor any of its units names a competency.
    pub fn develops_nothing(&self) -> bool {
        self.competencies.is_empty() && self.units.iter().all(|u| u.competencies.is_empty())
    }
}

impl Delivery {
    pub const ALL: [(&'static str, Delivery); 3] = [
        ("in-person", Delivery::InPerson),
        ("online", Delivery::Online),
        ("blended", Delivery::Blended),
    ];

    /// The interface-string key of the delivery's label.
    pub fn label_key(self) -> &'static str {
        match self {
            Delivery::InPerson => "delivery_in_person",
            Delivery::Online => "delivery_online",
            Delivery::Blended => "delivery_blended",
        }
    }
}

/// A training module: a curriculum of units.
#[derive(Debug, Clone)]
pub struct Module {
    pub id: String,
    pub file: PathBuf,
    pub title: Text,
    pub summary: Option<Summary>,
    pub description: Option<Html>,
    pub source: Option<Source>,
    pub provider: Option<Party>,
    pub audience: Option<Text>,
    pub duration: Option<Duration>,
    pub delivery: Option<Delivery>,
    pub group_size: Option<Text>,
    pub outcomes: Vec<Text>,
    pub competencies: Vec<CompetencyRef>,
    pub prerequisites: Vec<usize>,
    pub units: Vec<Unit>,
    pub assessment: Option<Assessment>,
    pub checklist: Checklist,
    /// The day the next cohort starts (`cohort: {start: …}`): the module's schedule is then
    /// also published as a calendar.
    pub cohort_start: Option<Date>,
    /// The stages that name this module: (roadmap, stage).
    pub used_by: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub title: Text,
    pub period: Option<Text>,
    pub duration: Option<Duration>,
    pub summary: Option<Summary>,
    pub description: Option<Html>,
    pub topics: Vec<Text>,
    pub competencies: Vec<CompetencyRef>,
    pub checklist: Checklist,
}

#[derive(Debug, Clone)]
pub struct Assessment {
    pub description: Option<Html>,
    pub scale: Option<usize>,
}

/// A career roadmap: stages forming a directed acyclic graph.
#[derive(Debug, Clone)]
pub struct Roadmap {
    pub id: String,
    pub file: PathBuf,
    pub title: Text,
    pub summary: Option<Summary>,
    pub description: Option<Html>,
    pub source: Option<Source>,
    pub audience: Option<Text>,
    pub scale: Option<usize>,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone)]
pub struct Stage {
    pub id: String,
    pub title: Text,
    pub duration: Option<Duration>,
    pub summary: Option<Summary>,
    pub description: Option<Html>,
    pub entry: Option<Html>,
    /// The heading of the run of stages this one belongs to (`phase:`).
    pub phase: Option<Text>,
    pub competencies: Vec<CompetencyRef>,
    pub modules: Vec<usize>,
    pub checklist: Checklist,
    /// The stages this one leads to, in this roadmap.
    pub next: Vec<usize>,
    /// Stages of other roadmaps this one leads to: (roadmap, stage).
    pub next_elsewhere: Vec<(usize, usize)>,
    /// The stages of this roadmap that lead here.
    pub previous: Vec<usize>,
}

impl Roadmap {
    /// The shortest and longest total duration of a path from the first stage to an end, when
    /// every stage has a duration.
    pub fn span(&self) -> Option<Duration> {
        let n = self.stages.len();
        if n == 0 || self.stages.iter().any(|s| s.duration.is_none()) {
            return None;
        }
        // Stages are a DAG (resolve guarantees it): memoised totals from each stage to an end.
        fn totals(r: &Roadmap, i: usize, memo: &mut [Option<(f64, f64)>]) -> (f64, f64) {
            if let Some(t) = memo[i] {
                return t;
            }
            let (lo, hi) = r.stages[i]
                .duration
                .as_ref()
                .map_or((0.0, 0.0), |d| d.minutes());
            let rest = r.stages[i]
                .next
                .iter()
                .map(|&j| totals(r, j, memo))
                .fold(None, |acc: Option<(f64, f64)>, (a, b)| {
                    Some(acc.map_or((a, b), |(x, y)| (x.min(a), y.max(b))))
                })
                .unwrap_or((0.0, 0.0));
            let t = (lo + rest.0, hi + rest.1);
            memo[i] = Some(t);
            t
        }
        let mut memo = vec![None; n];
        let (lo, hi) = totals(self, 0, &mut memo);
        Duration::from_minutes(
            lo,
            hi,
            self.stages
                .iter()
                .filter_map(|s| s.duration.as_ref().map(|d| d.unit)),
        )
    }
}

/// A free page.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub file: PathBuf,
    pub title: Text,
    pub summary: Option<Summary>,
    pub order: i64,
    pub body: Html,
    /// The translation files (`about.id.md`), by language, in the site's language order.
    pub translations: Vec<(String, PathBuf)>,
}
