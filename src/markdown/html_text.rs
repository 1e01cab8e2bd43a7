//! Plain text from the model's rendered HTML, for exports and the search index.

/// The text of `html` (the model's sanitised Markdown output) without markup: paragraphs,
/// headings, list items and table rows on their own lines (list items start with `- `),
/// paragraphs separated by a blank line, white space inside a line folded, character
/// references decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            push_text(&mut out, after);
            rest = "";
            break;
        };
        tag(&mut out, &after[1..gt]);
        rest = &after[gt + 1..];
    }
    push_text(&mut out, rest);
    tidy(&out)
}

/// Appends text between tags: references decoded, white space as single spaces.
fn push_text(out: &mut String, raw: &str) {
    let decoded = decode(raw);
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn tag(out: &mut String, inner: &str) {
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    match name.as_str() {
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "pre" | "table" | "ul"
        | "ol" | "dl" | "hr" | "div" | "section" => end_lines(out, 2),
        "li" if !closing => {
            end_lines(out, 1);
            out.push_str("- ");
        }
        "li" | "tr" | "dt" | "dd" | "br" => end_lines(out, 1),
        "td" | "th" if closing => out.push_str("  "),
        _ => {}
    }
}

/// Ends the text so far with `n` line breaks (not at the very start, nor right after a list
/// item's `- `).
fn end_lines(out: &mut String, n: usize) {
    let last_line = out.rsplit('\n').next().unwrap_or("");
    if out.trim().is_empty() || last_line.trim() == "-" {
        return;
    }
    while out.ends_with(' ') {
        out.pop();
    }
    let have = out.len() - out.trim_end_matches('\n').len();
    for _ in have..n {
        out.push('\n');
    }
}

/// Trims every line, keeps at most one blank line in a row, trims the whole.
fn tidy(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>();
        let line = line.join(" ");
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Decodes the character references an HTML serialiser writes: the five named ones, `&nbsp;`
/// and numeric references. Anything else is kept as written.
fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_references() {
        let html = "<p>Teaching <em>well</em> &amp; often:\nevery day.</p>\n<ul>\n<li>one &lt;a&gt;</li>\n<li>two&#39;s &#x263A;</li>\n</ul>\n<p>End &unknown; &amp</p>\n";
        assert_eq!(
            html_to_text(html),
            "Teaching well & often: every day.\n\n- one <a>\n- two's ☺\n\nEnd &unknown; &amp"
        );
    }

    #[test]
    fn plain_text_passes_through() {
        assert_eq!(html_to_text("Just text"), "Just text");
        assert_eq!(html_to_text(""), "");
        assert_eq!(html_to_text("a < b"), "a < b");
        assert_eq!(html_to_text("<p>a</p><p>b</p>"), "a\n\nb");
        assert_eq!(
            html_to_text("<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>"),
            "- a\n\n- b"
        );
    }
}
