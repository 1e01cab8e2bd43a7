//! `jenjang init`, `jenjang new` and `jenjang schema`, run as a user would: the new site
//! checks with no error and no warning and builds; every skeleton `new` writes keeps a site
//! valid; refusals exit 2 and leave files alone; and the JSON Schemas accept every file of the
//! example site and reject a misspelt key.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{jenjang, repo_root, Run};
use jenjang::scaffold::{schema, Kind};
use serde_json::Value;

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// `jenjang init <dir>` plus `extra` arguments.
fn init(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["init", path_str(dir)];
    args.extend_from_slice(extra);
    Run::of(&args)
}

/// `jenjang new <kind> <id> --root <root>`.
fn new(root: &Path, kind: &str, id: &str) -> Run {
    Run::of(&["new", kind, id, "--root", path_str(root)])
}

/// Asserts `check` (and `check --strict`) finds nothing at all in the site at `root`.
fn assert_checks_clean(root: &Path) {
    for extra in [&[][..], &["--strict"][..]] {
        let run = Run::check(root, extra);
        run.assert_code(0);
        assert!(
            !run.stderr.contains("warning[") && !run.stderr.contains("error["),
            "expected no diagnostics from check {extra:?}; stderr:\n{}",
            run.stderr
        );
    }
}

/// A site with nothing but a title.
fn bare_site(dir: &Path) -> PathBuf {
    let root = dir.join("bare");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("site.yaml"), "title: Bare\n").unwrap();
    root
}

const SITE_FILES: [&str; 6] = [
    "site.yaml",
    "content/roadmaps/trainer-career.yaml",
    "content/modules/trainer-basics.yaml",
    "content/competencies/trainer-competencies.yaml",
    "content/scales/progress.yaml",
    "content/pages/about.md",
];

#[test]
fn init_creates_a_site_that_checks_without_warnings_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("new").join("site");
    let run = init(&site, &[]);
    run.assert_code(0);
    for file in SITE_FILES {
        assert!(site.join(file).is_file(), "{file} was not created");
        assert!(
            run.stderr.contains(file),
            "{file} is not listed:\n{}",
            run.stderr
        );
    }
    for kind in Kind::ALL {
        let path = site.join("schemas").join(kind.schema_file());
        let text = fs::read_to_string(&path).expect("the schema is written");
        serde_json::from_str::<Value>(&text).expect("the schema is JSON");
    }
    let root = format!("--root {}", site.display());
    assert!(
        run.stderr.contains(&format!("jenjang serve {root}")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("jenjang build {root}")),
        "{}",
        run.stderr
    );

    assert_checks_clean(&site);
    let build = Run::of(&["build", "--root", path_str(&site)]);
    build.assert_code(0);
    for page in [
        "index.html",
        "roadmaps/trainer-career/index.html",
        "roadmaps/trainer-career/designer/index.html",
        "modules/trainer-basics/index.html",
        "competencies/trainer-competencies/group-work/index.html",
        "scales/progress/index.html",
        "about/index.html",
    ] {
        assert!(
            site.join("public").join(page).is_file(),
            "{page} was not built"
        );
    }
}

#[test]
fn init_defaults_to_the_current_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let run = Run::with(
        {
            let mut cmd = jenjang();
            cmd.current_dir(tmp.path());
            cmd
        },
        &["init"],
    );
    run.assert_code(0);
    assert!(tmp.path().join("site.yaml").is_file());
    assert!(
        run.stderr.lines().any(|l| l == "  jenjang serve"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("--root"), "{}", run.stderr);
    assert_checks_clean(tmp.path());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("busy");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "mine").unwrap();

    let run = init(&dir, &[]);
    run.assert_code(2);
    let d = run.only();
    assert_eq!((d.severity.as_str(), d.code.as_str()), ("error", "io"));
    d.assert_message_contains("is not empty")
        .assert_help_contains("--force");
    assert!(!dir.join("site.yaml").exists(), "nothing may be written");
    assert!(!dir.join("content").exists(), "nothing may be written");

    init(&dir, &["--force"]).assert_code(0);
    assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
    assert_checks_clean(&dir);
}

#[test]
fn every_new_file_keeps_a_site_valid() {
    let tmp = tempfile::tempdir().unwrap();
    let bare = bare_site(tmp.path());
    let full = tmp.path().join("full");
    init(&full, &[]).assert_code(0);
    for root in [&bare, &full] {
        // A roadmap, a scale and a page add no warning; a new module develops no competency
        // and a new framework's competencies are developed by nothing yet, which `check`
        // rightly reports until the author links them. Gaps are reported only on a site with
        // frameworks, so the bare site has none until its first framework.
        let module_gaps = if root == &bare { 0 } else { 1 };
        for (kind, file, gaps) in [
            ("roadmap", "content/roadmaps/first-aid.yaml", 0),
            ("scale", "content/scales/first-aid.yaml", 0),
            ("page", "content/pages/first-aid.md", 0),
            ("module", "content/modules/first-aid.yaml", module_gaps),
            ("framework", "content/competencies/first-aid.yaml", 2),
        ] {
            let run = new(root, kind, "first-aid");
            run.assert_code(0);
            let text = fs::read_to_string(root.join(file)).expect("the file is written");
            assert!(
                text.contains("# yaml-language-server: $schema=../../schemas/"),
                "{file} has no schema line"
            );
            assert!(text.contains("First aid"), "{file} has no title");
            assert!(!text.contains("{{"), "{file} has a placeholder left");
            if gaps == 0 {
                assert_checks_clean(root);
                continue;
            }
            let check = Run::check(root, &["--strict"]);
            check.assert_code(1);
            let ok = Run::check(root, &[]);
            ok.assert_code(0);
            assert!(
                ok.diagnostics
                    .iter()
                    .all(|d| d.severity == "warning" && d.code == "curriculum-gap"),
                "only curriculum gaps are expected after `new {kind}`:\n{}",
                ok.stderr
            );
            assert_eq!(ok.of_severity("warning").len(), gaps, "{}", ok.stderr);
        }
    }
    let run = new(&bare, "roadmap", "second");
    assert!(
        run.stderr.contains("jenjang schema --root"),
        "a site without schemas/ gets a hint: {}",
        run.stderr
    );
    let run = new(&full, "roadmap", "second");
    assert!(!run.stderr.contains("jenjang schema"), "{}", run.stderr);
}

#[test]
fn new_refuses_existing_files_bad_ids_and_folders_without_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = bare_site(tmp.path());
    new(&root, "module", "workshop").assert_code(0);
    let file = root.join("content/modules/workshop.yaml");
    fs::write(&file, "title: Mine\n").unwrap();

    let run = new(&root, "module", "workshop");
    run.assert_code(2);
    run.only().assert_message_contains("already exists");
    assert_eq!(fs::read_to_string(&file).unwrap(), "title: Mine\n");

    // The same id in a sub-folder of the kind's folder is the same id.
    fs::create_dir_all(root.join("content/roadmaps/old")).unwrap();
    fs::write(root.join("content/roadmaps/old/career.yml"), "title: Old\n").unwrap();
    let run = new(&root, "roadmap", "career");
    run.assert_code(2);
    run.only()
        .assert_message_contains("already a roadmap `career`");
    assert!(!root.join("content/roadmaps/career.yaml").exists());

    let run = new(&root, "roadmap", "First_Aid");
    run.assert_code(2);
    let d = run.only();
    assert_eq!(d.code, "id");
    d.assert_message_contains("`First_Aid` is not a valid id")
        .assert_help_contains("`first-aid`");
    for bad in ["a--b", "-a", "a-", "ümlaut"] {
        new(&root, "page", bad).assert_code(2);
    }
    let run = new(&root, "page", "assets");
    run.assert_code(2);
    run.only().assert_message_contains("reserved");
    assert!(!root.join("content/pages").exists());

    let empty = tmp.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    let run = new(&empty, "scale", "grades");
    run.assert_code(2);
    run.only().assert_message_contains("no site.yaml");
    assert!(!empty.join("content").exists());

    // An unknown kind is a usage error from the argument parser.
    new(&root, "stage", "x").assert_code(2);
}

#[test]
fn schema_writes_six_json_files_and_prints_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = bare_site(tmp.path());
    Run::of(&["schema", "--root", path_str(&root)]).assert_code(0);
    let mut names: Vec<String> = fs::read_dir(root.join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "framework.schema.json",
            "module.schema.json",
            "page.schema.json",
            "roadmap.schema.json",
            "scale.schema.json",
            "site.schema.json",
        ]
    );
    for name in &names {
        let text = fs::read_to_string(root.join("schemas").join(name)).unwrap();
        let value: Value = serde_json::from_str(&text).expect("the schema is JSON");
        assert_eq!(
            value["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
    }

    let out = tmp.path().join("elsewhere");
    Run::of(&["schema", "--output", path_str(&out)]).assert_code(0);
    assert_eq!(fs::read_dir(&out).unwrap().count(), 6);

    let run = Run::of(&["schema", "--stdout", "roadmap"]);
    run.assert_code(0);
    let value: Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(value, schema::schema(Kind::Roadmap));
}

/// The YAML of a content file as JSON: the whole file, or a page's front matter.
fn yaml_as_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        let rest = text.strip_prefix("---\n").expect("a page starts with ---");
        let end = rest.find("\n---\n").expect("the front matter is closed");
        rest[..=end].to_string()
    } else {
        text
    };
    serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every content file of the site at `root`, with its kind.
fn site_files(root: &Path) -> Vec<(PathBuf, Kind)> {
    let mut files = vec![(root.join("site.yaml"), Kind::Site)];
    for kind in Kind::ALL.into_iter().skip(1) {
        let folder = root.join(kind.folder().unwrap());
        for entry in walkdir::WalkDir::new(&folder).sort_by_file_name() {
            let entry = entry.unwrap();
            let ext = entry.path().extension().and_then(|e| e.to_str());
            let read = match kind {
                Kind::Page => ext == Some("md"),
                _ => matches!(ext, Some("yaml" | "yml")),
            };
            if entry.file_type().is_file() && read {
                files.push((entry.into_path(), kind));
            }
        }
    }
    files
}

/// The schema errors of `instance` against the schema of `kind`, as text.
fn schema_errors(kind: Kind, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(&schema::schema(kind)).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schemas_accept_every_file_of_the_example_site_and_of_a_new_site() {
    let tmp = tempfile::tempdir().unwrap();
    let new_site = tmp.path().join("site");
    init(&new_site, &[]).assert_code(0);
    for root in [repo_root(), new_site] {
        let files = site_files(&root);
        assert!(files.len() >= 6, "too few files under {}", root.display());
        for kind in Kind::ALL {
            assert!(
                files.iter().any(|(_, k)| *k == kind),
                "no {kind} file under {}",
                root.display()
            );
        }
        for (path, kind) in files {
            let errors = schema_errors(kind, &yaml_as_json(&path));
            assert!(
                errors.is_empty(),
                "{} does not match the {kind} schema:\n{}",
                path.display(),
                errors.join("\n")
            );
        }
    }
}

#[test]
fn the_schemas_reject_unknown_keys_bad_ids_and_wrong_types() {
    let roadmap = repo_root().join("content/roadmaps/teacher-career.yaml");
    let mut value = yaml_as_json(&roadmap);
    assert!(schema_errors(Kind::Roadmap, &value).is_empty());

    value["stages"][0]["durration"] = "2 years".into();
    let errors = schema_errors(Kind::Roadmap, &value);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("durration") && e.contains("/stages/0")),
        "{errors:?}"
    );

    let mut value = yaml_as_json(&roadmap);
    value["stages"][0]["id"] = "Finish_Line".into();
    assert!(!schema_errors(Kind::Roadmap, &value).is_empty());

    let mut value = yaml_as_json(&roadmap);
    value["stages"][0]["checklist"] = serde_json::json!([{"text": "x", "weigth": 2}]);
    assert!(!schema_errors(Kind::Roadmap, &value).is_empty());

    let site = serde_json::json!({"title": "T", "titel": "T"});
    assert!(!schema_errors(Kind::Site, &site).is_empty());
    let site = serde_json::json!({"title": "T", "menu": [{"title": "X", "section": "pages"}]});
    assert!(!schema_errors(Kind::Site, &site).is_empty());
    let page = serde_json::json!({"summary": "no title"});
    assert!(!schema_errors(Kind::Page, &page).is_empty());
    let scale =
        serde_json::json!({"title": "S", "bands": [{"min": 120, "score": 1, "label": "x"}]});
    assert!(!schema_errors(Kind::Scale, &scale).is_empty());
    let module = serde_json::json!({"title": "M", "delivery": "by post"});
    assert!(!schema_errors(Kind::Module, &module).is_empty());
    let framework = serde_json::json!({"title": {"en": "F", "id": "F"}, "levels": [{"id": "a"}]});
    let errors = schema_errors(Kind::Framework, &framework);
    assert!(errors.iter().any(|e| e.contains("title")), "{errors:?}");
}

/// `jenjang schema` in a folder without site.yaml refuses, and leaves no `schemas/` behind.
#[test]
fn schema_outside_a_site_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = Run::of(&["schema", "--root", path_str(tmp.path())]);
    run.assert_code(2);
    assert!(run.stderr.contains("no site.yaml in"), "{}", run.stderr);
    assert!(!tmp.path().join("schemas").exists());
}

/// Durations carry a pattern that takes what `check` takes and refuses other units.
#[test]
fn the_schemas_check_durations() {
    for (duration, ok) in [
        ("8 months", true),
        ("2-4 years", true),
        ("1 Day", true),
        ("90 minutes", true),
        ("2 fortnights", false),
        ("months", false),
        ("2.5 hours", false),
    ] {
        let module = serde_json::json!({"title": "M", "duration": duration});
        assert_eq!(
            schema_errors(Kind::Module, &module).is_empty(),
            ok,
            "{duration}"
        );
    }
}

/// Shell completions and the manual page come from the command line's own definition.
#[test]
fn completions_and_the_manual_page() {
    for (shell, marker) in [
        ("bash", "complete -F _jenjang"),
        ("zsh", "#compdef jenjang"),
        ("fish", "complete -c jenjang"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = Run::of(&["completions", shell]);
        run.assert_code(0);
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        assert!(
            run.stdout.contains("serve"),
            "{shell} completes the commands"
        );
    }
    let run = Run::of(&["man"]);
    run.assert_code(0);
    assert!(run.stdout.starts_with(".ie"), "{}", run.stdout);
    assert!(run.stdout.contains(".TH jenjang 1"), "{}", run.stdout);
    assert!(run.stdout.contains("completions"), "{}", run.stdout);
}
