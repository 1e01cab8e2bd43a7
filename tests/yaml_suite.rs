//! Every case of the official YAML test suite, read as a content file of each kind.
//!
//! The suite (yaml/yaml-test-suite, `data` branch) has one folder per case holding `in.yaml`
//! and, when the input is not valid YAML, a file named `error`. Each `in.yaml` is parsed as a
//! roadmap, a module, a framework, a scale, `site.yaml` and a page's front matter, through the
//! public loader API, and whatever parses is resolved as the only file of a small site. For
//! every case and kind:
//!
//! - nothing panics (all panicking cases are reported together);
//! - nothing hangs: no case takes as long as [`CASE_LIMIT`], and the whole suite runs in a
//!   worker thread that must finish within [`SUITE_LIMIT`];
//! - every problem is a diagnostic that names the file and a line, both for invalid YAML
//!   (which must produce at least one) and for valid YAML of the wrong shape.
//!
//! The suite's inputs are kept in `tests/data/yaml-test-suite` (MIT licence; see its README);
//! `$YAML_TEST_SUITE` names another copy (`git clone -b data
//! https://github.com/yaml/yaml-test-suite`).

use std::collections::BTreeMap;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jenjang::diagnostics::Diagnostic;
use jenjang::load::raw::{RawFramework, RawModule, RawRoadmap, RawScale, RawSite};
use jenjang::load::{self, yaml, Doc, Loaded, PageDoc};
use jenjang::resolve::{self, Options};

/// A hang guard for one case (all kinds), not a time budget: a case is parsed in well under a
/// millisecond, and the budgets for hostile input live in `benches/hostile.rs`.
const CASE_LIMIT: Duration = Duration::from_secs(60);
/// The longest the whole suite may take.
const SUITE_LIMIT: Duration = Duration::from_secs(300);

/// Where the suite is: `$YAML_TEST_SUITE`, else the copy in `tests/data/`.
fn suite_dir() -> PathBuf {
    std::env::var_os("YAML_TEST_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/yaml-test-suite")
        })
}

/// One case: its name (`2G84/01`), its input and whether the suite calls it invalid.
struct Case {
    name: String,
    bytes: Vec<u8>,
    invalid: bool,
}

fn cases(dir: &Path) -> Vec<Case> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let input = d.join("in.yaml");
        if input.is_file() {
            out.push(Case {
                name: d
                    .strip_prefix(dir)
                    .unwrap_or(&d)
                    .to_string_lossy()
                    .into_owned(),
                bytes: fs::read(&input).expect("in.yaml is readable"),
                invalid: d.join("error").exists(),
            });
        }
        for entry in fs::read_dir(&d).expect("the suite folder is readable") {
            let entry = entry.expect("a directory entry");
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(entry.path());
            }
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The kinds a YAML text is tried as, with the path it pretends to be at.
const KINDS: [(&str, &str); 7] = [
    ("roadmap", "content/roadmaps/case.yaml"),
    ("module", "content/modules/case.yaml"),
    ("framework", "content/competencies/case.yaml"),
    ("scale", "content/scales/case.yaml"),
    ("site", "site.yaml"),
    ("page", "content/pages/case.md"),
    // The case indented under a stage's `description:`, so that resolve sees whatever it
    // parses to (mostly language maps and strings) in a Markdown field.
    ("embedded", "content/roadmaps/embedded.yaml"),
];

const SITE: &str = "title: Suite\n";

fn doc<T>(file: &str, raw: T, spans: yaml::SpanIndex) -> Doc<T> {
    Doc {
        id: Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string(),
        file: PathBuf::from(file),
        raw,
        spans,
    }
}

/// A site holding only `site.yaml`, to which one parsed file is added.
fn base_loaded() -> Loaded {
    let (raw, spans) = yaml::parse_text::<RawSite>(Path::new("site.yaml"), &Arc::from(SITE))
        .expect("the minimal site.yaml parses");
    Loaded {
        root: PathBuf::from("/nonexistent-yaml-suite-site"),
        site: Some(doc("site.yaml", raw, spans)),
        ..Loaded::default()
    }
}

/// Parses `text` as `kind` and, if that works, resolves it. Returns every diagnostic.
fn run_kind(kind: &str, file: &str, text: &str) -> Vec<Diagnostic> {
    let path = Path::new(file);
    let mut loaded = base_loaded();
    macro_rules! parse_into {
        ($ty:ty, $field:ident) => {
            match yaml::parse_text::<$ty>(path, &Arc::from(&*text)) {
                Ok((raw, spans)) => loaded.$field.push(Arc::new(doc(file, raw, spans))),
                Err(errs) => return errs,
            }
        };
    }
    match kind {
        "roadmap" => parse_into!(RawRoadmap, roadmaps),
        "module" => parse_into!(RawModule, modules),
        "framework" => parse_into!(RawFramework, frameworks),
        "scale" => parse_into!(RawScale, scales),
        "site" => match yaml::parse_text::<RawSite>(path, &Arc::from(text)) {
            Ok((raw, spans)) => loaded.site = Some(doc(file, raw, spans)),
            Err(errs) => return errs,
        },
        "page" => {
            let page = format!(
                "---\n{text}{}---\nBody *text*.\n",
                if text.ends_with('\n') { "" } else { "\n" }
            );
            match load::page::parse(path, &Arc::from(&*page)) {
                Ok((raw, spans, body)) => loaded.pages.push(Arc::new(PageDoc {
                    doc: doc(file, raw, spans),
                    body,
                    lang: None,
                })),
                Err(errs) => return errs,
            }
        }
        "embedded" => {
            let indented: String = text.lines().map(|l| format!("      {l}\n")).collect();
            let roadmap = format!(
                "title: T\nstages:\n  - id: a\n    title: A\n    description:\n{indented}  - id: b\n    title: B\n"
            );
            match yaml::parse_text::<RawRoadmap>(path, &Arc::from(&*roadmap)) {
                Ok((raw, spans)) => loaded.roadmaps.push(Arc::new(doc(file, raw, spans))),
                Err(errs) => return errs,
            }
        }
        other => unreachable!("no kind {other}"),
    }
    resolve::resolve(&loaded, Options::default()).diagnostics
}

#[derive(Default)]
struct Tally {
    cases: usize,
    valid: usize,
    invalid: usize,
    not_utf8: usize,
    /// (kind, parsed as that kind without an error)
    accepted: BTreeMap<&'static str, usize>,
    by_code: BTreeMap<&'static str, usize>,
    panics: Vec<String>,
    slow: Vec<String>,
    /// Problems with diagnostics: an invalid case without one, one without file or line.
    unplaced: Vec<String>,
    slowest: (Duration, String),
}

fn run_suite(cases: Vec<Case>) -> Tally {
    let mut tally = Tally::default();
    for case in cases {
        tally.cases += 1;
        if case.invalid {
            tally.invalid += 1;
        } else {
            tally.valid += 1;
        }
        // Content files are read as UTF-8 (the loader reports other bytes as an `io` error), so
        // a case that is not UTF-8 is given to the parser with the bad bytes replaced.
        let text = match String::from_utf8(case.bytes.clone()) {
            Ok(t) => t,
            Err(_) => {
                tally.not_utf8 += 1;
                String::from_utf8_lossy(&case.bytes).into_owned()
            }
        };
        let started = Instant::now();
        for (kind, file) in KINDS {
            let result = catch_unwind(AssertUnwindSafe(|| run_kind(kind, file, &text)));
            let diagnostics = match result {
                Ok(d) => d,
                Err(payload) => {
                    let message = payload
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    tally
                        .panics
                        .push(format!("{} as {kind}: {message}", case.name));
                    continue;
                }
            };
            let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
            if errors.is_empty() {
                *tally.accepted.entry(kind).or_default() += 1;
            }
            if case.invalid && errors.is_empty() && kind != "embedded" {
                tally.unplaced.push(format!(
                    "{} as {kind}: invalid YAML accepted without an error",
                    case.name
                ));
            }
            for d in &diagnostics {
                *tally.by_code.entry(d.code.as_str()).or_default() += 1;
                if d.file.is_none() || d.pos.is_none_or(|p| p.line == 0) {
                    tally.unplaced.push(format!(
                        "{} as {kind}: diagnostic without file and line: {:?}",
                        case.name, d
                    ));
                }
            }
        }
        let took = started.elapsed();
        if took > CASE_LIMIT {
            tally.slow.push(format!("{} took {took:?}", case.name));
        }
        if took > tally.slowest.0 {
            tally.slowest = (took, case.name.clone());
        }
    }
    tally
}

#[test]
fn every_case_of_the_yaml_test_suite_gives_diagnostics_or_a_site() {
    let dir = suite_dir();
    let cases = cases(&dir);
    assert!(
        cases.len() > 300,
        "only {} cases in {}",
        cases.len(),
        dir.display()
    );

    // Panics are caught per case; silence the default hook's backtrace noise for them but keep
    // the message, which `run_suite` records.
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    std::thread::Builder::new()
        .name("yaml-suite".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let _ = tx.send(run_suite(cases));
        })
        .expect("the worker thread starts");
    let tally = rx
        .recv_timeout(SUITE_LIMIT)
        .unwrap_or_else(|_| panic!("the YAML test suite did not finish within {SUITE_LIMIT:?}"));

    eprintln!(
        "YAML test suite: {} cases ({} valid, {} invalid, {} not UTF-8) × {} kinds in {:?}; slowest case {} ({:?})",
        tally.cases,
        tally.valid,
        tally.invalid,
        tally.not_utf8,
        KINDS.len(),
        started.elapsed(),
        tally.slowest.1,
        tally.slowest.0,
    );
    eprintln!("accepted without error, by kind: {:?}", tally.accepted);
    eprintln!("diagnostics by code: {:?}", tally.by_code);

    let mut failures = Vec::new();
    if !tally.panics.is_empty() {
        failures.push(format!(
            "{} panics:\n  {}",
            tally.panics.len(),
            tally.panics.join("\n  ")
        ));
    }
    if !tally.slow.is_empty() {
        failures.push(format!(
            "{} cases over {CASE_LIMIT:?}:\n  {}",
            tally.slow.len(),
            tally.slow.join("\n  ")
        ));
    }
    if !tally.unplaced.is_empty() {
        failures.push(format!(
            "{} problems with diagnostics:\n  {}",
            tally.unplaced.len(),
            tally.unplaced.join("\n  ")
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
