//! `jenjang check` on broken sites: every kind of problem is reported with its code, the exact
//! `file:line:column`, the source line with a caret under that column, and a useful hint; and
//! the exit code says what happened (0 valid, 1 content errors or warnings with --strict,
//! 2 I/O and usage errors).
//!
//! Each fixture under tests/fixtures/ is a small site with one defect, described in a comment at
//! the top of its site.yaml (see tests/fixtures/README.md).

mod common;

use std::fs;

use common::{copy_site, fixture, Run};

fn check(name: &str) -> Run {
    Run::check(&fixture(name), &[])
}

fn check_strict(name: &str) -> Run {
    Run::check(&fixture(name), &["--strict"])
}

#[test]
fn the_valid_fixture_is_valid_even_with_strict() {
    for run in [check("valid"), check_strict("valid")] {
        run.assert_code(0);
        assert!(run.diagnostics.is_empty(), "{}", run.stderr);
        assert!(
            run.stderr
                .contains("The site is valid: 18 pages would be built."),
            "{}",
            run.stderr
        );
    }
}

/// The one-defect principle: apart from `valid` (none) and `several-errors` (seven), every
/// fixture produces exactly one diagnostic, even with --strict. When jenjang learns a new check
/// and this fails, give the fixtures what the new check wants rather than loosening the tests.
#[test]
fn every_fixture_has_exactly_one_defect() {
    let dir = common::repo_root().join("tests/fixtures");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.len() > 25, "{names:?}");
    let mut wrong = Vec::new();
    for name in &names {
        let expected = match name.as_str() {
            "valid" => 0,
            "several-errors" => 7,
            _ => 1,
        };
        let run = check_strict(name);
        if run.diagnostics.len() != expected {
            wrong.push(format!(
                "{name}: {} diagnostics, expected {expected}:\n{}",
                run.diagnostics.len(),
                run.stderr
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn unknown_key_suggests_the_key_meant() {
    let run = check("unknown-key");
    run.assert_code(1).assert_count_line("1 error, 0 warnings");
    run.only()
        .assert_at("error", "shape", "content/roadmaps/career.yaml:5:5")
        .assert_message_contains("unknown key `durration`")
        .assert_source("    durration: 1 year")
        .assert_help("did you mean `duration`?");
}

#[test]
fn unknown_key_in_front_matter_is_placed_in_the_page_file() {
    let run = check("unknown-key-front-matter");
    run.assert_code(1);
    run.only()
        .assert_at("error", "shape", "content/pages/about.md:3:1")
        .assert_message_contains("unknown key `ordr`")
        .assert_source("ordr: 1")
        .assert_help_contains("did you mean `order`");
}

/// The suggestion for a misspelling of the *last* key serde expects does not carry serde's
/// position along (it once read "did you mean `order` at line 2 column 1?").
#[test]
fn unknown_key_hint_is_clean_for_the_last_expected_key() {
    check("unknown-key-front-matter")
        .only()
        .assert_help("did you mean `order`?");
}

#[test]
fn yaml_syntax_error() {
    let run = check("yaml-syntax");
    run.assert_code(1);
    run.only()
        .assert_at("error", "syntax", "content/scales/grades.yaml:4:5")
        .assert_message_contains("did not find expected ',' or '}'")
        .assert_source("  - {min: 0, score: 1, label: Fail}");
}

#[test]
fn duplicate_key() {
    let run = check("duplicate-key");
    run.assert_code(1);
    run.only()
        .assert_at("error", "duplicate-id", "content/modules/workshop.yaml:3:1")
        .assert_message_contains("the key `title` appears twice")
        .assert_source("title: Workshop again")
        .assert_help_contains("line 1");
}

#[test]
fn invalid_id_in_a_file_name() {
    let run = check("invalid-file-id");
    run.assert_code(1);
    // A file name has no line: the diagnostic names the file only.
    run.only()
        .assert_at("error", "id", "content/modules/First_Aid.yaml")
        .assert_message_contains("`First_Aid` is not a valid id")
        .assert_help_contains("`first-aid`");
}

#[test]
fn invalid_inner_id() {
    let run = check("invalid-inner-id");
    run.assert_code(1);
    run.only()
        .assert_at("error", "id", "content/roadmaps/career.yaml:5:9")
        .assert_message_contains("`Finish_Line` is not a valid id")
        .assert_source("  - id: Finish_Line")
        .assert_help_contains("`finish-line`");
}

#[test]
fn duplicate_stage_id() {
    let run = check("duplicate-stage-id");
    run.assert_code(1);
    run.only()
        .assert_at("error", "duplicate-id", "content/roadmaps/career.yaml:5:9")
        .assert_message_contains("another stage already has the id `start`")
        .assert_source("  - id: start")
        .assert_help("the first is at line 3; give each stage its own id");
}

#[test]
fn duplicate_competency_id_anywhere_in_the_tree() {
    let run = check("duplicate-competency-id");
    run.assert_code(1);
    run.only()
        .assert_at(
            "error",
            "duplicate-id",
            "content/competencies/skills.yaml:8:9",
        )
        .assert_message_contains("another competency already has the id `listening`")
        .assert_source("  - id: listening")
        .assert_help("the first is at line 6; give each competency its own id");
}

#[test]
fn dangling_competency_reference() {
    let run = check("dangling-competency");
    run.assert_code(1);
    run.only()
        .assert_at("error", "reference", "content/roadmaps/career.yaml:6:15")
        .assert_message_contains("no competency `teachin`")
        .assert_source("      - {ref: skills/teachin, level: basic}")
        .assert_help("did you mean `teaching`?");
}

#[test]
fn dangling_level() {
    let run = check("dangling-level");
    run.assert_code(1);
    run.only()
        .assert_at("error", "reference", "content/modules/workshop.yaml:3:35")
        .assert_message_contains("no level `advanced`")
        .assert_help("the levels are: basic, expert");
}

#[test]
fn dangling_module() {
    let run = check("dangling-module");
    run.assert_code(1);
    run.only()
        .assert_at("error", "reference", "content/roadmaps/career.yaml:5:15")
        .assert_message_contains("no module `worksop`")
        .assert_help_contains("did you mean `workshop`?");
}

#[test]
fn dangling_scale() {
    let run = check("dangling-scale");
    run.assert_code(1);
    run.only()
        .assert_at("error", "reference", "content/roadmaps/career.yaml:2:8")
        .assert_message_contains("no scale `grade`")
        .assert_help_contains("did you mean `grades`?");
}

/// The typo cuts the only link to the stage `finish`, but that stage is not also reported as
/// unreachable, even with --strict: the dangling reference is the one diagnostic.
#[test]
fn dangling_next() {
    for run in [check("dangling-next"), check_strict("dangling-next")] {
        run.assert_code(1).assert_count_line("1 error, 0 warnings");
        run.only()
            .assert_at("error", "reference", "content/roadmaps/career.yaml:5:12")
            .assert_message_contains("no stage `finnish`")
            .assert_source("    next: [finnish]")
            .assert_help_contains("did you mean `finish`?");
        assert!(!run.stderr.contains("unreachable"), "{}", run.stderr);
    }
}

#[test]
fn dangling_menu_page() {
    let run = check("dangling-menu-page");
    run.assert_code(1);
    run.only()
        .assert_at("error", "reference", "site.yaml:4:26")
        .assert_message_contains("no page `abut`")
        .assert_help_contains("did you mean `about`?");
}

#[test]
fn cycle_in_next() {
    let run = check("next-cycle");
    run.assert_code(1);
    run.only()
        .assert_at("error", "cycle", "content/roadmaps/career.yaml:10:12")
        .assert_message_contains("middle → finish → middle")
        .assert_source("    next: [middle]");
}

#[test]
fn unreachable_stage_is_a_warning() {
    let run = check("unreachable-stage");
    run.assert_code(0).assert_count_line("0 errors, 1 warning");
    run.only()
        .assert_at("warning", "unreachable", "content/roadmaps/career.yaml:6:9")
        .assert_message_contains("the stage `detour`");
    assert!(run.stderr.contains("The site is valid"), "{}", run.stderr);
}

#[test]
fn unreachable_stage_fails_with_strict() {
    let run = check_strict("unreachable-stage");
    run.assert_code(1);
    run.only()
        .assert_at("warning", "unreachable", "content/roadmaps/career.yaml:6:9");
    assert!(!run.stderr.contains("The site is valid"), "{}", run.stderr);
}

#[test]
fn scale_duplicate_min() {
    let run = check("scale-duplicate-min");
    run.assert_code(1);
    run.only()
        .assert_at("error", "scale", "content/scales/grades.yaml:4:11")
        .assert_message_contains("two bands start at 80")
        .assert_help_contains("line 3");
}

#[test]
fn scale_min_out_of_range() {
    let run = check("scale-min-out-of-range");
    run.assert_code(1);
    run.only()
        .assert_at("error", "scale", "content/scales/grades.yaml:3:11")
        .assert_message_contains("`min: 150` is outside 0–100");
}

#[test]
fn scale_gap_without_below_is_a_warning() {
    let run = check("scale-gap");
    run.assert_code(0);
    run.only()
        .assert_at("warning", "scale", "content/scales/grades.yaml:4:11")
        .assert_source("  - {min: 60, score: 1, label: Pass}")
        .assert_message_contains("below 60%")
        .assert_help_contains("below: {label: Not rated}");
    check_strict("scale-gap").assert_code(1);
}

#[test]
fn scale_gap_named_with_below_is_fine() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("scale-gap"), &site);
    let file = site.join("content/scales/grades.yaml");
    let text = fs::read_to_string(&file).unwrap() + "below: {label: Not rated}\n";
    fs::write(&file, text).unwrap();
    let run = Run::check(&site, &["--strict"]);
    run.assert_code(0);
    assert!(run.diagnostics.is_empty(), "{}", run.stderr);
}

#[test]
fn bad_duration() {
    let run = check("bad-duration");
    run.assert_code(1);
    run.only()
        .assert_at("error", "duration", "content/modules/workshop.yaml:2:11")
        .assert_message_contains("`fortnights` is not a unit of time")
        .assert_source("duration: 2 fortnights");
}

#[test]
fn missing_title() {
    let run = check("missing-title");
    run.assert_code(1);
    run.only()
        .assert_at("error", "shape", "content/modules/workshop.yaml:1:1")
        .assert_message_contains("the key `title` is missing");
}

#[test]
fn page_without_front_matter() {
    let run = check("page-without-front-matter");
    run.assert_code(1);
    run.only()
        .assert_at("error", "syntax", "content/pages/about.md:1:1")
        .assert_message_contains("front-matter block")
        .assert_source("# About");
}

#[test]
fn missing_site_yaml_is_a_usage_error() {
    let root = fixture("missing-site-yaml");
    let run = Run::check(&root, &[]);
    run.assert_code(2);
    let d = run.only();
    assert_eq!((d.severity.as_str(), d.code.as_str()), ("error", "io"));
    d.assert_message_contains("no site.yaml in")
        .assert_message_contains("missing-site-yaml");
    // build refuses the same way, and writes nothing.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    Run::build(&root, &out, &[]).assert_code(2);
    assert!(!out.exists());
}

#[test]
fn root_that_does_not_exist_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = Run::check(&tmp.path().join("nowhere"), &[]);
    run.assert_code(2);
    assert_eq!(run.only().code, "io");
}

#[test]
fn empty_file() {
    let run = check("empty-file");
    run.assert_code(1);
    run.only()
        .assert_at("error", "shape", "content/modules/workshop.yaml:1:1")
        .assert_message_contains("empty");
}

/// Invalid UTF-8 is written by the test (a fixture file with bad bytes would upset editors and
/// tools that read the repository). It is a syntax error of the file, placed at the first bad
/// byte, with the line shown and the bad byte replaced.
#[test]
fn invalid_utf8() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    // Latin-1 `é` (0xE9) in the middle of line 3, byte 57 of the file, character 37 of the line.
    fs::write(
        site.join("content/scales/grades.yaml"),
        b"title: Grades\nbands:\n  - {min: 50, score: 2, label: Pass \xe9}\n  - {min: 0, score: 1, label: Fail}\n",
    )
    .unwrap();
    let run = Run::check(&site, &[]);
    run.assert_code(1).assert_count_line("1 error, 0 warnings");
    run.only()
        .assert_at("error", "syntax", "content/scales/grades.yaml:3:37")
        .assert_message_contains("not valid UTF-8")
        .assert_message_contains("byte 57")
        .assert_message_contains("line 3")
        .assert_source("  - {min: 50, score: 2, label: Pass \u{FFFD}}")
        .assert_help_contains("UTF-8");
    // build refuses the same way.
    let out = tmp.path().join("out");
    Run::build(&site, &out, &[]).assert_code(1);
    assert!(!out.exists());
}

/// A file that cannot be decoded counts as present but broken, like a file that does not parse:
/// the roadmap's `scale: grades` and site.yaml's `progress: {scale: grades}` are not reported
/// as dangling.
#[test]
fn invalid_utf8_is_reported_once() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    fs::write(
        site.join("content/scales/grades.yaml"),
        b"title: Grades \xe9\nbands: []\n",
    )
    .unwrap();
    let run = Run::check(&site, &[]);
    run.assert_code(1);
    run.only()
        .assert_at("error", "syntax", "content/scales/grades.yaml:1:15")
        .assert_source("title: Grades \u{FFFD}");
}

#[test]
fn checklist_item_without_id_is_reported_only_with_strict() {
    let run = check("item-id");
    run.assert_code(0);
    assert!(run.diagnostics.is_empty(), "{}", run.stderr);

    let run = check_strict("item-id");
    run.assert_code(1);
    run.only()
        .assert_at("warning", "item-id", "content/roadmaps/career.yaml:7:9")
        .assert_message_contains("`take-the-second-step`")
        .assert_source("      - Take the second step")
        .assert_help_contains("{id: take-the-second-step, text: …}");
}

/// `check` reports every problem of every file in one run, sorted by file and position, and a
/// reference to a file that does not parse is not reported again.
#[test]
fn several_errors_in_several_files_are_all_reported() {
    let run = check("several-errors");
    run.assert_code(1).assert_count_line("7 errors, 0 warnings");
    let got: Vec<(&str, &str)> = run
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.location.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        got,
        [
            ("id", "content/competencies/skills.yaml:8:13"),
            ("duration", "content/modules/workshop.yaml:2:11"),
            ("shape", "content/pages/about.md:3:1"),
            ("reference", "content/roadmaps/career.yaml:7:15"),
            ("reference", "content/roadmaps/career.yaml:8:15"),
            ("syntax", "content/scales/grades.yaml:4:5"),
            ("reference", "site.yaml:6:26"),
        ],
        "stderr:\n{}",
        run.stderr
    );
    for d in &run.diagnostics {
        assert_eq!(d.severity, "error");
        assert!(d.has_snippet, "no source line shown for\n{}", d.text);
    }
    assert!(
        !run.stderr.contains("no scale `grades`"),
        "a reference to a file that does not parse must not be reported:\n{}",
        run.stderr
    );
}

/// Errors in site.yaml show its source line like errors in any other file.
#[test]
fn site_yaml_parse_errors_show_the_source_line() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    let text = fs::read_to_string(site.join("site.yaml")).unwrap() + "languge: en\n";
    fs::write(site.join("site.yaml"), text).unwrap();
    let run = Run::check(&site, &[]);
    run.assert_code(1);
    run.only()
        .assert_at("error", "shape", "site.yaml:10:1")
        .assert_source("languge: en")
        .assert_help("did you mean `language`?");

    // And so does YAML that does not parse at all.
    let text = fs::read_to_string(fixture("valid").join("site.yaml"))
        .unwrap()
        .replace("summary: A small site", "summary: {A small site");
    fs::write(site.join("site.yaml"), text).unwrap();
    let run = Run::check(&site, &[]);
    run.assert_code(1);
    run.only()
        .assert_at("error", "syntax", "site.yaml:7:3")
        .assert_source("  - {title: About, page: about}");
}

/// The menu's "did you mean" also looks at pages that exist but fail to parse; a menu entry for
/// such a page by its right name is not reported at all (the page's own error is enough).
#[test]
fn menu_suggestions_include_pages_that_do_not_parse() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    let page = site.join("content/pages/about.md");
    let text = fs::read_to_string(&page).unwrap();
    assert!(text.contains("\norder: 1\n"));
    fs::write(&page, text.replace("\norder: 1\n", "\nordr: 1\n")).unwrap();
    let run = Run::check(&site, &[]);
    run.assert_code(1);
    run.only()
        .assert_at("error", "shape", "content/pages/about.md:4:1")
        .assert_message_contains("unknown key `ordr`");

    let yaml = fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("page: about}"));
    fs::write(
        site.join("site.yaml"),
        yaml.replace("page: about}", "page: abut}"),
    )
    .unwrap();
    let run = Run::check(&site, &[]);
    run.assert_code(1).assert_count_line("2 errors, 0 warnings");
    assert_eq!(run.diagnostics.len(), 2, "{}", run.stderr);
    run.diagnostics[0].assert_at("error", "shape", "content/pages/about.md:4:1");
    run.diagnostics[1]
        .assert_at("error", "reference", "site.yaml:7:26")
        .assert_message_contains("no page `abut`")
        .assert_help_contains("did you mean `about`?");
}

/// A competency nothing develops is a warning at its id. The fixture covers every other
/// competency in another way: directly (from a unit), through a competency below it, through
/// the competency above it, and by naming the whole framework.
#[test]
fn curriculum_gap_for_an_undeveloped_competency() {
    let run = check("curriculum-gap");
    run.assert_code(0).assert_count_line("0 errors, 1 warning");
    run.only()
        .assert_at(
            "warning",
            "curriculum-gap",
            "content/competencies/skills.yaml:13:9",
        )
        .assert_message_contains("the competency `skills/reflecting`")
        .assert_source("  - id: reflecting")
        .assert_help_contains("{ref: skills/reflecting}");
    assert!(run.stderr.contains("The site is valid"), "{}", run.stderr);

    let run = check_strict("curriculum-gap");
    run.assert_code(1);
    run.only().assert_at(
        "warning",
        "curriculum-gap",
        "content/competencies/skills.yaml:13:9",
    );
    assert!(!run.stderr.contains("The site is valid"), "{}", run.stderr);
}

/// A stage that requires a competency does not train it: the gap is reported, and says so.
#[test]
fn curriculum_gap_for_a_required_competency_no_module_trains() {
    let run = check("curriculum-gap-required");
    run.assert_code(0).assert_count_line("0 errors, 1 warning");
    run.only()
        .assert_at(
            "warning",
            "curriculum-gap",
            "content/competencies/skills.yaml:5:9",
        )
        .assert_message_contains(
            "a stage requires the competency `skills/listening`, but no module or unit trains it",
        )
        .assert_help_contains("{ref: skills/listening}");
}

/// `gap:` documents a known gap: no warning, and the reason is shown where the gap is listed.
#[test]
fn a_documented_gap_is_not_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("curriculum-gap"), &site);
    let file = site.join("content/competencies/skills.yaml");
    let text = fs::read_to_string(&file).unwrap().replace(
        "    title: Reflecting\n",
        "    title: Reflecting\n    gap: No workshop day has room for it yet.\n",
    );
    fs::write(&file, text).unwrap();
    let run = Run::check(&site, &["--strict"]);
    run.assert_code(0);
    assert!(run.diagnostics.is_empty(), "{}", run.stderr);
    let out = tmp.path().join("out");
    Run::build(&site, &out, &[]).assert_code(0);
    for page in [
        "curriculum/index.html",
        "competencies/skills/reflecting/index.html",
    ] {
        let html = fs::read_to_string(out.join(page)).unwrap();
        assert!(
            html.contains("Known gap:</strong> <p>No workshop day has room for it yet.</p>"),
            "{page}: {html}"
        );
    }
}

/// An item's `competencies:` are references like any other, with a "did you mean" hint.
#[test]
fn dangling_item_competency() {
    let run = check("dangling-item-competency");
    run.assert_code(1);
    run.only()
        .assert_at("error", "reference", "content/modules/workshop.yaml:6:20")
        .assert_message_contains("the framework `skills` has no competency `listenin`")
        .assert_source("    competencies: [skills/listenin]")
        .assert_help("did you mean `listening`?");
}

/// A control character in a text is named, with where it is.
#[test]
fn control_character() {
    let run = check("control-character");
    run.assert_code(0);
    run.only()
        .assert_at(
            "warning",
            "control-character",
            "content/scales/grades.yaml:3:32",
        )
        .assert_message_contains("U+000C (form feed) at character 5")
        .assert_help_contains("delete it");
}

/// `assessed:` takes days of the year that every year has.
#[test]
fn scale_assessed_day() {
    let run = check("scale-assessed-day");
    run.assert_code(1);
    run.only()
        .assert_at("error", "scale", "content/scales/grades.yaml:5:12")
        .assert_message_contains("`06-31` is not a day of the year")
        .assert_help_contains("assessed: [\"06-30\", \"12-31\"]");
}

/// A module that develops no competency is a warning at its title.
#[test]
fn curriculum_gap_for_a_module_that_develops_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    fs::write(
        site.join("content/modules/extra.yaml"),
        "title: Extra\nduration: 1 day\n",
    )
    .unwrap();
    let run = Run::check(&site, &[]);
    run.assert_code(0);
    run.only()
        .assert_at(
            "warning",
            "curriculum-gap",
            "content/modules/extra.yaml:1:1",
        )
        .assert_message_contains("the module `extra` develops no competency")
        .assert_source("title: Extra");
    Run::check(&site, &["--strict"]).assert_code(1);
}
