//! WHOIS reads and the server's own records: the query log (`whois_query`,
//! every query with its address, time and outcome, WHOIS policy 2.5) and
//! the suspension episodes per address (`whois_block`).

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::rules::periods::{Time, fmt_time, parse_time};
use crate::rules::whois::{self, Manager, Record};
use crate::rules::whois_quota::Block;
use crate::store::{self, contacts, domains};

/// The WHOIS record of a name live at `now` (its state as the rules give it
/// then), or `None`: a free name, including one whose grace has ended.
pub(crate) fn lookup(conn: &Connection, ascii: &str, now: Time) -> Result<Option<Record>> {
    let policy = store::policy::in_force(conn, now)?.policy;
    let Some(domain) = domains::live_at(conn, ascii, now, &policy)? else {
        return Ok(None);
    };
    let registrant = contacts::get_contact(conn, &domain.registrant)?;
    let record = match domain.registrar() {
        Some(id) => {
            let registrar = contacts::get_registrar(conn, id)?;
            whois::record(&domain, &registrant, Manager::Registrar(&registrar))
        }
        None => whois::record(&domain, &registrant, Manager::Registrant),
    };
    Ok(Some(record))
}

/// How a logged query was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Answered,
    NoMatch,
    Invalid,
    Suspended,
    Failed,
}

impl Outcome {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::NoMatch => "no match",
            Outcome::Invalid => "invalid",
            Outcome::Suspended => "suspended",
            Outcome::Failed => "failed",
        }
    }
}

/// Logs one query. The query text is kept as received (lossy UTF-8, at most
/// the query length limit) so abuse can be studied later.
pub(crate) fn log_query(
    conn: &Connection,
    now: Time,
    address: &str,
    query: &str,
    outcome: Outcome,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO whois_query(time, address, query, outcome) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![fmt_time(now), address, query, outcome.as_str()])?;
    Ok(())
}

/// Queries of `address` since `since` that counted towards the quota (all
/// but those refused during a suspension).
pub(crate) fn counted_since(conn: &Connection, address: &str, since: Time) -> Result<u32> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM whois_query
             WHERE address = ?1 AND time >= ?2 AND outcome <> 'suspended'",
        )?
        .query_row(params![address, fmt_time(since)], |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The suspension record of an address.
pub(crate) fn block(conn: &Connection, address: &str) -> Result<Option<Block>> {
    let row: Option<(i64, String)> = conn
        .prepare_cached("SELECT episodes, until FROM whois_block WHERE address = ?1")?
        .query_row([address], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match row {
        Some((episodes, until)) => Some(Block {
            episodes: u32::try_from(episodes).unwrap_or(u32::MAX),
            until: parse_time(&until).map_err(crate::error::Error::internal)?,
        }),
        None => None,
    })
}

pub(crate) fn set_block(conn: &Connection, address: &str, block: &Block) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO whois_block(address, episodes, until) VALUES (?1, ?2, ?3)
         ON CONFLICT(address) DO UPDATE SET episodes = excluded.episodes, until = excluded.until",
    )?
    .execute(params![address, block.episodes, fmt_time(block.until)])?;
    Ok(())
}
