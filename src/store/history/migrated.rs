//! Migrated names in the past: the import that brought a registration, the
//! record as imported (kept when the row first changed, else the row itself,
//! checked against the digest recorded at import), and the registry as it
//! stood at a time (`domains --as-of`).

use rusqlite::Connection;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::rules::periods::{Time, fmt_time};
use crate::store::journal::{self, Kind, Stored};
use crate::store::provenance::{self, Imported, Migrated};

/// What an `import` entry records of the rows it loaded (migrations since
/// provenance was kept; earlier imports have none of these).
#[derive(Debug, Deserialize)]
pub(crate) struct ImportOutcome {
    #[serde(default)]
    pub(crate) domains_from: Option<i64>,
    #[serde(default)]
    pub(crate) domains_to: Option<i64>,
    /// Hex RFC 9162 root over `line ‖ digest` of the rows, in row order.
    #[serde(default)]
    pub(crate) records_root: Option<String>,
}

/// What an `import` entry records of its file.
#[derive(Debug, Deserialize)]
pub(crate) struct ImportInputs {
    #[serde(default)]
    pub(crate) file: Option<String>,
    #[serde(default)]
    pub(crate) sha256: Option<String>,
    #[serde(default)]
    pub(crate) format: Option<String>,
}

/// Every import entry with the range of rows it loaded.
pub(crate) fn imports(conn: &Connection) -> Result<Vec<(Stored, ImportOutcome)>> {
    journal::of_kind(conn, Kind::Import)?
        .into_iter()
        .map(|e| {
            let o: ImportOutcome = e.outcome()?;
            Ok((e, o))
        })
        .collect()
}

/// A migrated registration with the import that brought it.
#[derive(Debug, Clone)]
pub(crate) struct Provenance {
    pub(crate) import: Stored,
    pub(crate) row: Migrated,
    /// The record as imported.
    pub(crate) record: Imported,
    /// Whether the row has changed since (the record was kept by then).
    pub(crate) changed: bool,
}

impl Provenance {
    /// How the name came: `the import of FILE (journal entry N at TIME, line L)`.
    pub(crate) fn arrival(&self) -> String {
        let file = self
            .import
            .inputs::<ImportInputs>()
            .ok()
            .and_then(|i| i.file)
            .unwrap_or_else(|| "a file".to_string());
        format!(
            "the import of {file} (journal entry {} at {}, line {})",
            self.import.seq, self.import.time, self.row.line
        )
    }
}

/// The import entry whose rows include `domain_id`.
pub(crate) fn import_of(imports: &[(Stored, ImportOutcome)], domain_id: i64) -> Option<&Stored> {
    imports
        .iter()
        .find(|(_, o)| {
            matches!((o.domains_from, o.domains_to), (Some(a), Some(b)) if a <= domain_id && domain_id <= b)
        })
        .map(|(e, _)| e)
}

/// The record as imported of one migrated row: the kept original, or the
/// row itself while unchanged; either must have the digest recorded at
/// import, or it is an error (the file was changed outside ptreg).
pub(crate) fn record_of(conn: &Connection, m: &Migrated) -> Result<(Imported, bool)> {
    record_of_row(m, || {
        crate::store::domains::find_by_id(conn, m.domain_id)?.ok_or_else(|| {
            Error::internal(format!("migrated domain row {} is missing", m.domain_id))
        })
    })
}

/// [`record_of`] with the row as it is now given by `current` (called only
/// when the row has not changed since the import).
pub(crate) fn record_of_row(
    m: &Migrated,
    current: impl FnOnce() -> Result<crate::model::Domain>,
) -> Result<(Imported, bool)> {
    let (record, changed) = match &m.original {
        Some(text) => {
            let r: Imported = serde_json::from_str(text).map_err(|e| {
                Error::internal(format!(
                    "the kept import record of domain row {} is unreadable",
                    m.domain_id
                ))
                .with_cause(e)
            })?;
            (r, true)
        }
        None => (Imported::of_stored(&current()?), false),
    };
    if record.digest() != m.digest {
        return Err(Error::internal(format!(
            "domain row {} ({}) no longer matches the record its import recorded (line {}): \
             it was changed outside ptreg",
            m.domain_id, record.name, m.line
        ))
        .with_hint("run `ptreg audit verify`"));
    }
    Ok((record, changed))
}

/// The migrated registrations of `name`, each with its import and record.
pub(crate) fn of_name(conn: &Connection, name: &str) -> Result<Vec<Provenance>> {
    of_name_with(conn, name, &imports(conn)?)
}

/// [`of_name`] with the import entries already read ([`imports`]).
pub(crate) fn of_name_with(
    conn: &Connection,
    name: &str,
    imports: &[(Stored, ImportOutcome)],
) -> Result<Vec<Provenance>> {
    let rows = provenance::for_name(conn, name)?;
    let mut out = Vec::new();
    for row in rows {
        let import = import_of(imports, row.domain_id).cloned().ok_or_else(|| {
            Error::internal(format!(
                "no import entry records migrated domain row {}",
                row.domain_id
            ))
        })?;
        let (record, changed) = record_of(conn, &row)?;
        out.push(Provenance {
            import,
            row,
            record,
            changed,
        });
    }
    Ok(out)
}

/// The import that brought `name` after `at`, if one did (to say "not yet
/// in this registry" rather than "not registered").
pub(crate) fn imported_after(
    conn: &Connection,
    name: &str,
    at: Time,
) -> Result<Option<Provenance>> {
    let at = fmt_time(at);
    Ok(of_name(conn, name)?
        .into_iter()
        .find(|p| p.import.time > at))
}
