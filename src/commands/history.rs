//! `ptreg history NAME`: every journal entry about a name, across its
//! registrations (a removed and re-registered name keeps one history).

use serde::Serialize;
use serde_json::Value;

use crate::cli::HistoryArgs;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal;
use crate::render;
use crate::rules::names;

/// One entry as shown: `inputs` and `outcome` as JSON values, not text.
#[derive(Serialize)]
struct Shown {
    seq: i64,
    time: String,
    actor: String,
    command: journal::Kind,
    article: Option<String>,
    domain: Option<String>,
    reason: Option<String>,
    inputs: Value,
    outcome: Value,
    policy_digest: String,
    lists_version: i64,
    hash: String,
}

/// The TSV/CSV columns (the JSON field names; inputs and outcome as JSON).
const HEADER: &[&str] = &[
    "seq",
    "time",
    "actor",
    "command",
    "article",
    "domain",
    "reason",
    "inputs",
    "outcome",
    "policy_digest",
    "lists_version",
    "hash",
];

pub(crate) fn run(args: HistoryArgs, ctx: &Ctx) -> Result<()> {
    let format = ctx.list_format(&args.format)?;
    let name = names::parse(&args.name)?;
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let entries = journal::for_domain(&tx, &name.ascii)?;
    if entries.is_empty() {
        return Err(Error::not_found(format!(
            "{} has no history: it was never registered",
            name.ascii
        )));
    }
    // One name's history is short: it is read whole, then written.
    let mut listing = render::list::Listing::new(format, HEADER, |e: &Shown| {
        use render::list::opt;
        vec![
            e.seq.to_string(),
            e.time.clone(),
            e.actor.clone(),
            e.command.to_string(),
            opt(&e.article),
            opt(&e.domain),
            opt(&e.reason),
            e.inputs.to_string(),
            e.outcome.to_string(),
            e.policy_digest.clone(),
            e.lists_version.to_string(),
            e.hash.clone(),
        ]
    })?;
    for e in entries {
        listing.push(Shown {
            inputs: serde_json::from_str(&e.inputs)?,
            outcome: serde_json::from_str(&e.outcome)?,
            command: e.kind()?,
            seq: e.seq,
            time: e.time,
            actor: e.actor,
            article: e.article,
            domain: e.domain,
            reason: e.reason,
            policy_digest: e.policy_digest,
            lists_version: e.lists_version,
            hash: e.hash,
        })?;
    }
    listing.finish(|list| {
        render::table(
            &["seq", "time", "actor", "command", "article", "reason"],
            list.iter().map(|e| {
                vec![
                    e.seq.to_string(),
                    e.time.clone(),
                    e.actor.clone(),
                    e.command.to_string(),
                    e.article.clone().unwrap_or_default(),
                    e.reason.clone().unwrap_or_default(),
                ]
            }),
        )
    })?;
    Ok(())
}
