//! `ptreg sweep` (not built yet).

use crate::context::Ctx;
use crate::error::Result;

pub(crate) fn run(_ctx: &Ctx) -> Result<()> {
    Err(super::not_built("sweep"))
}
