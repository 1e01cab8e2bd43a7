//! The raw shapes of content files, exactly as authors write them.
//!
//! Every struct rejects unknown keys (`deny_unknown_fields`), so a typo is an error with the
//! key's line and column rather than a value that silently vanishes. Fields that the content
//! format lets authors write in a short form (a checklist item as a plain string, a source as a
//! plain string, a competency reference as `framework/competency`) use [`OrFull`]. Nothing here
//! knows about other files: references are plain strings until `resolve` checks them.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// The id syntax, as a JSON Schema `pattern` (the generated schemas check ids while authors
/// type; `resolve` is what enforces it).
pub const ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// A duration's syntax, as a JSON Schema `pattern`: a whole number or a range of them, and a
/// unit of time, singular or plural, in lower case or capitalised (`8 months`, `2-4 Years`).
/// `resolve` is what enforces it, with a message for each way it can be wrong.
pub const DURATION_PATTERN: &str = "^\\s*[0-9]+([-–][0-9]+)?\\s+([Mm]inute|MINUTE|[Hh]our|HOUR|[Dd]ay|DAY|[Ww]eek|WEEK|[Mm]onth|MONTH|[Yy]ear|YEAR)[sS]?\\s*$";

/// A text or Markdown field: a plain string, or a map from language code to string
/// (`{en: Pedagogical competence, id: Kompetensi pedagogik}`). Numbers and booleans are taken
/// as the text they are written as.
#[derive(Debug, Clone, PartialEq)]
pub enum RawText {
    Plain(String),
    /// Language code → text, in the order written.
    Map(Vec<(String, String)>),
}

/// A scalar taken as a string: ids, references, durations. `2024` and `"2024"` are the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scalar(pub String);

impl Scalar {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Either the short form of a value (a scalar, as [`RawText`]) or its full form (a map).
#[derive(Debug, Clone, PartialEq)]
pub enum OrFull<T> {
    Short(RawText),
    Full(T),
}

/// A map whose entries keep the order they are written in.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<V>(pub Vec<(Scalar, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

/// `site.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    /// The site's name (required).
    /// The site's id: keeps readers' checklist progress of different sites apart in their
    /// browsers. Defaults to the slug of the title; set it to keep progress when the title
    /// changes.
    #[schemars(extend("pattern" = ID_PATTERN))]
    pub id: Option<Scalar>,
    pub title: RawText,
    /// One short Markdown paragraph about the site, used on the home page and in
    /// `<meta name="description">`.
    pub summary: Option<RawText>,
    /// A longer Markdown text for the home page.
    pub description: Option<RawText>,
    /// The address the site is published at (`https://example.org/karier/`). Without it every
    /// link is relative and the site works from any folder, from disk and from a USB stick; with
    /// it links are absolute and `sitemap.xml` and `robots.txt` are written.
    pub base_url: Option<Scalar>,
    /// The default language of content and interface (`en`, `id` built in). Default `en`.
    pub language: Option<Scalar>,
    /// The languages content may be written in (`[en, id]`); any text field may then be a map
    /// from language code to text.
    pub languages: Option<Vec<Scalar>>,
    /// Who publishes the site: `{name, url}` or a plain name.
    pub publisher: Option<OrFull<RawParty>>,
    /// A theme folder under `themes/`, or `default` for the built-in theme.
    #[schemars(extend("pattern" = ID_PATTERN))]
    pub theme: Option<Scalar>,
    /// Where `build` writes the site, relative to the site folder. Default `public`.
    pub output: Option<Scalar>,
    /// The top navigation, in order. Without it the navigation lists roadmaps, modules and
    /// competencies (those the site has).
    pub menu: Option<Vec<RawMenuEntry>>,
    /// Settings for checklist progress.
    pub progress: Option<RawProgress>,
    /// Lets raw HTML in Markdown through unsanitised. Off by default.
    pub allow_raw_html: Option<bool>,
    /// The date the content last changed (`YYYY-MM-DD`): carried by the CASE packages and
    /// calendars. Without it they carry 1970-01-01, so builds never depend on the clock.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub updated: Option<Scalar>,
}

/// A publisher or provider: `{name, url}` or a plain name.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawParty {
    /// The name shown.
    pub name: RawText,
    /// A link to the publisher or provider.
    pub url: Option<Scalar>,
}

/// One entry of `menu:` in `site.yaml`: a free page, a section or a URL (exactly one of
/// `page`, `section` and `url`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMenuEntry {
    /// The text of the menu entry.
    pub title: RawText,
    /// A free page, by id (its file name in `content/pages/`, without `.md`).
    pub page: Option<Scalar>,
    /// A section of the site, by name: its list page (`roadmaps`, `modules`, …).
    pub section: Option<Scalar>,
    /// Any web address.
    pub url: Option<Scalar>,
}

/// Settings for checklist progress.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawProgress {
    /// The default scale (a scale id) that categorises checklist progress.
    pub scale: Option<Scalar>,
}

/// Where a framework, scale, module or roadmap comes from.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// The title of the regulation, standard, book or study.
    pub title: Option<RawText>,
    /// Where to read it.
    pub url: Option<Scalar>,
    /// Who published it.
    pub publisher: Option<RawText>,
    /// The year it was published.
    pub year: Option<Scalar>,
}

/// `content/competencies/<id>.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFramework {
    /// The framework's name (required).
    pub title: RawText,
    /// One short Markdown paragraph, used in lists and in `<meta name="description">`.
    pub summary: Option<RawText>,
    /// A longer Markdown text, any length.
    pub description: Option<RawText>,
    /// Where this comes from: a plain string, or `{title, url, publisher, year}` (every key
    /// optional).
    pub source: Option<OrFull<RawSource>>,
    /// The framework's proficiency levels, ordered low → high.
    #[serde(default)]
    pub levels: Vec<RawLevel>,
    /// A tree of competencies: areas → competencies → sub-competencies, any depth. Refer to one
    /// from elsewhere as `framework/competency`.
    #[serde(default)]
    pub competencies: Vec<RawCompetency>,
    /// `true` for an external standard the site only refers to: its competencies raise no
    /// curriculum-gap warnings.
    pub reference: Option<bool>,
}

/// A proficiency level of a framework.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    /// The level's id, unique in the framework: lower-case letters and digits joined by single
    /// hyphens.
    #[schemars(extend("pattern" = ID_PATTERN))]
    pub id: Scalar,
    /// The level's name.
    pub title: RawText,
    /// What the level means (Markdown).
    pub description: Option<RawText>,
}

/// A competency of a framework, with its nested competencies.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCompetency {
    /// The competency's id, unique in the whole framework tree: lower-case letters and digits
    /// joined by single hyphens. Referred to as `framework/competency`.
    #[schemars(extend("pattern" = ID_PATTERN))]
    pub id: Scalar,
    /// The competency's name.
    pub title: RawText,
    /// The framework's own code for it (`3.NF.A.2`), shown before its title and searchable.
    pub code: Option<Scalar>,
    /// Its kind in its source (`Domain`, `Cluster`, `Standard`…).
    #[serde(rename = "type")]
    pub kind: Option<RawText>,
    /// Its identifier in its source (e.g. a CASE UUID), kept by the exports.
    pub source_id: Option<Scalar>,
    /// One short Markdown paragraph, used in lists and in `<meta name="description">`.
    pub summary: Option<RawText>,
    /// A longer Markdown text, any length.
    pub description: Option<RawText>,
    /// Observable indicators: strings or `{id, text}`.
    #[serde(default)]
    pub indicators: Vec<OrFull<RawIndicator>>,
    /// Level id → what that level looks like for this competency (Markdown).
    #[serde(default)]
    pub levels: OrderedMap<RawText>,
    /// A known gap, documented: why no module or unit trains this competency (and those below
    /// it) yet (Markdown). Shown on its page and on the curriculum map; `check` then does not
    /// warn about it.
    pub gap: Option<RawText>,
    /// Nested competencies, same shape.
    #[serde(default)]
    pub children: Vec<RawCompetency>,
}

/// An observable indicator of a competency in full form (the short form is its text).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    /// The indicator's id: lower-case letters and digits joined by single hyphens.
    #[schemars(extend("pattern" = ID_PATTERN))]
    pub id: Option<Scalar>,
    /// What can be observed.
    pub text: RawText,
}

/// `content/scales/<id>.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    /// The scale's name (required).
    pub title: RawText,
    /// One short Markdown paragraph, used in lists and in `<meta name="description">`.
    pub summary: Option<RawText>,
    /// A longer Markdown text, any length.
    pub description: Option<RawText>,
    /// Where this comes from: a plain string, or `{title, url, publisher, year}` (every key
    /// optional).
    pub source: Option<OrFull<RawSource>>,
    /// The bands, in any order; a band covers its `min` up to the next band's `min`, and the
    /// highest band includes 100.
    #[serde(default)]
    pub bands: Vec<RawBand>,
    /// Names the range under the lowest band on purpose (otherwise it is a warning).
    pub below: Option<RawBelow>,
    /// The days of the year on which the scale is applied, as `MM-DD` (e.g. `["06-30",
    /// "12-31"]`): progress is then shown as the rating if assessed today, with the next
    /// assessment date.
    #[serde(default)]
    pub assessed: Vec<Scalar>,
}

/// A band of a scale: the achievements from `min` up to the next band's `min`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    /// Lowest achievement percentage (0–100) of the band.
    #[schemars(range(min = 0, max = 100))]
    pub min: f64,
    /// The score an achievement in this band gets.
    pub score: f64,
    /// The band's category, e.g. `Good`.
    pub label: RawText,
    /// What the band means (Markdown).
    pub description: Option<RawText>,
}

/// The range under a scale's lowest band, named on purpose.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBelow {
    /// The name of the range, e.g. `Not rated`.
    pub label: RawText,
    /// What the range means (Markdown).
    pub description: Option<RawText>,
}

/// A checklist item in full form (the short form is its text).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    /// The item's id, unique in its checklist. Readers' ticks are kept under it, so give every
    /// item one: without it the id is derived from the text and changes when the text does.
    #[schemars(extend("pattern" = ID_PATTERN))]
    pub id: Option<Scalar>,
    /// What to do.
    pub text: RawText,
    /// Whether the item is required. Default `true`.
    pub required: Option<bool>,
    /// The item's weight in progress (ticked weight / total weight). Default 1.
    pub weight: Option<f64>,
    /// What proves the item is done (Markdown).
    pub evidence: Option<RawText>,
    /// The competencies the item gives evidence of: `framework/competency` (or `{ref, level}`
    /// for evidence of a level). Listed on each competency's page.
    #[serde(default)]
    pub competencies: Vec<OrFull<RawCompetencyRef>>,
    /// Details shown on demand, not in a blank print (Markdown).
    pub description: Option<RawText>,
    /// Learning resources: `{title, url, kind}`, shown on demand with the description.
    #[serde(default)]
    pub resources: Vec<RawResource>,
    /// With `items:`, the group is done when this many of its sub-items are ticked (else when
    /// all its required sub-items are).
    pub choose: Option<u32>,
    /// Sub-items: the item is a group, counted as one item of its own weight. Same shape as an
    /// item, one level deep.
    #[serde(default)]
    pub items: Vec<OrFull<RawItem>>,
}

/// A learning resource of a checklist item.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawResource {
    /// What the reader sees.
    pub title: RawText,
    /// Where it is: an `http(s)` URL, or a path in the site.
    pub url: Scalar,
    /// `article`, `video`, `course`, `book`, `tool` or `other` (the default).
    pub kind: Option<Scalar>,
}

/// A competency a stage, module or unit develops: `{ref, level}` or just the reference.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCompetencyRef {
    /// The competency, as `framework/competency` (or a whole framework by its id).
    #[serde(rename = "ref")]
    pub reference: Scalar,
    /// The target level: one of the framework's level ids.
    pub level: Option<Scalar>,
}

/// `content/modules/<id>.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawModule {
    /// The module's name (required).
    pub title: RawText,
    /// One short Markdown paragraph, used in lists and in `<meta name="description">`.
    pub summary: Option<RawText>,
    /// A longer Markdown text, any length.
    pub description: Option<RawText>,
    /// Where this comes from: a plain string, or `{title, url, publisher, year}` (every key
    /// optional).
    pub source: Option<OrFull<RawSource>>,
    /// Who runs the module: `{name, url}` or a plain name.
    pub provider: Option<OrFull<RawParty>>,
    /// Who the module is for.
    pub audience: Option<RawText>,
    /// How long the module takes: a whole number and a unit (`8 months`, `16 hours`) or a range
    /// (`2-4 weeks`).
    #[schemars(extend("pattern" = DURATION_PATTERN))]
    pub duration: Option<Scalar>,
    /// How the module is delivered: `in-person`, `online` or `blended`.
    pub delivery: Option<Scalar>,
    /// How many learners take part together, shown as written (`5-6`).
    pub group_size: Option<RawText>,
    /// The learning outcomes.
    #[serde(default)]
    pub outcomes: Vec<RawText>,
    /// The competencies developed, each `{ref, level}` or just the reference
    /// `framework/competency`.
    #[serde(default)]
    pub competencies: Vec<OrFull<RawCompetencyRef>>,
    /// Modules to take first, by id.
    #[serde(default)]
    pub prerequisites: Vec<Scalar>,
    /// The units, in order: sessions, weeks or months.
    #[serde(default)]
    pub units: Vec<RawUnit>,
    /// How learners are assessed.
    pub assessment: Option<RawAssessment>,
    /// A checklist: strings, or `{id, text, required, weight, evidence}`. Give every item an
    /// explicit `id` so that readers keep their ticks when the text is edited.
    #[serde(default)]
    pub checklist: Vec<OrFull<RawItem>>,
    /// The next cohort: with a start date, the schedule is also published as a calendar.
    pub cohort: Option<RawCohort>,
}

/// A module's next cohort.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCohort {
    /// The day the first unit starts (`YYYY-MM-DD`).
    #[schemars(with = "String", extend("format" = "date"))]
    pub start: Scalar,
}

/// A unit of a module: a session, a week or a month.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    /// The unit's id, unique in the module: lower-case letters and digits joined by single
    /// hyphens.
    #[schemars(extend("pattern" = ID_PATTERN))]
    pub id: Scalar,
    /// The unit's name.
    pub title: RawText,
    /// When the unit takes place, free text shown as written (`Month 1`).
    pub period: Option<RawText>,
    /// How long the unit takes: a whole number and a unit (`1 month`, `90 minutes`).
    #[schemars(extend("pattern" = DURATION_PATTERN))]
    pub duration: Option<Scalar>,
    /// One short Markdown paragraph, used in lists and in `<meta name="description">`.
    pub summary: Option<RawText>,
    /// A longer Markdown text, any length.
    pub description: Option<RawText>,
    /// The topics covered.
    #[serde(default)]
    pub topics: Vec<RawText>,
    /// The competencies developed, each `{ref, level}` or just the reference
    /// `framework/competency`.
    #[serde(default)]
    pub competencies: Vec<OrFull<RawCompetencyRef>>,
    /// A checklist: strings, or `{id, text, required, weight, evidence}`. Give every item an
    /// explicit `id` so that readers keep their ticks when the text is edited.
    #[serde(default)]
    pub checklist: Vec<OrFull<RawItem>>,
}

/// How a module's learners are assessed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAssessment {
    /// How the assessment works (Markdown).
    pub description: Option<RawText>,
    /// The scale used, by id.
    pub scale: Option<Scalar>,
}

/// `content/roadmaps/<id>.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRoadmap {
    /// The roadmap's name (required).
    pub title: RawText,
    /// One short Markdown paragraph, used in lists and in `<meta name="description">`.
    pub summary: Option<RawText>,
    /// A longer Markdown text, any length.
    pub description: Option<RawText>,
    /// Where this comes from: a plain string, or `{title, url, publisher, year}` (every key
    /// optional).
    pub source: Option<OrFull<RawSource>>,
    /// Who the roadmap is for.
    pub audience: Option<RawText>,
    /// A scale (by id) that categorises each stage's checklist progress.
    pub scale: Option<Scalar>,
    /// The stages, in order; each leads to the next unless its `next` says otherwise.
    #[serde(default)]
    pub stages: Vec<RawStage>,
}

/// A stage of a roadmap.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    /// The stage's id, unique in the roadmap: lower-case letters and digits joined by single
    /// hyphens.
    #[schemars(extend("pattern" = ID_PATTERN))]
    pub id: Scalar,
    /// The stage's name.
    pub title: RawText,
    /// How long the stage lasts: a whole number and a unit (`8 months`) or a range
    /// (`2-4 years`).
    #[schemars(extend("pattern" = DURATION_PATTERN))]
    pub duration: Option<Scalar>,
    /// One short Markdown paragraph, used in lists and in `<meta name="description">`.
    pub summary: Option<RawText>,
    /// A longer Markdown text, any length.
    pub description: Option<RawText>,
    /// What you need to start this stage (Markdown).
    pub entry: Option<RawText>,
    /// A heading for a run of stages (`Early career`): consecutive stages with the same phase
    /// are shown under one heading.
    pub phase: Option<RawText>,
    /// The competencies developed, each `{ref, level}` or just the reference
    /// `framework/competency`.
    #[serde(default)]
    pub competencies: Vec<OrFull<RawCompetencyRef>>,
    /// Modules that support this stage, by id.
    #[serde(default)]
    pub modules: Vec<Scalar>,
    /// A checklist: strings, or `{id, text, required, weight, evidence}`. Give every item an
    /// explicit `id` so that readers keep their ticks when the text is edited.
    #[serde(default)]
    pub checklist: Vec<OrFull<RawItem>>,
    /// The stages that follow, by id (`roadmap/stage` for a stage of another roadmap): several
    /// make a branch, `[]` ends the path. Default: the next stage in the list.
    pub next: Option<Vec<Scalar>>,
}

/// The front matter of `content/pages/**/*.md`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPageMeta {
    /// The page's title (required).
    pub title: RawText,
    /// One short Markdown paragraph, used in lists and in `<meta name="description">`.
    pub summary: Option<RawText>,
    /// Sorts pages on the home page (then by title).
    pub order: Option<i64>,
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = RawText;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, or a map from language code to string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawText, E> {
        Ok(RawText::Plain(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<RawText, E> {
        Ok(RawText::Plain(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawText, E> {
        Ok(RawText::Plain(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawText, E> {
        Ok(RawText::Plain(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawText, E> {
        Ok(RawText::Plain(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawText, E> {
        Ok(RawText::Plain(v.to_string()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawText, A::Error> {
        let mut entries: Vec<(String, String)> = Vec::new();
        while let Some((lang, text)) = map.next_entry::<Scalar, Scalar>()? {
            if entries.iter().any(|(l, _)| *l == lang.0) {
                return Err(duplicate_key(&lang));
            }
            entries.push((lang.0, text.0));
        }
        Ok(RawText::Map(entries))
    }
}

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawText, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a single value (a word, a number or a quoted string)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(ScalarVisitor)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrFull<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OrFull<T>, D::Error> {
        struct OrFullVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrFullVisitor<T> {
            type Value = OrFull<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a map of the item's keys")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OrFull<T>, E> {
                TextVisitor.visit_str(v).map(OrFull::Short)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<OrFull<T>, E> {
                TextVisitor.visit_bool(v).map(OrFull::Short)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OrFull<T>, E> {
                TextVisitor.visit_i64(v).map(OrFull::Short)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OrFull<T>, E> {
                TextVisitor.visit_u64(v).map(OrFull::Short)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<OrFull<T>, E> {
                TextVisitor.visit_f64(v).map(OrFull::Short)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OrFull<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(OrFull::Full)
            }
        }
        d.deserialize_any(OrFullVisitor(PhantomData))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OrderedMap<V>, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedMap<V>, A::Error> {
                let mut entries: Vec<(Scalar, V)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<Scalar, V>()? {
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(duplicate_key(&key));
                    }
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<OrderedMap<V>, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

/// A key given twice in one of the maps above. Derived structs refuse a repeated key
/// themselves; either error sends [`super::yaml::parse`] to the pass that names both lines.
fn duplicate_key<E: de::Error>(key: &Scalar) -> E {
    E::custom(format!("the key `{}` appears twice in this mapping", key.0))
}

/// How deeply lists and maps may nest in a parsed document, counting the document's own map
/// as 1, for [`super::yaml::parse`] to know whether the document may go past
/// [`super::yaml::MAX_DEPTH`]. Only competencies nest in themselves; every other shape has a
/// fixed depth of a few levels, so the default says 0.
pub trait Nesting {
    fn nesting(&self) -> usize {
        0
    }
}

impl Nesting for RawSite {}
impl Nesting for RawRoadmap {}
impl Nesting for RawModule {}
impl Nesting for RawScale {}
impl Nesting for RawPageMeta {}

impl Nesting for RawFramework {
    /// The framework's map (1), its `competencies` list (2), then a list and a map per level
    /// of the tree; below the deepest competency, its indicators and level texts add up to 3.
    fn nesting(&self) -> usize {
        fn tree(c: &RawCompetency) -> usize {
            1 + c.children.iter().map(tree).max().unwrap_or(0)
        }
        let levels = self.competencies.iter().map(tree).max().unwrap_or(0);
        2 + 2 * levels + 3
    }
}

/// The JSON types a YAML scalar arrives as: [`Scalar`] and the short forms take any of them
/// as text.
const SCALAR_TYPES: [&str; 3] = ["string", "number", "boolean"];

impl JsonSchema for RawText {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }
    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::RawText").into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text: a plain string, or a map from language code to string \
                            (`{en: Pedagogical competence, id: Kompetensi pedagogik}`).",
            "type": ["string", "number", "boolean", "object"],
            "additionalProperties": { "type": SCALAR_TYPES },
        })
    }
}

impl JsonSchema for Scalar {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Scalar".into()
    }
    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::Scalar").into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": SCALAR_TYPES })
    }
}

impl<T: JsonSchema> JsonSchema for OrFull<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("OrFull_{}", T::schema_name()).into()
    }
    fn schema_id() -> Cow<'static, str> {
        format!("{}::OrFull<{}>", module_path!(), T::schema_id()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": SCALAR_TYPES },
                generator.subschema_for::<T>(),
            ]
        })
    }
}

impl<V: JsonSchema> JsonSchema for OrderedMap<V> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("OrderedMap_{}", V::schema_name()).into()
    }
    fn schema_id() -> Cow<'static, str> {
        format!("{}::OrderedMap<{}>", module_path!(), V::schema_id()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_full_forms() {
        let items: Vec<OrFull<RawItem>> =
            serde_yaml::from_str("- Plain item\n- {id: x, text: Full item, weight: 2}\n").unwrap();
        assert!(matches!(&items[0], OrFull::Short(RawText::Plain(t)) if t == "Plain item"));
        assert!(matches!(&items[1], OrFull::Full(RawItem { weight: Some(w), .. }) if *w == 2.0));
    }

    #[test]
    fn language_maps_and_numbers_as_text() {
        let t: RawText = serde_yaml::from_str("{en: Social, id: Sosial}").unwrap();
        assert_eq!(
            t,
            RawText::Map(vec![
                ("en".into(), "Social".into()),
                ("id".into(), "Sosial".into())
            ])
        );
        let n: RawText = serde_yaml::from_str("6").unwrap();
        assert_eq!(n, RawText::Plain("6".into()));
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = serde_yaml::from_str::<RawItem>("text: a\nweigth: 2\n").unwrap_err();
        assert!(err.to_string().contains("unknown field `weigth`"), "{err}");
    }
}
