//! The glue every lifecycle command shares: find the name, take the policy
//! in force, store an [`Outcome`] (domain, notices, charge, journal entry) in
//! the command's one transaction, and print the domain after the change.

use rusqlite::Connection;
use serde_json::Value;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::model::Domain;
use crate::render;
use crate::rules::lifecycle::expiry::{Cause, Transition, settle};
use crate::rules::lifecycle::notices::legitimacy_not_proved;
use crate::rules::lifecycle::{NoticeDraft, Outcome, Party};
use crate::rules::names::{self, NameError};
use crate::rules::periods::Time;
use crate::rules::periods::fmt_time;
use crate::rules::policy::fmt_amount;
use crate::store::policy::StoredPolicy;
use crate::store::{self, contacts};

/// The A-label form of a name typed by a person (U-label or A-label, any
/// case, a final dot allowed), for looking it up: not a .pt name is usage
/// (exit 2), a composition Art. 5 refuses cannot be registered (exit 3).
pub(crate) fn lookup_name(input: &str) -> Result<String> {
    match names::parse(input) {
        Ok(name) => Ok(name.ascii),
        Err(NameError::NotPt(why)) => Err(Error::usage(why)),
        Err(NameError::Refused(r)) => Err(Error::refused(r)),
    }
}

/// The live registration of `input` and the policy in force at `ctx.now`.
pub(crate) fn load(conn: &Connection, ctx: &Ctx, input: &str) -> Result<(Domain, StoredPolicy)> {
    let name = lookup_name(input)?;
    let domain = store::domains::get_live(conn, &name)?;
    let policy = store::policy::in_force(conn, ctx.now)?;
    Ok((domain, policy))
}

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

/// Stores an outcome: the domain row, its notices, its charge (Art. 18.2)
/// and one journal entry whose outcome is the whole domain after the change.
pub(crate) fn record(
    conn: &Connection,
    ctx: &Ctx,
    policy: &StoredPolicy,
    command: &str,
    inputs: Value,
    outcome: &Outcome,
) -> Result<()> {
    let d = &outcome.domain;
    store::domains::update(conn, d)?;
    write_notices(conn, ctx.now, &d.name, &outcome.notices)?;
    if let Some(charge) = outcome.charge {
        store::ledger::record(
            conn,
            ctx.now,
            &d.name,
            "charge",
            charge.cents,
            "18.2",
            Some(charge.years),
        )?;
    }
    journal::append(
        conn,
        &ctx.stamp(),
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

/// Prints the domain after the change (JSON with `--json`); under
/// `--dry-run` says on stderr that nothing was kept.
pub(crate) fn emit_domain(ctx: &Ctx, d: &Domain) -> Result<()> {
    if ctx.dry_run {
        ctx.status("dry run: this is what would change; nothing was changed");
    }
    render::emit(ctx, d, render::domain)
}

/// Records what the clock did to a stored domain (`before`, settled to
/// `after` by `transitions`): its new state and one journal entry, as the
/// sweep does. Called by the sweep, and by any command that must act on
/// the stored row of a name the clock has moved (a new registration of a
/// name whose grace ended before the sweep ran).
pub(crate) fn record_clock(
    conn: &Connection,
    stamp: &journal::Stamp,
    digest: &str,
    before: &Domain,
    after: &Domain,
    transitions: &[Transition],
) -> Result<()> {
    store::lifecycle::set_state(conn, after)?;
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
        if paid > 0 {
            store::ledger::record(conn, stamp.now, &after.name, "refund", paid, "20", None)?;
        }
        let refund = format!(
            "The amount paid for the registration, {} EUR, is refunded (Art. 20).",
            fmt_amount(paid)
        );
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
            command: "sweep",
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
    stamp: &journal::Stamp,
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

/// The common shape of a command that loads one name, asks the rules for an
/// outcome, and stores it: one transaction, committed unless `--dry-run`.
pub(crate) fn run_change(
    ctx: &Ctx,
    command: &str,
    name: &str,
    inputs: Value,
    decide: impl FnOnce(&Connection, &Domain, &StoredPolicy) -> Result<Outcome>,
) -> Result<()> {
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    let (domain, policy) = load(&tx, ctx, name)?;
    let outcome = decide(&tx, &domain, &policy)?;
    record(&tx, ctx, &policy, command, inputs, &outcome)?;
    store::finish(tx, ctx.dry_run)?;
    emit_domain(ctx, &outcome.domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_looked_up_as_a_labels() {
        assert_eq!(lookup_name(" Exemplo.PT. ").unwrap(), "exemplo.pt");
        assert_eq!(lookup_name("maçã.pt").unwrap(), "xn--ma-tiap.pt");
        assert!(lookup_name("exemplo").is_err());
        assert!(lookup_name("").is_err());
    }
}
