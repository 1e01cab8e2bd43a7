//! Incremental rebuilds give byte-for-byte what a full build gives, over a sequence of random
//! edits to a copy of the example site (content, templates, site.yaml, files added and
//! removed), and re-render only what an edit can change.

mod common;

#[allow(dead_code)]
#[path = "../examples/gen-corpus.rs"]
mod gen_corpus;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use jenjang::rebuild::Rebuilder;
use jenjang::resolve::Options;
use jenjang::write::MARKER;

/// A small deterministic generator (splitmix64), so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn example_copy() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    fs::copy(repo.join("site.yaml"), tmp.path().join("site.yaml")).unwrap();
    common::copy_dir(&repo.join("content"), &tmp.path().join("content"));
    tmp
}

/// A copy of the example site built once by a `Rebuilder` into a folder of its own: (the
/// site, the output's parent, the output folder, the rebuilder). Both folders are deleted when
/// their handles are dropped.
fn built_example() -> (tempfile::TempDir, tempfile::TempDir, PathBuf, Rebuilder) {
    let site = example_copy();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let mut rebuilder = Rebuilder::new(site.path(), Some(output.clone()), Options::default());
    assert!(rebuilder.build(&[]).success);
    (site, out, output, rebuilder)
}

fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name() != MARKER)
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn full_build(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let outcome = jenjang::run(root, Options::default());
    outcome
        .outputs
        .expect("a successful incremental build means a successful full build")
        .into_iter()
        .map(|o| (PathBuf::from(o.path), o.bytes))
        .collect()
}

/// The files of `output` (written by a `Rebuilder`) whose bytes differ from a full build of
/// `root`, or that only one of the two has.
fn differing_from_a_full_build(root: &Path, output: &Path) -> Vec<PathBuf> {
    let incremental = read_tree(output);
    let full = full_build(root);
    let paths: std::collections::BTreeSet<&PathBuf> =
        full.keys().chain(incremental.keys()).collect();
    paths
        .into_iter()
        .filter(|p| full.get(*p) != incremental.get(*p))
        .cloned()
        .collect()
}

fn content_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

const WORDS: [&str; 8] = [
    "mentor",
    "Pedagogical",
    "stage",
    "ledger",
    "Kurang",
    "parents",
    "basic",
    "id",
];

/// One random edit; returns what it did, for the failure message.
fn edit(root: &Path, rng: &mut Rng, step: usize) -> String {
    let files = content_files(root);
    match rng.below(10) {
        0..=2 => {
            // Retitle something: titles are shown on the pages of everything that refers to it.
            // A title in several languages is a map whose `en: ` line is the one to edit.
            let file = &files[rng.below(files.len())];
            let text = fs::read_to_string(file).unwrap();
            let titles: Vec<usize> = ["title: ", "en: "]
                .iter()
                .flat_map(|key| {
                    text.match_indices(key)
                        .filter(|(i, _)| text[..*i].ends_with([' ', '\n']))
                        .map(move |(i, _)| i + key.len())
                })
                .collect();
            if titles.is_empty() {
                return format!("left {} alone", file.display());
            }
            let at = titles[rng.below(titles.len())];
            let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let line = &text[at..line_end];
            let retitled = match line.chars().next() {
                Some('"' | '\'' | '{' | '[' | '>' | '|') | None => {
                    return format!("left {} alone", file.display())
                }
                _ => format!("{}{line} {step}{}", &text[..at], &text[line_end..]),
            };
            fs::write(file, retitled).unwrap();
            format!("retitled `{line}` in {}", file.display())
        }
        3..=4 => {
            // Replace a word in a content file (may well break the file: that is fine).
            let file = &files[rng.below(files.len())];
            let text = fs::read_to_string(file).unwrap();
            let from = WORDS[rng.below(WORDS.len())];
            let to = WORDS[rng.below(WORDS.len())];
            fs::write(file, text.replacen(from, to, 1)).unwrap();
            format!("replaced `{from}` with `{to}` in {}", file.display())
        }
        5 => {
            let page = root.join(format!("content/pages/extra-{step}.md"));
            fs::write(
                &page,
                format!("---\ntitle: Extra {step}\n---\nAbout *mentoring* {step}.\n"),
            )
            .unwrap();
            format!("added {}", page.display())
        }
        6 => match files
            .iter()
            .find(|f| f.to_string_lossy().contains("extra-"))
        {
            Some(f) => {
                fs::remove_file(f).unwrap();
                format!("removed {}", f.display())
            }
            None => "nothing to remove".into(),
        },
        7 => {
            let dir = root.join("themes/default/templates");
            fs::create_dir_all(&dir).unwrap();
            let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
            let name = ["stage.html", "macros.html", "base.html", "scale.html"][rng.below(4)];
            let text = fs::read_to_string(theme.join(name)).unwrap();
            fs::write(dir.join(name), format!("{text}<!-- edit {step} -->\n")).unwrap();
            format!("edited template {name}")
        }
        8 => {
            // Retitle the site: every page shows the title, so everything is rendered again
            // (the full path), and the result must still equal a full build.
            let site = root.join("site.yaml");
            let text = fs::read_to_string(&site).unwrap();
            let edited = text.replacen("title: ", &format!("title: {step} "), 1);
            assert_ne!(edited, text, "site.yaml has a plain `title: `");
            fs::write(&site, edited).unwrap();
            "retitled the site in site.yaml".into()
        }
        _ => {
            // Append a checklist item to a stage of the teacher roadmap.
            let file = root.join("content/roadmaps/teacher-career.yaml");
            let text = fs::read_to_string(&file).unwrap();
            let edited = text.replacen(
                "    checklist:\n",
                &format!("    checklist:\n      - {{id: added-{step}, text: Added item {step}}}\n"),
                1,
            );
            fs::write(&file, edited).unwrap();
            "added a checklist item".into()
        }
    }
}

/// An incremental rebuild after one file changed: it succeeds, parses that file again and
/// renders fewer than half of the pages.
fn assert_one_file_rebuilt(report: &jenjang::rebuild::Report) {
    assert!(report.success, "{:?}", report.diagnostics);
    assert!(!report.full);
    assert_eq!(report.parsed, 1, "only the edited file is parsed again");
    assert!(
        report.rendered < report.pages / 2,
        "rendered {} of {}",
        report.rendered,
        report.pages
    );
}

#[test]
fn incremental_equals_full_over_random_edits() {
    let site = example_copy();
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let mut rebuilder = Rebuilder::new(root, Some(output.clone()), Options::default());
    let first = rebuilder.build(&[]);
    assert!(first.success, "{:?}", first.diagnostics);
    assert!(first.full);

    let mut rng = Rng(0x006a_656e_6a61_6e67);
    let mut successes = 0;
    let mut site_retitled = 0;
    let mut log = Vec::new();
    for step in 0..40 {
        log.push(edit(root, &mut rng, step));
        let report = rebuilder.build(&[]);
        if !report.success {
            continue;
        }
        successes += 1;
        if log
            .last()
            .is_some_and(|l| l.starts_with("retitled the site"))
        {
            assert!(report.full, "a new site title re-renders every page");
            site_retitled += 1;
        }
        let differing = differing_from_a_full_build(root, &output);
        assert!(
            differing.is_empty(),
            "after edits {log:#?}\nthese files differ from a full build: {differing:?}"
        );
    }
    assert!(
        successes >= 10,
        "too few edits built successfully ({successes}) to test anything: {log:#?}"
    );
    assert!(
        site_retitled > 0,
        "no successful edit of site.yaml, so the full re-render was not compared: {log:#?}"
    );
}

/// The diagnostics of `resolved`, one string each, to compare with `assert_eq!`.
fn shown(resolved: &jenjang::resolve::Resolved) -> Vec<String> {
    resolved
        .diagnostics
        .iter()
        .map(|d| format!("{d:?}"))
        .collect()
}

#[test]
fn resolving_with_kept_documents_equals_resolving_afresh_over_random_edits() {
    use jenjang::{load, markdown, resolve};
    use std::sync::Arc;

    let site = example_copy();
    let root = site.path();
    let mut loads = load::Cache::default();
    let rendered = Arc::new(markdown::Cache::default());
    let mut kept = resolve::Cache::default();
    let mut rng = Rng(0x7265_736f_6c76_6564);
    let mut log = Vec::new();
    let mut reused = 0;
    for step in 0..60 {
        let loaded = load::load_with(root, &mut loads, &[]);
        let resolved =
            resolve::resolve_cached(&loaded, Options::default(), rendered.clone(), &mut kept);
        reused += kept.reused();
        let fresh = resolve::resolve(&load::load(root), Options::default());
        assert_eq!(
            shown(&resolved),
            shown(&fresh),
            "after edits {log:#?}\nthe diagnostics differ from a fresh resolve"
        );
        assert_eq!(resolved.site.is_some(), fresh.site.is_some());
        if let (Some(site), Some(fresh_site)) = (resolved.site, fresh.site) {
            assert_eq!(
                format!("{:?}", site.roadmaps),
                format!("{:?}", fresh_site.roadmaps),
                "after edits {log:#?}"
            );
            assert_eq!(
                format!("{:?}", site.modules),
                format!("{:?}", fresh_site.modules)
            );
            assert_eq!(
                format!("{:?}", site.frameworks),
                format!("{:?}", fresh_site.frameworks)
            );
            assert_eq!(
                format!("{:?}", site.scales),
                format!("{:?}", fresh_site.scales)
            );
            kept.keep(site);
        }
        log.push(edit(root, &mut rng, step));
    }
    assert!(reused > 0, "no document was ever reused: {log:#?}");
}

#[test]
fn a_renamed_competency_is_reported_where_the_unchanged_roadmap_names_it() {
    let (site, _out, _output, mut rebuilder) = built_example();
    let root = site.path();

    let framework = root.join("content/competencies/teacher-competencies.yaml");
    let text = fs::read_to_string(&framework).unwrap();
    fs::write(
        &framework,
        text.replacen("id: pedagogical", "id: pedagogy", 1),
    )
    .unwrap();
    let report = rebuilder.build(std::slice::from_ref(&framework));
    assert!(!report.success);
    let roadmap_errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.is_error()
                && d.file
                    .as_deref()
                    .is_some_and(|f| f.starts_with("content/roadmaps"))
        })
        .collect();
    assert!(
        !roadmap_errors.is_empty(),
        "the roadmaps that name `teacher-competencies/pedagogical` are checked again: {:?}",
        report.diagnostics
    );

    fs::write(&framework, text).unwrap();
    let report = rebuilder.build(std::slice::from_ref(&framework));
    assert!(report.success, "{:?}", report.diagnostics);
}

#[test]
fn an_edit_renders_only_what_it_can_change() {
    let (site, _out, output, mut rebuilder) = built_example();
    let root = site.path();

    let stamp = |p: &str| fs::metadata(output.join(p)).unwrap().modified().unwrap();
    let untouched = "competencies/counsellor-competencies/index.html";
    let before = stamp(untouched);

    // A scale's text is shown on the scale page, the home page and the scale list; stage and
    // module pages only name the scale's bands.
    let scale = root.join("content/scales/performance-achievement.yaml");
    let text = fs::read_to_string(&scale).unwrap();
    fs::write(
        &scale,
        text.replacen(
            "en: Performance achievement scale",
            "en: Achievement scale",
            1,
        ),
    )
    .unwrap();
    let report = rebuilder.build(std::slice::from_ref(&scale));
    assert_one_file_rebuilt(&report);
    assert_eq!(
        stamp(untouched),
        before,
        "an unchanged page is not rewritten"
    );
    let scale_page =
        fs::read_to_string(output.join("en/scales/performance-achievement/index.html")).unwrap();
    assert!(scale_page.contains("Achievement scale"));

    // A checklist item's text is shown on its stage page and on the page of the competency it
    // gives evidence of (`teacher-competencies/pedagogical`), in its language: the other pages
    // made from the roadmap (its other stages, the pages of the competencies it develops, the
    // pages in the other language) keep their views and are not rendered.
    let roadmap = root.join("content/roadmaps/teacher-career.yaml");
    let text = fs::read_to_string(&roadmap).unwrap();
    fs::write(
        &roadmap,
        text.replacen(
            "en: Complete the supervised teaching practice (PPL)",
            "en: Complete the supervised classroom practice (PPL)",
            1,
        ),
    )
    .unwrap();
    let report = rebuilder.build(std::slice::from_ref(&roadmap));
    assert_one_file_rebuilt(&report);
    assert_eq!(report.rendered, 2, "{report:?}");
    for page in [
        "en/roadmaps/teacher-career/teacher-education/index.html",
        "en/competencies/teacher-competencies/pedagogical/index.html",
    ] {
        let text = fs::read_to_string(output.join(page)).unwrap();
        assert!(text.contains("supervised classroom practice"), "{page}");
    }

    // Nothing changed: nothing is rendered or written.
    let report = rebuilder.build(&[]);
    assert_eq!((report.parsed, report.rendered, report.written), (0, 0, 0));
}

#[test]
fn an_edit_to_a_page_translation_renders_that_page() {
    let (site, _out, output, mut rebuilder) = built_example();
    let root = site.path();
    // The example site is Indonesian at the root; `about.en.md` is the English translation.
    let indonesian = fs::read(output.join("about/index.html")).unwrap();

    let translation = root.join("content/pages/about.en.md");
    let text = fs::read_to_string(&translation).unwrap();
    fs::write(
        &translation,
        text.replacen("title: About this site", "title: About us", 1),
    )
    .unwrap();
    let report = rebuilder.build(std::slice::from_ref(&translation));
    assert_one_file_rebuilt(&report);
    let page = fs::read_to_string(output.join("en/about/index.html")).unwrap();
    assert!(page.contains("<h1>About us</h1>"), "{page}");
    let home = fs::read_to_string(output.join("en/index.html")).unwrap();
    assert!(home.contains("About us"), "the home page lists the page");
    assert_eq!(
        fs::read(output.join("about/index.html")).unwrap(),
        indonesian
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_site() {
    let (site, _out, output, mut rebuilder) = built_example();
    let root = site.path();
    let good = read_tree(&output);

    let module = root.join("content/modules/entrepreneur-school.yaml");
    let text = fs::read_to_string(&module).unwrap();
    fs::write(&module, format!("{text}\nunknown_key: 1\n")).unwrap();
    let report = rebuilder.build(&[]);
    assert!(!report.success);
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("unknown_key")));
    assert_eq!(read_tree(&output), good, "the output is untouched");

    fs::write(&module, text).unwrap();
    let report = rebuilder.build(&[]);
    assert!(report.success);
    assert_eq!(read_tree(&output), good);
}

#[test]
fn a_template_error_after_an_edit_leaves_the_output_untouched() {
    let (site, _out, output, mut rebuilder) = built_example();
    let root = site.path();
    let good = read_tree(&output);

    // The edit changes data.json and the search index, which a rebuild writes beside their
    // places while the pages render; the stage template then fails to render.
    let roadmap = root.join("content/roadmaps/teacher-career.yaml");
    let text = fs::read_to_string(&roadmap).unwrap();
    fs::write(
        &roadmap,
        text.replacen(
            "Complete the supervised teaching practice",
            "Do the practice",
            1,
        ),
    )
    .unwrap();
    let templates = root.join("themes/default/templates");
    fs::create_dir_all(&templates).unwrap();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let stage = fs::read_to_string(theme.join("stage.html")).unwrap();
    fs::write(
        templates.join("stage.html"),
        stage.replacen(
            "{% block content %}",
            "{% block content %}{{ no_such_variable }}",
            1,
        ),
    )
    .unwrap();
    let report = rebuilder.build(&[]);
    assert!(!report.success);
    assert_eq!(
        read_tree(&output),
        good,
        "no file is replaced and no temporary file is left"
    );

    fs::remove_file(templates.join("stage.html")).unwrap();
    let report = rebuilder.build(&[]);
    assert!(report.success, "{:?}", report.diagnostics);
    assert!(differing_from_a_full_build(root, &output).is_empty());
}

/// The first `.yaml` file of `content/<kind>/`, by name.
fn first_file(root: &Path, kind: &str) -> PathBuf {
    let mut files: Vec<PathBuf> = fs::read_dir(root.join("content").join(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files.remove(0)
}

/// Replaces the first `from` of `file` with `to`.
fn replace_once(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", file.display());
    fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn site_wide_files_after_edits_equal_a_full_build() {
    // Large enough for a split search index (term shards and display chunks).
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    gen_corpus::generate(700, &root, 11, None).unwrap();
    let output = tmp.path().join("public");
    let mut rebuilder = Rebuilder::new(&root, Some(output.clone()), Options::default());
    let first = rebuilder.build(&[]);
    assert!(first.success, "{:?}", first.diagnostics);
    assert!(
        output.join("search/docs-0.js").exists(),
        "the index is split"
    );

    let roadmap = first_file(&root, "roadmaps");
    let module = first_file(&root, "modules");
    let framework = first_file(&root, "competencies");
    let long = format!("text: \"{}", "Lengthy wording ".repeat(120));
    let edits: [(&str, &Path, &str, &str); 8] = [
        ("an item's text", &roadmap, "text: \"", "text: \"Edited "),
        // "zyxwv" is a word never seen before, "edited" no longer in any entry.
        (
            "an item's text again",
            &roadmap,
            "text: \"Edited ",
            "text: \"Zyxwv ",
        ),
        // The last occurrence of "zyxwv" removed.
        (
            "an item's text back",
            &roadmap,
            "text: \"Zyxwv ",
            "text: \"",
        ),
        // Every later display chunk starts at another entry.
        ("a line made longer", &roadmap, "text: \"", &long),
        // Shown in data.json by every stage and unit that develops one of its competencies.
        (
            "a framework's title",
            &framework,
            "title: \"",
            "title: \"Renamed ",
        ),
        // Every later search entry gets another number.
        (
            "an item added",
            &module,
            "    checklist:\n",
            "    checklist:\n      - {id: added-item, text: \"An added item\"}\n",
        ),
        // Patched again after a full join.
        (
            "an item's text after an item was added",
            &roadmap,
            "text: \"",
            "text: \"Later ",
        ),
        (
            "a stage's title",
            &roadmap,
            "    title: \"",
            "    title: \"Second ",
        ),
    ];
    let chunk_starts = |output: &Path| {
        let manifest = fs::read_to_string(output.join("search-index.js")).unwrap();
        let at = manifest.find("\"chunks\":[").unwrap();
        let end = at + manifest[at..].find(']').unwrap();
        manifest[at..end].to_string()
    };
    for (what, file, from, to) in edits {
        let starts = chunk_starts(&output);
        replace_once(file, from, to);
        let report = rebuilder.build(&[]);
        assert_one_file_rebuilt(&report);
        let differing = differing_from_a_full_build(&root, &output);
        assert!(
            differing.is_empty(),
            "after {what}, these files differ from a full build: {differing:?}"
        );
        if what == "a line made longer" {
            assert_ne!(chunk_starts(&output), starts, "the chunks moved");
        }
        // Besides pages: data.json, a term shard or two and the display chunk of the item.
        assert!(
            report.written <= report.rendered + 6 || !what.starts_with("an item's text"),
            "after {what}, {} files were written for {} pages rendered",
            report.written,
            report.rendered
        );
    }
}
