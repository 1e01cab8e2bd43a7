//! `jenjang build`: what it writes, what it refuses to touch, and that a failed build leaves the
//! previous output exactly as it was.

mod common;

use std::fs;
use std::path::Path;

use common::{assert_same_tree, copy_site, fixture, jenjang, read_tree, repo_root, Run};

/// The folder names left in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_site_without_themes_builds_with_the_built_in_theme() {
    let root = fixture("valid");
    assert!(!root.join("themes").exists(), "the fixture has no themes/");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = Run::build(&root, &out, &[]);
    run.assert_code(0);
    assert!(run.diagnostics.is_empty(), "{}", run.stderr);
    assert!(
        run.stderr.contains("Built 18 pages"),
        "summary line: {}",
        run.stderr
    );
    for page in [
        "index.html",
        "404.html",
        "about/index.html",
        "roadmaps/index.html",
        "roadmaps/career/index.html",
        "roadmaps/career/start/index.html",
        "roadmaps/career/finish/index.html",
        "modules/index.html",
        "modules/workshop/index.html",
        "competencies/index.html",
        "competencies/skills/index.html",
        "competencies/skills/teaching/index.html",
        "competencies/skills/planning/index.html",
        "competencies/skills/listening/index.html",
        "scales/index.html",
        "scales/grades/index.html",
        "curriculum/index.html",
        "curriculum/skills/index.html",
        "assets/style.css",
        "notes.txt",
        // The exports are written with every build.
        "data.json",
        "competencies/skills/case.json",
        "competencies/skills/moodle.csv",
        // The module has a cohort start date, so its schedule is also a calendar.
        "modules/workshop/schedule.ics",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).unwrap(),
        "Static files are copied as they are.\n"
    );
    let stage = fs::read_to_string(out.join("roadmaps/career/start/index.html")).unwrap();
    assert!(stage.contains("Take the first step"), "{stage}");
    // Nothing was written into the fixture.
    assert!(!root.join("public").exists());
}

#[test]
fn quiet_prints_no_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = Run::build(&fixture("valid"), &out, &["--quiet"]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "");
    assert!(out.join("index.html").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = tmp.path().join("out");
    copy_site(&fixture("valid"), &site);
    Run::build(&site, &out, &[]).assert_code(0);
    let before = read_tree(&out);
    assert!(before.contains_key("roadmaps/career/start/index.html"));

    let roadmap = site.join("content/roadmaps/career.yaml");
    let text = fs::read_to_string(&roadmap).unwrap();
    assert!(text.contains("modules: [workshop]"));
    fs::write(
        &roadmap,
        text.replace("modules: [workshop]", "modules: [worksop]"),
    )
    .unwrap();
    let run = Run::build(&site, &out, &[]);
    run.assert_code(1);
    run.only()
        .assert_at("error", "reference", "content/roadmaps/career.yaml:11:15");
    assert!(run.stderr.contains("Nothing was written"), "{}", run.stderr);
    assert_same_tree(&before, &read_tree(&out), "the output after a failed build");
    // No staging folder is left beside the output.
    assert_eq!(names(tmp.path()), ["out", "site"]);
}

#[test]
fn strict_build_with_warnings_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = Run::build(&fixture("unreachable-stage"), &out, &["--strict"]);
    run.assert_code(1);
    assert_eq!(run.only().code, "unreachable");
    assert!(run.stderr.contains("Nothing was written"), "{}", run.stderr);
    assert!(!out.exists());
    // Without --strict the warning is shown and the site is built.
    let run = Run::build(&fixture("unreachable-stage"), &out, &[]);
    run.assert_code(0);
    assert_eq!(run.only().severity, "warning");
    assert!(out.join("roadmaps/career/detour/index.html").is_file());
}

#[test]
fn building_twice_gives_identical_output() {
    for root in [fixture("valid"), repo_root()] {
        let tmp = tempfile::tempdir().unwrap();
        let first = tmp.path().join("first");
        let second = tmp.path().join("second");
        Run::build(&root, &first, &["--quiet"]).assert_code(0);
        Run::build(&root, &second, &["--quiet"]).assert_code(0);
        let a = read_tree(&first);
        assert!(a.len() > 10, "{} files", a.len());
        assert_same_tree(&a, &read_tree(&second), "two builds into two folders");
        // Building again over an earlier build replaces it with the same bytes.
        Run::build(&root, &first, &["--quiet"]).assert_code(0);
        assert_same_tree(&a, &read_tree(&first), "a rebuild into the same folder");
        assert_eq!(names(tmp.path()), ["first", "second"]);
    }
}

#[test]
fn output_may_not_be_the_site_root() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    let before = read_tree(&site);
    let run = Run::build(&site, &site, &[]);
    run.assert_code(2);
    let d = run.only();
    assert_eq!(d.code, "config", "{}", d.text);
    d.assert_message_contains("refusing to write the site")
        .assert_message_contains("the site folder itself");
    assert_same_tree(&before, &read_tree(&site), "the site folder");
}

#[test]
fn output_may_not_contain_the_site_root() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    let run = Run::build(&site, tmp.path(), &[]);
    run.assert_code(2);
    run.only()
        .assert_message_contains("it contains the site folder");
    assert_eq!(names(tmp.path()), ["site"]);
}

/// An output folder inside content/ or themes/ would be read back by the next build (and
/// content/static/ copied into itself): it is refused, and nothing is created.
#[test]
fn output_may_not_be_inside_content_or_themes() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    fs::create_dir_all(site.join("themes")).unwrap();
    let before = read_tree(&site);
    for (output, folder) in [
        ("content", "content/"),
        ("content/out", "content/"),
        ("content/static/public", "content/"),
        ("themes/out", "themes/"),
        ("content/../themes/x", "themes/"),
    ] {
        let run = Run::build(&site, &site.join(output), &[]);
        run.assert_code(2);
        let d = run.only();
        assert_eq!((d.severity.as_str(), d.code.as_str()), ("error", "config"));
        d.assert_message_contains("refusing to write the site")
            .assert_message_contains(&format!("it is inside {folder}"));
        assert_same_tree(&before, &read_tree(&site), output);
    }
    assert_eq!(names(&site.join("content")).len(), 6);
    assert!(names(&site.join("themes")).is_empty());
    assert_eq!(names(tmp.path()), ["site"]);

    // The same with a relative --output from inside the site folder.
    let mut cmd = jenjang();
    cmd.current_dir(&site);
    let run = Run::with(cmd, &["build", "--output", "content/out"]);
    run.assert_code(2);
    run.only().assert_message_contains("it is inside content/");
    assert_same_tree(&before, &read_tree(&site), "a relative --output");
}

/// The site folder reached through a symbolic link (as `/tmp` is on macOS) is still the same
/// site: an output inside its content/ is refused.
#[cfg(unix)]
#[test]
fn output_inside_content_is_refused_through_a_symbolic_link() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&site, &link).unwrap();
    let before = read_tree(&site);
    let run = Run::build(&link, &link.join("content/out"), &[]);
    run.assert_code(2);
    run.only().assert_message_contains("it is inside content/");
    assert_same_tree(&before, &read_tree(&site), "the site folder");
}

#[test]
fn output_may_not_be_a_non_empty_foreign_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("documents");
    fs::create_dir_all(&docs).unwrap();
    fs::write(docs.join("thesis.odt"), "precious").unwrap();
    let run = Run::build(&fixture("valid"), &docs, &[]);
    run.assert_code(2);
    run.only()
        .assert_message_contains("refusing to write the site")
        .assert_message_contains("did not create");
    assert_eq!(names(&docs), ["thesis.odt"]);
    assert_eq!(
        fs::read_to_string(docs.join("thesis.odt")).unwrap(),
        "precious"
    );
    assert_eq!(names(tmp.path()), ["documents"]);

    // An empty folder is fine.
    let empty = tmp.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    Run::build(&fixture("valid"), &empty, &["--quiet"]).assert_code(0);
    assert!(empty.join("index.html").is_file());
}

#[test]
fn help_mentions_every_flag() {
    let build = Run::of(&["build", "--help"]);
    build.assert_code(0);
    for flag in [
        "--root <DIR>",
        "-o, --output <DIR>",
        "--strict",
        "-q, --quiet",
        "-h, --help",
    ] {
        assert!(
            build.stdout.contains(flag),
            "build --help lacks {flag}:\n{}",
            build.stdout
        );
    }
    let check = Run::of(&["check", "--help"]);
    check.assert_code(0);
    for flag in ["--root <DIR>", "--strict", "-h, --help"] {
        assert!(
            check.stdout.contains(flag),
            "check --help lacks {flag}:\n{}",
            check.stdout
        );
    }
    assert!(!check.stdout.contains("--output"), "{}", check.stdout);
    let top = Run::of(&["--help"]);
    top.assert_code(0);
    for command in ["build", "check"] {
        assert!(top.stdout.contains(command), "{}", top.stdout);
    }
}

#[test]
fn unknown_flags_are_usage_errors() {
    let run = Run::of(&["build", "--outptu", "x"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--outptu"), "{}", run.stderr);
    Run::of(&[]).assert_code(2);
}

/// The links in the "Gaps" section of a built curriculum map.
fn gap_links(out: &Path) -> Vec<String> {
    let html = fs::read_to_string(out.join("curriculum/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let section = scraper::Selector::parse(r#"section[aria-labelledby="gaps"]"#).unwrap();
    let link = scraper::Selector::parse("a[href]").unwrap();
    let section = doc
        .select(&section)
        .next()
        .unwrap_or_else(|| panic!("no gaps section in\n{html}"));
    section
        .select(&link)
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

/// The curriculum map lists the same gaps as `check`; a site without frameworks, or with
/// frameworks but nothing that develops them, has no curriculum map.
#[test]
fn the_curriculum_map_lists_the_gaps() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gap");
    let run = Run::build(&fixture("curriculum-gap"), &out, &[]);
    run.assert_code(0);
    assert_eq!(run.only().code, "curriculum-gap");
    assert_eq!(
        gap_links(&out),
        ["../competencies/skills/reflecting/index.html"]
    );

    let out = tmp.path().join("valid");
    Run::build(&fixture("valid"), &out, &["--quiet"]).assert_code(0);
    assert_eq!(gap_links(&out), Vec::<String>::new());

    // Only a framework (and a page): no curriculum map, and no gap warnings either.
    let site = tmp.path().join("site");
    copy_site(&fixture("valid"), &site);
    for dir in ["modules", "roadmaps"] {
        fs::remove_dir_all(site.join("content").join(dir)).unwrap();
    }
    let out = tmp.path().join("framework-only");
    let run = Run::build(&site, &out, &[]);
    run.assert_code(0);
    assert!(run.diagnostics.is_empty(), "{}", run.stderr);
    assert!(out.join("competencies/skills/index.html").is_file());
    assert!(!out.join("curriculum").exists());
}

/// The fixture `valid` copied to `dir` with `site.yaml` edited by `edit`.
fn valid_with(dir: &Path, edit: impl Fn(&str) -> String) -> std::path::PathBuf {
    let site = dir.join("site");
    copy_site(&fixture("valid"), &site);
    let text = fs::read_to_string(site.join("site.yaml")).unwrap();
    fs::write(site.join("site.yaml"), edit(&text)).unwrap();
    site
}

#[test]
fn exports_without_a_date_are_not_written_and_check_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let undated = |t: &str| t.replace("updated: 2026-03-01\n", "");
    let site = valid_with(tmp.path(), undated);
    let out = tmp.path().join("out");
    let run = Run::build(&site, &out, &[]);
    run.assert_code(0);
    let warning = run.only();
    assert_eq!(
        (warning.severity.as_str(), warning.code.as_str()),
        ("warning", "export")
    );
    assert!(warning.message.contains("`skills`"), "{}", warning.message);
    assert!(
        warning.message.contains("`workshop`"),
        "{}",
        warning.message
    );
    assert!(warning
        .help
        .as_deref()
        .unwrap()
        .contains("updated: YYYY-MM-DD"));
    // No invented date: no CASE package and no calendar, and no link to them.
    assert!(out.join("competencies/skills/moodle.csv").is_file());
    assert!(!out.join("competencies/skills/case.json").exists());
    assert!(!out.join("modules/workshop/schedule.ics").exists());
    let page = fs::read_to_string(out.join("competencies/skills/index.html")).unwrap();
    assert!(!page.contains("case.json"));
    let page = fs::read_to_string(out.join("modules/workshop/index.html")).unwrap();
    assert!(!page.contains("schedule.ics"));
    Run::build(&site, &out, &["--strict"]).assert_code(1);

    // Without base_url the CASE URIs cannot be resolved: a note, which --strict lets pass.
    let tmp = tempfile::tempdir().unwrap();
    let site = valid_with(tmp.path(), str::to_string);
    let run = Run::check(&site, &["--strict"]);
    run.assert_code(0);
    assert!(run.diagnostics.is_empty(), "{}", run.stderr);
    assert!(run.stderr.contains("note[export]"), "{}", run.stderr);
    assert!(run.stderr.contains("urn:uuid:"), "{}", run.stderr);
}

#[test]
fn the_sitemap_carries_real_dates_and_robots_txt_sits_only_at_a_host_root() {
    let tmp = tempfile::tempdir().unwrap();
    let site = valid_with(tmp.path(), |t| {
        format!("{t}base_url: https://example.org/karier/\n")
    });
    // One module of its own date, later than the site's.
    let module = site.join("content/modules/workshop.yaml");
    let text = fs::read_to_string(&module).unwrap();
    fs::write(&module, format!("{text}\nupdated: 2026-04-02\n")).unwrap();
    let out = tmp.path().join("out");
    let run = Run::build(&site, &out, &[]);
    run.assert_code(0);
    assert!(run.diagnostics.is_empty(), "{}", run.stderr);
    assert!(!run.stderr.contains("note["), "{}", run.stderr);
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let entry = |path: &str| {
        let loc = format!("<loc>https://example.org/karier/{path}</loc>");
        sitemap
            .lines()
            .find(|l| l.contains(&loc))
            .unwrap_or_else(|| panic!("{path} is not in the sitemap:\n{sitemap}"))
            .to_string()
    };
    assert!(entry("about/").contains("<lastmod>2026-03-01</lastmod>"));
    assert!(entry("modules/workshop/").contains("<lastmod>2026-04-02</lastmod>"));
    // The home page shows every file: the latest date.
    assert!(entry("").contains("<lastmod>2026-04-02</lastmod>"));
    assert!(!sitemap.contains("1970"));
    // Crawlers look for robots.txt only at a host's root (RFC 9309).
    assert!(!out.join("robots.txt").exists());
    assert!(out.join("data.schema.json").is_file());

    let tmp = tempfile::tempdir().unwrap();
    let site = valid_with(tmp.path(), |t| {
        format!(
            "{}base_url: https://example.org/\n",
            t.replace("updated: 2026-03-01\n", "")
        )
    });
    let out = tmp.path().join("out");
    Run::build(&site, &out, &[]).assert_code(0);
    assert_eq!(
        fs::read_to_string(out.join("robots.txt")).unwrap(),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
    // Without a date, no lastmod rather than an invented one.
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("<lastmod>"), "{sitemap}");
}
