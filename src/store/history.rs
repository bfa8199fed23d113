//! The registry as it stood at a past time, rebuilt from the journal: a
//! domain, a contact, a WHOIS answer ([`domain_as_of`], [`contact_as_of`],
//! [`whois_as_of`]); the population a sampling run drew from (`runs`); the
//! policy and lists a registration decision was taken with (`decisions`).
//!
//! Every change of a domain journals the whole domain after the change, and
//! every `contact add`/`contact update` the whole contact, so the latest such
//! entry stamped at or before T is the record as it stood at T. "Latest" is by
//! sequence: the order the changes were made in, whatever clocks they gave.
//! A migrated name is described from its import on by the record as
//! imported (`migrated`): the import entry counts as its first description.

mod decisions;
pub(crate) mod migrated;
mod runs;

pub(crate) use decisions::{Lists, listed_keys, lists_at, policy_by_digest, registrations};
pub(crate) use runs::{RunInputs, RunOutcome, population_before, runs};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::model::{Contact, Domain};
use crate::rules::periods::{Time, fmt_time};
use crate::rules::whois::{self, Manager, Record};
use crate::store::contacts;
use crate::store::journal::{self, Kind};

/// The domain called `name` (A-label) as it stood at `at`: the outcome of the
/// latest entry about it stamped at or before `at`, or the record as
/// imported when the import that brought it is later than that entry.
/// `None` when the registry holds no record of it by then.
pub(crate) fn domain_as_of(conn: &Connection, name: &str, at: Time) -> Result<Option<Domain>> {
    let at = fmt_time(at);
    let entries = journal::for_domain(conn, name)?;
    // Every entry about a name records the whole domain after the change:
    // one that does not is an error naming it, not a silent skip.
    let from_journal = match entries.iter().rev().find(|e| e.time <= at) {
        Some(e) => Some((e.seq, e.outcome::<Domain>()?)),
        None => None,
    };
    let mut from_import = None;
    for p in migrated::of_name(conn, name)? {
        if p.import.time <= at {
            from_import = Some((p.import.seq, p.record.to_domain()?));
        }
    }
    let latest = match (from_journal, from_import) {
        (Some(j), Some(i)) => Some(if i.0 > j.0 { i } else { j }),
        (j, i) => j.or(i),
    };
    let Some((seq, mut domain)) = latest else {
        return Ok(None);
    };
    // A sampling run opens cases in one entry of its own: a run after the
    // domain's last change, by `at`, that drew the name gave it its case.
    if domain.case.is_none() && domain.state != crate::model::State::Removed {
        for run in journal::of_kind(conn, Kind::AuditSample)? {
            if run.seq <= seq || run.time > at {
                continue;
            }
            if let Some(case) = run.outcome::<RunOutcome>()?.cases.get(name).copied() {
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
    let unreadable = |e: serde_json::Error| {
        Error::internal(format!(
            "the journal's record of contact {id} is unreadable"
        ))
        .with_cause(e)
    };
    if let Some(text) = journal::contact_outcome_by(conn, id, &at_text)? {
        return Ok(Some(
            serde_json::from_str::<Contact>(&text).map_err(unreadable)?,
        ));
    }
    if let Some(text) = journal::contact_before_after(conn, id, &at_text)? {
        let found = serde_json::from_str::<Contact>(&text).map_err(unreadable)?;
        return Ok(Some(found).filter(|c| c.created <= at));
    }
    Ok(contacts::find_contact(conn, id)?.filter(|c| c.created <= at && c.updated <= at))
}

/// The WHOIS record of `name` as it stood at `at`: the domain, its
/// registrant and its managing registrar as of then. `None` when
/// the name was free at `at`. A registrant that cannot be rebuilt as of then
/// (loaded by `contact import` and changed since) is an error, not a guess.
///
/// The state is the one the rules gave the name at `at` (a name whose term
/// had ended was in grace then, recorded or not), and consent is the
/// registrant's as it was then unless withdrawn since: a withdrawal applies
/// to every later answer, about any date (Art. 30.4).
pub(crate) fn whois_as_of(conn: &Connection, name: &str, at: Time) -> Result<Option<Record>> {
    let Some(stored) = domain_as_of(conn, name, at)? else {
        return Ok(None);
    };
    let policy = crate::store::policy::in_force(conn, at)?.policy;
    let domain = crate::rules::lifecycle::expiry::at(&stored, at, &policy);
    if domain.state == crate::model::State::Removed {
        return Ok(None);
    }
    let mut registrant = contact_as_of(conn, &domain.registrant, at)?.ok_or_else(|| {
        Error::internal(format!(
            "contact {} cannot be rebuilt as of {}: it was loaded by an import and has \
             changed since",
            domain.registrant,
            fmt_time(at)
        ))
    })?;
    // Disclosed only if consented then (what WHOIS said that day) and not
    // withdrawn since.
    registrant.whois_consent = registrant.whois_consent
        && contacts::find_contact(conn, &domain.registrant)?.is_some_and(|c| c.whois_consent);
    Ok(Some(match domain.registrar() {
        Some(id) => {
            // As it stood then (a registrar added since cannot have managed
            // the name then; the current row is the best record left).
            let registrar = match registrar_as_of(conn, id, at)? {
                Some(r) => r,
                None => contacts::get_registrar(conn, id)?,
            };
            whois::record(&domain, &registrant, Manager::Registrar(&registrar))
        }
        None => whois::record(&domain, &registrant, Manager::Registrant),
    }))
}

/// The registrar `id` as it stood at `at`: the `before` of its first
/// `registrar update` stamped after `at` (or the row, when it has not
/// changed since), not yet withdrawn if that came later. `None` when it did
/// not exist yet.
pub(crate) fn registrar_as_of(
    conn: &Connection,
    id: &str,
    at: Time,
) -> Result<Option<crate::model::Registrar>> {
    let Some(row) = contacts::find_registrar(conn, id)?.filter(|r| r.created <= at) else {
        return Ok(None);
    };
    let mut then = match journal::registrar_before_after(conn, id, &fmt_time(at))? {
        Some(text) => serde_json::from_str::<crate::model::Registrar>(&text).map_err(|e| {
            Error::internal(format!(
                "the journal's record of registrar {id} is unreadable"
            ))
            .with_cause(e)
        })?,
        None => row,
    };
    then.withdrawn = then.withdrawn.filter(|w| *w <= at);
    Ok(Some(then))
}

/// Every registrar as it stood at `at` (see [`registrar_as_of`]).
pub(crate) fn registrars_as_of(
    conn: &Connection,
    at: Time,
) -> Result<Vec<crate::model::Registrar>> {
    let mut ids = Vec::new();
    contacts::list_registrars(conn, |r| {
        ids.push(r.id);
        Ok(())
    })?;
    let mut out = Vec::new();
    for id in ids {
        out.extend(registrar_as_of(conn, &id, at)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
