//! `ptreg whois` (not built yet).

use crate::context::Ctx;
use crate::error::Result;

pub(crate) fn run(_args: crate::cli::WhoisArgs, _ctx: &Ctx) -> Result<()> {
    Err(super::not_built("whois"))
}
