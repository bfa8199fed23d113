//! Conformity cases (Art. 8).

use rusqlite::{Connection, params};

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
