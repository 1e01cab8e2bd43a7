//! The search index: script files that the theme's search box loads when a reader first uses
//! it. They are scripts, not JSON, because `fetch()` does not work from `file://` and a
//! `<script src>` does. The output depends only on the site: the same site gives the same bytes.
//!
//! # Entries
//!
//! Everything a reader can find is an *entry*, numbered from 0 in site order (roadmaps, each
//! followed by its stages, each stage by its checklist items; modules, each followed by its own
//! items, then its units, each unit by its items; frameworks and their competencies; scales;
//! free pages). An entry is one of:
//!
//! - `[kind, title, path, context, text]`, or `[kind, title, path, context, text, key]` for an
//!   entry whose checklist items follow it: `kind` is one of `roadmap`, `stage`, `module`,
//!   `unit`, `framework`, `competency`, `scale`, `page`; `path` is site-relative, with the
//!   language folder, and may end in a `#fragment` (`modules/m/#unit-u`); `context` names where
//!   the entry lives (the roadmap of a stage, the module of a unit) or is `""`; `text` is the
//!   plain text searched besides the title, each long field cut at [`FIELD_CHARS`] characters;
//!   `key` is the progress key of the entry's checklist (`roadmap/stage`, `module`,
//!   `module/unit`).
//! - `[parent, id, title]` or `[parent, id, title, text]`: a checklist item (kind `item`).
//!   `parent` is the number of the stage, module or unit entry whose checklist holds it, `id`
//!   the item's id, `text` its evidence. Its path and context are derived from the parent's:
//!   path `<parent path without #fragment>#ck-<key/id with every / replaced by ->`, context
//!   `<parent title> · <parent context>` (the parent title alone when its context is `""`).
//!
//! # One file (most sites)
//!
//! When it is at most [`SPLIT_BYTES`] long, a language's index is the one file
//! `<language folder>search-index.js` ([`path`]), which sets
//! `window.jenjangSearch = {"version": 2, "lang": "en", "docs": [entry, …]}`.
//!
//! # Split (large sites)
//!
//! Otherwise `search-index.js` holds only a manifest,
//! `window.jenjangSearch = {"version": 2, "lang": "en", "entries": N, "chunks": [0, 512, …],
//! "terms": ["ab", "ac", …]}` (no `docs`), and the rest lives under `<language folder>search/`:
//!
//! - a **term index** in shards `search/terms-<key>.js`, each calling
//!   `jenjangSearch.addTerms("<key>", {"<word>": [n, …], …})`. The words are those of the
//!   entries' titles and texts, normalised ([`normalise`]: lower case, NFD, combining marks
//!   U+0300–U+036F and apostrophes removed) and split at every character that is not a letter,
//!   digit or mark ([`words`]); words of one character are left out. A shard holds the words
//!   that start with its key: the first two characters, or more where a two-character shard
//!   would exceed [`SHARD_BYTES`] (then the word equal to the key, if any, has its own shard,
//!   and the others go by three characters, and so on). `terms` in the manifest lists every key,
//!   sorted; the words a term `t` may match are in the shards whose key starts with `t` or is a
//!   prefix of `t`. A word's list names the entries that contain it, in order, each as
//!   `2 × (entry − previous entry) + (1 if the word is in the entry's title else 0)`, the
//!   previous entry of the first being 0. In a file name, a character of the key other than
//!   `a`–`z` and `0`–`9` is written `_<hex code point>_` ([`file_key`]).
//! - **display chunks** `search/docs-<n>.js`, each calling `jenjangSearch.addDocs(n, [entry, …])`
//!   with consecutive entries from number `chunks[n]` on, about [`CHUNK_BYTES`] each. A chunk
//!   starts only at an entry that is not an item, so an item's parent is in its chunk.
//!
//! `jenjangSearch.addTerms` and `addDocs` are defined by the search script after it has loaded
//! the manifest. A query loads the shards of its terms, ranks the entries from the lists alone,
//! and then loads only the chunks that hold the results it shows.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;

use rayon::prelude::*;
use serde_json::Value;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::urls;
use crate::markdown;
use crate::model::{Checklist, Entity, Html, Localized, Site, Summary};

mod incremental;

pub use incremental::Index;

/// At most this many characters of each long field (descriptions) go into the index.
pub const FIELD_CHARS: usize = 280;

/// A language's index larger than this many bytes as one file is split into a term index and
/// display chunks (see the module documentation). 1 MiB is some 4,000 to 5,000 entries: a site
/// of about 500 pages (the generated site of 1,000 pages would have one file of 1.8 MB). Below
/// it, one file loads about as fast as the split form's first query, and needs fewer requests.
pub const SPLIT_BYTES: usize = 1 << 20;

/// The size a term shard may reach before it is split by one more character of its words.
pub const SHARD_BYTES: usize = 32 * 1024;

/// The size of a display chunk: one is cut after the entry that reaches it (at the next entry
/// that is not a checklist item). The results a query shows (50) may come from as many chunks:
/// those of a query of two words usually do. At 16 KiB (about 90 entries) that is at most about
/// 800 KB; on a generated site of 10,000 pages a common word needs about 300 KB.
pub const CHUNK_BYTES: usize = 16 * 1024;

/// The version of the index format, in every `search-index.js`.
pub const VERSION: u32 = 2;

/// Characters removed before splitting into words: "bachelor's" is the word "bachelors".
const JOINERS: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{2bc}', '\u{ad}'];

/// `s` as the search compares it: lower case, decomposed (NFD), without the combining marks
/// U+0300–U+036F and without apostrophes and soft hyphens; the same steps as the search
/// script's `toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')`.
pub fn normalise(s: &str) -> String {
    if s.is_ascii() {
        // Decomposing changes no ASCII character and the only ASCII joiner is `'`.
        return s
            .bytes()
            .filter(|&b| b != b'\'')
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    s.to_lowercase()
        .nfd()
        .filter(|c| !matches!(c, '\u{300}'..='\u{36f}') && !JOINERS.contains(c))
        .collect()
}

/// Whether `c` is part of a word: a letter (Unicode `Alphabetic`), a digit (`N*`) or a mark
/// (`M*`): the script's `[\p{Alphabetic}\p{N}\p{M}]`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of `s`, normalised, in order (repeats included).
pub fn words(s: &str) -> Vec<String> {
    normalise(s)
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// One thing a reader can find.
struct Entry {
    kind: &'static str,
    title: String,
    place: Place,
    text: String,
}

enum Place {
    Page {
        path: String,
        context: String,
        /// The key of the checklist whose items follow the entry.
        checklist: Option<String>,
    },
    Item {
        parent: usize,
        id: String,
    },
}

impl Entry {
    /// The entry as one line of JSON (see the module documentation), an item's parent counted
    /// from `base`.
    fn json(&self, base: usize) -> String {
        let s = |t: &str| Value::String(t.to_string());
        let mut v = match &self.place {
            Place::Page {
                path,
                context,
                checklist,
            } => {
                let mut v = vec![
                    s(self.kind),
                    s(&self.title),
                    s(path),
                    s(context),
                    s(&self.text),
                ];
                v.extend(checklist.as_deref().map(s));
                v
            }
            Place::Item { parent, id } => vec![(base + parent).into(), s(id), s(&self.title)],
        };
        if self.is_item() && !self.text.is_empty() {
            v.push(s(&self.text));
        }
        Value::Array(v).to_string()
    }

    fn is_item(&self) -> bool {
        matches!(self.place, Place::Item { .. })
    }
}

/// The entries of one language's index.
struct Docs<'a> {
    lang: &'a str,
    prefix: &'a str,
    entries: Vec<Entry>,
}

impl Docs<'_> {
    fn text(&self, t: &Localized) -> String {
        t.get(self.lang).to_string()
    }

    fn html(&self, h: Option<&Html>) -> String {
        h.map(|h| cut(&markdown::html_to_text(h.get(self.lang))))
            .unwrap_or_default()
    }

    fn summary(&self, s: Option<&Summary>) -> String {
        s.map(|s| s.plain.get(self.lang).to_string())
            .unwrap_or_default()
    }

    fn path(&self, p: &str) -> String {
        format!("{}{p}", self.prefix)
    }

    /// Adds an entry that is not an item, followed by the items of `checklist`.
    fn push(
        &mut self,
        kind: &'static str,
        title: String,
        path: String,
        context: String,
        body: Vec<String>,
        checklist: Option<&Checklist>,
    ) {
        let parent = self.entries.len();
        let checklist = checklist.filter(|c| !c.items.is_empty());
        self.entries.push(Entry {
            kind,
            title,
            place: Place::Page {
                path,
                context,
                checklist: checklist.map(|c| c.key.clone()),
            },
            text: join(body),
        });
        for item in checklist.iter().flat_map(|c| &c.items) {
            let evidence = self.html(item.evidence.as_ref());
            self.entries.push(Entry {
                kind: "item",
                title: self.text(&item.text),
                place: Place::Item {
                    parent,
                    id: item.id.clone(),
                },
                text: join(vec![evidence]),
            });
        }
    }
}

/// The non-empty parts of `body`, with runs of white space as one space.
fn join(body: Vec<String>) -> String {
    let mut out = String::new();
    for word in body.iter().flat_map(|s| s.split_whitespace()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The entries of one entity (roadmap, module, framework, scale or free page) in one language,
/// with their words: [`join_files`] makes a language's index of those of every entity.
#[derive(Debug, PartialEq)]
pub struct Entries {
    /// Each entry as a line of JSON, an item's without the `[` and its parent's number that
    /// start it: (the parent's number, counted from the first of these, for an item; the line
    /// or the rest of it).
    lines: Vec<(Option<usize>, String)>,
    /// For each entry, its words of two characters or more, each once, in the order they first
    /// appear in the title and then the text, separated by spaces (words hold none), and how
    /// many of the first of them are in the title.
    words: Vec<(String, usize)>,
}

/// The entries of `e` (its stages, units or competencies and their checklist items included)
/// in `lang`, whose pages live under `prefix`.
pub fn entity_entries(site: &Site, lang: &str, prefix: &str, e: Entity) -> Entries {
    entries_of(&part_entries(site, lang, prefix, e))
}

/// The lines and words of one entity's `entries`, items pointing at their parent by index from
/// the first of them.
fn entries_of(entries: &[Entry]) -> Entries {
    let lines = entries
        .iter()
        .map(|e| {
            let line = e.json(0);
            match e.place {
                Place::Item { parent, .. } => {
                    let rest = line[format!("[{parent}").len()..].to_string();
                    (Some(parent), rest)
                }
                Place::Page { .. } => (None, line),
            }
        })
        .collect();
    let words = entries.iter().map(entry_words).collect();
    Entries { lines, words }
}

/// The distinct words of two characters or more of `e`'s title and text, in order, joined by
/// spaces, and how many of them are in the title.
fn entry_words(e: &Entry) -> (String, usize) {
    let title = words(&e.title);
    let text = words(&e.text);
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = String::new();
    let mut in_title = 0;
    for (k, word) in title.iter().chain(&text).enumerate() {
        if word.chars().nth(1).is_some() && seen.insert(word) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
            if k < title.len() {
                in_title += 1;
            }
        }
    }
    (out, in_title)
}

/// The entries of one entity (its stages, units or competencies included), items pointing at
/// their parent by index from the first of them.
fn part_entries(site: &Site, lang: &str, prefix: &str, part: Entity) -> Vec<Entry> {
    let mut d = Docs {
        lang,
        prefix,
        entries: Vec::new(),
    };
    match part {
        Entity::Roadmap(ri) => {
            let r = &site.roadmaps[ri];
            let roadmap_title = d.text(&r.title);
            let body = vec![
                d.summary(r.summary.as_ref()),
                d.html(r.description.as_ref()),
            ];
            let page = d.path(&urls::roadmap(site, ri));
            d.push(
                "roadmap",
                roadmap_title.clone(),
                page,
                String::new(),
                body,
                None,
            );
            for (si, s) in r.stages.iter().enumerate() {
                let page = d.path(&urls::stage(site, ri, si));
                let body = vec![
                    d.summary(s.summary.as_ref()),
                    d.html(s.description.as_ref()),
                    d.html(s.entry.as_ref()),
                ];
                d.push(
                    "stage",
                    d.text(&s.title),
                    page,
                    roadmap_title.clone(),
                    body,
                    Some(&s.checklist),
                );
            }
        }
        Entity::Module(mi) => {
            let m = &site.modules[mi];
            let page = d.path(&urls::module(site, mi));
            let module_title = d.text(&m.title);
            let mut body = vec![
                d.summary(m.summary.as_ref()),
                d.html(m.description.as_ref()),
            ];
            body.extend(m.outcomes.iter().map(|o| d.text(o)));
            d.push(
                "module",
                module_title.clone(),
                page.clone(),
                String::new(),
                body,
                Some(&m.checklist),
            );
            for u in &m.units {
                let mut body = vec![
                    d.summary(u.summary.as_ref()),
                    d.html(u.description.as_ref()),
                ];
                body.extend(u.topics.iter().map(|t| d.text(t)));
                d.push(
                    "unit",
                    d.text(&u.title),
                    format!("{page}#unit-{}", u.id),
                    module_title.clone(),
                    body,
                    Some(&u.checklist),
                );
            }
        }
        Entity::Framework(fi) => {
            let f = &site.frameworks[fi];
            let framework_title = d.text(&f.title);
            let body = vec![
                d.summary(f.summary.as_ref()),
                d.html(f.description.as_ref()),
            ];
            let page = d.path(&urls::framework(site, fi));
            d.push(
                "framework",
                framework_title.clone(),
                page,
                String::new(),
                body,
                None,
            );
            for (ci, c) in f.competencies.iter().enumerate() {
                let mut body = vec![
                    c.code.clone().unwrap_or_default(),
                    d.summary(c.summary.as_ref()),
                    d.html(c.description.as_ref()),
                ];
                body.extend(c.indicators.iter().map(|i| d.text(&i.text)));
                body.extend(c.descriptors.iter().map(|x| d.html(x.as_ref())));
                let page = d.path(&urls::competency(site, fi, ci));
                d.push(
                    "competency",
                    d.text(&c.title),
                    page,
                    framework_title.clone(),
                    body,
                    None,
                );
            }
        }
        Entity::Scale(si) => {
            let s = &site.scales[si];
            let mut body = vec![
                d.summary(s.summary.as_ref()),
                d.html(s.description.as_ref()),
            ];
            body.extend(s.bands.iter().map(|b| d.text(&b.label)));
            let page = d.path(&urls::scale(site, si));
            d.push("scale", d.text(&s.title), page, String::new(), body, None);
        }
        Entity::Page(pi) => {
            let p = &site.pages[pi];
            let body = vec![d.summary(p.summary.as_ref()), d.html(Some(&p.body))];
            let page = d.path(&urls::page(site, pi));
            d.push("page", d.text(&p.title), page, String::new(), body, None);
        }
    }
    d.entries
}

/// The output path of the index (the one file, or the manifest of a split index) of the
/// language under `prefix`; [`index_files`] lists every file.
pub fn path(prefix: &str) -> String {
    format!("{prefix}search-index.js")
}

/// The files of the index of `site` in `lang`, whose pages live under `prefix` (`""` or
/// `id/`), as (output path, text): one file when it is at most [`SPLIT_BYTES`] long, else the
/// split form.
pub fn files(site: &Site, lang: &str, prefix: &str) -> Vec<(String, String)> {
    index_files(site, lang, prefix, SPLIT_BYTES)
}

/// The files of [`files`], each handed to `emit` (output path, text) as soon as it is made, so
/// that the index is never held whole; in no fixed order. Returns the first error of `emit`.
pub fn files_into<E>(
    site: &Site,
    lang: &str,
    prefix: &str,
    emit: &mut dyn FnMut(String, String) -> Result<(), E>,
) -> Result<(), E> {
    let parts = all_entries(site, lang, prefix);
    let parts: Vec<&Entries> = parts.iter().collect();
    join_files_into(lang, prefix, &parts, SPLIT_BYTES, emit)
}

/// The entries of every entity of `site` in `lang`, in site order, made in parallel.
fn all_entries(site: &Site, lang: &str, prefix: &str) -> Vec<Entries> {
    let entities: Vec<Entity> = site.entities().collect();
    entities
        .into_par_iter()
        .map(|e| entity_entries(site, lang, prefix, e))
        .collect()
}

/// Like [`files`], with the size above which the index is split as a parameter (0 always
/// splits): for tests, and for trying the split form on a small site
/// (`cargo run --example search-index`).
pub fn index_files(
    site: &Site,
    lang: &str,
    prefix: &str,
    max_bytes: usize,
) -> Vec<(String, String)> {
    let parts = all_entries(site, lang, prefix);
    let parts: Vec<&Entries> = parts.iter().collect();
    join_files(lang, prefix, &parts, max_bytes)
}

/// The files of a language's index (as [`index_files`] describes them) made of the entries of
/// every entity, in site order.
pub fn join_files(
    lang: &str,
    prefix: &str,
    parts: &[&Entries],
    max_bytes: usize,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let main = path(prefix);
    join_files_into::<()>(lang, prefix, parts, max_bytes, &mut |path, text| {
        out.push((path, text));
        Ok(())
    })
    .expect("collecting cannot fail");
    // The manifest (or the one file) first, then the chunks, then the shards.
    if let Some(i) = out.iter().position(|(p, _)| *p == main) {
        let manifest = out.remove(i);
        out.insert(0, manifest);
    }
    out
}

/// The files of [`join_files`], each handed to `emit` as soon as it is made: the chunks, then
/// the manifest, then the shards (or the one file).
pub fn join_files_into<E>(
    lang: &str,
    prefix: &str,
    parts: &[&Entries],
    max_bytes: usize,
    emit: &mut dyn FnMut(String, String) -> Result<(), E>,
) -> Result<(), E> {
    let limits = Limits {
        split: max_bytes,
        ..Limits::DEFAULT
    };
    join_all(lang, prefix, parts, limits, emit).map(drop)
}

/// The sizes that shape an index: [`SPLIT_BYTES`] (or another), [`CHUNK_BYTES`] and
/// [`SHARD_BYTES`]; other sizes only in tests.
#[derive(Clone, Copy, Debug)]
struct Limits {
    /// The largest index kept as one file, in bytes.
    split: usize,
    /// The size of a display chunk, in bytes (see [`chunks`]).
    chunk: usize,
    /// The size a term shard may reach before it is split, in bytes (see [`shards`]).
    shard: usize,
}

impl Limits {
    const DEFAULT: Limits = Limits {
        split: SPLIT_BYTES,
        chunk: CHUNK_BYTES,
        shard: SHARD_BYTES,
    };
}

/// What a full join made, besides its files: what [`Index`] keeps to update them.
struct Joined {
    layout: Layout,
    /// `None` for one file.
    split: Option<JoinedSplit>,
}

/// What a full join made of the split form.
struct JoinedSplit {
    chunks: Vec<Chunk>,
    /// Every word with its list, sorted (see [`postings`]).
    lists: Vec<(String, Vec<u32>)>,
    /// The term shards, in order, their words positions in `lists`.
    shards: Vec<Shard>,
}

/// Makes the files of a language's index from the entries of every entity, in site order,
/// handing each to `emit` as soon as it is made.
fn join_all<E>(
    lang: &str,
    prefix: &str,
    parts: &[&Entries],
    limits: Limits,
    emit: &mut dyn FnMut(String, String) -> Result<(), E>,
) -> Result<Joined, E> {
    let layout = Layout::new(parts);
    let head = head(lang);
    if layout.single_len(&head) <= limits.split {
        emit(path(prefix), single_text(&head, parts, &layout.bases))?;
        return Ok(Joined {
            layout,
            split: None,
        });
    }

    let chunks = chunks(&layout.items, &layout.lens, limits.chunk);
    // A few chunks at a time, so that they are not all held at once.
    let batch = 4 * rayon::current_num_threads();
    for (b, group) in chunks.chunks(batch).enumerate() {
        let texts: Vec<String> = group
            .par_iter()
            .enumerate()
            .map(|(i, chunk)| chunk_text(b * batch + i, parts, &layout.bases, chunk))
            .collect();
        for (i, text) in texts.into_iter().enumerate() {
            emit(chunk_path(prefix, b * batch + i), text)?;
        }
    }
    let words: Vec<&(String, usize)> = parts.iter().flat_map(|p| &p.words).collect();
    let lists = postings(&words);
    let sized: Vec<(&str, usize)> = lists
        .iter()
        .map(|(w, list)| (w.as_str(), encoded_len(list)))
        .collect();
    let shards = shards(&sized, limits.shard);
    emit(
        path(prefix),
        manifest_text(
            &head,
            layout.lens.len(),
            &chunks,
            shards.iter().map(|s| s.key.as_str()),
        ),
    )?;
    for shard in &shards {
        let words = lists[shard.words.clone()]
            .iter()
            .map(|(w, list)| (w.as_str(), list.as_slice()));
        emit(
            shard_path(prefix, &shard.key),
            shard_text(&shard.key, words),
        )?;
    }
    Ok(Joined {
        layout,
        split: Some(JoinedSplit {
            chunks,
            lists,
            shards,
        }),
    })
}

/// Each entry's place in a language's index.
struct Layout {
    /// The number of each part's first entry.
    bases: Vec<usize>,
    /// The length of each entry's line, in bytes (before [`script_safe`]).
    lens: Vec<usize>,
    /// Whether each entry is a checklist item.
    items: Vec<bool>,
}

impl Layout {
    fn new(parts: &[&Entries]) -> Layout {
        let mut bases = Vec::with_capacity(parts.len());
        let mut lens = Vec::new();
        let mut items = Vec::new();
        for p in parts {
            let base = lens.len();
            bases.push(base);
            for (parent, line) in &p.lines {
                lens.push(line_len(base, *parent, line));
                items.push(parent.is_some());
            }
        }
        Layout { bases, lens, items }
    }

    /// The length in bytes of the index as one file (before [`script_safe`]).
    fn single_len(&self, head: &str) -> usize {
        head.len() + "\"docs\":[\n]};\n".len() + self.lens.iter().map(|l| l + 2).sum::<usize>()
    }
}

/// The start of every `search-index.js` of `lang`, up to the members that differ.
fn head(lang: &str) -> String {
    let lang_json = Value::String(lang.to_string()).to_string();
    format!("window.jenjangSearch = {{\"version\":{VERSION},\"lang\":{lang_json},")
}

/// The number of decimal digits of `n`.
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The length in bytes of an entry's line: `line` itself, or for an item `[`, its parent's
/// number (`base + parent`) and the rest of the line `line`.
fn line_len(base: usize, parent: Option<usize>, line: &str) -> usize {
    match parent {
        Some(parent) => 1 + digits(base + parent) + line.len(),
        None => line.len(),
    }
}

/// Appends the lines of the entries `range` (numbered through all `parts`, whose first entries
/// are numbered `bases`) to `out`, separated by `,\n`.
fn push_lines(out: &mut String, parts: &[&Entries], bases: &[usize], range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    let mut numbers = itoa::Buffer::new();
    // The last part starting at or before the first entry (parts without entries come before).
    let mut p = bases.partition_point(|&b| b <= range.start) - 1;
    let mut j = range.start - bases[p];
    for i in range.clone() {
        while j == parts[p].lines.len() {
            p += 1;
            j = 0;
        }
        if i > range.start {
            out.push_str(",\n");
        }
        let (parent, line) = &parts[p].lines[j];
        if let Some(parent) = parent {
            out.push('[');
            out.push_str(numbers.format(bases[p] + parent));
        }
        out.push_str(line);
        j += 1;
    }
}

/// The index as one file.
fn single_text(head: &str, parts: &[&Entries], bases: &[usize]) -> String {
    let total = bases
        .last()
        .map_or(0, |b| b + parts[parts.len() - 1].lines.len());
    let mut text = String::from(head);
    text.push_str("\"docs\":[\n");
    push_lines(&mut text, parts, bases, 0..total);
    text.push_str("\n]};\n");
    script_safe(text)
}

/// The output path of display chunk `n`.
fn chunk_path(prefix: &str, n: usize) -> String {
    format!("{prefix}search/docs-{n}.js")
}

/// The text of display chunk `n`.
fn chunk_text(n: usize, parts: &[&Entries], bases: &[usize], chunk: &Chunk) -> String {
    let mut text = format!("jenjangSearch.addDocs({n},[\n");
    push_lines(&mut text, parts, bases, chunk.start..chunk.end);
    text.push_str("\n]);\n");
    script_safe(text)
}

/// The manifest of a split index of `entries` entries, with the shards `keys`.
fn manifest_text<'a>(
    head: &str,
    entries: usize,
    chunks: &[Chunk],
    keys: impl Iterator<Item = &'a str>,
) -> String {
    let mut text = format!("{head}\"entries\":{entries},\"chunks\":[");
    let mut numbers = itoa::Buffer::new();
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(numbers.format(chunk.start));
    }
    text.push_str("],\"terms\":[");
    for (i, key) in keys.enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&Value::String(key.to_string()).to_string());
    }
    text.push_str("]};\n");
    script_safe(text)
}

/// The output path of the term shard `key`.
fn shard_path(prefix: &str, key: &str) -> String {
    format!("{prefix}search/terms-{}.js", file_key(key))
}

/// The text of the term shard `key` holding `words`, each with its list (see [`postings`]).
fn shard_text<'a>(key: &str, words: impl Iterator<Item = (&'a str, &'a [u32])>) -> String {
    let mut text = format!("jenjangSearch.addTerms({},{{", Value::String(key.into()));
    for (i, (word, list)) in words.enumerate() {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        text.push_str(&Value::String(word.into()).to_string());
        text.push_str(":[");
        encode(list, &mut text);
        text.push(']');
    }
    text.push_str("\n});\n");
    script_safe(text)
}

/// The entries from `start` to `end` (excluded).
#[derive(Clone, Debug, PartialEq)]
struct Chunk {
    start: usize,
    end: usize,
}

/// The entries (whether each is an item, and the length of its line in bytes) cut into display
/// chunks of about `limit` bytes, each starting at an entry that is not an item.
fn chunks(items: &[bool], lens: &[usize], limit: usize) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, (&item, len)) in items.iter().zip(lens).enumerate() {
        if bytes >= limit && !item {
            out.push(Chunk { start, end: i });
            start = i;
            bytes = 0;
        }
        bytes += len + 2;
    }
    if start < items.len() {
        out.push(Chunk {
            start,
            end: items.len(),
        });
    }
    out
}

/// An entry in a word's list, as [`postings`] keeps it: 2 × `entry` + 1 if the word is in its
/// title.
fn posting(entry: usize, in_title: bool) -> u32 {
    u32::try_from(2 * entry + usize::from(in_title)).expect("fewer than 2³¹ entries")
}

/// Every word of two characters or more of the entries' titles and texts (given by
/// [`entry_words`] for each entry, in order), sorted, with the entries that hold it, in order,
/// each as [`posting`] gives it.
fn postings(words: &[&(String, usize)]) -> Vec<(String, Vec<u32>)> {
    postings_by(words, 4096)
}

/// [`postings`], the lists of `chunk` entries at a time made in parallel, then joined in order.
fn postings_by(words: &[&(String, usize)], chunk: usize) -> Vec<(String, Vec<u32>)> {
    let chunks: Vec<foldhash::HashMap<&str, Vec<u32>>> = words
        .par_chunks(chunk)
        .enumerate()
        .map(|(c, entries)| {
            let mut lists: foldhash::HashMap<&str, Vec<u32>> = foldhash::HashMap::default();
            for (i, (found, in_title)) in entries.iter().enumerate() {
                let i = c * chunk + i;
                for (k, word) in found.split(' ').filter(|w| !w.is_empty()).enumerate() {
                    lists
                        .entry(word)
                        .or_default()
                        .push(posting(i, k < *in_title));
                }
            }
            lists
        })
        .collect();
    let mut chunks = chunks.into_iter();
    let mut lists = chunks.next().unwrap_or_default();
    for more in chunks {
        for (word, list) in more {
            lists.entry(word).or_default().extend(list);
        }
    }
    let mut out: Vec<(String, Vec<u32>)> = lists
        .into_iter()
        .map(|(word, list)| (word.to_string(), list))
        .collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The deltas of a word's list as the index writes them: for each entry of `list` (given as
/// [`posting`] does), 2 × (entry − previous entry) + its flag, the previous entry of the first
/// being 0.
fn deltas(list: &[u32]) -> impl Iterator<Item = u32> + '_ {
    let mut last = 0;
    list.iter().map(move |&p| {
        let delta = p - 2 * last;
        last = p / 2;
        delta
    })
}

/// Appends `list` (see [`posting`]) to `out` as the index writes it: its [`deltas`], separated
/// by commas.
fn encode(list: &[u32], out: &mut String) {
    let mut numbers = itoa::Buffer::new();
    for (i, delta) in deltas(list).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(numbers.format(delta));
    }
}

/// The length in bytes of what [`encode`] appends for `list`.
fn encoded_len(list: &[u32]) -> usize {
    let digits: usize = deltas(list).map(|d| digits(d as usize)).sum();
    digits + list.len().saturating_sub(1)
}

/// A term shard: the words starting with `key`.
#[derive(Clone, Debug, PartialEq)]
struct Shard {
    key: String,
    /// Its words, as positions in the sorted words it was cut from.
    words: Range<usize>,
}

/// The sorted `words`, each with the length in bytes of its encoded list, grouped into shards
/// of at most `limit` bytes where possible.
fn shards(words: &[(&str, usize)], limit: usize) -> Vec<Shard> {
    let mut out = Vec::new();
    for (key, group) in groups(words, 0..words.len(), 2) {
        split(key, words, group, 2, limit, &mut out);
    }
    out
}

/// The shards of one two-character group: [`shards`] of `words`, which all start with `key`
/// (none without words).
fn group_shards(key: &str, words: &[(&str, usize)], limit: usize) -> Vec<Shard> {
    let mut out = Vec::new();
    if words.is_empty() {
        return out;
    }
    split(key.to_string(), words, 0..words.len(), 2, limit, &mut out);
    out
}

/// The words `range` of the sorted `words` grouped by their first `len` characters (all have
/// at least `len`).
fn groups(words: &[(&str, usize)], range: Range<usize>, len: usize) -> Vec<(String, Range<usize>)> {
    let prefix = |w: &'_ str| -> usize { w.char_indices().nth(len).map_or(w.len(), |(i, _)| i) };
    let mut out = Vec::new();
    let mut start = range.start;
    for i in range.clone() {
        let (word, _) = words[i];
        let (first, _) = words[start];
        if i > start && word[..prefix(word)] != first[..prefix(first)] {
            out.push((first[..prefix(first)].to_string(), start..i));
            start = i;
        }
    }
    if start < range.end {
        let (first, _) = words[start];
        out.push((first[..prefix(first)].to_string(), start..range.end));
    }
    out
}

/// Adds the shard `key` of the words `range` of `words` (which all start with `key`, `len`
/// characters) to `out`, split by one more character while it is larger than `limit` bytes.
fn split(
    key: String,
    words: &[(&str, usize)],
    range: Range<usize>,
    len: usize,
    limit: usize,
    out: &mut Vec<Shard>,
) {
    let bytes: usize = words[range.clone()]
        .iter()
        .map(|(w, l)| w.len() + l + 6)
        .sum();
    if bytes <= limit || range.len() == 1 {
        out.push(Shard { key, words: range });
        return;
    }
    // Sorted, the word equal to the key comes first.
    let rest = if words[range.start].0 == key {
        out.push(Shard {
            key,
            words: range.start..range.start + 1,
        });
        range.start + 1..range.end
    } else {
        range
    };
    for (k, group) in groups(words, rest, len + 1) {
        split(k, words, group, len + 1, limit, out);
    }
}

/// `key` as it appears in a shard's file name: `a`–`z` and `0`–`9` as they are, any other
/// character as `_<hex code point>_` (`жи` → `_436__438_`).
pub fn file_key(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}_", u32::from(c));
        }
    }
    out
}

/// `s` cut at [`FIELD_CHARS`] characters, at a word boundary.
fn cut(s: &str) -> String {
    if s.chars().count() <= FIELD_CHARS {
        return s.to_string();
    }
    let mut out: String = s.chars().take(FIELD_CHARS).collect();
    if let Some(space) = out.rfind(' ') {
        out.truncate(space);
    }
    out
}

/// JSON made safe inside a script file that a page loads: `<` is escaped so that the text can
/// never be read as `</script>` if the index is ever inlined.
fn script_safe(json: String) -> String {
    if !json.contains(['<', '\u{2028}', '\u{2029}']) {
        return json;
    }
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;

    /// The example site at the repository root.
    fn example() -> Site {
        let loaded = crate::load::load(Path::new(env!("CARGO_MANIFEST_DIR")));
        crate::resolve::resolve(&loaded, crate::resolve::Options::default())
            .site
            .expect("the example site resolves")
    }

    fn entry(title: &str, text: &str) -> Entry {
        Entry {
            kind: "page",
            title: title.into(),
            place: Place::Page {
                path: "p/".into(),
                context: String::new(),
                checklist: None,
            },
            text: text.into(),
        }
    }

    /// The JSON value of a script file `prefix(json);` or `prefix json;`.
    fn value(text: &str, prefix: &str, suffix: &str) -> Value {
        let json = text
            .strip_prefix(prefix)
            .and_then(|t| t.strip_suffix(suffix))
            .unwrap_or_else(|| panic!("{text:.80} is not {prefix}…{suffix}"));
        serde_json::from_str(json).unwrap()
    }

    /// A split index read back: the manifest, the entries of every chunk in order, and every
    /// word with its decoded list of (entry, in title).
    struct Split {
        manifest: Value,
        docs: Vec<Value>,
        words: BTreeMap<String, Vec<(usize, bool)>>,
        shard_of: BTreeMap<String, String>,
    }

    fn read_split(files: &[(String, String)], prefix: &str) -> Split {
        let by_path: BTreeMap<&str, &str> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        assert_eq!(by_path.len(), files.len(), "no path twice");
        let manifest = value(
            by_path[path(prefix).as_str()],
            "window.jenjangSearch = ",
            ";\n",
        );
        assert_eq!(manifest["version"], VERSION);
        assert!(manifest.get("docs").is_none());
        let mut docs = Vec::new();
        let starts = manifest["chunks"].as_array().unwrap();
        for (n, start) in starts.iter().enumerate() {
            assert_eq!(
                start.as_u64().unwrap() as usize,
                docs.len(),
                "chunk {n} starts"
            );
            let file = by_path[format!("{prefix}search/docs-{n}.js").as_str()];
            let chunk = value(file, &format!("jenjangSearch.addDocs({n},"), ");\n");
            let chunk = chunk.as_array().unwrap();
            assert!(!chunk.is_empty());
            assert!(chunk[0][0].is_string(), "chunk {n} starts with an item");
            for d in chunk {
                if let Some(parent) = d[0].as_u64() {
                    assert!(
                        parent as usize >= start.as_u64().unwrap() as usize,
                        "an item's parent is in its chunk"
                    );
                }
            }
            docs.extend(chunk.iter().cloned());
        }
        assert_eq!(manifest["entries"].as_u64().unwrap() as usize, docs.len());
        let mut listed = BTreeMap::new();
        let mut shard_of = BTreeMap::new();
        let keys = manifest["terms"].as_array().unwrap();
        let mut sorted = keys.clone();
        sorted.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        assert_eq!(keys, &sorted, "keys are sorted");
        for key in keys {
            let key = key.as_str().unwrap();
            let file = by_path[format!("{prefix}search/terms-{}.js", file_key(key)).as_str()];
            let shard = value(
                file,
                &format!("jenjangSearch.addTerms({},", Value::String(key.into())),
                ");\n",
            );
            for (word, list) in shard.as_object().unwrap() {
                assert!(word.starts_with(key), "{word} in shard {key}");
                assert_eq!(
                    words(word),
                    vec![word.clone()],
                    "{word} is one normalised word"
                );
                let mut at = 0;
                let decoded = list
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| {
                        let v = v.as_u64().unwrap() as usize;
                        at += v / 2;
                        (at, v % 2 == 1)
                    })
                    .collect();
                assert!(
                    listed.insert(word.clone(), decoded).is_none(),
                    "{word} twice"
                );
                shard_of.insert(word.clone(), key.to_string());
            }
        }
        assert_eq!(files.len(), 1 + starts.len() + keys.len(), "no other file");
        Split {
            manifest,
            docs,
            words: listed,
            shard_of,
        }
    }

    #[test]
    fn normalises_case_accents_and_apostrophes_like_the_script() {
        assert_eq!(normalise("Café"), "cafe");
        assert_eq!(normalise("CAFE\u{301}"), "cafe");
        assert_eq!(normalise("Éducation"), "education");
        assert_eq!(normalise("Pendidikan GURU"), "pendidikan guru");
        assert_eq!(normalise("bachelor’s degree"), "bachelors degree");
        assert_eq!(normalise("İstanbul"), "istanbul");
        // Final sigma, as String.prototype.toLowerCase does it.
        assert_eq!(normalise("ΟΔΟΣ"), "οδος");
        assert_eq!(normalise("ΟΔΟΣ").chars().last(), Some('ς'));
    }

    #[test]
    fn splits_words_at_anything_but_letters_digits_and_marks() {
        assert_eq!(words("café, crème-brûlée"), ["cafe", "creme", "brulee"]);
        assert_eq!(
            words("Guru — BK · “Bimbingan”… (eksplorasi)/pembentukan"),
            ["guru", "bk", "bimbingan", "eksplorasi", "pembentukan"]
        );
        assert_eq!(
            words("Pendidikan dan pelatihan guru; fasilitatör 2024."),
            [
                "pendidikan",
                "dan",
                "pelatihan",
                "guru",
                "fasilitator",
                "2024"
            ]
        );
        assert_eq!(words("C++ & e-mail_x"), ["c", "e", "mail", "x"]);
        // Devanagari keeps its vowel signs and virama inside the word.
        assert_eq!(words("क्षमता विकास"), ["क्षमता", "विकास"]);
        assert!(words(" – , ").is_empty());
    }

    #[test]
    fn encodes_lists_as_flagged_deltas() {
        let entries = [
            entry("Café mentor", "mentoring plan"),
            entry("Plan", "a cafe, the CAFE plan"),
            entry("Other", "nothing"),
            entry("x", "MENTOR y"),
        ];
        let found: Vec<(String, usize)> = entries.iter().map(entry_words).collect();
        let found: Vec<&(String, usize)> = found.iter().collect();
        let words: BTreeMap<String, String> = postings(&found)
            .into_iter()
            .map(|(word, list)| {
                let mut text = String::new();
                encode(&list, &mut text);
                assert_eq!(encoded_len(&list), text.len());
                (word, text)
            })
            .collect();
        // Made a chunk of entries at a time, the lists are the same.
        for chunk in 1..=3 {
            assert_eq!(postings_by(&found, chunk), postings(&found));
        }
        // 0 in title; 1 in text (once, though it is there twice): 2 × (1 - 0) + 0.
        assert_eq!(words["cafe"], "1,2");
        // 0 in text; 1 in title and text: 2 × (1 - 0) + 1.
        assert_eq!(words["plan"], "0,3");
        // 0 in title, 3 in text: 3 - 0 = 3 → 6.
        assert_eq!(words["mentor"], "1,6");
        assert_eq!(words["mentoring"], "0");
        assert_eq!(words["nothing"], "4");
        assert!(!words.contains_key("a") && !words.contains_key("x") && !words.contains_key("y"));
        let keys: Vec<&String> = words.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn groups_words_into_shards_by_two_characters_then_more() {
        let list = |n: usize| vec!["2"; n].join(",");
        let words: Vec<(String, String)> = [
            ("mentor", list(10)),
            ("mentoring", list(10)),
            ("plan", list(3)),
            ("the", list(100)),
            ("their", list(40)),
            ("then", list(40)),
            ("thesis", list(2)),
            ("жизнь", list(1)),
        ]
        .into_iter()
        .map(|(w, l)| (w.to_string(), l))
        .collect();
        let sized: Vec<(&str, usize)> = words.iter().map(|(w, l)| (w.as_str(), l.len())).collect();
        let keys = |limit| -> Vec<(String, Vec<&str>)> {
            shards(&sized, limit)
                .into_iter()
                .map(|s| (s.key, sized[s.words].iter().map(|&(w, _)| w).collect()))
                .collect()
        };
        let big = keys(usize::MAX);
        let names: Vec<&str> = big.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["me", "pl", "th", "жи"]);
        assert_eq!(big[2].1, ["the", "their", "then", "thesis"]);
        // At 100 bytes, "th" is too big: "the" alone, then "thei", "then", "thes".
        let small = keys(100);
        let names: Vec<&str> = small.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["me", "pl", "the", "thei", "then", "thes", "жи"]);
        assert_eq!(file_key("жи"), "_436__438_");
        assert_eq!(file_key("th2"), "th2");
    }

    #[test]
    fn cuts_chunks_only_before_entries_that_are_not_items() {
        let mut entries = Vec::new();
        for p in 0..3 {
            entries.push(entry("Stage", "text"));
            for i in 0..4 {
                entries.push(Entry {
                    kind: "item",
                    title: format!("Item {i}"),
                    place: Place::Item {
                        parent: p * 5,
                        id: format!("i{i}"),
                    },
                    text: String::new(),
                });
            }
        }
        let lines: Vec<String> = entries.iter().map(|e| e.json(0)).collect();
        let items: Vec<bool> = entries.iter().map(Entry::is_item).collect();
        let lens: Vec<usize> = lines.iter().map(String::len).collect();
        let cut = |limit| -> Vec<(usize, usize)> {
            chunks(&items, &lens, limit)
                .iter()
                .map(|c| (c.start, c.end))
                .collect()
        };
        assert_eq!(cut(1), [(0, 5), (5, 10), (10, 15)]);
        assert_eq!(cut(usize::MAX), [(0, 15)]);
        assert_eq!(lines[1], r#"[0,"i0","Item 0"]"#);
        assert_eq!(lines[0], r#"["page","Stage","p/","","text"]"#);
    }

    #[test]
    fn the_example_site_is_one_file_with_items_pointing_at_their_parents() {
        let site = example();
        let en = files(&site, "en", "");
        assert_eq!(en.len(), 1);
        assert_eq!(en[0].0, "search-index.js");
        let index = value(&en[0].1, "window.jenjangSearch = ", ";\n");
        assert_eq!(index["version"], VERSION);
        assert_eq!(index["lang"], "en");
        let docs = index["docs"].as_array().unwrap();
        let item = docs
            .iter()
            .find(|d| d[1] == "bk-degree")
            .expect("the item bk-degree");
        let parent = &docs[item[0].as_u64().unwrap() as usize];
        assert_eq!(parent[0], "stage");
        assert_eq!(parent[2], "roadmaps/counsellor-career/preparation/");
        assert_eq!(parent[5], "counsellor-career/preparation");
        assert_eq!(
            item[2],
            "Complete a bachelor's degree in guidance and counselling"
        );
        assert_eq!(item[3], "The degree certificate (ijazah).");
        // Another language has its own file, with its folder in the paths.
        let id = files(&site, "id", "id/");
        assert_eq!(id[0].0, "id/search-index.js");
        assert!(id[0]
            .1
            .contains("\"id/roadmaps/counsellor-career/preparation/\""));
    }

    #[test]
    fn the_example_site_split_finds_an_item_by_a_word_of_its_evidence() {
        let site = example();
        let single = files(&site, "en", "");
        let files = index_files(&site, "en", "", 0);
        assert!(files.len() > 3, "split into several files");
        let split = read_split(&files, "");
        assert_eq!(split.manifest["lang"], "en");
        // The chunks hold the entries of the one file, in order.
        let one = value(&single[0].1, "window.jenjangSearch = ", ";\n");
        assert_eq!(one["docs"].as_array().unwrap(), &split.docs);
        // "ijazah" (in the evidence only) names the item, not in its title.
        let hits = &split.words["ijazah"];
        assert_eq!(hits.len(), 1);
        let (at, in_title) = hits[0];
        assert!(!in_title);
        assert_eq!(split.docs[at][1], "bk-degree");
        assert_eq!(split.shard_of["ijazah"], "ij");
        // "counselling" is in the item's title.
        assert!(split.words["counselling"].contains(&(at, true)));
        // Every word of every entry is listed with it.
        for (i, d) in split.docs.iter().enumerate() {
            let (title, text) = if d[0].is_u64() {
                (&d[2], d.get(3))
            } else {
                (&d[1], d.get(4))
            };
            let text = text.and_then(Value::as_str).unwrap_or("");
            for w in words(title.as_str().unwrap()) {
                if w.chars().count() > 1 {
                    assert!(split.words[&w].contains(&(i, true)), "{w} in {i}");
                }
            }
            for w in words(text) {
                if w.chars().count() > 1 {
                    assert!(split.words[&w].iter().any(|&(e, _)| e == i), "{w} in {i}");
                }
            }
        }
        // Deterministic.
        assert_eq!(index_files(&site, "en", "", 0), files);
        // The Indonesian index lives in the language's folder.
        let id = index_files(&site, "id", "id/", 0);
        let split = read_split(&id, "id/");
        assert_eq!(split.manifest["lang"], "id");
        assert!(id.iter().all(|(p, _)| p.starts_with("id/search")));
    }

    #[test]
    fn cuts_long_fields_at_a_word() {
        let long = "word ".repeat(100);
        let c = cut(&long);
        assert!(c.chars().count() <= FIELD_CHARS);
        assert!(c.ends_with("word"));
        assert_eq!(cut("short"), "short");
    }

    #[test]
    fn escapes_script_breakers() {
        assert_eq!(
            script_safe(r#"{"t":"</script>"}"#.to_string()),
            r#"{"t":"\u003c/script>"}"#
        );
    }
}
