//! The registry as it stood at a past time, rebuilt from the journal: a
//! domain, a contact, and the population a sampling run drew from.
//!
//! Every change of a domain journals the whole domain after the change, and
//! every `contact add`/`contact update` the whole contact, so the latest such
//! entry stamped at or before T is the record as it stood at T. "Latest" is by
//! sequence: the order the changes were made in, whatever clocks they gave.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;

use crate::error::Result;
use crate::journal;
use crate::model::{Contact, Domain};
use crate::rules::periods::{Time, fmt_time, parse_time};
use crate::store::contacts;

/// The domain called `name` (A-label) as it stood at `at`: the outcome of the
/// latest entry about it stamped at or before `at`. `None` when the journal
/// holds no domain record of it by then.
pub(crate) fn domain_as_of(conn: &Connection, name: &str, at: Time) -> Result<Option<Domain>> {
    let at = fmt_time(at);
    let entries = journal::for_domain(conn, name)?;
    Ok(entries
        .iter()
        .rev()
        .filter(|e| e.time <= at)
        .find_map(|e| serde_json::from_str::<Domain>(&e.outcome).ok()))
}

/// The contact `id` as it stood at `at`: the outcome of its latest `contact
/// add`/`contact update` entry stamped at or before `at`. A contact loaded by
/// `contact import` has no entry of its own (the import journals counts); it
/// is answered from the table when it was created by `at` and not changed
/// since, and is otherwise unknown (`None`).
pub(crate) fn contact_as_of(conn: &Connection, id: &str, at: Time) -> Result<Option<Contact>> {
    let outcome: Option<String> = conn
        .prepare_cached(
            "SELECT outcome FROM journal
             WHERE command IN ('contact add', 'contact update')
               AND json_extract(outcome, '$.id') = ?1 AND time <= ?2
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![id, fmt_time(at)], |r| r.get(0))
        .optional()?;
    if let Some(found) = outcome.and_then(|o| serde_json::from_str::<Contact>(&o).ok()) {
        return Ok(Some(found));
    }
    Ok(contacts::find_contact(conn, id)?.filter(|c| c.created <= at && c.updated <= at))
}

/// What a sampling run needs of one registration, from its journaled outcome.
#[derive(Debug, Deserialize)]
struct Outcome {
    name: String,
    unicode: String,
    state: String,
    created: String,
    registrant: String,
    tech: String,
    #[serde(default)]
    case: Option<i64>,
}

/// A registration as it stood before a run, rebuilt from the journal.
#[derive(Debug, Clone)]
pub(crate) struct PastMember {
    pub(crate) name: String,
    pub(crate) unicode: String,
    pub(crate) registrant: String,
    pub(crate) tech: String,
}

/// The population of the run journaled at `run` over the window `(from, to]`,
/// rebuilt from the entries before it (not from today's tables): registrations
/// created in the window whose latest state was not `removed`, that never had
/// a case open (a case opened at registration shows in the domain's outcome)
/// and that no earlier run selected. Also returns the registrant of every
/// registration created in the window, for the burst stratum.
pub(crate) fn population_before(
    conn: &Connection,
    run: i64,
    from: Time,
    to: Time,
) -> Result<(Vec<PastMember>, Vec<String>)> {
    // A registration created in the window was journaled at or after its
    // creation, so only entries stamped after `from` can matter.
    let entries = journal::since_before(conn, &fmt_time(from), run)?;
    // (name, created) → (latest outcome, ever had a case)
    let mut regs: BTreeMap<(String, String), (Outcome, bool)> = BTreeMap::new();
    // name → times of earlier runs that selected it
    let mut sampled: HashMap<String, Vec<String>> = HashMap::new();
    for e in entries {
        if e.command == "audit-sample" {
            if let Ok(run) = serde_json::from_str::<RunOutcome>(&e.outcome) {
                for s in run.selected {
                    sampled.entry(s.name).or_default().push(e.time.clone());
                }
            }
            continue;
        }
        if e.domain.is_none() {
            continue;
        }
        let Ok(o) = serde_json::from_str::<Outcome>(&e.outcome) else {
            continue;
        };
        let Ok(created) = parse_time(&o.created) else {
            continue;
        };
        if created <= from || created > to {
            continue;
        }
        let key = (o.name.clone(), fmt_time(created));
        let had_case = o.case.is_some() || regs.get(&key).is_some_and(|(_, c)| *c);
        regs.insert(key, (o, had_case));
    }
    let mut window = Vec::new();
    let mut members = Vec::new();
    for ((name, created), (o, had_case)) in regs {
        window.push(o.registrant.clone());
        let was_sampled = sampled
            .get(&name)
            .is_some_and(|times| times.iter().any(|t| *t >= created));
        if o.state != "removed" && !had_case && !was_sampled {
            members.push(PastMember {
                name,
                unicode: o.unicode,
                registrant: o.registrant,
                tech: o.tech,
            });
        }
    }
    Ok((members, window))
}

/// The recorded outcome of a sampling run (SPEC §13 `audit-sample --json`).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub(crate) struct RunOutcome {
    pub(crate) population: usize,
    pub(crate) population_digest: String,
    pub(crate) selected: Vec<crate::rules::sampling::Selected>,
}
