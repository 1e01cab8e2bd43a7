//! YAML syntax errors in an author's words.
//!
//! libyaml (through serde_yaml) and yaml-rust2 name a syntax error by the state their parser
//! was in ("mapping values are not allowed in this context", "while scanning a plain scalar,
//! found a tab"), which an author cannot act on. [`explain`] looks at the text around the
//! error and says what the author most likely did (a tab in the indentation, a line indented
//! too far or not far enough, `: ` or `, ` in a value that needs quotes, a quote or bracket
//! never closed, a YAML feature the format does not use) and where, with the fix.

use crate::diagnostics::Pos;

/// A syntax error as the parser reported it: its problem, where, and what it was reading.
#[derive(Debug, Clone)]
pub struct Reported<'a> {
    /// libyaml's problem, e.g. `did not find expected ',' or '}'`.
    pub problem: &'a str,
    /// Where the problem is, in the document's text.
    pub at: Pos,
    /// What the parser was reading, e.g. `while parsing a flow mapping`, and where that began.
    pub context: Option<(&'a str, Option<Pos>)>,
    /// Lines before the document in its file (front matter starts after `---`): added to
    /// the line numbers messages name.
    pub line_offset: usize,
}

/// What to tell the author: where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub at: Pos,
    pub message: String,
    pub hint: String,
}

/// Splits libyaml's message (`<problem> at line L column C, <context> at line L2 column C2`)
/// into its problem and its context with the context's position in `text`.
pub fn split_libyaml(message: &str, text: &str) -> (String, Option<(String, Option<Pos>)>) {
    let (problem, context) = match message.find(", while ") {
        Some(i) => (&message[..i], Some(&message[i + 2..])),
        None => (message, None),
    };
    let (problem, _) = cut_mark(problem);
    // libyaml counts U+0085, U+2028 and U+2029 as line breaks, so its lines are not the
    // editor's where the text holds one.
    let trusted = !text.contains(['\u{85}', '\u{2028}', '\u{2029}']);
    let context = context.map(|c| {
        let (words, mark) = cut_mark(c);
        (
            words.to_string(),
            mark.filter(|_| trusted)
                .map(|(l, col)| Pos::from_line_column(text, l, col)),
        )
    });
    (problem.to_string(), context)
}

/// `text` without a trailing ` at line L column C`, and that line and column.
fn cut_mark(text: &str) -> (&str, Option<(usize, usize)>) {
    let Some(i) = text.rfind(" at line ") else {
        return (text, None);
    };
    let rest = &text[i + " at line ".len()..];
    let mut parts = rest.split(" column ");
    let line = parts.next().and_then(|l| l.trim().parse().ok());
    let column = parts.next().and_then(|c| {
        c.trim()
            .split(|ch: char| !ch.is_ascii_digit())
            .next()
            .and_then(|d| d.parse().ok())
    });
    match (line, column) {
        (Some(l), Some(c)) => (&text[..i], Some((l, c))),
        _ => (text, None),
    }
}

/// The author's mistake behind a syntax error in `text`, as well as it can be told.
pub fn explain(text: &str, reported: &Reported) -> Explained {
    let problem = reported.problem;
    let context = reported.context.as_ref().map_or("", |(c, _)| *c);
    let context_at = reported.context.as_ref().and_then(|(_, p)| *p);
    let at = reported.at;
    let line = line_of(text, at.line);

    if let Some(tab) = tab_in_indentation(text, at.line + 1) {
        return Explained {
            at: tab,
            message: "this line is indented with a tab".into(),
            hint: "indent with spaces only: YAML does not accept tabs in indentation".into(),
        };
    }
    if let Some(found) = missing_space(text, at.line) {
        return found;
    }
    if problem.contains("tab") {
        if let Some(offset) = text[line_start(text, at.line)..].find('\t') {
            return Explained {
                at: Pos::from_offset(text, line_start(text, at.line) + offset),
                message: "a tab is not allowed here".into(),
                hint: "use spaces instead of the tab".into(),
            };
        }
    }
    if problem.contains("control characters are not allowed") {
        if let Some((i, c)) = text
            .char_indices()
            .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            return Explained {
                at: Pos::from_offset(text, i),
                message: format!(
                    "this line holds an invisible control character (U+{:04X})",
                    c as u32
                ),
                hint: "delete it: it often comes with text pasted from another program".into(),
            };
        }
    }
    if problem.contains("mapping values are not allowed") {
        return colon_in_block(text, at, line, reported.line_offset);
    }
    if problem.contains("block sequence entries are not allowed") {
        return Explained {
            at,
            message: "a list entry (`- `) cannot follow a key on the same line".into(),
            hint: "start the list on the next line, indented under the key, or write it as `key: [a, b]`".into(),
        };
    }
    if problem.contains("end of stream") && context.contains("quoted scalar") {
        let opening = context_at.unwrap_or(at);
        let quote = text[opening.offset..].chars().next().unwrap_or('"');
        return Explained {
            at: opening,
            message: format!("the quote `{quote}` opened here is never closed"),
            hint: format!("end the text with a matching `{quote}`"),
        };
    }
    if problem.contains("unknown escape character") || problem.contains("hexdecimal number") {
        return Explained {
            at,
            message: "a backslash in double quotes starts an escape YAML does not know".into(),
            hint:
                "write the text in single quotes ('C:\\folder'), or double the backslash (`\\\\`)"
                    .into(),
        };
    }
    if problem.contains("did not find expected ','") {
        return unclosed_flow(text, at, context, context_at);
    }
    if problem.contains("cannot start any token") {
        let c = text[at.offset..].chars().next().unwrap_or(' ');
        return Explained {
            at,
            message: format!("a value cannot start with `{c}`"),
            hint: quote_hint(line, at),
        };
    }
    if context.contains("anchor") || context.contains("alias") || problem.contains("anchor") {
        // libyaml may point past the name: the value starts at the first `*` or `&` after a
        // `: `, a `- ` or a bracket on the line.
        let start = line_start(text, at.line);
        let mark = line
            .char_indices()
            .find(|&(i, c)| {
                matches!(c, '*' | '&')
                    && line[..i]
                        .trim_end()
                        .chars()
                        .last()
                        .is_none_or(|b| matches!(b, ':' | '-' | '[' | '{' | ','))
            })
            .map_or(at, |(i, _)| Pos::from_offset(text, start + i));
        let c = text[mark.offset..].chars().next().unwrap_or('*');
        let (reads, what) = if c == '&' {
            ("an anchor", "a name for it")
        } else {
            ("an alias", "a reference to an anchor")
        };
        return Explained {
            at: mark,
            message: format!(
                "a value cannot start with `{c}`: YAML reads it as {reads} ({what}), which is not supported here"
            ),
            hint: quote_hint(line, mark),
        };
    }
    if context.contains("tag") || problem.contains("tag") {
        return Explained {
            at,
            message: "`!` at the start of a value marks a YAML tag, which is not supported here"
                .into(),
            hint: quote_hint(line, at),
        };
    }
    if context.contains("block scalar") {
        return Explained {
            at,
            message: "text cannot follow `|` or `>` on the same line".into(),
            hint: "start the text on the next line, indented under the key".into(),
        };
    }
    if problem.contains("could not find expected ':'") {
        let start = context_at.unwrap_or(at);
        return Explained {
            at: start,
            message: "this line is neither `key: value` nor a list entry".into(),
            hint: "every line of a map is `key: value`; text that runs over several lines must be indented under its key, or put in quotes".into(),
        };
    }
    if problem.contains("did not find expected key")
        || problem.contains("did not find expected '-' indicator")
    {
        return misaligned(text, at, reported.line_offset);
    }
    if problem.contains("more than one document") || problem.contains("<document start>") {
        let second = text
            .match_indices("\n---")
            .map(|(i, _)| i + 1)
            .find(|&i| i > 0)
            .map_or(at, |i| Pos::from_offset(text, i));
        return Explained {
            at: second,
            message: "the file holds more than one YAML document".into(),
            hint: "remove this `---` line: a content file holds one document".into(),
        };
    }
    if problem.contains("directive") || problem.contains("incompatible YAML document") {
        return Explained {
            at,
            message: "YAML directives (`%YAML`, `%TAG`) are not supported here".into(),
            hint: "remove the line starting with `%`".into(),
        };
    }
    if problem.contains("did not find expected node content") {
        let c = text[at.offset..].chars().next().unwrap_or(' ');
        return Explained {
            at,
            message: format!("a value is missing before `{c}`"),
            hint: quote_hint(line, at),
        };
    }
    Explained {
        at,
        message: format!("the YAML does not parse: {problem}"),
        hint: "check the indentation and the brackets and quotes around this point".into(),
    }
}

/// A `key:value` or `-entry` without the space YAML needs after `:` or `-`, on a line up to
/// `last`: YAML then reads the line as plain text, and complains somewhere after it.
fn missing_space(text: &str, last: usize) -> Option<Explained> {
    let mut offset = 0;
    // The indentation of the key of a block scalar (`description: |`) being skipped: its
    // lines are text, where `-item` and `Note:` mean nothing to YAML.
    let mut block: Option<usize> = None;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n >= last {
            break;
        }
        let body = line.trim_start_matches(' ');
        let start = offset + (line.len() - body.len());
        offset += line.len();
        let indent = line.len() - body.len();
        let body = body.trim_end();
        match block {
            Some(key_indent) if body.is_empty() || indent > key_indent => continue,
            _ => block = None,
        }
        if ["|", ">", "|-", ">-", "|+", ">+"]
            .iter()
            .any(|m| body.ends_with(&format!(" {m}")))
        {
            block = Some(indent);
            continue;
        }
        if body.starts_with('#') || body.starts_with("---") {
            continue;
        }
        if let Some(rest) = body.strip_prefix('-') {
            if rest.starts_with(|c: char| !c.is_whitespace() && c != '-') {
                return Some(Explained {
                    at: Pos::from_offset(text, start),
                    message: "a list entry needs a space after `-`".into(),
                    hint: format!("write `- {rest}`"),
                });
            }
        }
        let word_end = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(body.len());
        let key = &body[..word_end];
        let after = &body[word_end..];
        if !key.is_empty()
            && !body.contains(": ")
            && after.starts_with(':')
            && after[1..].starts_with(|c: char| !c.is_whitespace() && c != '/' && c != ':')
        {
            return Some(Explained {
                at: Pos::from_offset(text, start + word_end),
                message: format!("`{key}:` needs a space after the colon"),
                hint: format!("write `{key}: {}`", &after[1..]),
            });
        }
    }
    None
}

/// The text of 1-based line `n`, without its line break.
fn line_of(text: &str, n: usize) -> &str {
    text.lines().nth(n.saturating_sub(1)).unwrap_or("")
}

/// The byte offset where 1-based line `n` starts.
fn line_start(text: &str, n: usize) -> usize {
    if n <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(n - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// The first tab in the indentation of a line up to line `last` (a tab before the first
/// character of a line that holds more than whitespace).
fn tab_in_indentation(text: &str, last: usize) -> Option<Pos> {
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n >= last {
            break;
        }
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let rest = line[indent..].trim();
        if !rest.is_empty() && !rest.starts_with('#') {
            if let Some(i) = line[..indent].find('\t') {
                return Some(Pos::from_offset(text, offset + i));
            }
        }
        offset += line.len();
    }
    None
}

/// How many spaces `line` is indented by.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The key a line starts with (`  - title: x` → `title`), if it has one.
fn key_of(line: &str) -> Option<&str> {
    let body = line.trim_start().trim_start_matches("- ").trim_start();
    let colon = body
        .find(": ")
        .or_else(|| body.strip_suffix(':').map(str::len))?;
    let key = body[..colon].trim();
    (!key.is_empty() && !key.contains(['{', '[', '"', '\''])).then_some(key)
}

/// The lines above line `n` that hold content: (line number, text), nearest first.
fn lines_above(text: &str, n: usize) -> impl Iterator<Item = (usize, &str)> {
    let lines: Vec<&str> = text.lines().take(n.saturating_sub(1)).collect();
    (0..lines.len()).rev().filter_map(move |i| {
        let t = lines[i].trim();
        (!t.is_empty() && !t.starts_with('#')).then_some((i + 1, lines[i]))
    })
}

/// "mapping values are not allowed here": a line indented under a key that already has a
/// value, or `: ` inside a value that is not quoted.
fn colon_in_block(text: &str, at: Pos, line: &str, line_offset: usize) -> Explained {
    let start = line_start(text, at.line);
    let column = at.offset.saturating_sub(start);
    let first_colon = line
        .find(": ")
        .or_else(|| line.strip_suffix(':').map(str::len));
    // The colon complained about is the line's first: the line itself is a `key: value` that
    // YAML took as going on with the value above, which happens when it is indented further.
    if first_colon.is_none_or(|c| c >= column) {
        if let Some((above_n, above)) = lines_above(text, at.line).next() {
            let above_n = above_n + line_offset;
            if indent(line) > indent(above) {
                let this_key = key_of(line).unwrap_or("this key");
                let at_key = Pos::from_offset(text, start + indent(line));
                return match key_of(above) {
                    Some(key) => Explained {
                        at: at_key,
                        message: format!(
                            "`{this_key}:` is indented more than `{key}:` on line {above_n}, which already has a value"
                        ),
                        hint: format!(
                            "line `{this_key}:` up with `{key}:` (column {}): in YAML the indentation says what belongs to what",
                            key_column(above)
                        ),
                    },
                    None => Explained {
                        at: at_key,
                        message: format!(
                            "`{this_key}:` is indented more than line {above_n} above it"
                        ),
                        hint: "line it up with the keys of its map: in YAML the indentation says what belongs to what".into(),
                    },
                };
            }
        }
    }
    // `: ` inside a value: suggest the line with the value in quotes.
    if let Some(c) = first_colon.filter(|&c| c < column) {
        let key = line[..c].trim_start();
        let value = line[c + 1..].trim();
        let value = value
            .split(" #")
            .next()
            .unwrap_or(value)
            .replace('\\', "\\\\")
            .replace('"', "\\\"");
        return Explained {
            at,
            message: format!(
                "the value of `{}` holds `: `, which YAML reads as the start of another key",
                key.trim_start_matches("- ")
            ),
            hint: format!("put the text in quotes: `{key}: \"{value}\"`"),
        };
    }
    Explained {
        at,
        message: "`: ` is not allowed here".into(),
        hint: "put text holding `: ` in quotes, and check the indentation of this line".into(),
    }
}

/// The 1-based column of the key on `line` (after any `- `).
fn key_column(line: &str) -> usize {
    let trimmed = line.trim_start();
    let dash = trimmed
        .strip_prefix("- ")
        .map_or(0, |rest| trimmed.len() - rest.trim_start().len());
    indent(line) + dash + 1
}

/// "did not find expected key" / "'-' indicator": a line that lines up with none of the keys
/// or list entries above it.
fn misaligned(text: &str, at: Pos, line_offset: usize) -> Explained {
    let line = line_of(text, at.line);
    let here = Pos::from_offset(text, line_start(text, at.line) + indent(line));
    let mine = indent(line);
    let mut above = lines_above(text, at.line);
    let Some((n, prev)) = above.next() else {
        return fallback_indent(here);
    };
    let shown = |n: usize| n + line_offset;
    let what = match key_of(line) {
        _ if line.trim_start().starts_with("- ") => "this list entry".to_string(),
        Some(k) => format!("`{k}:`"),
        None => "this line".to_string(),
    };
    if mine > key_column(prev) - 1 && key_of(prev).is_some() && !prev.trim_end().ends_with(':') {
        let key = key_of(prev).unwrap_or_default();
        return Explained {
            at: here,
            message: format!("{what} is indented more than `{key}:` on line {}", shown(n)),
            hint: format!(
                "line it up with `{key}:` (column {}): in YAML the indentation says what belongs to what",
                key_column(prev)
            ),
        };
    }
    // The keys (or, for a list entry, the `- `s) above: the line should line up with one.
    let is_entry = line.trim_start().starts_with("- ");
    let mut columns: Vec<(usize, usize, String)> = Vec::new();
    for (n, l) in std::iter::once((n, prev)).chain(above) {
        let found = if is_entry {
            l.trim_start()
                .starts_with("- ")
                .then(|| (indent(l) + 1, "the `- `".to_string()))
        } else {
            key_of(l).map(|k| (key_column(l), format!("`{k}:`")))
        };
        if let Some((col, what)) = found {
            if !columns.iter().any(|(c, _, _)| *c == col) {
                columns.push((col, n, what));
            }
        }
        if indent(l) == 0 {
            break;
        }
    }
    let closest = columns
        .iter()
        .min_by_key(|(col, _, _)| col.abs_diff(mine + 1));
    match closest {
        Some((col, n, that)) => Explained {
            at: here,
            message: format!(
                "{what} does not line up with the {} above it (it starts at column {})",
                if is_entry { "list entries" } else { "keys" },
                mine + 1
            ),
            hint: format!(
                "line it up with {that} on line {} (column {col}): in YAML the indentation says what belongs to what",
                shown(*n)
            ),
        },
        None => fallback_indent(here),
    }
}

fn fallback_indent(at: Pos) -> Explained {
    Explained {
        at,
        message: "this line does not line up with the lines above it".into(),
        hint: "check the indentation: keys of one map start in the same column".into(),
    }
}

/// "did not find expected ',' or '}'": a bracket never closed, or a value inside `{…}` or
/// `[…]` that holds `: ` or a quote.
fn unclosed_flow(text: &str, at: Pos, context: &str, opened: Option<Pos>) -> Explained {
    let bracket = if context.contains("mapping") {
        '{'
    } else {
        '['
    };
    let closing = if bracket == '{' { '}' } else { ']' };
    match opened {
        Some(open) if open.line != at.line => Explained {
            at: open,
            message: format!("the `{bracket}` opened here is not closed on its line"),
            hint: format!(
                "end it with `{closing}`; text holding `,`, `:`, `{{`, `}}`, `[` or `]` must be in quotes"
            ),
        },
        _ => {
            let line = line_of(text, at.line);
            let start = line_start(text, at.line);
            let column = at.offset - start;
            let entry_start = line[..column]
                .rfind([',', '{', '['])
                .map_or(0, |i| i + 1);
            let entry = line[entry_start..].split([',', '}', ']']).next().unwrap_or("");
            match entry.split_once(": ") {
                Some((key, value)) if value.contains(':') => Explained {
                    at,
                    message: format!(
                        "the value of `{}` holds `:`, which YAML reads as the start of another key",
                        key.trim()
                    ),
                    hint: format!(
                        "put the text in quotes: `{}: \"{}\"`",
                        key.trim(),
                        value.trim().replace('"', "\\\"")
                    ),
                },
                _ => Explained {
                    at,
                    message: format!(
                        "a value inside `{bracket}…{closing}` is not written as YAML expects"
                    ),
                    hint: "put text holding `,`, `:`, `{`, `}`, `[`, `]` or quotes in quotes".into(),
                },
            }
        }
    }
}

/// "put the value in quotes: `key: "@home"`" for the value at `at` on `line`.
fn quote_hint(line: &str, at: Pos) -> String {
    let column = line
        .char_indices()
        .nth(at.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let before = line[..column].trim_end();
    let value = line[column..].split(" #").next().unwrap_or("").trim();
    if before.ends_with(':') && !value.is_empty() && !before.contains(['{', '[']) {
        format!(
            "put the text in quotes: `{before} \"{}\"`",
            value.replace('"', "\\\"")
        )
    } else {
        "put the text in quotes".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(text: &str) -> Explained {
        let err = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let message = err.to_string();
        let (problem, context) = split_libyaml(&message, text);
        let at = Pos::from_offset(text, err.location().unwrap().index());
        explain(
            text,
            &Reported {
                problem: &problem,
                at,
                context: context.as_ref().map(|(c, p)| (c.as_str(), *p)),
                line_offset: 0,
            },
        )
    }

    fn at(e: &Explained) -> (usize, usize) {
        (e.at.line, e.at.column)
    }

    #[test]
    fn a_missing_space_after_a_colon_or_a_dash() {
        let e = explained("title:Grades\nbands: []\n");
        assert_eq!(at(&e), (1, 6));
        assert_eq!(e.message, "`title:` needs a space after the colon");
        assert_eq!(e.hint, "write `title: Grades`");
        let e = explained("title: G\nsummary: |\n  -text:here\nbands:\n-{min: 0, score: 1}\n");
        assert_eq!(at(&e), (5, 1));
        assert_eq!(e.message, "a list entry needs a space after `-`");
        assert_eq!(e.hint, "write `- {min: 0, score: 1}`");
    }

    #[test]
    fn libyaml_messages_split() {
        let text = "a\nb: [x\n";
        let (problem, context) = split_libyaml(
            "did not find expected ',' or ']' at line 3 column 1, while parsing a flow sequence at line 2 column 4",
            text,
        );
        assert_eq!(problem, "did not find expected ',' or ']'");
        let (words, pos) = context.unwrap();
        assert_eq!(words, "while parsing a flow sequence");
        assert_eq!(pos.map(|p| (p.line, p.column)), Some((2, 4)));
    }

    #[test]
    fn a_tab_is_named_on_its_own_line() {
        let e = explained("title: T\nstages:\n  - id: a\n\ttitle: A\n");
        assert_eq!(at(&e), (4, 1));
        assert_eq!(e.message, "this line is indented with a tab");
        assert!(e.hint.contains("indent with spaces"));
    }

    #[test]
    fn a_key_indented_too_far() {
        let e = explained("title: T\n  summary: S\n");
        assert_eq!(at(&e), (2, 3));
        assert_eq!(
            e.message,
            "`summary:` is indented more than `title:` on line 1, which already has a value"
        );
        assert!(
            e.hint
                .starts_with("line `summary:` up with `title:` (column 1)"),
            "{e:?}"
        );
    }

    #[test]
    fn a_colon_in_a_value() {
        let e = explained("title: Note: read this\n");
        assert_eq!(at(&e), (1, 12));
        assert_eq!(
            e.hint,
            "put the text in quotes: `title: \"Note: read this\"`"
        );
    }

    #[test]
    fn a_key_indented_too_little() {
        let e = explained("title: T\nstages:\n  - id: a\n    title: A\n   duration: 1 year\n");
        assert_eq!(at(&e).0, 5, "{e:?}");
        assert!(e.hint.contains("`title:` on line 4 (column 5)"), "{e:?}");
    }

    #[test]
    fn unclosed_quotes_and_brackets_point_at_the_opening() {
        let e = explained("title: \"T\nsummary: S\n");
        assert_eq!(at(&e), (1, 8));
        assert_eq!(e.message, "the quote `\"` opened here is never closed");
        let e = explained("title: T\nbands:\n  - {min: 50, score: 2\n  - {min: 0}\n");
        assert_eq!(at(&e), (3, 5));
        assert_eq!(e.message, "the `{` opened here is not closed on its line");
        let e = explained("title: T\nnext: [a, b\n");
        assert_eq!(at(&e), (2, 7));
    }

    #[test]
    fn values_that_cannot_start_a_token() {
        let e = explained("title: @home\n");
        assert_eq!(e.hint, "put the text in quotes: `title: \"@home\"`");
        let e = explained("title: T\nsummary: *Important* note\n");
        assert_eq!(at(&e), (2, 10));
        assert_eq!(
            e.hint,
            "put the text in quotes: `summary: \"*Important* note\"`"
        );
    }
}
