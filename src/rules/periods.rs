//! Time: parsing the clock, continuous periods (Art. 33) and year terms.

use chrono::{DateTime, Months, NaiveDate, SecondsFormat, TimeDelta, Utc};

/// The registry's clock type: UTC, whole seconds.
pub(crate) type Time = DateTime<Utc>;

/// Parses RFC 3339 (`2026-03-01T09:00:00Z`) or a date (`2026-03-01`, 00:00 UTC).
pub(crate) fn parse_time(text: &str) -> Result<Time, String> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(truncate(t.with_timezone(&Utc)));
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && let Some(t) = d.and_hms_opt(0, 0, 0)
    {
        return Ok(t.and_utc());
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
    // Saturates instead of panicking past the calendar's end (year 262143):
    // a hostile policy or `--now` must not crash a command.
    t.checked_add_signed(TimeDelta::days(i64::from(days)))
        .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC)
}

/// N calendar years after `t`; 29 February lands on 28 February.
pub(crate) fn years_after(t: Time, years: u32) -> Time {
    t.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(t)
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
    }

    #[test]
    fn years_from_29_february() {
        let t = parse_time("2024-02-29T08:00:00Z").unwrap();
        assert_eq!(fmt_time(years_after(t, 1)), "2025-02-28T08:00:00Z");
        assert_eq!(fmt_time(years_after(t, 4)), "2028-02-29T08:00:00Z");
        assert_eq!(fmt_time(years_after(t, 3)), "2027-02-28T08:00:00Z");
    }
}
