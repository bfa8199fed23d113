//! The policy: the rules' parameters (periods, terms, prices, sampling,
//! WHOIS quota, zone apex), parsed and validated from TOML.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::periods::{Calendar, Counting, Time};

/// The registry's time zone when the policy names none.
fn lisbon() -> chrono_tz::Tz {
    chrono_tz::Europe::Lisbon
}

/// The time zones a policy may count civil days in: Portugal's legal time,
/// on the mainland, in Madeira and in the Azores (the binary holds no
/// other: `.cargo/config.toml`).
pub(crate) const PORTUGAL_ZONES: [chrono_tz::Tz; 3] = [
    chrono_tz::Europe::Lisbon,
    chrono_tz::Atlantic::Madeira,
    chrono_tz::Atlantic::Azores,
];

/// Reads `[periods] timezone`: one of [`PORTUGAL_ZONES`], by its IANA name.
fn portugal_zone<'de, D: serde::Deserializer<'de>>(d: D) -> Result<chrono_tz::Tz, D::Error> {
    let name = String::deserialize(d)?;
    PORTUGAL_ZONES
        .into_iter()
        .find(|z| z.name() == name)
        .ok_or_else(|| {
            let known: Vec<&str> = PORTUGAL_ZONES.iter().map(|z| z.name()).collect();
            serde::de::Error::custom(format!(
                "timezone {name:?} is not a time zone of Portugal; periods are counted \
                 in Portuguese legal time: {}",
                known.join(", ")
            ))
        })
}

mod zone_data;

/// The built-in 2021 policy.
pub(crate) const DEFAULT_TOML: &str = include_str!("default_policy.toml");

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Policy {
    pub(crate) periods: Periods,
    pub(crate) registration: Registration,
    pub(crate) prices: Vec<Price>,
    pub(crate) sampling: Sampling,
    pub(crate) whois: Whois,
    pub(crate) zone: Zone,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Periods {
    /// How periods are counted: civil days (the default) or hours.
    #[serde(default)]
    pub(crate) counting: Counting,
    /// The time zone whose days civil counting counts.
    #[serde(default = "lisbon", deserialize_with = "portugal_zone")]
    pub(crate) timezone: chrono_tz::Tz,
    pub(crate) conformity_window: u32,
    pub(crate) proof_deadline: u32,
    pub(crate) opposition: u32,
    pub(crate) cure_notice: u32,
    pub(crate) renewal_grace: u32,
    pub(crate) reminders: Vec<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Registration {
    pub(crate) terms: Vec<u32>,
    pub(crate) gov_pt_manager: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Price {
    pub(crate) from: NaiveDate,
    pub(crate) register: String,
    pub(crate) renew: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Sampling {
    pub(crate) rate: f64,
    /// At most this share of the sample again for the risk strata, shared
    /// among them (policies written before the key have the default).
    #[serde(default = "default_risk_share")]
    pub(crate) risk_share: f64,
}

/// The default `sampling.risk_share`: half the sample again.
fn default_risk_share() -> f64 {
    0.5
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Whois {
    /// The port-43 host, named by RDAP answers (`port43`).
    #[serde(default = "default_whois_host")]
    pub(crate) host: String,
    /// Days a logged query is kept.
    #[serde(default = "default_log_days")]
    pub(crate) log_days: u32,
    pub(crate) quota: u32,
    pub(crate) window_hours: u32,
    pub(crate) suspension_hours: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Zone {
    pub(crate) origin: String,
    pub(crate) ttl: u32,
    pub(crate) soa: Soa,
    pub(crate) nameservers: Vec<ApexNameserver>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Soa {
    pub(crate) mname: String,
    pub(crate) rname: String,
    pub(crate) refresh: u32,
    pub(crate) retry: u32,
    pub(crate) expire: u32,
    pub(crate) minimum: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ApexNameserver {
    pub(crate) host: String,
    #[serde(default)]
    pub(crate) addresses: Vec<std::net::IpAddr>,
}

impl Zone {
    /// Whether `host` (no trailing dot, any case) is an apex nameserver
    /// published with its addresses.
    pub(crate) fn is_apex_host_with_addresses(&self, host: &str) -> bool {
        self.nameservers.iter().any(|ns| {
            !ns.addresses.is_empty() && ns.host.trim_end_matches('.').eq_ignore_ascii_case(host)
        })
    }
}

fn default_whois_host() -> String {
    "whois.dns.pt".to_string()
}

fn default_log_days() -> u32 {
    90
}

/// Bounds that keep every date computed from the policy inside the calendar
/// and every amount inside an `i64`, whatever a hostile policy file says.
const MAX_PERIOD_DAYS: u32 = 3660;
const MAX_WHOIS_HOURS: u32 = 8784;
const MAX_PRICE_CENTS: i64 = 100_000_000;

/// What a charge is for (Art. 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Charge {
    Register,
    Renew,
}

impl Policy {
    /// Parses and validates a policy text; the error names the key at fault.
    pub(crate) fn parse(text: &str) -> Result<Policy, String> {
        let policy: Policy = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].lines().count().max(1);
                    format!("line {line}: {msg}")
                }
                None => msg,
            }
        })?;
        policy.validate()?;
        Ok(policy)
    }

    fn validate(&self) -> Result<(), String> {
        if self.registration.terms.is_empty() || self.registration.terms.contains(&0) {
            return Err("registration.terms: give one or more terms of at least 1 year".into());
        }
        if self.registration.terms.iter().any(|&t| t > 10) {
            return Err("registration.terms: a term is at most 10 years".into());
        }
        let p = &self.periods;
        for (key, days) in [
            ("conformity_window", p.conformity_window),
            ("proof_deadline", p.proof_deadline),
            ("opposition", p.opposition),
            ("cure_notice", p.cure_notice),
            ("renewal_grace", p.renewal_grace),
        ]
        .into_iter()
        .chain(p.reminders.iter().map(|&d| ("reminders", d)))
        {
            if days > MAX_PERIOD_DAYS {
                return Err(format!(
                    "periods.{key}: {days} days is more than {MAX_PERIOD_DAYS} (ten years)"
                ));
            }
        }
        if self.prices.is_empty() {
            return Err("prices: at least one [[prices]] entry is needed".into());
        }
        for (i, p) in self.prices.iter().enumerate() {
            parse_amount(&p.register).map_err(|e| format!("prices[{i}].register: {e}"))?;
            parse_amount(&p.renew).map_err(|e| format!("prices[{i}].renew: {e}"))?;
            for (key, text) in [("register", &p.register), ("renew", &p.renew)] {
                if parse_amount(text).is_ok_and(|c| c > MAX_PRICE_CENTS) {
                    return Err(format!(
                        "prices[{i}].{key}: {text} is more than {} a year",
                        fmt_amount(MAX_PRICE_CENTS)
                    ));
                }
            }
        }
        if !(0.0..=1.0).contains(&self.sampling.rate) {
            return Err("sampling.rate: must be between 0 and 1".into());
        }
        if !(0.0..=1.0).contains(&self.sampling.risk_share) {
            return Err("sampling.risk_share: must be between 0 and 1".into());
        }
        if self.whois.quota == 0 || self.whois.window_hours == 0 {
            return Err("whois: quota and window_hours must be positive".into());
        }
        if self.whois.window_hours > MAX_WHOIS_HOURS
            || self.whois.suspension_hours > MAX_WHOIS_HOURS
        {
            return Err(format!(
                "whois: window_hours and suspension_hours are at most {MAX_WHOIS_HOURS} (a year)"
            ));
        }
        if self.whois.log_days == 0 || self.whois.log_days > MAX_PERIOD_DAYS {
            return Err(format!(
                "whois.log_days: keep the query log 1 to {MAX_PERIOD_DAYS} days"
            ));
        }
        let host = &self.whois.host;
        let host_ok = !host.is_empty()
            && host.len() <= 253
            && host.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !host_ok {
            return Err(format!("whois.host: {host:?} is not a host name"));
        }
        zone_data::check(&self.zone)
    }

    /// How this policy counts periods.
    pub(crate) fn calendar(&self) -> Calendar {
        Calendar {
            counting: self.periods.counting,
            tz: self.periods.timezone,
        }
    }

    /// The shortest term, used when no `--years` is given.
    pub(crate) fn default_term(&self) -> u32 {
        self.registration.terms.iter().copied().min().unwrap_or(1)
    }

    /// The price per year in force at `at` (Art. 18.2), in cents.
    pub(crate) fn price_cents(&self, charge: Charge, at: Time) -> Option<i64> {
        let day = at.date_naive();
        self.prices
            .iter()
            .filter(|p| p.from <= day)
            .max_by_key(|p| p.from)
            .and_then(|p| {
                let text = match charge {
                    Charge::Register => &p.register,
                    Charge::Renew => &p.renew,
                };
                parse_amount(text).ok()
            })
    }
}

/// The digest that identifies a policy text (journaled with each decision).
pub(crate) fn digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Parses an amount with at most two decimals (`"9.90"`) into cents.
pub(crate) fn parse_amount(text: &str) -> Result<i64, String> {
    let bad = || format!("bad amount {text:?}: expected e.g. \"9.90\"");
    let (units, cents) = match text.split_once('.') {
        Some((u, c)) if !c.is_empty() && c.len() <= 2 => (u, c),
        Some(_) => return Err(bad()),
        None => (text, "0"),
    };
    if units.is_empty() || !units.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if !cents.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let units: i64 = units.parse().map_err(|_| bad())?;
    let mut c: i64 = cents.parse().map_err(|_| bad())?;
    if cents.len() == 1 {
        c *= 10;
    }
    units
        .checked_mul(100)
        .and_then(|u| u.checked_add(c))
        .ok_or_else(bad)
}

/// Formats cents as an amount string with two decimals (`"9.90"`).
pub(crate) fn fmt_amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::periods::parse_time;

    #[test]
    fn the_default_policy_parses() {
        let p = Policy::parse(DEFAULT_TOML).unwrap();
        assert_eq!(p.periods.opposition, 8);
        assert_eq!(p.registration.terms, vec![1, 3, 5]);
        assert_eq!(p.default_term(), 1);
    }

    #[test]
    fn unknown_keys_are_named() {
        let text = DEFAULT_TOML.replace("opposition = 8", "oposition = 8");
        let err = Policy::parse(&text).unwrap_err();
        assert!(err.contains("oposition"), "{err}");
        assert!(err.starts_with("line "), "{err}");
    }

    #[test]
    fn price_in_force_on_the_date() {
        let text = DEFAULT_TOML.replace(
            "[sampling]",
            "[[prices]]\nfrom = \"2027-01-01\"\nregister = \"12.00\"\nrenew = \"11.5\"\n\n[sampling]",
        );
        let p = Policy::parse(&text).unwrap();
        let before = parse_time("2026-12-31T23:59:59Z").unwrap();
        let after = parse_time("2027-01-01").unwrap();
        assert_eq!(p.price_cents(Charge::Register, before), Some(990));
        assert_eq!(p.price_cents(Charge::Register, after), Some(1200));
        assert_eq!(p.price_cents(Charge::Renew, after), Some(1150));
        let early = parse_time("2020-01-01").unwrap();
        assert_eq!(p.price_cents(Charge::Register, early), None);
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("9.90"), Ok(990));
        assert_eq!(parse_amount("9.9"), Ok(990));
        assert_eq!(parse_amount("10"), Ok(1000));
        assert!(parse_amount("9.999").is_err());
        assert!(parse_amount("-1").is_err());
        assert!(parse_amount(".5").is_err());
        assert!(parse_amount("9.").is_err());
        assert_eq!(fmt_amount(990), "9.90");
        assert_eq!(fmt_amount(-1005), "-10.05");
    }

    #[test]
    fn periods_amounts_and_hours_are_bounded() {
        for (from, to, key) in [
            (
                "opposition = 8",
                "opposition = 4294967295",
                "periods.opposition",
            ),
            (
                "reminders = [30, 7]",
                "reminders = [30, 99999]",
                "periods.reminders",
            ),
            (
                "register = \"9.90\"",
                "register = \"1000000.01\"",
                "prices[0].register",
            ),
            ("suspension_hours = 24", "suspension_hours = 9000", "whois"),
        ] {
            let err = Policy::parse(&DEFAULT_TOML.replace(from, to)).unwrap_err();
            assert!(err.starts_with(key), "{to}: {err}");
        }
        let longest = DEFAULT_TOML.replace("renewal_grace = 30", "renewal_grace = 3660");
        assert!(Policy::parse(&longest).is_ok());
    }
}

#[cfg(test)]
mod hostile_tests;
