//! Calendar dates (proleptic Gregorian), enough for schedules: no time zones, no clock.

use std::fmt;

use super::{Duration, DurationUnit};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// 1970-01-01: the date used where the site gives none, so that output never depends on
    /// the clock.
    pub const EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// The date, or `None` when it does not exist (month 13, 30 February). Years 1–9999.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        let month = month as u8;
        if day == 0 || day > u32::from(days_in_month(year, month)) {
            return None;
        }
        Some(Date {
            year,
            month,
            day: day as u8,
        })
    }

    /// Parses `YYYY-MM-DD` (as YAML writes a date).
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("`{s}` is not a date: write it as YYYY-MM-DD, such as `2026-01-05`");
        let parts: Vec<&str> = s.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let number = |p: &str| {
            if p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse::<u32>().ok()
            } else {
                None
            }
        };
        match (number(y), number(m), number(d)) {
            (Some(y), Some(m), Some(d)) => Date::new(y as i32, m, d).ok_or_else(bad),
            _ => Err(bad()),
        }
    }

    /// The year (1–9999).
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month (1–12).
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month (from 1).
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// `months` calendar months later; the day is clamped to the end of a shorter month
    /// (31 January + 1 month = 28 or 29 February).
    pub fn add_months(self, months: u32) -> Date {
        let index = i64::from(self.year) * 12 + i64::from(self.month - 1) + i64::from(months);
        let year = (index.div_euclid(12)) as i32;
        let month = (index.rem_euclid(12) + 1) as u8;
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// `days` days later.
    pub fn add_days(self, days: u32) -> Date {
        Date::from_days(self.to_days() + i64::from(days))
    }

    /// The date a period of `amount` `unit`s starting on `self` ends before (exclusive), in
    /// whole days: minutes and hours take the day they start on.
    pub fn after(self, amount: u32, unit: DurationUnit) -> Date {
        match unit {
            DurationUnit::Minute | DurationUnit::Hour => self.add_days(1),
            DurationUnit::Day => self.add_days(amount),
            DurationUnit::Week => self.add_days(amount * 7),
            DurationUnit::Month => self.add_months(amount),
            DurationUnit::Year => self.add_months(amount * 12),
        }
    }

    /// The end (exclusive) of `duration` starting on `self`: the longest when it is a range.
    pub fn after_duration(self, duration: &Duration) -> Date {
        self.after(duration.max, duration.unit)
    }

    /// `YYYYMMDD`, as iCalendar writes a `DATE`.
    pub fn basic(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (`civil_from_days`).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD` (ISO 8601).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// A day of the year without a year (`MM-DD`): when a scale is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    month: u8,
    day: u8,
}

impl MonthDay {
    /// Parses `MM-DD`, such as `06-30`. 29 February is refused: not every year has it.
    pub fn parse(s: &str) -> Result<MonthDay, String> {
        let bad = || format!("`{s}` is not a day of the year: write it as MM-DD, such as `06-30`");
        let (m, d) = s.trim().split_once('-').ok_or_else(bad)?;
        let digits = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(m) || !digits(d) {
            return Err(bad());
        }
        let (month, day): (u8, u8) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
        if (month, day) == (2, 29) {
            return Err("29 February is not in every year: use `02-28` or `03-01`".into());
        }
        // 2025 is a common year: every other day exists in every year.
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(2025, month) {
            return Err(bad());
        }
        Ok(MonthDay { month, day })
    }

    /// 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// 1–31.
    pub fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for MonthDay {
    /// `MM-DD`, as written in the content.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_of_the_year() {
        let d = MonthDay::parse("06-30").unwrap();
        assert_eq!((d.month(), d.day(), d.to_string()), (6, 30, "06-30".into()));
        assert!(MonthDay::parse("12-31").is_ok());
        for bad in [
            "6-30",
            "06/30",
            "13-01",
            "04-31",
            "00-10",
            "02-29",
            "2026-06-30",
            "",
        ] {
            assert!(MonthDay::parse(bad).is_err(), "{bad}");
        }
        assert!(MonthDay::parse("02-29").unwrap_err().contains("02-28"));
    }

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn validates_and_parses() {
        assert!(Date::new(2026, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2026, 13, 1).is_none());
        assert!(Date::new(2026, 4, 31).is_none());
        assert_eq!(Date::parse("2026-01-05"), Ok(d(2026, 1, 5)));
        assert!(Date::parse("2026-1-5").is_err());
        assert!(Date::parse("2026-02-30").is_err());
        assert!(Date::parse("5 January").is_err());
        assert!(Date::parse("+026-01-05").is_err());
        assert_eq!(d(2026, 1, 5).to_string(), "2026-01-05");
        assert_eq!(d(2026, 1, 5).basic(), "20260105");
    }

    #[test]
    fn day_arithmetic_matches_the_calendar() {
        assert_eq!(Date::EPOCH.to_days(), 0);
        assert_eq!(d(2000, 3, 1).to_days(), 11_017);
        assert_eq!(d(2024, 2, 28).add_days(1), d(2024, 2, 29));
        assert_eq!(d(2025, 12, 31).add_days(1), d(2026, 1, 1));
        assert_eq!(d(2026, 1, 5).add_days(365), d(2027, 1, 5));
        for days in [-800_000_i64, -1, 0, 59, 60, 365, 10_000, 2_000_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
    }

    #[test]
    fn months_are_calendar_months() {
        assert_eq!(d(2026, 1, 31).add_months(1), d(2026, 2, 28));
        assert_eq!(d(2024, 1, 31).add_months(1), d(2024, 2, 29));
        assert_eq!(d(2026, 11, 5).add_months(3), d(2027, 2, 5));
        assert_eq!(d(2026, 1, 5).after(2, DurationUnit::Year), d(2028, 1, 5));
        assert_eq!(d(2026, 1, 5).after(2, DurationUnit::Week), d(2026, 1, 19));
        assert_eq!(d(2026, 1, 5).after(90, DurationUnit::Minute), d(2026, 1, 6));
        assert_eq!(
            d(2026, 1, 5).after_duration(&Duration::parse("1-2 months").unwrap()),
            d(2026, 3, 5)
        );
    }
}
