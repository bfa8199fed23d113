//! How a domain is stored: the `domain` row with its `nameserver` and `ds`
//! rows, written and read whole.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::error::{Error, Result};
use crate::model::{Domain, ManagerKind, Nameserver, PendingRemoval, State};
use crate::rules::lifecycle::expiry;
use crate::rules::periods::{Time, fmt_time, parse_time};
use crate::rules::policy::Policy;
use crate::store::provenance::{self, Migrated};

const COLUMNS: &str = "d.id, d.name, d.unicode, d.hierarchy, d.state, d.created, d.expires, \
    d.registrant, d.manager, d.tech, d.arbitration, d.litigation, d.suspension, d.pending_by, \
    d.pending_effective, d.pending_article, d.pending_grounds, d.state_since, d.removed, \
    (SELECT c.id || ' ' || CASE WHEN c.reason = 'legitimacy' THEN coalesce(c.proof_due, '') ELSE '' END \
     FROM conformity_case c WHERE c.domain_id = d.id AND c.decided IS NULL \
     ORDER BY c.id DESC LIMIT 1), d.pending_requested";

/// Stores a new domain with its nameservers and DS records; sets `domain.id`.
pub(crate) fn insert(conn: &Connection, domain: &mut Domain) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
            manager, tech, arbitration, litigation, suspension, pending_by, pending_effective,
            pending_article, pending_grounds, state_since, removed, pending_requested)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19)",
    )?;
    let p = domain.pending_removal.as_ref();
    stmt.execute(params![
        domain.name,
        domain.unicode,
        domain.hierarchy,
        domain.state.as_str(),
        fmt_time(domain.created),
        fmt_time(domain.expires),
        domain.registrant,
        domain.registrar(),
        domain.tech,
        domain.arbitration,
        domain.litigation,
        domain.suspension,
        p.map(|p| p.by.as_str()),
        p.and_then(|p| p.effective).map(fmt_time),
        p.map(|p| p.article.as_str()),
        p.and_then(|p| p.grounds.as_deref()),
        fmt_time(domain.state_since),
        domain.removed.map(fmt_time),
        p.and_then(|p| p.requested).map(fmt_time),
    ])
    .map_err(|e| unique_violation(e, &domain.name))?;
    domain.id = conn.last_insert_rowid();
    write_children(conn, domain)?;
    Ok(())
}

/// Rewrites a stored domain (row, nameservers, DS) from its value.
pub(crate) fn update(conn: &Connection, domain: &Domain) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE domain SET state = ?2, created = ?3, expires = ?4, registrant = ?5, manager = ?6,
            tech = ?7, arbitration = ?8, litigation = ?9, suspension = ?10, pending_by = ?11,
            pending_effective = ?12, pending_article = ?13, pending_grounds = ?14,
            state_since = ?15, removed = ?16, pending_requested = ?17
         WHERE id = ?1",
    )?;
    let p = domain.pending_removal.as_ref();
    stmt.execute(params![
        domain.id,
        domain.state.as_str(),
        fmt_time(domain.created),
        fmt_time(domain.expires),
        domain.registrant,
        domain.registrar(),
        domain.tech,
        domain.arbitration,
        domain.litigation,
        domain.suspension,
        p.map(|p| p.by.as_str()),
        p.and_then(|p| p.effective).map(fmt_time),
        p.map(|p| p.article.as_str()),
        p.and_then(|p| p.grounds.as_deref()),
        fmt_time(domain.state_since),
        domain.removed.map(fmt_time),
        p.and_then(|p| p.requested).map(fmt_time),
    ])
    .map_err(|e| unique_violation(e, &domain.name))?;
    conn.prepare_cached("DELETE FROM nameserver WHERE domain_id = ?1")?
        .execute([domain.id])?;
    conn.prepare_cached("DELETE FROM ds WHERE domain_id = ?1")?
        .execute([domain.id])?;
    write_children(conn, domain)
}

fn write_children(conn: &Connection, domain: &Domain) -> Result<()> {
    let mut ns = conn.prepare_cached(
        "INSERT INTO nameserver(domain_id, pos, host, addresses) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (pos, n) in domain.nameservers.iter().enumerate() {
        ns.execute(params![
            domain.id,
            pos as i64,
            n.host,
            n.addresses.join(" ")
        ])?;
        super::hosts::follow_delegation(conn, &domain.name, &n.host, &n.addresses)?;
    }
    let mut ds =
        conn.prepare_cached("INSERT INTO ds(domain_id, pos, rdata) VALUES (?1, ?2, ?3)")?;
    for (pos, d) in domain.ds.iter().enumerate() {
        ds.execute(params![domain.id, pos as i64, d])?;
    }
    Ok(())
}

fn unique_violation(e: rusqlite::Error, name: &str) -> Error {
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    {
        return Error::conflict(format!("{name} is already registered"));
    }
    e.into()
}

/// The live (not removed) registration of an A-label name.
pub(crate) fn find_live(conn: &Connection, name: &str) -> Result<Option<Domain>> {
    let sql = format!("SELECT {COLUMNS} FROM domain d WHERE d.name = ?1 AND d.state <> 'removed'");
    let found = conn
        .prepare_cached(&sql)?
        .query_row([name], from_row)
        .optional()?;
    found.map(|d| with_children(conn, d)).transpose()
}

/// One registration by its row id.
pub(crate) fn find_by_id(conn: &Connection, id: i64) -> Result<Option<Domain>> {
    let sql = format!("SELECT {COLUMNS} FROM domain d WHERE d.id = ?1");
    let found = conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?;
    found.map(|d| with_children(conn, d)).transpose()
}

/// The live registration, or the most recent removed one.
pub(crate) fn find_latest(conn: &Connection, name: &str) -> Result<Option<Domain>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM domain d WHERE d.name = ?1
         ORDER BY (d.state <> 'removed') DESC, d.id DESC LIMIT 1"
    );
    let found = conn
        .prepare_cached(&sql)?
        .query_row([name], from_row)
        .optional()?;
    found.map(|d| with_children(conn, d)).transpose()
}

/// The live registration of `name` as the rules have it at `now` (the
/// state at the clock, `rules::lifecycle::expiry::at`): `None` when there is none, or when the clock has
/// removed it (its grace ended, a pending removal took effect) even if no
/// sweep has recorded that yet.
pub(crate) fn live_at(
    conn: &Connection,
    name: &str,
    now: Time,
    policy: &Policy,
) -> Result<Option<Domain>> {
    Ok(find_live(conn, name)?
        .map(|d| expiry::at(&d, now, policy))
        .filter(|d| d.state != State::Removed))
}

/// Those of `names` that are delegated at `now`: registered, as the rules
/// have it at the clock, with at least one nameserver.
pub(crate) fn delegated_among(
    conn: &Connection,
    names: &[String],
    now: Time,
    policy: &Policy,
) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for name in names {
        if let Some(d) = live_at(conn, name, now, policy)?
            && d.state == State::Registered
            && !d.nameservers.is_empty()
        {
            out.push(name.clone());
        }
    }
    Ok(out)
}

/// Like [`find_live`], but a missing name is an error (exit 4).
pub(crate) fn get_live(conn: &Connection, name: &str) -> Result<Domain> {
    find_live(conn, name)?.ok_or_else(|| Error::not_found(format!("{name} is not registered")))
}

/// Filters for [`list`].
#[derive(Debug, Default)]
pub(crate) struct Filter {
    pub(crate) state: Option<State>,
    pub(crate) registrant: Option<String>,
    pub(crate) manager: Option<String>,
    pub(crate) expiring_before: Option<Time>,
}

impl Filter {
    /// Whether a domain (in its state at the clock) passes the filter, as
    /// [`list`] selects: removed ones only when asked for.
    pub(crate) fn matches(&self, d: &Domain) -> bool {
        let state = match self.state {
            Some(s) => d.state == s,
            None => d.state != State::Removed,
        };
        state
            && self.registrant.as_ref().is_none_or(|r| d.registrant == *r)
            && self.manager.as_ref().is_none_or(|m| d.manager == *m)
            && self.expiring_before.is_none_or(|t| d.expires < t)
    }
}

/// The stored states a name may rest in and be in `state` at the clock:
/// the clock only moves a name on to grace and to removal.
fn stored_states_for(state: State) -> &'static str {
    match state {
        State::Reserved => "'reserved'",
        State::Registered => "'registered'",
        State::Suspended => "'suspended'",
        State::Grace => "'reserved', 'registered', 'grace'",
        State::Removed => "'reserved', 'registered', 'grace', 'suspended', 'removed'",
    }
}

/// Domains matching the filter, by name, each as it is at `now`; removed
/// ones only when asked for.
pub(crate) fn list(
    conn: &Connection,
    filter: &Filter,
    now: Time,
    policy: &Policy,
) -> Result<Vec<Domain>> {
    let mut out = Vec::new();
    each(conn, filter, now, policy, |d| {
        out.push(d);
        Ok(())
    })?;
    Ok(out)
}

/// How many columns [`COLUMNS`] selects (the children come after them).
const COLUMN_COUNT: usize = 21;

/// The nameservers (`host=addresses`, one a line) and DS records (one a
/// line) of the row, gathered by SQLite in the same statement, so a list of
/// millions of domains is one scan rather than two more queries a name.
const CHILDREN: &str = "\
    (SELECT group_concat(n.host || '=' || n.addresses, char(10) ORDER BY n.pos) \
     FROM nameserver n WHERE n.domain_id = d.id), \
    (SELECT group_concat(s.rdata, char(10) ORDER BY s.pos) FROM ds s WHERE s.domain_id = d.id)";

/// Calls `f` with every domain row as stored (removed registrations
/// included), with its provenance when an import loaded it, by name then
/// row, as the rows are read (flat memory whatever the registry's size).
pub(crate) fn each_row_with_provenance(
    conn: &Connection,
    mut f: impl FnMut(Domain, Option<Migrated>) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "SELECT {COLUMNS}, {CHILDREN}, m.line, m.digest, coalesce(m.original, o.original)
         FROM domain d LEFT JOIN migrated m ON m.domain_id = d.id
         LEFT JOIN migrated_original o ON o.domain_id = d.id
         ORDER BY d.name, d.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let d = with_gathered_children(row)?;
        let line: Option<i64> = row.get(COLUMN_COUNT + 2)?;
        let m = match line {
            Some(line) => Some(provenance::to_migrated((
                d.id,
                line,
                row.get(COLUMN_COUNT + 3)?,
                row.get(COLUMN_COUNT + 4)?,
            ))?),
            None => None,
        };
        f(d, m)?;
    }
    Ok(())
}

/// The domain of a row that selected `{COLUMNS}, {CHILDREN}`.
fn with_gathered_children(row: &Row<'_>) -> Result<Domain> {
    let mut d = from_row(row)?;
    let ns: Option<String> = row.get(COLUMN_COUNT)?;
    let ds: Option<String> = row.get(COLUMN_COUNT + 1)?;
    d.nameservers = ns
        .as_deref()
        .unwrap_or("")
        .lines()
        .map(|line| {
            let (host, addresses) = line.split_once('=').unwrap_or((line, ""));
            Nameserver {
                host: host.to_string(),
                addresses: addresses.split_whitespace().map(str::to_string).collect(),
            }
        })
        .collect();
    d.ds = ds
        .as_deref()
        .unwrap_or("")
        .lines()
        .map(str::to_string)
        .collect();
    Ok(d)
}

/// Calls `f` with each domain matching the filter, by name, as it is at
/// `now`, as the rows are read (flat memory whatever the registry's size).
/// The state filter applies to the state at the clock: the query selects
/// the rows that may be in it, the rule decides.
pub(crate) fn each(
    conn: &Connection,
    filter: &Filter,
    now: Time,
    policy: &Policy,
    mut f: impl FnMut(Domain) -> Result<()>,
) -> Result<()> {
    let mut sql = format!("SELECT {COLUMNS}, {CHILDREN} FROM domain d WHERE 1 = 1");
    let mut args: Vec<String> = Vec::new();
    match filter.state {
        Some(s) => sql.push_str(&format!(" AND d.state IN ({})", stored_states_for(s))),
        None => sql.push_str(" AND d.state <> 'removed'"),
    }
    if let Some(r) = &filter.registrant {
        args.push(r.clone());
        sql.push_str(&format!(" AND d.registrant = ?{}", args.len()));
    }
    if let Some(m) = &filter.manager {
        args.push(m.clone());
        sql.push_str(&format!(
            " AND (d.manager = ?{n} OR (d.manager IS NULL AND d.registrant = ?{n}))",
            n = args.len()
        ));
    }
    if let Some(t) = filter.expiring_before {
        args.push(fmt_time(t));
        sql.push_str(&format!(" AND d.expires < ?{}", args.len()));
    }
    sql.push_str(" ORDER BY d.name, d.id");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
    while let Some(row) = rows.next()? {
        let d = expiry::at(&with_gathered_children(row)?, now, policy);
        let keep = match filter.state {
            Some(wanted) => d.state == wanted,
            None => d.state != State::Removed,
        };
        if keep {
            f(d)?;
        }
    }
    Ok(())
}

fn time_col(row: &Row<'_>, idx: usize) -> rusqlite::Result<Time> {
    let text: String = row.get(idx)?;
    parse_time(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
    })
}

fn opt_time_col(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Time>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| {
        parse_time(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
        })
    })
    .transpose()
}

/// Maps a row selected with [`COLUMNS`] (without nameservers and DS).
fn from_row(row: &Row<'_>) -> rusqlite::Result<Domain> {
    let state: String = row.get(4)?;
    let state = State::parse(&state).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            4,
            rusqlite::types::Type::Text,
            format!("unknown state {state:?}").into(),
        )
    })?;
    let registrant: String = row.get(7)?;
    let manager: Option<String> = row.get(8)?;
    let pending_by: Option<String> = row.get(13)?;
    let pending_removal = match pending_by {
        Some(by) => Some(PendingRemoval {
            by,
            effective: opt_time_col(row, 14)?,
            article: row.get(15)?,
            grounds: row.get(16)?,
            requested: opt_time_col(row, 20)?,
        }),
        None => None,
    };
    // The open case: its id, and the proof deadline of a legitimacy
    // registration (Art. 8.5) held until it is proved.
    let open_case: Option<String> = row.get(19)?;
    let (case, held_until) = match open_case.as_deref().map(|c| c.split_once(' ')) {
        Some(Some((id, due))) => {
            let bad = |e: String| {
                rusqlite::Error::FromSqlConversionFailure(19, rusqlite::types::Type::Text, e.into())
            };
            let id = id.parse::<i64>().map_err(|e| bad(e.to_string()))?;
            let due = (!due.is_empty())
                .then(|| parse_time(due))
                .transpose()
                .map_err(bad)?;
            (Some(id), due)
        }
        _ => (None, None),
    };
    Ok(Domain {
        id: row.get(0)?,
        name: row.get(1)?,
        unicode: row.get(2)?,
        hierarchy: row.get(3)?,
        state,
        created: time_col(row, 5)?,
        expires: time_col(row, 6)?,
        manager_kind: if manager.is_some() {
            ManagerKind::Registrar
        } else {
            ManagerKind::Registrant
        },
        manager: manager.unwrap_or_else(|| registrant.clone()),
        registrant,
        tech: row.get(9)?,
        nameservers: Vec::new(),
        ds: Vec::new(),
        arbitration: row.get(10)?,
        litigation: row.get(11)?,
        suspension: row.get(12)?,
        pending_removal,
        case,
        held_until,
        state_since: time_col(row, 17)?,
        removed: opt_time_col(row, 18)?,
    })
}

/// Adds the nameservers and DS records of a domain row. The row id is
/// bound as `+?1`: SQLite (3.54) marks a parameter compared with the
/// leading key column of an `ORDER BY` over the rest of the key to be
/// planned again at every new binding, and re-parsing these two statements
/// for every name cost a sweep about a tenth of its time.
fn with_children(conn: &Connection, mut domain: Domain) -> Result<Domain> {
    let mut ns = conn.prepare_cached(
        "SELECT host, addresses FROM nameserver WHERE domain_id = +?1 ORDER BY pos",
    )?;
    domain.nameservers = ns
        .query_map([domain.id], |r| {
            let addresses: String = r.get(1)?;
            Ok(Nameserver {
                host: r.get(0)?,
                addresses: addresses.split_whitespace().map(str::to_string).collect(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut ds = conn.prepare_cached("SELECT rdata FROM ds WHERE domain_id = +?1 ORDER BY pos")?;
    domain.ds = ds
        .query_map([domain.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(domain)
}

/// One registration by its row id without its nameservers and DS records,
/// for decisions that read neither (the expiry reminders).
pub(crate) fn find_row(conn: &Connection, id: i64) -> Result<Option<Domain>> {
    let sql = format!("SELECT {COLUMNS} FROM domain d WHERE d.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}
