//! Bulk work over files: the migration rows of `import` (CSV and JSON Lines),
//! checked and stored through the fast path, bad rows written to a reject
//! file, and the full export / restore of the whole registry.
//!
//! The commands (`import`, `export`, `register --batch`) stay thin and call
//! in here; all SQL stays in `store::bulk`.

pub(crate) mod input;
mod loaded_names;
pub(crate) mod people;
pub(crate) mod reject;
pub(crate) mod restore;
pub(crate) mod row;
pub(crate) mod strict_json;
pub(crate) mod syntax;

use std::collections::HashSet;

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::rules::lifecycle::expiry::reminder_days_due;
use crate::rules::periods::Time;
use crate::rules::policy::Policy;
use crate::store::bulk::{Loader, NewDomain, Stored};
use row::{BadRow, CheckedDomain, Known, RawDomain};

/// What an import did, for its summary and journal entry.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub(crate) struct Counts {
    pub(crate) domains: u64,
    pub(crate) contacts: u64,
    pub(crate) registrars: u64,
    pub(crate) rejected: u64,
    /// Migrated names whose expiry reminders were already due at the
    /// import: passed over, not sent (see `ops::migration`).
    #[serde(skip_serializing_if = "is_zero")]
    pub(crate) reminders_passed_over: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
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

/// Expiry reminders passed over by a migration: (row, expiry, day), in the
/// order the rows were stored.
pub(crate) type PassedOver = Vec<(i64, Time, u32)>;

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
    policy: &'c Policy,
    pub(crate) counts: Counts,
    /// The expiry reminders already due at the import for the rows stored
    /// (row, expiry, day), in row order: passed over (`ops::migration`).
    passed_over: PassedOver,
    /// The file name, for error messages.
    file: String,
    /// With `--reject`: bad rows go here and the import goes on.
    pub(crate) reject: Option<reject::Writer>,
    /// Indexes dropped for a load into an empty registry, built again by
    /// [`Importer::finish`]; the names stored meanwhile, for the duplicate
    /// check the unique index makes otherwise.
    dropped: Option<(
        crate::store::bulk::DroppedIndexes,
        loaded_names::LoadedNames,
    )>,
    provenance: Provenance<'c>,
}

impl<'c> Importer<'c> {
    pub(crate) fn new(
        conn: &'c Connection,
        now: Time,
        policy: &'c Policy,
        file: String,
        reject: Option<reject::Writer>,
    ) -> Result<Importer<'c>> {
        let dropped = crate::store::bulk::drop_indexes_if_empty(conn)?
            .map(|d| (d, loaded_names::LoadedNames::default()));
        Ok(Importer {
            dropped,
            conn,
            loader: Loader::new(conn)?,
            contacts: crate::store::bulk::contact_ids(conn)?,
            registrars: crate::store::bulk::registrar_ids(conn)?,
            now,
            policy,
            counts: Counts::default(),
            passed_over: Vec::new(),
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
    /// and returns the counts, where the rows went and the reminders the
    /// stored rows passed over (row, expiry, day; in row order).
    pub(crate) fn finish(mut self) -> Result<(Counts, Loaded, PassedOver)> {
        if let Some((d, _)) = self.dropped.take() {
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
        Ok((self.counts, loaded, self.passed_over))
    }

    pub(crate) fn conn(&self) -> &'c Connection {
        self.conn
    }

    /// What rows are checked against.
    pub(crate) fn known(&self) -> Known<'_> {
        Known {
            contacts: &self.contacts,
            registrars: &self.registrars,
            now: self.now,
        }
    }

    pub(crate) fn policy(&self) -> &'c Policy {
        self.policy
    }

    /// Whether a bad row goes to a reject file (and the import goes on).
    pub(crate) fn rejects(&self) -> bool {
        self.reject.is_some()
    }

    /// Checks and stores one domain row; a bad one goes to [`Importer::bad`].
    pub(crate) fn domain(
        &mut self,
        line: u64,
        raw: &RawDomain<'_>,
        original: reject::Original<'_>,
    ) -> Result<()> {
        match prepare(line, raw, &self.known(), self.policy) {
            Ok(row) => self.store(row, original),
            Err(bad) => self.bad(bad, original),
        }
    }

    /// Stores a checked row (a name already stored goes to
    /// [`Importer::bad`]); `original` is the row as read, for a reject file.
    pub(crate) fn store(&mut self, row: Prepared, original: reject::Original<'_>) -> Result<()> {
        let Prepared {
            line,
            domain: d,
            digest,
            leaf,
            passed_over,
        } = row;
        let new = d.new_domain();
        let conn = self.conn;
        let stored = match &mut self.dropped {
            Some((_, names))
                if names.contains(new.name, |id| crate::store::bulk::name_of(conn, id))? =>
            {
                Stored::Duplicate
            }
            _ => self.loader.insert(
                conn,
                &new,
                d.nameservers.iter().map(|(h, a)| (h.as_str(), a.as_str())),
                d.ds.iter().map(String::as_str),
            )?,
        };
        match stored {
            Stored::Done(id) => {
                if let Some((_, names)) = &mut self.dropped {
                    names.insert(new.name, id);
                }
                self.counts.domains += 1;
                let p = &mut self.provenance;
                crate::store::provenance::insert(&mut p.insert, id, line, &digest)?;
                p.records.push(leaf);
                p.first.get_or_insert(id);
                p.last = Some(id);
                if !passed_over.is_empty() {
                    self.counts.reminders_passed_over += 1;
                    let expires = d.expires_at;
                    self.passed_over
                        .extend(passed_over.into_iter().map(|day| (id, expires, day)));
                }
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

/// A migration row checked, with what storing it records: the digest of
/// the record as it will be stored and its provenance leaf (`line ‖
/// digest`), and the reminder days already due at the import. Made by
/// [`prepare`], which reads nothing stored, so it can run beside the
/// thread that stores.
pub(crate) struct Prepared {
    line: u64,
    domain: CheckedDomain,
    digest: [u8; 32],
    leaf: crate::journal::merkle::Hash,
    passed_over: Vec<u32>,
}

/// Checks the row of `line` and computes what storing it records.
pub(crate) fn prepare(
    line: u64,
    raw: &RawDomain<'_>,
    known: &Known<'_>,
    policy: &Policy,
) -> Result<Prepared, BadRow> {
    let d = row::check(raw, known).map_err(|bad| BadRow { line, ..bad })?;
    let new = d.new_domain();
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
    let leaf = crate::journal::merkle::leaf(&crate::store::provenance::leaf_data(line, &digest));
    let passed_over = reminder_days_due(d.state, d.expires_at, known.now, policy);
    Ok(Prepared {
        line,
        domain: d,
        digest,
        leaf,
        passed_over,
    })
}

impl CheckedDomain {
    /// The row to store.
    fn new_domain(&self) -> NewDomain<'_> {
        NewDomain {
            name: &self.name,
            unicode: &self.unicode,
            hierarchy: &self.hierarchy,
            state: self.state.as_str(),
            created: &self.created,
            expires: &self.expires,
            registrant: &self.registrant,
            manager: self.manager.as_deref(),
            tech: &self.tech,
            arbitration: self.arbitration,
            // A migrated suspension keeps its marker; its case reference is
            // not part of the migration columns.
            suspension: (self.state == crate::model::State::Suspended).then_some("imported"),
            state_since: &self.state_since,
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
