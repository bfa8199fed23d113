//! The hash-chained journal: the one place that writes its entries.
//!
//! Every change of the registry appends one entry in the same transaction as
//! the change. An entry's hash is SHA-256 over the previous entry's hash and
//! the entry's stored fields, so changing, deleting or reordering any entry
//! breaks the chain from there on ([`verify`]).
//!
//! ## Erasure without breaking the chain
//!
//! Some entries hold personal data (the contact JSON of `contact add` and
//! `contact update`), and the right to erasure (RGPD, Art. 29.5) must be
//! honoured without making the journal unverifiable. So the hash does not
//! cover the `inputs` and `outcome` texts themselves but their SHA-256
//! digests ([`text_digest`]). `contact erase` ([`redact_contact`]) rewrites
//! the personal values inside every earlier entry that holds the contact
//! (same JSON shape, values replaced by the erased marker) and records, in
//! that entry's `redacted` column, `{"inputs": DIGEST, "outcome": DIGEST,
//! "by": SEQ}`: the digests of the original texts, which the chain still
//! covers, and the erase entry that did it. The erase entry's own outcome
//! lists every entry it redacted with the digests of the texts it left
//! behind.
//!
//! [`verify`] then checks, for a redacted entry, the chain against the
//! recorded digests, and later, at the erase entry named by `by` (whose own
//! hash covers its list), that the entry is listed and that its present
//! texts are exactly the ones the erase left. So the original data is gone,
//! the chain still verifies, and changing any field of any entry (redacted
//! or not), forging a `redacted` record, or editing a redacted text is
//! still caught. What the journal can no longer prove is what the erased
//! values were: that is the point.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::rules::periods::fmt_time;
use crate::store;

mod erasure;

pub(crate) use erasure::{ERASE_COMMAND, redact_contact};
use erasure::{Redacted, settle_redactions};

/// Who acts, when and why: what every entry records besides its content.
/// The engine takes this, never the CLI's context.
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    pub(crate) now: crate::rules::periods::Time,
    pub(crate) actor: String,
    pub(crate) reason: Option<String>,
}

/// The hash before the first entry.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a command records about one change.
pub(crate) struct Entry<'a> {
    /// The command, as typed: `register`, `sweep`, `policy set`, ...
    pub(crate) command: &'a str,
    /// The article that grounds the change, if one does.
    pub(crate) article: Option<&'a str>,
    /// The A-label name the change is about, if one.
    pub(crate) domain: Option<&'a str>,
    /// The request: arguments and options that shaped the decision.
    pub(crate) inputs: Value,
    /// The result: for domain changes, the whole domain after the change.
    pub(crate) outcome: Value,
}

/// An entry as stored.
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

/// The digest of an `inputs` or `outcome` text, as the chain covers it.
pub(crate) fn text_digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

impl Stored {
    /// The digests of the inputs and outcome the chain covers: the recorded
    /// originals for a redacted entry, else those of the present texts.
    fn covered_digests(&self) -> (String, String) {
        match self
            .redacted
            .as_deref()
            .map(serde_json::from_str::<Redacted>)
        {
            None => (text_digest(&self.inputs), text_digest(&self.outcome)),
            Some(Ok(r)) => (r.inputs, r.outcome),
            // An unreadable record covers nothing: the hash will not match.
            Some(Err(_)) => (String::new(), String::new()),
        }
    }

    /// The hash this entry must carry, given the previous one.
    pub(crate) fn expected_hash(&self, prev_hash: &str) -> String {
        let (inputs, outcome) = self.covered_digests();
        let body = serde_json::json!([
            self.seq,
            self.time,
            self.actor,
            self.command,
            self.article,
            self.domain,
            self.reason,
            inputs,
            outcome,
            self.policy_digest,
            self.lists_version,
        ]);
        let mut h = Sha256::new();
        h.update(prev_hash.as_bytes());
        h.update(b"\n");
        h.update(body.to_string().as_bytes());
        hex::encode(h.finalize())
    }
}

/// The lists version: bumped by every change of a list, recorded in entries
/// so a decision can be replayed against the lists it saw.
pub(crate) fn lists_version(conn: &Connection) -> Result<i64> {
    Ok(store::meta_get(conn, "lists_version")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// The head of the chain: the last entry's sequence number and hash.
pub(crate) fn head(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .prepare_cached("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// Appends one entry at `stamp.now` by `stamp.actor`; returns its sequence number.
pub(crate) fn append(
    conn: &Connection,
    stamp: &Stamp,
    policy_digest: &str,
    entry: Entry<'_>,
) -> Result<i64> {
    let (last, prev_hash) = head(conn)?;
    let mut stored = Stored {
        seq: last + 1,
        time: fmt_time(stamp.now),
        actor: stamp.actor.clone(),
        command: entry.command.to_string(),
        article: entry.article.map(str::to_string),
        domain: entry.domain.map(str::to_string),
        reason: stamp.reason.clone(),
        inputs: entry.inputs.to_string(),
        outcome: entry.outcome.to_string(),
        policy_digest: policy_digest.to_string(),
        lists_version: lists_version(conn)?,
        prev_hash,
        hash: String::new(),
        redacted: None,
    };
    stored.hash = stored.expected_hash(&stored.prev_hash);
    conn.prepare_cached(
        "INSERT INTO journal(seq, time, actor, command, article, domain, reason, inputs, outcome,
            policy_digest, lists_version, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        stored.seq,
        stored.time,
        stored.actor,
        stored.command,
        stored.article,
        stored.domain,
        stored.reason,
        stored.inputs,
        stored.outcome,
        stored.policy_digest,
        stored.lists_version,
        stored.prev_hash,
        stored.hash,
    ])?;
    // The head is also kept outside the chain, so removing the last entries
    // (which leaves a shorter but consistent chain) is caught by `verify`.
    store::meta_set(conn, HEAD_KEY, &format!("{} {}", stored.seq, stored.hash))?;
    Ok(stored.seq)
}

/// The `meta` key holding the last appended entry as `SEQ HASH`.
const HEAD_KEY: &str = "journal_head";

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

/// The entries about one name, in order.
pub(crate) fn for_domain(conn: &Connection, name: &str) -> Result<Vec<Stored>> {
    let sql = format!("SELECT {COLUMNS} FROM journal WHERE domain = ?1 ORDER BY seq");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([name], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One entry by its sequence number.
pub(crate) fn get(conn: &Connection, seq: i64) -> Result<Option<Stored>> {
    let sql = format!("SELECT {COLUMNS} FROM journal WHERE seq = ?1");
    Ok(conn.prepare(&sql)?.query_row([seq], from_row).optional()?)
}

/// The entries stamped at `from` or later that come before entry `before`,
/// in order (uses the `journal_time` index).
pub(crate) fn since_before(conn: &Connection, from: &str, before: i64) -> Result<Vec<Stored>> {
    let sql = format!("SELECT {COLUMNS} FROM journal WHERE time >= ?1 AND seq < ?2 ORDER BY seq");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![from, before], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every entry with a given command, in order.
pub(crate) fn by_command(conn: &Connection, command: &str) -> Result<Vec<Stored>> {
    let sql = format!("SELECT {COLUMNS} FROM journal WHERE command = ?1 ORDER BY seq");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([command], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The outcome of walking the chain.
pub(crate) enum Verdict {
    Ok { entries: i64 },
    Broken { first_bad: i64 },
}

/// Walks the chain from the start; names the first entry whose sequence,
/// link or hash is wrong, or whose redaction no later erase entry accounts
/// for (see the module doc). An entry that is missing at the end (the chain
/// is shorter than the recorded head) is named by the first missing sequence.
pub(crate) fn verify(conn: &Connection) -> Result<Verdict> {
    let sql = format!("SELECT {COLUMNS} FROM journal ORDER BY seq");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1;
    let mut count = 0;
    // Redacted entries waiting for their erase entry: seq -> (by, digests
    // of the present texts).
    let mut pending: std::collections::BTreeMap<i64, (i64, String, String)> = Default::default();
    while let Some(row) = rows.next()? {
        let e = from_row(row)?;
        if e.seq != expected_seq || e.prev_hash != prev || e.hash != e.expected_hash(&prev) {
            return Ok(Verdict::Broken {
                first_bad: expected_seq.min(e.seq),
            });
        }
        if let Some(text) = &e.redacted {
            match serde_json::from_str::<Redacted>(text) {
                Ok(r) if r.by > e.seq => {
                    let now = (text_digest(&e.inputs), text_digest(&e.outcome));
                    pending.insert(e.seq, (r.by, now.0, now.1));
                }
                _ => return Ok(Verdict::Broken { first_bad: e.seq }),
            }
        }
        if e.command == ERASE_COMMAND
            && let Some(bad) = settle_redactions(&e, &mut pending)
        {
            return Ok(Verdict::Broken { first_bad: bad });
        }
        prev = e.hash;
        expected_seq += 1;
        count += 1;
    }
    if let Some((&seq, _)) = pending.iter().next() {
        // Redacted, but no erase entry says so.
        return Ok(Verdict::Broken { first_bad: seq });
    }
    if let Some(head) = store::meta_get(conn, HEAD_KEY)? {
        let recorded = head.split_once(' ');
        let seq = recorded.and_then(|(seq, _)| seq.parse::<i64>().ok());
        let first_bad = match (seq, recorded) {
            (Some(seq), Some((_, hash))) if seq == count && hash == prev => None,
            // Entries missing at the end: the first missing one.
            (Some(seq), _) if seq > count => Some(count + 1),
            // Entries past the recorded head were not written by `append`.
            (Some(seq), _) if seq < count => Some(seq + 1),
            // The head names the last entry with another hash, or is
            // unreadable: the last entry is the one in doubt.
            _ => Some(count.max(1)),
        };
        if let Some(first_bad) = first_bad {
            return Ok(Verdict::Broken { first_bad });
        }
    }
    Ok(Verdict::Ok { entries: count })
}

#[cfg(test)]
mod erasure_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn ctx(now: &str) -> Stamp {
        Stamp {
            now: crate::rules::periods::parse_time(now).unwrap(),
            actor: "tester".into(),
            reason: None,
        }
    }

    /// A store with five entries.
    fn journal() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("j.db")).unwrap();
        for i in 0..5 {
            let entry = Entry {
                command: "test",
                article: Some("8.1"),
                domain: Some("a.pt"),
                inputs: serde_json::json!({ "i": i }),
                outcome: serde_json::json!({ "ok": true }),
            };
            append(store.conn(), &ctx("2026-03-01"), "digest", entry).unwrap();
        }
        (dir, store)
    }

    fn first_bad(conn: &Connection) -> Option<i64> {
        match verify(conn).unwrap() {
            Verdict::Ok { entries } => {
                assert_eq!(entries, 5);
                None
            }
            Verdict::Broken { first_bad } => Some(first_bad),
        }
    }

    #[test]
    fn verify_catches_every_kind_of_tampering() {
        let cases: &[(&str, Option<i64>)] = &[
            ("SELECT 1", None),
            (
                "UPDATE journal SET actor = 'mallory' WHERE seq = 3",
                Some(3),
            ),
            (
                "UPDATE journal SET time = '2026-03-02T00:00:00Z' WHERE seq = 2",
                Some(2),
            ),
            (
                "UPDATE journal SET inputs = '{\"i\":9}' WHERE seq = 4",
                Some(4),
            ),
            ("UPDATE journal SET outcome = '{}' WHERE seq = 1", Some(1)),
            ("UPDATE journal SET reason = 'x' WHERE seq = 5", Some(5)),
            ("UPDATE journal SET article = NULL WHERE seq = 2", Some(2)),
            (
                "UPDATE journal SET lists_version = 7 WHERE seq = 2",
                Some(2),
            ),
            (
                "UPDATE journal SET policy_digest = 'x' WHERE seq = 2",
                Some(2),
            ),
            ("UPDATE journal SET hash = '00' WHERE seq = 3", Some(3)),
            ("UPDATE journal SET prev_hash = '00' WHERE seq = 3", Some(3)),
            ("DELETE FROM journal WHERE seq = 3", Some(3)),
            ("DELETE FROM journal WHERE seq = 5", Some(5)),
            ("DELETE FROM journal WHERE seq >= 4", Some(4)),
            (
                "UPDATE journal SET seq = -seq WHERE seq IN (2, 4);
                 UPDATE journal SET seq = 6 + seq WHERE seq IN (-2, -4);",
                Some(2),
            ),
        ];
        for (sql, want) in cases {
            let (_dir, store) = journal();
            store.conn().execute_batch(sql).unwrap();
            assert_eq!(first_bad(store.conn()), *want, "{sql}");
        }
    }

    #[test]
    fn a_recomputed_tail_is_caught_by_the_head() {
        // Rewriting the last entry with a correct hash still disagrees with
        // the recorded head.
        let (_dir, store) = journal();
        let conn = store.conn();
        let mut last = get(conn, 5).unwrap().unwrap();
        last.actor = "mallory".into();
        let hash = last.expected_hash(&last.prev_hash);
        conn.execute(
            "UPDATE journal SET actor = 'mallory', hash = ?1 WHERE seq = 5",
            [hash],
        )
        .unwrap();
        assert_eq!(first_bad(conn), Some(5));
    }
}
