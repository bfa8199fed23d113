//! The CSV imports of `contact import` and `registrar import` (docs/formats.md: a
//! header naming the columns like the flags, order free): reading the file,
//! the one import loop both share; the `--reject` file is the one layout
//! every import writes (`bulk::reject`: the row as read, then its line and
//! reason).

use std::path::Path;

use rusqlite::Connection;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::bulk::reject;
use crate::bulk::row::BadRow;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::outfile::Taken;
use crate::render;
use crate::store;

/// What one `contact import` / `registrar import` reads and records.
pub(crate) struct Import<'a> {
    /// The journal's command: `contact import`, `registrar import`.
    pub(crate) command: journal::Kind,
    /// What the rows are, for the summary: `contacts`, `registrars`.
    pub(crate) what: &'a str,
    /// `what` for one row ("contact").
    pub(crate) one: &'a str,
    pub(crate) columns: &'a [&'a str],
    pub(crate) required: &'a [&'a str],
}

/// Imports a CSV file in one transaction: each row through `insert`; a bad
/// row refuses the whole import (naming its line) unless `--reject` sets it
/// aside; one journal entry with the file's digest; the counts printed.
pub(crate) fn import(
    ctx: &Ctx,
    spec: &Import<'_>,
    path: &Path,
    reject: Option<&Path>,
    mut insert: impl FnMut(&Connection, &CsvFile, &csv::StringRecord) -> Result<()>,
) -> Result<()> {
    let file = CsvFile::read(path, spec.columns, spec.required)?;
    let mut store = open(ctx)?;
    let taken = Taken::registry(&ctx.db).input(path);
    let mut rejects = reject
        .map(|r| {
            let header = csv::ByteRecord::from(file.header.clone());
            reject::Writer::csv(reject::open(r, &taken)?, &header)
        })
        .transpose()?;
    let mut rejected = 0usize;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let mut imported = 0usize;
    for (line, row) in &file.rows {
        match (insert(&tx, &file, row), rejects.as_mut()) {
            (Ok(()), _) => imported += 1,
            (Err(e), Some(rejects)) => {
                rejected += 1;
                let bad = BadRow {
                    line: *line,
                    field: None,
                    kind: e.kind,
                    reason: match &e.article {
                        Some(a) => format!("{} [Art. {a}]", e.message),
                        None => e.message,
                    },
                    refused: None,
                };
                rejects.write(&bad, reject::Original::Csv(row.as_byte_record()))?;
            }
            (Err(e), None) => return Err(row_error(path, *line, e)),
        }
    }
    if let Some(w) = rejects
        && let Some(written) = w.finish()?
    {
        store::outputs::record(&tx, &written, spec.command.as_str(), ctx.now)?;
    }
    let shown = path.display().to_string();
    let reject_shown = reject.map(|r| r.display().to_string());
    journal::append(
        &tx,
        &ctx.stamp(),
        &policy.digest,
        Entry {
            command: spec.command,
            article: None,
            domain: None,
            inputs: json!({ "file": shown, "digest": file.digest, "reject": reject_shown }),
            outcome: json!({ "imported": imported, "rejected": rejected }),
        },
    )?;
    store::finish(tx, ctx.dry_run)?;
    let summary = json!({
        "file": shown,
        "digest": file.digest,
        "imported": imported,
        "rejected": rejected,
        "reject_file": reject_shown,
    });
    render::emit(ctx, &summary, |_| {
        let mut text = format!(
            "{}imported {}",
            if ctx.dry_run {
                "dry run: would have "
            } else {
                ""
            },
            render::count(imported as u64, spec.one, spec.what)
        );
        if let Some(file) = &reject_shown {
            text.push_str(&format!(", rejected {rejected} (see {file})"));
        }
        text
    })?;
    match reject {
        Some(file) if rejected > 0 => Err(Error::rows_rejected(rejected as u64, file)),
        _ => Ok(()),
    }
}

/// A CSV file read whole: its header, its rows with their line numbers, and
/// the SHA-256 of its bytes (journaled, so the import can be traced to it).
pub(crate) struct CsvFile {
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<(u64, csv::StringRecord)>,
    pub(crate) digest: String,
}

impl CsvFile {
    /// Reads `path`, refusing (exit 2) a column not in `known` or a missing
    /// one of `required`, and a row that is not CSV.
    pub(crate) fn read(path: &Path, known: &[&str], required: &[&str]) -> Result<CsvFile> {
        let bytes = super::read_input(path, super::PEOPLE_LIMIT)?;
        let digest = hex::encode(Sha256::digest(&bytes));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(crate::bulk::input::csv_delimiter(&bytes))
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(bytes.as_slice());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| bad_csv(path, e))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        for h in &header {
            // A reject file's own columns: a fixed reject file imports as is.
            let ours = [reject::LINE_COLUMN, reject::REASON_COLUMN].contains(&h.as_str());
            if !ours && !known.contains(&h.as_str()) {
                return Err(Error::usage(format!(
                    "{}: unknown column {h:?} (known: {})",
                    path.display(),
                    known.join(", ")
                )));
            }
        }
        for r in required {
            if !header.iter().any(|h| h == r) {
                return Err(Error::usage(format!(
                    "{}: the header has no column {r:?} (required: {})",
                    path.display(),
                    required.join(", ")
                )));
            }
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| bad_csv(path, e))?;
            let line = record.position().map_or(0, |p| p.line());
            rows.push((line, record));
        }
        Ok(CsvFile {
            header,
            rows,
            digest,
        })
    }

    /// The cell of `column` in `record`, `None` when the column is absent or
    /// the cell empty.
    pub(crate) fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        let idx = self.header.iter().position(|h| h == column)?;
        record.get(idx).filter(|v| !v.is_empty())
    }
}

fn bad_csv(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    let msg = match line {
        Some(line) => format!("{}: line {line}: not valid CSV", path.display()),
        None => format!("{}: not valid CSV", path.display()),
    };
    Error::usage(msg).with_cause(e)
}

/// Whether a CSV cell says yes (an absent column says no), as every reader
/// reads it ([`crate::bulk::syntax::boolean`]).
pub(crate) fn parse_bool(cell: Option<&str>) -> Result<bool, String> {
    cell.map_or(Ok(false), crate::bulk::syntax::boolean)
}

/// The message of a failed row in an all-or-nothing import.
pub(crate) fn row_error(path: &Path, line: u64, err: Error) -> Error {
    let message = format!(
        "{}: line {line}: {}; nothing was imported",
        path.display(),
        err.message
    );
    Error {
        message,
        hint: Some("fix the line, or pass --reject FILE to import the good rows".into()),
        ..err
    }
}
