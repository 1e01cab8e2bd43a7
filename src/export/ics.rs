//! An iCalendar (RFC 5545) schedule per module, at `modules/<m>/schedule.ics`, for a cohort
//! that starts on a known date.
//!
//! Each unit is one all-day event. The first unit starts on the cohort's start date and each
//! following unit starts when the one before it ends: a unit of days, weeks, months (calendar
//! months) or years lasts that long (the longest, for a range such as `2-3 weeks`); a unit of
//! minutes or hours, or one without a duration, takes the one day it starts on. Starts are
//! counted from the cohort's start date (months first, then days), so month lengths never
//! drift. Weekends and holidays are not skipped.
//!
//! The file is written by hand rather than with a calendar crate, so that every byte is
//! determined by the input. `UID` is a UUID v5 of the module and unit ids, so a calendar that
//! subscribed to the file updates events in place. `DTSTAMP` and `LAST-MODIFIED` are the
//! module's last-change date ([`Site::updated`]: its `updated:`, else the site's) at midnight
//! UTC, never the clock, and `SEQUENCE` is that date as a day number (days since 1970-01-01),
//! so it grows each time the date moves on: a module whose schedule changes gets a later
//! `updated:`, and every event's revision is then higher than before. A module without a date
//! has no calendar (an invented date would be kept as true).
//! Lines end in CRLF and are folded at 75 octets on character boundaries; text values are
//! escaped.

use crate::model::{DurationUnit, Entity, Module, Site};
use crate::render::urls;

use super::{absolute, html_to_text, lang_prefix, Date, File, Ids};

/// The `PRODID` of every calendar.
pub const PRODID: &str = "-//jenjang//jenjang//EN";

/// The path of module `m`'s schedule in `lang`: `modules/<m>/schedule.ics`, under the
/// language's folder for other languages than the default.
pub fn path(site: &Site, m: usize, lang: &str) -> String {
    format!(
        "{}modules/{}/schedule.ics",
        lang_prefix(site, lang),
        site.modules[m].id
    )
}

/// The first day and the day after the last (exclusive end) of each of `module`'s units, for
/// a cohort starting on `start`.
pub fn unit_dates(module: &Module, start: Date) -> Vec<(Date, Date)> {
    let (mut months, mut days) = (0u32, 0u32);
    let at = |months: u32, days: u32| start.add_months(months).add_days(days);
    module
        .units
        .iter()
        .map(|u| {
            let first = at(months, days);
            match u.duration.as_ref().map(|d| (d.max, d.unit)) {
                Some((n, DurationUnit::Day)) => days += n,
                Some((n, DurationUnit::Week)) => days += n * 7,
                Some((n, DurationUnit::Month)) => months += n,
                Some((n, DurationUnit::Year)) => months += n * 12,
                Some((_, DurationUnit::Hour | DurationUnit::Minute)) | None => days += 1,
            }
            // A zero-length unit (`0 days`) still takes its day.
            let end = at(months, days).max(first.add_days(1));
            (first, end)
        })
        .collect()
}

/// Whether module `m` has a schedule: when it has a cohort start date, units (a calendar
/// needs at least one event) and a last-change date.
pub fn is_written(site: &Site, m: usize) -> bool {
    let module = &site.modules[m];
    module.cohort_start.is_some()
        && !module.units.is_empty()
        && site.updated(Entity::Module(m)).is_some()
}

/// Module `m`'s schedule in `lang`; `None` unless [`is_written`].
pub fn file(site: &Site, m: usize, lang: &str) -> Option<File> {
    calendar(site, m, lang).map(|text| File {
        path: path(site, m, lang),
        bytes: text.into_bytes(),
    })
}

/// The text of module `m`'s schedule; see [`file()`].
pub fn calendar(site: &Site, m: usize, lang: &str) -> Option<String> {
    let module = &site.modules[m];
    if !is_written(site, m) {
        return None;
    }
    let start = module.cohort_start?;
    let updated = site.updated(Entity::Module(m))?;
    let ids = Ids::new(site);
    let stamp = format!("{}T000000Z", updated.basic());
    let sequence = updated.days().max(0).to_string();
    let title = module.title.get(lang);
    let mut out = String::new();
    line(&mut out, "BEGIN", "VCALENDAR");
    line(&mut out, "VERSION", "2.0");
    line(&mut out, "PRODID", PRODID);
    line(&mut out, "CALSCALE", "GREGORIAN");
    line(&mut out, "NAME", &escape(title));
    line(&mut out, "X-WR-CALNAME", &escape(title));
    for (unit, (first, end)) in module.units.iter().zip(unit_dates(module, start)) {
        line(&mut out, "BEGIN", "VEVENT");
        line(
            &mut out,
            "UID",
            &ids.uuid(&format!("ics/module/{}/unit/{}", module.id, unit.id)),
        );
        line(&mut out, "DTSTAMP", &stamp);
        line(&mut out, "LAST-MODIFIED", &stamp);
        line(&mut out, "SEQUENCE", &sequence);
        line(&mut out, "DTSTART;VALUE=DATE", &first.basic());
        line(&mut out, "DTEND;VALUE=DATE", &end.basic());
        line(&mut out, "SUMMARY", &escape(unit.title.get(lang)));
        let description = match (&unit.summary, &unit.description) {
            (Some(s), _) => Some(s.plain.get(lang).to_string()),
            (None, Some(d)) => Some(html_to_text(d.get(lang))),
            (None, None) => None,
        };
        if let Some(d) = description.filter(|d| !d.is_empty()) {
            line(&mut out, "DESCRIPTION", &escape(&d));
        }
        let page = format!(
            "{}{}#unit-{}",
            lang_prefix(site, lang),
            urls::module(site, m),
            unit.id
        );
        if let Some(url) = absolute(site, &page) {
            line(&mut out, "URL", &url);
        }
        line(&mut out, "TRANSP", "TRANSPARENT");
        line(&mut out, "END", "VEVENT");
    }
    line(&mut out, "END", "VCALENDAR");
    Some(out)
}

/// Appends the content line `name:value`, folded, with CRLF.
fn line(out: &mut String, name: &str, value: &str) {
    let whole = format!("{name}:{value}");
    let mut rest = whole.as_str();
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // A continuation line starts with the space.
        limit = 74;
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks;
/// other control characters, which TEXT may not hold, are dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        let value = "é".repeat(100);
        line(&mut out, "SUMMARY", &value);
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{value}\r\n"));
        let mut short = String::new();
        line(&mut short, "A", &"x".repeat(73));
        assert_eq!(short.len(), 77);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            escape("a, b; c\\d\ne\r\nf\u{7}"),
            "a\\, b\\; c\\\\d\\ne\\nf"
        );
    }

    #[test]
    fn units_follow_each_other() {
        let mut site = fixture::site();
        let dates = unit_dates(&site.modules[0], d(2026, 1, 31));
        assert_eq!(
            dates,
            [
                (d(2026, 1, 31), d(2026, 2, 28)),
                (d(2026, 2, 28), d(2026, 4, 30))
            ]
        );
        site.modules[0].units[0].duration =
            Some(crate::model::Duration::parse("90 minutes").unwrap());
        site.modules[0].units[1].duration = None;
        let dates = unit_dates(&site.modules[0], d(2026, 1, 5));
        assert_eq!(
            dates,
            [
                (d(2026, 1, 5), d(2026, 1, 6)),
                (d(2026, 1, 6), d(2026, 1, 7))
            ]
        );
    }

    #[test]
    fn one_event_per_unit() {
        let mut site = fixture::published();
        site.modules[0].cohort_start = Some(d(2026, 1, 5));
        let text = calendar(&site, 0, "en").unwrap();
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(text.contains("DTSTART;VALUE=DATE:20260105\r\nDTEND;VALUE=DATE:20260205\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20260205\r\nDTEND;VALUE=DATE:20260405\r\n"));
        assert!(text.contains(
            "DTSTAMP:20260301T000000Z\r\nLAST-MODIFIED:20260301T000000Z\r\nSEQUENCE:20513\r\n"
        ));
        assert!(text.contains("DESCRIPTION:First month\\, in short\\; really.\r\n"));
        assert!(text.contains("URL:https://example.org/site/modules/course/#unit-first\r\n"));
        assert_eq!(text, calendar(&site, 0, "en").unwrap());
        let mut empty = site.clone();
        empty.modules[0].units.clear();
        assert!(file(&empty, 0, "en").is_none());
    }

    #[test]
    fn a_later_date_raises_the_sequence_and_no_date_means_no_calendar() {
        let mut site = fixture::site();
        site.modules[0].cohort_start = Some(d(2026, 1, 5));
        let sequence = |site: &Site| -> i64 {
            let text = calendar(site, 0, "en").unwrap();
            let line = text.lines().find(|l| l.starts_with("SEQUENCE:")).unwrap();
            line["SEQUENCE:".len()..].parse().unwrap()
        };
        let before = sequence(&site);
        site.modules[0].updated = Some(d(2026, 3, 2));
        assert_eq!(sequence(&site), before + 1);
        assert!(calendar(&site, 0, "en")
            .unwrap()
            .contains("LAST-MODIFIED:20260302T000000Z\r\n"));
        site.modules[0].updated = None;
        site.config.updated = None;
        assert!(!is_written(&site, 0));
        assert!(file(&site, 0, "en").is_none());
        site.config.updated = Some(d(2026, 3, 1));
        site.modules[0].cohort_start = None;
        assert!(file(&site, 0, "en").is_none());
    }
}
