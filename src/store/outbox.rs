//! Reading and acknowledging the notices outbox (the notices are written by
//! [`super::ledger::notify`]).

use rusqlite::{Connection, OptionalExtension, params};

use super::ledger::Notice;
use crate::error::Result;
use crate::rules::periods::{Time, fmt_time};

const COLUMNS: &str = "id, time, recipient, kind, domain, article, text, sent";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Notice> {
    Ok(Notice {
        id: r.get(0)?,
        time: r.get(1)?,
        to: r.get(2)?,
        kind: r.get(3)?,
        domain: r.get(4)?,
        article: r.get(5)?,
        text: r.get(6)?,
        sent: r.get(7)?,
    })
}

/// Notices written at or after `since`, oldest first; unsent ones only
/// unless `all`.
pub(crate) fn list(
    conn: &Connection,
    since: Option<Time>,
    all: bool,
    f: impl FnMut(Notice) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "SELECT {COLUMNS} FROM notice
         WHERE (?1 IS NULL OR time >= ?1) AND (?2 OR sent IS NULL)
         ORDER BY time, id"
    );
    let mut stmt = conn.prepare(&sql)?;
    super::each_row(&mut stmt, params![since.map(fmt_time), all], from_row, f)
}

/// The id of the latest notice (0 for none): the outbox only grows, so two
/// readings bound the notices written between them, at the cost of one
/// index lookup.
pub(crate) fn last_id(conn: &Connection) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM notice")?
        .query_row([], |r| r.get(0))?;
    Ok(n as u64)
}

/// One notice by id.
pub(crate) fn find(conn: &Connection, id: i64) -> Result<Option<Notice>> {
    let sql = format!("SELECT {COLUMNS} FROM notice WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], from_row).optional()?)
}

/// Marks a notice sent at `now` unless it already was; returns whether it
/// changed.
pub(crate) fn ack(conn: &Connection, id: i64, now: Time) -> Result<bool> {
    let n = conn.execute(
        "UPDATE notice SET sent = ?2 WHERE id = ?1 AND sent IS NULL",
        params![id, fmt_time(now)],
    )?;
    Ok(n > 0)
}

/// When the notices of `kind` about `domain` written at or after `since`
/// were all sent: the latest sending, or `None` while one is unsent (or
/// there are none).
pub(crate) fn all_sent_since(
    conn: &Connection,
    domain: &str,
    kind: &str,
    since: Time,
) -> Result<Option<Time>> {
    let (unsent, last): (i64, Option<String>) = conn.query_row(
        "SELECT count(*) - count(sent), max(sent) FROM notice
         WHERE domain = ?1 AND kind = ?2 AND time >= ?3",
        params![domain, kind, fmt_time(since)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if unsent > 0 {
        return Ok(None);
    }
    last.map(|t| {
        crate::rules::periods::parse_time(&t)
            .map_err(|e| crate::error::Error::internal(format!("stored notice time: {e}")))
    })
    .transpose()
}
