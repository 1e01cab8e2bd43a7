//! Criterion benchmarks of how fast hostile input is refused or handled: the time budgets
//! that `tests/limits.rs` and `tests/yaml_suite.rs` once asserted inside `cargo test`, where a
//! loaded machine made them fail for no fault of jenjang's. The tests keep only generous hang
//! guards; the budgets live here (benches/README.md, "Hostile input").
//!
//! ```sh
//! cargo bench --bench hostile
//! ```

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use jenjang::resolve::Options;

/// A site with `site.yaml` and one content file.
fn site(dir: &Path, file: &str, text: &str) {
    fs::write(dir.join("site.yaml"), "title: Hostile\n").unwrap();
    let path = dir.join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Aliases that expand to 9^9 competencies.
fn billion_laughs() -> String {
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

fn hostile(c: &mut Criterion) {
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "billion laughs",
            "content/competencies/laughs.yaml",
            billion_laughs(),
        ),
        (
            "flow nesting 5000 deep",
            "content/roadmaps/deep.yaml",
            format!(
                "title: T\nsummary: {}{}\n",
                "[".repeat(5000),
                "]".repeat(5000)
            ),
        ),
        (
            "block nesting 200000 deep",
            "content/roadmaps/deep.yaml",
            format!("title: T\nstages:\n  {}x\n", "- ".repeat(200_000)),
        ),
        (
            "a list of 10001 stages",
            "content/roadmaps/long.yaml",
            format!(
                "title: T\nstages:\n{}",
                "  - {id: a, title: A}\n".repeat(10_001)
            ),
        ),
        (
            "markdown of 50000 brackets",
            "content/pages/brackets.md",
            format!("---\ntitle: P\n---\n{}", "[".repeat(50_000)),
        ),
        (
            "a thousand shape errors",
            "content/roadmaps/typos.yaml",
            format!(
                "title: T\nstages:\n{}",
                "  - {id: a, titel: A, weight: two}\n".repeat(1_000)
            ),
        ),
    ];
    let mut group = c.benchmark_group("hostile");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for (name, file, text) in cases {
        let tmp = tempfile::tempdir().unwrap();
        site(tmp.path(), file, &text);
        group.bench_function(name, |b| {
            b.iter(|| black_box(jenjang::check(tmp.path(), Options::default())))
        });
    }
    group.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
