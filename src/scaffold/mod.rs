//! Scaffolding: a new site (`jenjang init`), a new content file (`jenjang new`) and the JSON
//! Schemas of the content kinds (`jenjang schema`, in [`schema`]).
//!
//! The files written are plain texts under `src/scaffold/site/` and `src/scaffold/new/`,
//! compiled into the binary with `include_str!`, so that they read in the repository exactly as
//! an author will see them. Each starts with a `# yaml-language-server: $schema=…` line that
//! points editors at the schema of its kind under `schemas/` in the site folder. The tests run
//! `check` on every one of them: the new site has no error and no warning, and a site with a
//! new file added has no error.

pub mod schema;

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic};
use crate::load::SITE_FILE;
use crate::model::{Date, Section};

/// The folder of a site that `init` and `schema` write the JSON Schemas into.
pub const SCHEMA_DIR: &str = "schemas";

/// The kinds of file a site is made of, each with its own JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `site.yaml`.
    Site,
    /// `content/roadmaps/<id>.yaml`.
    Roadmap,
    /// `content/modules/<id>.yaml`.
    Module,
    /// `content/competencies/<id>.yaml`.
    Framework,
    /// `content/scales/<id>.yaml`.
    Scale,
    /// The front matter of `content/pages/<id>.md`.
    Page,
}

impl Kind {
    /// Every kind, `site.yaml` first.
    pub const ALL: [Kind; 6] = [
        Kind::Site,
        Kind::Roadmap,
        Kind::Module,
        Kind::Framework,
        Kind::Scale,
        Kind::Page,
    ];

    /// The kind's name, as the commands take it: `site`, `roadmap`, `module`, `framework`,
    /// `scale`, `page`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Site => "site",
            Kind::Roadmap => "roadmap",
            Kind::Module => "module",
            Kind::Framework => "framework",
            Kind::Scale => "scale",
            Kind::Page => "page",
        }
    }

    /// The kind named `name` (see [`Kind::name`]).
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The file name of the kind's schema: `roadmap.schema.json`.
    pub fn schema_file(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The folder of the kind's files, relative to the site root (`content/roadmaps`); `None`
    /// for `site.yaml`, which sits at the root.
    pub fn folder(self) -> Option<&'static str> {
        match self {
            Kind::Site => None,
            Kind::Roadmap => Some("content/roadmaps"),
            Kind::Module => Some("content/modules"),
            Kind::Framework => Some("content/competencies"),
            Kind::Scale => Some("content/scales"),
            Kind::Page => Some("content/pages"),
        }
    }

    /// The extension `new` writes: `md` for pages, `yaml` for the rest.
    pub fn extension(self) -> &'static str {
        if self == Kind::Page {
            "md"
        } else {
            "yaml"
        }
    }

    /// The extensions the loader reads for this kind.
    fn read_extensions(self) -> &'static [&'static str] {
        if self == Kind::Page {
            &["md"]
        } else {
            &["yaml", "yml"]
        }
    }

    /// The skeleton `new` writes, with `{{id}}` and `{{title}}` still in it.
    fn skeleton(self) -> Option<&'static str> {
        match self {
            Kind::Site => None,
            Kind::Roadmap => Some(include_str!("new/roadmap.yaml")),
            Kind::Module => Some(include_str!("new/module.yaml")),
            Kind::Framework => Some(include_str!("new/framework.yaml")),
            Kind::Scale => Some(include_str!("new/scale.yaml")),
            Kind::Page => Some(include_str!("new/page.md")),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The files of a new site, by their path relative to the site root.
const SITE_FILES: [(&str, &str); 6] = [
    (SITE_FILE, include_str!("site/site.yaml")),
    (
        "content/roadmaps/trainer-career.yaml",
        include_str!("site/content/roadmaps/trainer-career.yaml"),
    ),
    (
        "content/modules/trainer-basics.yaml",
        include_str!("site/content/modules/trainer-basics.yaml"),
    ),
    (
        "content/competencies/trainer-competencies.yaml",
        include_str!("site/content/competencies/trainer-competencies.yaml"),
    ),
    (
        "content/scales/progress.yaml",
        include_str!("site/content/scales/progress.yaml"),
    ),
    (
        "content/pages/about.md",
        include_str!("site/content/pages/about.md"),
    ),
];

/// Page ids `resolve` refuses because they collide with what the generator writes: the
/// sections' folders, `assets/` and `index.html`.
fn reserved_page_ids() -> Vec<&'static str> {
    Section::ALL
        .iter()
        .map(|s| s.slug())
        .chain(["assets", "index"])
        .collect()
}

/// True when `id` matches `^[a-z0-9]+(-[a-z0-9]+)*$`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The `# yaml-language-server: $schema=…` line for a file at `file` (relative to the site
/// root, `/`-separated): the path from the file's folder to `schemas/<kind>.schema.json`.
pub fn schema_line(file: &str, kind: Kind) -> String {
    let depth = file.matches('/').count();
    format!(
        "# yaml-language-server: $schema={}{SCHEMA_DIR}/{}",
        "../".repeat(depth),
        kind.schema_file()
    )
}

/// What `init` wrote.
#[derive(Debug)]
pub struct Initialised {
    /// Every file written, relative to the site folder, in the order written.
    pub files: Vec<PathBuf>,
}

/// Creates a new site in `dir`: `site.yaml` (with `updated:` today, UTC), one file of every
/// content kind, and the JSON Schemas under `schemas/`. `dir` is created if missing. A folder that holds anything is
/// refused unless `force`, which writes the files into it, replacing files of the same name.
pub fn init(dir: &Path, force: bool) -> Result<Initialised, Diagnostic> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() && !force {
                return Err(Diagnostic::error(
                    Code::Io,
                    format!("`{}` is not empty", dir.display()),
                )
                .hint(
                    "`jenjang init` creates a site in a new or empty folder: name one, \
                     or pass --force to write the site's files into this one \
                     (files of the same name are replaced, others are left alone)",
                ));
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, "create the folder", &e))?;
        }
        Err(e) => return Err(io_error(dir, "read the folder", &e)),
    }
    let mut files = Vec::new();
    let today = today().to_string();
    for (path, text) in SITE_FILES {
        write_file(&dir.join(path), &text.replace("{{updated}}", &today))?;
        files.push(PathBuf::from(path));
    }
    let schemas = dir.join(SCHEMA_DIR);
    for written in schema::write_all(&schemas)? {
        files.push(Path::new(SCHEMA_DIR).join(written));
    }
    Ok(Initialised { files })
}

/// Today's date (UTC), from the clock: only `init` reads it, never a build.
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::EPOCH.add_days(u32::try_from(secs / 86_400).unwrap_or(0))
}

/// A continuous-integration service `init --ci` writes a workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    /// GitHub Actions, publishing on GitHub Pages: `.github/workflows/publish.yml`.
    Github,
    /// GitLab CI/CD, publishing on GitLab Pages: `.gitlab-ci.yml`.
    Gitlab,
}

impl Ci {
    /// The workflow file's path in the site folder, `/`-separated.
    pub fn path(self) -> &'static str {
        match self {
            Ci::Github => ".github/workflows/publish.yml",
            Ci::Gitlab => ".gitlab-ci.yml",
        }
    }

    /// The workflow: checks the site on every pull or merge request, builds it with
    /// `--strict` and publishes it on the service's Pages from the default branch, with the
    /// jenjang release of this binary ([`RELEASES`]).
    pub fn workflow(self) -> String {
        let text = match self {
            Ci::Github => include_str!("ci/github.yml"),
            Ci::Gitlab => include_str!("ci/gitlab.yml"),
        };
        text.replace("{{version}}", env!("CARGO_PKG_VERSION"))
            .replace("{{releases}}", RELEASES)
    }
}

/// Where the workflows download jenjang's release binaries (`v<version>/jenjang-<target>.tar.gz`
/// under it): the releases of the repository in Cargo.toml's `repository`, which the release
/// workflow (`.github/workflows/release.yml`) publishes to.
pub const RELEASES: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/releases/download");

/// Writes the workflow of `ci` into the site at `dir` (replacing a file of the same name, as
/// `init --force` does) and returns its path relative to `dir`.
pub fn write_ci(dir: &Path, ci: Ci) -> Result<PathBuf, Diagnostic> {
    let rel = PathBuf::from(ci.path());
    write_file(&dir.join(&rel), &ci.workflow())?;
    Ok(rel)
}

/// Writes a commented skeleton of `kind` with id `id` into the site at `root`
/// (`content/roadmaps/<id>.yaml`, …, `content/pages/<id>.md`) and returns its path relative
/// to `root`. Refuses an invalid id, an id another file of the kind already has, an existing
/// file, and a folder without `site.yaml`.
pub fn new_file(root: &Path, kind: Kind, id: &str) -> Result<PathBuf, Diagnostic> {
    let (Some(folder), Some(skeleton)) = (kind.folder(), kind.skeleton()) else {
        return Err(Diagnostic::error(
            Code::Io,
            "`new` writes content files: roadmap, module, framework, scale or page",
        )
        .hint("to start a new site with its site.yaml, run `jenjang init DIR`"));
    };
    if !is_valid_id(id) {
        return Err(
            Diagnostic::error(Code::Id, format!("`{id}` is not a valid id")).hint(format!(
                "an id is lower-case letters and digits in groups joined by single hyphens, \
                 such as `{}`",
                suggest_id(id).unwrap_or_else(|| format!("my-{kind}"))
            )),
        );
    }
    let reserved = reserved_page_ids();
    if kind == Kind::Page && reserved.contains(&id) {
        return Err(Diagnostic::error(
            Code::Id,
            format!("`{id}` is reserved for the site's own pages"),
        )
        .hint(format!(
            "page ids may not be {}; choose another",
            reserved.join(", ")
        )));
    }
    if !root.join(SITE_FILE).is_file() {
        return Err(Diagnostic::error(
            Code::Io,
            format!("`{}` is not a jenjang site: it has no site.yaml", root.display()),
        )
        .hint("run this in your site's folder, point --root at it, or create a site with `jenjang init`"));
    }
    let rel = PathBuf::from(format!("{folder}/{id}.{}", kind.extension()));
    let path = root.join(&rel);
    if path.exists() {
        return Err(
            Diagnostic::error(Code::Io, format!("{} already exists", rel.display()))
                .hint("`jenjang new` never replaces a file: choose another id, or edit the file"),
        );
    }
    if let Some(other) = same_id(&root.join(folder), kind, id) {
        let other = crate::diagnostics::relative(root, &other);
        return Err(Diagnostic::error(
            Code::Id,
            format!("there is already a {kind} `{id}`"),
        )
        .in_file(&other)
        .hint("ids of one kind are unique, whatever sub-folder their file is in: choose another id"));
    }
    let text = skeleton
        .replace("{{id}}", id)
        .replace("{{title}}", &yaml_title(id));
    write_file(&path, &text)?;
    Ok(rel)
}

/// A file under `folder` (any depth) that would have the id `id`.
fn same_id(folder: &Path, kind: Kind, id: &str) -> Option<PathBuf> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .find(|p| {
            p.file_stem().is_some_and(|s| s == id)
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| kind.read_extensions().contains(&e))
        })
}

/// A title from an id: `first-aid-course` → `First aid course`.
fn title_of(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// The title for `id` as a YAML value: quoted when YAML would read it as something other than
/// a string (`null` → `"Null"`, `0x1f` → `"0x1f"`).
fn yaml_title(id: &str) -> String {
    let title = title_of(id);
    match serde_yaml::from_str::<serde_yaml::Value>(&title) {
        Ok(serde_yaml::Value::String(_)) => title,
        _ => format!("\"{title}\""),
    }
}

/// A valid id close to `id`, if there is one: `First_Aid` → `first-aid`.
fn suggest_id(id: &str) -> Option<String> {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    is_valid_id(&out).then_some(out)
}

/// Writes `text` to `path`, creating its folders.
fn write_file(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", &e))?;
    }
    fs::write(path, text).map_err(|e| io_error(path, "write", &e))
}

fn io_error(path: &Path, what: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, format!("cannot {what} `{}`: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lines_are_relative_to_the_file() {
        assert_eq!(
            schema_line("site.yaml", Kind::Site),
            "# yaml-language-server: $schema=schemas/site.schema.json"
        );
        assert_eq!(
            schema_line("content/roadmaps/x.yaml", Kind::Roadmap),
            "# yaml-language-server: $schema=../../schemas/roadmap.schema.json"
        );
    }

    #[test]
    fn every_file_written_starts_with_its_schema_line() {
        for (path, text) in SITE_FILES {
            let kind = match path.split('/').nth(1) {
                None => Kind::Site,
                Some("roadmaps") => Kind::Roadmap,
                Some("modules") => Kind::Module,
                Some("competencies") => Kind::Framework,
                Some("scales") => Kind::Scale,
                Some("pages") => Kind::Page,
                Some(other) => panic!("unexpected folder {other}"),
            };
            let first = if kind == Kind::Page {
                assert!(text.starts_with("---\n"), "{path}");
                text.lines().nth(1)
            } else {
                text.lines().next()
            };
            assert_eq!(first, Some(schema_line(path, kind).as_str()), "{path}");
        }
        for kind in Kind::ALL.into_iter().skip(1) {
            let file = format!("{}/x.{}", kind.folder().unwrap(), kind.extension());
            let text = kind.skeleton().unwrap();
            let first = if kind == Kind::Page {
                text.lines().nth(1)
            } else {
                text.lines().next()
            };
            assert_eq!(first, Some(schema_line(&file, kind).as_str()), "{kind}");
        }
    }

    #[test]
    fn ids_titles_and_suggestions() {
        assert!(is_valid_id("first-aid-2"));
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "é"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(title_of("first-aid-course"), "First aid course");
        assert_eq!(yaml_title("first-aid"), "First aid");
        assert_eq!(yaml_title("null"), "\"Null\"");
        assert_eq!(yaml_title("0x1f"), "\"0x1f\"");
        assert_eq!(suggest_id("First_Aid").as_deref(), Some("first-aid"));
        assert_eq!(suggest_id("__"), None);
    }

    #[test]
    fn the_reserved_page_ids_are_refused_by_check_too() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(SITE_FILE), "title: T\n").unwrap();
        for id in reserved_page_ids() {
            assert!(new_file(tmp.path(), Kind::Page, id).is_err(), "{id}");
            let page = tmp.path().join(format!("content/pages/{id}.md"));
            write_file(&page, "---\ntitle: P\n---\n").unwrap();
            let outcome = crate::run(tmp.path(), crate::resolve::Options::default());
            assert!(
                outcome.diagnostics.iter().any(|d| d.code == Code::Id),
                "`{id}` is not refused by check: {:?}",
                outcome.diagnostics
            );
            fs::remove_file(page).unwrap();
        }
    }

    #[test]
    fn kinds_round_trip_by_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(Kind::from_name("roadmaps"), None);
    }
}
