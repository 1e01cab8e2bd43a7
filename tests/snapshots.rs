//! Snapshots of rendered pages of the example site (its default language, Indonesian, at
//! the root, and in English under `en/`): stage, competency and scale pages, so that any change to the HTML is seen in
//! review. A snapshot is named after the page's path.
//!
//! After an intended change to the theme or the renderer, regenerate them with
//!
//! ```sh
//! INSTA_UPDATE=always cargo test --test snapshots
//! ```
//!
//! (or `cargo insta test --accept`), read the diff of tests/snapshots/, and commit it.

mod common;

use std::fs;

use common::{repo_root, Run};

/// The page at `path` of a fresh build of the example site, with the generator's version (in
/// every page) replaced so that a version bump does not change the snapshots.
fn rendered(path: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    Run::build(&repo_root(), &out, &["--quiet"]).assert_code(0);
    let html = fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let version = format!("jenjang {}", env!("CARGO_PKG_VERSION"));
    assert!(html.contains(&version), "no generator meta in {path}");
    html.replace(&version, "jenjang [version]")
}

#[test]
fn stage_page() {
    insta::assert_snapshot!(
        "stage_teacher_career_exploration",
        rendered("roadmaps/teacher-career/exploration/index.html")
    );
}

#[test]
fn competency_page() {
    insta::assert_snapshot!(
        "competency_teacher_competencies_pedagogical",
        rendered("competencies/teacher-competencies/pedagogical/index.html")
    );
}

#[test]
fn stage_page_in_english() {
    insta::assert_snapshot!(
        "stage_teacher_career_exploration_en",
        rendered("en/roadmaps/teacher-career/exploration/index.html")
    );
}

/// The scale page: its band table shows each range as the decree writes it (`76–90%`), with
/// the assessment days.
#[test]
fn scale_page() {
    insta::assert_snapshot!(
        "scale_performance_achievement",
        rendered("scales/performance-achievement/index.html")
    );
}

#[test]
fn scale_page_in_english() {
    insta::assert_snapshot!(
        "scale_performance_achievement_en",
        rendered("en/scales/performance-achievement/index.html")
    );
}
