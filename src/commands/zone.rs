//! `ptreg zone` (not built yet).

use crate::context::Ctx;
use crate::error::Result;

pub(crate) fn run(_cmd: crate::cli::ZoneCommand, _ctx: &Ctx) -> Result<()> {
    Err(super::not_built("zone"))
}
