//! `ptreg policy show|set`: the rules' parameters in force.

use std::path::Path;

use serde_json::json;

use crate::cli::PolicyCommand;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::render;
use crate::rules::periods::fmt_time;
use crate::rules::policy::{Policy, digest};
use crate::store;

pub(crate) fn run(cmd: PolicyCommand, ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    match cmd {
        PolicyCommand::Show => {
            let tx = store.read()?;
            let p = store::policy::in_force(&tx, ctx.now)?;
            let value = json!({
                "version": p.version,
                "effective": p.effective,
                "digest": p.digest,
                "policy": p.policy,
            });
            render::emit(ctx, &value, |_| p.toml.clone())
        }
        PolicyCommand::Set { file } => {
            let text = read_policy_file(&file)?;
            let tx = store.write()?;
            let version = store::policy::insert(&tx, &text, ctx.now)?;
            let d = digest(&text);
            journal::append(
                &tx,
                &ctx.stamp(),
                &d,
                Entry {
                    command: journal::Kind::PolicySet,
                    article: None,
                    domain: None,
                    inputs: json!({ "file": file.display().to_string(), "digest": d }),
                    outcome: json!({ "policy_version": version, "effective": fmt_time(ctx.now) }),
                },
            )?;
            store::finish(tx, ctx.dry_run)?;
            let value = json!({ "version": version, "effective": fmt_time(ctx.now), "digest": d });
            render::emit(ctx, &value, |_| {
                format!(
                    "{}policy version {version} in force from {} (digest {})",
                    if ctx.dry_run { "dry run: " } else { "" },
                    fmt_time(ctx.now),
                    &d[..12]
                )
            })
        }
    }
}

/// Reads and validates a policy file: malformed TOML or an unknown key is
/// usage (exit 2), naming the line and key.
pub(crate) fn read_policy_file(path: &Path) -> Result<String> {
    let bytes = super::read_input(path, super::POLICY_LIMIT)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::usage(format!("policy file {}: not UTF-8 text", path.display())).with_cause(e)
    })?;
    Policy::parse(&text)
        .map_err(|e| Error::usage(format!("policy file {}: {e}", path.display())))?;
    Ok(text)
}
