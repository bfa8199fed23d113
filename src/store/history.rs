//! The registry as it stood at a past time, rebuilt from the journal: a
//! domain, a contact, a WHOIS answer ([`domain_as_of`], [`contact_as_of`],
//! [`whois_as_of`]); the population a sampling run drew from (`runs`); the
//! policy and lists a registration decision was taken with (`decisions`).
//!
//! Every change of a domain journals the whole domain after the change, and
//! every `contact add`/`contact update` the whole contact, so the latest such
//! entry stamped at or before T is the record as it stood at T. "Latest" is by
//! sequence: the order the changes were made in, whatever clocks they gave.

mod decisions;
mod runs;

pub(crate) use decisions::{Lists, lists_at, policy_by_digest, registrations};
pub(crate) use runs::{RunOutcome, population_before};

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::journal;
use crate::model::{Contact, Domain};
use crate::rules::periods::{Time, fmt_time};
use crate::rules::whois::{self, Manager, Record};
use crate::store::contacts;

/// The domain called `name` (A-label) as it stood at `at`: the outcome of the
/// latest entry about it stamped at or before `at`. `None` when the journal
/// holds no domain record of it by then.
pub(crate) fn domain_as_of(conn: &Connection, name: &str, at: Time) -> Result<Option<Domain>> {
    let at = fmt_time(at);
    let entries = journal::for_domain(conn, name)?;
    let Some((seq, mut domain)) = entries.iter().rev().filter(|e| e.time <= at).find_map(|e| {
        serde_json::from_str::<Domain>(&e.outcome)
            .ok()
            .map(|d| (e.seq, d))
    }) else {
        return Ok(None);
    };
    // A sampling run opens cases in one entry of its own: a run after the
    // domain's last change, by `at`, that drew the name gave it its case.
    if domain.case.is_none() && domain.state != crate::model::State::Removed {
        for run in journal::by_command(conn, "audit-sample")? {
            if run.seq <= seq || run.time > at {
                continue;
            }
            if let Some(case) = serde_json::from_str::<RunOutcome>(&run.outcome)
                .ok()
                .and_then(|o| o.cases.get(name).copied())
            {
                domain.case = Some(case);
            }
        }
    }
    Ok(Some(domain))
}

/// The contact `id` as it stood at `at`: the outcome of its latest `contact
/// add`/`contact update`/`contact erase` entry stamped at or before `at`
/// (an erased contact's past is rebuilt without its personal data). A contact loaded by
/// `contact import` has no entry of its own (the import journals counts):
/// before its first update it is that update's recorded `before`, and while
/// unchanged it is the table's row. `None` when it did not exist by `at`.
pub(crate) fn contact_as_of(conn: &Connection, id: &str, at: Time) -> Result<Option<Contact>> {
    let at_text = fmt_time(at);
    let outcome: Option<String> = conn
        .prepare_cached(
            "SELECT outcome FROM journal
             WHERE command IN ('contact add', 'contact update', 'contact erase')
               AND json_extract(outcome, '$.id') = ?1 AND time <= ?2
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![id, at_text], |r| r.get(0))
        .optional()?;
    if let Some(found) = outcome.and_then(|o| serde_json::from_str::<Contact>(&o).ok()) {
        return Ok(Some(found));
    }
    let before: Option<String> = conn
        .prepare_cached(
            "SELECT json_extract(inputs, '$.before') FROM journal
             WHERE command IN ('contact add', 'contact update', 'contact erase')
               AND json_extract(outcome, '$.id') = ?1 AND time > ?2
             ORDER BY seq LIMIT 1",
        )?
        .query_row(params![id, at_text], |r| r.get(0))
        .optional()?
        .flatten();
    if let Some(found) = before.and_then(|b| serde_json::from_str::<Contact>(&b).ok()) {
        return Ok(Some(found).filter(|c| c.created <= at));
    }
    Ok(contacts::find_contact(conn, id)?.filter(|c| c.created <= at && c.updated <= at))
}

/// The WHOIS record of `name` as it stood at `at`: the domain and its
/// registrant as of then (the managing registrar as it is now: registrars
/// change only by withdrawal, which moves the names themselves). `None` when
/// the name was free at `at`. A registrant that cannot be rebuilt as of then
/// (loaded by `contact import` and changed since) is an error, not a guess.
pub(crate) fn whois_as_of(conn: &Connection, name: &str, at: Time) -> Result<Option<Record>> {
    let Some(stored) = domain_as_of(conn, name, at)? else {
        return Ok(None);
    };
    // The state the rules gave the name at `at`, whether or not a sweep
    // had recorded it by then.
    let policy = crate::store::policy::in_force(conn, at)?.policy;
    let domain = crate::rules::lifecycle::expiry::settle(&stored, at, &policy).0;
    if domain.state == crate::model::State::Removed {
        return Ok(None);
    }
    let registrant = contact_as_of(conn, &domain.registrant, at)?.ok_or_else(|| {
        Error::internal(format!(
            "contact {} cannot be rebuilt as of {}: it was loaded by an import and has \
             changed since",
            domain.registrant,
            fmt_time(at)
        ))
    })?;
    Ok(Some(match domain.registrar() {
        Some(id) => {
            let registrar = contacts::get_registrar(conn, id)?;
            whois::record(&domain, &registrant, Manager::Registrar(&registrar))
        }
        None => whois::record(&domain, &registrant, Manager::Registrant),
    }))
}

#[cfg(test)]
mod tests;
