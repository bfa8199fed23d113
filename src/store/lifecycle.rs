//! The lifecycle's own queries: the one-time transfer codes (Art. 15.1),
//! the rows the daily sweep must look at (through the `domain_expires` and
//! `domain_pending` indexes), the expiry reminders already sent, and the
//! overdue proof requests already noticed.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::model::State;
use crate::rules::lifecycle::expiry;
use crate::rules::periods::{Time, fmt_time, parse_time};
use crate::rules::policy::Policy;

/// The (hash, salt) of the outstanding transfer code of a domain row.
pub(crate) fn transfer_code(conn: &Connection, domain_id: i64) -> Result<Option<(String, String)>> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .prepare_cached("SELECT transfer_code_hash, transfer_code_salt FROM domain WHERE id = ?1")?
        .query_row([domain_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match row {
        Some((Some(hash), Some(salt))) => Some((hash, salt)),
        _ => None,
    })
}

/// Stores a new code's (hash, salt), replacing any older one, or clears it.
pub(crate) fn set_transfer_code(
    conn: &Connection,
    domain_id: i64,
    code: Option<(&str, &str)>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE domain SET transfer_code_hash = ?2, transfer_code_salt = ?3 WHERE id = ?1",
    )?
    .execute(params![domain_id, code.map(|c| c.0), code.map(|c| c.1)])?;
    Ok(())
}

/// Gives the connection room for a sweep over a large registry, within a
/// bound: 32 MiB of page cache (the due rows are spread over the whole
/// table), no memory-mapped reads (a mapped page counts in the process's
/// resident memory: a 1 GiB window made the sweep's peak about 1 GB at 2 M
/// names), and statement journals in memory (every change of a domain row
/// fires the provenance trigger, so each statement keeps the pages it
/// touches until it ends: a few pages, written to a temporary file
/// otherwise).
pub(crate) fn tune_for_sweep(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "mmap_size", 0i64)?;
    conn.pragma_update(None, "cache_size", -32_768i64)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// Stores what the clock changed on a domain row: its state, since when,
/// and on a removal the removal time and the pending removal (cleared). The
/// nameservers and DS records are untouched. A change that is not a removal
/// sets only the state and its time: the columns an UPDATE sets decide which
/// indexes SQLite rewrites, and the name index is keyed by the removal time
/// (`domain_name.sql`), so moving a name into grace leaves it alone.
pub(crate) fn set_state(conn: &Connection, d: &crate::model::Domain) -> Result<()> {
    if d.state != crate::model::State::Removed {
        conn.prepare_cached("UPDATE domain SET state = ?2, state_since = ?3 WHERE id = ?1")?
            .execute(params![d.id, d.state.as_str(), fmt_time(d.state_since)])?;
        return Ok(());
    }
    let p = d.pending_removal.as_ref();
    conn.prepare_cached(
        "UPDATE domain SET state = ?2, state_since = ?3, removed = ?4, pending_by = ?5,
            pending_effective = ?6, pending_article = ?7, pending_grounds = ?8,
            pending_requested = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        d.id,
        d.state.as_str(),
        fmt_time(d.state_since),
        d.removed.map(fmt_time),
        p.map(|p| p.by.as_str()),
        p.and_then(|p| p.effective).map(fmt_time),
        p.map(|p| p.article.as_str()),
        p.and_then(|p| p.grounds.as_deref()),
        p.and_then(|p| p.requested).map(fmt_time),
    ])?;
    Ok(())
}

/// Row ids of live domains that the clock may have changed by `now`, in
/// row order (the order of the domain table and of everything keyed by its
/// rows, so a sweep reads and writes each page once): the queries narrow,
/// the rule decides. Reserved and registered names stored with an expiry at
/// or before `now`, read from the expiry index alone, are kept when their
/// term has ended (`expiry::term_or_grace_ended`: a name whose term ends at
/// 24:00 of today is not read); names in grace stored with an expiry at or
/// before the grace cutoff when their grace has ended; pending removals
/// effective by `now` and registrations on legitimacy grounds whose proof
/// was due by `now` by their stored date, unless under litigation or
/// suspended (Art. 17.4, 21.3). The expiry queries leave the locks to the
/// rule: the few locked names they find are read and stay as they are.
pub(crate) fn due_ids(conn: &Connection, now: Time, policy: &Policy) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    let cutoff = fmt_time(expiry::grace_cutoff(now, policy));
    let now_text = fmt_time(now);
    // The state time matters only to a name in grace (its grace may have
    // begun when a lock was lifted): the query for the others reads the
    // expiry index alone.
    let mut ended = |sql: &str, until: &str, grace: bool| -> Result<()> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query([until])?;
        while let Some(row) = rows.next()? {
            // A row the rule cannot read is kept: the sweep reads it whole
            // and says what is wrong with it.
            let ended = expiry_facts(row)
                .and_then(|(state, expires)| {
                    let since = if grace { time_at(row, 3)? } else { expires };
                    Some(expiry::term_or_grace_ended(
                        state, expires, since, now, policy,
                    ))
                })
                .unwrap_or(true);
            if ended {
                ids.push(row.get(0)?);
            }
        }
        Ok(())
    };
    ended(
        "SELECT id, state, expires FROM domain INDEXED BY domain_expires
         WHERE state <> 'removed' AND expires <= ?1 AND state IN ('reserved', 'registered')",
        &now_text,
        false,
    )?;
    ended(
        "SELECT id, state, expires, state_since FROM domain INDEXED BY domain_expires
         WHERE state <> 'removed' AND expires <= ?1 AND state = 'grace'",
        &cutoff,
        true,
    )?;
    let mut pending = conn.prepare_cached(
        "SELECT id FROM domain INDEXED BY domain_pending
         WHERE pending_effective IS NOT NULL AND pending_effective <= ?1 AND state <> 'removed'
           AND litigation IS NULL AND suspension IS NULL",
    )?;
    for id in pending.query_map([&now_text], |r| r.get(0))? {
        ids.push(id?);
    }
    let mut unproved = conn.prepare_cached(
        "SELECT d.id FROM conformity_case c JOIN domain d ON d.id = c.domain_id
         WHERE c.reason = 'legitimacy' AND c.decided IS NULL AND c.proof_due <= ?1
           AND d.state <> 'removed' AND d.litigation IS NULL AND d.suspension IS NULL",
    )?;
    for id in unproved.query_map([&now_text], |r| r.get(0))? {
        ids.push(id?);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The state and stored expiry in columns 1 and 2 of `row`.
fn expiry_facts(row: &rusqlite::Row<'_>) -> Option<(State, Time)> {
    let state = State::parse(row.get_ref(1).ok()?.as_str().ok()?)?;
    Some((state, time_at(row, 2)?))
}

/// The time in column `i` of `row`, if it holds one.
fn time_at(row: &rusqlite::Row<'_>, i: usize) -> Option<Time> {
    parse_time(row.get_ref(i).ok()?.as_str().ok()?).ok()
}

/// A removal pending with no date because its notice is not sent yet
/// (Art. 21.2, 22.2): the sweep lists these.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct AwaitingNotice {
    pub(crate) domain: String,
    pub(crate) by: String,
    pub(crate) article: String,
    pub(crate) requested: Option<String>,
}

/// Live names with a pending removal whose notice is not sent yet.
pub(crate) fn awaiting_notice(conn: &Connection) -> Result<Vec<AwaitingNotice>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, pending_by, pending_article, pending_requested FROM domain
           INDEXED BY domain_awaiting_notice
         WHERE pending_by IS NOT NULL AND pending_effective IS NULL AND state <> 'removed'
         ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(AwaitingNotice {
            domain: r.get(0)?,
            by: r.get(1)?,
            article: r.get(2)?,
            requested: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Row ids of live domains whose reminder `days` days before their current
/// expiry is due at `now` and has not been sent (nor passed over for a
/// nearer one), in row order. The query looks at the names stored with an
/// expiry in the reminder's window (`expiry::reminder_window`), reading the
/// expiry index alone and the reminders by their key (day, expiry, row) in
/// the order the window is walked, so each lookup lands where the last one
/// did; the rule (`expiry::reminder_days_due`) keeps those whose reminder
/// day has come, so the sweep reads no other row.
pub(crate) fn unreminded(
    conn: &Connection,
    now: Time,
    days: u32,
    policy: &Policy,
) -> Result<Vec<i64>> {
    let (after, until) = expiry::reminder_window(now, days, policy);
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.state, d.expires FROM domain d INDEXED BY domain_expires
         WHERE d.state <> 'removed' AND d.expires > ?1 AND d.expires <= ?2
           AND d.state IN ('reserved', 'registered', 'suspended')
           AND NOT EXISTS (SELECT 1 FROM reminder r
                           WHERE r.days = ?3 AND r.expires = d.expires AND r.domain_id = d.id)",
    )?;
    let mut rows = stmt.query(params![fmt_time(after), fmt_time(until), days])?;
    let mut ids = Vec::new();
    while let Some(row) = rows.next()? {
        let due = expiry_facts(row).is_none_or(|(state, expires)| {
            expiry::reminder_days_due(state, expires, now, policy).contains(&days)
        });
        if due {
            ids.push(row.get(0)?);
        }
    }
    ids.sort_unstable();
    Ok(ids)
}

/// Records that the reminder `days` before `expires` was sent (or passed
/// over for a nearer one).
pub(crate) fn mark_reminded(
    conn: &Connection,
    domain_id: i64,
    expires: Time,
    days: u32,
    now: Time,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO reminder(days, expires, domain_id, time) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![days, fmt_time(expires), domain_id, fmt_time(now)])?;
    Ok(())
}

/// An open conformity case whose proof deadline passed (Art. 8.2).
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct OverdueProof {
    pub(crate) case: i64,
    pub(crate) domain: String,
    pub(crate) requested: String,
    pub(crate) due: String,
    /// Whether the parties were already told (in an earlier sweep).
    #[serde(skip)]
    pub(crate) noticed: bool,
}

/// Open (undecided) cases on live names whose proof was due by `now`.
pub(crate) fn overdue_proofs(conn: &Connection, now: Time) -> Result<Vec<OverdueProof>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, d.name, c.proof_requested, c.proof_due,
                EXISTS (SELECT 1 FROM proof_overdue o WHERE o.case_id = c.id)
         FROM conformity_case c JOIN domain d ON d.id = c.domain_id
         WHERE c.decided IS NULL AND c.proof_due IS NOT NULL AND c.proof_due <= ?1
           AND d.state <> 'removed'
         ORDER BY c.proof_due, c.id",
    )?;
    let rows = stmt.query_map([fmt_time(now)], |r| {
        Ok(OverdueProof {
            case: r.get(0)?,
            domain: r.get(1)?,
            requested: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            due: r.get(3)?,
            noticed: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records that the parties were told a case's proof is overdue.
pub(crate) fn mark_overdue_noticed(conn: &Connection, case: i64, now: Time) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO proof_overdue(case_id, time) VALUES (?1, ?2)")?
        .execute(params![case, fmt_time(now)])?;
    Ok(())
}

#[cfg(test)]
mod tests;
