//! The example site in the repository root: it checks clean (no warnings), every URL of the
//! content format's table is built, and every link and fragment in the output leads somewhere.
//! Then the same site with a `base_url`: absolute links and a sitemap (no robots.txt: the
//! base URL is under a sub-path).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use scraper::Html;
use serde_yaml::Value;

use common::{copy_site, read_tree, repo_root, Run};

const BASE_URL: &str = "https://example.org/karier/";

/// The URL paths (relative to the site root, `""` for home) the content promises, worked out
/// from the content files themselves rather than from jenjang's code.
fn expected_pages(root: &Path) -> BTreeSet<String> {
    let mut pages: BTreeSet<String> = ["", "roadmaps/", "modules/", "competencies/", "scales/"]
        .into_iter()
        .map(String::from)
        .collect();
    let content = root.join("content");
    let files = yaml_files(&content);
    // The curriculum map, when there are frameworks and something that could develop them,
    // and then the map of each framework.
    let has = |kind: &str| files.iter().any(|(folder, _, _)| folder == kind);
    if has("competencies") && (has("modules") || has("roadmaps")) {
        pages.insert("curriculum/".into());
        for (_, id, _) in files
            .iter()
            .filter(|(folder, _, _)| folder == "competencies")
        {
            pages.insert(format!("curriculum/{id}/"));
        }
    }
    for (folder, id, doc) in files {
        match folder.as_str() {
            "roadmaps" => {
                pages.insert(format!("roadmaps/{id}/"));
                for stage in seq(&doc, "stages") {
                    pages.insert(format!("roadmaps/{id}/{}/", str_of(stage, "id")));
                }
            }
            "modules" => {
                pages.insert(format!("modules/{id}/"));
            }
            "competencies" => {
                pages.insert(format!("competencies/{id}/"));
                let mut stack: Vec<&Value> = seq(&doc, "competencies").iter().collect();
                while let Some(c) = stack.pop() {
                    pages.insert(format!("competencies/{id}/{}/", str_of(c, "id")));
                    stack.extend(seq(c, "children"));
                }
            }
            "scales" => {
                pages.insert(format!("scales/{id}/"));
            }
            other => panic!("unexpected content folder {other}"),
        }
    }
    for entry in walkdir::WalkDir::new(content.join("pages")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            // `about.en.md` is the English version of `about/`.
            let stem = entry.path().file_stem().unwrap().to_str().unwrap();
            let id = stem.split('.').next().unwrap();
            pages.insert(format!("{id}/"));
        }
    }
    in_every_language(root, pages)
}

/// The folders of the site's languages: `""` for the default language (`language:`, English
/// when unset), `<code>/` for every other one of `languages:`.
fn language_prefixes(root: &Path) -> Vec<String> {
    let site: Value =
        serde_yaml::from_str(&fs::read_to_string(root.join("site.yaml")).unwrap()).unwrap();
    let default = site.get("language").and_then(Value::as_str).unwrap_or("en");
    let mut prefixes = vec![String::new()];
    for lang in seq(&site, "languages") {
        let lang = lang.as_str().unwrap();
        if lang != default {
            prefixes.push(format!("{lang}/"));
        }
    }
    prefixes
}

/// `paths` under every language's folder.
fn in_every_language(root: &Path, paths: BTreeSet<String>) -> BTreeSet<String> {
    language_prefixes(root)
        .iter()
        .flat_map(|prefix| paths.iter().map(move |p| format!("{prefix}{p}")))
        .collect()
}

/// The files the exports write, worked out from the content: data.json, a CASE package and a
/// Moodle CSV per framework, and a calendar per module with a cohort start date.
fn expected_exports(root: &Path) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    for (folder, id, doc) in yaml_files(&root.join("content")) {
        match folder.as_str() {
            "competencies" => {
                files.insert(format!("competencies/{id}/case.json"));
                files.insert(format!("competencies/{id}/moodle.csv"));
            }
            "modules" if doc.get("cohort").and_then(|c| c.get("start")).is_some() => {
                files.insert(format!("modules/{id}/schedule.ics"));
            }
            _ => {}
        }
    }
    // data.json holds every language at once, and its schema is published beside it; the
    // other exports are written per language.
    let mut files = in_every_language(root, files);
    files.insert("data.json".to_string());
    files.insert("data.schema.json".to_string());
    files
}

/// (kind folder, id, parsed YAML) of every YAML file under content/.
fn yaml_files(content: &Path) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for folder in ["roadmaps", "modules", "competencies", "scales"] {
        for entry in walkdir::WalkDir::new(content.join(folder)).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                let doc: Value = serde_yaml::from_str(&fs::read_to_string(path).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let id = path.file_stem().unwrap().to_str().unwrap().to_string();
                out.push((folder.to_string(), id, doc));
            }
        }
    }
    out
}

fn seq<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_sequence)
        .map_or(&[], Vec::as_slice)
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string `{key}` in {v:?}"))
}

/// One parsed page of the output.
struct Page {
    /// Every `href`/`src` (and `xlink:href`) value, with the element's name.
    links: Vec<(String, String)>,
    ids: BTreeSet<String>,
    duplicate_ids: BTreeSet<String>,
    canonical: Option<String>,
}

/// Parses every .html file below `out`, by path relative to `out` (with `/` separators).
fn parse_pages(out: &Path) -> BTreeMap<String, Page> {
    let mut pages = BTreeMap::new();
    for (rel, bytes) in read_tree(out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{rel} is not UTF-8"));
        let doc = Html::parse_document(&text);
        let mut page = Page {
            links: Vec::new(),
            ids: BTreeSet::new(),
            duplicate_ids: BTreeSet::new(),
            canonical: None,
        };
        for node in doc.tree.nodes() {
            let Some(el) = node.value().as_element() else {
                continue;
            };
            for (name, value) in el.attrs() {
                if name == "href" || name == "src" {
                    page.links.push((el.name().to_string(), value.to_string()));
                }
            }
            if let Some(id) = el.id() {
                if !page.ids.insert(id.to_string()) {
                    page.duplicate_ids.insert(id.to_string());
                }
            }
            if el.name() == "link" && el.attr("rel") == Some("canonical") {
                page.canonical = el.attr("href").map(String::from);
            }
        }
        pages.insert(rel, page);
    }
    pages
}

fn is_external(href: &str) -> bool {
    ["http:", "https:", "mailto:", "tel:", "data:"]
        .iter()
        .any(|s| {
            href.get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s))
        })
        || href.starts_with("//")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `path` (relative, `/`-separated) resolved against the folder `dir` of the output, or `None`
/// if it climbs out of the output.
fn resolve(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Checks the fragment `frag` exists in the output file `target`.
fn fragment_problem(
    pages: &BTreeMap<String, Page>,
    out: &Path,
    target: &str,
    frag: &str,
) -> Option<String> {
    let frag = percent_decode(frag);
    if frag.is_empty() {
        return Some("an empty fragment".into());
    }
    if let Some(page) = pages.get(target) {
        return (!page.ids.contains(&frag)).then(|| format!("no id `{frag}` in {target}"));
    }
    let text = fs::read_to_string(out.join(target)).unwrap_or_default();
    (!text.contains(&format!("id=\"{frag}\""))).then(|| format!("no id `{frag}` in {target}"))
}

/// Every broken link of a site built without `base_url`, as `page: <element href>: why`.
fn broken_relative_links(out: &Path, pages: &BTreeMap<String, Page>) -> Vec<String> {
    let mut broken = Vec::new();
    for (rel, page) in pages {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        for (element, href) in &page.links {
            if is_external(href) {
                continue;
            }
            let mut report =
                |why: String| broken.push(format!("{rel}: <{element} {href:?}>: {why}"));
            let (path, frag) = match href.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (href.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            if path.is_empty() {
                match frag {
                    Some(f) => {
                        if let Some(why) = fragment_problem(pages, out, rel, f) {
                            report(why);
                        }
                    }
                    None => report("an empty link".into()),
                }
                continue;
            }
            // Servers show 404.html at any address, so its links start at the server's root
            // and may name folders; every other page's links are relative and name files.
            let not_found = rel.ends_with("404.html");
            if path.starts_with('/') != not_found {
                report(if not_found {
                    "a relative link on the 404 page (breaks at the addresses it is shown for)"
                        .into()
                } else {
                    "a root-relative link (breaks under a sub-folder and file://)".into()
                });
                continue;
            }
            let path = if not_found {
                let folder = path.ends_with('/');
                &format!("{}{}", &path[1..], if folder { "index.html" } else { "" })
            } else {
                path
            };
            if path.ends_with('/') {
                report("links to a folder: links must name index.html".into());
                continue;
            }
            let dir = if not_found { "" } else { dir };
            let Some(target) = resolve(dir, &percent_decode(path)) else {
                report("climbs out of the site".into());
                continue;
            };
            let abs = out.join(&target);
            if abs.is_dir() {
                report("links to a folder: links must name index.html".into());
            } else if !abs.is_file() {
                report(format!("{target} does not exist"));
            } else if let Some(f) = frag {
                if let Some(why) = fragment_problem(pages, out, &target, f) {
                    report(why);
                }
            }
        }
    }
    broken
}

fn build_example(out: &Path) -> Run {
    let run = Run::build(&repo_root(), out, &[]);
    run.assert_code(0);
    run
}

#[test]
fn the_example_site_checks_clean() {
    for args in [&[][..], &["--strict"][..]] {
        let run = Run::check(&repo_root(), args);
        run.assert_code(0);
        assert!(
            !run.stderr.contains("warning[") && !run.stderr.contains("error["),
            "the example site must have no warnings:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("The site is valid"), "{}", run.stderr);
    }
}

#[test]
fn every_promised_url_is_built() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = build_example(&out);
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);

    let expected = expected_pages(&repo_root());
    // Spot-check the expectation itself, so that a parsing slip cannot empty it.
    for page in [
        "",
        "roadmaps/teacher-career/exploration/",
        "modules/entrepreneur-school/",
        "competencies/teacher-competencies/pedagogical/",
        "competencies/teacher-competencies/subject-mastery/",
        "scales/performance-achievement/",
        "about/",
        "curriculum/",
        "en/",
        "en/roadmaps/teacher-career/exploration/",
        "en/about/",
        "competencies/entrepreneur-competencies/organising-and-speaking/",
        "curriculum/teacher-competencies/",
    ] {
        assert!(expected.contains(page), "{page} is not expected");
    }
    let missing: Vec<&String> = expected
        .iter()
        .filter(|p| !out.join(format!("{p}index.html")).is_file())
        .collect();
    assert!(missing.is_empty(), "pages not built: {missing:?}");
    assert!(out.join("404.html").is_file(), "404.html is not built");

    // And nothing else: every .html is a promised page or 404.html.
    let built: BTreeSet<String> = read_tree(&out)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect();
    let promised: BTreeSet<String> = expected
        .iter()
        .map(|p| format!("{p}index.html"))
        .chain(["404.html".to_string()])
        .collect();
    let extra: Vec<&String> = built.difference(&promised).collect();
    assert!(extra.is_empty(), "pages nobody asked for: {extra:?}");
    assert!(
        run.stderr
            .contains(&format!("Built {} pages", promised.len())),
        "{}",
        run.stderr
    );
}

#[test]
fn every_link_and_fragment_resolves() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_example(&out);
    let pages = parse_pages(&out);
    assert!(pages.len() > 40, "only {} pages", pages.len());

    let links: usize = pages.values().map(|p| p.links.len()).sum();
    assert!(
        links > 500,
        "only {links} links: is the link extraction working?"
    );
    let broken = broken_relative_links(&out, &pages);
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );

    let duplicates: Vec<String> = pages
        .iter()
        .filter(|(_, p)| !p.duplicate_ids.is_empty())
        .map(|(rel, p)| format!("{rel}: {:?}", p.duplicate_ids))
        .collect();
    assert!(
        duplicates.is_empty(),
        "duplicate ids:\n{}",
        duplicates.join("\n")
    );

    // Without base_url there is no canonical link, sitemap or robots.txt (they need absolute URLs).
    assert!(pages.values().all(|p| p.canonical.is_none()));
    assert!(!out.join("sitemap.xml").exists());
}

/// Every build writes the exports, and the pages link to each of them.
#[test]
fn the_exports_are_written_and_linked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_example(&out);
    let expected = expected_exports(&repo_root());
    // Spot-check the expectation itself.
    for file in [
        "data.json",
        "competencies/teacher-competencies/case.json",
        "competencies/teacher-competencies/moodle.csv",
        "modules/entrepreneur-school/schedule.ics",
        "en/modules/entrepreneur-school/schedule.ics",
    ] {
        assert!(expected.contains(file), "{file} is not expected");
    }
    let tree = read_tree(&out);
    let written: BTreeSet<String> = tree
        .keys()
        .filter(|p| [".json", ".csv", ".ics"].iter().any(|e| p.ends_with(e)))
        .cloned()
        .collect();
    assert_eq!(written, expected, "the export files");

    for file in &expected {
        let text =
            std::str::from_utf8(&tree[file]).unwrap_or_else(|_| panic!("{file} is not UTF-8"));
        if file.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(text)
                .unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
        } else if file.ends_with(".ics") {
            assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{file}: {text}");
        } else {
            assert!(text.lines().count() > 1, "{file}: {text}");
        }
    }

    // Each export is linked from some page, and (see every_link_and_fragment_resolves) those
    // links resolve like any other.
    let pages = parse_pages(&out);
    let mut linked = BTreeSet::new();
    for (rel, page) in &pages {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        for (_, href) in &page.links {
            if !is_external(href) {
                if let Some(target) = resolve(dir, &percent_decode(href)) {
                    linked.insert(target);
                }
            }
        }
    }
    // The schema of data.json is named by data.json's `$schema`, beside it.
    let data: serde_json::Value = serde_json::from_slice(&tree["data.json"]).unwrap();
    assert_eq!(data["$schema"], "data.schema.json");
    linked.insert("data.schema.json".to_string());
    let unlinked: Vec<&String> = expected.difference(&linked).collect();
    assert!(
        unlinked.is_empty(),
        "exports no page links to: {unlinked:?}"
    );
    assert!(broken_relative_links(&out, &pages).is_empty());
}

/// The link checker itself finds what it should.
#[test]
fn the_link_checker_finds_broken_links() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    fs::create_dir_all(out.join("a")).unwrap();
    fs::write(out.join("a/index.html"), r#"<p id="x">x</p>"#).unwrap();
    fs::write(out.join("data.json"), "{}").unwrap();
    fs::write(
        out.join("index.html"),
        r##"<a href="a/index.html#x">ok</a><a href="a/index.html#y">bad fragment</a>
        <a href="a/">folder</a><a href="a">folder too</a><a href="b/index.html">missing</a>
        <a href="#top">no such id</a><a href="/a/index.html">root-relative</a>
        <a href="../x.html">outside</a><a href="https://example.org/">external</a>
        <svg><use href="a/index.html#x"/></svg><img src="missing.png">
        <i id="d"></i><b id="d"></b>
        <a href="data.json" download>a file</a><a href="a/case.json">no such file</a>"##,
    )
    .unwrap();
    let pages = parse_pages(out);
    let broken = broken_relative_links(out, &pages);
    assert_eq!(broken.len(), 9, "{broken:#?}");
    for needle in [
        "#y",
        "\"a/\"",
        "\"a\"",
        "b/index.html",
        "#top",
        "root-relative",
        "../x.html",
        "missing.png",
        "a/case.json",
    ] {
        assert!(
            broken.iter().any(|b| b.contains(needle)),
            "{needle} not reported: {broken:#?}"
        );
    }
    assert_eq!(
        pages["index.html"].duplicate_ids,
        BTreeSet::from(["d".to_string()])
    );
}

/// With `base_url`, every link jenjang makes is absolute and a page link ends in `/`; the only
/// relative links left are the ones authors wrote in their Markdown. A sitemap is written,
/// with the example's `updated:` as every page's `lastmod`; robots.txt is not, since the base
/// URL is under a sub-path (crawlers read it only at a host's root).
#[test]
fn with_base_url_links_are_absolute() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = tmp.path().join("out");
    copy_site(&repo_root(), &site);
    // The copy must use the built-in theme exactly as the example does.
    let yaml = fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(
        !yaml.contains("base_url"),
        "the example already has a base_url"
    );
    fs::write(
        site.join("site.yaml"),
        format!("{yaml}base_url: {BASE_URL}\n"),
    )
    .unwrap();
    let run = Run::build(&site, &out, &[]);
    run.assert_code(0);
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);

    // The link targets authors wrote: every `[text](target)` in the content, as written.
    let authored: std::collections::HashSet<String> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .flat_map(|e| {
            let text = fs::read_to_string(e.path()).unwrap_or_default();
            text.split("](")
                .skip(1)
                .filter_map(|rest| rest.split(')').next())
                .map(|target| target.split_whitespace().next().unwrap_or("").to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(!authored.is_empty(), "the example's content has links");

    let pages = parse_pages(&out);
    let mut broken = Vec::new();
    let mut absolute = 0;
    for (rel, page) in &pages {
        let mut report = |href: &str, why: &str| broken.push(format!("{rel}: {href:?}: {why}"));
        for (_, href) in &page.links {
            if href.starts_with('#') {
                continue;
            }
            if let Some(rest) = href.strip_prefix(BASE_URL) {
                absolute += 1;
                let (path, frag) = match rest.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (rest, None),
                };
                let target = if path.is_empty() || path.ends_with('/') {
                    format!("{path}index.html")
                } else if path.ends_with("index.html") {
                    report(href, "a page link must end in `/`, not name index.html");
                    continue;
                } else {
                    path.to_string()
                };
                if !out.join(&target).is_file() {
                    report(href, "leads nowhere");
                } else if let Some(f) = frag {
                    if let Some(why) = fragment_problem(&pages, &out, &target, f) {
                        report(href, &why);
                    }
                }
            } else if is_external(href) {
                continue;
            } else if !authored.contains(href) {
                report(
                    href,
                    "a relative link jenjang made (with base_url links are absolute)",
                );
            }
        }
        // The canonical URL of every page but 404.html is the page's own absolute URL.
        if rel != "404.html" {
            let path = rel.strip_suffix("index.html").unwrap_or(rel);
            assert_eq!(
                page.canonical.as_deref(),
                Some(format!("{BASE_URL}{path}").as_str()),
                "canonical link of {rel}"
            );
        }
    }
    assert!(
        broken.is_empty(),
        "{} bad links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(absolute > 500, "only {absolute} absolute links");

    let sitemap = fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml is written");
    assert!(sitemap.starts_with("<?xml"), "{sitemap}");
    // Parsed, not searched: every page once, and nothing else (no 404 page, no stray URL).
    let parsed = scraper::Html::parse_fragment(&sitemap);
    let loc = scraper::Selector::parse("loc").unwrap();
    let mut listed: Vec<String> = parsed
        .select(&loc)
        .map(|l| l.text().collect::<String>().trim().to_string())
        .collect();
    let count = listed.len();
    listed.sort();
    listed.dedup();
    assert_eq!(listed.len(), count, "a URL is listed twice in the sitemap");
    let mut expected: Vec<String> = expected_pages(&site)
        .iter()
        .map(|p| format!("{BASE_URL}{p}"))
        .collect();
    expected.sort();
    assert_eq!(
        listed, expected,
        "the sitemap lists every page and nothing else"
    );
    assert!(
        !sitemap.contains("404"),
        "the 404 page is not in the sitemap"
    );
    let urls = sitemap.matches("<url>").count();
    assert_eq!(urls, expected.len(), "{sitemap}");
    assert_eq!(
        sitemap.matches("<lastmod>").count(),
        urls,
        "every page has a lastmod: {sitemap}"
    );
    assert!(
        !out.join("robots.txt").exists(),
        "robots.txt under a sub-path"
    );
}

/// The gzipped size of `bytes` (best compression, as a web server would send it).
fn gzipped_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

/// Teachers read on cheap phones over slow connections: every stage page of the example (in
/// both languages), with
/// the stylesheet and scripts it loads before the reader does anything (search.js and the
/// index come on first use of the search box), stays under 50 KB, and under 15 KB gzipped.
/// Nothing blocks rendering but the one stylesheet: every script is `defer` or `async`.
#[test]
fn stage_pages_with_what_they_load_stay_light() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_example(&out);
    let stylesheets = scraper::Selector::parse(r#"link[rel~="stylesheet"]"#).unwrap();
    let scripts = scraper::Selector::parse("script[src]").unwrap();
    let mut heaviest = (0, 0, String::new());
    let mut stages = 0;
    for (rel, bytes) in read_tree(&out) {
        // roadmaps/<r>/<stage>/index.html, or the same under a language folder (en/).
        let parts: Vec<&str> = rel.split('/').collect();
        let parts = parts.strip_prefix(&["en"][..]).unwrap_or(&parts);
        if !(parts.len() == 4 && parts[0] == "roadmaps" && parts[3] == "index.html") {
            continue;
        }
        stages += 1;
        let doc = Html::parse_document(std::str::from_utf8(&bytes).unwrap());
        let css: Vec<_> = doc.select(&stylesheets).collect();
        assert_eq!(css.len(), 1, "{rel}: one stylesheet");
        let mut loaded = vec![bytes.clone()];
        for e in css
            .iter()
            .chain(doc.select(&scripts).collect::<Vec<_>>().iter())
        {
            let el = e.value();
            if el.name() == "script" {
                assert!(
                    el.attr("defer").is_some() || el.attr("async").is_some(),
                    "{rel}: a script that blocks rendering: {:?}",
                    el.attr("src")
                );
            }
            let href = el.attr("href").or(el.attr("src")).unwrap();
            let dir = rel.rsplit_once('/').unwrap().0;
            let target = resolve(dir, href).unwrap();
            loaded.push(fs::read(out.join(&target)).unwrap());
        }
        let raw: usize = loaded.iter().map(Vec::len).sum();
        let gz: usize = loaded.iter().map(|b| gzipped_len(b)).sum();
        if raw > heaviest.0 {
            heaviest = (raw, gz, rel);
        }
    }
    assert!(stages > 5, "only {stages} stage pages");
    let (raw, gz, rel) = heaviest;
    eprintln!("heaviest stage page with its CSS and JS: {rel}: {raw} bytes, {gz} gzipped");
    assert!(raw < 50_000, "{rel}: {raw} bytes with its CSS and JS");
    assert!(gz < 15_000, "{rel}: {gz} bytes gzipped with its CSS and JS");
}
