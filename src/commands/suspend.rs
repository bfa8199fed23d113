//! `ptreg suspend NAME --case REF`: an arbitral injunction (Art. 28): the
//! name leaves the zone until the suspension is lifted.

use serde_json::json;

use super::lifecycle::run_change;
use crate::cli::CaseArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::rules::lifecycle::changes;

pub(crate) fn run(args: CaseArgs, ctx: &Ctx) -> Result<()> {
    let case = args.case_ref.trim();
    if case.is_empty() {
        return Err(Error::usage("--case: give the case reference"));
    }
    let inputs = json!({ "name": args.name, "case": case });
    run_change(
        ctx,
        crate::journal::Kind::Suspend,
        &args.name,
        inputs,
        |_, d, p| Ok(changes::suspend(d, case, ctx.now, &p.policy)?),
    )
}
