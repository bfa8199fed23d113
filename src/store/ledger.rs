//! The ledger (Art. 18-20) and the notices outbox: append-only records.

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::error::Result;
use crate::rules::periods::{Time, fmt_time};
use crate::rules::policy::fmt_amount;

/// A ledger line (docs/json.md `ledger --json`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LedgerLine {
    pub(crate) time: String,
    pub(crate) domain: String,
    /// `charge` or `refund`.
    pub(crate) kind: String,
    pub(crate) amount: String,
    pub(crate) article: String,
    pub(crate) years: Option<i64>,
    /// The account a refund is paid to (Art. 20), when the registrant gave
    /// one (Art. 29.2.g).
    pub(crate) iban: Option<String>,
}

/// Records a charge (positive) or a refund (Art. 20).
pub(crate) fn record(
    conn: &Connection,
    time: Time,
    domain: &str,
    kind: &str,
    cents: i64,
    article: &str,
    years: Option<u32>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO ledger(time, domain, kind, cents, article, years)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![fmt_time(time), domain, kind, cents, article, years])?;
    Ok(())
}

/// Records the refund of Art. 20, to the registrant's account when known.
pub(crate) fn record_refund(
    conn: &Connection,
    time: Time,
    domain: &str,
    cents: i64,
    iban: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO ledger(time, domain, kind, cents, article, years, iban)
         VALUES (?1, ?2, 'refund', ?3, '20', NULL, ?4)",
    )?
    .execute(params![fmt_time(time), domain, cents, iban])?;
    Ok(())
}

/// Ledger lines with `from <= time < to`, in time order.
pub(crate) fn lines(
    conn: &Connection,
    from: Option<Time>,
    to: Option<Time>,
    f: impl FnMut(LedgerLine) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT time, domain, kind, cents, article, years, iban FROM ledger
         WHERE (?1 IS NULL OR time >= ?1) AND (?2 IS NULL OR time < ?2)
         ORDER BY time, id",
    )?;
    let params = params![from.map(fmt_time), to.map(fmt_time)];
    let map = |r: &rusqlite::Row<'_>| {
        Ok(LedgerLine {
            time: r.get(0)?,
            domain: r.get(1)?,
            kind: r.get(2)?,
            amount: fmt_amount(r.get(3)?),
            article: r.get(4)?,
            years: r.get(5)?,
            iban: r.get(6)?,
        })
    };
    super::each_row(&mut stmt, params, map, f)
}

/// The amount paid for the current registration of a domain (charges since
/// its creation), for an Art. 20 refund.
pub(crate) fn paid_since(conn: &Connection, domain: &str, since: Time) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(cents), 0) FROM ledger
         WHERE domain = ?1 AND kind = 'charge' AND time >= ?2",
        params![domain, fmt_time(since)],
        |r| r.get(0),
    )?)
}

/// A notice for the outbox (docs/json.md `notices --json`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Notice {
    pub(crate) id: i64,
    pub(crate) time: String,
    pub(crate) to: String,
    pub(crate) kind: String,
    pub(crate) domain: Option<String>,
    pub(crate) article: Option<String>,
    pub(crate) text: String,
    pub(crate) sent: Option<String>,
}

/// Writes a notice to the outbox; returns its id.
pub(crate) fn notify(
    conn: &Connection,
    time: Time,
    to: &str,
    kind: &str,
    domain: Option<&str>,
    article: Option<&str>,
    text: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO notice(time, recipient, kind, domain, article, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![fmt_time(time), to, kind, domain, article, text])?;
    Ok(conn.last_insert_rowid())
}
