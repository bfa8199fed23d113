//! Time: parsing the clock, continuous periods (Art. 33) and year terms.

use chrono::{DateTime, Months, NaiveDate, SecondsFormat, TimeDelta, Utc};

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

/// N continuous days after `t` (Art. 33): N × 24 h.
pub(crate) fn days_after(t: Time, days: u32) -> Time {
    // Stops at `latest()` instead of overflowing: a hostile policy or
    // `--now` must neither crash a command nor store an unreadable time.
    t.checked_add_signed(TimeDelta::days(i64::from(days)))
        .map_or(latest(), |t| t.min(latest()))
}

/// N continuous days before `t` (Art. 33): N × 24 h, stopping at
/// `earliest()`. The one reading of "N days before" (reminders, the
/// conformity window, the sweep's cutoff).
pub(crate) fn days_before(t: Time, days: u32) -> Time {
    t.checked_sub_signed(TimeDelta::days(i64::from(days)))
        .map_or(earliest(), |t| t.max(earliest()))
}

/// N hours after `t`, stopping at `latest()`.
pub(crate) fn hours_after(t: Time, hours: i64) -> Time {
    TimeDelta::try_hours(hours)
        .and_then(|d| t.checked_add_signed(d))
        .map_or(latest(), |t| t.min(latest()))
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
