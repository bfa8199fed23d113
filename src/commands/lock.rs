//! `ptreg lock NAME --case REF`: a litigation notified to the registry. No
//! ownership transfer (Art. 14.4), no removal (21.3), and expiry has no
//! effect (17.4) until it is lifted.

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
        crate::journal::Kind::Lock,
        &args.name,
        inputs,
        |_, d, p| Ok(changes::lock(d, case, ctx.now, &p.policy)?),
    )
}
