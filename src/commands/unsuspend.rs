//! `ptreg unsuspend NAME`: lifts a suspension (Art. 28); the name rests by
//! its nameservers again, or goes to grace or removal if it expired meanwhile.

use serde_json::json;

use super::lifecycle::run_change;
use crate::cli::NameArg;
use crate::context::Ctx;
use crate::error::Result;
use crate::rules::lifecycle::changes;

pub(crate) fn run(args: NameArg, ctx: &Ctx) -> Result<()> {
    let inputs = json!({ "name": args.name });
    run_change(
        ctx,
        crate::journal::Kind::Unsuspend,
        &args.name,
        inputs,
        |_, d, p| Ok(changes::unsuspend(d, ctx.now, &p.policy)?),
    )
}
