//! The hash-chained journal: the one place that writes its entries.
//!
//! Every change of the registry appends one entry in the same transaction as
//! the change. An entry has its own hash, [`leaf_hash`] (SHA-256 over its
//! stored fields, whatever came before it), and carries
//! `chain(prev, leaf) = SHA-256(previous hash ‖ leaf hash)`, so changing,
//! deleting or reordering any entry breaks the chain from there on
//! ([`verify`]). Entries written before the two were separated keep their
//! single-pass hash (see [`expected_hash`]); such files still verify. Each
//! entry has a [`Kind`]; its inputs and outcome are read through typed
//! accessors that name the entry when they cannot be read. The SQL is
//! `store::journal`.
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

use rusqlite::Connection;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::rules::periods::fmt_time;
use crate::store::journal as sql;

pub(crate) mod anchor;
mod erasure;
pub(crate) mod merkle;
pub(crate) mod note;

pub(crate) use crate::store::journal::{
    GENESIS, Kind, Stored, for_domain, get, head, lists_version,
};
pub(crate) use erasure::redact_contact;
use erasure::{Redacted, settle_redactions};

/// Who acts, when and why: what every entry records besides its content.
/// The engine takes this, never the CLI's context.
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    pub(crate) now: crate::rules::periods::Time,
    pub(crate) actor: String,
    pub(crate) reason: Option<String>,
}

/// What a command records about one change.
pub(crate) struct Entry<'a> {
    /// What kind of change: the command, as typed.
    pub(crate) command: Kind,
    /// The article that grounds the change, if one does.
    pub(crate) article: Option<&'a str>,
    /// The A-label name the change is about, if one. An entry about a name
    /// has the whole domain after the change as its outcome.
    pub(crate) domain: Option<&'a str>,
    /// The request: arguments and options that shaped the decision.
    pub(crate) inputs: Value,
    /// The result: for domain changes, the whole domain after the change.
    pub(crate) outcome: Value,
}

/// The digest of an `inputs` or `outcome` text, as the chain covers it.
pub(crate) fn text_digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// `chain(prev, leaf)`: the hash an entry carries, from the previous
/// entry's hash and its own [`leaf_hash`].
pub(crate) fn chain(prev: &[u8; 32], leaf: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(leaf);
    h.finalize().into()
}

/// The entry's own hash, independent of its place in the chain: SHA-256 of
/// its stored fields, with `inputs` and `outcome` as their digests.
pub(crate) fn leaf_hash(e: &Stored) -> [u8; 32] {
    Sha256::digest(body(e).as_bytes()).into()
}

/// The fields the hash covers, as one JSON array (digests for the texts).
fn body(e: &Stored) -> String {
    let (inputs, outcome) = covered_digests(e);
    serde_json::json!([
        e.seq,
        e.time,
        e.actor,
        e.command,
        e.article,
        e.domain,
        e.reason,
        inputs,
        outcome,
        e.policy_digest,
        e.lists_version,
    ])
    .to_string()
}

/// The digests of the inputs and outcome the chain covers: the recorded
/// originals for a redacted entry, else those of the present texts.
fn covered_digests(e: &Stored) -> (String, String) {
    match e.redacted.as_deref().map(serde_json::from_str::<Redacted>) {
        None => (text_digest(&e.inputs), text_digest(&e.outcome)),
        Some(Ok(r)) => (r.inputs, r.outcome),
        // An unreadable record covers nothing: the hash will not match.
        Some(Err(_)) => (String::new(), String::new()),
    }
}

/// The hash entry `e` must carry after `prev_hash` (hex). Entries from
/// `leaf_from` on are `chain(prev, leaf_hash(e))`; earlier ones (written
/// before the two were separated) SHA-256 over the previous hash's hex, a
/// newline and the body, so files made then still verify.
pub(crate) fn expected_hash(e: &Stored, prev_hash: &str, leaf_from: i64) -> String {
    if e.seq < leaf_from {
        let mut h = Sha256::new();
        h.update(prev_hash.as_bytes());
        h.update(b"\n");
        h.update(body(e).as_bytes());
        return hex::encode(h.finalize());
    }
    let mut prev = [0u8; 32];
    if hex::decode_to_slice(prev_hash, &mut prev).is_err() {
        // Not a hash: nothing chains to it.
        return String::new();
    }
    hex::encode(chain(&prev, &leaf_hash(e)))
}

/// Appends one entry at `stamp.now` by `stamp.actor`; returns its sequence number.
pub(crate) fn append(
    conn: &Connection,
    stamp: &Stamp,
    policy_digest: &str,
    entry: Entry<'_>,
) -> Result<i64> {
    append_with(conn, stamp, policy_digest, |_| Ok(entry))
}

/// Appends one entry built by `build` from the sequence number it will
/// have, for changes that must name their own entry (a sampling run's
/// cases, an erasure's redactions); in the caller's transaction, so the
/// number is the entry's, not a guess.
pub(crate) fn append_with<'a>(
    conn: &Connection,
    stamp: &Stamp,
    policy_digest: &str,
    build: impl FnOnce(i64) -> Result<Entry<'a>>,
) -> Result<i64> {
    let (last, prev_hash) = head(conn)?;
    let seq = last + 1;
    let entry = build(seq)?;
    let mut stored = Stored {
        seq,
        time: fmt_time(stamp.now),
        actor: stamp.actor.clone(),
        command: entry.command.as_str().to_string(),
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
    stored.hash = expected_hash(&stored, &stored.prev_hash, sql::leaf_from(conn)?);
    sql::insert(conn, &stored)?;
    Ok(stored.seq)
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
    let leaf_from = sql::leaf_from(conn)?;
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1;
    let mut count = 0;
    let mut broken = None;
    // Redacted entries waiting for their erase entry: seq -> (by, digests
    // of the present texts).
    let mut pending: std::collections::BTreeMap<i64, (i64, String, String)> = Default::default();
    sql::each(conn, |e| {
        if broken.is_some() {
            return Ok(());
        }
        if e.seq != expected_seq
            || e.prev_hash != prev
            || e.hash != expected_hash(&e, &prev, leaf_from)
        {
            broken = Some(expected_seq.min(e.seq));
            return Ok(());
        }
        if let Some(text) = &e.redacted {
            match serde_json::from_str::<Redacted>(text) {
                Ok(r) if r.by > e.seq => {
                    let now = (text_digest(&e.inputs), text_digest(&e.outcome));
                    pending.insert(e.seq, (r.by, now.0, now.1));
                }
                _ => {
                    broken = Some(e.seq);
                    return Ok(());
                }
            }
        }
        if e.command == Kind::ContactErase.as_str()
            && let Some(bad) = settle_redactions(&e, &mut pending)
        {
            broken = Some(bad);
            return Ok(());
        }
        prev = e.hash;
        expected_seq += 1;
        count += 1;
        Ok(())
    })?;
    if let Some(first_bad) = broken {
        return Ok(Verdict::Broken { first_bad });
    }
    if let Some((&seq, _)) = pending.iter().next() {
        // Redacted, but no erase entry says so.
        return Ok(Verdict::Broken { first_bad: seq });
    }
    // Each import's record of its rows' provenance must still hold.
    if let Some(first_bad) = first_bad_import(conn)? {
        return Ok(Verdict::Broken { first_bad });
    }
    if let Some(head) = sql::recorded_head(conn)? {
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

/// The first import entry whose rows' provenance (`line ‖ record digest`
/// in the `migrated` table) no longer gives the Merkle root it recorded.
fn first_bad_import(conn: &Connection) -> Result<Option<i64>> {
    use crate::store::{history::migrated, provenance};
    for (e, o) in migrated::imports(conn)? {
        let (Some(from), Some(to), Some(root)) = (o.domains_from, o.domains_to, o.records_root)
        else {
            continue;
        };
        let mut tree = merkle::Frontier::default();
        provenance::range(conn, from, to, |line, digest| {
            tree.push(merkle::leaf(&provenance::leaf_data(line, &digest)));
            Ok(())
        })?;
        if hex::encode(tree.root()) != root {
            return Ok(Some(e.seq));
        }
    }
    Ok(None)
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
                command: Kind::Renew,
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
    fn a_file_made_before_leaf_hashes_still_verifies_and_grows() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("old.db")).unwrap();
        let conn = store.conn();
        let add = |i: i64| {
            let entry = Entry {
                command: Kind::Renew,
                article: None,
                domain: None,
                inputs: serde_json::json!({ "i": i }),
                outcome: serde_json::json!({}),
            };
            append(conn, &ctx("2026-03-01"), "digest", entry).unwrap()
        };
        // Three entries hashed the old way, as a file made before the split.
        conn.execute("DELETE FROM meta WHERE key = 'journal_leaf_from'", [])
            .unwrap();
        for i in 1..=3 {
            add(i);
        }
        let old = get(conn, 2).unwrap().unwrap();
        let mut h = Sha256::new();
        h.update(old.prev_hash.as_bytes());
        h.update(b"\n");
        h.update(body(&old).as_bytes());
        assert_eq!(old.hash, hex::encode(h.finalize()));
        // The migration marks where the new hashing starts.
        conn.execute_batch(include_str!("store/journal_leaf.sql"))
            .unwrap();
        for i in 4..=5 {
            add(i);
        }
        let new = get(conn, 5).unwrap().unwrap();
        let mut prev = [0u8; 32];
        hex::decode_to_slice(&new.prev_hash, &mut prev).unwrap();
        assert_eq!(new.hash, hex::encode(chain(&prev, &leaf_hash(&new))));
        assert_eq!(first_bad(conn), None);
        conn.execute("UPDATE journal SET actor = 'x' WHERE seq = 2", [])
            .unwrap();
        assert_eq!(first_bad(conn), Some(2));
    }

    #[test]
    fn a_recomputed_tail_is_caught_by_the_head() {
        // Rewriting the last entry with a correct hash still disagrees with
        // the recorded head.
        let (_dir, store) = journal();
        let conn = store.conn();
        let mut last = get(conn, 5).unwrap().unwrap();
        last.actor = "mallory".into();
        let hash = expected_hash(&last, &last.prev_hash, 1);
        conn.execute(
            "UPDATE journal SET actor = 'mallory', hash = ?1 WHERE seq = 5",
            [hash],
        )
        .unwrap();
        assert_eq!(first_bad(conn), Some(5));
    }
}
