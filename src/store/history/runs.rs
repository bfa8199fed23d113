//! The population of a past sampling run, rebuilt from the journal.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, params};
use serde::Deserialize;

use crate::error::Result;
use crate::rules::periods::{Time, fmt_time, parse_time};
use crate::store::journal::{self, Kind};

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
///
/// A registration loaded by `import` has no entry of its own (the import
/// journals its file's digest): one the journal does not describe by the run
/// is taken from the `domain` table when its row existed at the run (its id is
/// at most `last_domain`, the highest id the run recorded), live at the run
/// unless removed by then.
pub(crate) fn population_before(
    conn: &Connection,
    run: i64,
    from: Time,
    to: Time,
    last_domain: Option<i64>,
) -> Result<(Vec<PastMember>, Vec<String>)> {
    // A registration created in the window was journaled at or after its
    // creation, so only entries stamped after `from` can matter.
    let entries = journal::since_before(conn, &fmt_time(from), run)?;
    // (name, created) → (latest outcome, ever had a case)
    let mut regs: BTreeMap<(String, String), (Outcome, bool)> = BTreeMap::new();
    // name → times of earlier runs that selected it
    let mut sampled: HashMap<String, Vec<String>> = HashMap::new();
    for e in entries {
        if e.command == Kind::AuditSample.as_str() {
            for s in e.outcome::<RunOutcome>()?.selected {
                sampled.entry(s.name).or_default().push(e.time.clone());
            }
            continue;
        }
        if e.domain.is_none() {
            continue;
        }
        let o: Outcome = e.outcome()?;
        let created = parse_time(&o.created).map_err(|why| {
            crate::error::Error::internal(format!(
                "journal entry {} ({}): its domain's creation time is unreadable: {why}",
                e.seq, e.command
            ))
        })?;
        if created <= from || created > to {
            continue;
        }
        let key = (o.name.clone(), fmt_time(created));
        let had_case = o.case.is_some() || regs.get(&key).is_some_and(|(_, c)| *c);
        regs.insert(key, (o, had_case));
    }
    if let Some(last) = last_domain {
        let mut stmt = conn.prepare(
            "SELECT name, unicode, registrant, tech, created, removed FROM domain
             WHERE created > ?1 AND created <= ?2 AND id <= ?3",
        )?;
        let rows = stmt.query_map(params![fmt_time(from), fmt_time(to), last], |r| {
            Ok((
                Outcome {
                    name: r.get(0)?,
                    unicode: r.get(1)?,
                    state: String::new(),
                    created: r.get(4)?,
                    registrant: r.get(2)?,
                    tech: r.get(3)?,
                    case: None,
                },
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        for row in rows {
            let (mut o, removed) = row?;
            let key = (o.name.clone(), o.created.clone());
            if regs.contains_key(&key) {
                continue;
            }
            let to = fmt_time(to);
            o.state = match removed {
                Some(t) if t <= to => "removed".to_string(),
                _ => "live".to_string(),
            };
            regs.insert(key, (o, false));
        }
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

/// The parameters a run records in its journal entry (its `inputs`).
#[derive(Debug, serde::Serialize, Deserialize)]
pub(crate) struct RunInputs {
    pub(crate) rate: Option<f64>,
    pub(crate) count: Option<usize>,
    pub(crate) seed: String,
    pub(crate) window_days: u32,
    pub(crate) from: String,
    pub(crate) to: String,
    /// The highest domain row id at the run: which rows existed then, for
    /// registrations the journal does not describe one by one (imports).
    #[serde(default)]
    pub(crate) last_domain: Option<i64>,
    /// The policy's `sampling.risk_share` at the run: the cap of the risk
    /// strata. Runs recorded before the cap have none (every risky name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) risk_share: Option<f64>,
}

/// The recorded outcome of a sampling run (docs/json.md `audit-sample --json`).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub(crate) struct RunOutcome {
    pub(crate) population: usize,
    pub(crate) population_digest: String,
    pub(crate) selected: Vec<crate::rules::sampling::Selected>,
    /// The case opened for each selected name (not part of the draw).
    #[serde(default)]
    pub(crate) cases: BTreeMap<String, i64>,
}

/// One sampling run as recorded: its entry, parameters and outcome.
pub(crate) struct Run {
    pub(crate) entry: journal::Stored,
    pub(crate) inputs: RunInputs,
    pub(crate) outcome: RunOutcome,
}

/// Every sampling run, in order. A run entry that cannot be read is an
/// error naming it.
pub(crate) fn runs(conn: &Connection) -> Result<Vec<Run>> {
    journal::of_kind(conn, Kind::AuditSample)?
        .into_iter()
        .map(|entry| {
            Ok(Run {
                inputs: entry.inputs()?,
                outcome: entry.outcome()?,
                entry,
            })
        })
        .collect()
}
