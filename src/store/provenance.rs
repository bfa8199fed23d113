//! Where migrated registrations came from (table `migrated`): for each row
//! an `import` loaded, its line in the import file and the SHA-256 of the
//! record as imported; the record itself is kept (by a trigger, in the same
//! transaction, in `migrated_original`; by older versions in
//! `migrated.original`) the first time the row changes, so the registry can answer
//! as of any time after the import without one journal entry per name.
//!
//! The import's journal entry records the range of domain row ids it loaded
//! and the RFC 9162 Merkle root of `line ‖ digest` over its rows, so the
//! chain (and any checkpoint) covers every row's provenance: `audit verify`
//! recomputes the root.

use rusqlite::{Connection, Statement, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::{Domain, ManagerKind, Nameserver, State};
use crate::rules::periods::{fmt_time, parse_time};

/// A registration as an import stored it: the import columns in their
/// stored text form. Its JSON (field order as here) is what the digest
/// covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Imported {
    pub(crate) name: String,
    pub(crate) unicode: String,
    pub(crate) hierarchy: String,
    pub(crate) state: String,
    pub(crate) created: String,
    pub(crate) expires: String,
    pub(crate) registrant: String,
    /// The registrar, or none when the registrant manages the name.
    pub(crate) manager: Option<String>,
    pub(crate) tech: String,
    pub(crate) arbitration: bool,
    pub(crate) suspension: Option<String>,
    pub(crate) state_since: String,
    /// `(host, glue addresses space-separated)`.
    pub(crate) nameservers: Vec<(String, String)>,
    pub(crate) ds: Vec<String>,
}

/// The borrowed form of [`Imported`] that the import hashes, so one code
/// path makes every digest.
#[derive(Serialize)]
pub(crate) struct RecordRef<'a> {
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
    pub(crate) nameservers: &'a [(String, String)],
    pub(crate) ds: &'a [String],
}

impl RecordRef<'_> {
    /// SHA-256 of the record's JSON.
    pub(crate) fn digest(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        // Serializing plain strings and bools into a hasher cannot fail.
        if serde_json::to_writer(HashWriter(&mut h), self).is_err() {
            h.update(b"\xff");
        }
        h.finalize().into()
    }
}

struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Imported {
    fn as_ref(&self) -> RecordRef<'_> {
        RecordRef {
            name: &self.name,
            unicode: &self.unicode,
            hierarchy: &self.hierarchy,
            state: &self.state,
            created: &self.created,
            expires: &self.expires,
            registrant: &self.registrant,
            manager: self.manager.as_deref(),
            tech: &self.tech,
            arbitration: self.arbitration,
            suspension: self.suspension.as_deref(),
            state_since: &self.state_since,
            nameservers: &self.nameservers,
            ds: &self.ds,
        }
    }

    pub(crate) fn digest(&self) -> [u8; 32] {
        self.as_ref().digest()
    }

    /// The stored row, read back in the import's columns (to be checked
    /// against the digest recorded at import).
    pub(crate) fn of_stored(d: &Domain) -> Imported {
        Imported {
            name: d.name.clone(),
            unicode: d.unicode.clone(),
            hierarchy: d.hierarchy.clone(),
            state: d.state.as_str().to_string(),
            created: fmt_time(d.created),
            expires: fmt_time(d.expires),
            registrant: d.registrant.clone(),
            manager: d.registrar().map(str::to_string),
            tech: d.tech.clone(),
            arbitration: d.arbitration,
            suspension: d.suspension.clone(),
            state_since: fmt_time(d.state_since),
            nameservers: d
                .nameservers
                .iter()
                .map(|n| (n.host.clone(), n.addresses.join(" ")))
                .collect(),
            ds: d.ds.clone(),
        }
    }

    /// The record as a domain (as `show` prints one).
    pub(crate) fn to_domain(&self) -> Result<Domain> {
        let bad = |what: &str| {
            Error::internal(format!(
                "the imported record of {} has a bad {what}",
                self.name
            ))
        };
        let time = |t: &str, what: &str| parse_time(t).map_err(|_| bad(what));
        let state = State::parse(&self.state).ok_or_else(|| bad("state"))?;
        let state_since = time(&self.state_since, "state_since")?;
        Ok(Domain {
            id: 0,
            name: self.name.clone(),
            unicode: self.unicode.clone(),
            hierarchy: self.hierarchy.clone(),
            state,
            created: time(&self.created, "created")?,
            expires: time(&self.expires, "expires")?,
            registrant: self.registrant.clone(),
            manager: self
                .manager
                .clone()
                .unwrap_or_else(|| self.registrant.clone()),
            manager_kind: if self.manager.is_some() {
                ManagerKind::Registrar
            } else {
                ManagerKind::Registrant
            },
            tech: self.tech.clone(),
            nameservers: self
                .nameservers
                .iter()
                .map(|(host, addresses)| Nameserver {
                    host: host.clone(),
                    addresses: addresses.split_whitespace().map(str::to_string).collect(),
                })
                .collect(),
            ds: self.ds.clone(),
            arbitration: self.arbitration,
            litigation: None,
            suspension: self.suspension.clone(),
            pending_removal: None,
            case: None,
            held_until: None,
            state_since,
            removed: (state == State::Removed).then_some(state_since),
        })
    }
}

/// The leaf of one migrated row in its import's records tree: its line
/// (8 bytes, big-endian) then its record digest.
pub(crate) fn leaf_data(line: u64, digest: &[u8; 32]) -> [u8; 40] {
    let mut out = [0u8; 40];
    out[..8].copy_from_slice(&line.to_be_bytes());
    out[8..].copy_from_slice(digest);
    out
}

/// The prepared insert of the bulk load.
pub(crate) fn insert_statement(conn: &Connection) -> Result<Statement<'_>> {
    Ok(conn.prepare("INSERT INTO migrated(domain_id, line, digest) VALUES (?1, ?2, ?3)")?)
}

/// Records one migrated row.
pub(crate) fn insert(
    stmt: &mut Statement<'_>,
    domain_id: i64,
    line: u64,
    digest: &[u8; 32],
) -> Result<()> {
    stmt.execute(params![domain_id, line as i64, digest.as_slice()])?;
    Ok(())
}

/// A migrated registration: its row, line and digest, and the record kept
/// when the row first changed.
#[derive(Debug, Clone)]
pub(crate) struct Migrated {
    pub(crate) domain_id: i64,
    pub(crate) line: u64,
    pub(crate) digest: [u8; 32],
    pub(crate) original: Option<String>,
}

fn migrated_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, i64, Vec<u8>, Option<String>)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

pub(crate) fn to_migrated(
    (domain_id, line, digest, original): (i64, i64, Vec<u8>, Option<String>),
) -> Result<Migrated> {
    let digest = <[u8; 32]>::try_from(digest).map_err(|_| {
        Error::internal(format!(
            "the provenance of domain row {domain_id} has a bad digest"
        ))
    })?;
    Ok(Migrated {
        domain_id,
        line: line.max(0) as u64,
        digest,
        original,
    })
}

/// The migrated registrations of the name `name` (A-label), oldest first.
pub(crate) fn for_name(conn: &Connection, name: &str) -> Result<Vec<Migrated>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.domain_id, m.line, m.digest, coalesce(m.original, o.original) FROM migrated m
         JOIN domain d ON d.id = m.domain_id
         LEFT JOIN migrated_original o ON o.domain_id = m.domain_id
         WHERE d.name = ?1 ORDER BY m.domain_id",
    )?;
    let rows = stmt.query_map([name], migrated_row)?;
    rows.map(|r| to_migrated(r?)).collect()
}

/// `(line, digest)` of the rows in `first..=last`, in row order, for the
/// records tree of an import.
pub(crate) fn range(
    conn: &Connection,
    first: i64,
    last: i64,
    mut each: impl FnMut(u64, [u8; 32]) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT domain_id, line, digest FROM migrated
         WHERE domain_id BETWEEN ?1 AND ?2 ORDER BY domain_id",
    )?;
    let mut rows = stmt.query(params![first, last])?;
    while let Some(row) = rows.next()? {
        let (id, line, digest): (i64, i64, Vec<u8>) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let m = to_migrated((id, line, digest, None))?;
        each(m.line, m.digest)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// A registry holding one migrated row, `mig.pt`; returns its row id.
    fn registry() -> (tempfile::TempDir, Store, i64) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("t.db")).unwrap();
        let conn = store.conn();
        conn.execute_batch(
            "INSERT INTO contact(id, kind, name, email, phone, address, country, created, updated)
             VALUES ('c1', 'person', 'Ana', 'a@x.pt', '+351.1', 'Rua', 'PT',
                     '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z');
             INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
                 tech, state_since)
             VALUES ('mig.pt', 'mig.pt', 'pt', 'registered', '2020-01-01T00:00:00Z',
                     '2027-01-01T00:00:00Z', 'c1', 'c1', '2020-01-01T00:00:00Z');",
        )
        .unwrap();
        let id = conn.last_insert_rowid();
        insert(&mut insert_statement(conn).unwrap(), id, 2, &[7u8; 32]).unwrap();
        (dir, store, id)
    }

    fn change(conn: &Connection, id: i64, state_since: &str) {
        conn.execute(
            "UPDATE domain SET state = 'grace', state_since = ?2 WHERE id = ?1",
            params![id, state_since],
        )
        .unwrap();
    }

    fn kept(conn: &Connection) -> Option<String> {
        let mut found = for_name(conn, "mig.pt").unwrap();
        assert_eq!(found.len(), 1);
        found.remove(0).original
    }

    #[test]
    fn the_first_change_keeps_the_record_as_imported_once() {
        let (_dir, store, id) = registry();
        let conn = store.conn();
        assert_eq!(kept(conn), None);
        change(conn, id, "2027-01-02T00:00:00Z");
        let first = kept(conn).expect("kept at the first change");
        let record: serde_json::Value = serde_json::from_str(&first).unwrap();
        assert_eq!(record["state"], "registered");
        assert_eq!(record["state_since"], "2020-01-01T00:00:00Z");
        // A later change keeps the first record, and writes no second one.
        change(conn, id, "2027-01-03T00:00:00Z");
        assert_eq!(kept(conn), Some(first));
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM migrated_original", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn a_record_kept_by_an_older_version_is_read_and_not_kept_again() {
        let (_dir, store, id) = registry();
        let conn = store.conn();
        conn.execute(
            "UPDATE migrated SET original = '{\"state\":\"reserved\"}' WHERE domain_id = ?1",
            [id],
        )
        .unwrap();
        change(conn, id, "2027-01-02T00:00:00Z");
        assert_eq!(kept(conn).as_deref(), Some("{\"state\":\"reserved\"}"));
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM migrated_original", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0);
    }
}
