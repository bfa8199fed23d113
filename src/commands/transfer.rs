//! `ptreg transfer NAME --registrant C [--evidence TEXT]` (ownership,
//! Art. 14) and `ptreg transfer NAME --manager R --code CODE` (management
//! with the one-time code, Art. 15.1).

use serde_json::json;

use super::lifecycle::run_change;
use crate::cli::TransferArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::rules::lifecycle::changes::{self, NewManager};
use crate::store::{self, contacts};

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
        |conn, d, p| {
            let new = contacts::get_party(conn, registrant)?;
            let out = changes::transfer_ownership(d, &new.id, ctx.now, &p.policy)?;
            // The code was issued to the previous holder: it dies with the ownership.
            store::lifecycle::set_transfer_code(conn, d.id, None)?;
            Ok(out)
        },
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
        |conn, d, p| {
            let to = if manager == d.registrant {
                NewManager::Registrant
            } else {
                let r = contacts::get_registrar(conn, manager)?;
                NewManager::Registrar {
                    id: r.id,
                    withdrawn: r.withdrawn.is_some(),
                }
            };
            let stored = store::lifecycle::transfer_code(conn, d.id)?;
            let stored = stored.as_ref().map(|(h, s)| (h.as_str(), s.as_str()));
            let out = changes::transfer_management(d, &to, code, stored, ctx.now, &p.policy)?;
            // One-time: a used code is gone.
            store::lifecycle::set_transfer_code(conn, d.id, None)?;
            Ok(out)
        },
    )
}
