//! `ptreg transfer NAME --registrant C [--evidence TEXT]` (ownership,
//! Art. 14) and `ptreg transfer NAME --manager R --code CODE` (management
//! with the one-time code, Art. 15.1).

use serde_json::json;

use super::lifecycle::run_change;
use crate::cli::TransferArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::ops;

pub(crate) fn run(args: TransferArgs, ctx: &Ctx) -> Result<()> {
    match (&args.registrant, &args.manager, &args.code) {
        (Some(registrant), None, None) => ownership(&args, registrant, ctx),
        (None, Some(manager), Some(code)) => management(&args, manager, code, ctx),
        _ => Err(Error::usage(
            "give --registrant C (ownership), or --manager R with --code CODE (management)",
        )),
    }
}

fn ownership(args: &TransferArgs, registrant: &str, ctx: &Ctx) -> Result<()> {
    let inputs = json!({
        "name": args.name,
        "registrant": registrant,
        "evidence": args.evidence,
    });
    run_change(
        ctx,
        crate::journal::Kind::Transfer,
        &args.name,
        inputs,
        |conn, d, p| ops::lifecycle::transfer_ownership(conn, d, p, registrant, ctx.now),
    )
}

fn management(args: &TransferArgs, manager: &str, code: &str, ctx: &Ctx) -> Result<()> {
    // The code is never journaled.
    let inputs = json!({ "name": args.name, "manager": manager });
    run_change(
        ctx,
        crate::journal::Kind::Transfer,
        &args.name,
        inputs,
        |conn, d, p| ops::lifecycle::transfer_management(conn, d, p, manager, code, ctx.now),
    )
}
