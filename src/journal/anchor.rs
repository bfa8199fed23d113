//! The journal against a signed checkpoint: its tree now, whether it still
//! contains the tree a checkpoint signed (a consistency proof from the
//! checkpoint's size to now), and, when it does not, which entry differs.
//!
//! The leaves are `merkle::leaf(hash)` of each entry's stored 32-byte hash,
//! in sequence order. The chain hashes cover digests of the texts, not the
//! texts, so an erasure (which rewrites texts and keeps the hashes) leaves
//! the tree as it was.

use rusqlite::Connection;

use super::merkle::{self, Hash};
use super::note::Checkpoint;
use crate::error::{Error, Result};
use crate::store::{checkpoints, journal as sql};

/// The journal as a Merkle tree: every entry's hash (raw) and leaf.
pub(crate) struct Tree {
    pub(crate) hashes: Vec<Hash>,
    pub(crate) leaves: Vec<Hash>,
}

impl Tree {
    /// The whole journal's tree. A journal whose sequence has a gap or
    /// whose hashes are not hashes has no tree: `audit verify` names the
    /// entry.
    pub(crate) fn load(conn: &Connection) -> Result<Tree> {
        let (size, _) = sql::head(conn)?;
        let hashes = sql::hashes(conn, size)?.ok_or_else(|| {
            Error::internal("the journal's entries are not a clean sequence of hashes")
                .with_hint("run `ptreg audit verify` to find the first broken entry")
        })?;
        let leaves = hashes.iter().map(|h| merkle::leaf(h)).collect();
        Ok(Tree { hashes, leaves })
    }

    pub(crate) fn size(&self) -> u64 {
        self.leaves.len() as u64
    }

    pub(crate) fn root(&self) -> Hash {
        merkle::root(&self.leaves)
    }
}

/// How the journal stands against a checkpoint.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Standing {
    /// The signed tree is a prefix of the journal's: the proof shows it.
    Consistent { proof: Vec<Hash> },
    /// The journal has fewer entries than the checkpoint signed.
    Shorter { entries: u64 },
    /// The journal no longer holds the signed tree; the first entry that
    /// differs, when this file still holds the hashes that were signed.
    Differs { first: Option<i64> },
}

/// Checks the journal's tree against a checkpoint's size and root.
pub(crate) fn stand(conn: &Connection, tree: &Tree, cp: &Checkpoint) -> Result<Standing> {
    let m = cp.size;
    if m > tree.size() {
        return Ok(Standing::Shorter {
            entries: tree.size(),
        });
    }
    if m == 0 {
        return Ok(if cp.root == merkle::root(&[]) {
            Standing::Consistent { proof: Vec::new() }
        } else {
            Standing::Differs { first: None }
        });
    }
    let proof = merkle::consistency_proof(m as usize, &tree.leaves).unwrap_or_default();
    if merkle::verify_consistency(m, tree.size(), &cp.root, &tree.root(), &proof) {
        return Ok(Standing::Consistent { proof });
    }
    Ok(Standing::Differs {
        first: first_difference(conn, tree, cp)?,
    })
}

/// The first entry whose hash differs from the one the checkpoint signed,
/// read from the hashes kept at checkpoint time, if they are still the
/// signed ones (they hash to the checkpoint's root).
fn first_difference(conn: &Connection, tree: &Tree, cp: &Checkpoint) -> Result<Option<i64>> {
    let Some(kept) = checkpoints::leaves(conn, cp.size as i64)? else {
        return Ok(None);
    };
    let kept_leaves: Vec<Hash> = kept.iter().map(|h| merkle::leaf(h)).collect();
    if merkle::root(&kept_leaves) != cp.root {
        return Ok(None);
    }
    Ok(kept
        .iter()
        .zip(&tree.hashes)
        .position(|(a, b)| a != b)
        .map(|i| i as i64 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{Entry, Kind, Stamp, append};
    use crate::store::Store;

    fn journal(n: i64) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("a.db")).unwrap();
        let stamp = Stamp {
            now: crate::rules::periods::parse_time("2026-03-01").unwrap(),
            actor: "t".into(),
            reason: None,
        };
        for i in 0..n {
            let e = Entry {
                command: Kind::Renew,
                article: None,
                domain: None,
                inputs: serde_json::json!({ "i": i }),
                outcome: serde_json::json!({}),
            };
            append(store.conn(), &stamp, "d", e).unwrap();
        }
        (dir, store)
    }

    fn checkpoint(conn: &Connection) -> Checkpoint {
        let tree = Tree::load(conn).unwrap();
        checkpoints::keep_leaves(conn, &tree.hashes).unwrap();
        Checkpoint {
            origin: "t".into(),
            size: tree.size(),
            root: tree.root(),
        }
    }

    #[test]
    fn a_grown_journal_is_consistent_and_a_rewritten_one_names_its_entry() {
        let (_dir, store) = journal(6);
        let conn = store.conn();
        let cp = checkpoint(conn);
        // Grown: consistent.
        let stamp = Stamp {
            now: crate::rules::periods::parse_time("2026-03-02").unwrap(),
            actor: "t".into(),
            reason: None,
        };
        for i in 0..3 {
            let e = Entry {
                command: Kind::Renew,
                article: None,
                domain: None,
                inputs: serde_json::json!({ "later": i }),
                outcome: serde_json::json!({}),
            };
            append(conn, &stamp, "d", e).unwrap();
        }
        let tree = Tree::load(conn).unwrap();
        assert!(matches!(
            stand(conn, &tree, &cp).unwrap(),
            Standing::Consistent { .. }
        ));
        // A different hash at entry 4 (a rewrite from there on).
        conn.execute(
            "UPDATE journal SET hash = ?1 WHERE seq = 4",
            [hex::encode([7u8; 32])],
        )
        .unwrap();
        let tree = Tree::load(conn).unwrap();
        assert_eq!(
            stand(conn, &tree, &cp).unwrap(),
            Standing::Differs { first: Some(4) }
        );
        // With the kept hashes gone too, the entry cannot be named.
        conn.execute("DELETE FROM checkpoint_leaf", []).unwrap();
        assert_eq!(
            stand(conn, &tree, &cp).unwrap(),
            Standing::Differs { first: None }
        );
        // Shorter than signed.
        conn.execute("DELETE FROM journal WHERE seq > 2", [])
            .unwrap();
        let tree = Tree::load(conn).unwrap();
        assert_eq!(
            stand(conn, &tree, &cp).unwrap(),
            Standing::Shorter { entries: 2 }
        );
    }
}
