//! Tamper evidence that survives the file: signed checkpoints of the
//! journal's Merkle tree, tested the way an attacker would attack them.

use rusqlite::params;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::raw;
use crate::support::Reg;

/// A registry with some history, a key pair and a first checkpoint.
fn checkpointed() -> (Reg, String) {
    let reg = Reg::with_fixtures();
    for (day, name) in [("2026-03-02", "alfa.pt"), ("2026-03-03", "bravo.pt")] {
        reg.at(day, &["register", name, "--registrant", "ana-silva"])
            .assert()
            .success();
    }
    reg.ok(&[
        "audit",
        "keygen",
        "--out",
        "journal.key",
        "--name",
        "dns.pt/journal",
    ]);
    let cp = reg.ok(&["audit", "checkpoint", "--key", "journal.key"]);
    std::fs::write(reg.path("cp1.txt"), &cp).unwrap();
    (reg, cp)
}

fn verify_against(reg: &Reg) -> (Option<i32>, Value) {
    let out = reg
        .cmd(&[
            "--json",
            "audit",
            "verify",
            "--checkpoint",
            "cp1.txt",
            "--pubkey",
            "journal.key.pub",
        ])
        .output()
        .unwrap();
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

/// What `ptreg` hashes for an entry: the fields, texts as their digests.
fn leaf_hash(conn: &rusqlite::Connection, seq: i64) -> [u8; 32] {
    let row = conn
        .query_row(
            "SELECT seq, time, actor, command, article, domain, reason, inputs, outcome,
                policy_digest, lists_version FROM journal WHERE seq = ?1",
            [seq],
            |r| {
                let text = |i| r.get::<_, String>(i);
                let digest = |t: String| hex::encode(Sha256::digest(t.as_bytes()));
                Ok(serde_json::json!([
                    r.get::<_, i64>(0)?,
                    text(1)?,
                    text(2)?,
                    text(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    digest(text(7)?),
                    digest(text(8)?),
                    text(9)?,
                    r.get::<_, i64>(10)?,
                ]))
            },
        )
        .unwrap();
    Sha256::digest(row.to_string().as_bytes()).into()
}

/// The attacker: changes `sql`, then recomputes every hash from `from` on
/// (and the head kept beside the chain), so the chain verifies again.
fn rewrite(reg: &Reg, sql: &str, from: i64) {
    let conn = raw(reg);
    conn.execute_batch(sql).unwrap();
    let last: i64 = conn
        .query_row("SELECT max(seq) FROM journal", [], |r| r.get(0))
        .unwrap();
    let mut prev: String = conn
        .query_row("SELECT hash FROM journal WHERE seq = ?1", [from - 1], |r| {
            r.get(0)
        })
        .unwrap();
    for seq in from..=last {
        let mut h = Sha256::new();
        h.update(hex::decode(&prev).unwrap());
        h.update(leaf_hash(&conn, seq));
        let hash = hex::encode(h.finalize());
        conn.execute(
            "UPDATE journal SET prev_hash = ?2, hash = ?3 WHERE seq = ?1",
            params![seq, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'journal_head'",
        [format!("{last} {prev}")],
    )
    .unwrap();
}

#[test]
fn a_checkpoint_is_a_signed_c2sp_note_and_keys_are_private() {
    let (reg, cp) = checkpointed();
    let lines: Vec<&str> = cp.split('\n').collect();
    assert_eq!(lines[0], "dns.pt/journal");
    let size: u64 = lines[1].parse().unwrap();
    let head = reg.json(&["audit", "verify"]);
    assert_eq!(head["size"], size);
    assert_eq!(head["root"], lines[2]);
    assert_eq!(lines[3], "");
    assert!(lines[4].starts_with("\u{2014} dns.pt/journal "), "{cp}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(reg.path("journal.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // keygen never overwrites a key.
    reg.fails(5, &["audit", "keygen", "--out", "journal.key"]);
}

#[test]
fn an_honest_journal_that_grew_passes() {
    let (reg, _) = checkpointed();
    reg.at(
        "2026-03-05",
        &["register", "charlie.pt", "--registrant", "ana-silva"],
    )
    .assert()
    .success();
    // Erasure rewrites texts, not the hashes the tree covers.
    reg.ok(&[
        "contact",
        "add",
        "zeca",
        "--name",
        "Zeca",
        "--email",
        "z@example.pt",
        "--phone",
        "+351.912345678",
        "--address",
        "Rua 1",
        "--country",
        "PT",
    ]);
    reg.ok(&["contact", "erase", "zeca"]);
    let (code, v) = verify_against(&reg);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["ok"], true);
    assert_eq!(v["checkpoint"]["standing"], "consistent");
    assert!(!v["checkpoint"]["proof"].as_array().unwrap().is_empty());
    // The registry signs the grown tree: it is consistent with the first.
    reg.ok(&["audit", "checkpoint", "--key", "journal.key"]);
}

#[test]
fn a_whole_journal_rewritten_with_fresh_hashes_is_caught_and_named() {
    let (reg, _) = checkpointed();
    reg.at(
        "2026-03-05",
        &["register", "charlie.pt", "--registrant", "ana-silva"],
    )
    .assert()
    .success();
    // Entry 3 (a contact import) gets another actor; every later hash is
    // recomputed, so the chain alone no longer sees it.
    rewrite(
        &reg,
        "UPDATE journal SET actor = 'mallory' WHERE seq = 3",
        3,
    );
    let plain = reg.json(&["audit", "verify"]);
    assert_eq!(plain["ok"], true, "the rewrite fooled the chain: {plain}");
    let (code, v) = verify_against(&reg);
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["ok"], false);
    assert_eq!(v["first_bad"], 3, "{v}");
    assert_eq!(v["checkpoint"]["standing"], "differs");
    let text = reg.fails(
        1,
        &[
            "audit",
            "verify",
            "--checkpoint",
            "cp1.txt",
            "--pubkey",
            "journal.key.pub",
        ],
    );
    assert!(text.contains("entry 3 differs"), "{text}");
    // And the registry will not sign the rewritten history.
    let refused = reg.fails(1, &["audit", "checkpoint", "--key", "journal.key"]);
    assert!(
        refused.contains("inconsistent with checkpoint 1"),
        "{refused}"
    );
    assert!(refused.contains("entry 3 differs"), "{refused}");
}

#[test]
fn a_rewrite_that_also_erased_the_signed_hashes_still_fails() {
    let (reg, _) = checkpointed();
    rewrite(
        &reg,
        "UPDATE journal SET reason = 'forged' WHERE seq = 2;
         DELETE FROM checkpoint_leaf; DELETE FROM checkpoint;",
        2,
    );
    let (code, v) = verify_against(&reg);
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["checkpoint"]["standing"], "differs");
    // Which entry cannot be told any more, but the rewrite is caught.
    assert!(v.get("first_bad").is_none(), "{v}");
    // A shorter journal than signed is caught too.
    let (reg, _) = checkpointed();
    let conn = raw(&reg);
    let size: i64 = conn
        .query_row("SELECT max(seq) FROM journal", [], |r| r.get(0))
        .unwrap();
    conn.execute("DELETE FROM journal WHERE seq = ?1", [size])
        .unwrap();
    conn.execute(
        "UPDATE meta SET value = (SELECT seq || ' ' || hash FROM journal ORDER BY seq DESC LIMIT 1)
         WHERE key = 'journal_head'",
        [],
    )
    .unwrap();
    let (code, v) = verify_against(&reg);
    assert_eq!(
        (code, v["checkpoint"]["standing"].clone()),
        (Some(1), "shorter".into())
    );
    assert_eq!(v["first_bad"], size, "{v}");
}

#[test]
fn a_checkpoint_from_another_key_or_edited_is_refused() {
    let (reg, cp) = checkpointed();
    reg.ok(&[
        "audit",
        "keygen",
        "--out",
        "other.key",
        "--name",
        "dns.pt/journal",
    ]);
    let out = reg.fails(
        1,
        &[
            "audit",
            "verify",
            "--checkpoint",
            "cp1.txt",
            "--pubkey",
            "other.key.pub",
        ],
    );
    assert!(out.contains("no signature by dns.pt/journal"), "{out}");
    let lines: Vec<&str> = cp.split('\n').collect();
    let edited = cp.replacen(&format!("\n{}\n", lines[1]), "\n1\n", 1);
    std::fs::write(reg.path("cp1.txt"), edited).unwrap();
    reg.fails(
        1,
        &[
            "audit",
            "verify",
            "--checkpoint",
            "cp1.txt",
            "--pubkey",
            "journal.key.pub",
        ],
    );
}

#[test]
fn an_inclusion_proof_is_checked_without_the_registry() {
    let (reg, _) = checkpointed();
    let proof = reg.ok(&["audit", "prove", "4"]);
    assert!(
        proof.starts_with("c2sp.org/tlog-proof@v1\nextra "),
        "{proof}"
    );
    std::fs::write(reg.path("e4.tlog-proof"), &proof).unwrap();
    // Checked with the registry file gone.
    std::fs::remove_file(&reg.db).unwrap();
    let ok = reg.ok(&[
        "audit",
        "check-proof",
        "e4.tlog-proof",
        "--pubkey",
        "journal.key.pub",
    ]);
    assert!(ok.starts_with("ok: entry 4 "), "{ok}");
    // Another entry's hash at index 4 is not proved.
    let forged = reg.fails(
        1,
        &[
            "audit",
            "check-proof",
            "e4.tlog-proof",
            "--pubkey",
            "journal.key.pub",
            "--hash",
            &"00".repeat(32),
        ],
    );
    assert!(forged.contains("does not verify"), "{forged}");
}

#[test]
fn prove_needs_a_checkpoint_that_covers_the_entry() {
    let reg = Reg::with_fixtures();
    let err = reg.fails(4, &["audit", "prove", "2"]);
    assert!(err.contains("no checkpoint covers entry 2"), "{err}");
    reg.ok(&["audit", "keygen", "--out", "k"]);
    reg.ok(&["audit", "checkpoint", "--key", "k"]);
    reg.fails(4, &["audit", "prove", "99"]);
    let proof: Value = reg.json(&["audit", "prove", "2"]);
    assert_eq!(proof["seq"], 2);
    assert_eq!(proof["index"], 1);
}
