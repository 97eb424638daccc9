//! The `Date de création` cell: a calendar date, maybe with a time, on the school's clock.
//!
//! The ENT writes `dd/mm/yyyy` (French order, never month first); ISO `yyyy-mm-dd` is accepted
//! too. Either may be followed by ` HH:MM` or ` HH:MM:SS` (or `T` instead of the space). Without
//! a time the account was created at the start of that day, school time, which is what the
//! "created before/since" filters compare with. A full RFC 3339 timestamp with an
//! offset (`2025-09-01T06:30:00Z`) is an instant and is taken as is. Two-digit years are refused
//! rather than guessed.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use crate::timezone::SchoolTimeZone;

/// `Ok(None)` for an empty cell, `Err(())` for anything unreadable (the caller names the value).
pub(crate) fn created_at(raw: &str, zone: SchoolTimeZone) -> Result<Option<DateTime<Utc>>, ()> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if let Ok(instant) = DateTime::parse_from_rfc3339(raw) {
        return Ok(Some(instant.with_timezone(&Utc)));
    }
    let (date_part, time_part) = match raw.find([' ', 'T']) {
        Some(at) => (&raw[..at], Some(raw[at + 1..].trim())),
        None => (raw, None),
    };
    let date = date(date_part).ok_or(())?;
    Ok(Some(match time_part {
        None => zone.start_of_day(date),
        Some(time_part) => local_to_utc(date.and_time(time(time_part).ok_or(())?), zone),
    }))
}

/// `dd/mm/yyyy` or `yyyy-mm-dd`, day and month with one or two digits.
fn date(text: &str) -> Option<NaiveDate> {
    let (day, month, year) = if let Some((d, rest)) = text.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        (d, m, y)
    } else {
        let (y, rest) = text.split_once('-')?;
        let (m, d) = rest.split_once('-')?;
        (d, m, y)
    };
    NaiveDate::from_ymd_opt(
        number(year, 4, 4)? as i32,
        number(month, 1, 2)?,
        number(day, 1, 2)?,
    )
}

/// `H:MM` or `HH:MM:SS`.
fn time(text: &str) -> Option<NaiveTime> {
    let mut parts = text.split(':');
    let hour = number(parts.next()?, 1, 2)?;
    let minute = number(parts.next()?, 2, 2)?;
    let second = match parts.next() {
        Some(s) => number(s, 2, 2)?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// ASCII digits only (no sign, no spaces), between `min` and `max` of them.
fn number(text: &str, min: usize, max: usize) -> Option<u32> {
    let ok = (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten()
}

/// The instant a wall-clock time names in the school's zone. In the hour repeated when summer time
/// ends, the first of the two; in the hour skipped when it starts, the time is read with the
/// offset in force before the switch (as clocks that were not yet changed would show it).
fn local_to_utc(local: NaiveDateTime, zone: SchoolTimeZone) -> DateTime<Utc> {
    let as_if_utc = Utc.from_utc_datetime(&local);
    let before = zone.offset_minutes_at(as_if_utc - Duration::days(1));
    let after = zone.offset_minutes_at(as_if_utc + Duration::days(1));
    let mut offsets = [before, after];
    // A larger offset gives an earlier instant: try it first.
    offsets.sort_unstable_by(|a, b| b.cmp(a));
    for offset in offsets {
        let instant = as_if_utc - Duration::minutes(i64::from(offset));
        if zone.offset_minutes_at(instant) == offset {
            return instant;
        }
    }
    as_if_utc - Duration::minutes(i64::from(before))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARIS: SchoolTimeZone = SchoolTimeZone::EuropeParis;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn read(raw: &str) -> Option<DateTime<Utc>> {
        created_at(raw, PARIS).unwrap()
    }

    /// Asserts that each cell of `cases` reads as its instant (RFC 3339, in UTC).
    fn assert_reads(cases: &[(&str, &str)]) {
        for &(raw, instant) in cases {
            assert_eq!(read(raw), Some(utc(instant)), "{raw}");
        }
    }

    #[test]
    fn french_and_iso_dates_are_midnight_school_time() {
        assert_reads(&[
            ("01/09/2025", "2025-08-31T22:00:00Z"),
            ("1/9/2025", "2025-08-31T22:00:00Z"),
            ("2025-09-01", "2025-08-31T22:00:00Z"),
            ("15/01/2025", "2025-01-14T23:00:00Z"),
        ]);
        assert_eq!(read("  "), None);
    }

    #[test]
    fn times_are_wall_clock_school_time() {
        assert_reads(&[
            ("01/09/2025 08:30", "2025-09-01T06:30:00Z"),
            ("2025-01-15 8:05:09", "2025-01-15T07:05:09Z"),
            ("2025-01-15T08:05", "2025-01-15T07:05:00Z"),
        ]);
        let reunion = SchoolTimeZone::from_iana("Indian/Reunion").unwrap();
        assert_eq!(
            created_at("01/09/2025 08:30", reunion).unwrap(),
            Some(utc("2025-09-01T04:30:00Z"))
        );
    }

    #[test]
    fn instants_with_an_offset_are_kept() {
        assert_reads(&[
            ("2025-09-01T06:30:00Z", "2025-09-01T06:30:00Z"),
            ("2025-09-01T08:30:00+02:00", "2025-09-01T06:30:00Z"),
        ]);
    }

    #[test]
    fn summer_time_switches() {
        assert_reads(&[
            // 26 October 2025: 02:30 happens twice; the first one is in summer time.
            ("26/10/2025 02:30", "2025-10-26T00:30:00Z"),
            ("26/10/2025 03:30", "2025-10-26T02:30:00Z"),
            // 30 March 2025: 02:30 does not exist; read with the winter offset.
            ("30/03/2025 02:30", "2025-03-30T01:30:00Z"),
            ("30/03/2025 03:30", "2025-03-30T01:30:00Z"),
            ("30/03/2025 01:30", "2025-03-30T00:30:00Z"),
        ]);
    }

    #[test]
    fn unreadable_dates_are_refused() {
        for raw in [
            "31/02/2025",
            "01/09/25",
            "2025/09/01",
            "09-01-2025x",
            "01/09/2025 25:00",
            "01/09/2025 8h30",
            "hier",
            "01/13/2025",
            "+1/09/2025",
        ] {
            assert_eq!(created_at(raw, PARIS), Err(()), "{raw}");
        }
    }
}
