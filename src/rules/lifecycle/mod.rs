//! The lifecycle of a registration (Art. 14-17, 21, 22, 28): pure
//! transitions from one [`Domain`] value to the next.
//!
//! Every function takes the domain as stored, `now` and the [`Policy`], and
//! returns an [`Outcome`] (the domain after the change, the article that
//! grounds it, the notices the rules require and the charge to record) or a
//! [`Denied`] naming the article that forbids the change and its typed
//! reason.
//!
//! The stored state may lag the clock (the daily sweep has not run yet), so
//! every decision is taken on the domain *settled* to `now` first
//! ([`expiry::settle`]): a name whose grace period ended yesterday is treated
//! as removed even if tonight's sweep has not removed it yet.
//!
//! Choices where the rules are silent (see also each function):
//! - A suspension (Art. 28) is ordered inside a pending arbitral proceeding
//!   notified to the registry, so it counts as a pending litigation for
//!   Art. 14.4, 17.4 and 21.3 ([`litigated`]).
//! - While a litigation is pending, expiry has no effect (Art. 17.4): the name
//!   keeps its state (no grace, no removal) and stays renewable. No removal
//!   of any kind is allowed or takes effect (Art. 21.3 is worded for every
//!   removal). When the lock is lifted after the term has ended, the 30
//!   days of grace start then (a name locked in grace gets a full grace
//!   again); a pending removal whose period ended meanwhile takes effect at
//!   the lifting ([`expiry::lifted`], from `unlock` and `unsuspend`).
//! - A lock placed while a name is in grace keeps it in grace (out of the
//!   zone: its delegation had already ended), with the clock held.

pub(crate) mod changes;
pub(crate) mod expiry;
pub(crate) mod notices;
pub(crate) mod removal;

use crate::model::{Domain, State};
use crate::rules::Article;
pub(crate) use crate::rules::refusal::{Denied, conflict, refused};

pub(crate) use notices::{NoticeDraft, Party};

/// The result of a lifecycle change.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// The domain after the change.
    pub(crate) domain: Domain,
    /// The article that grounds the change (journaled).
    pub(crate) article: Article,
    /// Notices the rules require, to be written to the outbox.
    pub(crate) notices: Vec<NoticeDraft>,
    /// A charge to record in the ledger (Art. 18.2).
    pub(crate) charge: Option<Charge>,
    /// What the requester should be warned of; the change goes ahead (each
    /// face shows them its own way).
    pub(crate) warnings: Vec<String>,
}

impl Outcome {
    /// The domain after a change grounded on `article`, with no notice,
    /// charge or warning yet.
    pub(crate) fn new(domain: Domain, article: Article) -> Self {
        Outcome {
            domain,
            article,
            notices: Vec::new(),
            charge: None,
            warnings: Vec::new(),
        }
    }
}

/// A charge at the price in force on the date of the act (Art. 18.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Charge {
    pub(crate) years: u32,
    pub(crate) cents: i64,
}

/// Whether a judicial or arbitral proceeding notified to the registry is
/// pending (Art. 14.4, 17.4, 21.3): a litigation lock, or a suspension
/// ordered in an arbitral proceeding (Art. 28).
pub(crate) fn litigated(d: &Domain) -> bool {
    d.litigation.is_some() || d.suspension.is_some()
}

/// The state a live, unexpired name rests in: suspended while an injunction
/// stands (Art. 28); reserved, out of the zone, while a registration on
/// legitimacy grounds awaits its proof (Art. 7.2 "only when made by the
/// competent authority", 8.5 "must make proof"); else by its nameservers,
/// two distinct hosts delegating it (Art. 2.3, 3.1, 16.3).
pub(crate) fn resting_state(d: &Domain) -> State {
    let hosts =
        crate::rules::technical::distinct_hosts(d.nameservers.iter().map(|n| n.host.as_str()));
    if d.suspension.is_some() {
        State::Suspended
    } else if d.held_until.is_some() {
        State::Reserved
    } else if hosts >= 2 {
        State::Registered
    } else {
        State::Reserved
    }
}

/// The state a registration on legitimacy grounds is held in until its
/// proof is accepted: reserved, in the registry but not delegated (Art.
/// 2.3, 7.2, 8.5).
pub(crate) fn resting_state_held() -> State {
    State::Reserved
}

#[cfg(test)]
pub(crate) mod fixture {
    //! Domains and clocks for the unit tests.

    use crate::model::{Domain, ManagerKind, Nameserver};
    use crate::rules::periods::{Time, parse_time};
    use crate::rules::policy::{DEFAULT_TOML, Policy};

    pub(crate) fn t(text: &str) -> Time {
        parse_time(text).expect("test time")
    }

    /// The built-in policy: civil counting in Lisbon.
    pub(crate) fn policy() -> Policy {
        Policy::parse(DEFAULT_TOML).expect("default policy")
    }

    /// The built-in policy counting periods in hours.
    pub(crate) fn hours() -> Policy {
        Policy::parse(&DEFAULT_TOML.replace("counting = \"civil\"", "counting = \"hours\""))
            .expect("hours policy")
    }

    /// `exemplo.pt`, registered 2025-03-01 09:00 for a year with two
    /// nameservers, managed by registrar `REG1`.
    pub(crate) fn domain() -> Domain {
        Domain {
            id: 1,
            expires: t("2026-03-01T09:00:00Z"),
            registrant: "ana".into(),
            manager: "REG1".into(),
            manager_kind: ManagerKind::Registrar,
            tech: "ana".into(),
            nameservers: vec![
                Nameserver {
                    host: "ns1.exemplo.pt".into(),
                    addresses: vec!["192.0.2.1".into()],
                },
                Nameserver {
                    host: "ns2.example.net".into(),
                    addresses: vec![],
                },
            ],
            ..Domain::example("exemplo.pt", t("2025-03-01T09:00:00Z"))
        }
    }
}

#[cfg(test)]
mod tests;
