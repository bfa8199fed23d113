//! `ptreg transfer-code NAME`: issues the one-time code that moves the
//! management of a name (Art. 15.1). Only a salted SHA-256 hash is stored; a
//! new code replaces the old one; the code is shown once and never journaled.

use serde::Serialize;
use serde_json::json;

use super::lifecycle::load;
use crate::cli::NameArg;
use crate::context::Ctx;
use crate::error::Result;
use crate::ops::lifecycle::record;
use crate::render;
use crate::rules::lifecycle::{Outcome, changes};
use crate::store;

/// Unambiguous letters and digits (no 0/O, 1/I/L), 4 groups of 4: about 79
/// bits, typed or read aloud without confusion.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

#[derive(Serialize)]
struct Issued {
    name: String,
    code: String,
}

pub(crate) fn run(args: NameArg, ctx: &Ctx) -> Result<()> {
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    let (domain, policy) = load(&tx, ctx, &args.name)?;
    let cur = changes::issue_code(&domain, ctx.now, &policy.policy)?;
    let code = new_code();
    let mut salt = [0u8; 16];
    rand::fill(&mut salt);
    let salt = hex::encode(salt);
    store::lifecycle::set_transfer_code(
        &tx,
        cur.id,
        Some((&changes::code_hash(&salt, &code), &salt)),
    )?;
    let outcome = Outcome::new(cur, "15.1");
    record(
        &tx,
        &ctx.stamp(),
        &policy,
        crate::journal::Kind::TransferCode,
        json!({ "name": args.name, "issued": true }),
        &outcome,
    )?;
    store::finish(tx, ctx.dry_run)?;
    if ctx.dry_run {
        ctx.status("dry run: a code would be issued; nothing was changed");
    }
    let issued = Issued {
        name: outcome.domain.name,
        code,
    };
    render::emit(ctx, &issued, |i| {
        format!(
            "transfer code for {}: {} (one use) [Art. 15.1]",
            i.name, i.code
        )
    })
}

fn new_code() -> String {
    let chars: Vec<char> = (0..16)
        .map(|_| char::from(ALPHABET[rand::random_range(0..ALPHABET.len())]))
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}
