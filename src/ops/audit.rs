//! Conformity cases (Art. 8.2, 8.3, 20): the proof request and the verdict,
//! decided by [`crate::rules::conformity`] and recorded here (case, domain,
//! refund, notices, journal entry).

use rusqlite::Connection;
use serde_json::json;

use crate::error::Result;
use crate::journal::{self, Entry, Kind, Stamp};
use crate::model::Domain;
use crate::ops::lifecycle::email_of;
use crate::rules::conformity;
use crate::rules::lifecycle::NoticeDraft;
use crate::rules::periods::{Time, fmt_time};
use crate::rules::policy::fmt_amount;
use crate::store::policy::StoredPolicy;
use crate::store::{cases, domains, ledger};

/// The verdict of a conformity check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict<'a> {
    Conform,
    /// Removal on these grounds (Art. 8.3).
    Remove(&'a str),
}

/// What a decision did, for the face to tell.
#[derive(Debug, Clone)]
pub(crate) struct Decided {
    pub(crate) domain: Domain,
    pub(crate) case: i64,
    /// The amount refunded (Art. 20), on a removal.
    pub(crate) refund: Option<i64>,
}

/// The live domain `name` (an A-label) and its open case, or the refusal
/// under `article`.
///
/// The domain is as the rules have it at `now` (a name whose grace ended is
/// not registered, swept or not); with `window`, the case must have been
/// opened within the window of Art. 8.1.
fn with_open_case(
    conn: &Connection,
    name: &str,
    now: Time,
    policy: &StoredPolicy,
    article: crate::rules::Article,
    window: bool,
) -> Result<(Domain, i64)> {
    let domain = domains::live_at(conn, name, now, &policy.policy)?
        .ok_or_else(|| crate::error::Error::not_found(format!("{name} is not registered")))?;
    let open = cases::open_for(conn, domain.id)?;
    let case = conformity::open_case(&domain, open.as_ref().map(|c| c.id), article)?;
    if window && let Some(c) = &open {
        conformity::within_window(&domain, case, &c.opened, &policy.policy)?;
    }
    Ok((domain, case))
}

/// Asks for proof on the open case of `name` (Art. 8.2); returns the
/// domain, the case and when the proof is due.
pub(crate) fn request_proof(
    conn: &Connection,
    stamp: &Stamp,
    policy: &StoredPolicy,
    name: &str,
) -> Result<(Domain, i64, Time)> {
    let (domain, case) = with_open_case(conn, name, stamp.now, policy, "8.2", true)?;
    let req = conformity::request_proof(&domain, case, stamp.now, &policy.policy);
    cases::request_proof(conn, case, stamp.now, req.due)?;
    notify_once(conn, stamp.now, &domain.name, &req.notices)?;
    journal::append(
        conn,
        stamp,
        &policy.digest,
        Entry {
            command: Kind::AuditRequestProof,
            article: Some("8.2"),
            domain: Some(&domain.name),
            inputs: json!({ "case": case, "due": fmt_time(req.due) }),
            outcome: serde_json::to_value(&domain)?,
        },
    )?;
    Ok((domain, case, req.due))
}

/// Closes the open case of `name` with the verdict (Art. 8.1, 8.3, 20).
pub(crate) fn decide(
    conn: &Connection,
    stamp: &Stamp,
    policy: &StoredPolicy,
    name: &str,
    verdict: Verdict<'_>,
) -> Result<Decided> {
    let now = stamp.now;
    let article = match verdict {
        Verdict::Conform => "8.1",
        Verdict::Remove(_) => "8.3",
    };
    let removing = matches!(verdict, Verdict::Remove(_));
    let (domain, case) = with_open_case(conn, name, now, policy, article, removing)?;
    let (outcome, inputs, refund) = match verdict {
        Verdict::Conform => {
            cases::decide(conn, case, now, "conform", None)?;
            let outcome = conformity::conform(&domain, now);
            domains::update(conn, &outcome.domain)?;
            (
                outcome,
                json!({ "case": case, "decision": "conform" }),
                None,
            )
        }
        Verdict::Remove(grounds) => {
            let paid = ledger::paid_since(conn, &domain.name, domain.created)?;
            // Art. 20 refunds to the registrant's account (Art. 29.2.g).
            let iban = crate::store::contacts::find_contact(conn, &domain.registrant)?
                .and_then(|c| c.iban);
            let removal = conformity::remove(
                &domain,
                case,
                grounds,
                paid,
                iban.as_deref(),
                now,
                &policy.policy,
            )?;
            cases::decide(conn, case, now, "remove", Some(grounds))?;
            domains::update(conn, &removal.outcome.domain)?;
            if removal.refund > 0 {
                // Refunds are recorded as positive amounts of kind `refund`, so
                // `ledger` reads "refund 9.90" rather than a negative charge.
                ledger::record_refund(conn, now, &domain.name, removal.refund, iban.as_deref())?;
            }
            notify_once(conn, now, &domain.name, &removal.outcome.notices)?;
            let inputs = json!({
                "case": case,
                "decision": "remove",
                "grounds": grounds,
                "refund": fmt_amount(removal.refund),
            });
            (removal.outcome, inputs, Some(removal.refund))
        }
    };
    journal::append(
        conn,
        stamp,
        &policy.digest,
        Entry {
            command: Kind::AuditDecide,
            article: Some(outcome.article),
            domain: Some(&domain.name),
            inputs,
            outcome: serde_json::to_value(&outcome.domain)?,
        },
    )?;
    Ok(Decided {
        domain: outcome.domain,
        case,
        refund,
    })
}

/// Writes notices to the outbox, once per address (a registrant that shares
/// its registrar's address is told once).
fn notify_once(conn: &Connection, now: Time, domain: &str, notices: &[NoticeDraft]) -> Result<()> {
    let mut sent: Vec<String> = Vec::new();
    for n in notices {
        let to = email_of(conn, &n.to)?;
        if sent.contains(&to) {
            continue;
        }
        ledger::notify(
            conn,
            now,
            &to,
            n.kind,
            Some(domain),
            Some(n.article),
            &n.text,
        )?;
        sent.push(to);
    }
    Ok(())
}
