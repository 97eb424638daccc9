//! The school's calendar: which instant "midnight on 1 September" is, in the school's own time.
//!
//! Creation-date filters are calendar dates as the administrator reads them, so a date
//! becomes an instant through the school's time zone. French schools live in a handful of zones:
//! metropolitan France follows the EU summer-time rule (last Sunday of March to last Sunday of
//! October, switching at 01:00 UTC, in force since 1996), and the overseas académies keep a fixed
//! offset. Writing those rules out keeps the whole IANA database (hundreds of KB) out of the
//! browser module; a zone not listed here is reported, never guessed.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};

/// A school's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SchoolTimeZone {
    /// `Europe/Paris`: UTC+1, UTC+2 in summer (EU rule).
    #[default]
    EuropeParis,
    /// An overseas zone without summer time: minutes east of UTC.
    Fixed { minutes_east: i32 },
}

/// Zones of French overseas académies and their fixed offsets (minutes east of UTC).
const FIXED_ZONES: [(&str, i32); 9] = [
    ("America/Guadeloupe", -240),
    ("America/Martinique", -240),
    ("America/Cayenne", -180),
    ("Indian/Reunion", 240),
    ("Indian/Mayotte", 180),
    ("Pacific/Noumea", 660),
    ("Pacific/Tahiti", -600),
    ("Pacific/Wallis", 720),
    ("UTC", 0),
];

impl SchoolTimeZone {
    /// Reads an IANA name; `None` for a zone Sésame has no rule for.
    pub fn from_iana(name: &str) -> Option<SchoolTimeZone> {
        if name == "Europe/Paris" {
            return Some(SchoolTimeZone::EuropeParis);
        }
        FIXED_ZONES
            .iter()
            .find(|(zone, _)| *zone == name)
            .map(|&(_, minutes_east)| SchoolTimeZone::Fixed { minutes_east })
    }

    /// Offset from UTC, in minutes, in force at `instant`.
    pub fn offset_minutes_at(self, instant: DateTime<Utc>) -> i32 {
        match self {
            SchoolTimeZone::Fixed { minutes_east } => minutes_east,
            SchoolTimeZone::EuropeParis => {
                let (start, end) = eu_summer_time(instant.year());
                if instant >= start && instant < end {
                    120
                } else {
                    60
                }
            }
        }
    }

    /// The instant at which `date` begins (00:00 local). Midnight is never skipped nor repeated by
    /// the EU rule (it switches at 02:00/03:00 local), so this is always one instant.
    pub fn start_of_day(self, date: NaiveDate) -> DateTime<Utc> {
        let midnight_as_utc = Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight exists"));
        let offset = match self {
            SchoolTimeZone::Fixed { minutes_east } => minutes_east,
            SchoolTimeZone::EuropeParis => {
                // Summer time covers local midnights strictly after the March switch day and up to
                // and including the October switch day (which starts in summer time).
                let (start, end) = eu_summer_time(date.year());
                if date > start.date_naive() && date <= end.date_naive() {
                    120
                } else {
                    60
                }
            }
        };
        midnight_as_utc - Duration::minutes(i64::from(offset))
    }

    /// The local calendar date of `instant`.
    pub fn local_date(self, instant: DateTime<Utc>) -> NaiveDate {
        (instant + Duration::minutes(i64::from(self.offset_minutes_at(instant)))).date_naive()
    }
}

/// Start and end of EU summer time in `year`: last Sundays of March and October, 01:00 UTC.
fn eu_summer_time(year: i32) -> (DateTime<Utc>, DateTime<Utc>) {
    let switch = |month| {
        let last = last_sunday(year, month);
        Utc.from_utc_datetime(&last.and_hms_opt(1, 0, 0).expect("01:00 exists"))
    };
    (switch(3), switch(10))
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last_day = NaiveDate::from_ymd_opt(year, month, 31).expect("March and October have 31 days");
    let back = last_day.weekday().num_days_from_sunday();
    last_day - Duration::days(i64::from(back))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Each day's local midnight in Paris, as UTC.
    fn assert_paris_midnights(days: &[(&str, &str)]) {
        for &(day, midnight) in days {
            assert_eq!(
                SchoolTimeZone::EuropeParis.start_of_day(date(day)),
                utc(midnight),
                "{day}"
            );
        }
    }

    #[test]
    fn paris_midnight_in_winter_and_summer() {
        assert_paris_midnights(&[
            ("2025-01-15", "2025-01-14T23:00:00Z"),
            ("2025-09-01", "2025-08-31T22:00:00Z"),
        ]);
    }

    #[test]
    fn paris_midnight_around_the_switch_days() {
        // 2025: summer time from Sunday 30 March to Sunday 26 October.
        assert_paris_midnights(&[
            ("2025-03-30", "2025-03-29T23:00:00Z"),
            ("2025-03-31", "2025-03-30T22:00:00Z"),
            ("2025-10-26", "2025-10-25T22:00:00Z"),
            ("2025-10-27", "2025-10-26T23:00:00Z"),
        ]);
    }

    #[test]
    fn offsets_switch_at_one_utc() {
        let paris = SchoolTimeZone::EuropeParis;
        assert_eq!(paris.offset_minutes_at(utc("2025-03-30T00:59:59Z")), 60);
        assert_eq!(paris.offset_minutes_at(utc("2025-03-30T01:00:00Z")), 120);
        assert_eq!(paris.offset_minutes_at(utc("2025-10-26T00:59:59Z")), 120);
        assert_eq!(paris.offset_minutes_at(utc("2025-10-26T01:00:00Z")), 60);
    }

    #[test]
    fn local_date_of_late_evening_utc_is_next_day_in_paris() {
        let paris = SchoolTimeZone::EuropeParis;
        assert_eq!(paris.local_date(utc("2025-08-31T22:30:00Z")), date("2025-09-01"));
        assert_eq!(paris.local_date(utc("2025-12-31T22:59:59Z")), date("2025-12-31"));
        assert_eq!(paris.local_date(utc("2025-12-31T23:00:00Z")), date("2026-01-01"));
    }

    #[test]
    fn overseas_zones_are_fixed_and_unknown_ones_refused() {
        let reunion = SchoolTimeZone::from_iana("Indian/Reunion").unwrap();
        assert_eq!(
            reunion.start_of_day(date("2025-07-01")),
            utc("2025-06-30T20:00:00Z")
        );
        assert_eq!(
            SchoolTimeZone::from_iana("Europe/Paris"),
            Some(SchoolTimeZone::EuropeParis)
        );
        assert_eq!(SchoolTimeZone::from_iana("Mars/Olympus"), None);
    }
}
