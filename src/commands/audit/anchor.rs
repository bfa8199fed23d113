//! `ptreg audit verify | keygen | checkpoint | prove | check-proof`: the
//! journal's integrity, and the tamper evidence that lives outside the file
//! (signed checkpoints of its Merkle tree, inclusion proofs of one entry).
//!
//! A checkpoint is signed only over an intact chain and only when every
//! checkpoint the registry signed before is a prefix of the tree now, so
//! the registry never signs two inconsistent views of its history.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;

use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::anchor::{Standing, Tree, stand};
use crate::journal::merkle::{self, Hash};
use crate::journal::note::{Checkpoint, NoteSigner, NoteVerifier, Proof};
use crate::journal::{self, Verdict};
use crate::render;
use crate::store::{self, checkpoints};

fn b64(h: &Hash) -> String {
    STANDARD.encode(h)
}

fn read(path: &Path, what: &str) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::not_found(format!("cannot read the {what} {}", path.display())).with_cause(e)
    })
}

fn verifier(path: &Path) -> Result<NoteVerifier> {
    NoteVerifier::decode(&read(path, "verifier key")?)
        .map_err(|e| Error::usage(format!("{}: {e}", path.display())))
}

/// Opens a signed checkpoint file with a key: its tree head.
fn signed(path: &Path, key: &NoteVerifier) -> Result<(Checkpoint, String)> {
    let note = read(path, "checkpoint")?;
    let text = key.open(&note).map_err(|e| {
        Error::internal(format!("{}: {e}", path.display()))
            .with_hint("check that --pubkey is the key the checkpoint was signed with")
    })?;
    let cp =
        Checkpoint::parse(text).map_err(|e| Error::usage(format!("{}: {e}", path.display())))?;
    Ok((cp, note))
}

/// `audit verify --json` (the `ok`, `entries`, `first_bad` keys are stable).
#[derive(Serialize)]
struct Verification {
    ok: bool,
    /// The chain's entries, when it is intact.
    #[serde(skip_serializing_if = "Option::is_none")]
    entries: Option<i64>,
    /// The first broken or differing entry, when one can be named.
    #[serde(skip_serializing_if = "Option::is_none")]
    first_bad: Option<i64>,
    /// The tree head now: size and base64 root.
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    root: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkpoint: Option<Against>,
}

/// The journal against a checkpoint.
#[derive(Serialize)]
struct Against {
    origin: String,
    size: u64,
    root: String,
    /// `consistent`, `shorter` or `differs`.
    standing: &'static str,
    /// The consistency proof from the checkpoint's size to now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    proof: Vec<String>,
}

pub(super) fn verify(against: Option<(&Path, &Path)>, ctx: &Ctx) -> Result<()> {
    let signed_cp = against
        .map(|(cp, key)| signed(cp, &verifier(key)?))
        .transpose()?;
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let mut v = Verification {
        ok: true,
        entries: None,
        first_bad: None,
        size: None,
        root: None,
        checkpoint: None,
    };
    match journal::verify(&tx)? {
        Verdict::Ok { entries } => v.entries = Some(entries),
        Verdict::Broken { first_bad } => {
            v.ok = false;
            v.first_bad = Some(first_bad);
        }
    }
    // The head of a broken chain means nothing unless a checkpoint asks.
    let tree = (v.ok || signed_cp.is_some())
        .then(|| Tree::load(&tx).ok())
        .flatten();
    if let Some(tree) = tree.as_ref().filter(|_| v.ok) {
        v.size = Some(tree.size());
        v.root = Some(b64(&tree.root()));
    }
    let mut why = Vec::new();
    if let Some((cp, _)) = &signed_cp {
        let standing = match &tree {
            Some(tree) => stand(&tx, tree, cp)?,
            None => Standing::Differs { first: None },
        };
        let (name, proof) = match standing {
            Standing::Consistent { proof } => ("consistent", proof),
            Standing::Shorter { entries } => {
                v.ok = false;
                v.first_bad = v.first_bad.or(Some(entries as i64 + 1));
                why.push(format!(
                    "the journal has {entries} entries, fewer than the {} the checkpoint signed",
                    cp.size
                ));
                ("shorter", Vec::new())
            }
            Standing::Differs { first } => {
                v.ok = false;
                why.push(match first {
                    Some(seq) => format!(
                        "the journal no longer holds the tree the checkpoint signed: \
                         entry {seq} differs"
                    ),
                    None => "the journal no longer holds the tree the checkpoint signed \
                             (this file no longer holds the signed hashes either, so the \
                             entry cannot be named)"
                        .to_string(),
                });
                // The rewritten entry, or the chain's own first break.
                v.first_bad = first.or(v.first_bad);
                ("differs", Vec::new())
            }
        };
        v.checkpoint = Some(Against {
            origin: cp.origin.clone(),
            size: cp.size,
            root: b64(&cp.root),
            standing: name,
            proof: proof.iter().map(b64).collect(),
        });
    }
    render::emit(ctx, &v, |v| {
        let mut text = match (v.entries, v.first_bad) {
            (Some(n), _) => format!("journal ok: {n} entries, hash chain intact"),
            (None, Some(seq)) => format!(
                "journal BROKEN: entry {seq} was changed, removed or reordered \
                 (entries before it are intact)"
            ),
            (None, None) => "journal BROKEN".to_string(),
        };
        if let (Some(size), Some(root)) = (v.size, &v.root) {
            text.push_str(&format!("\nhead: size {size}, root {root}"));
        }
        if let Some(c) = &v.checkpoint {
            text.push_str(&format!(
                "\ncheckpoint {} at size {}, root {}: ",
                c.origin, c.size, c.root
            ));
            if c.standing == "consistent" {
                text.push_str(&format!(
                    "consistent (the journal still holds it; proof of {} hashes)",
                    c.proof.len()
                ));
            } else {
                text.push_str("NOT consistent: ");
                text.push_str(&why.join("; "));
            }
        }
        text
    })?;
    if v.ok {
        return Ok(());
    }
    Err(Error::internal(
        match (v.checkpoint.is_some(), v.first_bad) {
            (true, Some(seq)) => {
                format!("the journal does not match the checkpoint: entry {seq} differs")
            }
            (true, None) => "the journal does not match the checkpoint".to_string(),
            (false, Some(seq)) => format!("the journal's hash chain is broken at entry {seq}"),
            (false, None) => "the journal's hash chain is broken".to_string(),
        },
    ))
}

pub(super) fn keygen(out: &Path, name: &str, ctx: &Ctx) -> Result<()> {
    let mut seed = [0u8; 32];
    rand::fill(&mut seed);
    let signer = NoteSigner::new(name, seed).map_err(|e| Error::usage(format!("--name: {e}")))?;
    let public = signer.verifier().encode();
    let pub_path = {
        let mut p = out.as_os_str().to_owned();
        p.push(".pub");
        std::path::PathBuf::from(p)
    };
    for p in [out, pub_path.as_path()] {
        if p.exists() {
            return Err(Error::conflict(format!(
                "{} already exists; keygen never overwrites a key",
                p.display()
            )));
        }
    }
    store::create_private_file(out)?;
    std::fs::write(out, format!("{}\n", signer.encode()))
        .map_err(|e| Error::internal(format!("cannot write {}", out.display())).with_cause(e))?;
    std::fs::write(&pub_path, format!("{public}\n")).map_err(|e| {
        Error::internal(format!("cannot write {}", pub_path.display())).with_cause(e)
    })?;
    ctx.status(format!(
        "private key written to {} (mode 0600), verifier key to {}",
        out.display(),
        pub_path.display()
    ));
    let shown = serde_json::json!({
        "name": name,
        "private_key": out.display().to_string(),
        "verifier_key": public,
        "verifier_key_file": pub_path.display().to_string(),
    });
    render::emit(ctx, &shown, |_| public.clone())
}

pub(super) fn checkpoint(key: &Path, ctx: &Ctx) -> Result<()> {
    let signer = NoteSigner::decode(&read(key, "private key")?)
        .map_err(|e| Error::usage(format!("{}: {e}", key.display())))?;
    let verifier = signer.verifier();
    let mut store = open(ctx)?;
    let tx = store.write()?;
    if let Verdict::Broken { first_bad } = journal::verify(&tx)? {
        return Err(Error::internal(format!(
            "the journal's hash chain is broken at entry {first_bad}: no checkpoint is signed \
             over a broken chain"
        )));
    }
    let tree = Tree::load(&tx)?;
    let kept_all = checkpoints::all(&tx)?;
    // Every kept head at once, in one pass over the leaves.
    let sizes: Vec<usize> = kept_all.iter().map(|k| k.size.max(0) as usize).collect();
    let heads = merkle::prefix_roots(&tree.leaves, &sizes);
    for (kept, head) in kept_all.into_iter().zip(heads) {
        if head.is_some_and(|h| hex::encode(h) == kept.root) {
            continue;
        }
        let mut root = [0u8; 32];
        hex::decode_to_slice(&kept.root, &mut root).map_err(|e| {
            Error::internal(format!("kept checkpoint {} has a bad root", kept.id)).with_cause(e)
        })?;
        let earlier = Checkpoint {
            origin: kept.origin.clone(),
            size: kept.size.max(0) as u64,
            root,
        };
        let problem = match stand(&tx, &tree, &earlier)? {
            Standing::Consistent { .. } => continue,
            Standing::Shorter { entries } => {
                format!("the journal has {entries} entries, fewer than it signed")
            }
            Standing::Differs { first: Some(seq) } => format!("entry {seq} differs"),
            Standing::Differs { first: None } => "its tree is no longer in the journal".into(),
        };
        return Err(Error::internal(format!(
            "refusing to sign: the journal is inconsistent with checkpoint {} (size {}, signed \
             {}): {problem}",
            kept.id, kept.size, kept.time
        ))
        .with_hint("a registry never signs two inconsistent views of its history"));
    }
    let cp = Checkpoint {
        origin: signer.name.clone(),
        size: tree.size(),
        root: tree.root(),
    };
    let note = signer.sign(&cp.text());
    checkpoints::keep(
        &tx,
        ctx.now,
        &cp.origin,
        cp.size as i64,
        &hex::encode(cp.root),
        &verifier.encode(),
        &note,
    )?;
    checkpoints::keep_leaves(&tx, &tree.hashes)?;
    store::finish(tx, ctx.dry_run)?;
    ctx.status(format!(
        "{}checkpoint of {} entries signed by {} (kept in the registry)",
        if ctx.dry_run { "dry run: " } else { "" },
        cp.size,
        cp.origin
    ));
    let shown = serde_json::json!({
        "origin": cp.origin,
        "size": cp.size,
        "root": b64(&cp.root),
        "checkpoint": note,
    });
    if ctx.json {
        render::emit(ctx, &shown, |_| String::new())
    } else {
        // The note as is: its bytes are what the signature covers.
        render::out(&note)
    }
}

/// `audit prove --json`.
#[derive(Serialize)]
struct Proved {
    seq: i64,
    index: u64,
    size: u64,
    root: String,
    entry_hash: String,
    proof: Vec<String>,
    checkpoint: String,
}

pub(super) fn prove(seq: i64, against: Option<&Path>, ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let tree = Tree::load(&tx)?;
    if seq < 1 || seq as u64 > tree.size() {
        return Err(Error::not_found(format!(
            "the journal has no entry {seq} (it has {})",
            tree.size()
        )));
    }
    // The checkpoint: the one given, else the latest kept one covering seq.
    let (size, note) = match against {
        Some(path) => {
            let note = read(path, "checkpoint")?;
            let size = note
                .split('\n')
                .nth(1)
                .and_then(|s| s.parse::<u64>().ok())
                .ok_or_else(|| Error::usage(format!("{}: not a checkpoint", path.display())))?;
            (size, note)
        }
        None => {
            let kept = checkpoints::all(&tx)?
                .into_iter()
                .rev()
                .find(|k| k.size >= seq)
                .ok_or_else(|| {
                    Error::not_found(format!("no checkpoint covers entry {seq} yet"))
                        .with_hint("sign one with `ptreg audit checkpoint --key FILE`")
                })?;
            (kept.size as u64, kept.note)
        }
    };
    if (seq as u64) > size || size > tree.size() {
        return Err(Error::usage(format!(
            "the checkpoint covers {size} entries; entry {seq} is not in it, or the journal \
             is shorter"
        )));
    }
    let leaves = &tree.leaves[..size as usize];
    let index = seq as u64 - 1;
    let path = merkle::inclusion_proof(index as usize, leaves).unwrap_or_default();
    let root = merkle::root(leaves);
    let hash = tree.hashes[index as usize];
    if !note.contains(&format!("\n{}\n{}\n", size, b64(&root))) {
        return Err(Error::internal(format!(
            "the journal's first {size} entries do not have the checkpoint's root: the journal \
             changed since it was signed"
        ))
        .with_hint("run `ptreg audit verify --checkpoint FILE --pubkey FILE`"));
    }
    let proof = Proof {
        extra: Some(hash.to_vec()),
        index,
        hashes: path,
        checkpoint: note.clone(),
    };
    let shown = Proved {
        seq,
        index,
        size,
        root: b64(&root),
        entry_hash: hex::encode(hash),
        proof: proof.hashes.iter().map(b64).collect(),
        checkpoint: note,
    };
    if ctx.json {
        render::emit(ctx, &shown, |_| String::new())
    } else {
        render::out(&proof.encode())
    }
}

/// `audit check-proof --json`.
#[derive(Serialize)]
struct Checked {
    ok: bool,
    seq: u64,
    entry_hash: String,
    origin: String,
    size: u64,
    root: String,
}

pub(super) fn check_proof(
    path: &Path,
    pubkey: &Path,
    expected: Option<&str>,
    ctx: &Ctx,
) -> Result<()> {
    let key = verifier(pubkey)?;
    let proof = Proof::parse(&read(path, "proof")?)
        .map_err(|e| Error::usage(format!("{}: {e}", path.display())))?;
    let text = key
        .open(&proof.checkpoint)
        .map_err(|e| Error::internal(format!("{}: its checkpoint: {e}", path.display())))?;
    let cp =
        Checkpoint::parse(text).map_err(|e| Error::usage(format!("{}: {e}", path.display())))?;
    let hash: Hash = match expected {
        Some(h) => {
            let mut out = [0u8; 32];
            hex::decode_to_slice(h.trim(), &mut out)
                .map_err(|_| Error::usage(format!("--hash {h}: not 64 hex digits")))?;
            out
        }
        None => proof
            .extra
            .as_deref()
            .and_then(|e| <Hash>::try_from(e).ok())
            .ok_or_else(|| {
                Error::usage(format!(
                    "{}: the proof carries no entry hash; give it with --hash HEX",
                    path.display()
                ))
            })?,
    };
    let ok = merkle::verify_inclusion(
        proof.index,
        cp.size,
        &merkle::leaf(&hash),
        &proof.hashes,
        &cp.root,
    );
    let shown = Checked {
        ok,
        seq: proof.index + 1,
        entry_hash: hex::encode(hash),
        origin: cp.origin.clone(),
        size: cp.size,
        root: b64(&cp.root),
    };
    render::emit(ctx, &shown, |c| {
        if c.ok {
            format!(
                "ok: entry {} (hash {}) is in the tree of {} entries with root {}, signed by {}",
                c.seq, c.entry_hash, c.size, c.root, c.origin
            )
        } else {
            format!(
                "FAILED: entry {} (hash {}) is not proved in the tree of {} entries with root {}",
                c.seq, c.entry_hash, c.size, c.root
            )
        }
    })?;
    if ok {
        Ok(())
    } else {
        Err(Error::internal("the inclusion proof does not verify"))
    }
}
