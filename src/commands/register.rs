//! `ptreg register NAME ...`: one name through every
//! rule ([`crate::rules::registration::decide`], via
//! [`crate::ops::registration::register`]), then stored with its charge
//! (Art. 18.2) and journaled (Art. 2.1). The command reads the flags and
//! prints the domain; `register --batch` is `register_batch.rs`, which
//! goes through the same operation.

use crate::cli::RegisterArgs;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::ops;
use crate::render;
use crate::rules::registration::{Note, Request};
use crate::store;

pub(crate) fn run(args: RegisterArgs, ctx: &Ctx) -> Result<()> {
    let (Some(name), Some(registrant)) = (args.name, args.registrant) else {
        return Err(Error::usage("register needs NAME and --registrant"));
    };
    let req = Request {
        name,
        registrant,
        manager: args.manager,
        tech: args.tech,
        nameservers: args.nameservers,
        ds: args.ds,
        years: args.years,
        arbitration: args.arbitration,
        legitimacy: args.legitimacy,
    };
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let registered = ops::registration::register(&tx, &ctx.stamp(), &policy, &req)?;
    store::finish(tx, ctx.dry_run)?;
    let domain = registered.domain;
    tell(ctx, &domain.name, &registered.notes);
    if ctx.dry_run {
        ctx.status(format!(
            "dry run: {} would be registered ({}); nothing was changed",
            domain.name, domain.state
        ));
    }
    render::emit(ctx, &domain, render::domain)
}

/// Prints the notes of a registration on stderr (unless --quiet or --json).
pub(crate) fn tell(ctx: &Ctx, name: &str, notes: &[Note]) {
    for note in notes {
        match note {
            Note::LegitimacyNotNeeded => ctx.status(format!(
                "note: {name} is admissible; --legitimacy is not needed and no case is opened"
            )),
        }
    }
}
