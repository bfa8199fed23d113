//! A lifecycle change of a live name (renewal, update, transfer, lock,
//! removal, ...): [`change`] loads the name and the policy in force, has the
//! rule decide, and [`record`]s the outcome: the domain row, the notices the
//! rules drafted (addressed to the parties' e-mail, Art. 4.2), the charge
//! (Art. 18.2) and one journal entry whose outcome is the whole domain after
//! the change. The facts a transfer needs besides the name (the new party,
//! the stored transfer code) are loaded here too, so every face transfers
//! the same way.

use rusqlite::Connection;
use serde_json::Value;

use crate::error::Result;
use crate::journal::{self, Entry, Kind, Stamp};
use crate::model::Domain;
use crate::rules::lifecycle::changes::{self, NewManager};
use crate::rules::lifecycle::expiry::{Cause, Transition, settle};
use crate::rules::lifecycle::notices::legitimacy_not_proved;
use crate::rules::lifecycle::{NoticeDraft, Outcome, Party};
use crate::rules::periods::{Time, fmt_time};
use crate::rules::policy::fmt_amount;
use crate::store::policy::StoredPolicy;
use crate::store::{self, contacts};

/// The e-mail address a notice to `party` goes to (Art. 4.2).
pub(crate) fn email_of(conn: &Connection, party: &Party) -> Result<String> {
    Ok(match party {
        Party::Contact(id) => contacts::get_contact(conn, id)?.email,
        Party::Registrar(id) => contacts::get_registrar(conn, id)?.email,
    })
}

/// Writes notices to the outbox, on behalf of `domain`.
pub(crate) fn write_notices(
    conn: &Connection,
    now: Time,
    domain: &str,
    notices: &[NoticeDraft],
) -> Result<usize> {
    for n in notices {
        let to = email_of(conn, &n.to)?;
        store::ledger::notify(
            conn,
            now,
            &to,
            n.kind,
            Some(domain),
            Some(n.article),
            &n.text,
        )?;
    }
    Ok(notices.len())
}

/// Stores an outcome: the domain row, its notices, its charge and one
/// journal entry (`command` with `inputs`) in the caller's transaction.
pub(crate) fn record(
    conn: &Connection,
    stamp: &Stamp,
    policy: &StoredPolicy,
    command: Kind,
    inputs: Value,
    outcome: &Outcome,
) -> Result<()> {
    store_outcome(conn, stamp, policy, command, inputs, outcome).map_err(|e| {
        e.doing(format_args!(
            "recording {} of {}",
            command.as_str(),
            outcome.domain.name
        ))
    })
}

fn store_outcome(
    conn: &Connection,
    stamp: &Stamp,
    policy: &StoredPolicy,
    command: Kind,
    inputs: Value,
    outcome: &Outcome,
) -> Result<()> {
    let d = &outcome.domain;
    store::domains::update(conn, d)?;
    write_notices(conn, stamp.now, &d.name, &outcome.notices)?;
    if let Some(charge) = outcome.charge {
        store::ledger::record(
            conn,
            stamp.now,
            &d.name,
            "charge",
            charge.cents,
            "18.2",
            Some(charge.years),
        )?;
    }
    journal::append(
        conn,
        stamp,
        &policy.digest,
        Entry {
            command,
            article: Some(outcome.article),
            domain: Some(&d.name),
            inputs,
            outcome: serde_json::to_value(d)?,
        },
    )?;
    Ok(())
}

/// Records what the clock did to a stored domain (`before`, settled to
/// `after` by `transitions`): its new state and one journal entry, as the
/// sweep does. Called by any operation that must act on the stored row of a
/// name the clock has moved (a new registration of a name whose grace ended
/// before the sweep ran).
pub(crate) fn record_clock(
    conn: &Connection,
    stamp: &Stamp,
    digest: &str,
    before: &Domain,
    after: &Domain,
    transitions: &[Transition],
) -> Result<()> {
    store::lifecycle::set_state(conn, after)?;
    record_clock_effects(conn, stamp, digest, before, after, transitions)
}

/// What [`record_clock`] records besides the row's new state, for a caller
/// that stored the state already (the sweep stores the states of all its
/// rows in row order, then journals them in the order they fell due): the
/// decided case, refund and notices of a registration not proved in time,
/// and the journal entry.
pub(crate) fn record_clock_effects(
    conn: &Connection,
    stamp: &Stamp,
    digest: &str,
    before: &Domain,
    after: &Domain,
    transitions: &[Transition],
) -> Result<()> {
    let mut inputs = serde_json::json!({ "from": before.state, "transitions": transitions });
    if let (Some(last), Some(due)) = (transitions.last(), before.held_until)
        && last.cause == Cause::Proof
    {
        // Not proved in time (Art. 8.5): the case is decided, the parties
        // are told with the grounds (8.3) and the amount paid is refunded
        // (Art. 20).
        let grounds = format!(
            "the legitimacy the registration relied on (Art. 7.2, 8.5) was not proved by {}",
            fmt_time(due)
        );
        if let Some(case) = before.case {
            store::cases::decide(conn, case, last.at, "remove", Some(&grounds))?;
        }
        let paid = store::ledger::paid_since(conn, &after.name, before.created)?;
        let iban = store::contacts::find_contact(conn, &before.registrant)?.and_then(|c| c.iban);
        if paid > 0 {
            store::ledger::record_refund(conn, stamp.now, &after.name, paid, iban.as_deref())?;
        }
        let refund = crate::rules::conformity::refund_text(paid, iban.as_deref());
        write_notices(
            conn,
            stamp.now,
            &after.name,
            &legitimacy_not_proved(before, due, &refund),
        )?;
        inputs["grounds"] = grounds.into();
        inputs["refund"] = fmt_amount(paid).into();
    }
    journal::append(
        conn,
        stamp,
        digest,
        Entry {
            command: Kind::Sweep,
            article: transitions.last().map(|t| t.article),
            domain: Some(&after.name),
            inputs,
            outcome: serde_json::to_value(after)?,
        },
    )?;
    Ok(())
}

/// Records what the clock has done by `stamp.now` to the live row of
/// `name`, if anything (see [`record_clock`]).
pub(crate) fn catch_up(
    conn: &Connection,
    stamp: &Stamp,
    policy: &StoredPolicy,
    name: &str,
) -> Result<()> {
    if let Some(before) = store::domains::find_live(conn, name)? {
        let (after, transitions) = settle(&before, stamp.now, &policy.policy);
        if !transitions.is_empty() {
            record_clock(conn, stamp, &policy.digest, &before, &after, &transitions)?;
        }
    }
    Ok(())
}

/// Changes the live name `name` (an A-label): loads it and the policy in
/// force at `stamp.now`, lets `decide` take the change (it may load more
/// facts and write what belongs to the change, such as a spent transfer
/// code), and records the outcome as `command` with `inputs`. Writes into
/// `conn` and does not commit.
pub(crate) fn change(
    conn: &Connection,
    stamp: &Stamp,
    name: &str,
    command: Kind,
    inputs: Value,
    decide: impl FnOnce(&Connection, &Domain, &StoredPolicy) -> Result<Outcome>,
) -> Result<Outcome> {
    let domain = store::domains::get_live(conn, name)?;
    let policy = store::policy::in_force(conn, stamp.now)?;
    let outcome = decide(conn, &domain, &policy)?;
    record(conn, stamp, &policy, command, inputs, &outcome)?;
    Ok(outcome)
}

/// Transfers ownership of `d` to the contact `registrant` (Art. 14): an
/// outstanding transfer code was issued to the previous holder and dies
/// with the ownership.
pub(crate) fn transfer_ownership(
    conn: &Connection,
    d: &Domain,
    policy: &StoredPolicy,
    registrant: &str,
    now: Time,
) -> Result<Outcome> {
    let new = contacts::get_party(conn, registrant)?;
    let out = changes::transfer_ownership(d, &new.id, now, &policy.policy)?;
    store::lifecycle::set_transfer_code(conn, d.id, None)?;
    Ok(out)
}

/// Transfers the management of `d` to `manager` (a registrar id, or the
/// registrant's own id) with the one-time `code` (Art. 15.1); the code is
/// spent.
pub(crate) fn transfer_management(
    conn: &Connection,
    d: &Domain,
    policy: &StoredPolicy,
    manager: &str,
    code: &str,
    now: Time,
) -> Result<Outcome> {
    let to = if manager == d.registrant {
        NewManager::Registrant
    } else {
        let r = contacts::get_registrar(conn, manager)?;
        NewManager::Registrar {
            id: r.id,
            withdrawn: r.withdrawn.is_some(),
        }
    };
    let stored = store::lifecycle::transfer_code(conn, d.id)?;
    let stored = stored.as_ref().map(|(h, s)| (h.as_str(), s.as_str()));
    let out = changes::transfer_management(d, &to, code, stored, now, &policy.policy)?;
    store::lifecycle::set_transfer_code(conn, d.id, None)?;
    Ok(out)
}
