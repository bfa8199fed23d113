//! `ptreg rdap serve` and `ptreg rdap get PATH` (RFC 7480, 9082, 9083).
//!
//! `get` prints the body the server would send for PATH, from the same
//! request-to-response function (`serve::rdap::answer::respond`), with an
//! exit status for its HTTP status.

use crate::cli::RdapCommand;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Kind, Result};
use crate::render;
use crate::serve;
use crate::serve::rdap::answer::{Request, respond};
use crate::store;

pub(crate) fn run(cmd: RdapCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        RdapCommand::Serve {
            listen,
            base_url,
            trusted_proxy,
        } => serve::rdap::serve(serve::rdap::Options {
            listen,
            db: ctx.db.clone(),
            now: ctx.now,
            base_url,
            trusted_proxies: trusted_proxy,
        }),
        RdapCommand::Get { path, base_url } => {
            let mut store = open(ctx)?;
            let tx = store.read()?;
            let policy = store::policy::in_force(&tx, ctx.now)?.policy;
            let response = respond(
                &tx,
                ctx.now,
                &policy,
                &Request {
                    path: &path,
                    base_url: &base_url,
                },
            );
            render::out(&serde_json::to_string_pretty(&response.body)?)?;
            match response.status {
                200 => Ok(()),
                404 => Err(Error::reported(Kind::NotFound)),
                400..=499 | 501 => Err(Error::reported(Kind::Usage)),
                _ => Err(Error::reported(Kind::Internal)),
            }
        }
    }
}
