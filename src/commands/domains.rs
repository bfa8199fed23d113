//! `ptreg domains [--state S] [--registrant C] [--manager R]
//! [--expiring-before T]`: the domains matching every filter given, by name.

use crate::cli::{DomainsArgs, StateArg};
use crate::commands::open;
use crate::context::Ctx;
use crate::error::Result;
use crate::model::State;
use crate::render;
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
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let policy = store::policy::in_force(&tx, ctx.now)?.policy;
    let list = store::domains::list(&tx, &filter, ctx.now, &policy)?;
    if list.is_empty() {
        ctx.status("no domains match");
        return render::emit(ctx, &list, |_| String::new());
    }
    render::emit(ctx, &list, |l| render::domain_table(l))
}
