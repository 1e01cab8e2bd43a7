//! schema.org JSON-LD for pages: a module is a `Course`, a framework a `DefinedTermSet`, a
//! competency a `DefinedTerm`, a roadmap an `EducationalOccupationalProgram`.
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

use crate::model::{CompetencyRef, Delivery, Duration, DurationUnit, Party, Site};
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
/// `coursePrerequisites`, and a `CourseInstance` with `courseMode` (`Onsite`, `Online`,
/// `Blended`) and `startDate` when either is known.
pub fn course(site: &Site, m: usize, lang: &str, href: impl Fn(&str) -> String) -> Value {
    let md = &site.modules[m];
    let start = md.cohort_start;
    let url = href(&urls::module(site, m));
    let mut obj = base("Course", &url, md.title.get(lang), lang);
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
    if md.delivery.is_some() || start.is_some() {
        let mut instance = Map::new();
        instance.insert("@type".into(), json!("CourseInstance"));
        if let Some(d) = md.delivery {
            let mode = match d {
                Delivery::InPerson => "Onsite",
                Delivery::Online => "Online",
                Delivery::Blended => "Blended",
            };
            instance.insert("courseMode".into(), json!(mode));
        }
        if let Some(s) = start {
            instance.insert("startDate".into(), json!(s.to_string()));
        }
        obj.insert(
            "hasCourseInstance".into(),
            Value::Array(vec![Value::Object(instance)]),
        );
    }
    Value::Object(obj)
}

/// Framework `f` as a `DefinedTermSet` whose `hasDefinedTerm` lists every competency.
pub fn defined_term_set(site: &Site, f: usize, lang: &str, href: impl Fn(&str) -> String) -> Value {
    let fw = &site.frameworks[f];
    let url = href(&urls::framework(site, f));
    let mut obj = base("DefinedTermSet", &url, fw.title.get(lang), lang);
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
        .map(|c| {
            let mut t = term(site, f, c, lang, &href);
            t.remove("inLanguage");
            Value::Object(t)
        })
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
/// first stage's entry requirements, as text).
pub fn program(site: &Site, r: usize, lang: &str, href: impl Fn(&str) -> String) -> Value {
    let rm = &site.roadmaps[r];
    let url = href(&urls::roadmap(site, r));
    let mut obj = base(
        "EducationalOccupationalProgram",
        &url,
        rm.title.get(lang),
        lang,
    );
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
    if let Some(a) = &rm.audience {
        obj.insert(
            "audience".into(),
            json!({"@type": "EducationalAudience", "audienceType": a.get(lang)}),
        );
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

/// `@context`, `@type`, `@id`, `url`, `name`, `inLanguage`.
fn base(kind: &str, url: &str, name: &str, lang: &str) -> Map<String, Value> {
    let mut obj = Map::new();
    obj.insert("@context".into(), json!(CONTEXT));
    obj.insert("@type".into(), json!(kind));
    obj.insert("@id".into(), json!(url));
    obj.insert("url".into(), json!(url));
    obj.insert("name".into(), json!(name));
    obj.insert("inLanguage".into(), json!(lang));
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
    obj.insert("inLanguage".into(), json!(lang));
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
        assert_eq!(v["hasCourseInstance"][0]["courseMode"], "Onsite");
        assert_eq!(v["hasCourseInstance"][0]["startDate"], "2026-01-05");
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
        assert_eq!(term["inDefinedTermSet"]["@id"], set["@id"]);
        let program = program(&site, 0, "en", |p: &str| format!("../{p}index.html"));
        assert_eq!(program["@type"], "EducationalOccupationalProgram");
        assert_eq!(program["url"], "../roadmaps/path/index.html");
        assert_eq!(program["hasCourse"].as_array().unwrap().len(), 1);
        assert_eq!(program["hasCourse"][0]["@type"], "Course");
        assert_eq!(program["programPrerequisites"], "A degree.");
        // 1-2 years + 1-2 years is a range: no timeToComplete.
        assert!(program.get("timeToComplete").is_none());
    }
}
