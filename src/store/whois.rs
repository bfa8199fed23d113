//! WHOIS reads and the server's own records: the query log (`whois_query`,
//! every query with its address, time and outcome, WHOIS policy 2.5) and
//! the suspension episodes per address (`whois_block`).

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::rules::periods::{Time, fmt_time, parse_time};
use crate::rules::policy::Policy;
use crate::rules::whois::{self, Answer, Manager, Record, parse_query};
use crate::rules::whois_quota::Block;
use crate::store::{contacts, domains};

/// The answer to a query line (the raw bytes, as a server receives them),
/// with the name in the state the rules give it at `now`.
pub(crate) fn answer(
    conn: &Connection,
    query: &[u8],
    now: Time,
    policy: &Policy,
) -> Result<Answer> {
    let Ok(ascii) = parse_query(query) else {
        return Ok(Answer::Invalid);
    };
    Ok(match lookup(conn, &ascii, now, policy)? {
        Some(record) => Answer::Found(Box::new(record)),
        None => Answer::NoMatch(ascii),
    })
}

/// The WHOIS record of a live name at `now` (a name whose term ended is in
/// grace whether or not `sweep` has run), or `None`: a free name.
pub(crate) fn lookup(
    conn: &Connection,
    ascii: &str,
    now: Time,
    policy: &Policy,
) -> Result<Option<Record>> {
    let Some(domain) = domains::live_at(conn, ascii, now, policy)? else {
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
/// but those refused during a suspension), counted up to `limit` at most:
/// past the quota the exact number does not matter, and the count stays
/// cheap however busy the address is.
pub(crate) fn counted_since(
    conn: &Connection,
    address: &str,
    since: Time,
    limit: u32,
) -> Result<u32> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM whois_query
             WHERE address = ?1 AND time >= ?2 AND outcome <> 'suspended' LIMIT ?3)",
        )?
        .query_row(params![address, fmt_time(since), limit], |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Deletes up to `chunk` logged queries older than `before` (the policy's
/// `[whois] log_days`); returns how many went. The log is written in time
/// order, so the old rows are the first ones: a look at the oldest row
/// says at once whether there is anything to do.
pub(crate) fn prune_log(conn: &Connection, before: Time, chunk: u32) -> Result<usize> {
    let cutoff = fmt_time(before);
    let oldest: Option<String> = conn
        .prepare_cached("SELECT time FROM whois_query ORDER BY id LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    if oldest.is_none_or(|t| t >= cutoff) {
        return Ok(0);
    }
    Ok(conn
        .prepare_cached(
            "DELETE FROM whois_query WHERE id IN
             (SELECT id FROM whois_query WHERE time < ?1 ORDER BY id LIMIT ?2)",
        )?
        .execute(params![cutoff, chunk])?)
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

/// What RDAP shows of a live domain: the domain at `now`, its registrant,
/// its registrar (when one manages it) and when it last changed.
pub(crate) struct DirectoryEntry {
    pub(crate) domain: crate::model::Domain,
    pub(crate) registrant: crate::model::Contact,
    pub(crate) registrar: Option<crate::model::Registrar>,
    pub(crate) last_changed: Option<Time>,
}

/// The directory entry of a name live at `now`, or `None` (a free name).
pub(crate) fn entry(
    conn: &Connection,
    ascii: &str,
    now: Time,
    policy: &Policy,
) -> Result<Option<DirectoryEntry>> {
    let Some(domain) = domains::live_at(conn, ascii, now, policy)? else {
        return Ok(None);
    };
    let registrant = contacts::get_contact(conn, &domain.registrant)?;
    let registrar = domain
        .registrar()
        .map(|id| contacts::get_registrar(conn, id))
        .transpose()?;
    let last_changed: Option<String> = conn
        .prepare_cached("SELECT max(time) FROM journal WHERE domain = ?1 AND time >= ?2")?
        .query_row(params![domain.name, fmt_time(domain.created)], |r| r.get(0))?;
    let last_changed = last_changed
        .map(|t| parse_time(&t).map_err(crate::error::Error::internal))
        .transpose()?;
    Ok(Some(DirectoryEntry {
        domain,
        registrant,
        registrar,
        last_changed,
    }))
}

/// When the registry last changed (its latest journal entry).
pub(crate) fn last_update(conn: &Connection) -> Result<Option<Time>> {
    let t: Option<String> = conn
        .prepare_cached("SELECT time FROM journal ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    t.map(|t| parse_time(&t).map_err(crate::error::Error::internal))
        .transpose()
}

/// The names of the live domains that list `host` as a nameserver, with
/// the glue addresses each gives it.
pub(crate) fn host_uses(conn: &Connection, host: &str) -> Result<Vec<(String, Vec<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.name, n.addresses FROM nameserver n JOIN domain d ON d.id = n.domain_id
         WHERE n.host = ?1 AND d.state <> 'removed' ORDER BY d.name LIMIT 1000",
    )?;
    let rows = stmt.query_map([host], |r| {
        let addresses: String = r.get(1)?;
        Ok((
            r.get::<_, String>(0)?,
            addresses.split_whitespace().map(str::to_string).collect(),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
