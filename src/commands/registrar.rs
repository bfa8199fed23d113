//! `ptreg registrar` (not built yet).

use crate::context::Ctx;
use crate::error::Result;

pub(crate) fn run(_cmd: crate::cli::RegistrarCommand, _ctx: &Ctx) -> Result<()> {
    Err(super::not_built("registrar"))
}
