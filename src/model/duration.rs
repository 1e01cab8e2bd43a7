//! Durations: `"8 months"`, `"90 minutes"`, `"2-4 years"`.

use std::fmt;

/// The units a duration may be written in, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DurationUnit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl DurationUnit {
    const NAMES: [(&'static str, DurationUnit); 6] = [
        ("minute", DurationUnit::Minute),
        ("hour", DurationUnit::Hour),
        ("day", DurationUnit::Day),
        ("week", DurationUnit::Week),
        ("month", DurationUnit::Month),
        ("year", DurationUnit::Year),
    ];

    /// The unit's length in minutes (a month is 1/12 of a 365-day year), for comparing and
    /// summing durations written in different units.
    pub fn minutes(self) -> f64 {
        match self {
            DurationUnit::Minute => 1.0,
            DurationUnit::Hour => 60.0,
            DurationUnit::Day => 1_440.0,
            DurationUnit::Week => 10_080.0,
            DurationUnit::Month => 43_800.0,
            DurationUnit::Year => 525_600.0,
        }
    }

    /// The English name, singular.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, u)| *u == self)
            .map_or("", |(n, _)| n)
    }
}

/// A duration or a range of durations, in one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Duration {
    /// As written, shown to readers.
    pub text: String,
    pub min: u32,
    /// Equal to `min` unless a range was written.
    pub max: u32,
    pub unit: DurationUnit,
}

/// Why a duration could not be read; the message names the accepted forms.
#[derive(Debug, Clone, PartialEq)]
pub struct DurationError(pub String);

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Duration {
    /// Parses `"<n> <unit>"` or `"<n>-<m> <unit>"` (unit singular or plural, any case).
    pub fn parse(text: &str) -> Result<Duration, DurationError> {
        let trimmed = text.trim();
        let (amount, unit) = trimmed.split_once(char::is_whitespace).ok_or_else(|| {
            DurationError(format!(
                "`{trimmed}` is not a duration: write a whole number and a unit, such as `8 months` or `2-4 years`"
            ))
        })?;
        let unit_word = unit.trim().to_lowercase();
        let singular = unit_word.strip_suffix('s').unwrap_or(&unit_word);
        let unit = DurationUnit::NAMES
            .iter()
            .find(|(n, _)| *n == singular)
            .map(|(_, u)| *u)
            .ok_or_else(|| {
                DurationError(format!(
                    "`{}` is not a unit of time: use minute, hour, day, week, month or year",
                    unit.trim()
                ))
            })?;
        let number = |s: &str| {
            let s = s.trim();
            s.parse::<u32>().map_err(|e| {
                DurationError(if *e.kind() == std::num::IntErrorKind::PosOverflow {
                    format!(
                        "`{s}` is too large a number for a duration (at most {}): write it in a larger unit",
                        u32::MAX
                    )
                } else {
                    format!(
                        "`{s}` is not a whole number: write durations like `8 months` or `2-4 years`"
                    )
                })
            })
        };
        let (min, max) = match amount.split_once(['-', '–']) {
            Some((a, b)) => (number(a)?, number(b)?),
            None => {
                let n = number(amount)?;
                (n, n)
            }
        };
        if min > max {
            return Err(DurationError(format!(
                "the range `{min}-{max}` runs backwards: write the smaller number first"
            )));
        }
        Ok(Duration {
            text: trimmed.to_string(),
            min,
            max,
            unit,
        })
    }

    /// The shortest and longest length in minutes.
    pub fn minutes(&self) -> (f64, f64) {
        let m = self.unit.minutes();
        (f64::from(self.min) * m, f64::from(self.max) * m)
    }

    /// The sum of `durations`, in the largest unit among them that expresses it in whole
    /// numbers (falling back to the smallest unit used). `None` for an empty list.
    pub fn sum<'a>(durations: impl IntoIterator<Item = &'a Duration>) -> Option<Duration> {
        let all: Vec<&Duration> = durations.into_iter().collect();
        let (lo, hi) = all.iter().fold((0.0, 0.0), |(lo, hi), d| {
            let (a, b) = d.minutes();
            (lo + a, hi + b)
        });
        Duration::from_minutes(lo, hi, all.iter().map(|d| d.unit))
    }

    /// The range `lo`–`hi` minutes, written in the largest of `units` that expresses both ends
    /// in whole numbers (else the smallest of them). `None` when `units` is empty.
    pub fn from_minutes(
        lo: f64,
        hi: f64,
        units: impl IntoIterator<Item = DurationUnit>,
    ) -> Option<Duration> {
        let units: Vec<DurationUnit> = units.into_iter().collect();
        let smallest = units.iter().copied().min()?;
        let unit = units
            .iter()
            .copied()
            .filter(|u| {
                let m = u.minutes();
                (lo / m).fract() == 0.0 && (hi / m).fract() == 0.0
            })
            .max()
            .unwrap_or(smallest);
        let (min, max) = (
            (lo / unit.minutes()).round() as u32,
            (hi / unit.minutes()).round() as u32,
        );
        let plural = if max == 1 { "" } else { "s" };
        let text = if min == max {
            format!("{min} {}{plural}", unit.name())
        } else {
            format!("{min}-{max} {}{plural}", unit.name())
        };
        Some(Duration {
            text,
            min,
            max,
            unit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_numbers_are_named_too_large() {
        let e = Duration::parse("99999999999999999999999 weeks").unwrap_err();
        assert!(e.0.contains("too large"), "{e}");
        let e = Duration::parse("1-4294967296 days").unwrap_err();
        assert!(e.0.contains("`4294967296` is too large"), "{e}");
        assert!(Duration::parse("4294967295 minutes").is_ok());
    }

    #[test]
    fn parses_the_spec_forms() {
        let d = Duration::parse("8 months").unwrap();
        assert_eq!((d.min, d.max, d.unit), (8, 8, DurationUnit::Month));
        let d = Duration::parse("2-4 years").unwrap();
        assert_eq!((d.min, d.max, d.unit), (2, 4, DurationUnit::Year));
        assert_eq!(Duration::parse("1 Hour").unwrap().unit, DurationUnit::Hour);
        assert_eq!(Duration::parse("90 minutes").unwrap().min, 90);
    }

    #[test]
    fn rejects_bad_forms() {
        assert!(Duration::parse("eight months").is_err());
        assert!(Duration::parse("8").is_err());
        assert!(Duration::parse("8 fortnights")
            .unwrap_err()
            .0
            .contains("unit of time"));
        assert!(Duration::parse("4-2 years").is_err());
        assert!(Duration::parse("1.5 years").is_err());
    }

    #[test]
    fn sums_in_the_largest_whole_unit() {
        let a = Duration::parse("1-3 years").unwrap();
        let b = Duration::parse("6 months").unwrap();
        assert_eq!(Duration::sum([&a, &b]).unwrap().text, "18-42 months");
        let c = Duration::parse("2 years").unwrap();
        assert_eq!(Duration::sum([&a, &c]).unwrap().text, "3-5 years");
        assert!(Duration::sum([]).is_none());
    }
}
