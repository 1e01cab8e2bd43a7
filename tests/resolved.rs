//! The resolved model, through the library: derived checklist ids and their suffixes, weights,
//! and a roadmap's span over branches.

use std::fs;
use std::path::Path;

use jenjang::model::Duration;
use jenjang::resolve::Options;

fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("site.yaml"), "title: Resolved\n").unwrap();
    for (path, text) in files {
        let path = tmp.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    tmp
}

fn run(root: &Path) -> jenjang::Outcome {
    jenjang::check(root, Options::default())
}

/// Derived ids are the text's slug, made unique with `-2`, `-3`… past explicit ids too; each
/// derived id is an `item-id` warning.
#[test]
fn derived_ids_get_suffixes_past_every_id_taken() {
    let tmp = site_with(&[(
        "content/roadmaps/career.yaml",
        "title: Career\nstages:\n  - id: start\n    title: Start\n    checklist:\n      - Read the guide\n      - Read the guide\n      - {id: read-the-guide-2, text: Something else}\n      - Read the guide!\n",
    )]);
    let outcome = run(tmp.path());
    let site = outcome.site.expect("the site resolves");
    let ids: Vec<&str> = site.roadmaps[0].stages[0]
        .checklist
        .items
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "read-the-guide",
            "read-the-guide-3",
            "read-the-guide-2",
            "read-the-guide-4"
        ]
    );
    let warnings: Vec<&str> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "item-id")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
}

/// A weight must be above 0: 0, a negative weight and NaN are errors at the weight.
#[test]
fn checklist_weights_at_or_below_zero_are_errors() {
    for weight in ["0", "-1.5", ".nan", "-.inf"] {
        let text = format!(
            "title: Career\nstages:\n  - id: start\n    title: Start\n    checklist:\n      - {{id: a, text: A, weight: {weight}}}\n"
        );
        let tmp = site_with(&[("content/roadmaps/career.yaml", &text)]);
        let outcome = run(tmp.path());
        let errors: Vec<_> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert_eq!(errors.len(), 1, "{weight}: {errors:?}");
        assert!(
            errors[0]
                .message
                .starts_with("a weight must be a number above 0"),
            "{weight}: {errors:?}"
        );
        let pos = errors[0].pos.expect("a position");
        assert_eq!((pos.line, pos.column), (6, 34), "{weight}");
    }
}

/// A roadmap's span is the shortest and the longest path from the first stage to an end,
/// branches and joins included.
#[test]
fn a_roadmap_span_takes_the_shortest_and_longest_branch() {
    let tmp = site_with(&[(
        "content/roadmaps/career.yaml",
        "title: Career\nstages:\n  - {id: a, title: A, duration: 1 year, next: [b, c]}\n  - {id: b, title: B, duration: 2 years, next: [d]}\n  - {id: c, title: C, duration: 6 months, next: [d, e]}\n  - {id: d, title: D, duration: 1-2 years, next: []}\n  - {id: e, title: E, duration: 1 month, next: []}\n",
    )]);
    let site = run(tmp.path()).site.expect("the site resolves");
    let span = site.roadmaps[0].span().expect("every stage has a duration");
    // Shortest: a → c → e, 12 + 6 + 1 months; longest: a → b → d at its longest, 5 years.
    assert_eq!(span.text, "19-60 months");
    assert_eq!((span.min, span.max), (19, 60));
    let (lo, hi) = span.minutes();
    let month = Duration::parse("1 month").unwrap().minutes().0;
    assert!((lo / month - 19.0).abs() < 1e-9 && (hi / month - 60.0).abs() < 1e-9);
    // Without a duration on one stage there is no span.
    let tmp = site_with(&[(
        "content/roadmaps/career.yaml",
        "title: Career\nstages:\n  - {id: a, title: A, duration: 1 year}\n  - {id: b, title: B}\n",
    )]);
    assert!(run(tmp.path()).site.unwrap().roadmaps[0].span().is_none());
}
