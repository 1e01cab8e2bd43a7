//! A generated site of 1,000 pages (examples/gen-corpus.rs) checks clean, with no error and no
//! warning, and builds into the number of pages the generator says it has.

#[allow(dead_code)]
#[path = "../examples/gen-corpus.rs"]
mod gen_corpus;

use std::path::Path;

use assert_cmd::Command;

const PAGES: usize = 1000;

fn jenjang() -> Command {
    let mut cmd = Command::cargo_bin("jenjang").expect("the jenjang binary is built");
    cmd.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd
}

/// The `.html` files under `dir` (every page's `index.html`, and `404.html`).
fn count_pages(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("the output can be read"))
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

/// Lines of jenjang's output that start a diagnostic (`error[code]: …`, `warning[code]: …`).
fn diagnostics(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("warning"))
        .collect()
}

#[test]
fn a_generated_site_of_1000_pages_checks_clean_and_builds_every_page() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = tmp.path().join("out");
    let summary = gen_corpus::generate(PAGES, &site, 42, None).expect("the corpus is written");
    let within = |n: usize| n.abs_diff(PAGES) * 20 <= PAGES;
    assert!(
        within(summary.pages),
        "the generator made {} pages, not about {PAGES}",
        summary.pages
    );

    let check = jenjang()
        .arg("check")
        .arg("--root")
        .arg(&site)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "check failed:\n{stderr}");
    assert!(
        diagnostics(&stderr).is_empty(),
        "check reported problems:\n{stderr}"
    );
    let would_build: usize = stderr
        .split(" pages would be built")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("check does not say how many pages it would build:\n{stderr}"));

    let build = jenjang()
        .args(["build", "--quiet", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert_eq!(build.status.code(), Some(0), "build failed:\n{stderr}");
    assert!(
        diagnostics(&stderr).is_empty(),
        "build reported problems:\n{stderr}"
    );
    let pages = count_pages(&out);
    assert_eq!(pages, would_build, "pages built vs pages `check` counted");
    assert!(within(pages), "{pages} pages built, not about {PAGES}");
    // The generator's count follows what jenjang publishes; a new kind of page shows up here.
    assert!(
        pages.abs_diff(summary.pages) <= 5,
        "{pages} pages built, {} expected by the generator",
        summary.pages
    );
}

#[test]
fn the_generator_is_deterministic_and_makes_about_n_pages() {
    for n in [300, 2500] {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let sa = gen_corpus::generate(n, a.path(), 7, None).unwrap();
        let sb = gen_corpus::generate(n, b.path(), 7, None).unwrap();
        assert_eq!(sa, sb);
        assert!(
            sa.pages.abs_diff(n) * 20 <= n,
            "{} pages for N = {n}",
            sa.pages
        );
        for file in ["site.yaml", "content/roadmaps"] {
            let read = |root: &Path| {
                let p = root.join(file);
                if p.is_dir() {
                    let mut names: Vec<_> = std::fs::read_dir(&p)
                        .unwrap()
                        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
                        .collect();
                    names.sort();
                    names
                } else {
                    vec![std::fs::read(&p).unwrap()]
                }
            };
            assert_eq!(
                read(a.path()),
                read(b.path()),
                "{file} differs between two runs"
            );
        }
    }
}
