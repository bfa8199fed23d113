//! `ptreg unlock NAME [--case REF]`: lifts the litigation lock (only that
//! case's, when `--case` is given). What expiry held back meanwhile
//! (Art. 17.4) applies at once.

use serde_json::json;

use super::lifecycle::run_change;
use crate::cli::UnlockArgs;
use crate::context::Ctx;
use crate::error::Result;
use crate::rules::lifecycle::changes;

pub(crate) fn run(args: UnlockArgs, ctx: &Ctx) -> Result<()> {
    let inputs = json!({ "name": args.name, "case": args.case_ref });
    run_change(
        ctx,
        crate::journal::Kind::Unlock,
        &args.name,
        inputs,
        |_, d, p| {
            Ok(changes::unlock(
                d,
                args.case_ref.as_deref().map(str::trim),
                ctx.now,
                &p.policy,
            )?)
        },
    )
}
