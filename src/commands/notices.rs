//! `ptreg notices` (not built yet).

use crate::context::Ctx;
use crate::error::Result;

pub(crate) fn run(_args: crate::cli::NoticesArgs, _ctx: &Ctx) -> Result<()> {
    Err(super::not_built("notices"))
}
