//! Hostile and broken files: every one gets a clear diagnostic (with a position where there is
//! one), in bounded time and memory, and never a panic.
//!
//! Also runs every input kept in `tests/fuzz_regressions/<target>/` (crashes the fuzzers found,
//! see docs/fuzzing.md) through the same harness as the fuzz target that found it.

mod common;

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::fs;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jenjang::diagnostics::{Code, Diagnostic};
use jenjang::load::yaml::{MAX_DEPTH, MAX_FILE_BYTES, MAX_LIST_LEN};
use jenjang::resolve::Options;

/// A hang guard, not a time budget: a hostile file that takes longer than this to be refused
/// or built is stuck. The budgets (a release build refuses each in milliseconds) are kept in
/// `benches/hostile.rs`, where a loaded machine cannot fail `cargo test` (benches/README.md).
const BOUND: Duration = Duration::from_secs(120);

const SITE: &str = "title: Limits\n";
const ROADMAP: &str = "title: Career\nstages:\n  - id: start\n    title: Start\n";

/// A temporary site with `site.yaml` and `files` (path → bytes).
fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::write(dir.path().join("site.yaml"), SITE).unwrap();
    for (path, bytes) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

/// Runs the whole pipeline (load, resolve, render) on `root`, in bounded time, without a
/// panic; returns the diagnostics.
fn run(root: &Path) -> Vec<Diagnostic> {
    let started = Instant::now();
    let outcome = jenjang::run(root, Options::default());
    let took = started.elapsed();
    assert!(took < BOUND, "took {took:?}");
    outcome.diagnostics
}

/// The errors of `code` among `diagnostics` (at least one).
fn errors(diagnostics: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
    let found: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error() && d.code == code)
        .collect();
    assert!(
        !found.is_empty(),
        "expected an error `{code}`, got {diagnostics:#?}"
    );
    found
}

/// The first error (there must be one).
fn first_error(diagnostics: &[Diagnostic]) -> &Diagnostic {
    diagnostics
        .iter()
        .find(|d| d.is_error())
        .unwrap_or_else(|| panic!("no error in {diagnostics:#?}"))
}

fn assert_placed(d: &Diagnostic, file: &str) {
    assert_eq!(d.file.as_deref(), Some(Path::new(file)), "{d:?}");
    assert!(d.pos.is_some_and(|p| p.line >= 1), "no position: {d:?}");
}

#[test]
fn a_file_over_8_mib_is_refused_naming_the_limit() {
    let mut big = b"title: Big\ndescription: |\n".to_vec();
    let line = b"  Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n";
    while big.len() <= MAX_FILE_BYTES {
        big.extend_from_slice(line);
    }
    let mut page = b"---\ntitle: Big\n---\n".to_vec();
    page.extend_from_slice(&big);
    let dir = site(&[
        ("content/modules/big.yaml", &big),
        ("content/pages/big.md", &page),
    ]);
    // A sparse file of 64 GiB: refused by its size, never read.
    fs::create_dir_all(dir.path().join("content/roadmaps")).unwrap();
    let sparse = fs::File::create(dir.path().join("content/roadmaps/sparse.yaml")).unwrap();
    if sparse.set_len(64 << 30).is_err() {
        eprintln!("note: no sparse files on this file system; skipping that case");
        let _ = fs::remove_file(dir.path().join("content/roadmaps/sparse.yaml"));
    }
    let diagnostics = run(dir.path());
    let io = errors(&diagnostics, Code::Io);
    assert!(io.len() >= 2, "{io:#?}");
    for d in io {
        assert!(d.message.contains("8 MiB"), "{d:?}");
        assert!(d.message.contains(&MAX_FILE_BYTES.to_string()), "{d:?}");
        assert!(d.file.is_some(), "{d:?}");
    }
}

/// Static and theme files are read whole, so they have a limit of their own (64 MiB), checked
/// before reading: a sparse 1 TiB file under `content/static/` or in a theme is refused in
/// bounded time and memory.
#[test]
fn a_static_or_theme_file_over_64_mib_is_refused() {
    let dir = site(&[
        ("site.yaml", b"title: T\ntheme: mine\n"),
        ("content/roadmaps/r.yaml", ROADMAP.as_bytes()),
        ("content/static/ok.txt", b"small"),
    ]);
    let mut sparse = 0;
    for path in ["content/static/huge.bin", "themes/mine/static/huge.woff2"] {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        if fs::File::create(&path).unwrap().set_len(1 << 40).is_ok() {
            sparse += 1;
        }
    }
    if sparse < 2 {
        eprintln!("note: no sparse files on this file system; skipping");
        return;
    }
    // The theme is loaded before pages render, so its error comes first; then the static one.
    for (file, next) in [
        (
            "themes/mine/static/huge.woff2",
            Some("themes/mine/static/huge.woff2"),
        ),
        ("content/static/huge.bin", None),
    ] {
        let diagnostics = run(dir.path());
        let io = errors(&diagnostics, Code::Io);
        assert_eq!(io.len(), 1, "{io:#?}");
        assert_eq!(io[0].file.as_deref(), Some(Path::new(file)), "{io:#?}");
        assert!(io[0].message.contains("64 MiB"), "{io:?}");
        let limit = jenjang::load::MAX_STATIC_BYTES.to_string();
        assert!(io[0].message.contains(&limit), "{io:?}");
        if let Some(done) = next {
            fs::remove_file(dir.path().join(done)).unwrap();
        }
    }
}

/// Nine levels of aliases, each naming the one before nine times: 9^9 ≈ 387 million strings
/// if expanded.
fn billion_laughs() -> String {
    let mut text = String::from("a0: &a0 \"lol\"\n");
    for i in 1..=9 {
        let refs: Vec<String> = (0..9).map(|_| format!("*a{}", i - 1)).collect();
        text.push_str(&format!("a{i}: &a{i} [{}]\n", refs.join(", ")));
    }
    text
}

/// Competencies whose `children` alias the one before nine times, ten levels deep: 9^9 ≈ 387
/// million competencies if the aliases were expanded. Every value has the right shape, so
/// nothing stops the expansion but a limit.
fn billion_laughs_tree() -> String {
    let mut text = String::from("title: Laughs\ncompetencies:\n  - &c0 {id: c0, title: lol}\n");
    for i in 1..=9 {
        let refs: Vec<String> = (0..9).map(|_| format!("*c{}", i - 1)).collect();
        text.push_str(&format!(
            "  - &c{i} {{id: c{i}, title: lol, children: [{}]}}\n",
            refs.join(", ")
        ));
    }
    text
}

#[test]
fn billion_laughs_fail_fast() {
    let cases = [
        (
            "content/roadmaps/laughs.yaml",
            format!("title: Laughs\n{}", billion_laughs()),
        ),
        ("content/competencies/laughs.yaml", billion_laughs_tree()),
        (
            "content/roadmaps/list.yaml",
            format!(
                "title: Laughs\nstages:\n{}",
                billion_laughs()
                    .lines()
                    .map(|l| format!("  - {}\n", l.split_once(": ").unwrap().1))
                    .collect::<String>()
            ),
        ),
    ];
    for (file, text) in cases {
        let dir = site(&[(file, text.as_bytes())]);
        let started = Instant::now();
        let diagnostics = run(dir.path());
        let took = started.elapsed();
        let error = diagnostics
            .iter()
            .find(|d| d.is_error())
            .unwrap_or_else(|| panic!("{file}: no error in {diagnostics:#?}"));
        assert_placed(error, file);
        eprintln!(
            "billion laughs ({file}): {} in {took:?}: {}",
            error.code, error.message
        );
    }
}

/// Peak resident memory of the binary refusing a billion-laughs file, read from
/// /proc/<pid>/status while it runs.
#[test]
fn billion_laughs_stay_small_in_the_binary() {
    let dir = site(&[(
        "content/competencies/laughs.yaml",
        billion_laughs_tree().as_bytes(),
    )]);
    let (code, took, peak_kib) =
        measure(&["check", "--root", dir.path().to_str().expect("UTF-8 path")]);
    eprintln!("billion laughs in the binary: exit {code:?}, {took:?}, peak RSS {peak_kib:?} KiB");
    assert_eq!(code, Some(1));
    assert!(took < BOUND, "{took:?}");
    if let Some(kib) = peak_kib {
        assert!(kib < 256 * 1024, "peak RSS {kib} KiB");
    }
}

/// 8 MiB files built to make the position index or the YAML events huge: a million tiny
/// values, and values deep below long keys (stored as full paths, these took over 13 GB).
#[test]
fn files_of_many_values_stay_small_in_the_binary() {
    let flat = {
        let mut s = String::from("title: x\nstages:\n  - id: a\n    title: A\n    checklist:\n");
        while s.len() < MAX_FILE_BYTES - 30_000 {
            s.push_str("      - [");
            s.push_str(&"x,".repeat(9_999));
            s.push_str("x]\n");
        }
        s
    };
    let deep = {
        let mut s = String::from("title: x\nstages:\n");
        let mut indent = String::new();
        for i in 0..60 {
            s.push_str(&format!("{indent}{}{i:02}:\n", "k".repeat(60)));
            indent.push(' ');
        }
        let mut n = 0;
        while s.len() < MAX_FILE_BYTES - 30_000 {
            s.push_str(&format!("{indent}l{n}: [{}x]\n", "x,".repeat(99)));
            n += 1;
        }
        s
    };
    for (name, text) in [("flat", flat), ("deep", deep)] {
        let dir = site(&[("content/roadmaps/many.yaml", text.as_bytes())]);
        let (code, took, peak_kib) =
            measure(&["check", "--root", dir.path().to_str().expect("UTF-8 path")]);
        eprintln!(
            "{name}: {} bytes, exit {code:?}, {took:?}, peak RSS {peak_kib:?} KiB",
            text.len()
        );
        assert_eq!(code, Some(1), "{name}");
        assert!(took < BOUND * 2, "{name}: {took:?}");
        if let Some(kib) = peak_kib {
            assert!(kib < 512 * 1024, "{name}: peak RSS {kib} KiB");
        }
    }
}

/// Runs the binary with `args`, polling its peak RSS (VmHWM); returns exit code, time and the
/// last peak seen (None where /proc is not there).
fn measure(args: &[&str]) -> (Option<i32>, Duration, Option<u64>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jenjang"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jenjang starts");
    let started = Instant::now();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = None;
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let status = loop {
        if let Ok(text) = fs::read_to_string(&status_file) {
            if let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = Some(kib);
            }
        }
        if let Some(status) = child.try_wait().expect("wait works") {
            break status;
        }
        if started.elapsed() > BOUND * 3 {
            let _ = child.kill();
            panic!("the binary did not finish in {:?}", BOUND * 3);
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let took = started.elapsed();
    let _ = reader.join();
    (status.code(), took, peak)
}

#[test]
fn deep_nesting_is_a_limit_error() {
    let cases = [
        (
            "flow-closed",
            format!(
                "title: x\nsummary: {}{}\n",
                "[".repeat(5000),
                "]".repeat(5000)
            ),
        ),
        (
            "flow-open",
            format!("title: x\nsummary: {}\n", "[".repeat(5000)),
        ),
        (
            "flow-maps",
            format!("title: x\nsummary: {}\n", "{a: ".repeat(5000)),
        ),
        (
            "block",
            (0..2000)
                .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
                .collect::<String>(),
        ),
        (
            "block-list",
            format!("title: x\nstages:\n  {}x\n", "- ".repeat(5000)),
        ),
    ];
    for (name, text) in cases {
        let dir = site(&[("content/roadmaps/deep.yaml", text.as_bytes())]);
        let diagnostics = run(dir.path());
        let error = diagnostics
            .iter()
            .find(|d| d.is_error())
            .unwrap_or_else(|| panic!("{name}: no error"));
        assert_placed(error, "content/roadmaps/deep.yaml");
        assert!(
            matches!(error.code, Code::Limit | Code::Syntax),
            "{name}: {error:?}"
        );
        if name.starts_with("flow") {
            assert_eq!(error.code, Code::Limit, "{name}: {error:?}");
            assert!(error.message.contains(&MAX_DEPTH.to_string()), "{error:?}");
        }
    }
}

#[test]
fn a_list_over_the_limit_is_a_limit_error() {
    let text = format!(
        "title: x\nstages:\n  - id: a\n    title: A\n    checklist:\n{}",
        "      - Do it\n".repeat(MAX_LIST_LEN + 1)
    );
    let dir = site(&[("content/roadmaps/long.yaml", text.as_bytes())]);
    let diagnostics = run(dir.path());
    let d = errors(&diagnostics, Code::Limit)[0];
    assert_placed(d, "content/roadmaps/long.yaml");
    assert_eq!(d.pos.unwrap().line, MAX_LIST_LEN + 6, "{d:?}");
    assert!(d.message.contains(&MAX_LIST_LEN.to_string()), "{d:?}");

    // Exactly at the limit is fine.
    let text = format!(
        "title: x\nstages:\n  - id: a\n    title: A\n    checklist:\n{}",
        (0..MAX_LIST_LEN)
            .map(|i| format!("      - {{id: i{i}, text: Do {i}}}\n"))
            .collect::<String>()
    );
    let dir = site(&[("content/roadmaps/long.yaml", text.as_bytes())]);
    let diagnostics = run(dir.path());
    assert!(
        !diagnostics.iter().any(|d| d.code == Code::Limit),
        "{diagnostics:#?}"
    );
}

#[test]
fn invalid_utf8_names_the_byte_and_line() {
    let mut bytes = b"title: Caf\xc3\xa9\nsummary: ok\ndescription: bad \xff here\n".to_vec();
    let dir = site(&[("content/modules/latin1.yaml", &bytes)]);
    let diagnostics = run(dir.path());
    let d = first_error(&diagnostics);
    assert_placed(d, "content/modules/latin1.yaml");
    assert_eq!(d.pos.unwrap().line, 3, "{d:?}");
    let offset = bytes.iter().position(|b| *b == 0xff).unwrap();
    assert!(d.message.contains(&format!("byte {offset}")), "{d:?}");
    assert!(d.message.contains("line 3"), "{d:?}");

    // A truncated character at the very end, and in a page.
    bytes = b"---\ntitle: x\n---\nend \xe2\x82".to_vec();
    let dir = site(&[("content/pages/cut.md", &bytes)]);
    let d = first_error(&run(dir.path())).clone();
    assert_placed(&d, "content/pages/cut.md");
    assert!(d.message.contains("byte 21"), "{d:?}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_reported() {
    let dir = site(&[("content/roadmaps/ok.yaml", ROADMAP.as_bytes())]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.yaml");
    let path = dir.path().join("content/roadmaps").join(name);
    if fs::write(&path, ROADMAP).is_err() {
        eprintln!("SKIPPED: this file system refuses file names that are not UTF-8");
        return;
    }
    let diagnostics = run(dir.path());
    let d = errors(&diagnostics, Code::Io)[0];
    assert!(d.message.contains("not valid UTF-8"), "{d:?}");
    assert!(d.file.is_some(), "{d:?}");
    // The same in a folder name and in static files.
    let folder = dir.path().join("content/static").join(name);
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("x.txt"), "x").unwrap();
    fs::remove_file(&path).unwrap();
    let diagnostics = run(dir.path());
    errors(&diagnostics, Code::Io);
}

#[test]
fn symbolic_link_loops_and_links_outside_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.yaml"), ROADMAP).unwrap();
    fs::write(outside.path().join("passwd"), "root:x:0:0").unwrap();
    let dir = site(&[("content/roadmaps/ok.yaml", ROADMAP.as_bytes())]);
    let root = dir.path();
    std::os::unix::fs::symlink(
        root.join("content/roadmaps"),
        root.join("content/roadmaps/loop"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        root.join("content/roadmaps/stolen.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("content/modules")).unwrap();
    fs::create_dir_all(root.join("content/static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("passwd"),
        root.join("content/static/passwd"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/", root.join("content/static/root")).unwrap();
    // A link that stays inside is followed.
    std::os::unix::fs::symlink(
        root.join("content/roadmaps/ok.yaml"),
        root.join("content/roadmaps/alias.yaml"),
    )
    .unwrap();

    let outcome = jenjang::load::load(root);
    let io: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::Io)
        .collect();
    let named = |part: &str| {
        io.iter().any(|d| {
            d.file
                .as_ref()
                .is_some_and(|f| f.to_string_lossy().contains(part))
        })
    };
    for part in [
        "loop",
        "stolen.yaml",
        "content/modules",
        "passwd",
        "static/root",
    ] {
        assert!(named(part), "no io error for {part}: {io:#?}");
    }
    assert!(
        outcome.statics.iter().all(|s| s
            .abs
            .canonicalize()
            .unwrap()
            .starts_with(root.canonicalize().unwrap())),
        "a static file from outside: {:?}",
        outcome.statics
    );
    let ids: Vec<&str> = outcome.roadmaps.iter().map(|d| d.id.as_str()).collect();
    assert!(ids.contains(&"alias") && ids.contains(&"ok"), "{ids:?}");
    assert!(!ids.contains(&"stolen"), "{ids:?}");
    assert!(outcome.modules.is_empty());

    // The binary refuses to build (nothing is written).
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let run = common::Run::build(root, &output, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!output.exists());
}

#[test]
fn a_file_that_vanishes_or_cannot_be_read_is_reported() {
    let dir = site(&[("content/roadmaps/ok.yaml", ROADMAP.as_bytes())]);
    let root = dir.path();
    // Found by the walk, gone when read: a dangling link.
    std::os::unix::fs::symlink(
        root.join("content/roadmaps/gone.yaml"),
        root.join("content/roadmaps/dangling.yaml"),
    )
    .unwrap();
    let diagnostics = run(root);
    let d = errors(&diagnostics, Code::Io)[0];
    assert!(
        d.file
            .as_ref()
            .is_some_and(|f| f.ends_with("content/roadmaps/dangling.yaml")),
        "{d:?}"
    );
}

#[test]
fn a_fifo_among_the_content_does_not_hang() {
    let dir = site(&[("content/roadmaps/ok.yaml", ROADMAP.as_bytes())]);
    let root = dir.path();
    let fifo = root.join("content/roadmaps/pipe.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: mkfifo is not available");
        return;
    }
    let static_fifo = root.join("content/static/pipe.txt");
    fs::create_dir_all(static_fifo.parent().unwrap()).unwrap();
    let _ = Command::new("mkfifo").arg(&static_fifo).status();
    // Built in a thread: a blocked read of the FIFO would hang the test, so bound it.
    let (tx, rx) = std::sync::mpsc::channel();
    let root_owned = root.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(jenjang::run(&root_owned, Options::default()).diagnostics);
    });
    let diagnostics = rx.recv_timeout(BOUND).expect("a FIFO made the build hang");
    assert!(
        !diagnostics.iter().any(|d| d.is_error()),
        "{diagnostics:#?}"
    );
}

#[test]
fn empty_files_comments_and_byte_order_marks() {
    let cases: [(&str, &[u8], Option<Code>); 12] = [
        ("content/roadmaps/empty.yaml", b"", Some(Code::Shape)),
        (
            "content/roadmaps/blank.yaml",
            b"  \n\n\t\n",
            Some(Code::Shape),
        ),
        (
            "content/roadmaps/comments.yaml",
            b"# only\n# comments\n",
            Some(Code::Shape),
        ),
        (
            "content/roadmaps/bom-only.yaml",
            b"\xef\xbb\xbf",
            Some(Code::Shape),
        ),
        (
            "content/roadmaps/bom.yaml",
            b"\xef\xbb\xbftitle: With BOM\nstages: [{id: a, title: A}]\n",
            None,
        ),
        (
            "content/roadmaps/crlf.yaml",
            b"title: CRLF\r\nsummary: x\r\nstages: [{id: a, title: A}]\r\n",
            None,
        ),
        (
            "content/roadmaps/nul.yaml",
            b"title: a\0b\n",
            Some(Code::Syntax),
        ),
        (
            "content/roadmaps/doc-end.yaml",
            b"---\n...\n",
            Some(Code::Shape),
        ),
        ("content/pages/empty.md", b"", Some(Code::Syntax)),
        (
            "content/pages/bom.md",
            b"\xef\xbb\xbf---\ntitle: BOM page\n---\nBody\n",
            None,
        ),
        (
            "content/pages/crlf.md",
            b"---\r\ntitle: CRLF page\r\n---\r\nBody\r\n",
            None,
        ),
        (
            "content/pages/cr.md",
            b"---\rtitle: CR page\r---\rBody\r",
            None,
        ),
    ];
    for (file, bytes, expected) in cases {
        let dir = site(&[(file, bytes)]);
        let diagnostics = run(dir.path());
        match expected {
            None => assert!(
                !diagnostics.iter().any(|d| d.is_error()),
                "{file}: {diagnostics:#?}"
            ),
            Some(code) => {
                let d = diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .unwrap_or_else(|| panic!("{file}: no error"));
                assert_eq!(d.code, code, "{file}: {d:?}");
                assert_placed(d, file);
            }
        }
    }
}

#[test]
fn old_mac_line_endings_have_right_positions() {
    // Lone carriage returns are line breaks to YAML and Markdown; positions must agree.
    let text = b"title: x\rstages:\r  - id: a\r    title: A\r    next: [zz]\r";
    let dir = site(&[("content/roadmaps/cr.yaml", text)]);
    let d = first_error(&run(dir.path())).clone();
    assert_eq!(d.code, Code::Reference, "{d:?}");
    let pos = d.pos.unwrap();
    assert_eq!((pos.line, pos.column), (5, 12), "{d:?}");
    assert_eq!(&text[pos.offset..pos.offset + 2], b"zz");
}

#[test]
fn large_but_legal_text_builds_in_bounded_time() {
    // 2 MiB of Markdown in one field, and a 1 MiB line without a break.
    let mut description = String::new();
    while description.len() < 2 * 1024 * 1024 {
        description.push_str("  Some *emphasis*, a [link](https://example.org/) and `code`.\n");
    }
    let text = format!(
        "title: Long\nsummary: {}\ndescription: |\n{description}",
        "word ".repeat(200_000)
    );
    let dir = site(&[("content/modules/long.yaml", text.as_bytes())]);
    let diagnostics = run(dir.path());
    assert!(
        !diagnostics.iter().any(|d| d.is_error()),
        "{diagnostics:#?}"
    );
}

#[test]
fn pathological_markdown_is_bounded() {
    // Inputs known to make Markdown parsers quadratic.
    let cases = [
        "[".repeat(50_000),
        "*a ".repeat(50_000),
        "> ".repeat(10_000) + "x",
        "- ".repeat(10_000) + "x",
        "`".repeat(30_000),
        "<a ".repeat(30_000),
        "[x](".repeat(30_000),
        "a\\".repeat(50_000),
        "|a".repeat(20_000) + "\n" + &"|-".repeat(20_000),
        "[^a]".repeat(20_000),
    ];
    for body in cases {
        let started = Instant::now();
        let html = jenjang::markdown::render(
            &body,
            jenjang::markdown::Settings {
                allow_raw_html: false,
                id_prefix: "x-",
            },
        );
        let took = started.elapsed();
        assert!(took < BOUND, "{:?}… took {took:?}", &body[..20]);
        harness::check_fragment(&html).unwrap();
    }
}

/// Every crash input the fuzzers found, run again through the target that found it.
#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut count = 0;
    for target in ["content", "site_yaml", "markdown", "page"] {
        let Ok(entries) = fs::read_dir(dir.join(target)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            if file
                .extension()
                .is_some_and(|e| e == "md" && file.file_name().unwrap() == "README.md")
            {
                continue;
            }
            let data = fs::read(&file).unwrap();
            let started = Instant::now();
            let result = std::panic::catch_unwind(|| run_target(target, &data));
            assert!(result.is_ok(), "{} panics again", file.display());
            assert!(
                started.elapsed() < BOUND,
                "{} took {:?}",
                file.display(),
                started.elapsed()
            );
            count += 1;
        }
    }
    eprintln!("{count} fuzz regression inputs pass");
    // The folder is part of the repository: finding nothing means the test looked in the wrong
    // place (or the inputs were lost), not that everything passed.
    let listed = fs::read_to_string(dir.join("README.md"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("| `") && l.contains("/crash-"))
        .count();
    assert!(count > 0, "no fuzz regression inputs in {}", dir.display());
    assert_eq!(
        count, listed,
        "every input in tests/fuzz_regressions/ is run, and each is listed in its README"
    );
}

/// What each fuzz target does with one input (fuzz/fuzz_targets/*.rs).
fn run_target(target: &str, data: &[u8]) {
    match target {
        "content" => {
            let Some((&selector, rest)) = data.split_first() else {
                return;
            };
            let Ok(text) = std::str::from_utf8(rest) else {
                return;
            };
            let kind = harness::Kind::from_byte(selector);
            let mut loaded = harness::base_site(true);
            if harness::add_file(&mut loaded, kind, text) {
                harness::resolve_and_render(&loaded, &[(kind.file(), text)]);
            }
        }
        "page" => {
            let Ok(text) = std::str::from_utf8(data) else {
                return;
            };
            let mut loaded = harness::base_site(true);
            if harness::add_file(&mut loaded, harness::Kind::Page, text) {
                harness::resolve_and_render(&loaded, &[(harness::Kind::Page.file(), text)]);
            }
        }
        "site_yaml" => {
            let Ok(text) = std::str::from_utf8(data) else {
                return;
            };
            let mut loaded = harness::base_site(false);
            match jenjang::load::yaml::parse_text::<jenjang::load::raw::RawSite>(
                Path::new("site.yaml"),
                &std::sync::Arc::from(text),
            ) {
                Ok((raw, spans)) => {
                    loaded.site = Some(jenjang::load::Doc {
                        id: String::new(),
                        file: "site.yaml".into(),
                        raw,
                        spans,
                    });
                    harness::resolve_and_render(&loaded, &[("site.yaml", text)]);
                }
                Err(errs) => harness::check_diagnostics(&errs, text),
            }
        }
        "markdown" => {
            let Ok(source) = std::str::from_utf8(data) else {
                return;
            };
            let html = jenjang::markdown::render(
                source,
                jenjang::markdown::Settings {
                    allow_raw_html: false,
                    id_prefix: "f-",
                },
            );
            if let Err(e) = harness::check_fragment(&html) {
                panic!("{e}\nsource: {source:?}\nhtml: {html}");
            }
            let _ = jenjang::markdown::plain_text(source);
        }
        other => unreachable!("no fuzz target {other}"),
    }
}
