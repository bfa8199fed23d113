//! Changes asked for by people: renewal (Art. 17), technical changes
//! (Art. 16, 15.4), transfers of ownership (Art. 14) and of management with a
//! one-time code (Art. 15.1), litigation locks (Art. 14.4, 17.4, 21.3) and
//! suspensions (Art. 28).

use sha2::{Digest, Sha256};

use super::expiry::{grace_end, lifted, settle, term_end};
use super::notices::{management_transferred, ownership_transferred};
use super::{Charge, Denied, Outcome, conflict, litigated, refused, resting_state};
use crate::model::{Domain, ManagerKind, Nameserver, State};
use crate::rules::periods::{Time, fmt_time, latest};
use crate::rules::policy::{self, Policy};
use crate::rules::{Reason, technical};

/// The domain settled to `now`, or the refusal when the clock has already
/// removed it (the sweep may not have run yet).
pub(crate) fn live(d: &Domain, now: Time, policy: &Policy) -> Result<Domain, Denied> {
    let (settled, transitions) = settle(d, now, policy);
    if settled.state == State::Removed {
        let (article, at, why) = match transitions.last() {
            Some(t) if t.article == "17.3" => (
                "17.3",
                Some(t.at),
                format!(
                    "{} expired on {} and was not renewed within the grace period, which \
                     ended on {}; it is removed and free to register",
                    d.name,
                    fmt_time(term_end(d.expires, policy)),
                    fmt_time(t.at)
                ),
            ),
            Some(t) => (
                t.article,
                Some(t.at),
                format!(
                    "{} was removed on {} (pending removal took effect)",
                    d.name,
                    fmt_time(t.at)
                ),
            ),
            None => ("17.3", None, format!("{} is removed", d.name)),
        };
        return Err(refused(article, Reason::Removed { at }, why));
    }
    Ok(settled)
}

/// Renews for `years` (the policy's shortest term by default). Allowed until
/// the expiry (Art. 17.1) and during the grace period, which brings the name
/// back to its resting state and into the zone (Art. 17.2); while a
/// litigation is pending expiry has no effect (Art. 17.4), so renewal stays
/// open past the grace period. The new term adds the years to the end of
/// the old one, not to `now` (under civil counting it ends at 24:00 of the
/// corresponding day, Código Civil Art. 279 c). Charged at the renewal price in force on the
/// renewal date, per year (Art. 18.2).
pub(crate) fn renew(
    d: &Domain,
    years: Option<u32>,
    now: Time,
    policy: &Policy,
) -> Result<Outcome, Denied> {
    let years = crate::rules::registration::term(years, policy)?;
    let mut cur = live(d, now, policy)?;
    let per_year = policy
        .price_cents(policy::Charge::Renew, now)
        .ok_or_else(|| {
            refused(
                "18.1",
                Reason::NoPrice { charge: "renewal" },
                format!("no renewal price in force on {}", fmt_time(now)),
            )
        })?;
    let end = term_end(cur.expires, policy);
    let article = if now < end {
        "17.1"
    } else if litigated(&cur) && now >= grace_end(&cur, policy) {
        "17.4"
    } else {
        "17.2"
    };
    if cur.state == State::Grace {
        cur.state = resting_state(&cur);
        cur.state_since = now;
    }
    cur.expires = policy
        .calendar()
        .years_from_end(end, years)
        .ok_or_else(|| {
            refused(
                "18.1",
                Reason::TermPastTheEnd { years },
                format!(
                    "a renewal of {years} years would end after {}, the last time the registry \
                 can record: nothing renewed, nothing charged",
                    fmt_time(latest())
                ),
            )
        })?;
    let mut out = Outcome::new(cur, article);
    out.charge = Some(Charge {
        years,
        cents: per_year * i64::from(years),
    });
    Ok(out)
}

/// A technical change (Art. 16): each part replaces what is stored when given.
#[derive(Debug, Clone, Default)]
pub(crate) struct TechnicalChange {
    pub(crate) nameservers: Option<Vec<Nameserver>>,
    pub(crate) ds: Option<Vec<String>>,
    pub(crate) tech: Option<String>,
}

/// The result of a technical change, with the warnings for the operator.
#[derive(Debug, Clone)]
pub(crate) struct Updated {
    pub(crate) outcome: Outcome,
    pub(crate) warnings: Vec<String>,
}

/// Applies a technical change. A reserved or registered name then rests by
/// its nameserver count (Art. 16.3, 3.1: two or more delegate it; one is
/// refused); a name in grace or suspended keeps that state (it is out of the
/// zone either way) and the new data apply once it is renewed or the
/// suspension is lifted. When every nameserver changes and DS records
/// remain, DNSSEC validation would break: warned.
pub(crate) fn update_technical(
    d: &Domain,
    change: &TechnicalChange,
    now: Time,
    policy: &Policy,
) -> Result<Updated, Denied> {
    let mut cur = live(d, now, policy)?;
    let mut warnings = Vec::new();
    if let Some(ns) = &change.nameservers {
        technical::state_for_nameservers(technical::distinct_hosts(
            ns.iter().map(|n| n.host.as_str()),
        ))?;
        let all_changed = !cur.nameservers.is_empty()
            && !ns.is_empty()
            && ns
                .iter()
                .all(|n| cur.nameservers.iter().all(|o| o.host != n.host));
        let ds_remain = change.ds.is_none() && !cur.ds.is_empty();
        if all_changed && ds_remain {
            warnings.push(format!(
                "every nameserver of {} changes but its {} DS record(s) remain: unless the new \
                 servers sign with the same keys, DNSSEC validation of the name will fail \
                 (give --ds or --no-ds)",
                cur.name,
                cur.ds.len()
            ));
        }
        cur.nameservers = ns.clone();
    }
    if let Some(ds) = &change.ds {
        cur.ds = ds.clone();
    }
    if let Some(tech) = &change.tech {
        cur.tech = tech.clone();
    }
    if matches!(cur.state, State::Reserved | State::Registered) {
        let state = resting_state(&cur);
        if state != cur.state {
            cur.state = state;
            cur.state_since = now;
        }
    }
    let article = if change.nameservers.is_some() || change.ds.is_some() {
        "16.3"
    } else {
        "15.4"
    };
    Ok(Updated {
        outcome: Outcome::new(cur, article),
        warnings,
    })
}

/// Transfers ownership to `new_registrant` (Art. 14). Refused during the
/// grace period and while a litigation is pending (14.4), and while a
/// registration on legitimacy grounds awaits its proof (8.5). Expiry and the
/// arbitration agreement are unchanged (14.6); both registrants are told
/// (14.3). A self-managed name stays self-managed, now by its new
/// registrant; an outstanding transfer code dies with the old ownership.
pub(crate) fn transfer_ownership(
    d: &Domain,
    new_registrant: &str,
    now: Time,
    policy: &Policy,
) -> Result<Outcome, Denied> {
    let mut cur = live(d, now, policy)?;
    if cur.state == State::Grace {
        return Err(refused(
            "14.4",
            Reason::InGrace {
                until: grace_end(&cur, policy),
            },
            format!(
                "{} is in the renewal grace period (Art. 17.2) until {}; renew it first",
                cur.name,
                fmt_time(grace_end(&cur, policy))
            ),
        ));
    }
    if let Some(due) = cur.held_until {
        return Err(refused(
            "8.5",
            Reason::HeldForProof { until: due },
            format!(
                "{} was registered on legitimacy grounds that are not proved yet (due by {}): \
                 it is not transferable until the registry accepts the proof",
                cur.name,
                fmt_time(due)
            ),
        ));
    }
    if let Some(case) = cur.litigation.as_ref().or(cur.suspension.as_ref()) {
        return Err(refused(
            "14.4",
            Reason::PendingProceeding { case: case.clone() },
            format!(
                "{} is the object of a pending proceeding notified to the registry ({case})",
                cur.name
            ),
        ));
    }
    if cur.registrant == new_registrant {
        return Err(conflict(
            Reason::AlreadyRegistrant {
                registrant: new_registrant.to_string(),
            },
            format!("{new_registrant} is already the registrant of {}", cur.name),
        ));
    }
    let previous = std::mem::replace(&mut cur.registrant, new_registrant.to_string());
    if cur.manager_kind == ManagerKind::Registrant {
        cur.manager = new_registrant.to_string();
    }
    let notices = ownership_transferred(&cur, &previous, new_registrant, now);
    let mut out = Outcome::new(cur, "14");
    out.notices = notices;
    Ok(out)
}

/// The stored form of a transfer code: hex SHA-256 of the salt and the code
/// (Art. 15.1; the code itself is never stored).
pub(crate) fn code_hash(salt: &str, code: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(b":");
    h.update(normalize_code(code).as_bytes());
    hex::encode(h.finalize())
}

/// Codes compare without case, spaces or hyphens, so a code read aloud or
/// retyped still matches.
fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether a code may be issued for the name now (any live name may be: the
/// management of a name in grace or under litigation may still move).
pub(crate) fn issue_code(d: &Domain, now: Time, policy: &Policy) -> Result<Domain, Denied> {
    live(d, now, policy)
}

/// The new managing entity of a management transfer (Art. 15.1).
#[derive(Debug, Clone)]
pub(crate) enum NewManager {
    /// An accredited registrar, by id; `withdrawn` when its status was taken.
    Registrar { id: String, withdrawn: bool },
    /// The registrant manages the name itself (Art. 1.b).
    Registrant,
}

/// Transfers management with the one-time code (Art. 15.1). A `.gov.pt`
/// name stays with the managing entity the policy designates (Art. 10). `stored` is the
/// (hash, salt) on record, if a code was issued and not yet used. The caller
/// clears the code once the transfer is stored.
pub(crate) fn transfer_management(
    d: &Domain,
    to: &NewManager,
    code: &str,
    stored: Option<(&str, &str)>,
    now: Time,
    policy: &Policy,
) -> Result<Outcome, Denied> {
    let mut cur = live(d, now, policy)?;
    let losing = cur.registrar().map(str::to_string);
    let Some((hash, salt)) = stored else {
        return Err(refused(
            "15.1",
            Reason::NoTransferCode,
            format!(
                "no transfer code is outstanding for {} (none was issued, or it was used); \
                 issue one with `ptreg transfer-code`",
                cur.name
            ),
        ));
    };
    if code_hash(salt, code) != hash {
        return Err(refused(
            "15.1",
            Reason::WrongTransferCode,
            format!("the transfer code given for {} is wrong", cur.name),
        ));
    }
    if let Some(designated) = gov_pt_manager(&cur, policy) {
        let to_designated = matches!(to, NewManager::Registrar { id, .. } if *id == designated);
        if !to_designated {
            return Err(refused(
                "10",
                Reason::GovPtManager {
                    designated: designated.to_string(),
                },
                format!(
                    "{} is under .gov.pt, whose names are managed by {designated}: its \
                     management cannot pass to anyone else",
                    cur.name
                ),
            ));
        }
    }
    match to {
        NewManager::Registrar { id, withdrawn } => {
            if *withdrawn {
                return Err(refused(
                    "15.2",
                    Reason::RegistrarWithdrawn {
                        registrar: id.clone(),
                        since: None,
                    },
                    format!("{id} is no longer an accredited registrar"),
                ));
            }
            if cur.registrar() == Some(id.as_str()) {
                return Err(conflict(
                    Reason::AlreadyManages {
                        registrar: id.clone(),
                    },
                    format!("{id} already manages {}", cur.name),
                ));
            }
            cur.manager = id.clone();
            cur.manager_kind = ManagerKind::Registrar;
        }
        NewManager::Registrant => {
            if cur.manager_kind == ManagerKind::Registrant {
                return Err(conflict(
                    Reason::AlreadySelfManaged,
                    format!("the registrant already manages {}", cur.name),
                ));
            }
            cur.manager = cur.registrant.clone();
            cur.manager_kind = ManagerKind::Registrant;
        }
    }
    // The losing registrar is told (its EPP poll queue reads this notice).
    let notices = match &losing {
        Some(from) => management_transferred(&cur, from, now),
        None => Vec::new(),
    };
    let mut out = Outcome::new(cur, "15.1");
    out.notices = notices;
    Ok(out)
}

/// The managing entity a `.gov.pt` name must stay with (Art. 10), if `d`
/// is one.
fn gov_pt_manager<'p>(d: &Domain, policy: &'p Policy) -> Option<&'p str> {
    (d.hierarchy == "gov.pt").then_some(policy.registration.gov_pt_manager.as_str())
}

/// Records a notified litigation (Art. 14.4, 17.4, 21.3).
pub(crate) fn lock(d: &Domain, case: &str, now: Time, policy: &Policy) -> Result<Outcome, Denied> {
    let mut cur = live(d, now, policy)?;
    if let Some(existing) = &cur.litigation {
        return Err(conflict(
            Reason::AlreadyLocked {
                case: existing.clone(),
            },
            format!("{} is already locked under case {existing}", cur.name),
        ));
    }
    cur.litigation = Some(case.to_string());
    Ok(Outcome::new(cur, "14.4"))
}

/// Lifts the litigation lock; with `case`, only when it is that case's.
/// What the lock held back applies from now (Art. 17.4, 21.3): a name whose
/// term ended meanwhile enters its 30 days of grace now (rather than being
/// removed at once), and a pending removal whose period ended takes effect.
pub(crate) fn unlock(
    d: &Domain,
    case: Option<&str>,
    now: Time,
    policy: &Policy,
) -> Result<Outcome, Denied> {
    let mut cur = d.clone();
    match (&cur.litigation, case) {
        (None, _) => {
            return Err(conflict(
                Reason::NotLocked,
                format!("{} is not locked by a litigation", cur.name),
            ));
        }
        (Some(existing), Some(asked)) if existing != asked => {
            return Err(conflict(
                Reason::OtherCase {
                    case: existing.clone(),
                    asked: asked.to_string(),
                },
                format!("{} is locked under case {existing}, not {asked}", cur.name),
            ));
        }
        _ => {}
    }
    cur.litigation = None;
    Ok(Outcome::new(lifted(&cur, now, policy), "14.4"))
}

/// Suspends the name under an arbitral injunction (Art. 28.2): out of the
/// zone until lifted.
pub(crate) fn suspend(
    d: &Domain,
    case: &str,
    now: Time,
    policy: &Policy,
) -> Result<Outcome, Denied> {
    let mut cur = live(d, now, policy)?;
    if let Some(existing) = &cur.suspension {
        return Err(conflict(
            Reason::AlreadySuspended {
                case: existing.clone(),
            },
            format!("{} is already suspended under case {existing}", cur.name),
        ));
    }
    cur.suspension = Some(case.to_string());
    cur.state = State::Suspended;
    cur.state_since = now;
    Ok(Outcome::new(cur, "28"))
}

/// Lifts a suspension: the name rests by its nameservers again. A
/// suspension stands in a pending arbitral proceeding, so what it held back
/// applies from now, as after a litigation lock ([`unlock`]).
pub(crate) fn unsuspend(d: &Domain, now: Time, policy: &Policy) -> Result<Outcome, Denied> {
    let mut cur = d.clone();
    if cur.suspension.is_none() {
        return Err(conflict(
            Reason::NotSuspended,
            format!("{} is not suspended", cur.name),
        ));
    }
    cur.suspension = None;
    cur.state = resting_state(&cur);
    cur.state_since = now;
    Ok(Outcome::new(lifted(&cur, now, policy), "28"))
}
