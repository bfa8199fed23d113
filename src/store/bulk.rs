//! The SQL of bulk loads: the fast insert path of `import` (statements
//! prepared once and reused for millions of rows, secondary indexes built
//! after a load into an empty table) and the id sets that checks run
//! against in memory. The dump and restore of whole tables is `store::dump`.

use std::collections::HashSet;

use rusqlite::{Connection, Statement, params};

use crate::error::Result;

/// A domain row ready to store: every field already checked and in its
/// stored text form.
pub(crate) struct NewDomain<'a> {
    pub(crate) name: &'a str,
    pub(crate) unicode: &'a str,
    pub(crate) hierarchy: &'a str,
    pub(crate) state: &'a str,
    pub(crate) created: &'a str,
    pub(crate) expires: &'a str,
    pub(crate) registrant: &'a str,
    pub(crate) manager: Option<&'a str>,
    pub(crate) tech: &'a str,
    pub(crate) arbitration: bool,
    pub(crate) suspension: Option<&'a str>,
    pub(crate) state_since: &'a str,
}

/// The outcome of storing one row.
pub(crate) enum Stored {
    /// Stored as this domain row id.
    Done(i64),
    /// The name is already live (the unique index said so).
    Duplicate,
}

/// Prepared statements for the bulk load, held for the whole import.
pub(crate) struct Loader<'c> {
    domain: Statement<'c>,
    nameserver: Statement<'c>,
    ds: Statement<'c>,
}

impl<'c> Loader<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<Loader<'c>> {
        Ok(Loader {
            domain: conn.prepare(
                "INSERT INTO domain(name, unicode, hierarchy, state, created, expires,
                    registrant, manager, tech, arbitration, suspension, state_since)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            nameserver: conn.prepare(
                "INSERT INTO nameserver(domain_id, pos, host, addresses) VALUES (?1, ?2, ?3, ?4)",
            )?,
            ds: conn.prepare("INSERT INTO ds(domain_id, pos, rdata) VALUES (?1, ?2, ?3)")?,
        })
    }

    /// Stores a domain and its children. A live duplicate is reported, not
    /// raised: the failed statement changes nothing, the transaction goes on.
    pub(crate) fn insert<'s>(
        &mut self,
        conn: &Connection,
        d: &NewDomain<'_>,
        nameservers: impl Iterator<Item = (&'s str, &'s str)>,
        ds: impl Iterator<Item = &'s str>,
    ) -> Result<Stored> {
        let done = self.domain.execute(params![
            d.name,
            d.unicode,
            d.hierarchy,
            d.state,
            d.created,
            d.expires,
            d.registrant,
            d.manager,
            d.tech,
            d.arbitration,
            d.suspension,
            d.state_since,
        ]);
        if let Err(rusqlite::Error::SqliteFailure(f, _)) = &done
            && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
        {
            return Ok(Stored::Duplicate);
        }
        done?;
        let id = conn.last_insert_rowid();
        for (pos, (host, addresses)) in nameservers.enumerate() {
            self.nameserver
                .execute(params![id, pos as i64, host, addresses])?;
        }
        for (pos, rdata) in ds.enumerate() {
            self.ds.execute(params![id, pos as i64, rdata])?;
        }
        Ok(Stored::Done(id))
    }
}

/// Settings for a long write: a bigger page cache and temporary B-trees in
/// memory. Durability settings are left alone (`synchronous` stays NORMAL).
pub(crate) fn tune_for_bulk(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "cache_size", -262_144)?; // KiB: 256 MiB at most
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// The secondary indexes of the domain and nameserver tables that a bulk
/// load into an empty table drops and builds again at the end (sorting once
/// is much cheaper than millions of random B-tree inserts). The unique index
/// of live names is among them: while it is away, the load checks names in
/// memory (`bulk::Importer`), and building it again checks them once more.
pub(crate) struct DroppedIndexes(Vec<String>);

/// Drops the domain table's secondary indexes when the table is empty (a
/// migration into a new registry) and returns them; otherwise drops nothing
/// and returns None (the unique index of live names stays the duplicate
/// check). Inside the caller's transaction, so a rollback brings them back.
pub(crate) fn drop_indexes_if_empty(conn: &Connection) -> Result<Option<DroppedIndexes>> {
    let empty: bool =
        conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM domain)", [], |r| r.get(0))?;
    if !empty {
        return Ok(None);
    }
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('domain', 'nameserver')
         AND sql IS NOT NULL ORDER BY name",
    )?;
    let found: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &found {
        conn.execute(&format!("DROP INDEX {}", quote(name)), [])?;
    }
    Ok(Some(DroppedIndexes(
        found.into_iter().map(|(_, sql)| sql).collect(),
    )))
}

/// The stored name of a domain row (the in-memory duplicate check compares
/// names whose hashes are equal).
pub(crate) fn name_of(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT name FROM domain WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

impl DroppedIndexes {
    /// Builds the dropped indexes again.
    pub(crate) fn rebuild(self, conn: &Connection) -> Result<()> {
        for sql in &self.0 {
            conn.execute(sql, [])?;
        }
        Ok(())
    }
}

/// Every contact id, for checking references in memory.
pub(crate) fn contact_ids(conn: &Connection) -> Result<HashSet<String>> {
    ids(conn, "SELECT id FROM contact")
}

/// Every registrar id that may manage names (not withdrawn, Art. 15.2).
pub(crate) fn registrar_ids(conn: &Connection) -> Result<HashSet<String>> {
    ids(conn, "SELECT id FROM registrar WHERE withdrawn IS NULL")
}

fn ids(conn: &Connection, sql: &str) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An SQL identifier, quoted.
fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("schema.sql")).unwrap();
        conn
    }

    #[test]
    fn indexes_are_dropped_only_for_an_empty_table_and_rebuilt() {
        let conn = registry();
        let count = || -> i64 {
            conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                   AND tbl_name IN ('domain', 'nameserver')",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        let before = count();
        let dropped = drop_indexes_if_empty(&conn).unwrap().unwrap();
        assert_eq!(count(), 0, "the unique index of live names goes too");
        dropped.rebuild(&conn).unwrap();
        assert_eq!(count(), before);

        conn.execute_batch(
            "INSERT INTO contact(id, kind, name, email, phone, address, country, created, updated)
               VALUES ('c1', 'person', 'Ana', 'a@x.pt', '+351.1', 'Rua', 'PT', 't', 't');
             INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
               tech, state_since) VALUES ('a.pt', 'a.pt', 'pt', 'reserved', 't', 't', 'c1', 'c1', 't');",
        )
        .unwrap();
        assert!(drop_indexes_if_empty(&conn).unwrap().is_none());
        assert_eq!(count(), before, "a registry with names keeps its indexes");
    }
}
