//! `ptreg domains [--state S] [--registrant C] [--manager R]
//! [--expiring-before T] [--as-of T] [--format F]`: the domains matching
//! every filter given, by name, streamed as they are read (every format but
//! the table); with `--as-of`, as the registry stood then.

use crate::cli::{DomainsArgs, StateArg};
use crate::commands::open;
use crate::context::Ctx;
use crate::error::Result;
use crate::model::{Domain, State};
use crate::render::{self, list::Listing};
use crate::rules::lifecycle::expiry;
use crate::rules::periods::fmt_time;
use crate::store::{self, domains::Filter};

/// The TSV/CSV columns: the JSON field names, nameservers and DS records
/// written as `import` reads them (`host=ip,ip host2`, `DS|DS`).
const HEADER: &[&str] = &[
    "name",
    "unicode",
    "hierarchy",
    "state",
    "created",
    "expires",
    "registrant",
    "manager",
    "tech",
    "nameservers",
    "ds",
    "arbitration",
    "litigation",
    "suspension",
    "case",
];

pub(crate) fn run(args: DomainsArgs, ctx: &Ctx) -> Result<()> {
    let format = ctx.list_format(&args.format)?;
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
    let mut listing = Listing::new(format, HEADER, cells)?;
    match as_of {
        // As the registry stood then, each name in the state the rules
        // gave it then.
        Some(at) => {
            store::history::each_domain_as_of(&tx, at, |d| {
                let d = expiry::at(&d, at, &policy);
                if filter.matches(&d) {
                    listing.push(d)?;
                }
                Ok(())
            })?;
        }
        None => store::domains::each(&tx, &filter, ctx.now, &policy, |d| listing.push(d))?,
    }
    let n = listing.finish(|list| {
        if list.is_empty() {
            String::new()
        } else {
            render::domain_table(list)
        }
    })?;
    if n == 0 {
        ctx.status("no domains match");
    }
    Ok(())
}

fn cells(d: &Domain) -> Vec<String> {
    vec![
        d.name.clone(),
        d.unicode.clone(),
        d.hierarchy.clone(),
        d.state.to_string(),
        fmt_time(d.created),
        fmt_time(d.expires),
        d.registrant.clone(),
        d.manager.clone(),
        d.tech.clone(),
        d.nameservers
            .iter()
            .map(|ns| {
                if ns.addresses.is_empty() {
                    ns.host.clone()
                } else {
                    format!("{}={}", ns.host, ns.addresses.join(","))
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        d.ds.join("|"),
        d.arbitration.to_string(),
        render::list::opt(&d.litigation),
        render::list::opt(&d.suspension),
        render::list::opt(&d.case),
    ]
}
