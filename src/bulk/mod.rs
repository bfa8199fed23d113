//! Bulk work over files: the migration rows of `import` (CSV and JSON Lines),
//! checked and stored through the fast path, bad rows written to a reject
//! file, and the full export / restore of the whole registry.
//!
//! The commands (`import`, `export`, `register --batch`) stay thin and call
//! in here; all SQL stays in `store::bulk`.

pub(crate) mod input;
pub(crate) mod people;
pub(crate) mod reject;
pub(crate) mod restore;
pub(crate) mod row;
pub(crate) mod strict_json;
pub(crate) mod syntax;

use std::collections::HashSet;

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::store::bulk::{Loader, NewDomain, Stored};
use row::{BadRow, Known, RawDomain};

/// What an import did, for its summary and journal entry.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub(crate) struct Counts {
    pub(crate) domains: u64,
    pub(crate) contacts: u64,
    pub(crate) registrars: u64,
    pub(crate) rejected: u64,
}

/// Where the rows of one import went, for its journal entry: the range of
/// domain row ids it loaded and the RFC 9162 root of their provenance
/// (`line ‖ record digest`, in row order; see `store::provenance`).
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Loaded {
    pub(crate) domains_from: Option<i64>,
    pub(crate) domains_to: Option<i64>,
    pub(crate) records_root: String,
}

/// The provenance being recorded by a load.
struct Provenance<'c> {
    insert: rusqlite::Statement<'c>,
    records: crate::journal::merkle::Frontier,
    first: Option<i64>,
    last: Option<i64>,
}

/// The state of one migration import: the open statements, the ids rows are
/// checked against, the counts, and where bad rows go.
pub(crate) struct Importer<'c> {
    conn: &'c Connection,
    loader: Loader<'c>,
    pub(crate) contacts: HashSet<String>,
    pub(crate) registrars: HashSet<String>,
    pub(crate) now: crate::rules::periods::Time,
    pub(crate) counts: Counts,
    /// The file name, for error messages.
    file: String,
    /// With `--reject`: bad rows go here and the import goes on.
    pub(crate) reject: Option<reject::Writer>,
    /// Indexes dropped for the load, built again by [`Importer::finish`].
    dropped: Option<crate::store::bulk::DroppedIndexes>,
    provenance: Provenance<'c>,
}

impl<'c> Importer<'c> {
    pub(crate) fn new(
        conn: &'c Connection,
        now: crate::rules::periods::Time,
        file: String,
        reject: Option<reject::Writer>,
    ) -> Result<Importer<'c>> {
        let dropped = Some(crate::store::bulk::drop_indexes_if_empty(conn)?);
        Ok(Importer {
            dropped,
            conn,
            loader: Loader::new(conn)?,
            contacts: crate::store::bulk::contact_ids(conn)?,
            registrars: crate::store::bulk::registrar_ids(conn)?,
            now,
            counts: Counts::default(),
            file,
            reject,
            provenance: Provenance {
                insert: crate::store::provenance::insert_statement(conn)?,
                records: Default::default(),
                first: None,
                last: None,
            },
        })
    }

    /// Ends the load: builds the dropped indexes, flushes the reject file,
    /// and returns the counts and where the rows went.
    pub(crate) fn finish(mut self) -> Result<(Counts, Loaded)> {
        if let Some(d) = self.dropped.take() {
            d.rebuild(self.conn)?;
        }
        if let Some(w) = self.reject.take()
            && let Some(path) = w.finish()?
        {
            crate::store::outputs::record(self.conn, &path, "import", self.now)?;
        }
        let p = &self.provenance;
        let loaded = Loaded {
            domains_from: p.first,
            domains_to: p.last,
            records_root: hex::encode(p.records.root()),
        };
        Ok((self.counts, loaded))
    }

    pub(crate) fn conn(&self) -> &'c Connection {
        self.conn
    }

    /// Checks and stores one domain row; a bad one goes to [`Importer::bad`].
    pub(crate) fn domain(
        &mut self,
        line: u64,
        raw: &RawDomain<'_>,
        original: reject::Original<'_>,
    ) -> Result<()> {
        let known = Known {
            contacts: &self.contacts,
            registrars: &self.registrars,
            now: self.now,
        };
        let d = match row::check(raw, &known) {
            Ok(d) => d,
            Err(bad) => return self.bad(BadRow { line, ..bad }, original),
        };
        let new = NewDomain {
            name: &d.name,
            unicode: &d.unicode,
            hierarchy: &d.hierarchy,
            state: d.state.as_str(),
            created: &d.created,
            expires: &d.expires,
            registrant: &d.registrant,
            manager: d.manager.as_deref(),
            tech: &d.tech,
            arbitration: d.arbitration,
            // A migrated suspension keeps its marker; its case reference is
            // not part of the migration columns.
            suspension: (d.state == crate::model::State::Suspended).then_some("imported"),
            state_since: &d.state_since,
        };
        let stored = self.loader.insert(
            self.conn,
            &new,
            d.nameservers.iter().map(|(h, a)| (h.as_str(), a.as_str())),
            d.ds.iter().map(String::as_str),
        )?;
        match stored {
            Stored::Done(id) => {
                self.counts.domains += 1;
                // Its provenance: the line and the record as stored.
                let digest = crate::store::provenance::RecordRef {
                    name: new.name,
                    unicode: new.unicode,
                    hierarchy: new.hierarchy,
                    state: new.state,
                    created: new.created,
                    expires: new.expires,
                    registrant: new.registrant,
                    manager: new.manager,
                    tech: new.tech,
                    arbitration: new.arbitration,
                    suspension: new.suspension,
                    state_since: new.state_since,
                    nameservers: &d.nameservers,
                    ds: &d.ds,
                }
                .digest();
                let p = &mut self.provenance;
                crate::store::provenance::insert(&mut p.insert, id, line, &digest)?;
                p.records.push(crate::journal::merkle::leaf(
                    &crate::store::provenance::leaf_data(line, &digest),
                ));
                p.first.get_or_insert(id);
                p.last = Some(id);
                Ok(())
            }
            Stored::Duplicate => self.bad(
                BadRow {
                    line,
                    field: Some("name"),
                    kind: crate::error::Kind::Conflict,
                    reason: format!("{} is already registered [Art. 6.1.a]", d.name),
                    refused: None,
                },
                original,
            ),
        }
    }

    /// A bad row: written to the reject file, or (all or nothing) the error
    /// that ends the import and rolls it back.
    pub(crate) fn bad(&mut self, bad: BadRow, original: reject::Original<'_>) -> Result<()> {
        match &mut self.reject {
            Some(w) => {
                self.counts.rejected += 1;
                w.write(&bad, original)
            }
            None => Err(all_or_nothing(&self.file, &bad)),
        }
    }
}

/// The error that stops an all-or-nothing import at its first bad row.
pub(crate) fn all_or_nothing(file: &str, bad: &BadRow) -> Error {
    let mut e = match bad.kind {
        crate::error::Kind::Refused => Error {
            kind: crate::error::Kind::Refused,
            article: bad.refused.as_ref().map(|(a, _)| a.to_string()),
            reason: bad.refused.as_ref().map(|(_, r)| Box::new(r.clone())),
            message: format!("{file}: {}", bad.describe()),
            hint: None,
            cause: None,
        },
        crate::error::Kind::NotFound => Error::not_found(format!("{file}: {}", bad.describe())),
        crate::error::Kind::Conflict => Error::conflict(format!("{file}: {}", bad.describe())),
        _ => Error::usage(format!("{file}: {}", bad.describe())),
    };
    e = e.with_hint(
        "nothing was imported; with --reject FILE the good rows are imported \
         and each bad one is written to FILE",
    );
    e
}
