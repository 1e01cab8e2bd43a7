//! schema.org JSON-LD for pages: a module is a `Course`, a framework a `DefinedTermSet`, a
//! competency a `DefinedTerm`, a roadmap an `EducationalOccupationalProgram`.
//!
//! Every property is one whose schema.org domain includes the type it is on: `inLanguage` and
//! `audience` only on the creative works (`Course`, `DefinedTermSet`), not on a `DefinedTerm`
//! or an `EducationalOccupationalProgram` (both `Intangible`).
//!
//! Each function takes `href`, which turns a site path (`modules/entrepreneur-school/`) into
//! the link the page uses for it (relative or absolute: the renderer's `Linker::href`); JSON-LD
//! resolves relative IRIs against the page, so relative links are correct. Embed the value
//! with [`script_json`]:
//!
//! ```text
//! <script type="application/ld+json">{{ jsonld | safe }}</script>
//! ```

use serde_json::{json, Map, Value};

use crate::model::{CompetencyRef, Delivery, Duration, DurationUnit, Module, Party, Site};
use crate::render::urls;

use super::html_to_text;

/// The `@context` of every value.
pub const CONTEXT: &str = "https://schema.org";

/// `value` as JSON that is safe inside `<script type="application/ld+json">`: `<`, `>` and `&`
/// (and U+2028, U+2029) are written as `\u003c`-style escapes, which JSON parsers read back
/// as the same characters, so no text can close the script element or open a comment.
pub fn script_json(value: &Value) -> String {
    let raw = serde_json::to_string(value).expect("a JSON value serialises");
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// An ISO 8601 duration (`P8M`, `P2W`, `PT90M`) for a duration that is not a range.
pub fn iso_duration(d: &Duration) -> Option<String> {
    if d.min != d.max {
        return None;
    }
    let n = d.min;
    Some(match d.unit {
        DurationUnit::Minute => format!("PT{n}M"),
        DurationUnit::Hour => format!("PT{n}H"),
        DurationUnit::Day => format!("P{n}D"),
        DurationUnit::Week => format!("P{n}W"),
        DurationUnit::Month => format!("P{n}M"),
        DurationUnit::Year => format!("P{n}Y"),
    })
}

/// Module `m` as a `Course`: name, description, provider (the module's, else the site's
/// publisher), `timeRequired` when the duration is not a range, `teaches` (the competencies
/// of the module and its units, as `DefinedTerm`s; a whole framework by name),
/// `coursePrerequisites`, and a `CourseInstance` ([`course_instance`]) when anything is known
/// of one.
pub fn course(site: &Site, m: usize, lang: &str, href: impl Fn(&str) -> String) -> Value {
    let md = &site.modules[m];
    let url = href(&urls::module(site, m));
    let mut obj = base("Course", &url, md.title.get(lang));
    obj.insert("inLanguage".into(), json!(lang));
    if let Some(s) = &md.summary {
        obj.insert("description".into(), json!(s.plain.get(lang)));
    }
    if let Some(p) = md.provider.as_ref().or(site.config.publisher.as_ref()) {
        obj.insert("provider".into(), organization(p, lang));
    }
    if let Some(t) = md.duration.as_ref().and_then(iso_duration) {
        obj.insert("timeRequired".into(), json!(t));
    }
    if let Some(a) = &md.audience {
        obj.insert(
            "audience".into(),
            json!({"@type": "EducationalAudience", "audienceType": a.get(lang)}),
        );
    }
    let mut refs: Vec<&CompetencyRef> = md.competencies.iter().collect();
    refs.extend(md.units.iter().flat_map(|u| &u.competencies));
    let mut seen = Vec::new();
    let teaches: Vec<Value> = refs
        .into_iter()
        .filter(|r| {
            let key = (r.framework, r.competency);
            let new = !seen.contains(&key);
            seen.push(key);
            new
        })
        .map(|r| match r.competency {
            Some(c) => term_ref(site, r.framework, c, lang, &href),
            None => json!(site.frameworks[r.framework].title.get(lang)),
        })
        .collect();
    if !teaches.is_empty() {
        obj.insert("teaches".into(), Value::Array(teaches));
    }
    if !md.prerequisites.is_empty() {
        obj.insert(
            "coursePrerequisites".into(),
            md.prerequisites
                .iter()
                .map(|&p| course_ref(site, p, lang, &href))
                .collect(),
        );
    }
    if let Some(instance) = course_instance(md) {
        obj.insert("hasCourseInstance".into(), json!([instance]));
    }
    Value::Object(obj)
}

/// The module's cohort as a `CourseInstance`, from what the module says (modules have no dated
/// cohorts of their own yet, so its schedule and workload come from its units):
///
/// - `courseMode`: `Onsite`, `Online` or `Blended`, from `delivery`;
/// - `courseWorkload`: the units' durations added up (ISO 8601, `P8M`), when every unit has a
///   duration and the sum is not a range;
/// - `courseSchedule`: a `Schedule` whose `duration`, `repeatFrequency` and `repeatCount` are
///   those of the units when every unit lasts the same (`P1D` five times), else whose
///   `duration` is the workload; with `startDate` and `endDate` (the last unit's last day)
///   when the cohort's start is known;
/// - `startDate` and `endDate` likewise.
///
/// `None` when none of these is known.
pub fn course_instance(md: &Module) -> Option<Value> {
    let mut instance = Map::new();
    if let Some(d) = md.delivery {
        let mode = match d {
            Delivery::InPerson => "Onsite",
            Delivery::Online => "Online",
            Delivery::Blended => "Blended",
        };
        instance.insert("courseMode".into(), json!(mode));
    }
    let durations: Option<Vec<&Duration>> = md.units.iter().map(|u| u.duration.as_ref()).collect();
    let durations = durations.filter(|d| !d.is_empty());
    let workload = durations
        .as_ref()
        .and_then(|d| Duration::sum(d.iter().copied()))
        .as_ref()
        .and_then(iso_duration);
    let mut schedule = Map::new();
    let each = durations.as_ref().and_then(|d| {
        let first = d[0];
        d.iter()
            .all(|x| x.min == first.min && x.max == first.max && x.unit == first.unit)
            .then(|| iso_duration(first))
            .flatten()
    });
    match (&each, &workload) {
        (Some(each), _) => {
            schedule.insert("duration".into(), json!(each));
            schedule.insert("repeatFrequency".into(), json!(each));
            schedule.insert("repeatCount".into(), json!(md.units.len()));
        }
        (None, Some(total)) => {
            schedule.insert("duration".into(), json!(total));
        }
        (None, None) => {}
    }
    if let Some(start) = md.cohort_start {
        instance.insert("startDate".into(), json!(start.to_string()));
        schedule.insert("startDate".into(), json!(start.to_string()));
        if let Some(&(_, end)) = super::ics::unit_dates(md, start).last() {
            let last = end.day_before().to_string();
            instance.insert("endDate".into(), json!(last));
            schedule.insert("endDate".into(), json!(last));
        }
    }
    if let Some(w) = workload {
        instance.insert("courseWorkload".into(), json!(w));
    }
    if !schedule.is_empty() {
        let mut typed = Map::new();
        typed.insert("@type".into(), json!("Schedule"));
        typed.extend(schedule);
        instance.insert("courseSchedule".into(), Value::Object(typed));
    }
    if instance.is_empty() {
        return None;
    }
    let mut typed = Map::new();
    typed.insert("@type".into(), json!("CourseInstance"));
    typed.extend(instance);
    Some(Value::Object(typed))
}

/// Framework `f` as a `DefinedTermSet` whose `hasDefinedTerm` lists every competency.
pub fn defined_term_set(site: &Site, f: usize, lang: &str, href: impl Fn(&str) -> String) -> Value {
    let fw = &site.frameworks[f];
    let url = href(&urls::framework(site, f));
    let mut obj = base("DefinedTermSet", &url, fw.title.get(lang));
    obj.insert("inLanguage".into(), json!(lang));
    if let Some(s) = &fw.summary {
        obj.insert("description".into(), json!(s.plain.get(lang)));
    }
    if let Some(p) = &site.config.publisher {
        obj.insert("publisher".into(), organization(p, lang));
    }
    if let Some(u) = fw.source.as_ref().and_then(|s| s.url.as_ref()) {
        obj.insert("isBasedOn".into(), json!(u));
    }
    let terms: Vec<Value> = (0..fw.competencies.len())
        .map(|c| Value::Object(term(site, f, c, lang, &href)))
        .collect();
    obj.insert("hasDefinedTerm".into(), Value::Array(terms));
    Value::Object(obj)
}

/// Competency `c` of framework `f` as a `DefinedTerm` (`termCode` its id) in its
/// `DefinedTermSet`.
pub fn defined_term(
    site: &Site,
    f: usize,
    c: usize,
    lang: &str,
    href: impl Fn(&str) -> String,
) -> Value {
    let fw = &site.frameworks[f];
    let mut obj = Map::new();
    obj.insert("@context".into(), json!(CONTEXT));
    obj.extend(term(site, f, c, lang, &href));
    let set = href(&urls::framework(site, f));
    obj.insert(
        "inDefinedTermSet".into(),
        json!({
            "@type": "DefinedTermSet",
            "@id": set,
            "url": set,
            "name": fw.title.get(lang),
        }),
    );
    Value::Object(obj)
}

/// Roadmap `r` as an `EducationalOccupationalProgram`: name, description, provider (the
/// site's publisher), `hasCourse` (the modules its stages name, in stage order),
/// `timeToComplete` when the span of its paths is not a range, `programPrerequisites` (the
/// first stage's entry requirements, as text). Its audience and language are not given: a
/// program (an `Intangible`) has neither property.
pub fn program(site: &Site, r: usize, lang: &str, href: impl Fn(&str) -> String) -> Value {
    let rm = &site.roadmaps[r];
    let url = href(&urls::roadmap(site, r));
    let mut obj = base("EducationalOccupationalProgram", &url, rm.title.get(lang));
    if let Some(s) = &rm.summary {
        obj.insert("description".into(), json!(s.plain.get(lang)));
    }
    if let Some(p) = &site.config.publisher {
        obj.insert("provider".into(), organization(p, lang));
    }
    if let Some(t) = rm.span().as_ref().and_then(iso_duration) {
        obj.insert("timeToComplete".into(), json!(t));
    }
    if let Some(entry) = rm.stages.first().and_then(|s| s.entry.as_ref()) {
        let text = html_to_text(entry.get(lang));
        if !text.is_empty() {
            obj.insert("programPrerequisites".into(), json!(text));
        }
    }
    let mut modules: Vec<usize> = Vec::new();
    for s in &rm.stages {
        for &m in &s.modules {
            if !modules.contains(&m) {
                modules.push(m);
            }
        }
    }
    if !modules.is_empty() {
        obj.insert(
            "hasCourse".into(),
            modules
                .iter()
                .map(|&m| course_ref(site, m, lang, &href))
                .collect(),
        );
    }
    Value::Object(obj)
}

/// `@context`, `@type`, `@id`, `url`, `name`.
fn base(kind: &str, url: &str, name: &str) -> Map<String, Value> {
    let mut obj = Map::new();
    obj.insert("@context".into(), json!(CONTEXT));
    obj.insert("@type".into(), json!(kind));
    obj.insert("@id".into(), json!(url));
    obj.insert("url".into(), json!(url));
    obj.insert("name".into(), json!(name));
    obj
}

fn organization(p: &Party, lang: &str) -> Value {
    let mut o = Map::new();
    o.insert("@type".into(), json!("Organization"));
    o.insert("name".into(), json!(p.name.get(lang)));
    if let Some(u) = &p.url {
        o.insert("url".into(), json!(u));
    }
    Value::Object(o)
}

/// A competency as a `DefinedTerm`, without `@context` and set.
fn term(
    site: &Site,
    f: usize,
    c: usize,
    lang: &str,
    href: &impl Fn(&str) -> String,
) -> Map<String, Value> {
    let comp = &site.frameworks[f].competencies[c];
    let url = href(&urls::competency(site, f, c));
    let mut obj = Map::new();
    obj.insert("@type".into(), json!("DefinedTerm"));
    obj.insert("@id".into(), json!(url));
    obj.insert("url".into(), json!(url));
    obj.insert("name".into(), json!(comp.title.get(lang)));
    obj.insert("termCode".into(), json!(comp.id));
    let description = match (&comp.summary, &comp.description) {
        (Some(s), _) => Some(s.plain.get(lang).to_string()),
        (None, Some(d)) => Some(html_to_text(d.get(lang))),
        (None, None) => None,
    };
    if let Some(d) = description.filter(|d| !d.is_empty()) {
        obj.insert("description".into(), json!(d));
    }
    obj
}

/// A short `DefinedTerm` reference with its set.
fn term_ref(site: &Site, f: usize, c: usize, lang: &str, href: &impl Fn(&str) -> String) -> Value {
    let url = href(&urls::competency(site, f, c));
    let set = href(&urls::framework(site, f));
    json!({
        "@type": "DefinedTerm",
        "@id": url,
        "url": url,
        "name": site.frameworks[f].competencies[c].title.get(lang),
        "inDefinedTermSet": set,
    })
}

/// A short `Course` reference.
fn course_ref(site: &Site, m: usize, lang: &str, href: &impl Fn(&str) -> String) -> Value {
    let md = &site.modules[m];
    let url = href(&urls::module(site, m));
    let mut o = Map::new();
    o.insert("@type".into(), json!("Course"));
    o.insert("@id".into(), json!(url));
    o.insert("url".into(), json!(url));
    o.insert("name".into(), json!(md.title.get(lang)));
    if let Some(s) = &md.summary {
        o.insert("description".into(), json!(s.plain.get(lang)));
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;

    fn href(path: &str) -> String {
        format!("https://example.org/site/{path}")
    }

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let v = json!({"name": "</script><script>alert(1)</script> & <!--"});
        let s = script_json(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert!(s.contains("\\u003c/script\\u003e"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn iso_durations() {
        let iso = |s: &str| iso_duration(&Duration::parse(s).unwrap());
        assert_eq!(iso("8 months").as_deref(), Some("P8M"));
        assert_eq!(iso("90 minutes").as_deref(), Some("PT90M"));
        assert_eq!(iso("2 weeks").as_deref(), Some("P2W"));
        assert_eq!(iso("1-2 years"), None);
    }

    #[test]
    fn a_module_is_a_course() {
        let mut site = fixture::site();
        site.modules[0].cohort_start = crate::model::Date::new(2026, 1, 5);
        let v = course(&site, 0, "id", href);
        assert_eq!(v["@context"], CONTEXT);
        assert_eq!(v["@type"], "Course");
        assert_eq!(v["url"], "https://example.org/site/modules/course/");
        assert_eq!(v["inLanguage"], "id");
        assert_eq!(v["provider"]["name"], "Provider");
        assert_eq!(v["timeRequired"], "P3M");
        let instance = &v["hasCourseInstance"][0];
        assert_eq!(instance["@type"], "CourseInstance");
        assert_eq!(instance["courseMode"], "Onsite");
        assert_eq!(instance["startDate"], "2026-01-05");
        // 1 month + 2 months, from 5 January: the last day is 4 April.
        assert_eq!(instance["endDate"], "2026-04-04");
        assert_eq!(instance["courseWorkload"], "P3M");
        assert_eq!(
            instance["courseSchedule"],
            json!({"@type": "Schedule", "duration": "P3M", "startDate": "2026-01-05", "endDate": "2026-04-04"})
        );
        let teaches = v["teaches"].as_array().unwrap();
        assert_eq!(teaches.len(), 3);
        assert_eq!(teaches[0]["name"], "Mengajar");
        assert_eq!(teaches[1], "Skills, for teachers");
        assert_eq!(teaches[2]["name"], "Caring");
    }

    #[test]
    fn frameworks_competencies_and_roadmaps() {
        let site = fixture::site();
        let set = defined_term_set(&site, 0, "en", href);
        assert_eq!(set["@type"], "DefinedTermSet");
        assert_eq!(set["hasDefinedTerm"].as_array().unwrap().len(), 3);
        assert_eq!(set["hasDefinedTerm"][1]["termCode"], "planning");
        let term = defined_term(&site, 0, 1, "en", href);
        assert_eq!(term["@context"], CONTEXT);
        assert_eq!(term["@type"], "DefinedTerm");
        assert!(term.get("inLanguage").is_none());
        assert!(set["hasDefinedTerm"][0].get("inLanguage").is_none());
        assert_eq!(set["inLanguage"], "en");
        assert_eq!(term["inDefinedTermSet"]["@id"], set["@id"]);
        let program = program(&site, 0, "en", |p: &str| format!("../{p}index.html"));
        assert_eq!(program["@type"], "EducationalOccupationalProgram");
        assert_eq!(program["url"], "../roadmaps/path/index.html");
        assert_eq!(program["hasCourse"].as_array().unwrap().len(), 1);
        assert_eq!(program["hasCourse"][0]["@type"], "Course");
        assert_eq!(program["programPrerequisites"], "A degree.");
        // 1-2 years + 1-2 years is a range: no timeToComplete.
        assert!(program.get("timeToComplete").is_none());
        assert!(program.get("inLanguage").is_none());
        assert!(program.get("audience").is_none());
    }

    #[test]
    fn units_of_one_length_repeat_in_the_schedule() {
        let mut site = fixture::site();
        let module = &mut site.modules[0];
        for u in &mut module.units {
            u.duration = Some(Duration::parse("1 day").unwrap());
        }
        module.delivery = None;
        let instance = course_instance(module).unwrap();
        assert_eq!(
            instance,
            json!({"@type": "CourseInstance", "courseWorkload": "P2D", "courseSchedule": {
                "@type": "Schedule", "duration": "P1D", "repeatFrequency": "P1D", "repeatCount": 2}})
        );
        module.units[1].duration = None;
        assert_eq!(course_instance(module), None);
    }
}
