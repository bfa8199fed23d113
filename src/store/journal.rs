//! The journal's SQL: entries as stored, their kinds, and every query that
//! reads or writes the `journal` table (and its head in `meta`). What the
//! hashes mean and how the chain is checked is `crate::journal`; this module
//! only moves rows.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::{Error, Result};

/// The hash before the first entry.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The `meta` key holding the last appended entry as `SEQ HASH`.
pub(crate) const HEAD_KEY: &str = "journal_head";

/// The `meta` key naming the first entry whose hash is `chain(prev,
/// leaf_hash(entry))`; entries before it (files made before leaf hashes
/// were separated) keep the older single-pass hash.
pub(crate) const LEAF_FROM_KEY: &str = "journal_leaf_from";

macro_rules! kinds {
    ($($variant:ident = $text:literal),* $(,)?) => {
        /// What an entry records: one kind per command that changes the
        /// registry. Stored as the command's name, as typed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Kind {
            $($variant),*
        }

        impl Kind {
            /// Every kind, in declaration order.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The stored name: `register`, `policy set`, `audit-sample`, ...
            pub(crate) fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$variant => $text),*
                }
            }

            /// The kind of a stored name, if it is one.
            pub(crate) fn parse(text: &str) -> Option<Kind> {
                match text {
                    $($text => Some(Kind::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

kinds! {
    Init = "init",
    PolicySet = "policy set",
    ListAdd = "list add",
    ListRemove = "list remove",
    ListImport = "list import",
    ListRefresh = "list refresh",
    ContactAdd = "contact add",
    ContactUpdate = "contact update",
    ContactImport = "contact import",
    ContactErase = "contact erase",
    RegistrarAdd = "registrar add",
    RegistrarUpdate = "registrar update",
    RegistrarWithdraw = "registrar withdraw",
    RegistrarImport = "registrar import",
    Register = "register",
    Renew = "renew",
    Update = "update",
    Transfer = "transfer",
    TransferCode = "transfer-code",
    Remove = "remove",
    Oppose = "oppose",
    Cure = "cure",
    Lock = "lock",
    Unlock = "unlock",
    Suspend = "suspend",
    Unsuspend = "unsuspend",
    Sweep = "sweep",
    NoticesAck = "notices ack",
    ZoneExport = "zone export",
    AuditSample = "audit-sample",
    AuditRequestProof = "audit request-proof",
    AuditDecide = "audit decide",
    Import = "import",
    RegistrarCredentials = "registrar credentials",
    EppLogin = "epp login",
    EppPollAck = "epp poll ack",
    HostCreate = "host create",
    HostUpdate = "host update",
    HostDelete = "host delete",
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An entry as stored. `command` is kept as the stored text (not a
/// [`Kind`]) so that the chain can be checked over exactly what is there,
/// even where someone wrote a command no `ptreg` knows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Stored {
    pub(crate) seq: i64,
    pub(crate) time: String,
    pub(crate) actor: String,
    pub(crate) command: String,
    pub(crate) article: Option<String>,
    pub(crate) domain: Option<String>,
    pub(crate) reason: Option<String>,
    pub(crate) inputs: String,
    pub(crate) outcome: String,
    pub(crate) policy_digest: String,
    pub(crate) lists_version: i64,
    pub(crate) prev_hash: String,
    pub(crate) hash: String,
    /// For an entry whose personal data was erased: the digests of the
    /// original texts and the erase entry that redacted them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) redacted: Option<String>,
}

impl Stored {
    /// The entry's kind; an entry whose command no kind names is an error
    /// that names it.
    pub(crate) fn kind(&self) -> Result<Kind> {
        Kind::parse(&self.command).ok_or_else(|| {
            Error::internal(format!(
                "journal entry {} has an unknown command {:?}",
                self.seq, self.command
            ))
        })
    }

    /// The entry's inputs read as `T`; unreadable inputs are an error
    /// naming the entry, never a silent skip.
    pub(crate) fn inputs<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        self.read("inputs", &self.inputs)
    }

    /// The entry's outcome read as `T` (see [`Stored::inputs`]).
    pub(crate) fn outcome<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        self.read("outcome", &self.outcome)
    }

    fn read<T: serde::de::DeserializeOwned>(&self, what: &str, text: &str) -> Result<T> {
        serde_json::from_str(text).map_err(|e| {
            Error::internal(format!(
                "journal entry {} ({}): its {what} is unreadable",
                self.seq, self.command
            ))
            .with_cause(e)
        })
    }
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        seq: r.get(0)?,
        time: r.get(1)?,
        actor: r.get(2)?,
        command: r.get(3)?,
        article: r.get(4)?,
        domain: r.get(5)?,
        reason: r.get(6)?,
        inputs: r.get(7)?,
        outcome: r.get(8)?,
        policy_digest: r.get(9)?,
        lists_version: r.get(10)?,
        prev_hash: r.get(11)?,
        hash: r.get(12)?,
        redacted: r.get(13)?,
    })
}

const COLUMNS: &str = "seq, time, actor, command, article, domain, reason, inputs, outcome, \
    policy_digest, lists_version, prev_hash, hash, redacted";

fn select(conn: &Connection, filter: &str, params: impl rusqlite::Params) -> Result<Vec<Stored>> {
    let sql = format!("SELECT {COLUMNS} FROM journal {filter}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The lists version: bumped by every change of a list, recorded in entries
/// so a decision can be replayed against the lists it saw.
pub(crate) fn lists_version(conn: &Connection) -> Result<i64> {
    Ok(super::meta_get(conn, "lists_version")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// The first entry hashed as `chain(prev, leaf)` (see [`LEAF_FROM_KEY`]).
/// Without the key (a restored export of a file made before it), every
/// entry, old or new, keeps the older hash, so the chain stays one kind.
pub(crate) fn leaf_from(conn: &Connection) -> Result<i64> {
    Ok(super::meta_get(conn, LEAF_FROM_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(i64::MAX))
}

/// The head of the chain: the last entry's sequence number and hash.
pub(crate) fn head(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .prepare_cached("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// The head recorded outside the chain by [`insert`], as its text.
pub(crate) fn recorded_head(conn: &Connection) -> Result<Option<String>> {
    super::meta_get(conn, HEAD_KEY)
}

/// Stores one entry (already hashed) and records it as the head.
pub(crate) fn insert(conn: &Connection, e: &Stored) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO journal(seq, time, actor, command, article, domain, reason, inputs, outcome,
            policy_digest, lists_version, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        e.seq,
        e.time,
        e.actor,
        e.command,
        e.article,
        e.domain,
        e.reason,
        e.inputs,
        e.outcome,
        e.policy_digest,
        e.lists_version,
        e.prev_hash,
        e.hash,
    ])?;
    // The head is also kept outside the chain, so removing the last entries
    // (which leaves a shorter but consistent chain) is caught by `verify`.
    super::meta_set(conn, HEAD_KEY, &format!("{} {}", e.seq, e.hash))
}

/// The entries about one name, in order.
pub(crate) fn for_domain(conn: &Connection, name: &str) -> Result<Vec<Stored>> {
    select(conn, "WHERE domain = ?1 ORDER BY seq", [name])
}

/// One entry by its sequence number.
pub(crate) fn get(conn: &Connection, seq: i64) -> Result<Option<Stored>> {
    Ok(select(conn, "WHERE seq = ?1", [seq])?.into_iter().next())
}

/// The entries stamped at `from` or later that come before entry `before`,
/// in order (uses the `journal_time` index).
pub(crate) fn since_before(conn: &Connection, from: &str, before: i64) -> Result<Vec<Stored>> {
    select(
        conn,
        "WHERE time >= ?1 AND seq < ?2 ORDER BY seq",
        params![from, before],
    )
}

/// Every entry of the given kinds, in order.
pub(crate) fn of_kinds(conn: &Connection, kinds: &[Kind]) -> Result<Vec<Stored>> {
    let mut out = Vec::new();
    for k in kinds {
        out.extend(select(
            conn,
            "WHERE command = ?1 ORDER BY seq",
            [k.as_str()],
        )?);
    }
    out.sort_by_key(|e| e.seq);
    Ok(out)
}

/// Every entry of one kind, in order.
pub(crate) fn of_kind(conn: &Connection, kind: Kind) -> Result<Vec<Stored>> {
    of_kinds(conn, &[kind])
}

/// Calls `each` on every entry in sequence order, streaming (the whole
/// journal is never held in memory); stops at the first error.
pub(crate) fn each(conn: &Connection, mut each: impl FnMut(Stored) -> Result<()>) -> Result<()> {
    let sql = format!("SELECT {COLUMNS} FROM journal ORDER BY seq");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(from_row(row)?)?;
    }
    Ok(())
}

/// The stored hashes of entries `1..=size` in order, as raw bytes (the
/// Merkle tree's leaves); `None` when a hash is not 32 bytes of hex or the
/// sequence has a gap.
pub(crate) fn hashes(conn: &Connection, size: i64) -> Result<Option<Vec<[u8; 32]>>> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, hash FROM journal WHERE seq <= ?1 ORDER BY seq")?;
    let mut rows = stmt.query([size])?;
    let mut out = Vec::with_capacity(size.max(0) as usize);
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let hash: String = row.get(1)?;
        let mut raw = [0u8; 32];
        if seq != out.len() as i64 + 1 || hex::decode_to_slice(&hash, &mut raw).is_err() {
            return Ok(None);
        }
        out.push(raw);
    }
    Ok((out.len() as i64 == size).then_some(out))
}

/// The `contact ...` entries whose JSON records contact `id` itself
/// (`"id":"ID"` in their inputs or outcome), in order: the entries that hold
/// its personal data.
pub(crate) fn holding_contact(conn: &Connection, id: &str) -> Result<Vec<Stored>> {
    let needle = format!("\"id\":{}", serde_json::Value::String(id.to_string()));
    select(
        conn,
        "WHERE command LIKE 'contact %' AND (instr(inputs, ?1) > 0 OR instr(outcome, ?1) > 0)
         ORDER BY seq",
        [needle],
    )
}

/// Rewrites an entry's texts after an erasure, with its `redacted` record.
pub(crate) fn redact(
    conn: &Connection,
    seq: i64,
    inputs: &str,
    outcome: &str,
    record: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE journal SET inputs = ?2, outcome = ?3, redacted = ?4 WHERE seq = ?1",
    )?
    .execute(params![seq, inputs, outcome, record])?;
    Ok(())
}

/// The latest `contact add|update|erase` outcome about contact `id` stamped
/// at or before `at`, as text.
pub(crate) fn contact_outcome_by(conn: &Connection, id: &str, at: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT outcome FROM journal
             WHERE command IN ('contact add', 'contact update', 'contact erase')
               AND json_extract(outcome, '$.id') = ?1 AND time <= ?2
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![id, at], |r| r.get(0))
        .optional()?)
}

/// The `before` recorded by the first `registrar update` of registrar `id`
/// stamped after `at`, as text.
pub(crate) fn registrar_before_after(
    conn: &Connection,
    id: &str,
    at: &str,
) -> Result<Option<String>> {
    before_after(conn, "command = 'registrar update'", id, at)
}

/// The `before` recorded by the first `contact update|erase` of contact `id`
/// stamped after `at`, as text.
pub(crate) fn contact_before_after(
    conn: &Connection,
    id: &str,
    at: &str,
) -> Result<Option<String>> {
    before_after(
        conn,
        "command IN ('contact add', 'contact update', 'contact erase')",
        id,
        at,
    )
}

/// The `before` of the first entry matching `commands` (an SQL condition)
/// about the object `id` stamped after `at`.
fn before_after(
    conn: &Connection,
    commands: &'static str,
    id: &str,
    at: &str,
) -> Result<Option<String>> {
    let sql = format!(
        "SELECT json_extract(inputs, '$.before') FROM journal
         WHERE {commands} AND json_extract(outcome, '$.id') = ?1 AND time > ?2
         ORDER BY seq LIMIT 1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id, at], |r| r.get(0))
        .optional()?
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(Kind::parse("bogus"), None);
        let mut names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Kind::ALL.len(), "two kinds share a name");
    }
}
