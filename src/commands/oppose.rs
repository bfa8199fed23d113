//! `ptreg oppose NAME`: the registrant opposes a removal asked by the
//! managing entity, within its 8 days (Art. 21.2).

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
        crate::journal::Kind::Oppose,
        &args.name,
        inputs,
        |_, d, p| Ok(removal::oppose(d, ctx.now, &p.policy)?),
    )
}
