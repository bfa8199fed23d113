//! `ptreg history NAME`: every journal entry about a name, across its
//! registrations (a removed and re-registered name keeps one history).

use serde::Serialize;
use serde_json::Value;

use crate::cli::NameArg;
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

pub(crate) fn run(args: NameArg, ctx: &Ctx) -> Result<()> {
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
    let shown = entries
        .into_iter()
        .map(|e| {
            Ok(Shown {
                command: e.kind()?,
                inputs: serde_json::from_str(&e.inputs)?,
                outcome: serde_json::from_str(&e.outcome)?,
                seq: e.seq,
                time: e.time,
                actor: e.actor,
                article: e.article,
                domain: e.domain,
                reason: e.reason,
                policy_digest: e.policy_digest,
                lists_version: e.lists_version,
                hash: e.hash,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    render::emit(ctx, &shown, |list| {
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
    })
}
