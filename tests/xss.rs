//! No script from content: known XSS payloads in every field of a site, built with the default
//! settings (`allow_raw_html` off), and every page parsed as a browser would (html5ever, through
//! `scraper`) to check that none of them became a script, an event handler, a frame or a
//! `javascript:`/`vbscript:`/`data:` URL.
//!
//! `allow_raw_html: true` is trusted mode (SECURITY.md): raw HTML goes through as written, so
//! only the default is tested here.

mod common;

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::fs;
use std::path::Path;

use jenjang::render::search;
use serde_json::Value;

use common::{read_tree, Run};

/// Payloads, each tried in every field.
const PAYLOADS: [&str; 40] = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
    "' autofocus onfocus='alert(1)",
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</style></noscript></textarea><script>alert(1)</script>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">a</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">b</a>",
    "<a href=\"java&#x73;cript:alert(1)\">c</a>",
    "<a href=\"&#106;&#97;vascript:alert(1)\">d</a>",
    "<a href=\" \tjava\tscript:alert(1)\">e</a>",
    "<a href=\"vbscript:msgbox(1)\">f</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">g</a>",
    "[md](javascript:alert(1)) [md2](JaVaScRiPt:alert(1)) [md3](java&#x73;cript:alert(1))",
    "![img](javascript:alert(1)) ![img2](data:text/html,x)",
    "<javascript:alert(1)> <vbscript:x>",
    "[ref][r]\n\n[r]: javascript:alert(1) \"t\"",
    "[dt](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">x</button></form>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<div style=\"background:url(javascript:alert(1))\" onclick=\"alert(1)\">s</div>",
    "<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math>",
    "<details open ontoggle=alert(1)>t</details>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<!--<script>-->alert(1)<!-- --> <![CDATA[<script>alert(1)</script>]]>",
    "{{ 12345 * 11 }} {% if true %}TERA-RAN{% endif %} {{ __tera_context }}",
    "\u{2028}\u{2029}</script><!--",
    "<input autofocus onfocus=alert(1)> <video><source onerror=alert(1)></video>",
];

/// All payloads in one text, for fields that take one text.
fn all() -> String {
    PAYLOADS.join("\n\n")
}

/// `text` as a YAML double-quoted scalar.
fn q(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// A site with the payloads in every text and Markdown field.
fn write_site(root: &Path) {
    let p = q(&all());
    // URLs that are allowed (http/https) but try to break out of the attribute.
    let url = q("https://example.org/\"><script>alert(1)</script>?a='onmouseover=alert(1)");
    let files: Vec<(&str, String)> = vec![
        (
            "site.yaml",
            format!(
                "title: {p}\nsummary: {p}\ndescription: {p}\nid: xss-site\nlanguages: [en, id]\n\
                 publisher: {{name: {p}, url: {url}}}\n\
                 menu:\n  - {{title: {p}, page: about}}\n  - {{title: {p}, url: {url}}}\n  - {{title: {p}, section: roadmaps}}\n"
            ),
        ),
        (
            "content/roadmaps/career.yaml",
            format!(
                "title: {p}\nsummary: {p}\ndescription: {p}\naudience: {p}\nscale: grades\n\
                 source: {{title: {p}, url: {url}, publisher: {p}, year: {p}}}\n\
                 stages:\n\
                 \x20 - id: start\n    title: {{en: {p}, id: {p}}}\n    duration: 2 weeks\n    summary: {p}\n    description: {p}\n    entry: {p}\n\
                 \x20   competencies: [{{ref: skills/teaching, level: basic}}]\n    modules: [workshop]\n\
                 \x20   checklist:\n      - {{id: first, text: {p}, evidence: {p}}}\n      - {p}\n    next: [end]\n\
                 \x20 - id: end\n    title: {p}\n    summary: {p}\n    checklist: [{{id: last, text: {p}, evidence: {p}, weight: 2}}]\n"
            ),
        ),
        (
            "content/modules/workshop.yaml",
            format!(
                "title: {p}\nsummary: {p}\ndescription: {p}\nsource: {p}\naudience: {p}\n\
                 provider: {{name: {p}, url: {url}}}\nduration: 2 weeks\ndelivery: in-person\ngroup_size: {p}\n\
                 outcomes: [{p}]\ncompetencies: [{{ref: skills/teaching, level: basic}}]\n\
                 units:\n  - id: one\n    title: {p}\n    period: {p}\n    duration: 1 week\n    summary: {p}\n    description: {p}\n    topics: [{p}]\n\
                 \x20   checklist: [{{id: u1, text: {p}, evidence: {p}}}]\n\
                 assessment: {{description: {p}, scale: grades}}\n\
                 checklist: [{{id: m1, text: {p}, evidence: {p}}}]\n"
            ),
        ),
        (
            "content/competencies/skills.yaml",
            format!(
                "title: {p}\nsummary: {p}\ndescription: {p}\nsource: {{title: {p}, url: {url}}}\n\
                 levels:\n  - {{id: basic, title: {p}, description: {p}}}\n  - {{id: expert, title: {p}}}\n\
                 competencies:\n  - id: teaching\n    title: {p}\n    summary: {p}\n    description: {p}\n\
                 \x20   indicators: [{p}, {{id: ind, text: {p}}}]\n    levels: {{basic: {p}, expert: {p}}}\n\
                 \x20   children:\n      - {{id: child, title: {p}, summary: {p}}}\n"
            ),
        ),
        (
            "content/scales/grades.yaml",
            format!(
                "title: {p}\nsummary: {p}\ndescription: {p}\nsource: {p}\n\
                 bands:\n  - {{min: 0, score: 1, label: {p}, description: {p}}}\n  - {{min: 50, score: 2, label: {p}}}\n"
            ),
        ),
        (
            "content/pages/about.md",
            format!("---\ntitle: {p}\nsummary: {p}\norder: 1\n---\n{}\n", all()),
        ),
        (
            "content/pages/about.id.md",
            format!("---\ntitle: {p}\nsummary: {p}\n---\n{}\n", all()),
        ),
    ];
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// Builds the payload site and returns every output file.
fn build() -> std::collections::BTreeMap<String, Vec<u8>> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let output = tmp.path().join("public");
    let run = Run::build(&root, &output, &[]);
    assert_eq!(
        run.code, 0,
        "the payload site does not build:\n{}",
        run.stderr
    );
    read_tree(&output)
}

#[test]
fn no_script_from_content() {
    let tree = build();
    let mut pages = 0;
    for (path, bytes) in &tree {
        if path.ends_with(".html") {
            pages += 1;
            let html = std::str::from_utf8(bytes).expect("pages are UTF-8");
            if let Err(e) = harness::check_page(html, None) {
                panic!("{path}: {e}");
            }
            // Every `<script` in the bytes is a script element the parser sees (no payload
            // hides one that another parser would find), and Tera never ran content.
            let doc = scraper::Html::parse_document(html);
            let elements = doc
                .select(&scraper::Selector::parse("script").unwrap())
                .count();
            let raw = html.to_ascii_lowercase().matches("<script").count();
            assert_eq!(
                raw, elements,
                "{path}: a `<script` that is not a script element"
            );
            // Content is never a template: the Tera tags stay as text around TERA-RAN.
            assert!(!html.contains("135795"), "{path}: Tera ran content");
            assert!(
                html.match_indices("TERA-RAN")
                    .all(|(i, _)| html[..i].trim_end().ends_with("%}")),
                "{path}: Tera ran content"
            );
        } else if path.ends_with(".js") && !path.starts_with("assets/") {
            check_index_script(path, std::str::from_utf8(bytes).unwrap());
        } else if path.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(bytes)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
        } else if path.ends_with(".svg") {
            let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
            assert!(!text.contains("<script") && !text.contains(" on"), "{path}");
        }
    }
    assert!(pages >= 10, "only {pages} pages");
    eprintln!(
        "{} payloads in every field: {pages} pages and {} other files checked",
        PAYLOADS.len(),
        tree.len() - pages
    );
}

/// Checks a content-made script (the search index) and returns its data: one JSON value
/// assigned (`window.jenjangSearch = {…};`, the whole index or the head of a split one), or
/// one call with JSON arguments that adds a part of a split index
/// (`jenjangSearch.addTerms("key",{…});`, `jenjangSearch.addDocs(n,[…]);`). Anything that
/// escaped the data, such as a second statement, fails to parse.
fn check_index_script(path: &str, text: &str) -> Value {
    let lower = text.to_ascii_lowercase();
    assert!(
        !lower.contains("</script") && !lower.contains("<!--"),
        "{path}"
    );
    assert!(
        !text.contains('\u{2028}') && !text.contains('\u{2029}'),
        "{path}"
    );
    if let Some(json) = text
        .strip_prefix("window.jenjangSearch = ")
        .and_then(|t| t.strip_suffix(";\n"))
    {
        let value: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(value.is_object(), "{path}: the index is not an object");
        return value;
    }
    let (name, args) = ["addTerms", "addDocs"]
        .into_iter()
        .find_map(|name| {
            text.strip_prefix(&format!("jenjangSearch.{name}("))
                .and_then(|t| t.strip_suffix(");\n"))
                .map(|args| (name, args))
        })
        .unwrap_or_else(|| panic!("{path} is neither an index nor a part of one: {text:.200}"));
    let args: Value =
        serde_json::from_str(&format!("[{args}]")).unwrap_or_else(|e| panic!("{path}: {e}"));
    match (name, args.as_array().map(Vec::as_slice)) {
        ("addTerms", Some([Value::String(_), Value::Object(_)]))
        | ("addDocs", Some([Value::Number(_), Value::Array(_)])) => args,
        _ => panic!(
            "{path}: {name} called with other arguments: {:.200}",
            args.to_string()
        ),
    }
}

/// A site large enough to get a split index would be slow to build here, so the payload site's
/// index is split at 0 bytes by the library (as `cargo run --example search-index` does): every
/// part is still one call with JSON data, and the payloads are in it as text.
#[test]
fn a_split_search_index_keeps_content_as_data() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let loaded = jenjang::load::load(&root);
    let site = jenjang::resolve::resolve(&loaded, Default::default())
        .site
        .expect("the payload site resolves");
    assert_eq!(site.config.languages, ["en", "id"]);
    let mut parts = 0;
    let mut payload_found = false;
    for lang in &site.config.languages {
        let prefix = if *lang == site.config.language {
            String::new()
        } else {
            format!("{lang}/")
        };
        let files = search::index_files(&site, lang, &prefix, 0);
        assert!(
            files.iter().any(|(p, _)| p.contains("/terms-"))
                && files.iter().any(|(p, _)| p.contains("/docs-")),
            "the index of {lang} is not split"
        );
        for (path, text) in &files {
            assert!(path.starts_with(&prefix), "{path}");
            let data = check_index_script(path, text);
            payload_found |= data
                .to_string()
                .contains("</script><script>alert(1)</script>");
            parts += 1;
        }
    }
    assert!(payload_found, "the payloads are in the index as text");
    eprintln!("{parts} index files checked");
}

/// The check above refuses scripts in which content escaped the data.
#[test]
fn the_index_script_check_refuses_escaped_content() {
    for good in [
        "window.jenjangSearch = {\"version\":2,\"docs\":[]};\n",
        "jenjangSearch.addTerms(\"me\",{\n\"mentor\":[4]\n});\n",
        "jenjangSearch.addDocs(0,[\n{\"t\":\"a);alert(1);//\"}\n]);\n",
    ] {
        check_index_script("good.js", good);
    }
    for bad in [
        "window.jenjangSearch = {\"docs\":[]};alert(1);\n",
        "window.jenjangSearch = {\"docs\":[\"\"]}+alert(1);\n",
        "jenjangSearch.addTerms(\"me\",{});alert(1);jenjangSearch.addTerms(\"x\",{});\n",
        "jenjangSearch.addTerms(\"me\",{},alert(1));\n",
        "jenjangSearch.addDocs(0,[\"</script><script>alert(1)//\"]);\n",
        "jenjangSearch.addDocs(0,[]);\u{2028}alert(1);\n",
        "jenjangSearch.addDocs(alert(1),[]);\n",
        "alert(1);\n",
    ] {
        let refused = std::panic::catch_unwind(|| check_index_script("bad.js", bad)).is_err();
        assert!(refused, "accepted: {bad}");
    }
}

#[test]
fn dangerous_urls_in_url_fields_are_refused() {
    for bad in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\u{1}javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html,x",
        "file:///etc/passwd",
    ] {
        let url = q(bad);
        for (path, text) in [
            (
                "site.yaml",
                format!("title: T\nmenu: [{{title: M, url: {url}}}]\n"),
            ),
            (
                "site.yaml",
                format!("title: T\npublisher: {{name: P, url: {url}}}\n"),
            ),
            (
                "content/roadmaps/r.yaml",
                format!("title: R\nsource: {{url: {url}}}\nstages: [{{id: a, title: A}}]\n"),
            ),
            (
                "content/modules/m.yaml",
                format!("title: M\nprovider: {{name: P, url: {url}}}\n"),
            ),
        ] {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path();
            fs::write(root.join("site.yaml"), "title: T\n").unwrap();
            let file = root.join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(&file, &text).unwrap();
            let output = root.join("public");
            let run = Run::build(root, &output, &[]);
            assert_ne!(run.code, 0, "{bad:?} in {path} was accepted");
            assert!(
                run.diagnostics.iter().any(|d| d.severity == "error"
                    && d.location.as_deref().is_some_and(|l| l.starts_with(path))),
                "{bad:?} in {path}: {}",
                run.stderr
            );
            assert!(!output.exists());
        }
    }
}

/// Every page carries a Content-Security-Policy that lets only the theme's own files run and
/// style the page, so that a sanitiser bug cannot become a script (SECURITY.md). Required:
/// `default-src 'none'`, a `script-src` and `style-src` with `'self'` and nothing unsafe, and
/// `base-uri` and `form-action`. The default theme's policy was checked in headless Chromium
/// 156 on the built example site, from `file://` and over HTTP: the stylesheet applies, the
/// theme's scripts run, inline scripts are refused, and no violation is reported.
#[test]
fn pages_carry_a_content_security_policy() {
    let tree = build();
    let mut missing = Vec::new();
    for (path, bytes) in &tree {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        let selector =
            scraper::Selector::parse("head meta[http-equiv=\"Content-Security-Policy\" i]")
                .unwrap();
        let policy = doc
            .select(&selector)
            .next()
            .and_then(|m| m.value().attr("content"))
            .map(|c| {
                c.split(';')
                    .map(|d| d.trim().to_string())
                    .collect::<Vec<_>>()
            });
        let Some(policy) = policy else {
            missing.push(format!("{path}: no CSP meta"));
            continue;
        };
        let directive = |name: &str| {
            policy
                .iter()
                .find(|d| d.split_whitespace().next() == Some(name))
                .cloned()
        };
        let problems: Vec<String> = [
            (directive("default-src").as_deref() == Some("default-src 'none'"))
                .then_some(())
                .ok_or("default-src is not 'none'"),
            directive("script-src")
                .filter(|d| {
                    d.contains("'self'")
                        && !d.contains("unsafe")
                        && !d.contains(" data:")
                        && !d.contains('*')
                })
                .map(|_| ())
                .ok_or("script-src must allow 'self' and nothing unsafe"),
            directive("style-src")
                .filter(|d| d.contains("'self'") && !d.contains("unsafe"))
                .map(|_| ())
                .ok_or("style-src must allow 'self' and no inline styles"),
            directive("base-uri")
                .map(|_| ())
                .ok_or("base-uri is missing"),
            directive("form-action")
                .map(|_| ())
                .ok_or("form-action is missing"),
        ]
        .into_iter()
        .filter_map(|r| r.err().map(String::from))
        .collect();
        if !problems.is_empty() {
            missing.push(format!("{path}: {}", problems.join("; ")));
        }
    }
    assert!(
        missing.is_empty(),
        "{} pages without a good Content-Security-Policy, e.g.:\n{}",
        missing.len(),
        missing
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
