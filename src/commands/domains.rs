//! `ptreg domains [--state S] [--registrant C] [--manager R]
//! [--expiring-before T] [--as-of T]`: the domains matching every filter
//! given, by name; with `--as-of`, as the registry stood then.

use crate::cli::{DomainsArgs, StateArg};
use crate::commands::open;
use crate::context::Ctx;
use crate::error::Result;
use crate::model::State;
use crate::render;
use crate::rules::lifecycle::expiry;
use crate::store::{self, domains::Filter};

pub(crate) fn run(args: DomainsArgs, ctx: &Ctx) -> Result<()> {
    let filter = Filter {
        state: args.state.map(|s| match s {
            StateArg::Reserved => State::Reserved,
            StateArg::Registered => State::Registered,
            StateArg::Grace => State::Grace,
            StateArg::Suspended => State::Suspended,
            StateArg::Removed => State::Removed,
        }),
        registrant: args.registrant,
        manager: args.manager,
        expiring_before: args
            .expiring_before
            .as_deref()
            .map(|t| Ctx::parse_time_opt("--expiring-before", t))
            .transpose()?,
    };
    let as_of = args
        .as_of
        .as_deref()
        .map(|t| Ctx::parse_time_opt("--as-of", t))
        .transpose()?;
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let at = as_of.unwrap_or(ctx.now);
    let policy = store::policy::in_force(&tx, at)?.policy;
    let list = match as_of {
        // As the registry stood then, each name in the state the rules
        // gave it then.
        Some(at) => store::history::migrated::domains_as_of(&tx, at)?
            .into_iter()
            .map(|d| expiry::at(&d, at, &policy))
            .filter(|d| filter.matches(d))
            .collect(),
        None => store::domains::list(&tx, &filter, ctx.now, &policy)?,
    };
    if list.is_empty() {
        ctx.status("no domains match");
        return render::emit(ctx, &list, |_| String::new());
    }
    render::emit(ctx, &list, |l| render::domain_table(l))
}
