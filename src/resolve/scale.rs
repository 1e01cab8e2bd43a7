//! Assessment scales: bands ordered by `min`, each covering up to the next band's `min`.

use super::{config::Base, Cx};
use crate::diagnostics::{Code, Diagnostic};
use crate::load::raw::RawScale;
use crate::load::Doc;
use crate::model::{Band, Below, MonthDay, Scale};

pub fn resolve(doc: &Doc<RawScale>, base: &Base, diags: &mut Vec<Diagnostic>) -> Scale {
    let mut cx = Cx::new(&doc.file, &doc.spans, base, diags);
    let raw = &doc.raw;
    if raw.bands.is_empty() {
        cx.error(Code::Scale, "", "a scale needs at least one band")
            .hint("add `bands:` with entries like `{min: 76, score: 80, label: Good}`");
    }
    let mut order: Vec<usize> = (0..raw.bands.len()).collect();
    order.sort_by(|&a, &b| raw.bands[b].min.total_cmp(&raw.bands[a].min));
    let mut bands: Vec<Band> = Vec::with_capacity(order.len());
    let mut previous: Option<(f64, usize)> = None;
    for &i in &order {
        let b = &raw.bands[i];
        let path = format!("bands/{i}");
        if !(0.0..=100.0).contains(&b.min) {
            cx.error(
                Code::Scale,
                &format!("{path}/min"),
                format!("`min: {}` is outside 0–100", b.min),
            )
            .hint("a band's min is an achievement percentage from 0 to 100");
        }
        if let Some((prev_min, prev_i)) = previous {
            if prev_min == b.min {
                let line = cx.spans.value(&format!("bands/{prev_i}/min")).line;
                cx.error(
                    Code::Scale,
                    &format!("{path}/min"),
                    format!("two bands start at {}", b.min),
                )
                .hint(format!(
                    "the other is at line {line}; each band needs its own `min`"
                ));
                continue;
            }
        }
        let max = bands.last().map_or(100.0, |upper| upper.min);
        bands.push(Band {
            min: b.min,
            max,
            score: b.score,
            label: cx.text(&b.label, &format!("{path}/label")),
            description: cx.markdown_opt(b.description.as_ref(), &format!("{path}/description")),
        });
        previous = Some((b.min, i));
    }
    let below = raw.below.as_ref().map(|b| Below {
        label: cx.text(&b.label, "below/label"),
        description: cx.markdown_opt(b.description.as_ref(), "below/description"),
    });
    if let Some(lowest) = bands.last() {
        if lowest.min > 0.0 && below.is_none() {
            let path = format!("bands/{}/min", order[order.len() - 1]);
            cx.warning(Code::Scale, &path, format!("no band covers achievements below {}%", lowest.min))
                .hint("add a band with `min: 0`, or name the range on purpose with `below: {label: Not rated}`");
        }
    }
    let mut assessed: Vec<(MonthDay, usize)> = Vec::new();
    for (i, day) in raw.assessed.iter().enumerate() {
        let path = format!("assessed/{i}");
        match MonthDay::parse(day.as_str()) {
            Ok(d) => match assessed.iter().find(|(seen, _)| *seen == d) {
                Some(&(_, first)) => {
                    let line = cx.spans.value(&format!("assessed/{first}")).line;
                    cx.error(Code::Scale, &path, format!("`{d}` is listed twice"))
                        .hint(format!("the other is at line {line}: remove one"));
                }
                None => assessed.push((d, i)),
            },
            Err(message) => {
                cx.error(Code::Scale, &path, message)
                    .hint("list the days the scale is applied on, e.g. `assessed: [\"06-30\", \"12-31\"]`");
            }
        }
    }
    assessed.sort_unstable();
    Scale {
        id: doc.id.clone(),
        file: doc.file.clone(),
        title: cx.text(&raw.title, "title"),
        summary: cx.summary(raw.summary.as_ref(), "summary"),
        description: cx.markdown_opt(raw.description.as_ref(), "description"),
        source: cx.source(raw.source.as_ref(), "source"),
        bands,
        below,
        assessed: assessed.into_iter().map(|(d, _)| d).collect(),
    }
}
