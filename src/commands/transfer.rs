//! `ptreg transfer` (not built yet).

use crate::context::Ctx;
use crate::error::Result;

pub(crate) fn run(_args: crate::cli::TransferArgs, _ctx: &Ctx) -> Result<()> {
    Err(super::not_built("transfer"))
}
