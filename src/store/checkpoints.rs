//! The checkpoints the registry signed and the entry hashes they covered
//! (tables `checkpoint` and `checkpoint_leaf`).

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::error::Result;
use crate::rules::periods::{Time, fmt_time};

/// A checkpoint as kept.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Kept {
    pub(crate) id: i64,
    pub(crate) time: String,
    pub(crate) origin: String,
    pub(crate) size: i64,
    /// Hex.
    pub(crate) root: String,
    /// The verifier key it was signed with.
    pub(crate) key: String,
    /// The signed note, as printed.
    pub(crate) note: String,
}

/// Every checkpoint kept, oldest first.
pub(crate) fn all(conn: &Connection) -> Result<Vec<Kept>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, time, origin, size, root, key, note FROM checkpoint ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Kept {
            id: r.get(0)?,
            time: r.get(1)?,
            origin: r.get(2)?,
            size: r.get(3)?,
            root: r.get(4)?,
            key: r.get(5)?,
            note: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Keeps a signed checkpoint; returns its id.
pub(crate) fn keep(
    conn: &Connection,
    at: Time,
    origin: &str,
    size: i64,
    root: &str,
    key: &str,
    note: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO checkpoint(time, origin, size, root, key, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![fmt_time(at), origin, size, root, key, note])?;
    Ok(conn.last_insert_rowid())
}

/// The kept entry hashes `1..=size` in order, or `None` when some are
/// missing or not 32 bytes.
pub(crate) fn leaves(conn: &Connection, size: i64) -> Result<Option<Vec<[u8; 32]>>> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, hash FROM checkpoint_leaf WHERE seq <= ?1 ORDER BY seq")?;
    let mut rows = stmt.query([size])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let hash: Vec<u8> = row.get(1)?;
        match <[u8; 32]>::try_from(hash) {
            Ok(h) if seq == out.len() as i64 + 1 => out.push(h),
            _ => return Ok(None),
        }
    }
    Ok((out.len() as i64 == size).then_some(out))
}

/// Keeps the entry hashes past those already kept, up to `hashes.len()`.
pub(crate) fn keep_leaves(conn: &Connection, hashes: &[[u8; 32]]) -> Result<()> {
    let kept: i64 = conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) FROM checkpoint_leaf",
        [],
        |r| r.get(0),
    )?;
    let mut stmt =
        conn.prepare_cached("INSERT OR REPLACE INTO checkpoint_leaf(seq, hash) VALUES (?1, ?2)")?;
    for (i, h) in hashes.iter().enumerate().skip(kept.max(0) as usize) {
        stmt.execute(params![i as i64 + 1, h.as_slice()])?;
    }
    Ok(())
}
