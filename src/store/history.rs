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
    Past::new(conn, at)?.domain(conn, name)
}

/// Every name as it stood at `at` (removed ones included), in name order,
/// streaming: one name's rows in memory at a time, whatever the registry's
/// size. The stored state; the caller applies the rules' state at `at`.
pub(crate) fn each_domain_as_of(
    conn: &Connection,
    at: Time,
    mut each: impl FnMut(Domain) -> Result<()>,
) -> Result<()> {
    let past = Past::new(conn, at)?;
    // The rows of one name (its registrations), gathered as they come.
    let mut name = String::new();
    let mut imported: Vec<Imported> = Vec::new();
    let mut flush = |name: &str, imported: &mut Vec<Imported>| -> Result<()> {
        if name.is_empty() {
            return Ok(());
        }
        if let Some(d) = past.settle(conn, name, std::mem::take(imported))? {
            each(d)?;
        }
        Ok(())
    };
    crate::store::domains::each_row_with_provenance(conn, |row, provenance| {
        if row.name != name {
            flush(&name, &mut imported)?;
            name.clone_from(&row.name);
        }
        let Some(m) = provenance else {
            return Ok(());
        };
        let import = migrated::import_of(&past.imports, m.domain_id).ok_or_else(|| {
            Error::internal(format!(
                "no import entry records migrated domain row {}",
                m.domain_id
            ))
        })?;
        // Only an import by `at` describes the name then.
        if import.time <= past.at {
            let (record, _) = migrated::record_of_row(&m, || Ok(row))?;
            imported.push(Imported {
                seq: import.seq,
                record,
            });
        }
        Ok(())
    })?;
    flush(&name, &mut imported)
}

/// A name's record as an import by the time asked about brought it.
struct Imported {
    /// The import's journal entry.
    seq: i64,
    record: crate::store::provenance::Imported,
}

/// What answering "as it stood at T" needs besides each name's own
/// entries: the imports (which rows each loaded) and the sampling runs by
/// T (which cases each opened), read once.
struct Past {
    at: String,
    imports: Vec<(journal::Stored, migrated::ImportOutcome)>,
    /// `(seq, cases by name)` of every sampling run stamped by `at`.
    runs: Vec<(i64, std::collections::BTreeMap<String, i64>)>,
}

impl Past {
    fn new(conn: &Connection, at: Time) -> Result<Past> {
        let at = fmt_time(at);
        let mut runs = Vec::new();
        for run in journal::of_kind(conn, Kind::AuditSample)? {
            if run.time <= at {
                runs.push((run.seq, run.outcome::<RunOutcome>()?.cases));
            }
        }
        Ok(Past {
            imports: migrated::imports(conn)?,
            runs,
            at,
        })
    }

    /// The domain called `name` as it stood (see [`domain_as_of`]).
    fn domain(&self, conn: &Connection, name: &str) -> Result<Option<Domain>> {
        let imported = migrated::of_name_with(conn, name, &self.imports)?
            .into_iter()
            .filter(|p| p.import.time <= self.at)
            .map(|p| Imported {
                seq: p.import.seq,
                record: p.record,
            })
            .collect();
        self.settle(conn, name, imported)
    }

    /// The latest description of `name` by the time: its latest journal
    /// entry by then, or the record of an import by then that came after
    /// that entry; with the case a later sampling run opened.
    fn settle(
        &self,
        conn: &Connection,
        name: &str,
        imported: Vec<Imported>,
    ) -> Result<Option<Domain>> {
        let entries = journal::for_domain(conn, name)?;
        // Every entry about a name records the whole domain after the
        // change: one that does not is an error naming it, not a silent skip.
        let from_journal = match entries.iter().rev().find(|e| e.time <= self.at) {
            Some(e) => Some((e.seq, e.outcome::<Domain>()?)),
            None => None,
        };
        let from_import = match imported.into_iter().max_by_key(|i| i.seq) {
            Some(i) => Some((i.seq, i.record.to_domain()?)),
            None => None,
        };
        let latest = match (from_journal, from_import) {
            (Some(j), Some(i)) => Some(if i.0 > j.0 { i } else { j }),
            (j, i) => j.or(i),
        };
        let Some((seq, mut domain)) = latest else {
            return Ok(None);
        };
        // A sampling run opens cases in one entry of its own: a run after
        // the domain's last change, by `at`, that drew the name gave it its
        // case.
        if domain.case.is_none() && domain.state != crate::model::State::Removed {
            for (run, cases) in &self.runs {
                if *run > seq
                    && let Some(case) = cases.get(name)
                {
                    domain.case = Some(*case);
                }
            }
        }
        Ok(Some(domain))
    }
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
