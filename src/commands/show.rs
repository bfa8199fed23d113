//! `ptreg show NAME`: a name's latest registration, removed ones included
//! (SPEC §6, §13 domain JSON).

use crate::cli::ShowArgs;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::render;
use crate::rules::names;
use crate::store;

pub(crate) fn run(args: ShowArgs, ctx: &Ctx) -> Result<()> {
    if args.as_of.is_some() {
        return Err(Error::usage("--as-of is not available yet"));
    }
    let name = names::parse(&args.name)?;
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let domain = store::domains::find_latest(&tx, &name.ascii)?
        .ok_or_else(|| Error::not_found(format!("{} has never been registered", name.ascii)))?;
    render::emit(ctx, &domain, render::domain)
}
