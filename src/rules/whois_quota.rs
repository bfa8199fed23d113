//! The WHOIS query quota per source address (WHOIS policy 2.5).
//!
//! "Abusive use of the Whois service is understood to be a maximum of 1,000
//! queries within a period of 24 hours, per origin (IP address)"; past it the
//! address "may be suspended", and the "suspension will be prolonged for a
//! further 24 hours, for each successive episode". The numbers come from the
//! policy's `[whois]` table: `quota` queries per `window_hours`, and episode
//! n of an address lasts n × `suspension_hours`.
//!
//! Choices where the policy is silent:
//! - The "origin" of an IPv6 query is its /64: one host (one end site)
//!   is routinely given a whole /64, so counting single IPv6 addresses
//!   would let one host query without limit ([`source_key`]).
//! - Queries refused during a suspension do not count towards the next
//!   window, and the window never reaches back before the end of the last
//!   suspension, so an address is not suspended again at once when its
//!   suspension ends.
//! - Episodes are counted for the life of the registry: an address that
//!   abuses again is suspended longer than the time before.

use std::net::{IpAddr, Ipv6Addr};

use chrono::TimeDelta;

use crate::rules::periods::Time;
use crate::rules::policy::Whois;

/// An address's suspension record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    /// How many times the address has been suspended.
    pub(crate) episodes: u32,
    /// The end of the last suspension.
    pub(crate) until: Time,
}

/// What to do with one query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Within the quota: answer it.
    Answer,
    /// This query passes the quota: a new episode starts now.
    Suspend(Block),
    /// The address is suspended until then.
    Suspended { until: Time },
}

/// The origin a query is counted against: an IPv4 address (IPv4-mapped
/// IPv6 included) as such, an IPv6 address by its /64 (`2001:db8:1:2::/64`).
pub(crate) fn source_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let prefix = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{prefix}/64")
        }
    }
}

/// Where the current window starts: `window_hours` ago, but never before
/// the end of the last suspension.
pub(crate) fn window_start(now: Time, block: Option<&Block>, policy: &Whois) -> Time {
    let start = now - TimeDelta::hours(i64::from(policy.window_hours));
    match block {
        Some(b) if b.until > start => b.until,
        _ => start,
    }
}

/// Decides one query, given how many queries the address had answered
/// since [`window_start`] and its suspension record.
pub(crate) fn decide(now: Time, answered: u32, block: Option<&Block>, policy: &Whois) -> Verdict {
    if let Some(b) = block
        && now < b.until
    {
        return Verdict::Suspended { until: b.until };
    }
    if answered < policy.quota {
        return Verdict::Answer;
    }
    let episodes = block.map_or(0, |b| b.episodes).saturating_add(1);
    let hours = i64::from(episodes) * i64::from(policy.suspension_hours);
    Verdict::Suspend(Block {
        episodes,
        until: crate::rules::periods::hours_after(now, hours),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::periods::parse_time;

    fn t(s: &str) -> Time {
        parse_time(s).unwrap()
    }

    fn policy(quota: u32, window_hours: u32, suspension_hours: u32) -> Whois {
        Whois {
            host: "whois.dns.pt".into(),
            log_days: 90,
            quota,
            window_hours,
            suspension_hours,
        }
    }

    #[test]
    fn sources_ipv4_alone_ipv6_by_64() {
        let table = [
            ("192.0.2.7", "192.0.2.7"),
            ("::ffff:192.0.2.7", "192.0.2.7"),
            ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
            ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
            ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
            ("::1", "::/64"),
            ("fe80::1:2:3:4", "fe80::/64"),
        ];
        for (ip, key) in table {
            assert_eq!(source_key(ip.parse().unwrap()), key, "{ip}");
        }
    }

    #[test]
    fn the_default_quota() {
        let p = policy(1000, 24, 24);
        let now = t("2026-03-01T12:00:00Z");
        assert_eq!(decide(now, 0, None, &p), Verdict::Answer);
        assert_eq!(decide(now, 999, None, &p), Verdict::Answer);
        assert_eq!(
            decide(now, 1000, None, &p),
            Verdict::Suspend(Block {
                episodes: 1,
                until: t("2026-03-02T12:00:00Z")
            })
        );
    }

    #[test]
    fn each_episode_lasts_longer() {
        let p = policy(1000, 24, 24);
        let now = t("2026-03-10T00:00:00Z");
        let table = [
            (0, "2026-03-11T00:00:00Z"),
            (1, "2026-03-12T00:00:00Z"),
            (2, "2026-03-13T00:00:00Z"),
            (9, "2026-03-20T00:00:00Z"),
        ];
        for (before, until) in table {
            let block = (before > 0).then_some(Block {
                episodes: before,
                until: t("2026-03-01T00:00:00Z"),
            });
            assert_eq!(
                decide(now, 1000, block.as_ref(), &p),
                Verdict::Suspend(Block {
                    episodes: before + 1,
                    until: t(until)
                }),
                "after {before} episodes"
            );
        }
    }

    #[test]
    fn suspended_until_the_last_second() {
        let p = policy(3, 1, 1);
        let b = Block {
            episodes: 2,
            until: t("2026-03-01T12:00:00Z"),
        };
        assert_eq!(
            decide(t("2026-03-01T11:59:59Z"), 0, Some(&b), &p),
            Verdict::Suspended {
                until: t("2026-03-01T12:00:00Z")
            }
        );
        assert_eq!(
            decide(t("2026-03-01T12:00:00Z"), 0, Some(&b), &p),
            Verdict::Answer
        );
    }

    #[test]
    fn the_window_starts_after_the_last_suspension() {
        let p = policy(3, 24, 1);
        let now = t("2026-03-01T12:00:00Z");
        assert_eq!(window_start(now, None, &p), t("2026-02-28T12:00:00Z"));
        let recent = Block {
            episodes: 1,
            until: t("2026-03-01T10:00:00Z"),
        };
        assert_eq!(window_start(now, Some(&recent), &p), recent.until);
        let old = Block {
            episodes: 1,
            until: t("2026-02-01T00:00:00Z"),
        };
        assert_eq!(window_start(now, Some(&old), &p), t("2026-02-28T12:00:00Z"));
    }

    #[test]
    fn a_zero_suspension_only_refuses_the_query_at_hand() {
        let p = policy(1, 1, 0);
        let now = t("2026-03-01T12:00:00Z");
        let v = decide(now, 1, None, &p);
        assert_eq!(
            v,
            Verdict::Suspend(Block {
                episodes: 1,
                until: now
            })
        );
        if let Verdict::Suspend(b) = v {
            assert_eq!(decide(now, 0, Some(&b), &p), Verdict::Answer);
        }
    }
}
