//! `ptreg lock` (not built yet).

use crate::context::Ctx;
use crate::error::Result;

pub(crate) fn run(_args: crate::cli::CaseArgs, _ctx: &Ctx) -> Result<()> {
    Err(super::not_built("lock"))
}
