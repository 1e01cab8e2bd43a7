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
            "five-mistakes" => 5,
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

/// A bracket never closed is reported where it opens.
#[test]
fn yaml_syntax_error() {
    let run = check("yaml-syntax");
    run.assert_code(1);
    run.only()
        .assert_at("error", "syntax", "content/scales/grades.yaml:3:5")
        .assert_message_contains("the `{` opened here is not closed on its line")
        .assert_source("  - {min: 50, score: 2, label: Pass")
        .assert_help(
            "end it with `}`; text holding `,`, `:`, `{`, `}`, `[` or `]` must be in quotes",
        );
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

/// `--strict` reports the warning as an error, so that the count line agrees with the exit code.
#[test]
fn unreachable_stage_fails_with_strict() {
    let run = check_strict("unreachable-stage");
    run.assert_code(1).assert_count_line("1 error, 0 warnings");
    run.only()
        .assert_at("error", "unreachable", "content/roadmaps/career.yaml:6:9");
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

/// A checklist item without an id is a warning, which `--strict` makes an error (and the count
/// line says so).
#[test]
fn checklist_item_without_id_is_a_warning_and_an_error_with_strict() {
    let run = check("item-id");
    run.assert_code(0).assert_count_line("0 errors, 1 warning");
    run.only()
        .assert_at("warning", "item-id", "content/roadmaps/career.yaml:7:9")
        .assert_message_contains("`take-the-second-step`");

    let run = check_strict("item-id");
    run.assert_code(1).assert_count_line("1 error, 0 warnings");
    run.only()
        .assert_at("error", "item-id", "content/roadmaps/career.yaml:7:9")
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
            ("syntax", "content/scales/grades.yaml:3:5"),
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
        .assert_at("error", "syntax", "site.yaml:5:10")
        .assert_source("summary: {A small site used by jenjang's tests.");
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
        "error",
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

/// A copy of the `valid` fixture with `files` written over it (path, bytes), checked.
fn broken(files: &[(&str, &[u8])]) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    for (path, bytes) in files {
        let path = site.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    Run::check(&site, &[])
}

/// The scale of the `valid` fixture with `text` as its file.
fn broken_scale(text: &str) -> Run {
    broken(&[("content/scales/grades.yaml", text.as_bytes())])
}

/// One expected diagnostic: code, `file:line:column`, the whole message and the whole hint.
struct Expect<'a>(&'a str, &'a str, &'a str, &'a str);

fn assert_diagnostics(run: &Run, expected: &[Expect]) {
    assert_eq!(
        run.diagnostics.len(),
        expected.len(),
        "stderr:\n{}",
        run.stderr
    );
    for (d, Expect(code, at, message, hint)) in run.diagnostics.iter().zip(expected) {
        let severity = if *code == "unread-file" {
            "warning"
        } else {
            "error"
        };
        d.assert_at(severity, code, at).assert_help(hint);
        assert_eq!(d.message, *message, "in\n{}", d.text);
    }
}

/// The table, row by row: each mistake an author makes, with what `check` says.
#[test]
fn two_misspelt_keys_in_one_file_are_both_reported() {
    let run = broken_scale(
        "title: Grades\nsumary: Two bands.\nbands:\n  - {min: 50, score: 2, lable: Pass}\n  - {min: 0, score: 1, label: Fail}\n",
    );
    run.assert_code(1).assert_count_line("3 errors, 0 warnings");
    assert_diagnostics(
        &run,
        &[
            Expect(
                "shape",
                "content/scales/grades.yaml:2:1",
                "unknown key `sumary`",
                "did you mean `summary`?",
            ),
            Expect(
                "shape",
                "content/scales/grades.yaml:4:6",
                "the key `label` is missing in band 1",
                "add `label:` with its value",
            ),
            Expect(
                "shape",
                "content/scales/grades.yaml:4:25",
                "unknown key `lable` in band 1",
                "did you mean `label`?",
            ),
        ],
    );
}

#[test]
fn a_comma_in_a_flow_map_says_to_quote_the_text() {
    let run = broken(&[(
        "content/roadmaps/career.yaml",
        b"title: Career\nstages:\n  - id: start\n    title: Start\n    checklist:\n      - {id: files, text: Saves, finds and prints a file}\n",
    )]);
    assert_diagnostics(
        &run,
        &[Expect(
            "shape",
            "content/roadmaps/career.yaml:6:34",
            "the comma after `Saves` ends the text of `text`, so YAML reads `finds and prints a file` as a key",
            "put the text in quotes: `text: \"Saves, finds and prints a file\"`",
        )],
    );
}

#[test]
fn a_key_indented_too_far() {
    let run = broken_scale("title: Grades\n  summary: Two bands.\nbands: []\n");
    assert_diagnostics(
        &run,
        &[Expect(
            "syntax",
            "content/scales/grades.yaml:2:3",
            "`summary:` is indented more than `title:` on line 1, which already has a value",
            "line `summary:` up with `title:` (column 1): in YAML the indentation says what belongs to what",
        )],
    );
}

#[test]
fn a_key_indented_too_little() {
    let run = broken_scale("title: Grades\nbands:\n  - min: 50\n    score: 2\n   label: Pass\n");
    assert_diagnostics(
        &run,
        &[Expect(
            "syntax",
            "content/scales/grades.yaml:5:4",
            "`label:` does not line up with the keys above it (it starts at column 4)",
            "line it up with `score:` on line 4 (column 5): in YAML the indentation says what belongs to what",
        )],
    );
    let run = broken_scale(
        "title: Grades\nbands:\n  - min: 50\n    score: 2\n    label: Pass\n - {min: 0, score: 1, label: Fail}\n",
    );
    assert_diagnostics(
        &run,
        &[Expect(
            "syntax",
            "content/scales/grades.yaml:6:2",
            "this list entry does not line up with the list entries above it (it starts at column 2)",
            "line it up with the `- ` on line 3 (column 3): in YAML the indentation says what belongs to what",
        )],
    );
}

/// The tab is named on its own line and column, not on the line above.
#[test]
fn a_tab_before_a_key() {
    let run = broken_scale("title: Grades\nbands:\n  - min: 0\n\tscore: 1\n    label: Fail\n");
    assert_diagnostics(
        &run,
        &[Expect(
            "syntax",
            "content/scales/grades.yaml:4:1",
            "this line is indented with a tab",
            "indent with spaces only: YAML does not accept tabs in indentation",
        )],
    );
}

#[test]
fn numbers_and_booleans_written_as_words() {
    let run = broken(&[
        (
            "content/roadmaps/career.yaml",
            b"title: Career\nstages:\n  - id: start\n    title: Start\n    checklist:\n      - {id: a, text: A, weight: two, required: no}\n",
        ),
        (
            "content/scales/grades.yaml",
            b"title: Grades\nbands:\n  - {min: 60%, score: 2, label: Pass}\n  - {min: 0, score: 1,5, label: Fail}\n",
        ),
    ]);
    assert_diagnostics(
        &run,
        &[
            Expect(
                "shape",
                "content/roadmaps/career.yaml:6:34",
                "`weight` should be a number, like 2, not `two`, in stage 1 (`start`), checklist item 1 (`a`)",
                "write the number in digits: `weight: 2`",
            ),
            Expect(
                "shape",
                "content/roadmaps/career.yaml:6:49",
                "`required` should be true or false, not `no`, in stage 1 (`start`), checklist item 1 (`a`)",
                "write `required: false` (words like `yes` and `no` are text here)",
            ),
            Expect(
                "shape",
                "content/scales/grades.yaml:3:11",
                "`min` should be a number, like 2, not `60%`, in band 1",
                "write the number without `%`: `min: 60`",
            ),
            Expect(
                "shape",
                "content/scales/grades.yaml:4:23",
                "the comma in `1,5` ends the number of `score`, so YAML reads `5` as a key",
                "write decimals with a point: `score: 1.5`",
            ),
        ],
    );
}

/// Places in lists are counted from 1 and named by their id.
#[test]
fn list_positions_are_the_authors() {
    let run = broken(&[(
        "content/modules/workshop.yaml",
        b"title: Workshop\ncompetencies: [skills]\nunits:\n  - id: intro\n    title: Intro\n  - id: finance\n    title: Finance\n    duration: [1, month]\n",
    )]);
    assert_diagnostics(
        &run,
        &[Expect(
            "shape",
            "content/modules/workshop.yaml:8:15",
            "`duration` should be a duration, like `3 months` or `2-4 years`, not a list, in unit 2 (`finance`)",
            "write `duration: 3 months`",
        )],
    );
}

#[test]
fn a_merge_key_is_not_supported() {
    let run = broken(&[(
        "content/roadmaps/career.yaml",
        b"title: Career\nstages:\n  - &first\n    id: start\n    title: Start\n  - <<: *first\n    id: finish\n",
    )]);
    assert_diagnostics(
        &run,
        &[
            Expect(
                "shape",
                "content/roadmaps/career.yaml:6:5",
                "a merge key (`<<`) in stage 2 (`finish`): merge keys are not supported here",
                "write the keys out in full where they are needed",
            ),
            Expect(
                "shape",
                "content/roadmaps/career.yaml:6:5",
                "the key `title` is missing in stage 2 (`finish`)",
                "add `title:` with its value",
            ),
        ],
    );
}

#[test]
fn a_file_in_utf16_or_utf32() {
    let text = "title: Grades\nbands: []\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let no_mark: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let utf32: Vec<u8> = [0xFF, 0xFE, 0, 0]
        .into_iter()
        .chain(text.chars().flat_map(|c| (c as u32).to_le_bytes()))
        .collect();
    for (bytes, encoding) in [(utf16, "UTF-16"), (no_mark, "UTF-16"), (utf32, "UTF-32")] {
        let run = broken(&[("content/scales/grades.yaml", &bytes)]);
        run.assert_code(1);
        run.only()
            .assert_at("error", "syntax", "content/scales/grades.yaml")
            .assert_message_contains(&format!("the file is saved as {encoding}, not UTF-8"))
            .assert_help_contains("save the file as UTF-8");
    }
}

/// Files jenjang does not read are named, with where they belong; editor leftovers and hidden
/// files stay quiet.
#[test]
fn files_that_are_not_read_are_named() {
    let module = fs::read(fixture("valid").join("content/modules/workshop.yaml")).unwrap();
    let run = broken(&[
        ("content/module/extra.yaml", &module),
        ("content/roadmaps/notes.md", b"# Notes\n"),
        ("content/extra.yaml", &module),
        ("content/pages/extra.yaml", &module),
        ("content/scales/grades.txt", b"notes\n"),
        ("modules/lost.yaml", &module),
        ("content/modules/.hidden.yaml", b"x"),
        ("content/modules/workshop.yaml~", b"x"),
        ("content/roadmaps/.#career.yaml", b"x"),
    ]);
    run.assert_code(0).assert_count_line("0 errors, 6 warnings");
    assert_diagnostics(
        &run,
        &[
            Expect(
                "unread-file",
                "content/extra.yaml",
                "this file is not read: files directly in content/ are not part of the site",
                "it looks like a training module: did you mean `content/modules/`?",
            ),
            Expect(
                "unread-file",
                "content/module",
                "the folder `content/module/` is not read",
                "did you mean `content/modules/`?",
            ),
            Expect(
                "unread-file",
                "content/pages/extra.yaml",
                "this file is not read: content/pages/ holds pages, which are `.md` files",
                "it looks like a training module: did you mean `content/modules/`?",
            ),
            Expect(
                "unread-file",
                "content/roadmaps/notes.md",
                "this file is not read: content/roadmaps/ holds `.yaml` files",
                "a page belongs in `content/pages/`",
            ),
            Expect(
                "unread-file",
                "content/scales/grades.txt",
                "this file is not read: content/scales/ holds `.yaml` and `.yml` files",
                "rename it, or put files to publish as they are (images, PDFs) in `content/static/`",
            ),
            Expect(
                "unread-file",
                "modules",
                "the folder `modules/` is not read",
                "did you mean `content/modules/`?",
            ),
        ],
    );
}

#[test]
fn a_module_in_the_frameworks_folder() {
    let module = fs::read(fixture("valid").join("content/modules/workshop.yaml")).unwrap();
    let run = broken(&[("content/competencies/workshop-two.yaml", &module)]);
    assert_diagnostics(
        &run,
        &[Expect(
            "shape",
            "content/competencies/workshop-two.yaml:1:1",
            "this file looks like a training module, but it is in content/competencies/, which holds competency frameworks",
            "move it to `content/modules/`",
        )],
    );
}

/// A page whose id is one of the site's languages would be overwritten by that language's
/// home page.
#[test]
fn a_page_named_like_a_language() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    let yaml = fs::read_to_string(site.join("site.yaml")).unwrap() + "languages: [en, id]\n";
    fs::write(site.join("site.yaml"), yaml).unwrap();
    fs::copy(
        site.join("content/pages/about.md"),
        site.join("content/pages/id.md"),
    )
    .unwrap();
    let run = Run::check(&site, &[]);
    run.assert_code(1);
    let d = run
        .diagnostics
        .iter()
        .find(|d| d.code == "id")
        .unwrap_or_else(|| panic!("no id error:\n{}", run.stderr));
    d.assert_at("error", "id", "content/pages/id.md")
        .assert_message_contains("a page cannot be called `id`")
        .assert_help_contains("replace that language's home page");
}

/// Every class of YAML syntax error libyaml reports, in the author's words.
#[test]
fn yaml_syntax_errors_in_plain_words() {
    let grades = "content/scales/grades.yaml";
    let cases: [(&str, (usize, usize), &str, &str); 15] = [
        (
            "title:Grades\nbands: []\n",
            (1, 6),
            "`title:` needs a space after the colon",
            "write `title: Grades`",
        ),
        (
            "title: Grades\nbands:\n-{min: 0, score: 1, label: Fail}\n",
            (3, 1),
            "a list entry needs a space after `-`",
            "write `- {min: 0, score: 1, label: Fail}`",
        ),
        (
            "title: Note: read this\nbands: []\n",
            (1, 12),
            "the value of `title` holds `: `, which YAML reads as the start of another key",
            "put the text in quotes: `title: \"Note: read this\"`",
        ),
        (
            "title: Grades\nbands:\n  - {min: 0, score: 1, label: Fail: try again}\n",
            (3, 35),
            "the value of `label` holds `:`, which YAML reads as the start of another key",
            "put the text in quotes: `label: \"Fail: try again\"`",
        ),
        (
            "title: \"Grades\nbands: []\n",
            (1, 8),
            "the quote `\"` opened here is never closed",
            "end the text with a matching `\"`",
        ),
        (
            "title: Grades\nbands: [{min: 0, score: 1, label: Fail}\nsummary: x\n",
            (2, 8),
            "the `[` opened here is not closed on its line",
            "end it with `]`; text holding `,`, `:`, `{`, `}`, `[` or `]` must be in quotes",
        ),
        (
            "title: Grades\nsummary: *Important* note\nbands: []\n",
            (2, 10),
            "a value cannot start with `*`: YAML reads it as an alias (a reference to an anchor), which is not supported here",
            "put the text in quotes: `summary: \"*Important* note\"`",
        ),
        (
            "title: Grades\nsummary: @home\nbands: []\n",
            (2, 10),
            "a value cannot start with `@`",
            "put the text in quotes: `summary: \"@home\"`",
        ),
        (
            "title: Grades\nbands: - {min: 0, score: 1, label: Fail}\n",
            (2, 8),
            "a list entry (`- `) cannot follow a key on the same line",
            "start the list on the next line, indented under the key, or write it as `key: [a, b]`",
        ),
        (
            "title: Grades\ndescription: | Some text\nbands: []\n",
            (2, 16),
            "text cannot follow `|` or `>` on the same line",
            "start the text on the next line, indented under the key",
        ),
        (
            "title: Grades\nbands: []\n---\ntitle: Other\n",
            (3, 1),
            "the file holds more than one YAML document",
            "remove this `---` line: a content file holds one document",
        ),
        (
            "title: \"C:\\qfolder\"\nbands: []\n",
            (1, 11),
            "a backslash in double quotes starts an escape YAML does not know",
            "write the text in single quotes ('C:\\folder'), or double the backslash (`\\\\`)",
        ),
        (
            "title: Grades\u{1}\nbands: []\n",
            (1, 14),
            "this line holds an invisible control character (U+0001)",
            "delete it: it often comes with text pasted from another program",
        ),
        (
            "title: Grades\nsome words here\nbands: []\n",
            (2, 1),
            "this line is neither `key: value` nor a list entry",
            "every line of a map is `key: value`; text that runs over several lines must be indented under its key, or put in quotes",
        ),
        (
            "title: !mytag Grades\nbands: [{min: 0, score: 1, label: Fail}]\n",
            (1, 1),
            "`title` has a YAML tag (`!mytag`), which is not supported here",
            "remove `!mytag`, and put the value in quotes if it is text",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, (line, column), message, hint) in cases {
        let run = broken_scale(text);
        let at = format!("{grades}:{line}:{column}");
        let got = run.diagnostics.first();
        let ok = run.diagnostics.len() == 1
            && got.is_some_and(|d| {
                d.location.as_deref() == Some(at.as_str())
                    && d.message == message
                    && d.help.as_deref() == Some(hint)
            });
        if !ok {
            wrong.push(format!(
                "{text:?}: expected {at} {message:?} / {hint:?}, got:\n{}",
                run.stderr
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

/// The closing note's example: one file with five different mistakes, all reported in one run.
#[test]
fn five_mistakes_in_one_file() {
    let run = check("five-mistakes");
    run.assert_code(1).assert_count_line("5 errors, 0 warnings");
    let f = "content/modules/workshop.yaml";
    assert_diagnostics(
        &run,
        &[
            Expect(
                "shape",
                &format!("{f}:3:1"),
                "unknown key `durration`",
                "did you mean `duration`?",
            ),
            Expect(
                "shape",
                &format!("{f}:10:34"),
                "the comma after `Saves` ends the text of `text`, so YAML reads `finds and prints a file` as a key",
                "put the text in quotes: `text: \"Saves, finds and prints a file\"`",
            ),
            Expect(
                "shape",
                &format!("{f}:11:44"),
                "`weight` should be a number, like 2, not `two`, in unit 1 (`day-one`), checklist item 2 (`attend`)",
                "write the number in digits: `weight: 2`",
            ),
            Expect(
                "shape",
                &format!("{f}:11:59"),
                "`required` should be true or false, not `no`, in unit 1 (`day-one`), checklist item 2 (`attend`)",
                "write `required: false` (words like `yes` and `no` are text here)",
            ),
            Expect(
                "shape",
                &format!("{f}:14:13"),
                "`topics` should be a list, not `Finding a market, costing a product`, in unit 2 (`day-two`)",
                "write a list: `topics: [Finding a market, costing a product]`, or one line per entry starting with `- `",
            ),
        ],
    );
}

/// `check --format json`: every diagnostic with its start and the end of its span; the exit
/// code is the same as without it.
#[test]
fn check_format_json_gives_starts_and_ends() {
    let run = Run::check(&fixture("five-mistakes"), &["--format", "json"]);
    run.assert_code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(report["version"], 1);
    assert_eq!(
        (report["errors"].as_u64(), report["warnings"].as_u64()),
        (Some(5), Some(0))
    );
    let first = &report["diagnostics"][0];
    assert_eq!(
        *first,
        serde_json::json!({
            "severity": "error",
            "code": "shape",
            "message": "unknown key `durration`",
            "file": "content/modules/workshop.yaml",
            "line": 3,
            "column": 1,
            "end_line": 3,
            "end_column": 10,
            "hint": "did you mean `duration`?",
        })
    );
    let ends: Vec<(u64, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let n = |k: &str| d[k].as_u64().unwrap();
            (n("line"), n("column"), n("end_column"))
        })
        .collect();
    assert_eq!(
        ends,
        [
            (3, 1, 10),
            (10, 34, 57),
            (11, 44, 47),
            (11, 59, 61),
            (14, 13, 48)
        ]
    );
    // A diagnostic without a position has no end either.
    let run = Run::check(&fixture("invalid-file-id"), &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert!(d["line"].is_null() && d["end_line"].is_null(), "{d}");
}

/// `check --format github` prints one workflow command per problem, escaped as GitHub reads
/// them, for annotations in pull requests.
#[test]
fn check_format_github_prints_workflow_commands() {
    let run = Run::check(&fixture("five-mistakes"), &["--format", "github"]);
    run.assert_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    assert_eq!(
        lines[0],
        "::error file=content/modules/workshop.yaml,line=3,col=1,endColumn=10,title=jenjang shape::unknown key `durration`%0Ahelp: did you mean `duration`?"
    );
    let run = Run::check(&fixture("unreachable-stage"), &["--format", "github"]);
    run.assert_code(0);
    assert!(
        run.stdout
            .starts_with("::warning file=content/roadmaps/career.yaml,line=6,col=9,"),
        "{}",
        run.stdout
    );
}

/// Retitling a published site that has no `id:` changes its id, under which readers' ticks
/// are kept: a warning, with the `id:` that keeps them (an error with --strict, which then
/// writes nothing).
#[test]
fn retitling_a_published_site_without_an_id_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    let out = site.join("public");
    Run::build(&site, &out, &[]).assert_code(0);
    let yaml = fs::read_to_string(site.join("site.yaml")).unwrap();
    fs::write(
        site.join("site.yaml"),
        yaml.replace("title: Fixture site", "title: Renamed site"),
    )
    .unwrap();
    let run = Run::check(&site, &[]);
    run.assert_code(0);
    run.only()
        .assert_at("warning", "config", "site.yaml")
        .assert_message_contains("the site's id is now `renamed-site`")
        .assert_message_contains("published as `fixture-site`")
        .assert_help("to keep readers' progress, write `id: fixture-site` in site.yaml (without `id:`, the id is made from the title)");
    let before = fs::read_to_string(out.join("index.html")).unwrap();
    Run::build(&site, &out, &["--strict"]).assert_code(1);
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), before);
    // With the old id written down, the new title is fine.
    let yaml = fs::read_to_string(site.join("site.yaml")).unwrap() + "id: fixture-site\n";
    fs::write(site.join("site.yaml"), yaml).unwrap();
    let run = Run::build(&site, &out, &["--strict"]);
    run.assert_code(0);
    assert!(run.diagnostics.is_empty(), "{}", run.stderr);
}

/// In a page's front matter, lines are counted from the top of the page file, in the
/// position and in the words of the message alike.
#[test]
fn front_matter_syntax_errors_count_lines_of_the_page() {
    let run = broken(&[(
        "content/pages/about.md",
        b"---\ntitle: About\n  order: 2\n---\nBody.\n",
    )]);
    assert_diagnostics(
        &run,
        &[Expect(
            "syntax",
            "content/pages/about.md:3:3",
            "`order:` is indented more than `title:` on line 2, which already has a value",
            "line `order:` up with `title:` (column 1): in YAML the indentation says what belongs to what",
        )],
    );
}
