//! Conformity cases (Art. 8) and the population a sampling run draws from.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::Result;
use crate::rules::periods::{Time, fmt_time};

/// Opens a case on a domain; `reason` says why (random, a risk, legitimacy).
pub(crate) fn open(
    conn: &Connection,
    domain_id: i64,
    opened: Time,
    reason: &str,
    run: Option<i64>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO conformity_case(domain_id, opened, reason, run) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![domain_id, fmt_time(opened), reason, run])?;
    Ok(conn.last_insert_rowid())
}

/// A case as listed by `audit cases`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Case {
    pub(crate) id: i64,
    /// The domain's A-label name.
    pub(crate) name: String,
    pub(crate) opened: String,
    pub(crate) reason: String,
    /// The sampling run that opened it (the run's journal entry).
    pub(crate) run: Option<i64>,
    pub(crate) proof_requested: Option<String>,
    pub(crate) proof_due: Option<String>,
    pub(crate) decided: Option<String>,
    /// `conform` or `remove`.
    pub(crate) decision: Option<String>,
    pub(crate) grounds: Option<String>,
}

/// Which cases to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    All,
    /// Not decided yet.
    Open,
    /// Not decided, and the proof asked for is due: the 2 days (Art. 8.2)
    /// end at the due time, as the sweep counts them.
    Overdue,
}

const CASE_COLUMNS: &str = "c.id, d.name, c.opened, c.reason, c.run, c.proof_requested, \
    c.proof_due, c.decided, c.decision, c.grounds";

fn case_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Case> {
    Ok(Case {
        id: r.get(0)?,
        name: r.get(1)?,
        opened: r.get(2)?,
        reason: r.get(3)?,
        run: r.get(4)?,
        proof_requested: r.get(5)?,
        proof_due: r.get(6)?,
        decided: r.get(7)?,
        decision: r.get(8)?,
        grounds: r.get(9)?,
    })
}

/// Cases in the order they were opened.
pub(crate) fn list(
    conn: &Connection,
    which: Which,
    now: Time,
    f: impl FnMut(Case) -> Result<()>,
) -> Result<()> {
    let filter = match which {
        Which::All => "1 = 1",
        // A case on a name removed meanwhile (by its registrant, the sweep)
        // can no longer be decided: it is not listed as open.
        Which::Open => "c.decided IS NULL AND d.state <> 'removed'",
        Which::Overdue => {
            "c.decided IS NULL AND d.state <> 'removed' \
             AND c.proof_due IS NOT NULL AND c.proof_due <= ?1"
        }
    };
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM conformity_case c JOIN domain d ON d.id = c.domain_id
         WHERE {filter} AND ?1 = ?1 ORDER BY c.id"
    );
    super::each_row(&mut conn.prepare(&sql)?, [fmt_time(now)], case_row, f)
}

/// The open (undecided) case of a domain registration, if any.
pub(crate) fn open_for(conn: &Connection, domain_id: i64) -> Result<Option<Case>> {
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM conformity_case c JOIN domain d ON d.id = c.domain_id
         WHERE c.domain_id = ?1 AND c.decided IS NULL ORDER BY c.id DESC LIMIT 1"
    );
    Ok(conn.query_row(&sql, [domain_id], case_row).optional()?)
}

/// Records a request for proof (Art. 8.2) and when it falls due.
pub(crate) fn request_proof(conn: &Connection, case: i64, at: Time, due: Time) -> Result<()> {
    conn.execute(
        "UPDATE conformity_case SET proof_requested = ?2, proof_due = ?3 WHERE id = ?1",
        params![case, fmt_time(at), fmt_time(due)],
    )?;
    Ok(())
}

/// Closes a case with its decision (`conform` or `remove`) and grounds.
pub(crate) fn decide(
    conn: &Connection,
    case: i64,
    at: Time,
    decision: &str,
    grounds: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE conformity_case SET decided = ?2, decision = ?3, grounds = ?4 WHERE id = ?1",
        params![case, fmt_time(at), decision, grounds],
    )?;
    Ok(())
}

/// A registration in a sampling population, with what the strata look at.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) unicode: String,
    pub(crate) registrant: String,
    pub(crate) tech: String,
}

/// The population of a run at `to`: registrations created in `(from, to]`,
/// not removed, and never given a conformity case (by an earlier run or at
/// registration). Uses the `domain_created` index: the window holds a few
/// thousand names even in a registry of millions.
pub(crate) fn population(conn: &Connection, from: Time, to: Time) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare(
        "SELECT d.id, d.name, d.unicode, d.registrant, d.tech FROM domain d
         WHERE d.created > ?1 AND d.created <= ?2 AND d.state <> 'removed'
           AND NOT EXISTS (SELECT 1 FROM conformity_case c WHERE c.domain_id = d.id)
         ORDER BY d.name",
    )?;
    let rows = stmt.query_map(params![fmt_time(from), fmt_time(to)], |r| {
        Ok(Member {
            id: r.get(0)?,
            name: r.get(1)?,
            unicode: r.get(2)?,
            registrant: r.get(3)?,
            tech: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The registrant of every registration created in `(from, to]`, in any
/// state: what the burst stratum counts.
pub(crate) fn window_registrants(conn: &Connection, from: Time, to: Time) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT registrant FROM domain WHERE created > ?1 AND created <= ?2")?;
    let rows = stmt.query_map(params![fmt_time(from), fmt_time(to)], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The highest domain row id (`None` in an empty registry).
pub(crate) fn last_domain_id(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT MAX(id) FROM domain", [], |r| r.get(0))?)
}
