//! Time: parsing the clock, and how periods are counted (Art. 33).
//!
//! Art. 33 makes the periods of the rules continuous: they run through
//! weekends and holidays. How a period of days or years is counted is the
//! general rule of Portuguese law (Código Civil, Art. 279 b and c): the day
//! of the event is not counted, and the period ends at 24:00 of its last
//! day; a period of years from a date ends at 24:00 of the day of the last
//! year that corresponds to that date (the last day of February when the
//! date was 29 February). Days are those of the registry's time zone, so a
//! period ends at local midnight across daylight-saving changes; times stay
//! UTC. That is [`Counting::Civil`], the default; [`Counting::Hours`] is
//! the simpler N × 24 h reading (and years to the same second) that a
//! registry may choose instead.
//!
//! Two kinds of starting point: an *event* (a registration, a notice sent,
//! a lock lifted), whose day is not counted; and the *end* of another
//! period (a grace period starts where the term ends, a renewal adds years
//! to the term), whose last day is the day the new period counts from.
//! Under civil counting an end is a local midnight (24:00 of its last day);
//! a stored end that is not (written under hours counting, or migrated)
//! ends at 24:00 of its day ([`Calendar::term_end`]).

use chrono::{DateTime, Days, Months, NaiveDate, SecondsFormat, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The registry's clock type: UTC, whole seconds.
pub(crate) type Time = DateTime<Utc>;

/// The last time the registry can store: every stored time is a four-digit
/// year RFC 3339 text (so it sorts and parses back), and every period or
/// term computed stops here rather than overflowing (a `--now` near the end
/// of year 9999 must not write a time no command can read back).
pub(crate) fn latest() -> Time {
    DateTime::from_timestamp(253_402_300_799, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The first time the registry can store (0001-01-01T00:00:00Z).
pub(crate) fn earliest() -> Time {
    DateTime::from_timestamp(-62_135_596_800, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Parses RFC 3339 (`2026-03-01T09:00:00Z`) or a date (`2026-03-01`, 00:00 UTC),
/// from year 1 to year 9999.
pub(crate) fn parse_time(text: &str) -> Result<Time, String> {
    let text = text.trim();
    let parsed = if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        Some(truncate(t.with_timezone(&Utc)))
    } else if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        d.and_hms_opt(0, 0, 0).map(|t| t.and_utc())
    } else {
        None
    };
    if let Some(t) = parsed {
        if t < earliest() || t > latest() {
            return Err(format!(
                "bad time {text:?}: times run from 0001-01-01 to 9999-12-31T23:59:59Z"
            ));
        }
        return Ok(t);
    }
    Err(format!(
        "bad time {text:?}: expected RFC 3339 (2026-03-01T09:00:00Z) or a date (2026-03-01)"
    ))
}

/// Drops sub-second precision so stored times compare and print exactly.
pub(crate) fn truncate(t: Time) -> Time {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}

/// The one text form of a time: RFC 3339, UTC, seconds (`2026-03-01T09:00:00Z`).
/// Stored text sorts in time order.
pub(crate) fn fmt_time(t: Time) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// How the periods of the rules are counted (`[periods] counting`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Counting {
    /// Whole days of the registry's time zone, the day of the event not
    /// counted, ending at 24:00 (Código Civil, Art. 279).
    #[default]
    Civil,
    /// N × 24 hours from the instant of the event; years to the second.
    Hours,
}

/// The registry's way of counting periods: the counting and the time zone
/// whose days civil counting counts. Every period of the rules is computed
/// here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Calendar {
    pub(crate) counting: Counting,
    pub(crate) tz: Tz,
}

impl Calendar {
    /// The local date of an instant.
    fn date(&self, t: Time) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    /// The last day of a period that ends at `end`: a local midnight is the
    /// 24:00 of the day before it.
    fn last_day(&self, end: Time) -> NaiveDate {
        self.date(end - TimeDelta::seconds(1))
    }

    /// 24:00 of `day` in the time zone: the first instant of the next day.
    /// Where a daylight-saving change skips that midnight (some zones move
    /// their clocks at 00:00), the day starts when the clocks resume.
    fn end_of(&self, day: NaiveDate) -> Time {
        self.midnight_after(day)
            .map_or(latest(), |t| t.clamp(earliest(), latest()))
    }

    /// The first instant of the day after `day`, unbounded (see [`end_of`]).
    fn midnight_after(&self, day: NaiveDate) -> Option<Time> {
        let midnight = day.succ_opt()?.and_hms_opt(0, 0, 0)?;
        Some(match self.tz.from_local_datetime(&midnight) {
            chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
            chrono::LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
            chrono::LocalResult::None => {
                // Skipped: read the midnight at the offset in force the
                // day before, which lands at the end of the gap.
                let before = midnight.and_utc() - TimeDelta::days(1);
                let offset = self.tz.offset_from_utc_datetime(&before.naive_utc());
                let secs = chrono::Offset::fix(&offset).local_minus_utc();
                midnight.and_utc() - TimeDelta::seconds(i64::from(secs))
            }
        })
    }

    /// The end of a period of `days` days from an event at `t` (a notice
    /// sent, a registration, a lock lifted).
    pub(crate) fn days_from_event(&self, t: Time, days: u32) -> Time {
        match self.counting {
            Counting::Hours => days_after(t, days),
            Counting::Civil => self.end_of(add_days(self.date(t), days)),
        }
    }

    /// The end of a period of `days` days that follows a period ending at
    /// `end` (the grace period after the term, Art. 17.2).
    pub(crate) fn days_from_end(&self, end: Time, days: u32) -> Time {
        match self.counting {
            Counting::Hours => days_after(end, days),
            Counting::Civil => self.end_of(add_days(self.last_day(end), days)),
        }
    }

    /// The end of a term of `years` years from an event at `t` (a
    /// registration, Art. 2.2), or `None` when it would end past
    /// [`latest`] (a term that cannot be recorded whole is refused).
    pub(crate) fn years_from_event(&self, t: Time, years: u32) -> Option<Time> {
        match self.counting {
            Counting::Hours => checked_years_after(t, years),
            Counting::Civil => self.checked_end_of(add_years(self.date(t), years)?),
        }
    }

    /// The end of a term extended by `years` years from its end at `end`
    /// (a renewal, Art. 17.1), or `None` past [`latest`].
    pub(crate) fn years_from_end(&self, end: Time, years: u32) -> Option<Time> {
        match self.counting {
            Counting::Hours => checked_years_after(end, years),
            Counting::Civil => self.checked_end_of(add_years(self.last_day(end), years)?),
        }
    }

    /// 24:00 of `day`, or `None` when that is past [`latest`]. A term
    /// ending at 24:00 of the last day the registry can record is stored as
    /// that day's last second, [`latest`] (which [`Calendar::term_end`]
    /// reads back as the same end).
    fn checked_end_of(&self, day: NaiveDate) -> Option<Time> {
        let end = self.midnight_after(day)?;
        (end <= latest() + TimeDelta::seconds(1)).then(|| end.min(latest()))
    }

    /// When a term stored as ending at `expires` ends: itself under hours
    /// counting; under civil counting 24:00 of its last day (itself when
    /// it is a local midnight, as civil counting stores it).
    pub(crate) fn term_end(&self, expires: Time) -> Time {
        match self.counting {
            Counting::Hours => expires,
            Counting::Civil => self.end_of(self.last_day(expires)),
        }
    }

    /// The first instant from which at most `days` whole days remain before
    /// a period ending at `end` (an expiry reminder `days` days before).
    pub(crate) fn days_before_end(&self, end: Time, days: u32) -> Time {
        match self.counting {
            Counting::Hours => days_before(end, days),
            Counting::Civil => {
                let last = self.last_day(end);
                match last.checked_sub_days(Days::new(u64::from(days))) {
                    Some(day) => self.end_of(day),
                    None => earliest(),
                }
            }
        }
    }

    /// The latest instant an event may have happened at and its period of
    /// `days` days be over by `now`: events strictly after it still have
    /// their period running (the names a conformity sample may draw at
    /// `now`, Art. 8.1).
    pub(crate) fn running_since(&self, now: Time, days: u32) -> Time {
        match self.counting {
            Counting::Hours => days_before(now, days),
            Counting::Civil => {
                let first = self
                    .date(now)
                    .checked_sub_days(Days::new(u64::from(days)))
                    .and_then(|d| d.pred_opt());
                match first {
                    Some(day) => self.end_of(day) - TimeDelta::seconds(1),
                    None => earliest(),
                }
            }
        }
    }

    /// The earliest stored term end that may still run at `now`: a stored
    /// end at or before it has ended (civil counting may carry a stored end
    /// to the next local midnight, never by more than a day and the zone's
    /// offset).
    pub(crate) fn earliest_running_end(&self, now: Time) -> Time {
        match self.counting {
            Counting::Hours => now,
            Counting::Civil => days_before(now, 2),
        }
    }
}

/// `days` calendar days after a date, stopping at the last date.
fn add_days(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// The date `years` years after `day`; 29 February gives 28 February
/// (Código Civil, Art. 279 c: the last day of the month).
fn add_years(day: NaiveDate, years: u32) -> Option<NaiveDate> {
    day.checked_add_months(Months::new(years.checked_mul(12)?))
}

/// N continuous days after `t` (Art. 33): N × 24 h.
pub(crate) fn days_after(t: Time, days: u32) -> Time {
    // Stops at `latest()` instead of overflowing: a hostile policy or
    // `--now` must neither crash a command nor store an unreadable time.
    t.checked_add_signed(TimeDelta::days(i64::from(days)))
        .map_or(latest(), |t| t.min(latest()))
}

/// N continuous days before `t`: N × 24 h, stopping at `earliest()` (the
/// hours reading; [`Calendar`] counts the rules' periods).
pub(crate) fn days_before(t: Time, days: u32) -> Time {
    t.checked_sub_signed(TimeDelta::days(i64::from(days)))
        .map_or(earliest(), |t| t.max(earliest()))
}

/// N hours after `t` (before it when negative), stopping at `latest()` and
/// `earliest()`.
pub(crate) fn hours_after(t: Time, hours: i64) -> Time {
    let bound = if hours < 0 { earliest() } else { latest() };
    TimeDelta::try_hours(hours)
        .and_then(|d| t.checked_add_signed(d))
        .map_or(bound, |t| t.clamp(earliest(), latest()))
}

/// N calendar years after `t` (29 February lands on 28 February), or
/// `None` when that is past [`latest`]: a
/// term that cannot be recorded whole is refused, not cut short and
/// charged in full.
pub(crate) fn checked_years_after(t: Time, years: u32) -> Option<Time> {
    t.checked_add_months(Months::new(years.checked_mul(12)?))
        .filter(|end| *end <= latest())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_and_dates() {
        assert_eq!(
            fmt_time(parse_time("2026-03-01").unwrap()),
            "2026-03-01T00:00:00Z"
        );
        assert_eq!(
            fmt_time(parse_time("2026-03-01T10:00:00+01:00").unwrap()),
            "2026-03-01T09:00:00Z"
        );
        assert_eq!(
            fmt_time(parse_time("2026-03-01T09:00:00.750Z").unwrap()),
            "2026-03-01T09:00:00Z"
        );
        assert!(parse_time("2026-02-30").is_err());
        assert!(parse_time("yesterday").is_err());
        assert!(parse_time("").is_err());
    }

    #[test]
    fn continuous_days_count_weekends_and_dst() {
        let t = parse_time("2026-03-28T12:00:00Z").unwrap();
        assert_eq!(fmt_time(days_after(t, 8)), "2026-04-05T12:00:00Z");
        assert_eq!(fmt_time(days_before(t, 28)), "2026-02-28T12:00:00Z");
        assert_eq!(days_before(days_after(t, 30), 30), t);
        assert_eq!(
            days_before(parse_time("0001-01-05").unwrap(), 10),
            earliest()
        );
    }

    #[test]
    fn times_stay_within_four_digit_years() {
        let end = parse_time("9999-12-31T23:59:59Z").unwrap();
        assert_eq!(end, latest());
        assert_eq!(parse_time("0001-01-01").unwrap(), earliest());
        for bad in [
            "+10000-01-01T00:00:00Z",
            "10000-01-01",
            "-0001-01-01",
            "0000-12-31T23:59:59Z",
        ] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
        let late = parse_time("9999-06-01").unwrap();
        assert_eq!(days_after(late, 3660), latest());
        assert_eq!(checked_years_after(late, 5), None);
        assert_eq!(checked_years_after(late, u32::MAX), None);
        let ok = parse_time("9994-12-31T23:59:59Z").unwrap();
        assert_eq!(checked_years_after(ok, 5), Some(latest()));
        assert_eq!(hours_after(late, 24 * 365), latest());
        assert_eq!(hours_after(late, i64::MAX), latest());
        assert_eq!(fmt_time(days_after(end, 1)), "9999-12-31T23:59:59Z");
    }

    fn civil(tz: Tz) -> Calendar {
        Calendar {
            counting: Counting::Civil,
            tz,
        }
    }

    fn at(text: &str) -> Time {
        parse_time(text).unwrap()
    }

    #[test]
    fn civil_days_leave_out_the_day_of_the_event_and_end_at_24_00() {
        let cal = civil(chrono_tz::Europe::Lisbon);
        // A notice sent on 1 February at 10:00: 8 days end at 24:00 on 9 February.
        let end = cal.days_from_event(at("2026-02-01T10:00:00Z"), 8);
        assert_eq!(fmt_time(end), "2026-02-10T00:00:00Z");
        // The first and last second of a day are the same day.
        assert_eq!(cal.days_from_event(at("2026-02-01T00:00:00Z"), 8), end);
        assert_eq!(cal.days_from_event(at("2026-02-01T23:59:59Z"), 8), end);
        // A period following another starts the day after its last day.
        assert_eq!(fmt_time(cal.days_from_end(end, 30)), "2026-03-12T00:00:00Z");
        // Summer: 24:00 in Lisbon is 23:00 UTC; 23:30 UTC is the next day.
        assert_eq!(
            fmt_time(cal.days_from_event(at("2026-07-01T23:30:00Z"), 2)),
            "2026-07-04T23:00:00Z"
        );
        let hours = Calendar {
            counting: Counting::Hours,
            tz: chrono_tz::Europe::Lisbon,
        };
        assert_eq!(
            fmt_time(hours.days_from_event(at("2026-02-01T10:00:00Z"), 8)),
            "2026-02-09T10:00:00Z"
        );
    }

    #[test]
    fn civil_years_end_on_the_corresponding_day() {
        let cal = civil(chrono_tz::Europe::Lisbon);
        let years = |t, n| cal.years_from_event(t, n).map(fmt_time);
        let reg = at("2026-03-01T10:00:00Z");
        assert_eq!(years(reg, 1).as_deref(), Some("2027-03-02T00:00:00Z"));
        // From 29 February: the last day of February.
        let leap = at("2024-02-29T15:00:00Z");
        assert_eq!(years(leap, 1).as_deref(), Some("2025-03-01T00:00:00Z"));
        assert_eq!(years(leap, 4).as_deref(), Some("2028-03-01T00:00:00Z"));
        // Renewed from the end of a term: years from its last day.
        let end = at("2027-03-02T00:00:00Z");
        assert_eq!(
            cal.years_from_end(end, 3).map(fmt_time).as_deref(),
            Some("2030-03-02T00:00:00Z")
        );
        // Past the last recordable time: no term; ending on its last day,
        // stored as its last second.
        assert_eq!(cal.years_from_event(at("9999-06-01"), 1), None);
        assert_eq!(
            cal.years_from_event(at("9998-12-31T23:59:59Z"), 1),
            Some(latest())
        );
        assert_eq!(cal.term_end(latest()), latest());
        assert_eq!(cal.years_from_end(at("9999-06-01"), 1), None);
    }

    #[test]
    fn a_midnight_skipped_by_daylight_saving_ends_when_the_day_starts() {
        // The Azores move their clocks at 00:00 local: from 00:00 to 01:00
        // on 29 March 2026 (UTC-1 to UTC+0), so that day began at 01:00
        // local, 01:00 UTC, and 28 March ended then.
        let cal = civil(chrono_tz::Atlantic::Azores);
        let end = cal.days_from_event(at("2026-03-26T15:00:00Z"), 2);
        assert_eq!(fmt_time(end), "2026-03-29T01:00:00Z");
        // Back from 01:00 to 00:00 on 25 October 2026: that day's midnight
        // came twice, at 00:00 and 01:00 UTC; 24 October ended at the first.
        let end = cal.days_from_event(at("2026-10-22T15:00:00Z"), 2);
        assert_eq!(fmt_time(end), "2026-10-25T00:00:00Z");
    }

    #[test]
    fn the_events_whose_period_still_runs() {
        let cal = civil(chrono_tz::Europe::Lisbon);
        let now = at("2026-03-11T15:00:00Z");
        let bound = cal.running_since(now, 10);
        // Registered on 1 March: its 10 days run to 24:00 on 11 March.
        assert_eq!(fmt_time(bound), "2026-02-28T23:59:59Z");
        assert!(cal.days_from_event(at("2026-03-01T00:00:00Z"), 10) > now);
        assert!(cal.days_from_event(bound, 10) <= now);
        let hours = Calendar {
            counting: Counting::Hours,
            tz: chrono_tz::Europe::Lisbon,
        };
        assert_eq!(
            fmt_time(hours.running_since(now, 10)),
            "2026-03-01T15:00:00Z"
        );
    }

    #[test]
    fn reminders_and_bounds() {
        let cal = civil(chrono_tz::Europe::Lisbon);
        let end = at("2026-03-02T00:00:00Z");
        assert_eq!(
            fmt_time(cal.days_before_end(end, 7)),
            "2026-02-23T00:00:00Z"
        );
        assert_eq!(cal.term_end(end), end);
        assert_eq!(
            fmt_time(cal.term_end(at("2026-03-01T09:00:00Z"))),
            "2026-03-02T00:00:00Z"
        );
        assert_eq!(cal.days_before_end(earliest(), 30), earliest());
        assert_eq!(cal.years_from_end(latest(), 5), None);
        assert_eq!(cal.days_from_event(latest(), 30), latest());
    }

    #[test]
    fn years_from_29_february() {
        let t = parse_time("2024-02-29T08:00:00Z").unwrap();
        assert_eq!(
            fmt_time(checked_years_after(t, 1).unwrap()),
            "2025-02-28T08:00:00Z"
        );
        assert_eq!(
            fmt_time(checked_years_after(t, 4).unwrap()),
            "2028-02-29T08:00:00Z"
        );
        assert_eq!(
            fmt_time(checked_years_after(t, 3).unwrap()),
            "2027-02-28T08:00:00Z"
        );
    }
}
