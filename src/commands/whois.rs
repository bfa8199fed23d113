//! `ptreg whois NAME` and `ptreg whois serve` (Art. 30, WHOIS policy).
//!
//! The lookup answers one domain name with the record of Art. 30.2 (see
//! `rules::whois`), laid out by `render::whois`; the server
//! (`whois_server`) answers RFC 3912 queries with the very same text.

use crate::cli::{WhoisArgs, WhoisCommand};
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::render;
use crate::rules::periods::Time;
use crate::rules::whois::{Record, parse_query};
use crate::store;
use crate::whois_server;

pub(crate) fn run(args: WhoisArgs, ctx: &Ctx) -> Result<()> {
    if let Some(WhoisCommand::Serve { listen }) = args.action {
        return whois_server::serve(&listen, ctx);
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
    // `invalid query` is usage (exit 2), `No match` is not found (exit 4).
    let found = match as_of {
        Some(at) => answer_as_of(&tx, name.as_bytes(), at)?,
        None => answer(&tx, name.as_bytes(), ctx.now)?,
    };
    match &found {
        Answer::Found(record) => render::emit(ctx, record.as_ref(), render::whois),
        Answer::NoMatch(_) => Err(Error::not_found(found.text().trim_end())),
        Answer::Invalid => Err(Error::usage(found.text().trim_end())),
    }
}

/// The answer to one query line.
pub(crate) enum Answer {
    Found(Box<Record>),
    /// A free name: never registered, or removed.
    NoMatch(String),
    /// Not a domain name under .pt (WHOIS policy 2.5): no search is made.
    Invalid,
}

impl Answer {
    /// The reply text, as printed by the command and sent by the server.
    pub(crate) fn text(&self) -> String {
        match self {
            Answer::Found(r) => render::whois(r),
            Answer::NoMatch(name) => format!("No match for {name}\n"),
            Answer::Invalid => "invalid query\n".to_string(),
        }
    }
}

/// Answers a query as the registry stood at `at`, rebuilt from the journal
/// (SPEC §9): what WHOIS said on that day.
fn answer_as_of(conn: &rusqlite::Connection, query: &[u8], at: Time) -> Result<Answer> {
    let Ok(ascii) = parse_query(query) else {
        return Ok(Answer::Invalid);
    };
    Ok(match store::history::whois_as_of(conn, &ascii, at)? {
        Some(record) => Answer::Found(Box::new(record)),
        None => Answer::NoMatch(ascii),
    })
}

/// Answers a query line (the raw bytes, as a server receives them) with the
/// name as it is at `now`.
pub(crate) fn answer(conn: &rusqlite::Connection, query: &[u8], now: Time) -> Result<Answer> {
    let Ok(ascii) = parse_query(query) else {
        return Ok(Answer::Invalid);
    };
    Ok(match store::whois::lookup(conn, &ascii, now)? {
        Some(record) => Answer::Found(Box::new(record)),
        None => Answer::NoMatch(ascii),
    })
}
