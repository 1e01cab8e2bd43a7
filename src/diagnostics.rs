//! Diagnostics: every problem jenjang finds in a site, as data.
//!
//! Nothing below the commands prints. `load` and `resolve` return [`Diagnostic`]s; a command
//! decides how to show them ([`Diagnostic::render`] draws the source line with a caret, like
//! rustc) and which exit code they mean.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How bad a problem is. Errors stop a build; warnings do not, unless `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A position in a source file: 1-based line and column (columns count characters), and the
/// byte offset of that position in the file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl Pos {
    /// The position of byte `offset` in `text` (clamped to the text's length).
    pub fn from_offset(text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        Pos {
            line,
            column,
            offset,
        }
    }

    /// The position of 1-based `line` and `column` (in characters) in `text`.
    pub fn from_line_column(text: &str, line: usize, column: usize) -> Pos {
        let line_start = if line <= 1 {
            0
        } else {
            text.match_indices('\n')
                .nth(line - 2)
                .map_or(text.len(), |(i, _)| i + 1)
        };
        let offset = text[line_start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| line_start + i);
        Pos {
            line: line.max(1),
            column: column.max(1),
            offset,
        }
    }
}

/// One problem: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable code, e.g. `E-REF`; see [`Code`] for the list.
    pub code: Code,
    pub message: String,
    /// The file, relative to the site root where possible. `None` for problems that belong to no
    /// file (such as an unreadable site folder).
    pub file: Option<PathBuf>,
    /// Where in `file`; `None` when the problem is about the file as a whole.
    pub pos: Option<Pos>,
    /// A suggested fix, e.g. "did you mean `pedagogical`?".
    pub hint: Option<String>,
}

/// The stable diagnostic codes. Their text form (`Code::as_str`) never changes meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A file could not be read or decoded.
    Io,
    /// The YAML (or front matter) does not parse.
    Syntax,
    /// A value has the wrong type or shape, a required key is missing, or a key is unknown.
    Shape,
    /// An id does not match `^[a-z0-9]+(-[a-z0-9]+)*$` or is reserved.
    Id,
    /// Two things share an id in one scope.
    Duplicate,
    /// A reference names something that does not exist.
    Reference,
    /// The `next` links of a roadmap's stages form a cycle.
    Cycle,
    /// No path from a roadmap's first stage reaches a stage.
    Unreachable,
    /// A scale's bands are invalid (`min` out of range, repeated) or leave a range uncovered.
    Scale,
    /// A duration is not a whole number and a unit.
    Duration,
    /// A checklist item has no explicit id (a warning).
    ItemId,
    /// A competency that nothing develops, or a module that develops no competency.
    Gap,
    /// A file is over a documented limit (list length, nesting depth).
    Limit,
    /// A setting in `site.yaml` is invalid.
    Config,
    /// A template failed to load or render.
    Template,
    /// A file or folder where jenjang does not look for content, or with an extension it does
    /// not read there (a warning: the file is not part of the site).
    Unread,
    /// A text holds a control character (other than tab and line breaks) that pages would show
    /// as a box.
    Control,
}

impl Code {
    /// The code as shown to users and in `--format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "io",
            Code::Syntax => "syntax",
            Code::Shape => "shape",
            Code::Id => "id",
            Code::Duplicate => "duplicate-id",
            Code::Reference => "reference",
            Code::Cycle => "cycle",
            Code::Unreachable => "unreachable",
            Code::Scale => "scale",
            Code::Duration => "duration",
            Code::ItemId => "item-id",
            Code::Gap => "curriculum-gap",
            Code::Limit => "limit",
            Code::Config => "config",
            Code::Template => "template",
            Code::Unread => "unread-file",
            Code::Control => "control-character",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            pos: None,
            hint: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, file: impl Into<PathBuf>, pos: Pos) -> Diagnostic {
        self.file = Some(file.into());
        self.pos = Some(pos);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or as much of it as is known.
    pub fn location(&self) -> String {
        match (&self.file, self.pos) {
            (Some(f), Some(p)) => format!("{}:{}:{}", f.display(), p.line, p.column),
            (Some(f), None) => f.display().to_string(),
            (None, _) => String::new(),
        }
    }

    /// Draws the diagnostic for a terminal: a title line, the source line with a caret under the
    /// position, and the hint. `source` is the text of `self.file` (if it can be had); `color`
    /// switches ANSI colours on.
    pub fn render(&self, source: Option<&str>, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level
            .primary_title(self.message.as_str())
            .id(self.code.as_str());
        let path = self.file.as_ref().map(|f| f.display().to_string());
        let mut group = match (source, self.pos, &path) {
            (Some(text), Some(pos), Some(path)) => {
                let end = caret_end(text, pos.offset);
                title.element(
                    Snippet::source(text)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(pos.offset..end)),
                )
            }
            _ => Group::with_title(title),
        };
        let location = self.location();
        if (source.is_none() || self.pos.is_none()) && !location.is_empty() {
            group = group.element(Level::NOTE.message(format!("in {location}")));
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

/// The JSON form of a diagnostic (`check --format json`): `{severity, code, message, file,
/// line, column, end_line, end_column, hint}`, absent values as `null`, `file` with `/`
/// separators. The end is where the span shown with a caret ends (exclusive: the character
/// after it), on the same line.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub severity: Severity,
    pub code: Code,
    pub message: &'a str,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub hint: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    /// The JSON form of `d`; `source` is the text of its file, for the end of its span.
    pub fn new(d: &'a Diagnostic, source: Option<&str>) -> JsonDiagnostic<'a> {
        let end = d.span_end(source);
        JsonDiagnostic {
            severity: d.severity,
            code: d.code,
            message: &d.message,
            file: d.file_with_slashes(),
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.column),
            end_line: end.map(|p| p.line),
            end_column: end.map(|p| p.column),
            hint: d.hint.as_deref(),
        }
    }
}

impl Diagnostic {
    /// The file with `/` separators on every system.
    pub fn file_with_slashes(&self) -> Option<String> {
        self.file.as_ref().map(|f| {
            f.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
    }

    /// Where the span shown with a caret ends (the position just after it), when the position
    /// and the file's text `source` are known.
    pub fn span_end(&self, source: Option<&str>) -> Option<Pos> {
        let (text, pos) = (source?, self.pos?);
        let offset = pos.offset.min(text.len());
        (text.is_char_boundary(offset)).then(|| Pos::from_offset(text, caret_end(text, offset)))
    }

    /// The diagnostic as a GitHub Actions workflow command (`::error file=…,line=…::message`),
    /// which shows it as an annotation on the file's line in a pull request. `source` is the
    /// text of its file, for the end of its span.
    pub fn github(&self, source: Option<&str>) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = Vec::new();
        if let Some(file) = self.file_with_slashes() {
            properties.push(format!("file={}", github_property(&file)));
        }
        if let Some(pos) = self.pos {
            properties.push(format!("line={},col={}", pos.line, pos.column));
            if let Some(end) = self.span_end(source).filter(|e| e.line == pos.line) {
                properties.push(format!("endColumn={}", end.column));
            }
        }
        properties.push(format!(
            "title={}",
            github_property(&format!("jenjang {}", self.code))
        ));
        let mut message = self.message.clone();
        if let Some(hint) = &self.hint {
            message.push_str("\nhelp: ");
            message.push_str(hint);
        }
        format!(
            "::{level} {}::{}",
            properties.join(","),
            github_data(&message)
        )
    }
}

/// A workflow command's message with the characters GitHub reads specially escaped.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: its message escapes, and `:` and `,` too.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The end of the caret span: the quoted string, flow item or plain value at `offset`, at least
/// one character and never past the end of the line.
fn caret_end(text: &str, offset: usize) -> usize {
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let rest = &text[offset..line_end];
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let in_flow = text[line_start..offset].contains(['[', '{']);
    let len = match rest.chars().next() {
        Some('\t' | '{' | '[') => 1,
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |i| i + 2),
        _ if in_flow => rest.find([',', ']', '}']).unwrap_or(rest.len()),
        _ => [
            rest.find(" #"),
            rest.find(": "),
            rest.strip_suffix(':').map(str::len),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len()),
    };
    let len = rest[..len].trim_end().len();
    if len == 0 {
        rest.chars()
            .next()
            .map_or(offset, |c| offset + c.len_utf8())
    } else {
        offset + len
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let loc = self.location();
        if !loc.is_empty() {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{sev}[{}]: {}", self.code, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file, then position, errors before warnings at the same place, so that
/// output is stable from run to run.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.pos.map(|p| p.offset), b.severity, &a.message).cmp(&(
            &b.file,
            b.pos.map(|p| p.offset),
            a.severity,
            &b.message,
        ))
    });
}

/// Makes every warning an error (`--strict`: warnings count as errors).
pub fn make_errors(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        d.severity = Severity::Error;
    }
}

/// The closest of `candidates` to `word`, if one is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" for the closest candidate, else a list of what exists (up to 8).
pub fn hint_for(word: &str, candidates: &[&str], what: &str) -> String {
    if let Some(best) = suggest(word, candidates.iter().copied()) {
        return format!("did you mean `{best}`?");
    }
    if candidates.is_empty() {
        return format!("there are no {what} to refer to");
    }
    let mut shown: Vec<&str> = candidates.iter().copied().take(8).collect();
    shown.sort_unstable();
    let more = if candidates.len() > 8 { ", …" } else { "" };
    format!("the {what} are: {}{more}", shown.join(", "))
}

/// The display path of `path` relative to `root`, falling back to `path` itself.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip() {
        let text = "a: 1\nbé: 2\nc: 3\n";
        let p = Pos::from_line_column(text, 2, 2);
        assert_eq!(&text[p.offset..p.offset + 2], "é");
        assert_eq!(Pos::from_offset(text, p.offset), p);
        assert_eq!(Pos::from_offset(text, 1000).line, 4);
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("pedagogic", ["personal", "pedagogical", "social"]),
            Some("pedagogical")
        );
        assert_eq!(suggest("zzz", ["personal"]), None);
        assert_eq!(
            hint_for("zzz", &["b", "a"], "stages"),
            "the stages are: a, b"
        );
    }

    #[test]
    fn renders_source_line_and_caret() {
        let text = "title: X\nnext: [establishmnt]\n";
        let d = Diagnostic::error(Code::Reference, "no stage `establishmnt`")
            .at("content/roadmaps/t.yaml", Pos::from_line_column(text, 2, 8))
            .hint("did you mean `establishment`?");
        let out = d.render(Some(text), false);
        assert!(out.contains("content/roadmaps/t.yaml:2:8"), "{out}");
        assert!(out.contains("next: [establishmnt]"), "{out}");
        assert!(out.contains("^^^^^^^^^^^^"), "{out}");
        assert!(out.contains("did you mean `establishment`?"), "{out}");
    }
}
