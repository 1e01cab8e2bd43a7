//! Checklist progress and its place on a scale (content format, revision 2).
//!
//! The same arithmetic runs in the reader's browser (`themes/default/static/jenjang.js`); both
//! are tested against the cases of `tests/data/progress-cases.json`.
//!
//! - Progress is the ticked weight of the **required** items over their total weight; optional
//!   items are counted apart and never lower it. A checklist without required items measures
//!   over all of its items.
//! - A checklist is complete when every measured item is ticked; its progress is then exactly
//!   100 %.
//! - A percentage is rounded down to a whole number ([`shown`]) before it is placed in a band,
//!   so the number a reader sees is always inside the band it is placed in.

use super::{Band, Scale};

/// One checklist item as progress sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tick {
    /// The item's share of progress (above 0).
    pub weight: f64,
    pub required: bool,
    pub ticked: bool,
}

/// The progress of a set of checklist items.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// 0–100, over the required items (over all items when none is required); exactly 100 when
    /// complete.
    pub percent: f64,
    /// Every measured item is ticked (and there is at least one).
    pub complete: bool,
    /// Ticked and total count of the measured items.
    pub done: usize,
    pub count: usize,
    /// Ticked and total count of the optional items, when they are not measured (0 and 0
    /// otherwise).
    pub optional_done: usize,
    pub optional_count: usize,
}

/// Float sums such as 90.99999999 are 91: rounded to six decimals.
fn clean(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The whole percentage a reader sees: `percent` rounded down (90.99 → 90).
pub fn shown(percent: f64) -> u32 {
    clean(percent).floor().clamp(0.0, 100.0) as u32
}

/// True for the items that progress is measured over: the required ones, or all when none is.
fn measured(items: &[Tick]) -> impl Fn(&Tick) -> bool {
    let any_required = items.iter().any(|t| t.required);
    move |t: &Tick| t.required || !any_required
}

/// The progress of `items` (in any order).
pub fn progress(items: &[Tick]) -> Progress {
    let is_measured = measured(items);
    let (mut done, mut count, mut got, mut total) = (0, 0, 0.0, 0.0);
    let (mut optional_done, mut optional_count) = (0, 0);
    for t in items {
        if is_measured(t) {
            count += 1;
            total += t.weight;
            if t.ticked {
                done += 1;
                got += t.weight;
            }
        } else {
            optional_count += 1;
            if t.ticked {
                optional_done += 1;
            }
        }
    }
    let complete = count > 0 && done == count;
    let percent = if complete {
        100.0
    } else if total > 0.0 {
        clean(100.0 * got / total).min(100.0)
    } else {
        0.0
    };
    Progress {
        percent,
        complete,
        done,
        count,
        optional_done,
        optional_count,
    }
}

/// True when a group of checklist items is done: `choose` of its sub-items ticked, or, without
/// `choose`, every measured sub-item (the required ones, or all when none is required).
pub fn group_done(subs: &[Tick], choose: Option<usize>) -> bool {
    match choose {
        Some(n) => subs.iter().filter(|t| t.ticked).count() >= n,
        None => progress(subs).complete,
    }
}

/// Where a percentage falls on a scale.
#[derive(Debug, Clone, Copy)]
pub enum Rating<'s> {
    /// In this band (index into [`Scale::bands`], high → low).
    Band(usize, &'s Band),
    /// Under the lowest band.
    Below,
}

/// The fewest more ticks that lift a progress into a higher band, and the band they reach.
#[derive(Debug, Clone, Copy)]
pub struct Next<'s> {
    /// The band reached (it may be above the next one: 3 more ticks of 4 can jump two bands).
    pub band: &'s Band,
    /// The fewest unticked measured items that reach the band (the heaviest first).
    pub items: usize,
}

impl Scale {
    /// The rating of `percent` (0–100), placed by its [`shown`] whole number.
    pub fn rate(&self, percent: f64) -> Rating<'_> {
        let p = f64::from(shown(percent));
        match self.bands.iter().position(|b| p >= b.min) {
            Some(i) => Rating::Band(i, &self.bands[i]),
            None => Rating::Below,
        }
    }

    /// The fewest more ticks of `items` (the heaviest unticked measured ones first) that lift
    /// their rating into a higher band, and the band they reach; `None` at the top band, or
    /// when no tick reaches a higher band.
    pub fn next_band(&self, items: &[Tick]) -> Option<Next<'_>> {
        let now = self.rate(progress(items).percent);
        let above = match now {
            Rating::Band(0, _) => return None,
            Rating::Band(i, _) => i - 1,
            Rating::Below => self.bands.len().checked_sub(1)?,
        };
        let is_measured = measured(items);
        let mut open: Vec<usize> = (0..items.len())
            .filter(|&i| !items[i].ticked && is_measured(&items[i]))
            .collect();
        open.sort_by(|&a, &b| items[b].weight.total_cmp(&items[a].weight));
        let mut next = items.to_vec();
        for (n, &i) in open.iter().enumerate() {
            next[i].ticked = true;
            if let Rating::Band(j, band) = self.rate(progress(&next).percent) {
                if j <= above {
                    return Some(Next { band, items: n + 1 });
                }
            }
        }
        None
    }

    /// For each band (lowest first), the fewest ticks of the measured items of `items` (none
    /// ticked; the heaviest first) that reach at least that band. Bands reached with no tick,
    /// and bands no number of ticks reaches, are left out.
    pub fn thresholds(&self, items: &[Tick]) -> Vec<(usize, usize)> {
        let mut next: Vec<Tick> = items
            .iter()
            .map(|t| Tick {
                ticked: false,
                ..*t
            })
            .collect();
        let is_measured = measured(items);
        let mut open: Vec<usize> = (0..next.len()).filter(|&i| is_measured(&next[i])).collect();
        open.sort_by(|&a, &b| next[b].weight.total_cmp(&next[a].weight));
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut lowest_unreached = self.bands.len();
        for n in 0..=open.len() {
            if n > 0 {
                next[open[n - 1]].ticked = true;
            }
            if let Rating::Band(j, _) = self.rate(progress(&next).percent) {
                while lowest_unreached > j {
                    lowest_unreached -= 1;
                    if n > 0 {
                        out.push((lowest_unreached, n));
                    }
                }
            }
        }
        out
    }

    /// True when every band's `min` is a whole number: ranges are then shown as the sources
    /// write them (`76–90 %`), otherwise as `76.5 to under 91 %`.
    pub fn whole_numbers(&self) -> bool {
        self.bands.iter().all(|b| b.min.fract() == 0.0)
    }

    /// The range of band `i` (high → low) as shown to readers.
    pub fn range(&self, i: usize) -> Range {
        let band = &self.bands[i];
        range(band.min, band.max, i == 0, self.whole_numbers())
    }

    /// The range under the lowest band, or `None` when the lowest band starts at 0.
    pub fn range_below(&self) -> Option<Range> {
        let lowest = self.bands.last().filter(|b| b.min > 0.0)?;
        Some(range(0.0, lowest.min, false, self.whole_numbers()))
    }
}

/// A band's range of percentages, as a reader sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    /// `from–to %`, both ends included (whole percentages: `76–90 %`; the top band `91–100 %`).
    Closed { from: f64, to: f64 },
    /// `from to under to %` (where a band's `min` has a fraction).
    UpTo { from: f64, to: f64 },
}

fn range(min: f64, max: f64, top: bool, whole: bool) -> Range {
    if top {
        Range::Closed {
            from: min,
            to: 100.0,
        }
    } else if whole {
        Range::Closed {
            from: min,
            to: max - 1.0,
        }
    } else {
        Range::UpTo { from: min, to: max }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Band, Localized, Scale};
    use serde::Deserialize;
    use std::path::PathBuf;

    fn scale(mins: &[f64]) -> Scale {
        let mut bands: Vec<Band> = Vec::new();
        for (i, &min) in mins.iter().enumerate() {
            bands.push(Band {
                min,
                max: if i == 0 { 100.0 } else { mins[i - 1] },
                score: (90 - 10 * i) as f64,
                label: Localized::plain(format!("band {i}")),
                description: None,
            });
        }
        Scale {
            id: "s".into(),
            file: PathBuf::from("s.yaml"),
            title: Localized::plain("S"),
            summary: None,
            description: None,
            source: None,
            bands,
            below: None,
            assessed: Vec::new(),
        }
    }

    /// One case of `tests/data/progress-cases.json`, shared with the browser code's tests.
    #[derive(Deserialize)]
    struct Case {
        name: String,
        items: Vec<CaseItem>,
        bands: Vec<f64>,
        percent: f64,
        shown: u32,
        complete: bool,
        optional: [usize; 2],
        /// The band's `min`, or null below the scale.
        band: Option<f64>,
        /// `[more items, band min]` of the next band, or null.
        next: Option<(usize, f64)>,
    }

    #[derive(Deserialize)]
    struct CaseItem {
        #[serde(default = "one")]
        weight: f64,
        #[serde(default = "yes")]
        required: bool,
        #[serde(default)]
        ticked: bool,
        /// Sub-items: the item is a group.
        #[serde(default)]
        items: Vec<CaseItem>,
        choose: Option<usize>,
    }

    impl CaseItem {
        fn tick(&self) -> Tick {
            let ticked = if self.items.is_empty() {
                self.ticked
            } else {
                let subs: Vec<Tick> = self.items.iter().map(CaseItem::tick).collect();
                group_done(&subs, self.choose)
            };
            Tick {
                weight: self.weight,
                required: self.required,
                ticked,
            }
        }
    }
    fn one() -> f64 {
        1.0
    }
    fn yes() -> bool {
        true
    }

    #[test]
    fn shared_cases() {
        let cases: Vec<Case> =
            serde_json::from_str(include_str!("../../tests/data/progress-cases.json")).unwrap();
        assert!(cases.len() >= 10);
        for c in cases {
            let items: Vec<Tick> = c.items.iter().map(CaseItem::tick).collect();
            let p = progress(&items);
            let s = scale(&c.bands);
            assert_eq!(p.percent, c.percent, "{}: percent", c.name);
            assert_eq!(shown(p.percent), c.shown, "{}: shown", c.name);
            assert_eq!(p.complete, c.complete, "{}: complete", c.name);
            assert_eq!(
                [p.optional_done, p.optional_count],
                c.optional,
                "{}: optional",
                c.name
            );
            let band = match s.rate(p.percent) {
                Rating::Band(_, b) => Some(b.min),
                Rating::Below => None,
            };
            assert_eq!(band, c.band, "{}: band", c.name);
            let next = s.next_band(&items).map(|n| (n.items, n.band.min));
            assert_eq!(next, c.next, "{}: next band", c.name);
        }
    }

    #[test]
    fn thresholds_from_a_blank_checklist() {
        let s = scale(&[91.0, 76.0, 61.0, 51.0]);
        let ten = vec![
            Tick {
                weight: 1.0,
                required: true,
                ticked: true,
            };
            10
        ];
        // 6 of 10 is 60 % (51 band), 7 → 61, 8 → 76, 10 → 91 (9 is 90 %).
        assert_eq!(s.thresholds(&ten), [(3, 6), (2, 7), (1, 8), (0, 10)]);
        let mut with_optional = ten[..4].to_vec();
        with_optional.push(Tick {
            weight: 5.0,
            required: false,
            ticked: false,
        });
        // 3 of 4 required is 75 %: the 51 and 61 bands are both first reached there.
        assert_eq!(
            s.thresholds(&with_optional),
            [(3, 3), (2, 3), (1, 4), (0, 4)]
        );
        assert_eq!(scale(&[50.0, 0.0]).thresholds(&ten[..2]), [(0, 1)]);
        assert!(s.thresholds(&[]).is_empty());
    }

    #[test]
    fn ranges_as_the_source_writes_them() {
        let s = scale(&[91.0, 76.0, 61.0, 51.0]);
        let shown: Vec<Range> = (0..4).map(|i| s.range(i)).collect();
        assert_eq!(
            shown,
            [
                Range::Closed {
                    from: 91.0,
                    to: 100.0
                },
                Range::Closed {
                    from: 76.0,
                    to: 90.0
                },
                Range::Closed {
                    from: 61.0,
                    to: 75.0
                },
                Range::Closed {
                    from: 51.0,
                    to: 60.0
                },
            ]
        );
        assert_eq!(
            s.range_below(),
            Some(Range::Closed {
                from: 0.0,
                to: 50.0
            })
        );
        let f = scale(&[90.5, 76.0]);
        assert_eq!(
            f.range(1),
            Range::UpTo {
                from: 76.0,
                to: 90.5
            }
        );
        assert_eq!(
            f.range(0),
            Range::Closed {
                from: 90.5,
                to: 100.0
            }
        );
        assert_eq!(scale(&[50.0, 0.0]).range_below(), None);
    }

    #[test]
    fn every_shown_percentage_lies_in_its_band_range() {
        let s = scale(&[91.0, 76.0, 61.0, 51.0]);
        for tenth in 0..=1000 {
            let p = f64::from(tenth) / 10.0;
            if let Rating::Band(i, _) = s.rate(p) {
                let Range::Closed { from, to } = s.range(i) else {
                    panic!("whole-number scale")
                };
                let n = f64::from(shown(p));
                assert!(from <= n && n <= to, "{p} shown as {n}, band {from}–{to}");
            } else {
                assert!(shown(p) < 51, "{p}");
            }
        }
    }
}
