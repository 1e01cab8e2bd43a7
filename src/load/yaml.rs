//! Every call into the YAML crates lives here.
//!
//! Typed parsing is serde_yaml's. serde_yaml has no API for the position of a value once it is
//! parsed, so a second, event-level pass (yaml-rust2's parser, which reports a [`Marker`] for
//! every event) records where each value and each mapping key starts, keyed by its path in the
//! document (`stages/2/next/0`). `resolve` asks a [`SpanIndex`] for the position of what it
//! complains about; the index is made again from the text on that first question, so that the
//! positions of a site without problems are never kept. The same pass finds duplicate mapping
//! keys, which serde_yaml reports without a useful position, and the limits.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, ScanError};

use super::raw::Nesting;
use super::shape::{self, Shaped};
use super::syntax;
use crate::diagnostics::{Code, Diagnostic, Pos};

/// Where every value and mapping key of one YAML document starts.
///
/// Paths join mapping keys and sequence indices with `/`: the `next` list of the third stage of
/// a roadmap is `stages/2/next`, its first entry `stages/2/next/0`. The document itself is `""`.
///
/// The index is made on first use, by a pass over the document's text (which it shares with
/// [`crate::load::Sources`]): a site that builds without a problem never asks for a position,
/// and positions for every value of a large site would take more memory than the site itself.
#[derive(Clone, Default)]
pub struct SpanIndex {
    /// The whole file, of which `block` is the YAML document.
    source: Arc<str>,
    block: Range<usize>,
    /// Line offset added to every position: front matter starts after the `---` line.
    line_offset: usize,
    tree: OnceLock<Tree>,
}

impl fmt::Debug for SpanIndex {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("SpanIndex")
            .field("block", &self.block)
            .field("line_offset", &self.line_offset)
            .field("made", &self.tree.get().is_some())
            .finish()
    }
}

/// The positions of one document, as a tree of paths (each node holds only its own key or
/// index), so that it grows with the number of values, never with their depth times the length
/// of their keys.
#[derive(Debug, Default, Clone)]
struct Tree {
    /// (parent node, segment) → node. Node 0 is the document.
    children: HashMap<(u32, Segment), u32>,
    /// Per node: where its value starts (line 0: not recorded).
    values: Vec<Span>,
    /// Per node: where its mapping key starts (line 0: not a mapping entry).
    keys: Vec<Span>,
}

/// One step of a path: a list index or a mapping key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Index(u32),
    Key(Box<str>),
}

/// A [`Pos`] in a third of the space; `line` 0 means none.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    line: u32,
    column: u32,
    offset: u32,
}

impl Span {
    fn new(pos: Pos) -> Span {
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            line: small(pos.line.max(1)),
            column: small(pos.column),
            offset: small(pos.offset),
        }
    }

    fn get(self) -> Option<Pos> {
        (self.line > 0).then_some(Pos {
            line: self.line as usize,
            column: self.column as usize,
            offset: self.offset as usize,
        })
    }
}

impl SpanIndex {
    /// The index of the YAML document at `block` of `source`, which starts `line_offset` lines
    /// into it (front matter), made when it is first asked for a position.
    fn new(source: &Arc<str>, block: Range<usize>, line_offset: usize) -> SpanIndex {
        SpanIndex {
            source: source.clone(),
            block,
            line_offset,
            tree: OnceLock::new(),
        }
    }

    /// The position of the value at `path`, or of the closest enclosing value that has one.
    pub fn value(&self, path: &str) -> Pos {
        let tree = self.tree();
        let (chain, _) = tree.walk(path);
        chain
            .iter()
            .rev()
            .find_map(|&node| tree.values[node as usize].get())
            .map_or_else(|| self.shift(Pos::default()), |pos| self.shift(pos))
    }

    /// The position of the key of the mapping entry at `path` (`stages/2/title` points at
    /// `title:`), falling back to the value's position.
    pub fn key(&self, path: &str) -> Pos {
        let tree = self.tree();
        match tree.walk(path) {
            (chain, true) => match chain.last().and_then(|&n| tree.keys[n as usize].get()) {
                Some(pos) => self.shift(pos),
                None => self.value(path),
            },
            (_, false) => self.value(path),
        }
    }

    fn tree(&self) -> &Tree {
        self.tree.get_or_init(|| {
            let text = self.source.get(self.block.clone()).unwrap_or_default();
            let mut tree = Tree::default();
            // A document that does not scan to the end still has positions up to the problem.
            let _ = record(text, &mut Recorder::new(text, &mut tree));
            tree
        })
    }

    fn shift(&self, pos: Pos) -> Pos {
        Pos {
            line: pos.line.max(1) + self.line_offset,
            column: pos.column.max(1),
            offset: pos.offset + self.block.start,
        }
    }
}

impl Tree {
    /// The nodes along `path` from the document down, as far as they exist, and whether the
    /// whole path was found.
    fn walk(&self, path: &str) -> (Vec<u32>, bool) {
        if self.values.is_empty() {
            return (Vec::new(), false);
        }
        let mut chain = vec![0];
        if path.is_empty() {
            return (chain, true);
        }
        for segment in path.split('/') {
            let parent = *chain.last().expect("the chain starts at the document");
            let as_index = segment
                .parse::<u32>()
                .ok()
                .filter(|n| n.to_string() == segment)
                .and_then(|n| self.children.get(&(parent, Segment::Index(n))));
            let found =
                as_index.or_else(|| self.children.get(&(parent, Segment::Key(segment.into()))));
            match found {
                Some(&node) => chain.push(node),
                None => return (chain, false),
            }
        }
        (chain, true)
    }

    /// The document's node, created on first use.
    fn root(&mut self) -> u32 {
        if self.values.is_empty() {
            self.values.push(Span::default());
            self.keys.push(Span::default());
        }
        0
    }

    /// The node `segment` below `parent`, created on first use.
    fn child(&mut self, parent: u32, segment: Segment) -> u32 {
        let next = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        let node = *self.children.entry((parent, segment)).or_insert(next);
        if node == next {
            self.values.push(Span::default());
            self.keys.push(Span::default());
        }
        node
    }

    /// The node of mapping key `key` below `parent`. A key holding `/` becomes several steps,
    /// so that looking up its path finds it as it would any other.
    fn key_child(&mut self, parent: u32, key: &str) -> u32 {
        key.split('/').fold(parent, |node, part| {
            self.child(node, Segment::Key(part.into()))
        })
    }

    fn set_value(&mut self, node: u32, pos: Pos) {
        self.values[node as usize] = Span::new(pos);
    }

    fn set_key(&mut self, node: u32, pos: Pos) {
        self.keys[node as usize] = Span::new(pos);
    }
}

/// The most entries a list may have (stages, units, items, competencies, indicators…).
pub const MAX_LIST_LEN: usize = 10_000;
/// The deepest a document may nest lists and maps (a competency tree 30 levels deep needs 62).
pub const MAX_DEPTH: usize = 64;

/// The most values and mapping keys one document may hold. Every value costs memory twice
/// (positions here, events in serde_yaml), so an 8 MiB file of `[x,x,x,…]` would otherwise
/// take more than a gigabyte.
pub const MAX_NODES: usize = 1_000_000;

/// The largest YAML file jenjang reads, in bytes (8 MiB). libyaml reads the whole input before
/// it can refuse anything, so the size is checked first.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Parses the YAML document at byte range `block` of `source` (the whole text of `file`, or
/// its front-matter block, which starts `line_offset` lines into it) as a `T`.
///
/// Returns the value and its span index, or every problem found: a syntax error, duplicate keys
/// (each with its position), or the first shape error serde reports (wrong type, unknown or
/// missing key) with its position and a "did you mean" hint for misspelt keys.
pub fn parse<T: DeserializeOwned + Nesting + Shaped>(
    file: &Path,
    source: &Arc<str>,
    block: Range<usize>,
    line_offset: usize,
) -> Result<(T, SpanIndex), Vec<Diagnostic>> {
    let full_text: &str = source;
    let text = &full_text[block.clone()];
    let byte_offset = block.start;
    let shift = |local: Pos| Pos {
        line: local.line + line_offset,
        column: local.column,
        offset: local.offset + byte_offset,
    };
    let at = |line: usize, column: usize| shift(Pos::from_line_column(text, line, column));
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error(Code::Shape, "the file is empty")
            .at(file, Pos::from_offset(full_text, byte_offset))
            .hint("write the file's keys, starting with `title:`")]);
    }

    let index = SpanIndex::new(source, block, line_offset);
    // A document that cannot go past the limits on lists and values (by counting what starts
    // an entry) and that serde_yaml takes as a `T` no deeper than the limit is done: serde and
    // the derived structs refuse repeated keys themselves. Everything else takes the pass
    // below, which finds each problem's position.
    let (list_entries, map_entries) = entry_marks(text);
    let small = list_entries <= MAX_LIST_LEN && 3 * (list_entries + map_entries) < MAX_NODES;
    let quick = small.then(|| serde_yaml::from_str::<T>(text));
    let quick = match quick {
        Some(Ok(value)) if value.nesting() <= MAX_DEPTH => return Ok((value, index)),
        other => other,
    };
    // The positions found on the way are dropped: the index makes them again if asked.
    let mut tree = Tree::default();
    let mut recorder = Recorder::new(text, &mut tree);
    let scanned = record(text, &mut recorder);
    let duplicates = std::mem::take(&mut recorder.duplicates);
    let limits = std::mem::take(&mut recorder.limits);
    if !limits.is_empty() {
        return Err(limits
            .into_iter()
            .map(|(pos, message)| {
                Diagnostic::error(Code::Limit, message)
                    .at(file, index.shift(pos))
                    .hint("split the content over several files")
            })
            .collect());
    }

    if !duplicates.is_empty() {
        return Err(duplicates
            .into_iter()
            .map(|(key, pos, first)| {
                let first = index.shift(first);
                Diagnostic::error(
                    Code::Duplicate,
                    format!("the key `{key}` appears twice in this mapping"),
                )
                .at(file, index.shift(pos))
                .hint(format!(
                    "it was first given at line {}; keep one of them",
                    first.line
                ))
            })
            .collect());
    }
    let err = match quick.unwrap_or_else(|| serde_yaml::from_str::<T>(text)) {
        Ok(value) => return Ok((value, index)),
        Err(err) => err,
    };
    if let Err(scan) = &scanned {
        if let Some(d) = limit_error(scan.info()) {
            let mark = scan.marker();
            return Err(vec![d.at(file, at(mark.line(), mark.col() + 1))]);
        }
    }
    // libyaml counts U+0085, U+2028 and U+2029 as line breaks (YAML 1.1), so its line and
    // column can disagree with an editor's; its byte index cannot.
    let located = |e: &serde_yaml::Error| e.location().map(|l| Pos::from_offset(text, l.index()));
    let raw_message = err.to_string();
    if let Some(d) = limit_error(&raw_message) {
        let pos = located(&err).unwrap_or_else(|| Pos::from_line_column(text, 1, 1));
        return Err(vec![d.at(file, shift(pos))]);
    }
    // The whole document as plain YAML: serde stops at the first problem it meets, so a syntax
    // error further down shows only here.
    let doc = match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(doc) => doc,
        Err(syntax_err) => {
            let message = syntax_err.to_string();
            if let Some(d) = limit_error(&message) {
                let pos = located(&syntax_err).unwrap_or_else(|| Pos::from_line_column(text, 1, 1));
                return Err(vec![d.at(file, shift(pos))]);
            }
            let (problem, context) = syntax::split_libyaml(&message, text);
            let reported = syntax::Reported {
                problem: &problem,
                at: located(&syntax_err).unwrap_or_else(|| Pos::from_line_column(text, 1, 1)),
                context: context.as_ref().map(|(c, p)| (c.as_str(), *p)),
                line_offset,
            };
            let explained = syntax::explain(text, &reported);
            let hint =
                unusual_break_before(text, reported.at.offset, &shift).unwrap_or(explained.hint);
            return Err(vec![Diagnostic::error(Code::Syntax, explained.message)
                .at(file, shift(explained.at))
                .hint(hint)]);
        }
    };
    let problems = shape::check::<T>(&doc);
    if !problems.is_empty() {
        return Err(problems
            .into_iter()
            .map(|p| shape_diagnostic(file, full_text, &index, p))
            .collect());
    }
    // serde refused the document for a reason the schema does not describe: its own words.
    let pos = match (located(&err), &scanned) {
        (Some(p), _) => shift(p),
        (None, Err(scan)) => at(scan.marker().line(), scan.marker().col() + 1),
        (None, Ok(())) => at(1, 1),
    };
    let message = clean_message(&raw_message);
    let mut d = Diagnostic::error(Code::Shape, message).at(file, pos);
    if let Some(hint) = unusual_break_before(text, pos.offset - byte_offset, &shift)
        .or_else(|| hint_for_message(&raw_message))
    {
        d = d.hint(hint);
    }
    Err(vec![d])
}

/// A shape problem as a diagnostic at its key or value. An unknown key without a value right
/// after a comma in a `{…}` map is most likely the rest of the text before it, cut off by the
/// comma: the hint then shows that text in quotes.
fn shape_diagnostic(file: &Path, source: &str, index: &SpanIndex, p: shape::Problem) -> Diagnostic {
    let pos = if p.at_key {
        index.key(&p.path)
    } else {
        index.value(&p.path)
    };
    let key = p.path.rsplit('/').next().unwrap_or_default();
    if let Some(previous) = &p.after {
        let before = source[..pos.offset].trim_end();
        let start = index.value(previous).offset;
        let end = pos.offset + key.len();
        if before.ends_with(',') && start < pos.offset && source.get(end..).is_some() {
            let whole = &source[start..end];
            let previous_key = previous.rsplit('/').next().unwrap_or_default();
            let cut = source[start..pos.offset].trim_end().trim_end_matches(',');
            let dotted = whole.replace(", ", ".").replace(',', ".");
            if dotted.parse::<f64>().is_ok() {
                return Diagnostic::error(
                    Code::Shape,
                    format!(
                        "the comma in {} ends the number of `{previous_key}`, so YAML reads {} as a key",
                        shape::code(whole),
                        shape::code(key)
                    ),
                )
                .at(file, pos)
                .hint(format!("write decimals with a point: `{previous_key}: {dotted}`"));
            }
            return Diagnostic::error(
                Code::Shape,
                format!(
                    "the comma after {} ends the text of `{previous_key}`, so YAML reads {} as a key",
                    shape::code(cut),
                    shape::code(key)
                ),
            )
            .at(file, pos)
            .hint(format!(
                "put the text in quotes: `{previous_key}: \"{}\"`",
                whole.replace('"', "\\\"")
            ));
        }
    }
    let mut d = Diagnostic::error(Code::Shape, p.message).at(file, pos);
    d.hint = p.hint;
    d
}

/// Parses the whole of `source`, the text of `file`, as a `T`: [`parse`] for a file that is all
/// YAML.
pub fn parse_text<T: DeserializeOwned + Nesting + Shaped>(
    file: &Path,
    source: &Arc<str>,
) -> Result<(T, SpanIndex), Vec<Diagnostic>> {
    parse(file, source, 0..source.len(), 0)
}

/// Upper bounds of the entries of all lists and of all maps of `text` together. Each entry of
/// a block list starts with `-`, each entry of a flow list or map but the first follows a `,`,
/// and the first follows a `[` or a `{`; a block map's entry holds a `:` (or starts with `?`).
/// A document has at most one value per list entry and a key and a value per map entry, plus
/// itself.
fn entry_marks(text: &str) -> (usize, usize) {
    text.bytes().fold((0, 0), |(lists, maps), b| match b {
        b'-' | b',' | b'[' => (lists + 1, maps),
        b':' | b'?' | b'{' => (lists, maps + 1),
        _ => (lists, maps),
    })
}

/// Feeds the events of the first document of `text` to `recorder`.
///
/// yaml-rust2's own `Parser::load` recurses once per level of nesting, so a line of 100,000
/// `- ` (block sequences need no closing bracket, and yaml-rust2 limits only flow nesting)
/// overflowed the stack; this loop does not recurse, and stops where the nesting limit or the
/// limit on values is passed.
fn record(text: &str, recorder: &mut Recorder) -> Result<(), ScanError> {
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token()?;
        let last = matches!(event, Event::StreamEnd | Event::DocumentEnd);
        recorder.on_event(event, mark);
        if last || recorder.stop {
            return Ok(());
        }
    }
}

/// The parsers' own limits as `limit` errors: yaml-rust2 refuses flow collections nested
/// more than 255 deep before [`Recorder`] sees them, and serde_yaml refuses nesting past 128
/// and aliases that expand to much more than the document (a "billion laughs" file).
fn limit_error(message: &str) -> Option<Diagnostic> {
    if message.contains("recursion limit exceeded") {
        Some(
            Diagnostic::error(
                Code::Limit,
                format!("lists and maps are nested more than {MAX_DEPTH} deep"),
            )
            .hint("split the content over several files"),
        )
    } else if message.contains("repetition limit exceeded") {
        Some(
            Diagnostic::error(
                Code::Limit,
                "aliases (`*name`) repeat their anchors too often: expanded, this file would be far larger than it is",
            )
            .hint("write the repeated content out, or repeat it fewer times"),
        )
    } else {
        None
    }
}

/// serde_yaml's message in an author's words: without the appended position (the diagnostic
/// shows it), "key" for "field", and without the list of expected keys (the hint gives the
/// likely one).
fn clean_message(message: &str) -> String {
    let without = without_location(message);
    let trimmed = without.as_str();
    let (context, body) = match trimmed.split_once(": ") {
        Some((ctx, body)) if !ctx.contains(' ') => (Some(ctx), body),
        _ => (None, trimmed),
    };
    let body = if let Some(rest) = body.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        format!("unknown key `{key}`")
    } else if let Some(rest) = body.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or("");
        format!("the key `{key}` is missing")
    } else if let Some(rest) = body.strip_prefix("unknown variant `") {
        let key = rest.split('`').next().unwrap_or("");
        format!("unknown value `{key}`")
    } else {
        body.to_string()
    };
    let body = humanize_types(&body);
    match context {
        Some(ctx) => format!("{body} (in `{ctx}`)"),
        None => body,
    }
    .trim()
    .to_string()
}

/// A hint naming the last U+0085, U+2028 or U+2029 in `text` before byte `end`: libyaml
/// reads them as line breaks, which an author rarely means (they come with pasted text).
fn unusual_break_before(text: &str, end: usize, shift: &dyn Fn(Pos) -> Pos) -> Option<String> {
    let (i, c) = text
        .char_indices()
        .take_while(|&(i, _)| i <= end)
        .filter(|&(_, c)| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'))
        .last()?;
    let at = shift(Pos::from_offset(text, i));
    Some(format!(
        "line {} column {} holds an invisible U+{:04X} character, which YAML reads as a line break; replace it with a space or a real line break",
        at.line, at.column, c as u32
    ))
}

/// `message` without libyaml's " at line N column M" (the diagnostic shows the position, and
/// libyaml's line count can differ from the editor's).
fn without_location(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(i) = out.find(" at line ") {
        let rest = &out[i + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line_len = digits(rest);
        let Some(after) = rest[line_len..].strip_prefix(" column ") else {
            break;
        };
        let column_len = digits(after);
        if line_len == 0 || column_len == 0 {
            break;
        }
        let end = out.len() - after.len() + column_len;
        out.replace_range(i..end, "");
    }
    out
}

/// Replaces Rust type names serde mentions ("expected struct RawStage") with words.
fn humanize_types(message: &str) -> String {
    let Some(start) = message.find("struct Raw") else {
        return message.to_string();
    };
    let name_start = start + "struct Raw".len();
    let name_end = message[name_start..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .map_or(message.len(), |i| name_start + i);
    let mut words = String::new();
    for c in message[name_start..name_end].chars() {
        if c.is_ascii_uppercase() && !words.is_empty() {
            words.push(' ');
        }
        words.push(c.to_ascii_lowercase());
    }
    format!(
        "{}a map of {words} keys{}",
        &message[..start],
        humanize_types(&message[name_end..])
    )
}

/// A fix for the shape errors serde reports.
fn hint_for_message(message: &str) -> Option<String> {
    let message = match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    };
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected one of ")
            .nth(1)
            .or_else(|| rest.split("expected ").nth(1))
            .map(|list| {
                list.split(", ")
                    .map(|s| s.trim_matches(|c| c == '`' || c == ' ' || c == '.'))
                    .collect()
            })
            .unwrap_or_default();
        return Some(
            match crate::diagnostics::suggest(unknown, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None if expected.is_empty() => "remove this key".to_string(),
                None => format!("remove this key, or use one of: {}", expected.join(", ")),
            },
        );
    }
    if message.contains("missing field `") {
        return Some("add the missing key".to_string());
    }
    if message.contains("invalid type") {
        return Some("check the value's form against the content format".to_string());
    }
    None
}

/// Receives yaml-rust2's events and records the position of every node by path.
struct Recorder<'a> {
    text: &'a str,
    index: &'a mut Tree,
    stack: Vec<Frame>,
    /// (key, position, position of the first occurrence)
    duplicates: Vec<(String, Pos, Pos)>,
    /// Lists over [`MAX_LIST_LEN`] entries, nesting over [`MAX_DEPTH`] and documents over
    /// [`MAX_NODES`] values: (position, message).
    limits: Vec<(Pos, String)>,
    /// Set when nesting passes [`MAX_DEPTH`] or the values pass [`MAX_NODES`]: recording stops
    /// there.
    stop: bool,
    /// Values and keys seen so far.
    nodes: usize,
    /// The byte offset at which each line starts, so that a marker's line and column convert
    /// to a byte offset by walking one line only (markers do not always arrive in order).
    line_starts: Vec<usize>,
    /// The last (line, column, byte offset) converted: on one long line, markers mostly move
    /// forward, so conversion walks on from there.
    cursor: (usize, usize, usize),
}

enum Frame {
    Seq {
        node: u32,
        next: u32,
    },
    Map {
        node: u32,
        /// The node of the key whose value comes next; `None` while a key is expected.
        key: Option<u32>,
        seen: HashMap<String, Pos>,
    },
    /// A complex (non-scalar) mapping key, which jenjang never uses: its insides are skipped.
    Skip,
}

impl<'a> Recorder<'a> {
    fn new(text: &'a str, index: &'a mut Tree) -> Recorder<'a> {
        Recorder {
            text,
            index,
            stack: Vec::new(),
            duplicates: Vec::new(),
            limits: Vec::new(),
            stop: false,
            nodes: 0,
            cursor: (0, 0, 0),
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    fn pos(&mut self, mark: Marker) -> Pos {
        let (line, col) = (mark.line(), mark.col());
        let (from_col, from) = match self.cursor {
            (l, c, offset) if l == line && c <= col => (c, offset),
            _ => (
                0,
                self.line_starts
                    .get(line.saturating_sub(1))
                    .copied()
                    .unwrap_or(self.text.len()),
            ),
        };
        let offset = self.text[from..]
            .char_indices()
            .nth(col - from_col)
            .map_or(self.text.len(), |(i, _)| from + i);
        self.cursor = (line, col, offset);
        Pos {
            line,
            column: col + 1,
            offset,
        }
    }

    /// Called when a node starts. Returns the node's index node, or `None` when the node is a
    /// mapping key (whose text is recorded as the key) or inside a skipped complex key.
    fn enter(&mut self, pos: Pos, key_text: Option<&str>, is_container: bool) -> Option<u32> {
        self.nodes += 1;
        if self.nodes == MAX_NODES + 1 {
            let message = format!("this file holds more than {MAX_NODES} values and keys");
            self.limits.push((pos, message));
            self.stop = true;
        }
        match self.stack.last_mut() {
            None => Some(self.index.root()),
            Some(Frame::Skip) => None,
            Some(Frame::Seq { node, next }) => {
                let (parent, i) = (*node, *next);
                *next = next.saturating_add(1);
                if *next as usize == MAX_LIST_LEN + 1 {
                    let message = format!("this list has more than {MAX_LIST_LEN} entries");
                    self.limits.push((pos, message));
                }
                Some(self.index.child(parent, Segment::Index(i)))
            }
            Some(Frame::Map { node, key, seen }) => match key.take() {
                Some(k) => Some(k),
                None => {
                    let k = match key_text {
                        Some(k) if !is_container => k,
                        _ => "?",
                    };
                    if let Some(first) = seen.get(k) {
                        self.duplicates.push((k.to_string(), pos, *first));
                    } else {
                        seen.insert(k.to_string(), pos);
                    }
                    let child = self.index.key_child(*node, k);
                    self.index.set_key(child, pos);
                    *key = Some(child);
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Recorder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = self.pos(mark);
        match ev {
            Event::Scalar(ref value, ..) => {
                if let Some(node) = self.enter(pos, Some(value), false) {
                    self.index.set_value(node, pos);
                }
            }
            Event::Alias(_) => {
                if let Some(node) = self.enter(pos, None, false) {
                    self.index.set_value(node, pos);
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if self.stack.len() == MAX_DEPTH {
                    let message = format!("lists and maps are nested more than {MAX_DEPTH} deep");
                    self.limits.push((pos, message));
                    self.stop = true;
                }
                let is_map = matches!(ev, Event::MappingStart(..));
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                let skipping = matches!(self.stack.last(), Some(Frame::Skip));
                let node = self.enter(pos, None, true);
                match node {
                    Some(node) if !is_key && !skipping => {
                        self.index.set_value(node, pos);
                        self.stack.push(if is_map {
                            Frame::Map {
                                node,
                                key: None,
                                seen: HashMap::new(),
                            }
                        } else {
                            Frame::Seq { node, next: 0 }
                        });
                    }
                    _ => self.stack.push(Frame::Skip),
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw::RawRoadmap;

    const ROADMAP: &str =
        "title: T\nstages:\n  - id: a\n    title: A\n    next: [b, c]\n  - id: b\n    title: B\n";

    #[test]
    fn records_value_and_key_positions() {
        let (_, index) =
            parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(ROADMAP)).unwrap();
        let p = index.value("stages/0/next/1");
        assert_eq!((p.line, p.column), (5, 15));
        let k = index.key("stages/1/title");
        assert_eq!((k.line, k.column), (7, 5));
        assert_eq!(&ROADMAP[k.offset..k.offset + 5], "title");
        // Unknown paths fall back to the closest known parent.
        assert_eq!(index.value("stages/1/checklist/3").line, 6);
    }

    #[test]
    fn positions_count_characters() {
        let text = "title: Éé\nsummary: ü\nstages: []\n";
        let (_, index) = parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(text)).unwrap();
        let p = index.value("summary");
        assert_eq!((p.line, p.column), (2, 10));
        assert_eq!(&text[p.offset..p.offset + 2], "ü");
        let k = index.key("stages");
        assert_eq!(&text[k.offset..k.offset + 6], "stages");
    }

    #[test]
    fn unusual_line_breaks_keep_editor_positions_and_get_a_hint() {
        // libyaml reads U+2028 as a line break; the editor shows one line per line feed.
        let text = "title: \"a\u{2028}b\"\nsummary: x\u{2028}y\nstages: []\n";
        let errs = parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(text)).unwrap_err();
        let d = &errs[0];
        assert_eq!(d.code, Code::Syntax);
        assert_eq!(d.pos.unwrap().line, 3, "{d:?}");
        assert!(!d.message.contains(" at line "), "{}", d.message);
        assert_eq!(
            d.hint.as_deref(),
            Some("line 2 column 11 holds an invisible U+2028 character, which YAML reads as a line break; replace it with a space or a real line break")
        );
    }

    #[test]
    fn libyaml_locations_are_taken_out_of_messages() {
        assert_eq!(
            without_location("did not find ':' at line 6 column 1, while scanning"),
            "did not find ':', while scanning"
        );
        assert_eq!(without_location("at line 2 column 3"), "at line 2 column 3");
        assert_eq!(without_location("x at line two"), "x at line two");
        assert_eq!(without_location("x at line 2 column 3"), "x");
    }

    #[test]
    fn unknown_key_has_position_and_hint() {
        let text = "title: T\nstages:\n  - id: a\n    titel: A\n";
        let errs = parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(text)).unwrap_err();
        let d = &errs[0];
        assert_eq!(d.code, Code::Shape);
        assert_eq!(d.pos.unwrap().line, 4);
        assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(d.message, "unknown key `titel` in stage 1 (`a`)");
    }

    #[test]
    fn duplicate_keys_name_both_lines() {
        let text = "title: T\nsummary: a\ntitle: U\n";
        let errs = parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(text)).unwrap_err();
        assert_eq!(errs[0].code, Code::Duplicate);
        assert_eq!(errs[0].pos.unwrap().line, 3);
        assert!(errs[0].hint.as_ref().unwrap().contains("line 1"));
    }

    #[test]
    fn repeated_keys_in_texts_and_level_maps_name_both_lines() {
        let text = "title:\n  en: T\n  en: U\nstages: []\n";
        let errs = parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(text)).unwrap_err();
        assert_eq!(errs[0].code, Code::Duplicate, "{errs:?}");
        assert_eq!(errs[0].pos.unwrap().line, 3);
        assert!(errs[0].hint.as_ref().unwrap().contains("line 2"));
        let text = "title: F\ncompetencies:\n  - id: c\n    title: C\n    levels:\n      a: x\n      a: y\n";
        let errs =
            parse_text::<crate::load::raw::RawFramework>(Path::new("f.yaml"), &Arc::from(text))
                .unwrap_err();
        assert_eq!(errs[0].code, Code::Duplicate, "{errs:?}");
        assert_eq!(errs[0].pos.unwrap().line, 7);
    }

    #[test]
    fn a_valid_document_keeps_no_positions_until_asked() {
        let (_, index) =
            parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(ROADMAP)).unwrap();
        assert!(index.tree.get().is_none());
        assert_eq!(index.value("stages/1/title").line, 7);
        assert!(index.tree.get().is_some());
    }

    #[test]
    fn a_competency_tree_past_the_nesting_limit_is_a_limit_error() {
        let tree = |levels: usize| {
            let mut text = String::from("title: F\ncompetencies:\n");
            for i in 0..levels {
                let pad = "    ".repeat(i);
                text.push_str(&format!("{pad}  - id: c{i}\n{pad}    title: C\n"));
                if i + 1 < levels {
                    text.push_str(&format!("{pad}    children:\n"));
                }
            }
            text
        };
        let text = tree(40);
        let errs =
            parse_text::<crate::load::raw::RawFramework>(Path::new("f.yaml"), &Arc::from(&*text))
                .unwrap_err();
        assert_eq!(errs[0].code, Code::Limit, "{errs:?}");
        let text = tree(20);
        assert!(parse_text::<crate::load::raw::RawFramework>(
            Path::new("f.yaml"),
            &Arc::from(&*text)
        )
        .is_ok());
    }

    #[test]
    fn syntax_error_has_position() {
        let text = "title: T\nstages: [a\n";
        let errs = parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(text)).unwrap_err();
        assert_eq!(errs[0].code, Code::Syntax);
        assert!(errs[0].pos.unwrap().line >= 2);
    }

    #[test]
    fn limits_lists_and_nesting() {
        let long = format!(
            "title: T\nstages:\n{}",
            "  - {id: a, title: A}\n".repeat(MAX_LIST_LEN + 1)
        );
        let errs = parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(&*long)).unwrap_err();
        assert_eq!(errs[0].code, Code::Limit);
        assert_eq!(errs[0].pos.unwrap().line, MAX_LIST_LEN + 3);
        let deep = format!(
            "title: T\nsummary: {}{}\n",
            "[".repeat(200),
            "]".repeat(200)
        );
        let errs = parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(&*deep)).unwrap_err();
        assert_eq!(errs[0].code, Code::Limit);
        // Deeper than yaml-rust2's own flow limit (255), closed or not.
        for deep in [
            format!(
                "title: T\nsummary: {}{}\n",
                "[".repeat(5000),
                "]".repeat(5000)
            ),
            format!("title: T\nsummary: {}\n", "{a: ".repeat(5000)),
        ] {
            let errs =
                parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(&*deep)).unwrap_err();
            assert_eq!(errs[0].code, Code::Limit, "{errs:?}");
            assert_eq!(errs[0].pos.unwrap().line, 2);
        }
    }

    #[test]
    fn deep_block_nesting_does_not_overflow_the_stack() {
        // Two bytes per level: `- - - … x`. Run on a small stack to make sure nothing recurses
        // per level.
        let text = format!("title: T\nstages:\n  {}x\n", "- ".repeat(200_000));
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(&*text)).unwrap_err()
            })
            .unwrap();
        let errs = handle.join().expect("no stack overflow");
        assert_eq!(errs[0].code, Code::Limit, "{errs:?}");
        assert_eq!(errs[0].pos.unwrap().line, 3);
    }

    #[test]
    fn keys_with_slashes_and_numbers_are_found() {
        let text = "title: T\nlevels:\n  a/b: x\n  2: y\nstages:\n  - id: s\n    title: S\n";
        let index = SpanIndex::new(&Arc::from(text), 0..text.len(), 0);
        assert_eq!(index.value("levels/a/b").line, 3);
        assert_eq!(index.key("levels/a/b").column, 3);
        assert_eq!(index.value("levels/2").line, 4);
        assert_eq!(index.value("stages/0/title").line, 7);
        assert_eq!(
            index.value("stages/00/title").line,
            6,
            "`00` is not index 0"
        );
        assert_eq!(index.value("stages/0/nothing/3").line, 6);
        assert_eq!(index.value("").line, 1);
        assert_eq!(SpanIndex::default().value("a/b").line, 1);
    }

    #[test]
    fn long_keys_deep_down_cost_memory_once() {
        // A 64 KiB key at depth 1 above 50,000 values: recorded as paths, this was 3 GiB.
        let mut text = format!("title: T\n? {}\n:\n", "k".repeat(64 * 1024));
        for i in 0..50_000 {
            text.push_str(&format!("  a{i}: x\n"));
        }
        let index = SpanIndex::new(&Arc::from(&*text), 0..text.len(), 0);
        let stored: usize = index
            .tree()
            .children
            .keys()
            .map(|(_, s)| match s {
                Segment::Key(k) => k.len(),
                Segment::Index(_) => 0,
            })
            .sum();
        assert!(
            stored < text.len(),
            "{stored} bytes of keys for {} bytes of text",
            text.len()
        );
        assert_eq!(
            index
                .value(&format!("{}/a49999", "k".repeat(64 * 1024)))
                .line,
            50_003
        );
    }

    #[test]
    fn too_many_values_is_a_limit_error() {
        let per_list = MAX_LIST_LEN - 1;
        let lists = MAX_NODES / per_list + 1;
        let mut text = String::from("title: T\nstages:\n");
        for _ in 0..lists {
            text.push_str("  - [");
            text.push_str(&"x,".repeat(per_list));
            text.push_str("x]\n");
        }
        let errs = parse_text::<RawRoadmap>(Path::new("r.yaml"), &Arc::from(&*text)).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].code, Code::Limit, "{errs:?}");
        assert!(errs[0].message.contains("1000000"), "{errs:?}");
    }

    #[test]
    fn alias_bombs_are_limit_errors() {
        let mut text = String::from("title: T\ncompetencies:\n  - &c0 {id: c0, title: x}\n");
        for i in 1..=9 {
            let refs = vec![format!("*c{}", i - 1); 9].join(", ");
            text.push_str(&format!(
                "  - &c{i} {{id: c{i}, title: x, children: [{refs}]}}\n"
            ));
        }
        let errs =
            parse_text::<crate::load::raw::RawFramework>(Path::new("f.yaml"), &Arc::from(&*text))
                .unwrap_err();
        assert_eq!(errs[0].code, Code::Limit, "{errs:?}");
        assert!(errs[0].pos.is_some());
    }

    #[test]
    fn type_names_become_words() {
        assert_eq!(
            humanize_types("invalid type: string \"a\", expected struct RawCompetencyRef"),
            "invalid type: string \"a\", expected a map of competency ref keys"
        );
    }

    #[test]
    fn offsets_shift_front_matter() {
        let text = "title: T\ntitel: x\n";
        let errs = parse::<RawRoadmap>(
            Path::new("p.md"),
            &Arc::from("---\ntitle: T\ntitel: x\n---\n"),
            4..4 + text.len(),
            1,
        )
        .unwrap_err();
        assert_eq!(errs[0].pos.unwrap().line, 3);
    }
}
