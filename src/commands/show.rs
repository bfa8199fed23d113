//! `ptreg show NAME`: a name's latest registration, removed ones included
//! (the domain JSON of docs/json.md); with `--as-of T`, the name as it stood at T,
//! rebuilt from the journal.

use crate::cli::ShowArgs;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::render;
use crate::rules::lifecycle::expiry;
use crate::rules::names;
use crate::rules::periods::fmt_time;
use crate::store;

/// Why a name has no record at `at`: not yet in this registry (a later
/// import brought it), or not registered then.
pub(crate) fn not_at(
    conn: &rusqlite::Connection,
    name: &str,
    at: crate::rules::periods::Time,
) -> Result<Error> {
    Ok(
        match store::history::migrated::imported_after(conn, name, at)? {
            Some(p) => Error::not_found(format!(
                "{name} was not yet in this registry at {}: it came with {}",
                fmt_time(at),
                p.arrival()
            )),
            None => Error::not_found(format!("{name} was not registered at {}", fmt_time(at))),
        },
    )
}

pub(crate) fn run(args: ShowArgs, ctx: &Ctx) -> Result<()> {
    let as_of = args
        .as_of
        .as_deref()
        .map(|t| Ctx::parse_time_opt("--as-of", t))
        .transpose()?;
    let name = names::parse(&args.name)?;
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let at = as_of.unwrap_or(ctx.now);
    let stored = match as_of {
        // As the registry stood then, rebuilt from the journal.
        Some(at) => match store::history::domain_as_of(&tx, &name.ascii, at)? {
            Some(d) => d,
            None => return Err(not_at(&tx, &name.ascii, at)?),
        },
        None => store::domains::find_latest(&tx, &name.ascii)?
            .ok_or_else(|| Error::not_found(format!("{} has never been registered", name.ascii)))?,
    };
    // The state the rules give the name at that time, whether or not the
    // sweep had recorded it.
    let policy = store::policy::in_force(&tx, at)?.policy;
    let domain = expiry::at(&stored, at, &policy);
    render::emit(ctx, &domain, render::domain)
}
