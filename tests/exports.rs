//! The exports of the example site: data.json against its schema, CASE packages against the
//! CASE 1.1 schema subset, Moodle CSVs, iCalendar schedules and JSON-LD.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use icalendar::{Calendar, Component, DatePerhapsTime};
use jenjang::export::{self, case, data, ics, jsonld, moodle, Date};
use jenjang::model::Site;
use serde_json::Value;

mod common;

fn example_site() -> Site {
    let outcome = jenjang::run(Path::new(env!("CARGO_MANIFEST_DIR")), Default::default());
    assert!(!outcome.has_errors(), "{:#?}", outcome.diagnostics);
    outcome.site.expect("the example site resolves")
}

fn read_json(path: &str) -> Value {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    serde_json::from_str(&std::fs::read_to_string(&full).unwrap()).unwrap()
}

fn validator(schema_path: &str) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&read_json(schema_path))
        .unwrap_or_else(|e| panic!("{schema_path} is not a valid schema: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, value: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

/// A published, bilingual copy of the example site (Indonesian by default, and English), with
/// one English title changed.
fn bilingual(site: &Site) -> Site {
    let mut site = site.clone();
    site.config.base_url = Some("https://example.org/karier/".into());
    site.config.language = "id".into();
    site.config.languages = vec!["id".into(), "en".into()];
    site.frameworks[0]
        .title
        .translations
        .insert("en".into(), "Translation".into());
    site
}

#[test]
fn all_is_deterministic() {
    let a = export::all(&example_site());
    let b = export::all(&example_site());
    assert_eq!(a, b);
    let paths: Vec<&str> = a.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"data.json"));
    assert!(paths.contains(&"competencies/teacher-competencies/case.json"));
    assert!(paths.contains(&"competencies/teacher-competencies/moodle.csv"));
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn data_json_matches_its_schema() {
    let site = example_site();
    let schema = validator("docs/data.schema.json");
    let file = data::file(&site);
    let value: Value = serde_json::from_slice(&file.bytes).unwrap();
    assert_valid(&schema, &value, "data.json");
    assert_eq!(value["format"], "jenjang-data");
    assert_eq!(value["version"], 2);
    assert_eq!(
        value["roadmaps"].as_array().unwrap().len(),
        site.roadmaps.len()
    );
    assert_eq!(
        value["frameworks"].as_array().unwrap().len(),
        site.frameworks.len()
    );
    // Texts are language maps on this bilingual site.
    assert!(value["site"]["title"]["id"].is_string());
    assert_eq!(
        value["scales"][0]["title"]["id"], "Skala capaian kinerja",
        "{}",
        value["scales"][0]["title"]
    );

    // And language maps of one language on a single-language one: one shape whatever the
    // number of languages.
    let mut single = site.clone();
    single.config.languages = vec![single.config.language.clone()];
    let value = data::json(&single);
    assert_valid(&schema, &value, "single-language data.json");
    assert_eq!(
        value["site"]["title"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        [&single.config.language]
    );

    // And language maps on a multilingual one, which must match the schema too.
    let value = data::json(&bilingual(&site));
    assert_valid(&schema, &value, "bilingual data.json");
    assert_eq!(value["frameworks"][0]["title"]["en"], "Translation");
    assert!(value["site"]["base_url"].is_string());
}

#[test]
fn data_json_references_resolve() {
    let value = data::json(&example_site());
    let frameworks: BTreeMap<&str, &Value> = value["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap(), f))
        .collect();
    let mut refs = 0;
    for roadmap in value["roadmaps"].as_array().unwrap() {
        for stage in roadmap["stages"].as_array().unwrap() {
            for r in stage["competencies"].as_array().unwrap() {
                refs += 1;
                let f = frameworks[r["framework"].as_str().unwrap()];
                if let Some(c) = r["competency"].as_str() {
                    let comp = f["competencies"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|x| x["id"] == c)
                        .expect("the competency exists");
                    assert_eq!(r["url"], comp["url"]);
                }
                if let Some(l) = r["level"].as_str() {
                    assert!(f["levels"].as_array().unwrap().iter().any(|x| x["id"] == l));
                }
            }
        }
    }
    assert!(refs > 0);
}

#[test]
fn case_packages_match_the_case_schema() {
    let site = example_site();
    let schema = validator("tests/data/case-v1p1-cfpackage.schema.json");
    for variant in [site.clone(), bilingual(&site)] {
        let langs = variant.config.languages.clone();
        for lang in &langs {
            for (f, fw) in variant.frameworks.iter().enumerate() {
                let file = case::file(&variant, f, lang).expect("the example site is dated");
                let package: Value = serde_json::from_slice(&file.bytes).unwrap();
                assert_valid(&schema, &package, &file.path);
                check_package(fw, &package, variant.config.base_url.is_some());
                if let Some(base) = &variant.config.base_url {
                    // Every URI but the shared item types' leads to this file.
                    let address = format!("{base}{}", file.path);
                    assert_eq!(package["CFDocument"]["uri"], address.as_str());
                    for item in package["CFItems"].as_array().unwrap() {
                        let id = item["identifier"].as_str().unwrap();
                        assert_eq!(item["uri"], format!("{address}#{id}"));
                    }
                }
            }
        }
    }
}

/// Every competency and indicator is an item; identifiers are unique; every association
/// joins known nodes; the rubric's criteria link items.
fn check_package(fw: &jenjang::model::Framework, package: &Value, published: bool) {
    let doc = &package["CFDocument"];
    let doc_id = doc["identifier"].as_str().unwrap();
    if published {
        assert!(doc["uri"].as_str().unwrap().starts_with("https://"));
    } else {
        assert_eq!(doc["uri"], format!("urn:uuid:{doc_id}"));
    }
    let items = package["CFItems"].as_array().unwrap();
    let indicators: usize = fw.competencies.iter().map(|c| c.indicators.len()).sum();
    assert_eq!(items.len(), fw.competencies.len() + indicators);
    let item_ids: BTreeSet<&str> = items
        .iter()
        .map(|i| i["identifier"].as_str().unwrap())
        .collect();
    assert_eq!(item_ids.len(), items.len(), "item identifiers are unique");

    let assoc = package["CFAssociations"].as_array().unwrap();
    assert_eq!(assoc.len(), items.len(), "one isChildOf per item");
    let mut origins = BTreeSet::new();
    let mut top = 0;
    for a in assoc {
        assert_eq!(a["associationType"], "isChildOf");
        let origin = a["originNodeURI"]["identifier"].as_str().unwrap();
        let destination = a["destinationNodeURI"]["identifier"].as_str().unwrap();
        assert!(item_ids.contains(origin));
        assert!(destination == doc_id || item_ids.contains(destination));
        top += usize::from(destination == doc_id);
        origins.insert(origin);
    }
    assert_eq!(origins.len(), items.len());
    assert_eq!(top, fw.roots.len());

    let types: BTreeSet<&str> = package["CFDefinitions"]["CFItemTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["identifier"].as_str().unwrap())
        .collect();
    for i in items {
        assert!(types.contains(i["CFItemTypeURI"]["identifier"].as_str().unwrap()));
    }

    if fw.levels.is_empty() {
        assert!(package.get("CFRubrics").is_none());
    } else {
        let criteria = package["CFRubrics"][0]["CFRubricCriteria"]
            .as_array()
            .unwrap();
        assert_eq!(criteria.len(), fw.competencies.len());
        for c in criteria {
            assert!(item_ids.contains(c["CFItemURI"]["identifier"].as_str().unwrap()));
            assert_eq!(
                c["CFRubricCriterionLevels"].as_array().unwrap().len(),
                fw.levels.len()
            );
        }
    }
}

#[test]
fn the_schemas_reject_broken_documents() {
    let site = example_site();
    let case_schema = validator("tests/data/case-v1p1-cfpackage.schema.json");
    let good = case::package(&site, 0, "en").unwrap();
    assert!(case_schema.is_valid(&good));
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        v
    };
    for bad in [
        broken(&|v| {
            v["CFDocument"].as_object_mut().unwrap().remove("creator");
        }),
        broken(&|v| v["CFDocument"]["caseVersion"] = "1.0".into()),
        broken(&|v| v["CFDocument"]["unknown"] = "x".into()),
        broken(&|v| v["CFItems"][0]["identifier"] = "ABC".into()),
        broken(&|v| {
            let id = v["CFItems"][0]["identifier"]
                .as_str()
                .unwrap()
                .to_uppercase();
            v["CFItems"][0]["identifier"] = id.into();
        }),
        broken(&|v| v["CFItems"][0]["uri"] = "not a uri".into()),
        broken(&|v| v["CFItems"][0]["lastChangeDateTime"] = "yesterday".into()),
        broken(&|v| v["CFAssociations"][0]["associationType"] = "isParentOf".into()),
    ] {
        assert!(!case_schema.is_valid(&bad));
    }

    let data_schema = validator("docs/data.schema.json");
    let good = data::json(&site);
    assert!(data_schema.is_valid(&good));
    let mut bad = good.clone();
    bad["modules"][0]["delivery"] = "by post".into();
    assert!(!data_schema.is_valid(&bad));
    let mut bad = good.clone();
    bad["roadmaps"][0].as_object_mut().unwrap().remove("stages");
    assert!(!data_schema.is_valid(&bad));
    let mut bad = good.clone();
    bad["version"] = 1.into();
    assert!(!data_schema.is_valid(&bad));
    // One shape of text whatever the number of languages: a string is refused.
    let mut bad = good.clone();
    bad["site"]["title"] = "A plain string".into();
    assert!(!data_schema.is_valid(&bad));
    // Open to additions within a version, as docs/exports.md promises: new fields anywhere.
    let mut added = good;
    added["site"]["new_field"] = 1.into();
    added["modules"][0]["units"][0]["new_field"] = "x".into();
    added["frameworks"][0]["competencies"][0]["new_field"] = Value::Null;
    added["new_list"] = Value::Array(vec![]);
    assert!(data_schema.is_valid(&added));
}

#[test]
fn data_json_names_its_published_schema() {
    let schema: Value = serde_json::from_str(data::SCHEMA).unwrap();
    assert_eq!(schema, read_json("docs/data.schema.json"));
    assert_eq!(schema["$id"], format!("urn:jenjang:data:{}", data::VERSION));
    assert_eq!(
        schema["properties"]["version"]["const"],
        Value::from(data::VERSION)
    );
    let site = example_site();
    let value = data::json(&site);
    assert_eq!(value["$schema"], data::SCHEMA_PATH);
    let value = data::json(&bilingual(&site));
    assert_eq!(
        value["$schema"],
        "https://example.org/karier/data.schema.json"
    );
}

#[test]
fn case_identifiers_survive_rebuilds_and_differ_between_frameworks() {
    let site = example_site();
    let id =
        |site: &Site, f| case::package(site, f, "en").unwrap()["CFDocument"]["identifier"].clone();
    assert_eq!(id(&site, 0), id(&example_site(), 0));
    assert_ne!(id(&site, 0), id(&site, 1));
}

#[test]
fn moodle_csv_has_moodles_columns_and_a_tree() {
    let site = example_site();
    for (f, fw) in site.frameworks.iter().enumerate() {
        let file = moodle::file(&site, f, &site.config.language);
        assert_eq!(file.path, format!("competencies/{}/moodle.csv", fw.id));
        let mut reader = csv::Reader::from_reader(file.bytes.as_slice());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(
            header,
            [
                "Parent ID number",
                "ID number",
                "Short name",
                "Description",
                "Description format",
                "Scale values",
                "Scale configuration",
                "Rule type (optional)",
                "Rule outcome (optional)",
                "Rule config (optional)",
                "Cross-referenced competency ID numbers",
                "Exported ID (optional)",
                "Is framework",
                "Taxonomy",
            ]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1 + fw.competencies.len());
        let framework = &rows[0];
        assert_eq!(&framework[12], "1");
        assert_eq!(&framework[1], fw.id);
        assert_eq!(&framework[0], "");
        let values: Vec<&str> = framework[5].split(',').collect();
        assert_eq!(values.len(), fw.levels.len().max(2));
        let config: Value = serde_json::from_str(&framework[6]).unwrap();
        let config = config.as_array().unwrap();
        assert!(config[0]["scaleid"].is_string());
        assert_eq!(
            config[1..]
                .iter()
                .filter(|c| c["scaledefault"] == 1)
                .count(),
            1
        );
        assert!(config[1..].iter().any(|c| c["proficient"] == 1));
        assert!(framework[13].split(',').all(|t| t == "competency"));

        let mut seen = BTreeSet::new();
        for row in &rows[1..] {
            assert_eq!(&row[12], "0");
            assert_eq!(&row[4], "1");
            let parent = &row[0];
            assert!(
                parent.is_empty() || seen.contains(parent),
                "parent `{parent}` comes before `{}`",
                &row[1]
            );
            assert!(seen.insert(row[1].to_string()), "ID numbers are unique");
        }
        let expected: BTreeSet<String> = fw.competencies.iter().map(|c| c.id.clone()).collect();
        assert_eq!(seen, expected);
    }
}

/// Text as the calendar wrote it, for parsers that keep TEXT escapes.
fn unescape(s: &str) -> String {
    s.replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\n", "\n")
        .replace("\\\\", "\\")
}

#[test]
fn ics_schedules_parse_and_follow_the_units() {
    let mut site = example_site();
    let start = Date::new(2026, 1, 5).unwrap();
    let updated = site.config.updated.expect("the example site is dated");
    for module in &mut site.modules {
        module.cohort_start = Some(start);
    }
    for (m, module) in site.modules.iter().enumerate() {
        let text =
            ics::calendar(&site, m, &site.config.language).expect("every example module has units");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "line over 75 octets: {line}");
        }
        let calendar: Calendar = text.parse().unwrap();
        let events: Vec<&icalendar::Event> = calendar.events().collect();
        assert_eq!(events.len(), module.units.len(), "{}", module.id);
        let dates = ics::unit_dates(module, start);
        let mut uids = BTreeSet::new();
        for ((event, unit), (first, end)) in events.iter().zip(&module.units).zip(&dates) {
            assert_eq!(
                unescape(event.get_summary().unwrap()),
                unit.title.default,
                "{}",
                module.id
            );
            let date = |d: Option<DatePerhapsTime>| match d {
                Some(DatePerhapsTime::Date(d)) => d.to_string(),
                other => panic!("not an all-day date: {other:?}"),
            };
            assert_eq!(date(event.get_start()), first.to_string());
            assert_eq!(date(event.get_end()), end.to_string());
            let midnight = format!("{updated}T00:00:00+00:00");
            assert_eq!(event.get_timestamp().unwrap().to_rfc3339(), midnight);
            assert_eq!(event.get_last_modified().unwrap().to_rfc3339(), midnight);
            assert_eq!(
                i64::from(event.get_sequence().unwrap()),
                updated.days(),
                "SEQUENCE is the day number of the last change"
            );
            assert!(uids.insert(event.get_uid().unwrap().to_string()));
        }
        // Units follow each other without gaps, starting on the start date.
        assert_eq!(dates[0].0, start);
        for pair in dates.windows(2) {
            assert_eq!(pair[0].1, pair[1].0);
        }
    }

    // The entrepreneur school: 1, 2, 1, 1, 2 and 1 months.
    let m = site
        .modules
        .iter()
        .position(|m| m.id == "entrepreneur-school")
        .unwrap();
    let starts: Vec<String> = ics::unit_dates(&site.modules[m], start)
        .iter()
        .map(|(s, _)| s.to_string())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-01-05",
            "2026-02-05",
            "2026-04-05",
            "2026-05-05",
            "2026-06-05",
            "2026-08-05"
        ]
    );
    let files = export::all(&site);
    assert!(files
        .iter()
        .any(|f| f.path == "modules/entrepreneur-school/schedule.ics"));

    // A later date for one module moves its events' revision on, and only its own.
    let before = |site: &Site, m: usize| {
        let text = ics::calendar(site, m, "en").unwrap();
        let calendar: Calendar = text.parse().unwrap();
        let event = calendar.events().next().unwrap().clone();
        (
            event.get_sequence().unwrap(),
            event.get_last_modified().unwrap(),
        )
    };
    let (sequence, modified) = before(&site, m);
    let other = (m + 1) % site.modules.len();
    let untouched = before(&site, other);
    site.modules[m].updated = Some(updated.add_days(3));
    let (later, later_modified) = before(&site, m);
    assert_eq!(later, sequence + 3);
    assert!(later_modified > modified);
    assert_eq!(before(&site, other), untouched);
    // Without any date the module has no calendar, rather than one from 1970.
    site.modules[m].updated = None;
    site.config.updated = None;
    assert!(ics::calendar(&site, m, "en").is_none());
    assert!(!export::all(&site)
        .iter()
        .any(|f| f.path.ends_with(".ics") || f.path.ends_with("case.json")));
}

#[test]
fn json_ld_for_every_page_kind() {
    let mut site = example_site();
    let href = |p: &str| format!("https://example.org/karier/{p}");
    let check = |v: &Value, kind: &str| {
        let text = jsonld::script_json(v);
        assert!(!text.contains('<') && !text.contains('>'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(&back, v);
        assert_eq!(back["@context"], "https://schema.org");
        assert_eq!(back["@type"], kind);
        assert!(back["name"].as_str().is_some_and(|n| !n.is_empty()));
        assert!(back["url"].as_str().unwrap().starts_with("https://"));
        back
    };
    for m in 0..site.modules.len() {
        site.modules[m].cohort_start = Date::new(2026, 1, 5);
        let v = check(&jsonld::course(&site, m, "en", href), "Course");
        assert!(v["provider"]["name"].is_string());
        assert!(v["teaches"].as_array().is_some_and(|t| !t.is_empty()));
        let instance = &v["hasCourseInstance"][0];
        assert_eq!(instance["startDate"], "2026-01-05");
        assert!(instance["courseMode"].is_string());
        assert!(instance["courseWorkload"].is_string(), "{instance}");
        assert_eq!(instance["courseSchedule"]["@type"], "Schedule");
        assert_eq!(instance["courseSchedule"]["startDate"], "2026-01-05");
    }
    for (f, fw) in site.frameworks.iter().enumerate() {
        let v = check(
            &jsonld::defined_term_set(&site, f, "en", href),
            "DefinedTermSet",
        );
        assert_eq!(
            v["hasDefinedTerm"].as_array().unwrap().len(),
            fw.competencies.len()
        );
        for c in 0..fw.competencies.len() {
            let t = check(
                &jsonld::defined_term(&site, f, c, "en", href),
                "DefinedTerm",
            );
            assert_eq!(t["inDefinedTermSet"]["@id"], v["@id"]);
        }
    }
    for r in 0..site.roadmaps.len() {
        let v = check(
            &jsonld::program(&site, r, "en", href),
            "EducationalOccupationalProgram",
        );
        assert!(v["hasCourse"].is_array() || v.get("hasCourse").is_none());
    }

    // A title that tries to close the script element stays inside it.
    site.modules[0].title = jenjang::model::Localized::plain("</script><script>alert(1)</script>");
    let v = jsonld::course(&site, 0, "en", href);
    let text = jsonld::script_json(&v);
    assert!(!text.to_lowercase().contains("</script"));
    assert!(text.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back["name"], "</script><script>alert(1)</script>");
}

#[test]
fn data_json_file_is_the_value_serialised() {
    for site in [example_site(), bilingual(&example_site())] {
        let mut expected = serde_json::to_vec(&data::json(&site)).unwrap();
        expected.push(b'\n');
        assert!(data::file(&site).bytes == expected);
        let mut written = Vec::new();
        data::write(&site, &mut written).unwrap();
        assert!(written == expected, "data::write differs from data::file");
    }
}

/// The schema.org properties each type used has, from its own definition and those of the
/// types it inherits (Thing → CreativeWork → Course; Thing → Intangible → DefinedTerm; Thing →
/// Event → CourseInstance …), as schema.org lists them: only those jenjang could use.
fn schema_org_properties(kind: &str) -> Vec<&'static str> {
    const THING: [&str; 7] = [
        "name",
        "description",
        "url",
        "identifier",
        "sameAs",
        "alternateName",
        "image",
    ];
    const CREATIVE_WORK: [&str; 13] = [
        "inLanguage",
        "audience",
        "provider",
        "publisher",
        "isBasedOn",
        "teaches",
        "timeRequired",
        "about",
        "author",
        "dateModified",
        "hasPart",
        "isPartOf",
        "educationalLevel",
    ];
    const EVENT: [&str; 7] = [
        "startDate",
        "endDate",
        "inLanguage",
        "audience",
        "duration",
        "location",
        "organizer",
    ];
    let own: &[&str] = match kind {
        "Course" => &[
            "coursePrerequisites",
            "hasCourseInstance",
            "courseCode",
            "educationalCredentialAwarded",
            "numberOfCredits",
            "occupationalCredentialAwarded",
            "availableLanguage",
            "syllabusSections",
        ],
        "DefinedTermSet" => &["hasDefinedTerm"],
        "DefinedTerm" => &["termCode", "inDefinedTermSet"],
        "EducationalOccupationalProgram" => &[
            "provider",
            "hasCourse",
            "timeToComplete",
            "programPrerequisites",
            "educationalProgramMode",
            "occupationalCategory",
            "programType",
            "startDate",
            "endDate",
            "offers",
        ],
        "CourseInstance" => &[
            "courseMode",
            "courseSchedule",
            "courseWorkload",
            "instructor",
        ],
        "Schedule" => &[
            "duration",
            "repeatCount",
            "repeatFrequency",
            "startDate",
            "endDate",
            "byDay",
            "scheduleTimezone",
        ],
        "Organization" => &["email", "address", "logo"],
        "EducationalAudience" => &["audienceType", "educationalRole"],
        other => panic!("a type the table does not know: {other}"),
    };
    let inherited: &[&str] = match kind {
        "Course" | "DefinedTermSet" => &CREATIVE_WORK,
        "CourseInstance" => &EVENT,
        _ => &[],
    };
    THING.iter().chain(inherited).chain(own).copied().collect()
}

/// Checks every property of every typed node in `v` against its type's domain; returns the
/// types met.
fn check_domains(v: &Value, page: &str, types: &mut BTreeSet<String>) {
    match v {
        Value::Object(o) => {
            if let Some(kind) = o.get("@type").and_then(Value::as_str) {
                types.insert(kind.to_string());
                let allowed = schema_org_properties(kind);
                for key in o.keys().filter(|k| !k.starts_with('@')) {
                    assert!(
                        allowed.contains(&key.as_str()),
                        "{page}: `{key}` is not a property of {kind}"
                    );
                }
            }
            for value in o.values() {
                check_domains(value, page, types);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| check_domains(x, page, types)),
        _ => {}
    }
}

#[test]
fn json_ld_properties_are_on_types_whose_domain_has_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    let text = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        format!("{text}\nbase_url: https://example.org/karier/\n"),
    )
    .unwrap();
    common::copy_dir(&root.join("content"), &site.join("content"));
    // A cohort start for every module, so that course instances carry their dates.
    for entry in std::fs::read_dir(site.join("content/modules")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.contains("\ncohort:") {
            std::fs::write(&path, format!("{text}\ncohort: {{start: 2027-01-04}}\n")).unwrap();
        }
    }
    let outcome = jenjang::run(site, Default::default());
    assert!(!outcome.has_errors(), "{:#?}", outcome.diagnostics);
    let mut types = BTreeSet::new();
    let mut blocks = 0;
    for output in outcome.outputs.unwrap() {
        if !output.path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(output.bytes).unwrap();
        let open = "<script type=\"application/ld+json\">";
        for (start, _) in html.match_indices(open) {
            let rest = &html[start + open.len()..];
            let json = &rest[..rest.find("</script>").unwrap()];
            let value: Value = serde_json::from_str(json).unwrap();
            check_domains(&value, &output.path, &mut types);
            blocks += 1;
        }
    }
    assert!(blocks > 50, "{blocks} JSON-LD blocks");
    let expected: BTreeSet<String> = [
        "Course",
        "CourseInstance",
        "DefinedTerm",
        "DefinedTermSet",
        "EducationalAudience",
        "EducationalOccupationalProgram",
        "Organization",
        "Schedule",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(types, expected);
}

/// The line of `line` without its line ending, and the ending.
fn split_eol(line: &str) -> (&str, &str) {
    let body = line.trim_end_matches(['\r', '\n']);
    (body, &line[body.len()..])
}

/// The records of `text` as PHP's `fgetcsv($stream, 0, ",", "\"", "\\")` reads them, line by
/// line (php-src ext/standard/file.c, `php_fgetcsv`): white space before an opening quote is
/// skipped; inside quotes the escape character `\` makes the next character literal (and is
/// kept), `""` is one `"`, and any other character after a `"` ends the quotes, what follows
/// up to the delimiter being kept as is; a quoted field that reaches the end of a line goes on
/// with the line ending and the next line.
fn php_fgetcsv(text: &str) -> Vec<Vec<String>> {
    let mut lines = text.split_inclusive('\n');
    let mut records = Vec::new();
    while let Some(first) = lines.next() {
        let (body, mut eol) = split_eol(first);
        let mut chars: Vec<char> = body.chars().collect();
        let mut i = 0;
        let mut fields = Vec::new();
        loop {
            let mut j = i;
            while j < chars.len() && chars[j] != ',' && chars[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < chars.len() && chars[j] == '"' {
                i = j;
            }
            let mut field = String::new();
            if i < chars.len() && chars[i] == '"' {
                i += 1;
                // 0: inside, 1: after the escape character, 2: after a quote.
                let mut state = 0;
                loop {
                    if i >= chars.len() {
                        if state == 2 {
                            break;
                        }
                        field.push_str(eol);
                        let Some(next) = lines.next() else { break };
                        let (body, next_eol) = split_eol(next);
                        chars = body.chars().collect();
                        eol = next_eol;
                        i = 0;
                        continue;
                    }
                    let c = chars[i];
                    match state {
                        1 => {
                            field.push(c);
                            state = 0;
                        }
                        2 if c != '"' => break,
                        2 => {
                            field.push('"');
                            state = 0;
                        }
                        _ if c == '"' => state = 2,
                        _ => {
                            if c == '\\' {
                                state = 1;
                            }
                            field.push(c);
                        }
                    }
                    i += 1;
                }
            }
            while i < chars.len() && chars[i] != ',' {
                field.push(chars[i]);
                i += 1;
            }
            fields.push(field);
            if i < chars.len() {
                i += 1;
            } else {
                break;
            }
        }
        records.push(fields);
    }
    records
}

/// The records of `bytes` as an RFC 4180 reader (the csv crate) reads them.
fn rfc4180(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_php_reader_differs_from_rfc_4180_on_a_backslash_before_a_quote() {
    // What a plain RFC 4180 writer makes of `Say \"hi\"` and of `C:\`: PHP reads neither back.
    let text = "\"Say \\\"\"hi\\\"\"\",x\r\n\"C:\\\",y\r\n";
    assert_eq!(
        rfc4180(text.as_bytes()),
        [["Say \\\"hi\\\"", "x"], ["C:\\", "y"]]
    );
    assert_ne!(php_fgetcsv(text), rfc4180(text.as_bytes()));
    // Without backslashes both agree, quotes, commas and line breaks included, as long as a
    // field with a quote is quoted from its first character (as the writer does).
    let text = "\"a \"\"b\"\", c\r\nd\",\"\",e,\r\nf,\"  g\"\r\n";
    assert_eq!(php_fgetcsv(text), rfc4180(text.as_bytes()));
    assert_eq!(php_fgetcsv(text)[0], ["a \"b\", c\r\nd", "", "e", ""]);
    assert_eq!(php_fgetcsv(text)[1], ["f", "  g"]);
    let spaced = "f,  \"g\"\r\n";
    assert_eq!(php_fgetcsv(spaced)[0], ["f", "g"]);
}

#[test]
fn moodle_csv_reads_back_the_same_with_rfc_4180_and_php_fgetcsv() {
    let hostile = [
        "Say \\\"hi\\\"",
        "C:\\",
        "\\",
        "\\\\\"",
        "\"quoted\", with a comma",
        "  leading spaces and \"quotes\"",
        "line\nbreak\r\nand CR\rtoo",
        "semi;colon, comma",
        "ends with a quote\"",
        "\\,\\\"\\\n",
        "tab\there",
    ];
    let mut site = example_site();
    let fw = &mut site.frameworks[0];
    for (i, title) in hostile.iter().enumerate() {
        let c = i % fw.competencies.len();
        fw.competencies[c].title = jenjang::model::Localized::plain(*title);
        if let Some(indicator) = fw.competencies[c].indicators.first_mut() {
            indicator.text = jenjang::model::Localized::plain(format!("{title} (indicator)"));
        }
    }
    fw.title = jenjang::model::Localized::plain(hostile[0]);
    if let Some(level) = fw.levels.first_mut() {
        level.title = jenjang::model::Localized::plain(hostile[1]);
    }
    let bytes = moodle::csv(&site, 0, "en");
    let text = String::from_utf8(bytes.clone()).unwrap();
    let rfc = rfc4180(&bytes);
    let php = php_fgetcsv(&text);
    assert_eq!(rfc, php, "{text}");
    assert!(rfc.iter().all(|r| r.len() == 14), "{rfc:?}");
    // Short names (column 3) are the titles, with `\` as the character reference Moodle shows
    // as `\`.
    let shown = |s: &str| s.replace("&#92;", "\\");
    assert_eq!(shown(&rfc[1][2]), hostile[0]);
    let fw = &site.frameworks[0];
    for (row, c) in rfc[2..].iter().zip(&fw.competencies) {
        assert_eq!(row[1], c.id);
    }
    for title in hostile.iter().take(fw.competencies.len()) {
        assert!(
            rfc.iter().any(|r| shown(&r[2]) == *title),
            "{title:?} is not a short name"
        );
    }
    assert!(!text.contains('\\'), "no field holds a backslash");
}
