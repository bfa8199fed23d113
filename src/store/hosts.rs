//! Host objects (RFC 5732) and the one rule that ties them to delegations:
//! a host's addresses are the glue of every delegation that names it.
//!
//! The `nameserver` rows of each domain carry the addresses (the zone
//! export and `show` read them there); [`save`] writes a host and rewrites
//! the addresses of every row naming it, and [`follow_delegation`] lets a
//! delegation written with addresses (`--ns HOST=IP`) change its host
//! object the same way. A host named by delegations but never created as
//! an object (from before host objects, or from `import`) still exists:
//! [`find`] reads it from the delegation of its superordinate domain.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::rules::periods::{Time, fmt_time};

/// A host as EPP shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Host {
    pub(crate) name: String,
    /// The sponsoring registrar (`None`: registry staff or self-managed).
    pub(crate) sponsor: Option<String>,
    pub(crate) addresses: Vec<String>,
    pub(crate) created: Option<String>,
    /// Whether a host object row exists (or only delegations name it).
    pub(crate) stored: bool,
}

fn split(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// The host object `name`, or the host as the delegations know it.
pub(crate) fn find(conn: &Connection, name: &str) -> Result<Option<Host>> {
    let stored = conn
        .prepare_cached("SELECT name, sponsor, addresses, created FROM host WHERE name = ?1")?
        .query_row([name], |r| {
            Ok(Host {
                name: r.get(0)?,
                sponsor: r.get(1)?,
                addresses: split(&r.get::<_, String>(2)?),
                created: Some(r.get(3)?),
                stored: true,
            })
        })
        .optional()?;
    if stored.is_some() {
        return Ok(stored);
    }
    // Named by live delegations only: the addresses the superordinate
    // domain gives (what the zone publishes), else any delegation's.
    let implicit = conn
        .prepare_cached(
            "SELECT n.addresses, d.manager,
                    (?1 = d.name OR ?1 LIKE '%.' || d.name) AS own
               FROM nameserver n JOIN domain d ON d.id = n.domain_id
              WHERE n.host = ?1 AND d.state <> 'removed'
              ORDER BY own DESC, d.id LIMIT 1",
        )?
        .query_row([name], |r| {
            let own: bool = r.get(2)?;
            Ok(Host {
                name: name.to_string(),
                sponsor: if own { r.get(1)? } else { None },
                addresses: split(&r.get::<_, String>(0)?),
                created: None,
                stored: false,
            })
        })
        .optional()?;
    Ok(implicit)
}

/// Writes a host object and makes its addresses the glue of every
/// delegation naming it.
pub(crate) fn save(conn: &Connection, host: &Host, now: Time) -> Result<()> {
    let addrs = host.addresses.join(" ");
    conn.prepare_cached(
        "INSERT INTO host(name, sponsor, addresses, created, updated) VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT(name) DO UPDATE SET sponsor = excluded.sponsor,
             addresses = excluded.addresses, updated = excluded.updated",
    )?
    .execute(params![host.name, host.sponsor, addrs, fmt_time(now)])?;
    conn.prepare_cached(
        "UPDATE nameserver SET addresses = ?2 WHERE host = ?1 AND addresses <> ?2",
    )?
    .execute(params![host.name, addrs])?;
    Ok(())
}

/// Deletes a host object (the caller has checked no delegation names it).
pub(crate) fn delete(conn: &Connection, name: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM host WHERE name = ?1")?
        .execute([name])?;
    Ok(())
}

/// The live domains whose delegations name the host.
pub(crate) fn linked(conn: &Connection, name: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT d.name FROM nameserver n JOIN domain d ON d.id = n.domain_id
          WHERE n.host = ?1 AND d.state <> 'removed' ORDER BY d.name",
    )?;
    let rows = stmt.query_map([name], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The host objects under a domain (RFC 5731 `domain:host`).
pub(crate) fn subordinate(conn: &Connection, domain: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM host WHERE name LIKE '%.' || ?1 ORDER BY name")?;
    let rows = stmt.query_map([domain], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a host under `domain` is a nameserver of another live name (a
/// removal would leave that delegation without its glue).
pub(crate) fn subordinate_linked(conn: &Connection, domain: &str) -> Result<bool> {
    for host in subordinate(conn, domain)? {
        if linked(conn, &host)?.iter().any(|d| d != domain) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A delegation of the host's own superordinate domain written with the
/// host's addresses (`--ns ns1.exemplo.pt=IP` for `exemplo.pt`) changes
/// that host object when one exists, and so every delegation naming it:
/// one host, one set of addresses. Another domain's delegation cannot move
/// a host it does not contain (the zone never publishes its addresses).
pub(crate) fn follow_delegation(
    conn: &Connection,
    domain: &str,
    host: &str,
    addresses: &[String],
) -> Result<()> {
    let own = host == domain || host.ends_with(&format!(".{domain}"));
    if addresses.is_empty() || !own {
        return Ok(());
    }
    let addrs = addresses.join(" ");
    let changed = conn
        .prepare_cached("UPDATE host SET addresses = ?2 WHERE name = ?1 AND addresses <> ?2")?
        .execute(params![host, addrs])?;
    if changed > 0 {
        conn.prepare_cached(
            "UPDATE nameserver SET addresses = ?2 WHERE host = ?1 AND addresses <> ?2",
        )?
        .execute(params![host, addrs])?;
    }
    Ok(())
}
