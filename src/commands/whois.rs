//! `ptreg whois NAME` and `ptreg whois serve` (Art. 30, WHOIS policy).
//!
//! The lookup answers one domain name with the record of Art. 30.2 (see
//! `rules::whois`), in the text the server (`serve::whois`) sends to RFC
//! 3912 clients: both call the same request-to-response function.

use crate::cli::{WhoisArgs, WhoisCommand};
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Kind, Result};
use crate::render;
use crate::rules::periods::Time;
use crate::rules::whois::{Answer, parse_query};
use crate::serve;
use crate::store;

pub(crate) fn run(args: WhoisArgs, ctx: &Ctx) -> Result<()> {
    if let Some(WhoisCommand::Serve { listen }) = args.action {
        return serve::whois::serve(&serve::whois::Options {
            listen,
            db: ctx.db.clone(),
            now: ctx.now,
        });
    }
    let as_of = args
        .as_of
        .as_deref()
        .map(|t| Ctx::parse_time_opt("--as-of", t))
        .transpose()?;
    let name = args
        .name
        .ok_or_else(|| Error::usage("give the domain name to look up"))?;
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let found = match as_of {
        Some(at) => answer_as_of(&tx, name.as_bytes(), at)?,
        None => {
            let policy = store::policy::in_force(&tx, ctx.now)?.policy;
            serve::whois::answer(&tx, name.as_bytes(), ctx.now, &policy)?
        }
    };
    // The same text as the server; `No match` on stdout too, with exit 4.
    // `invalid query` is usage (exit 2).
    let text = || render::whois::answer(&found, as_of.unwrap_or(ctx.now));
    match &found {
        Answer::Found(record) if ctx.json => render::emit(ctx, record.as_ref(), render::whois),
        Answer::Found(_) => render::out(&text()),
        Answer::NoMatch(ascii) if ctx.json => {
            Err(Error::not_found(format!("No match for {ascii}")))
        }
        Answer::NoMatch(_) => {
            render::out(&text())?;
            Err(Error::reported(Kind::NotFound))
        }
        Answer::Invalid => Err(Error::usage("invalid query")),
    }
}

/// Answers a query as the registry stood at `at`, rebuilt from the journal
///: what WHOIS said on that day.
fn answer_as_of(conn: &rusqlite::Connection, query: &[u8], at: Time) -> Result<Answer> {
    let Ok(ascii) = parse_query(query) else {
        return Ok(Answer::Invalid);
    };
    Ok(match store::history::whois_as_of(conn, &ascii, at)? {
        Some(record) => Answer::Found(Box::new(record)),
        None => Answer::NoMatch(ascii),
    })
}
