//! `ptreg cure NAME`: the grounds of a pending registry removal under
//! Art. 22.1 b) or c) were cured within the 8 days (Art. 22.2).

use serde_json::json;

use super::lifecycle::run_change;
use crate::cli::NameArg;
use crate::context::Ctx;
use crate::error::Result;
use crate::rules::lifecycle::removal;

pub(crate) fn run(args: NameArg, ctx: &Ctx) -> Result<()> {
    let inputs = json!({ "name": args.name });
    run_change(
        ctx,
        crate::journal::Kind::Cure,
        &args.name,
        inputs,
        |_, d, p| Ok(removal::cure(d, ctx.now, &p.policy)?),
    )
}
