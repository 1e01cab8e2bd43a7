//! The exports of the example site: data.json against its schema, CASE packages against the
//! CASE 1.1 schema subset, Moodle CSVs, iCalendar schedules and JSON-LD.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use icalendar::{Calendar, Component, DatePerhapsTime};
use jenjang::export::{self, case, data, ics, jsonld, moodle, Date};
use jenjang::model::Site;
use serde_json::Value;

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
    assert_eq!(value["version"], 1);
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

    // And plain strings on a single-language one.
    let mut single = site.clone();
    single.config.languages = vec![single.config.language.clone()];
    let value = data::json(&single);
    assert_valid(&schema, &value, "single-language data.json");
    assert!(value["site"]["title"].is_string());

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
                let file = case::file(&variant, f, lang);
                let package: Value = serde_json::from_slice(&file.bytes).unwrap();
                assert_valid(&schema, &package, &file.path);
                check_package(fw, &package, variant.config.base_url.is_some());
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
    let good = case::package(&site, 0, "en");
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
    let mut bad = good;
    bad["version"] = 2.into();
    assert!(!data_schema.is_valid(&bad));
}

#[test]
fn case_identifiers_survive_rebuilds_and_differ_between_frameworks() {
    let site = example_site();
    let id = |site: &Site, f| case::package(site, f, "en")["CFDocument"]["identifier"].clone();
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
    let site = example_site();
    let start = Date::new(2026, 1, 5).unwrap();
    for (m, module) in site.modules.iter().enumerate() {
        let text = ics::calendar(&site, m, &site.config.language, start)
            .expect("every example module has units");
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
            assert_eq!(
                event.get_timestamp().unwrap().to_rfc3339(),
                "1970-01-01T00:00:00+00:00"
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
    let mut site = site;
    site.modules[m].cohort_start = Some(start);
    let files = export::all(&site);
    assert!(files
        .iter()
        .any(|f| f.path == "modules/entrepreneur-school/schedule.ics"));
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
        assert_eq!(v["hasCourseInstance"][0]["startDate"], "2026-01-05");
        assert!(v["hasCourseInstance"][0]["courseMode"].is_string());
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
