//! Removals (Art. 21, 22): by the registrant at once, by the managing entity
//! after the registrant's 8 days to oppose, by the registry at once or after
//! an 8-day notice to cure; and the opposition and cure that stop them.
//!
//! The 8 days of Art. 21.2 and 22.2 run from the notification ("a contar da
//! referida notificação", "após o envio da referida notificação"): from when
//! the notice is sent, which `notices ack` records, not from when it was
//! written to the outbox. Until then the removal is pending with no date
//! ([`notified`] gives it one). Under Art. 22.2 both the registrant and the
//! managing entity are notified: the period runs from the later sending.

use super::changes::live;
use super::expiry::{grace_end, term_end};
use super::notices::{removal_notice, removal_requested, removed_by_registry};
use super::{Denied, Outcome, conflict, litigated, refused};
use crate::model::{ContactKind, Domain, ManagerKind, PendingRemoval, State};
use crate::rules::periods::{Time, fmt_time};
use crate::rules::policy::Policy;
use crate::rules::{Article, Reason};

/// A paragraph of Art. 22.1: the circumstance the registry acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ground {
    /// a) loss of the right to use the name (judicial, arbitral, authority).
    LossOfRight,
    /// b) dissolution and end of activity of an organisation registrant.
    Dissolution,
    /// c) insufficient, incorrect or false identification or contact data.
    BadData,
    /// d) a third party's data used without their knowledge and consent.
    ThirdPartyData,
    /// e) the renewal mechanism was not used (Art. 17.1).
    NotRenewed,
}

impl Ground {
    /// Parses the paragraph letter given with `--reason`.
    pub(crate) fn parse(text: &str) -> Option<Ground> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "a" => Ground::LossOfRight,
            "b" => Ground::Dissolution,
            "c" => Ground::BadData,
            "d" => Ground::ThirdPartyData,
            "e" => Ground::NotRenewed,
            _ => return None,
        })
    }

    pub(crate) fn letter(self) -> &'static str {
        match self {
            Ground::LossOfRight => "a",
            Ground::Dissolution => "b",
            Ground::BadData => "c",
            Ground::ThirdPartyData => "d",
            Ground::NotRenewed => "e",
        }
    }

    pub(crate) fn article(self) -> Article {
        match self {
            Ground::LossOfRight => "22.1.a",
            Ground::Dissolution => "22.1.b",
            Ground::BadData => "22.1.c",
            Ground::ThirdPartyData => "22.1.d",
            Ground::NotRenewed => "22.1.e",
        }
    }

    /// b) and c) give 8 days' notice to cure (Art. 22.2); the others act at
    /// once and notify after (Art. 22.3).
    pub(crate) fn gives_notice(self) -> bool {
        matches!(self, Ground::Dissolution | Ground::BadData)
    }
}

/// The domain removed at `now` (any pending removal is spent).
pub(crate) fn removed_now(mut d: Domain, now: Time) -> Domain {
    d.state = State::Removed;
    d.state_since = now;
    d.removed = Some(now);
    d.pending_removal = None;
    d.held_until = None;
    d
}

/// Refused while a proceeding is notified on the name (Art. 21.3).
pub(crate) fn no_litigation(d: &Domain) -> Result<(), Denied> {
    if let Some(case) = d.litigation.as_ref().or(d.suspension.as_ref()) {
        return Err(refused(
            "21.3",
            Reason::PendingProceeding { case: case.clone() },
            format!(
                "{} is the object of a pending proceeding notified to the registry ({case})",
                d.name
            ),
        ));
    }
    Ok(())
}

/// Removal asked by the registrant: at once (Art. 21.1), without refund
/// (Art. 21.4); not while a litigation is pending (Art. 21.3).
pub(crate) fn by_registrant(d: &Domain, now: Time, policy: &Policy) -> Result<Outcome, Denied> {
    let cur = live(d, now, policy)?;
    no_litigation(&cur)?;
    Ok(Outcome::new(removed_now(cur, now), "21.1"))
}

/// Removal asked by the managing entity: the registrant is told and may
/// oppose within `policy.periods.opposition` days; otherwise the removal
/// takes effect then (Art. 21.2). Not under litigation (Art. 21.3).
pub(crate) fn by_manager(d: &Domain, now: Time, policy: &Policy) -> Result<Outcome, Denied> {
    let mut cur = live(d, now, policy)?;
    no_litigation(&cur)?;
    if cur.manager_kind == ManagerKind::Registrant {
        return Err(refused(
            "21.2",
            Reason::SelfManaged,
            format!(
                "the registrant manages {} itself: its removal is the registrant's \
                 (--by registrant, Art. 21.1)",
                cur.name
            ),
        ));
    }
    pending_is_free(&cur)?;
    cur.pending_removal = Some(PendingRemoval {
        by: "manager".into(),
        effective: None,
        article: "21.2".into(),
        grounds: None,
        requested: Some(now),
    });
    let notices = removal_requested(&cur, now, policy.periods.opposition);
    let mut out = Outcome::new(cur, "21.2");
    out.notices = notices;
    Ok(out)
}

fn pending_is_free(d: &Domain) -> Result<(), Denied> {
    match &d.pending_removal {
        Some(p) => Err(conflict(
            Reason::RemovalPending {
                by: p.by.clone(),
                effective: p.effective,
            },
            format!(
                "a removal of {} by the {} is already pending, {} [Art. {}]",
                d.name,
                p.by,
                match p.effective {
                    Some(at) => format!("effective {}", fmt_time(at)),
                    None => "its notice not sent yet".to_string(),
                },
                p.article
            ),
        )),
        None => Ok(()),
    }
}

/// Removal by the registry on a paragraph of Art. 22.1. For b) and c) the
/// registrant and the managing entity are given the grounds and 8 days
/// (`policy.periods.cure_notice`, from when the notice is sent) to cure
/// them (Art. 22.2); for a) and d) the name is removed at once and they are
/// told after (Art. 22.3).
///
/// - b) applies to a registrant that is a legal person (dissolution and end
///   of activity); a natural person is refused under 22.1.b.
/// - e) (not renewed) is the end of the grace period of Art. 17.2 and 17.3,
///   not a shortcut through it: during the term the name may still be
///   renewed (17.1), during the grace period too (17.2), and when the grace
///   ends the clock removes it (17.3). So it is always refused here, with
///   the article that keeps the name, and under a pending litigation with
///   17.4 (expiry has no effect).
/// - No paragraph applies while a litigation is pending (Art. 21.3: no
///   removal under a pending litigation; lift the lock first, for instance
///   once the court's decision under a) is final).
pub(crate) fn by_registry(
    d: &Domain,
    ground: Ground,
    grounds: Option<&str>,
    registrant: ContactKind,
    now: Time,
    policy: &Policy,
) -> Result<Outcome, Denied> {
    let mut cur = live(d, now, policy)?;
    if ground == Ground::NotRenewed {
        return Err(not_renewed(&cur, now, policy));
    }
    if ground == Ground::Dissolution && registrant != ContactKind::Organization {
        return Err(refused(
            "22.1.b",
            Reason::NotLegalPerson {
                registrant: cur.registrant.clone(),
            },
            format!(
                "the registrant of {} ({}) is a natural person: dissolution and end of \
                 activity apply only to a registrant that is a legal person",
                cur.name, cur.registrant
            ),
        ));
    }
    no_litigation(&cur)?;
    let grounds = grounds
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(|g| {
            if g.ends_with('.') {
                g.to_string()
            } else {
                format!("{g}.")
            }
        })
        .unwrap_or_else(|| "as stated in Art. 22.1 of the rules.".to_string());
    if ground.gives_notice() {
        pending_is_free(&cur)?;
        cur.pending_removal = Some(PendingRemoval {
            by: "registry".into(),
            effective: None,
            article: ground.article().into(),
            grounds: Some(grounds.clone()),
            requested: Some(now),
        });
        let notices = removal_notice(&cur, ground.letter(), &grounds, policy.periods.cure_notice);
        let mut out = Outcome::new(cur, "22.2");
        out.notices = notices;
        Ok(out)
    } else {
        let notices = removed_by_registry(&cur, ground.letter(), &grounds, now);
        let mut out = Outcome::new(removed_now(cur, now), ground.article());
        out.notices = notices;
        Ok(out)
    }
}

/// Why a registry removal for not renewing (Art. 22.1.e) is refused for a
/// live name (see [`by_registry`]).
fn not_renewed(d: &Domain, now: Time, policy: &Policy) -> Denied {
    if litigated(d) {
        return refused(
            "17.4",
            Reason::ExpiryHeld,
            format!(
                "{}'s expiry has no effect while a proceeding notified to the registry is \
                 pending",
                d.name
            ),
        );
    }
    let end = term_end(d.expires, policy);
    if now < end {
        return refused(
            "22.1.e",
            Reason::NotExpired { expires: end },
            format!(
                "{} is renewed until {}; it may still be renewed until then (Art. 17.1), \
                 so it has not failed to renew",
                d.name,
                fmt_time(end)
            ),
        );
    }
    let until = grace_end(d, policy);
    refused(
        "17.2",
        Reason::InGrace { until },
        format!(
            "{} is in its renewal grace period until {}: it may still be renewed, and is \
             removed when the period ends unrenewed (Art. 17.3)",
            d.name,
            fmt_time(until)
        ),
    )
}

/// The notice of a pending removal was sent at `sent` (the last of its
/// notices, for Art. 22.2): its period of `opposition` (Art. 21.2) or
/// `cure_notice` (22.2) days runs from then, and it takes effect when that
/// period ends. A conflict when no removal awaits its notice.
pub(crate) fn notified(
    d: &Domain,
    sent: Time,
    now: Time,
    policy: &Policy,
) -> Result<Outcome, Denied> {
    let mut cur = live(d, now, policy)?;
    let Some(p) = cur
        .pending_removal
        .as_mut()
        .filter(|p| p.effective.is_none())
    else {
        return Err(conflict(
            Reason::NoRemovalAwaitingNotice,
            format!("no removal of {} is waiting for its notice", cur.name),
        ));
    };
    let (days, article) = if p.by == "manager" {
        (policy.periods.opposition, "21.2")
    } else {
        (policy.periods.cure_notice, "22.2")
    };
    p.effective = Some(policy.calendar().days_from_event(sent, days));
    Ok(Outcome::new(cur, article))
}

/// The registrant opposes a removal asked by the managing entity, within
/// its 8 days (Art. 21.2): the removal is cancelled.
pub(crate) fn oppose(d: &Domain, now: Time, policy: &Policy) -> Result<Outcome, Denied> {
    let mut cur = live(d, now, policy)?;
    match &cur.pending_removal {
        Some(p) if p.by == "manager" => {}
        _ => {
            return Err(conflict(
                Reason::NoRemovalPending { by: "manager" },
                format!(
                    "no removal of {} by its managing entity is pending",
                    cur.name
                ),
            ));
        }
    }
    cur.pending_removal = None;
    Ok(Outcome::new(cur, "21.2"))
}

/// The grounds of a pending registry removal were cured within the 8 days
/// (Art. 22.2): the removal is cancelled.
pub(crate) fn cure(d: &Domain, now: Time, policy: &Policy) -> Result<Outcome, Denied> {
    let mut cur = live(d, now, policy)?;
    match &cur.pending_removal {
        Some(p) if p.by == "registry" => {}
        _ => {
            return Err(conflict(
                Reason::NoRemovalPending { by: "registry" },
                format!("no removal of {} by the registry is pending", cur.name),
            ));
        }
    }
    cur.pending_removal = None;
    Ok(Outcome::new(cur, "22.2"))
}
