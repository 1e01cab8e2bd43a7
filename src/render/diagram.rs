//! The stage diagram of a roadmap: an inline SVG made at build time.
//!
//! Stages are laid out top to bottom in layers (a stage sits one layer below the deepest stage
//! that leads to it), branches side by side; edges are curves from the bottom of a stage to the
//! top of the next. Each stage is a link to its page. The SVG is hidden from screen readers:
//! the roadmap page carries a text outline of the same graph.

use std::fmt::Write;

use super::escape;
use crate::model::{Duration, Roadmap};

const NODE_W: f64 = 200.0;
const NODE_H: f64 = 64.0;
const GAP_X: f64 = 24.0;
const GAP_Y: f64 = 40.0;
const PAD: f64 = 8.0;
const LINE_CHARS: usize = 25;

/// Renders the diagram. `href(stage index)` gives each stage's link, `duration(d)` a stage's
/// duration in the page's language (`2-4 tahun`).
pub fn render(
    roadmap: &Roadmap,
    lang: &str,
    href: impl Fn(usize) -> String,
    duration: impl Fn(&Duration) -> String,
) -> String {
    let n = roadmap.stages.len();
    if n == 0 {
        return String::new();
    }
    let layers = layers(roadmap);
    let depth = layers.iter().copied().max().unwrap_or(0) + 1;
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (i, &l) in layers.iter().enumerate() {
        rows[l].push(i);
    }
    let widest = rows.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let width = widest * NODE_W + (widest - 1.0) * GAP_X + 2.0 * PAD;
    let height = depth as f64 * NODE_H + (depth as f64 - 1.0) * GAP_Y + 2.0 * PAD + 8.0;
    let mut pos = vec![(0.0, 0.0); n];
    for (l, row) in rows.iter().enumerate() {
        let row_w = row.len() as f64 * NODE_W + (row.len() as f64 - 1.0) * GAP_X;
        let x0 = (width - row_w) / 2.0;
        for (k, &i) in row.iter().enumerate() {
            pos[i] = (
                x0 + k as f64 * (NODE_W + GAP_X),
                PAD + l as f64 * (NODE_H + GAP_Y),
            );
        }
    }

    let mut svg = String::with_capacity(512 + n * 400);
    let _ = write!(
        svg,
        r#"<svg class="diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-hidden="true" focusable="false"><defs><marker id="arrow-{id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="currentColor"/></marker></defs>"#,
        id = roadmap.id
    );
    for (i, stage) in roadmap.stages.iter().enumerate() {
        for &j in &stage.next {
            let (x1, y1) = (pos[i].0 + NODE_W / 2.0, pos[i].1 + NODE_H);
            let (x2, y2) = (pos[j].0 + NODE_W / 2.0, pos[j].1 - 2.0);
            let mid = (y1 + y2) / 2.0;
            let _ = write!(
                svg,
                r#"<path class="diagram-edge" d="M{x1} {y1}C{x1} {mid} {x2} {mid} {x2} {y2}" marker-end="url(#arrow-{id})"/>"#,
                id = roadmap.id
            );
        }
    }
    for (i, stage) in roadmap.stages.iter().enumerate() {
        let (x, y) = pos[i];
        let title = stage.title.get(lang);
        let lines = wrap(&format!("{}. {}", i + 1, title), LINE_CHARS);
        let _ = write!(
            svg,
            r#"<a href="{href}" tabindex="-1"><g class="diagram-node" data-stage="{sid}"><title>{full}</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="8"/>"#,
            href = escape(&href(i)),
            sid = escape(&stage.id),
            full = escape(title),
        );
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<text x="{tx}" y="{ty}">{line}</text>"#,
                tx = x + 12.0,
                ty = y + 20.0 + 16.0 * k as f64,
                line = escape(line),
            );
        }
        if let Some(d) = &stage.duration {
            let _ = write!(
                svg,
                r#"<text class="diagram-duration" x="{tx}" y="{ty}">{d}</text>"#,
                tx = x + 12.0,
                ty = y + 54.0,
                d = escape(&duration(d))
            );
        }
        svg.push_str("</g></a>");
    }
    svg.push_str("</svg>");
    svg
}

/// The layer of each stage: 0 for stages nothing leads to, else one more than the deepest
/// stage that leads to it. Assumes the stages form a DAG (resolve guarantees it).
fn layers(roadmap: &Roadmap) -> Vec<usize> {
    let n = roadmap.stages.len();
    let mut indegree: Vec<usize> = roadmap.stages.iter().map(|s| s.previous.len()).collect();
    let mut layer = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let i = queue[head];
        head += 1;
        for &j in &roadmap.stages[i].next {
            layer[j] = layer[j].max(layer[i] + 1);
            indegree[j] -= 1;
            if indegree[j] == 0 {
                queue.push(j);
            }
        }
    }
    layer
}

/// Breaks `s` into at most two lines of about `width` characters at spaces; the second line
/// ends in `…` when the text is longer still.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in s.split_whitespace() {
        let count = lines.len();
        let current = lines.last_mut().expect("never empty");
        if current.is_empty() || current.chars().count() + 1 + word.chars().count() <= width {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        } else if count < 2 {
            lines.push(word.to_string());
        } else {
            current.push_str(" …");
            break;
        }
    }
    for line in &mut lines {
        if line.chars().count() > width + 2 {
            *line = line.chars().take(width).collect::<String>() + "…";
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_long_titles_on_two_lines() {
        assert_eq!(wrap("short", 10), vec!["short"]);
        assert_eq!(
            wrap("a very long stage title", 10),
            vec!["a very", "long stage …"]
        );
        assert_eq!(wrap("Pemeliharaan", 5), vec!["Pemel…"]);
    }
}
