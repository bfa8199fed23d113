//! The references the targets are measured against: what the work costs
//! done the plainest way with rusqlite, with no checks at all.
//!
//! - insert: the rows of `domains.csv` into the same tables (same schema and
//!   indexes, WAL, synchronous=NORMAL as ptreg), prepared statements, one
//!   transaction, fields stored as read. Twice: with SQLite's default page
//!   cache (the plain reference of SPEC §11), and with the page cache and
//!   temp store ptreg's import sets (so the comparison does not rest on a
//!   PRAGMA alone).
//! - zone: one streaming SELECT per record kind in name order, writing the
//!   NS, glue and DS records as master-file text.
//! - domains_tsv: one streaming SELECT of the columns of `domains`, written
//!   as TSV.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Inserts every row of the CSV; returns the wall time (open to commit).
pub fn insert(db: &Path, csv_path: &Path, tuned: bool) -> Res<Duration> {
    let start = Instant::now();
    let mut conn = Connection::open(db)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    if tuned {
        conn.pragma_update(None, "cache_size", -262_144)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
    }
    let tx = conn.transaction()?;
    {
        let mut domain = tx.prepare(
            "INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
                manager, tech, arbitration, state_since)
             VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?4)",
        )?;
        let mut ns = tx.prepare(
            "INSERT INTO nameserver(domain_id, pos, host, addresses) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut ds = tx.prepare("INSERT INTO ds(domain_id, pos, rdata) VALUES (?1, ?2, ?3)")?;
        let mut rdr = csv::Reader::from_path(csv_path)?;
        let mut rec = csv::StringRecord::new();
        while rdr.read_record(&mut rec)? {
            let name = &rec[0];
            let hierarchy = name.split_once('.').map_or("pt", |(_, h)| h);
            let servers: Vec<&str> = rec[7].split_whitespace().collect();
            let state = match &rec[6] {
                "" if servers.len() >= 2 => "registered",
                "" => "reserved",
                s => s,
            };
            let manager = Some(&rec[2]).filter(|m| !m.is_empty());
            let tech = if rec[3].is_empty() { &rec[1] } else { &rec[3] };
            domain.execute(params![
                name,
                hierarchy,
                state,
                &rec[4],
                &rec[5],
                &rec[1],
                manager,
                tech,
                &rec[9] == "true",
            ])?;
            let id = tx.last_insert_rowid();
            for (pos, s) in servers.iter().enumerate() {
                let (host, addrs) = s.split_once('=').unwrap_or((s, ""));
                ns.execute(params![id, pos as i64, host, addrs.replace(',', " ")])?;
            }
            for (pos, d) in rec[8].split('|').filter(|d| !d.is_empty()).enumerate() {
                ds.execute(params![id, pos as i64, d])?;
            }
        }
    }
    tx.commit()?;
    Ok(start.elapsed())
}

/// Writes the delegations as master-file text; returns the wall time.
pub fn zone(db: &Path, out: &Path) -> Res<Duration> {
    let start = Instant::now();
    let conn = Connection::open(db)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(out)?);
    let mut ns = conn.prepare(
        "SELECT d.name, n.host, n.addresses FROM domain d JOIN nameserver n ON n.domain_id = d.id
         WHERE d.state = 'registered' ORDER BY d.name, n.pos",
    )?;
    let mut ds = conn.prepare(
        "SELECT d.name, s.rdata FROM domain d JOIN ds s ON s.domain_id = d.id
         WHERE d.state = 'registered' ORDER BY d.name, s.pos",
    )?;
    let mut ds_rows = ds.query([])?;
    let mut next_ds: Option<(String, String)> = match ds_rows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    };
    let mut rows = ns.query([])?;
    let mut current = String::new();
    while let Some(r) = rows.next()? {
        let name: String = r.get(0)?;
        let host: String = r.get(1)?;
        let addresses: String = r.get(2)?;
        if name != current {
            // The DS records of the previous name come after its NS.
            while let Some((n, rdata)) = next_ds.take() {
                if n != current {
                    next_ds = Some((n, rdata));
                    break;
                }
                writeln!(w, "{n}. 86400 IN DS {rdata}")?;
                next_ds = match ds_rows.next()? {
                    Some(r) => Some((r.get(0)?, r.get(1)?)),
                    None => None,
                };
            }
            current = name.clone();
        }
        writeln!(w, "{name}. 86400 IN NS {host}.")?;
        for a in addresses.split_whitespace() {
            let kind = if a.contains(':') { "AAAA" } else { "A" };
            writeln!(w, "{host}. 86400 IN {kind} {a}")?;
        }
    }
    while let Some((n, rdata)) = next_ds.take() {
        writeln!(w, "{n}. 86400 IN DS {rdata}")?;
        next_ds = match ds_rows.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?)),
            None => None,
        };
    }
    w.flush()?;
    Ok(start.elapsed())
}

/// A delegated name from the middle of the registry, for whois and show.
pub fn some_registered_name(db: &Path) -> Res<String> {
    let conn = Connection::open(db)?;
    let n: i64 = conn.query_row("SELECT max(id) FROM domain", [], |r| r.get(0))?;
    Ok(conn.query_row(
        "SELECT name FROM domain WHERE id >= ?1 AND state = 'registered' ORDER BY id LIMIT 1",
        [n / 2],
        |r| r.get(0),
    )?)
}

/// `domains --format tsv` done the plainest way: one streaming SELECT of the
/// same columns (nameservers and DS gathered by SQLite), written as TSV
/// with no escaping; returns the wall time.
pub fn domains_tsv(db: &Path, out: &Path) -> Res<Duration> {
    let start = Instant::now();
    let conn = Connection::open(db)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(out)?);
    let mut stmt = conn.prepare(
        "SELECT d.name, d.unicode, d.hierarchy, d.state, d.created, d.expires, d.registrant,
                coalesce(d.manager, d.registrant), d.tech,
                (SELECT group_concat(n.host || CASE WHEN n.addresses = '' THEN ''
                        ELSE '=' || replace(n.addresses, ' ', ',') END, ' ' ORDER BY n.pos)
                 FROM nameserver n WHERE n.domain_id = d.id),
                (SELECT group_concat(s.rdata, '|' ORDER BY s.pos) FROM ds s
                 WHERE s.domain_id = d.id),
                d.arbitration, d.litigation, d.suspension,
                (SELECT c.id FROM conformity_case c WHERE c.domain_id = d.id
                 AND c.decided IS NULL ORDER BY c.id DESC LIMIT 1)
         FROM domain d WHERE d.state <> 'removed' ORDER BY d.name, d.id",
    )?;
    writeln!(
        w,
        "name\tunicode\thierarchy\tstate\tcreated\texpires\tregistrant\tmanager\ttech\t\
         nameservers\tds\tarbitration\tlitigation\tsuspension\tcase"
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        for i in 0..9 {
            let v: String = r.get(i)?;
            w.write_all(v.as_bytes())?;
            w.write_all(b"\t")?;
        }
        for i in 9..11 {
            let v: Option<String> = r.get(i)?;
            w.write_all(v.unwrap_or_default().as_bytes())?;
            w.write_all(b"\t")?;
        }
        let arbitration: bool = r.get(11)?;
        let litigation: Option<String> = r.get(12)?;
        let suspension: Option<String> = r.get(13)?;
        let case: Option<i64> = r.get(14)?;
        writeln!(
            w,
            "{arbitration}\t{}\t{}\t{}",
            litigation.unwrap_or_default(),
            suspension.unwrap_or_default(),
            case.map(|c| c.to_string()).unwrap_or_default()
        )?;
    }
    w.flush()?;
    Ok(start.elapsed())
}
