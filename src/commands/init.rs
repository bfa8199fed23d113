//! `ptreg init`: create the registry file with its policy and lists.

use serde_json::json;

use crate::cli::InitArgs;
use crate::commands::policy::read_policy_file;
use crate::context::Ctx;
use crate::error::Result;
use crate::journal::{self, Entry};
use crate::render;
use crate::rules::policy::{DEFAULT_TOML, digest};
use crate::store::{self, Store};

pub(crate) fn run(args: InitArgs, ctx: &Ctx) -> Result<()> {
    let text = match &args.policy {
        Some(path) => read_policy_file(path)?,
        None => DEFAULT_TOML.to_string(),
    };
    let mut store = Store::create(&ctx.db)?;
    let tx = store.write()?;
    let version = store::policy::insert(&tx, &text, ctx.now)?;
    let policy_digest = digest(&text);
    let seeded = store::lists::seed_built_in(&tx, &ctx.actor, ctx.now)?;
    let lists: serde_json::Map<String, serde_json::Value> = store::lists::counts(&tx)?
        .into_iter()
        .map(|(kind, n)| (kind.as_str().to_string(), n.into()))
        .collect();
    journal::append(
        &tx,
        &ctx.stamp(),
        &policy_digest,
        Entry {
            command: journal::Kind::Init,
            article: None,
            domain: None,
            inputs: json!({ "policy": args.policy.as_ref().map(|p| p.display().to_string()) }),
            outcome: json!({
                "policy_version": version,
                "policy_digest": policy_digest,
                "list_entries": seeded,
                "lists": lists,
            }),
        },
    )?;
    tx.commit()?;
    let result = json!({
        "db": ctx.db.display().to_string(),
        "policy_digest": policy_digest,
        "list_entries": seeded,
    });
    render::emit(ctx, &result, |_| {
        format!(
            "created {} (policy {}, {seeded} built-in list entries)",
            ctx.db.display(),
            &policy_digest[..12]
        )
    })
}
