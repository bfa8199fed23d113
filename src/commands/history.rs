//! `ptreg history NAME`: every journal entry about a name, across its
//! registrations (a removed and re-registered name keeps one history). A
//! migrated registration starts with the import entry that brought it, shown
//! with the file, the line and the record as imported (its digest, and
//! whether the row changed since).

use serde::Serialize;
use serde_json::{Value, json};

use crate::cli::HistoryArgs;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal;
use crate::render;
use crate::rules::names;
use crate::store::history::migrated;

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
    let imported = migrated::of_name(&tx, &name.ascii)?;
    if entries.is_empty() && imported.is_empty() {
        return Err(Error::not_found(format!(
            "{} has no history: it was never registered",
            name.ascii
        )));
    }
    let mut shown = entries
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
    // A migrated registration's history starts at the import that brought
    // it: that entry, with the line and the record as imported.
    for p in imported {
        let i = p.import;
        let file: migrated::ImportInputs = i.inputs()?;
        shown.push(Shown {
            command: i.kind()?,
            inputs: json!({
                "file": file.file,
                "sha256": file.sha256,
                "format": file.format,
                "line": p.row.line,
            }),
            outcome: json!({
                "record": p.record,
                "created": p.record.created,
                "digest": hex::encode(p.row.digest),
                "changed_since": p.changed,
            }),
            seq: i.seq,
            time: i.time,
            actor: i.actor,
            article: i.article,
            domain: Some(name.ascii.clone()),
            reason: i.reason,
            policy_digest: i.policy_digest,
            lists_version: i.lists_version,
            hash: i.hash,
        });
    }
    shown.sort_by_key(|e| e.seq);
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
    for e in shown {
        listing.push(e)?;
    }
    listing.finish(|list| {
        render::table(
            &["seq", "time", "actor", "command", "article", "reason"],
            list.iter().map(|e| {
                let reason = match (&e.command, e.inputs.get("line")) {
                    // What an auditor needs of an import at a glance.
                    (journal::Kind::Import, Some(line)) => format!(
                        "migrated: {} line {line}, created {}",
                        e.inputs["file"].as_str().unwrap_or("?"),
                        e.outcome["created"].as_str().unwrap_or("?")
                    ),
                    _ => e.reason.clone().unwrap_or_default(),
                };
                vec![
                    e.seq.to_string(),
                    e.time.clone(),
                    e.actor.clone(),
                    e.command.to_string(),
                    e.article.clone().unwrap_or_default(),
                    reason,
                ]
            }),
        )
    })?;
    Ok(())
}
