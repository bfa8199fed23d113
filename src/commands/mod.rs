//! One module per subcommand: parse its arguments, open the registry, call
//! the rules and the store, render the result.

pub(crate) mod assets;
pub(crate) mod init;
pub(crate) mod policy;

use crate::cli::Command;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::store::Store;

/// Runs one parsed command.
pub(crate) fn run(command: Command, ctx: &Ctx) -> Result<()> {
    match command {
        Command::Init(args) => init::run(args, ctx),
        Command::Policy(cmd) => policy::run(cmd, ctx),
        Command::GenerateAssets(args) => assets::run(args),
        other => Err(Error::internal(format!(
            "{} is not built yet",
            command_name(&other)
        ))),
    }
}

fn command_name(c: &Command) -> String {
    let debug = format!("{c:?}");
    debug
        .split(|ch: char| !ch.is_alphanumeric())
        .next()
        .unwrap_or("command")
        .to_lowercase()
}

/// Opens the registry file named by the context (exit 4 when missing).
pub(crate) fn open(ctx: &Ctx) -> Result<Store> {
    Store::open(&ctx.db)
}
