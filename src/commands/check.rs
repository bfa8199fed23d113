//! `ptreg check` (not built yet).

use crate::context::Ctx;
use crate::error::Result;

pub(crate) fn run(_args: crate::cli::CheckArgs, _ctx: &Ctx) -> Result<()> {
    Err(super::not_built("check"))
}
