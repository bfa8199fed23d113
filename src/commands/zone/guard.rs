//! The serial of a published zone and the `--max-changes` guard.

use crate::error::{Error, Result};
use crate::rules::periods::Time;
use crate::store::zone::LastExport;

/// Whether serial `a` is greater than `b` in DNS serial arithmetic (RFC
/// 1982 §3.2, SERIAL_BITS = 32): ahead by 1 to 2^31 - 1, wrapping around.
/// Secondaries only take a zone whose serial is greater in this sense.
pub(super) fn serial_greater(a: u32, b: u32) -> bool {
    let ahead = a.wrapping_sub(b);
    ahead != 0 && ahead < 1 << 31
}

/// A new serial must be greater than the last exported one (RFC 1982).
pub(super) fn check_serial(serial: u32, last: Option<&LastExport>) -> Result<()> {
    match last {
        Some(l) if !serial_greater(serial, l.serial) => Err(Error::conflict(format!(
            "serial {serial} is not greater than the last exported serial {} \
             (DNS serial arithmetic, RFC 1982: a new serial is 1 to 2147483647 ahead, \
             counting on from 0 after 4294967295)",
            l.serial
        ))
        .with_hint(format!(
            "omit --serial to get the next one ({})",
            l.serial.wrapping_add(1)
        ))),
        _ => Ok(()),
    }
}

/// `YYYYMMDDnn` for the day of `now`, or one more than the last serial when
/// that is already as large in serial arithmetic (several exports a day, a
/// clock set back, or a serial given by hand): always greater than the last.
pub(super) fn next_serial(now: Time, last: Option<u32>) -> u32 {
    let day: u32 = now.format("%Y%m%d").to_string().parse().unwrap_or(0);
    let dated = day.saturating_mul(100);
    match last {
        Some(l) if !serial_greater(dated, l) => l.wrapping_add(1),
        _ => dated,
    }
}

/// The `--max-changes` guard.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum MaxChanges {
    Count(u64),
    /// Percent of the delegations of the last export.
    Percent(f64),
}

impl MaxChanges {
    pub(super) fn parse(text: &str) -> std::result::Result<MaxChanges, String> {
        let bad = || format!("{text:?}: expected a count (500) or a percentage (2%)");
        let text = text.trim();
        match text.strip_suffix('%') {
            Some(p) => {
                let p: f64 = p.trim().parse().map_err(|_| bad())?;
                if !(0.0..=100.0).contains(&p) {
                    return Err(bad());
                }
                Ok(MaxChanges::Percent(p))
            }
            None => text.parse().map(MaxChanges::Count).map_err(|_| bad()),
        }
    }

    /// The most changes allowed against a last export of `count` delegations.
    pub(super) fn limit(self, count: u64) -> u64 {
        match self {
            MaxChanges::Count(n) => n,
            MaxChanges::Percent(p) => (count as f64 * p / 100.0).floor() as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::periods::parse_time;

    #[test]
    fn serials() {
        let now = parse_time("2026-03-01T09:00:00Z").unwrap();
        let table = [
            (None, 2026030100),
            (Some(2025123105), 2026030100),
            (Some(2026030100), 2026030101),
            (Some(2026030199), 2026030200),
            (Some(2027010100), 2027010101),
            (Some(7), 2026030100),
            // 2026030100 is 2026030101 ahead of 4294967295 (mod 2^32).
            (Some(u32::MAX), 2026030100),
            // More than 2^31 behind the dated serial: the dated one is not
            // greater, so count on.
            (Some(4_000_000_000), 4_000_000_001),
            (Some(4_273_000_000), 2026030100),
        ];
        for (last, want) in table {
            assert_eq!(next_serial(now, last), want, "after {last:?}");
            if let Some(l) = last {
                assert!(serial_greater(want, l), "{want} > {l}");
            }
        }
    }

    #[test]
    fn serial_arithmetic() {
        let table = [
            (1, 0, true),
            (0, 1, false),
            (5, 5, false),
            (0, u32::MAX, true),
            (u32::MAX, 0, false),
            ((1 << 31) - 1, 0, true),
            (1 << 31, 0, false),
            (0, 1 << 31, false),
            (2026030100, u32::MAX, true),
            (u32::MAX, 2026030100, false),
        ];
        for (a, b, want) in table {
            assert_eq!(serial_greater(a, b), want, "{a} > {b}");
        }
    }

    #[test]
    fn max_changes() {
        assert_eq!(MaxChanges::parse("500"), Ok(MaxChanges::Count(500)));
        assert_eq!(MaxChanges::parse("2%"), Ok(MaxChanges::Percent(2.0)));
        assert_eq!(MaxChanges::parse("0.5 %"), Ok(MaxChanges::Percent(0.5)));
        for bad in ["", "-1", "x", "101%", "%", "5%%"] {
            assert!(MaxChanges::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(MaxChanges::Count(3).limit(1000), 3);
        assert_eq!(MaxChanges::Percent(2.0).limit(2_000_000), 40_000);
        assert_eq!(MaxChanges::Percent(10.0).limit(15), 1);
        assert_eq!(MaxChanges::Percent(50.0).limit(0), 0);
    }

    #[test]
    fn check_serial_against_the_last() {
        let last = LastExport {
            id: 1,
            serial: 2026030100,
            digest: String::new(),
            count: 0,
        };
        assert!(check_serial(2026030101, Some(&last)).is_ok());
        assert!(check_serial(2026030100, Some(&last)).is_err());
        assert!(check_serial(u32::MAX, Some(&last)).is_err());
        assert!(check_serial(5, None).is_ok());
        let wrapped = LastExport {
            serial: u32::MAX,
            ..last
        };
        assert!(check_serial(0, Some(&wrapped)).is_ok());
        assert!(check_serial(2026030100, Some(&wrapped)).is_ok());
        assert!(check_serial(u32::MAX - 1, Some(&wrapped)).is_err());
    }
}
