//! `ptreg renew NAME [--years N]`: until the expiry, or in the grace period
//! back into the zone (Art. 17), charged at the price of the day (Art. 18.2).

use serde_json::json;

use super::lifecycle::run_change;
use crate::cli::RenewArgs;
use crate::context::Ctx;
use crate::error::Result;
use crate::rules::lifecycle::changes;

pub(crate) fn run(args: RenewArgs, ctx: &Ctx) -> Result<()> {
    let inputs = json!({ "name": args.name, "years": args.years });
    run_change(
        ctx,
        crate::journal::Kind::Renew,
        &args.name,
        inputs,
        |_, d, p| Ok(changes::renew(d, args.years, ctx.now, &p.policy)?),
    )
}
