//! Load: walk a site folder, read every file once, and parse it into raw structs with source
//! positions. Nothing here knows how files relate to each other; that is `resolve`'s job.

pub mod page;
pub mod raw;
pub mod shape;
pub mod syntax;
pub mod yaml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Code, Diagnostic, Pos};
use raw::{RawFramework, RawModule, RawPageMeta, RawRoadmap, RawScale, RawSite};
use yaml::SpanIndex;

/// The settings file at the root of every site.
pub const SITE_FILE: &str = "site.yaml";
/// The folder holding a site's content.
pub const CONTENT_DIR: &str = "content";

/// One parsed content file.
#[derive(Debug)]
pub struct Doc<T> {
    /// The id, from the file stem (`content/modules/entrepreneur-school.yaml` →
    /// `entrepreneur-school`). Checked against the id syntax by `resolve`.
    pub id: String,
    /// The path relative to the site root, as shown in diagnostics.
    pub file: PathBuf,
    pub raw: T,
    pub spans: SpanIndex,
}

/// A free page: front matter plus a Markdown body.
#[derive(Debug)]
pub struct PageDoc {
    pub doc: Doc<RawPageMeta>,
    pub body: String,
    /// For a translation (`about.id.md`), its language; the id is then the part of the file
    /// stem before the first dot (`about`).
    pub lang: Option<String>,
}

/// A file under `content/static/`, copied to the output as is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// The path below `content/static/`, which is also its path in the output.
    pub rel: PathBuf,
    pub abs: PathBuf,
}

/// The texts of every file read, by the path diagnostics name them with, so that a command can
/// show the source line of a problem without reading the file again.
#[derive(Debug, Default, Clone)]
pub struct Sources(BTreeMap<PathBuf, Arc<str>>);

impl Sources {
    pub fn get(&self, file: &Path) -> Option<&str> {
        self.0.get(file).map(|s| &**s)
    }

    /// Every file's text by its path relative to the site root.
    pub fn as_map(&self) -> &BTreeMap<PathBuf, Arc<str>> {
        &self.0
    }

    /// Keeps the texts of only the files that `diagnostics` name: once a site is resolved they
    /// are all a command shows, and the others can take hundreds of megabytes while it renders.
    pub fn keep_named(&mut self, diagnostics: &[Diagnostic]) {
        let named: HashSet<&Path> = diagnostics
            .iter()
            .filter_map(|d| d.file.as_deref())
            .collect();
        self.0.retain(|path, _| named.contains(path.as_path()));
    }
}

/// Whether two texts of [`Sources`] are the same: the same shared text (a file the load cache
/// did not read again), or equal.
pub fn same_text(a: &Arc<str>, b: &Arc<str>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// Everything read from a site folder.
#[derive(Debug, Default)]
pub struct Loaded {
    pub root: PathBuf,
    /// `None` when `site.yaml` is missing or does not parse (the diagnostics say why).
    pub site: Option<Doc<RawSite>>,
    pub roadmaps: Vec<Arc<Doc<RawRoadmap>>>,
    pub modules: Vec<Arc<Doc<RawModule>>>,
    pub frameworks: Vec<Arc<Doc<RawFramework>>>,
    pub scales: Vec<Arc<Doc<RawScale>>>,
    pub pages: Vec<Arc<PageDoc>>,
    pub statics: Vec<StaticFile>,
    /// Files that were found but failed to parse, as (kind folder, id): references to them are
    /// not reported again as dangling.
    pub failed: Vec<(&'static str, String)>,
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
}

/// The kinds of content file, with their folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Roadmap,
    Module,
    Framework,
    Scale,
    Page,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Roadmap,
        Kind::Module,
        Kind::Framework,
        Kind::Scale,
        Kind::Page,
    ];

    pub fn folder(self) -> &'static str {
        match self {
            Kind::Roadmap => "roadmaps",
            Kind::Module => "modules",
            Kind::Framework => "competencies",
            Kind::Scale => "scales",
            Kind::Page => "pages",
        }
    }

    /// The kind in words, with its article: "a training module".
    pub fn name(self) -> &'static str {
        match self {
            Kind::Roadmap => "a career roadmap",
            Kind::Module => "a training module",
            Kind::Framework => "a competency framework",
            Kind::Scale => "an assessment scale",
            Kind::Page => "a page",
        }
    }

    /// The kind in the plural: "training modules".
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Roadmap => "career roadmaps",
            Kind::Module => "training modules",
            Kind::Framework => "competency frameworks",
            Kind::Scale => "assessment scales",
            Kind::Page => "pages",
        }
    }

    fn accepts(self, path: &Path) -> bool {
        let ext = path.extension().and_then(|e| e.to_str());
        match self {
            Kind::Page => ext == Some("md"),
            _ => matches!(ext, Some("yaml" | "yml")),
        }
    }
}

/// Names of files that are never content: hidden files, editor backups and swap files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// Parsed content files kept between builds (by `watch` and `serve`): a file is read and parsed
/// again only when its size or modification time changed, or when it is named as changed.
#[derive(Debug, Default)]
pub struct Cache {
    files: HashMap<PathBuf, Cached>,
    /// How many files the last load read and parsed (the others came from the cache).
    pub parsed: usize,
}

#[derive(Debug, Clone)]
struct Cached {
    stamp: Stamp,
    parsed: Parsed,
    diagnostics: Vec<Diagnostic>,
}

/// A file's size and modification time.
type Stamp = (u64, Option<SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let m = fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()))
}

/// Reads the site at `root`. Never fails: problems come back in [`Loaded::diagnostics`], and
/// whatever could be read is there for `resolve` to check.
pub fn load(root: &Path) -> Loaded {
    load_with(root, &mut Cache::default(), &[])
}

/// Like [`load`], reusing what `cache` holds for files that did not change; `changed` names
/// files to read again whatever their stamp says.
pub fn load_with(root: &Path, cache: &mut Cache, changed: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded {
        root: root.to_path_buf(),
        ..Loaded::default()
    };
    let canonical_root = match root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            loaded.diagnostics.push(
                Diagnostic::error(
                    Code::Io,
                    format!("cannot open the site folder {}: {e}", root.display()),
                )
                .hint("pass the folder that holds site.yaml with --root"),
            );
            return loaded;
        }
    };

    let site_path = root.join(SITE_FILE);
    if !site_path.is_file() {
        loaded.diagnostics.push(
            Diagnostic::error(Code::Io, format!("no {SITE_FILE} in {}", root.display()))
                .hint("run jenjang in the site's folder, pass it with --root, or create a site with `jenjang init`"),
        );
    } else {
        read_site(root, &site_path, &mut loaded);
    }

    let content = root.join(CONTENT_DIR);
    let mut files: Vec<(Kind, PathBuf)> = Vec::new();
    for kind in Kind::ALL {
        let dir = content.join(kind.folder());
        for path in walk(&dir, &canonical_root, root, &mut loaded.diagnostics) {
            if kind.accepts(&path) {
                files.push((kind, path));
            } else {
                let rel = crate::diagnostics::relative(root, &path);
                loaded
                    .diagnostics
                    .push(not_read_in_kind_folder(kind, &path, rel));
            }
        }
    }
    unread_places(root, &mut loaded.diagnostics);
    loaded.statics = walk(
        &content.join("static"),
        &canonical_root,
        root,
        &mut loaded.diagnostics,
    )
    .into_iter()
    .map(|abs| StaticFile {
        rel: abs
            .strip_prefix(content.join("static"))
            .unwrap_or(&abs)
            .to_path_buf(),
        abs,
    })
    .collect();

    let stamps: Vec<Option<Stamp>> = files.par_iter().map(|(_, p)| stamp(p)).collect();
    let parsed: Vec<(PathBuf, Cached)> = files
        .par_iter()
        .zip(stamps)
        .filter_map(|((kind, path), stamp)| {
            let stamp = stamp?;
            let fresh = cache
                .files
                .get(path)
                .filter(|c| c.stamp == stamp && !changed.contains(path));
            if fresh.is_some() {
                return None;
            }
            let mut diagnostics = Vec::new();
            let parsed = parse_file(root, *kind, path, &mut diagnostics);
            Some((
                path.clone(),
                Cached {
                    stamp,
                    parsed,
                    diagnostics,
                },
            ))
        })
        .collect();
    cache.parsed = parsed.len();
    cache.files.extend(parsed);
    let present: HashSet<&PathBuf> = files.iter().map(|(_, p)| p).collect();
    cache.files.retain(|p, _| present.contains(p));

    for (_, path) in &files {
        let Some(cached) = cache.files.get(path) else {
            continue;
        };
        loaded
            .diagnostics
            .extend(cached.diagnostics.iter().cloned());
        match &cached.parsed {
            Parsed::Roadmap(t, d) => {
                loaded.sources.0.insert(d.file.clone(), t.clone());
                loaded.roadmaps.push(d.clone());
            }
            Parsed::Module(t, d) => {
                loaded.sources.0.insert(d.file.clone(), t.clone());
                loaded.modules.push(d.clone());
            }
            Parsed::Framework(t, d) => {
                loaded.sources.0.insert(d.file.clone(), t.clone());
                loaded.frameworks.push(d.clone());
            }
            Parsed::Scale(t, d) => {
                loaded.sources.0.insert(d.file.clone(), t.clone());
                loaded.scales.push(d.clone());
            }
            Parsed::Page(t, p) => {
                loaded.sources.0.insert(p.doc.file.clone(), t.clone());
                loaded.pages.push(p.clone());
            }
            Parsed::Failed(kind, id, file, t) => {
                loaded.sources.0.insert(file.clone(), t.clone());
                loaded.failed.push((kind.folder(), id.clone()));
            }
        }
    }
    loaded
}

#[derive(Debug, Clone)]
enum Parsed {
    Failed(Kind, String, PathBuf, Arc<str>),
    Roadmap(Arc<str>, Arc<Doc<RawRoadmap>>),
    Module(Arc<str>, Arc<Doc<RawModule>>),
    Framework(Arc<str>, Arc<Doc<RawFramework>>),
    Scale(Arc<str>, Arc<Doc<RawScale>>),
    Page(Arc<str>, Arc<PageDoc>),
}

fn parse_file(root: &Path, kind: Kind, path: &Path, diags: &mut Vec<Diagnostic>) -> Parsed {
    let rel = crate::diagnostics::relative(root, path);
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let text = match read_text(root, path, diags) {
        Ok(text) => text,
        Err(shown) => return Parsed::Failed(kind, id, rel, shown.unwrap_or_else(|| Arc::from(""))),
    };
    macro_rules! yaml_doc {
        ($variant:ident) => {
            match yaml::parse_text(&rel, &text) {
                Ok((raw, spans)) => Parsed::$variant(
                    text.clone(),
                    Arc::new(Doc {
                        id,
                        file: rel,
                        raw,
                        spans,
                    }),
                ),
                Err(errs) => {
                    // Only a file that parses but has the wrong keys can be of another kind.
                    let shape_only = errs.iter().all(|d| d.code == Code::Shape);
                    let other = shape_only
                        .then(|| sniff(&text))
                        .flatten()
                        .filter(|k| *k != kind);
                    match other {
                        Some(other) => diags.push(misplaced(kind, other, &rel)),
                        None => diags.extend(errs),
                    }
                    Parsed::Failed(kind, id, rel, text)
                }
            }
        };
    }
    match kind {
        Kind::Roadmap => yaml_doc!(Roadmap),
        Kind::Module => yaml_doc!(Module),
        Kind::Framework => yaml_doc!(Framework),
        Kind::Scale => yaml_doc!(Scale),
        Kind::Page => match page::parse(&rel, &text) {
            Ok((raw, spans, body)) => {
                let (id, lang) = match id.split_once('.') {
                    Some((id, lang)) => (id.to_string(), Some(lang.to_string())),
                    None => (id, None),
                };
                Parsed::Page(
                    text.clone(),
                    Arc::new(PageDoc {
                        doc: Doc {
                            id,
                            file: rel,
                            raw,
                            spans,
                        },
                        body,
                        lang,
                    }),
                )
            }
            Err(errs) => {
                diags.extend(errs);
                Parsed::Failed(kind, id, rel, text)
            }
        },
    }
}

/// The encoding of a text file that is not UTF-8 but UTF-16 or UTF-32, by its byte-order mark
/// or, without one, by the zero bytes that UTF-16 puts beside every ASCII character.
fn other_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some("UTF-32");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some("UTF-16");
    }
    let head = &bytes[..bytes.len().min(4096)];
    let zeros = head.iter().filter(|b| **b == 0).count();
    (head.len() >= 4 && zeros * 4 >= head.len()).then_some("UTF-16")
}

/// The content folders jenjang reads, and `static/`.
const CONTENT_FOLDERS: [&str; 6] = [
    "roadmaps",
    "modules",
    "competencies",
    "scales",
    "pages",
    "static",
];

/// A warning for a file in a kind's folder that jenjang does not read because of its
/// extension, saying where it belongs.
fn not_read_in_kind_folder(kind: Kind, path: &Path, rel: PathBuf) -> Diagnostic {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let folder = kind.folder();
    let (message, hint) = match (kind, ext) {
        (Kind::Page, "yaml" | "yml") => (
            format!("this file is not read: content/{folder}/ holds pages, which are `.md` files"),
            match sniff_file(path) {
                Some(k) => format!(
                    "it looks like {}: did you mean `content/{}/`?",
                    k.name(),
                    k.folder()
                ),
                None => {
                    "move a roadmap, module, framework or scale to its own folder under content/"
                        .to_string()
                }
            },
        ),
        (_, "md") => (
            format!("this file is not read: content/{folder}/ holds `.yaml` files"),
            "a page belongs in `content/pages/`".to_string(),
        ),
        _ => (
            format!(
                "this file is not read: content/{folder}/ holds {} files",
                if kind == Kind::Page {
                    "`.md`"
                } else {
                    "`.yaml` and `.yml`"
                }
            ),
            "rename it, or put files to publish as they are (images, PDFs) in `content/static/`"
                .to_string(),
        ),
    };
    Diagnostic::warning(Code::Unread, message)
        .in_file(rel)
        .hint(hint)
}

/// Warnings for what sits in `content/` (or at the site's top) where jenjang never looks: a
/// file directly in `content/`, a folder under it with another name (`content/module/`), a
/// kind's folder at the top of the site (`modules/` beside `site.yaml`). Hidden files and
/// editor leftovers are left alone.
fn unread_places(root: &Path, diags: &mut Vec<Diagnostic>) {
    let entries = |dir: &Path| -> Vec<(String, PathBuf, bool)> {
        let Ok(read) = fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut found: Vec<(String, PathBuf, bool)> = read
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let is_dir = e.path().is_dir();
                (!is_ignored(&name)).then(|| (name, e.path(), is_dir))
            })
            .collect();
        found.sort();
        found
    };
    for (name, path, is_dir) in entries(&root.join(CONTENT_DIR)) {
        let rel = crate::diagnostics::relative(root, &path);
        if is_dir && CONTENT_FOLDERS.contains(&name.as_str()) {
            continue;
        }
        let d = if is_dir {
            let hint = match crate::diagnostics::suggest(&name, CONTENT_FOLDERS) {
                Some(best) => format!("did you mean `content/{best}/`?"),
                None => format!(
                    "jenjang reads the folders {} under content/",
                    CONTENT_FOLDERS.map(|f| format!("`{f}/`")).join(", ")
                ),
            };
            Diagnostic::warning(
                Code::Unread,
                format!("the folder `{CONTENT_DIR}/{name}/` is not read"),
            )
            .hint(hint)
        } else {
            let kind = match path.extension().and_then(|e| e.to_str()) {
                Some("md") => Some(Kind::Page),
                _ => sniff_file(&path),
            };
            let hint = match kind {
                Some(k) => format!("it looks like {}: did you mean `content/{}/`?", k.name(), k.folder()),
                None => "move it into the folder of its kind: content/roadmaps/, modules/, competencies/, scales/ or pages/ (or static/ to publish it as it is)".to_string(),
            };
            Diagnostic::warning(
                Code::Unread,
                "this file is not read: files directly in content/ are not part of the site",
            )
            .hint(hint)
        };
        diags.push(d.in_file(rel));
    }
    for (name, path, is_dir) in entries(root) {
        let kind_folder = Kind::ALL.iter().find(|k| k.folder() == name);
        if let (true, Some(k)) = (is_dir, kind_folder) {
            diags.push(
                Diagnostic::warning(Code::Unread, format!("the folder `{name}/` is not read"))
                    .in_file(crate::diagnostics::relative(root, &path))
                    .hint(format!("did you mean `content/{}/`?", k.folder())),
            );
        }
    }
}

/// The largest file [`sniff`] looks into: content files are small, and a misplaced video
/// must not be read into memory to find out it is not YAML.
const SNIFF_BYTES: u64 = 1024 * 1024;

/// The kind of content the file at `path` holds, for a file jenjang does not read ([`sniff`]).
fn sniff_file(path: &Path) -> Option<Kind> {
    if fs::metadata(path).ok()?.len() > SNIFF_BYTES {
        return None;
    }
    sniff(&fs::read_to_string(path).ok()?)
}

/// The kind of content a YAML text holds, when exactly one kind has every key at its top.
/// Texts over [`SNIFF_BYTES`] are not looked into.
fn sniff(text: &str) -> Option<Kind> {
    if text.len() as u64 > SNIFF_BYTES {
        return None;
    }
    let doc: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let keys: Vec<&str> = doc
        .as_mapping()?
        .keys()
        .filter_map(|k| k.as_str())
        .collect();
    if keys.is_empty() {
        return None;
    }
    let fits: Vec<Kind> = [
        (Kind::Roadmap, shape::top_keys::<RawRoadmap>()),
        (Kind::Module, shape::top_keys::<RawModule>()),
        (Kind::Framework, shape::top_keys::<RawFramework>()),
        (Kind::Scale, shape::top_keys::<RawScale>()),
    ]
    .into_iter()
    .filter(|(_, known)| keys.iter().all(|k| known.contains(k)))
    .map(|(kind, _)| kind)
    .collect();
    match fits.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// A file of kind `found` in the folder of kind `folder`.
fn misplaced(folder: Kind, found: Kind, rel: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::Shape,
        format!(
            "this file looks like {}, but it is in content/{}/, which holds {}",
            found.name(),
            folder.folder(),
            folder.plural()
        ),
    )
    .at(
        rel,
        Pos {
            line: 1,
            column: 1,
            offset: 0,
        },
    )
    .hint(format!("move it to `content/{}/`", found.folder()))
}

/// Reads and parses `site.yaml`, keeping its text for diagnostics even when it does not parse.
fn read_site(root: &Path, path: &Path, loaded: &mut Loaded) {
    let rel = crate::diagnostics::relative(root, path);
    let text = match read_text(root, path, &mut loaded.diagnostics) {
        Ok(text) => text,
        Err(shown) => {
            if let Some(shown) = shown {
                loaded.sources.0.insert(rel, shown);
            }
            return;
        }
    };
    match yaml::parse_text::<RawSite>(&rel, &text) {
        Ok((raw, spans)) => {
            loaded.site = Some(Doc {
                id: String::new(),
                file: rel.clone(),
                raw,
                spans,
            });
        }
        Err(errs) => loaded.diagnostics.extend(errs),
    }
    loaded.sources.0.insert(rel, text);
}

/// Reads a file as UTF-8 text, refusing files over [`yaml::MAX_FILE_BYTES`] and naming the
/// line and byte offset of invalid UTF-8. On failure the error carries the text to show in
/// diagnostics, when there is one (invalid UTF-8 is shown with replacement characters).
fn read_text(
    root: &Path,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Result<Arc<str>, Option<Arc<str>>> {
    let rel = crate::diagnostics::relative(root, path);
    let bytes = match read_at_most(path, yaml::MAX_FILE_BYTES) {
        Ok(Ok(b)) => b,
        Ok(Err(size)) => {
            diags.push(
                Diagnostic::error(
                    Code::Io,
                    format!(
                        "the file is {size} bytes; content files may be at most {} bytes (8 MiB)",
                        yaml::MAX_FILE_BYTES
                    ),
                )
                .in_file(rel)
                .hint("split the file, or move large text into pages"),
            );
            return Err(None);
        }
        Err(e) => {
            diags.push(
                Diagnostic::error(Code::Io, format!("cannot read the file: {e}")).in_file(rel),
            );
            return Err(None);
        }
    };
    if let Some(encoding) = other_encoding(&bytes) {
        diags.push(
            Diagnostic::error(
                Code::Syntax,
                format!("the file is saved as {encoding}, not UTF-8"),
            )
            .in_file(rel)
            .hint("save the file as UTF-8 in your editor (in Notepad: File → Save as → Encoding: UTF-8)"),
        );
        return Err(None);
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(Arc::from(lone_cr_to_lf(s)))
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let shown = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let pos = Pos::from_offset(&shown, valid);
            diags.push(
                Diagnostic::error(
                    Code::Syntax,
                    format!(
                        "the file is not valid UTF-8: byte {valid} (line {}) is not part of a UTF-8 character",
                        pos.line
                    ),
                )
                .at(rel, pos)
                .hint("save the file as UTF-8 in your editor"),
            );
            Err(Some(Arc::from(shown)))
        }
    }
}

/// The bytes of the file at `path`, or `Err(size)` when it is larger than `limit` bytes. Never
/// holds more than `limit + 1` bytes, so a huge (or sparse, or growing) file costs no memory.
fn read_at_most(path: &Path, limit: usize) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let file = fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit as u64 {
        return Ok(Err(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// A carriage return not followed by a line feed (old Mac line endings) as a line feed. YAML
/// and Markdown both read a lone CR as a line break, but positions count lines by line feeds;
/// the byte length, and so every offset, stays the same.
fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    String::from_utf8(bytes).expect("replacing one ASCII byte with another keeps UTF-8")
}

/// The most bytes a static file (`content/static/**`) or a theme file may have: 64 MiB. They
/// are read whole into memory, so a sparse or huge file must not get that far.
pub const MAX_STATIC_BYTES: usize = 64 * 1024 * 1024;

/// The bytes of a static or theme file at `path`, at most [`MAX_STATIC_BYTES`] of them. The
/// error (code `io`) names `shown`, the path as the author knows it.
pub fn read_static(path: &Path, shown: &Path) -> Result<Vec<u8>, Diagnostic> {
    match read_at_most(path, MAX_STATIC_BYTES) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(size)) => Err(Diagnostic::error(
            Code::Io,
            format!(
                "the file is {size} bytes; static and theme files may be at most {MAX_STATIC_BYTES} bytes (64 MiB)"
            ),
        )
        .in_file(shown)
        .hint("publish large files (videos, archives) elsewhere and link to them")),
        Err(e) => {
            Err(Diagnostic::error(Code::Io, format!("cannot read the file: {e}")).in_file(shown))
        }
    }
}

/// Every file below `dir` (sorted), with the same rules as the content folders: ignored names
/// skipped, symbolic links followed only while they stay inside the site folder `root`. Problems
/// (a link leading outside, a loop, an unreadable folder) are pushed onto `diags`.
pub fn walk_inside(dir: &Path, root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    match root.canonicalize() {
        Ok(canonical_root) => walk(dir, &canonical_root, root, diags),
        Err(e) => {
            diags.push(Diagnostic::error(
                Code::Io,
                format!("cannot open the site folder {}: {e}", root.display()),
            ));
            Vec::new()
        }
    }
}

/// Every file below `dir` (sorted, so output is stable), skipping ignored names. Symbolic links
/// are followed only while they stay inside the site root; a link leading outside, a link loop
/// or an unreadable folder is an error.
fn walk(
    dir: &Path,
    canonical_root: &Path,
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_ignored));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| crate::diagnostics::relative(root, p));
                let mut d = Diagnostic::error(Code::Io, format!("cannot read: {e}"));
                if let Some(p) = path {
                    d = d.in_file(p);
                }
                diags.push(d);
                continue;
            }
        };
        let path = entry.path();
        let rel = crate::diagnostics::relative(root, path);
        if entry.file_name().to_str().is_none() {
            diags.push(
                Diagnostic::error(Code::Io, "the file name is not valid UTF-8")
                    .in_file(rel)
                    .hint("rename the file using UTF-8 characters"),
            );
            continue;
        }
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(canonical_root) => {}
                _ => {
                    diags.push(
                        Diagnostic::error(
                            Code::Io,
                            "this symbolic link points outside the site folder",
                        )
                        .in_file(rel)
                        .hint("copy the file into the site instead of linking to it"),
                    );
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
            }
        }
        if entry.file_type().is_file() {
            out.push(path.to_path_buf());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_keep_only_the_files_diagnostics_name() {
        let mut sources = Sources(
            ["a.yaml", "b.yaml", "c.yaml"]
                .into_iter()
                .map(|f| (PathBuf::from(f), Arc::from(f)))
                .collect(),
        );
        sources.keep_named(&[
            Diagnostic::warning(Code::Shape, "x").in_file("b.yaml"),
            Diagnostic::error(Code::Config, "no file"),
        ]);
        assert_eq!(
            sources.as_map().keys().collect::<Vec<_>>(),
            vec![Path::new("b.yaml")]
        );
    }

    #[test]
    fn lone_carriage_returns_become_line_feeds() {
        assert_eq!(lone_cr_to_lf("a\rb\r\nc\r".into()), "a\nb\r\nc\n");
        assert_eq!(lone_cr_to_lf("é\r€".into()), "é\n€");
        assert_eq!(lone_cr_to_lf("plain\n".into()), "plain\n");
    }

    #[test]
    fn oversized_files_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.yaml");
        // Sparse: 1 TiB that takes no disk space; reading it would never end.
        let file = fs::File::create(&path).unwrap();
        if file.set_len(1 << 40).is_ok() {
            assert_eq!(read_at_most(&path, 10).unwrap(), Err(1 << 40));
        }
        fs::write(&path, "0123456789").unwrap();
        assert_eq!(read_at_most(&path, 10).unwrap(), Ok(b"0123456789".to_vec()));
        assert_eq!(read_at_most(&path, 9).unwrap(), Err(10));
    }
}
