//! The glue every lifecycle command shares: find the name, take the policy
//! in force, have `ops::lifecycle` store the [`Outcome`] (domain, notices,
//! charge, journal entry) in the command's one transaction, and print the
//! domain after the change.

use rusqlite::Connection;
use serde_json::Value;

use crate::context::Ctx;
use crate::error::Result;
use crate::journal;
use crate::model::Domain;
use crate::ops;
pub(crate) use crate::ops::lifecycle::write_notices;
use crate::ops::names::lookup_name;
use crate::render;
use crate::rules::lifecycle::Outcome;
use crate::store;
use crate::store::policy::StoredPolicy;

/// The live registration of `input` and the policy in force at `ctx.now`.
pub(crate) fn load(conn: &Connection, ctx: &Ctx, input: &str) -> Result<(Domain, StoredPolicy)> {
    let name = lookup_name(input)?;
    let domain = store::domains::get_live(conn, &name)?;
    let policy = store::policy::in_force(conn, ctx.now)?;
    Ok((domain, policy))
}

/// Prints the domain after the change (JSON with `--json`); under
/// `--dry-run` says on stderr that nothing was kept.
pub(crate) fn emit_domain(ctx: &Ctx, d: &Domain) -> Result<()> {
    if ctx.dry_run {
        ctx.status("dry run: this is what would change; nothing was changed");
    }
    render::emit(ctx, d, render::domain)
}

/// The common shape of a command that loads one name, asks the rules for an
/// outcome, and stores it: one transaction, committed unless `--dry-run`.
pub(crate) fn run_change(
    ctx: &Ctx,
    command: journal::Kind,
    name: &str,
    inputs: Value,
    decide: impl FnOnce(&Connection, &Domain, &StoredPolicy) -> Result<Outcome>,
) -> Result<()> {
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    let name = lookup_name(name)?;
    let outcome = ops::lifecycle::change(&tx, &ctx.stamp(), &name, command, inputs, decide)?;
    store::finish(tx, ctx.dry_run)?;
    for w in &outcome.warnings {
        eprintln!("warning: {w}");
    }
    emit_domain(ctx, &outcome.domain)
}
