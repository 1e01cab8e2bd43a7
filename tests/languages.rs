//! Multi-language sites: translated pages (`about.id.md`), durations in the page's language,
//! a default language other than English, and the warnings about missing translations.

mod common;

use std::fs;
use std::path::Path;

use common::Run;

const SITE: &str = "title: {en: Careers, id: Karier}\nlanguages: [en, id]\n";

const MODULE: &str = "title: {en: Workshop, id: Lokakarya}\nduration: 2-3 weeks\n";

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

#[test]
fn a_translated_page_is_published_in_each_language() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        &[
            ("site.yaml", SITE),
            ("content/modules/workshop.yaml", MODULE),
            (
                "content/pages/about.md",
                "---\ntitle: About\nsummary: Who we are.\norder: 3\n---\nWe train *teachers*.\n",
            ),
            (
                "content/pages/about.id.md",
                "---\ntitle: Tentang\nsummary: Siapa kami.\n---\nKami melatih *guru*.\n",
            ),
        ],
    );
    let out = tmp.path().join("out");
    let run = Run::build(&root, &out, &["--strict"]);
    run.assert_code(0);
    assert!(run.diagnostics.is_empty(), "{}", run.stderr);

    let en = fs::read_to_string(out.join("about/index.html")).unwrap();
    let id = fs::read_to_string(out.join("id/about/index.html")).unwrap();
    assert!(en.contains("We train <em>teachers</em>."), "{en}");
    assert!(en.contains("<title>About"), "{en}");
    assert!(id.contains("Kami melatih <em>guru</em>."), "{id}");
    assert!(id.contains("<title>Tentang"), "{id}");
    assert!(id.contains("Siapa kami."), "{id}");
    assert!(!out.join("about.id").exists() && !out.join("id/about.id").exists());

    let module_en = fs::read_to_string(out.join("modules/workshop/index.html")).unwrap();
    let module_id = fs::read_to_string(out.join("id/modules/workshop/index.html")).unwrap();
    assert!(module_en.contains("2-3 weeks"), "{module_en}");
    assert!(module_id.contains("2-3 minggu"), "{module_id}");
}

/// The example site's layout: Indonesian is the default language, so it is published at the
/// root from `about.md`, and English under `en/` from `about.en.md`.
#[test]
fn a_site_in_indonesian_publishes_english_under_en() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        &[
            (
                "site.yaml",
                "title: {id: Karier, en: Careers}\nlanguage: id\nlanguages: [id, en]\n",
            ),
            (
                "content/modules/workshop.yaml",
                "title: {id: Lokakarya, en: Workshop}\nduration: 2-3 weeks\n",
            ),
            (
                "content/roadmaps/path.yaml",
                "title: {id: Jalur, en: Path}\nstages:\n  - {id: first, title: {id: Awal, en: First}, duration: 1-2 years}\n",
            ),
            (
                "content/pages/about.md",
                "---\ntitle: Tentang\nsummary: Siapa kami.\norder: 3\n---\nKami melatih *guru*.\n",
            ),
            (
                "content/pages/about.en.md",
                "---\ntitle: About\nsummary: Who we are.\n---\nWe train *teachers*.\n",
            ),
        ],
    );
    let out = tmp.path().join("out");
    let run = Run::build(&root, &out, &["--strict"]);
    run.assert_code(0);
    assert!(run.diagnostics.is_empty(), "{}", run.stderr);

    let id = fs::read_to_string(out.join("about/index.html")).unwrap();
    let en = fs::read_to_string(out.join("en/about/index.html")).unwrap();
    assert!(id.contains("<html lang=\"id\""), "{id}");
    assert!(id.contains("Kami melatih <em>guru</em>."), "{id}");
    assert!(en.contains("<html lang=\"en\""), "{en}");
    assert!(en.contains("We train <em>teachers</em>."), "{en}");
    assert!(
        !out.join("id").exists(),
        "the default language has no folder of its own"
    );

    let module_id = fs::read_to_string(out.join("modules/workshop/index.html")).unwrap();
    let module_en = fs::read_to_string(out.join("en/modules/workshop/index.html")).unwrap();
    assert!(module_id.contains("2-3 minggu"), "{module_id}");
    assert!(module_en.contains("2-3 weeks"), "{module_en}");

    // The stage diagram shows durations in the page's language too.
    let diagram = |path: &str| {
        let page = fs::read_to_string(out.join(path)).unwrap();
        let at = page
            .find("class=\"diagram-duration\"")
            .expect("a duration in the diagram");
        let text = &page[at..];
        text[text.find('>').unwrap() + 1..text.find("</text>").unwrap()].to_string()
    };
    assert_eq!(diagram("roadmaps/path/index.html"), "1-2 tahun");
    assert_eq!(diagram("en/roadmaps/path/index.html"), "1-2 years");
}

#[test]
fn missing_and_stray_translations_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        &[
            ("site.yaml", SITE),
            (
                "content/modules/workshop.yaml",
                "title: {en: Workshop}\nduration: 1 day\n",
            ),
            ("content/pages/about.md", "---\ntitle: About\n---\nHello.\n"),
            (
                "content/pages/about.fr.md",
                "---\ntitle: À propos\n---\nBonjour.\n",
            ),
            (
                "content/pages/contact.id.md",
                "---\ntitle: Kontak\n---\nHalo.\n",
            ),
        ],
    );
    let run = Run::check(&root, &[]);
    run.assert_code(1);
    let errors = run.of_severity("error");
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    errors[0]
        .assert_at("error", "reference", "content/pages/contact.id.md")
        .assert_message_contains("`contact`, which does not exist");
    let warnings = run.of_severity("warning");
    assert_eq!(warnings.len(), 3, "{}", run.stderr);
    let find = |part: &str| {
        warnings
            .iter()
            .find(|d| d.message.contains(part))
            .unwrap_or_else(|| panic!("no warning about {part:?} in\n{}", run.stderr))
    };
    find("`fr` is not one of the site's languages").assert_at(
        "warning",
        "shape",
        "content/pages/about.fr.md",
    );
    find("no translation for id of this page")
        .assert_at("warning", "shape", "content/pages/about.md")
        .assert_help_contains("`content/pages/about.id.md`");
    let module = warnings
        .iter()
        .find(|d| d.location.as_deref() == Some("content/modules/workshop.yaml:1:8"))
        .unwrap_or_else(|| panic!("no warning about the module's title in\n{}", run.stderr));
    module.assert_message_contains("no translation for id");
}

/// A text without the second language falls back to the default language in the built site
/// (with a warning), and a page without a translation file is published in every language.
#[test]
fn a_missing_translation_falls_back_to_the_default_language_when_built() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        &[
            ("site.yaml", SITE),
            (
                "content/modules/workshop.yaml",
                "title: {en: Workshop, id: Lokakarya}\nsummary: {en: Only in English.}\n",
            ),
            (
                "content/pages/about.md",
                "---\ntitle: About us\n---\nWe train.\n",
            ),
        ],
    );
    let out = tmp.path().join("out");
    let run = Run::build(&root, &out, &[]);
    run.assert_code(0);
    assert!(
        run.diagnostics
            .iter()
            .any(|d| d.severity == "warning" && d.message == "no translation for id"),
        "{}",
        run.stderr
    );
    let module_id = fs::read_to_string(out.join("id/modules/workshop/index.html")).unwrap();
    assert!(module_id.contains("Lokakarya"), "{module_id}");
    assert!(module_id.contains("Only in English."), "{module_id}");
    let about_id = fs::read_to_string(out.join("id/about/index.html")).unwrap();
    assert!(
        about_id.contains("About us") && about_id.contains("We train."),
        "{about_id}"
    );
    assert!(about_id.contains("lang=\"id\""), "{about_id}");
}
