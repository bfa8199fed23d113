//! Reading migration files: CSV with a header (columns in any order) and
//! JSON Lines, each row with its line number; the file's SHA-256 computed
//! while it is read, for the journal.

use std::io::{BufRead, Read};
use std::path::Path;

use csv::ByteRecord;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::progress::Progress;

use super::Importer;
use super::reject::{self, Original};
use super::row::{BadRow, DsInput, NsInput, RawDomain};

/// The two input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Jsonl,
}

/// By extension (`.jsonl`, `.ndjson`, `.csv`), else by the first byte that
/// is not white space: `{` is JSON Lines.
pub(crate) fn detect(path: &Path, head: &[u8]) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some("jsonl" | "ndjson") => Format::Jsonl,
        Some("csv") => Format::Csv,
        _ => match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::Jsonl,
            _ => Format::Csv,
        },
    }
}

/// The delimiter a CSV header line uses: the most frequent of `,` `;` and
/// tab (a Portuguese spreadsheet writes `;`), if any.
pub(crate) fn delimiter_of(header: &str) -> Option<u8> {
    [b',', b';', b'\t']
        .into_iter()
        .map(|d| (header.bytes().filter(|b| *b == d).count(), d))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, d)| d)
}

/// The delimiter of a CSV file from its first bytes (its header line):
/// see [`delimiter_of`]; a comma when the header has one column.
pub(crate) fn csv_delimiter(head: &[u8]) -> u8 {
    let first = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
    delimiter_of(&String::from_utf8_lossy(first)).unwrap_or(b',')
}

/// A reader that hashes what passes through it and counts the bytes.
pub(crate) struct Hashing<R> {
    inner: R,
    hash: Sha256,
    pub(crate) bytes: u64,
}

impl<R: Read> Hashing<R> {
    pub(crate) fn new(inner: R) -> Self {
        Hashing {
            inner,
            hash: Sha256::new(),
            bytes: 0,
        }
    }

    /// Reads what is left (so the digest covers the whole file) and returns
    /// the hex SHA-256.
    pub(crate) fn finish(mut self) -> Result<String> {
        std::io::copy(&mut self, &mut std::io::sink())?;
        Ok(hex::encode(self.hash.finalize()))
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Where each migration column sits in a CSV row.
struct Columns {
    len: usize,
    name: usize,
    registrant: usize,
    manager: Option<usize>,
    tech: Option<usize>,
    created: usize,
    expires: usize,
    state: Option<usize>,
    nameservers: Option<usize>,
    ds: Option<usize>,
    arbitration: Option<usize>,
}

const KNOWN: &[&str; 10] = &[
    "name",
    "registrant",
    "manager",
    "tech",
    "created",
    "expires",
    "state",
    "nameservers",
    "ds",
    "arbitration",
];

/// Where each of the `known` columns sits in a CSV header (`None`: absent).
/// An unknown or repeated column is bad usage (a typo must not silently drop
/// a column's data); `reject_*` columns of a reject file are passed over, so
/// a fixed reject file imports as it is. Shared by `import` and `register
/// --batch`.
pub(crate) fn header_columns<const N: usize>(
    header: &ByteRecord,
    known: &[&str; N],
) -> Result<[Option<usize>; N]> {
    let mut at: [Option<usize>; N] = [None; N];
    for (i, raw) in header.iter().enumerate() {
        let text = std::str::from_utf8(raw)
            .map_err(|_| Error::usage("line 1: the header is not UTF-8"))?;
        let col = text
            .trim()
            .trim_start_matches('\u{feff}')
            .to_ascii_lowercase();
        if col.starts_with("reject_") {
            continue;
        }
        let k = known.iter().position(|k| *k == col).ok_or_else(|| {
            Error::usage(format!("line 1: unknown column {col:?}"))
                .with_hint(format!("the columns are: {}", known.join(", ")))
        })?;
        if at[k].replace(i).is_some() {
            return Err(Error::usage(format!(
                "line 1: column {col:?} appears twice"
            )));
        }
    }
    Ok(at)
}

/// Maps the header of a migration file; a missing required column is bad
/// usage too.
fn columns(header: &ByteRecord) -> Result<Columns> {
    let at = header_columns(header, KNOWN)?;
    let need = |k: usize| {
        at[k].ok_or_else(|| {
            Error::usage(format!(
                "line 1: the header lacks the column {:?}",
                KNOWN[k]
            ))
        })
    };
    Ok(Columns {
        len: header.len(),
        name: need(0)?,
        registrant: need(1)?,
        manager: at[2],
        tech: at[3],
        created: need(4)?,
        expires: need(5)?,
        state: at[6],
        nameservers: at[7],
        ds: at[8],
        arbitration: at[9],
    })
}

/// How often the progress bar is moved (rows).
const TICK: u64 = 4096;

/// Imports the domain rows of a CSV file; returns the file's SHA-256.
///
/// Two threads: one reads, parses and checks the rows (and hashes the
/// file), the other stores them, in file order; checking is about a third
/// of a large import's load, so it runs beside the storing rather than
/// before it. The rows pass in batches through a bounded channel (memory
/// stays flat). The first error of either side ends both: a bad row in an
/// all-or-nothing import, a storing error, or a CSV that cannot be read.
pub(crate) fn csv<R: Read + Send>(
    imp: &mut Importer<'_>,
    input: Hashing<R>,
    reject: Option<crate::outfile::OutFile>,
    bar: &Progress,
    delimiter: u8,
) -> Result<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(input);
    let mut header = ByteRecord::new();
    if !rdr.read_byte_record(&mut header).map_err(csv_error)? {
        return Err(Error::usage("the file is empty: a CSV header is required"));
    }
    let cols = columns(&header)?;
    if let Some(out) = reject {
        imp.reject = Some(reject::Writer::csv(out, &header)?);
    }
    let reading = Reading {
        contacts: std::mem::take(&mut imp.contacts),
        registrars: std::mem::take(&mut imp.registrars),
        keep_originals: imp.rejects(),
    };
    let (policy, now) = (imp.policy(), imp.now);
    let done = std::thread::scope(|s| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<ReadRow>>(CHANNEL_BATCHES);
        let reader = s.spawn(|| reading.rows(rdr, &cols, now, policy, bar, send));
        let stored = store_rows(imp, receive);
        let read = reader
            .join()
            .map_err(|_| Error::internal("the thread reading the CSV failed"))?;
        // Storing stopped first: its error is the one to tell.
        stored?;
        read?.ok_or_else(|| Error::internal("the CSV reader stopped early"))
    });
    imp.contacts = reading.contacts;
    imp.registrars = reading.registrars;
    done
}

/// Rows per batch sent to the storing thread, and batches in flight.
const BATCH: usize = 512;
const CHANNEL_BATCHES: usize = 8;

/// One row as the reading thread leaves it.
enum ReadRow {
    /// Checked, with the row as read when bad rows go to a reject file.
    Good(Box<super::Prepared>, Option<ByteRecord>),
    /// Bad, with the row as read.
    Bad(BadRow, ByteRecord),
}

/// What the reading thread checks rows against.
struct Reading {
    contacts: std::collections::HashSet<String>,
    registrars: std::collections::HashSet<String>,
    keep_originals: bool,
}

impl Reading {
    /// Reads, parses and checks every row, sending them in batches; returns
    /// the file's SHA-256, or None when the storing side stopped.
    fn rows<R: Read>(
        &self,
        mut rdr: csv::Reader<Hashing<R>>,
        cols: &Columns,
        now: crate::rules::periods::Time,
        policy: &crate::rules::policy::Policy,
        bar: &Progress,
        send: std::sync::mpsc::SyncSender<Vec<ReadRow>>,
    ) -> Result<Option<String>> {
        let known = super::row::Known {
            contacts: &self.contacts,
            registrars: &self.registrars,
            now,
        };
        let mut batch = Vec::with_capacity(BATCH);
        let mut rec = ByteRecord::new();
        let mut rows = 0u64;
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    // The rows before it go first: a bad one among them is
                    // the error an all-or-nothing import tells.
                    let _ = send.send(batch);
                    return Err(csv_error(e));
                }
            }
            rows += 1;
            if rows.is_multiple_of(TICK) {
                bar.set(rec.position().map_or(0, |p| p.byte()));
                bar.message(format!("{rows} rows"));
            }
            let line = rec.position().map_or(0, |p| p.line());
            let checked = if rec.len() != cols.len {
                Err(BadRow {
                    line,
                    field: None,
                    kind: crate::error::Kind::Usage,
                    reason: format!("{} fields where the header has {}", rec.len(), cols.len),
                    refused: None,
                })
            } else {
                raw_from_csv(&rec, cols)
                    .map_err(|bad| BadRow { line, ..bad })
                    .and_then(|raw| super::prepare(line, &raw, &known, policy))
            };
            batch.push(match checked {
                Ok(row) => ReadRow::Good(Box::new(row), self.keep_originals.then(|| rec.clone())),
                Err(bad) => ReadRow::Bad(bad, rec.clone()),
            });
            if batch.len() == BATCH
                && send
                    .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                    .is_err()
            {
                return Ok(None);
            }
        }
        if !batch.is_empty() && send.send(batch).is_err() {
            return Ok(None);
        }
        drop(send);
        rdr.into_inner().finish().map(Some)
    }
}

/// Stores the rows the reading thread sends, in order, until it ends or a
/// row stops the import (the receiver is dropped on return, which stops the
/// reader).
fn store_rows(
    imp: &mut Importer<'_>,
    receive: std::sync::mpsc::Receiver<Vec<ReadRow>>,
) -> Result<()> {
    let none = ByteRecord::new();
    for batch in receive {
        for row in batch {
            match row {
                ReadRow::Good(row, original) => {
                    imp.store(*row, Original::Csv(original.as_ref().unwrap_or(&none)))?
                }
                ReadRow::Bad(bad, original) => imp.bad(bad, Original::Csv(&original))?,
            }
        }
    }
    Ok(())
}

fn raw_from_csv<'r>(rec: &'r ByteRecord, cols: &Columns) -> Result<RawDomain<'r>, BadRow> {
    let get = |field: &'static str, at: Option<usize>| -> Result<&'r str, BadRow> {
        match at {
            None => Ok(""),
            Some(i) => std::str::from_utf8(&rec[i]).map_err(|_| BadRow::usage(field, "not UTF-8")),
        }
    };
    Ok(RawDomain {
        name: get("name", Some(cols.name))?,
        registrant: get("registrant", Some(cols.registrant))?,
        manager: get("manager", cols.manager)?,
        tech: get("tech", cols.tech)?,
        created: get("created", Some(cols.created))?,
        expires: get("expires", Some(cols.expires))?,
        state: get("state", cols.state)?,
        nameservers: NsInput::Text(get("nameservers", cols.nameservers)?),
        ds: DsInput::Text(get("ds", cols.ds)?),
        arbitration: None,
        arbitration_text: get("arbitration", cols.arbitration)?,
    })
}

fn csv_error(e: csv::Error) -> Error {
    match e.kind() {
        csv::ErrorKind::Io(_) => Error::internal("cannot read the file").with_cause(e),
        _ => {
            let line = e.position().map_or(0, |p| p.line());
            Error::usage(format!("line {line}: malformed CSV")).with_cause(e)
        }
    }
}

/// A domain record of a JSON Lines migration file: the CSV columns as
/// fields (other fields, such as those of an export's domain records, are
/// ignored here). Nameservers are `"host"`, `"host=ip,ip"` or
/// `{"host", "addresses"}`.
#[derive(Deserialize)]
pub(crate) struct DomainRecord {
    name: String,
    #[serde(default)]
    registrant: String,
    #[serde(default)]
    manager: Option<String>,
    #[serde(default)]
    tech: Option<String>,
    #[serde(default)]
    created: String,
    #[serde(default)]
    expires: String,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    nameservers: Vec<NsItem>,
    #[serde(default)]
    ds: Vec<String>,
    /// Yes or no, as `bulk::syntax::json_boolean` reads it.
    #[serde(default)]
    arbitration: serde_json::Value,
}

/// A nameserver of a JSON record: `"host"`, `"host=ip,ip"` or
/// `{"host", "addresses"}`.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum NsItem {
    Text(String),
    Host {
        host: String,
        #[serde(default)]
        addresses: Vec<String>,
    },
}

impl NsItem {
    /// The `host[=ip,ip]` text the rules parse.
    pub(crate) fn text(&self) -> String {
        match self {
            NsItem::Text(t) => t.clone(),
            NsItem::Host { host, addresses } if addresses.is_empty() => host.clone(),
            NsItem::Host { host, addresses } => format!("{host}={}", addresses.join(",")),
        }
    }
}

impl DomainRecord {
    fn nameserver_texts(&self) -> Vec<String> {
        self.nameservers.iter().map(NsItem::text).collect()
    }
}

/// The lines of a JSON Lines file, numbered from 1, blank ones skipped.
/// `f` gets the line number and the text (without its line end).
pub(crate) fn lines<R: BufRead>(
    mut input: R,
    mut f: impl FnMut(u64, &str) -> Result<()>,
) -> Result<()> {
    let mut buf = String::new();
    let mut line = 0u64;
    loop {
        buf.clear();
        let n = input.read_line(&mut buf).map_err(|e| {
            if e.kind() == std::io::ErrorKind::InvalidData {
                Error::usage(format!("line {}: not UTF-8", line + 1))
            } else {
                Error::internal("cannot read the file").with_cause(e)
            }
        })?;
        if n == 0 {
            return Ok(());
        }
        line += 1;
        let text = buf.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            continue;
        }
        f(line, text)?;
    }
}

/// Imports one record of a JSON Lines migration file.
pub(crate) fn jsonl_record(imp: &mut Importer<'_>, line: u64, text: &str) -> Result<()> {
    let value: serde_json::Value = match super::strict_json::parse(text) {
        Ok(v) => v,
        Err(e) => {
            let bad = BadRow {
                line,
                field: None,
                kind: crate::error::Kind::Usage,
                reason: format!("not JSON: {e}"),
                refused: None,
            };
            return imp.bad(bad, Original::Line(text));
        }
    };
    let kind = value
        .get("type")
        .and_then(|t| t.as_str())
        .unwrap_or("domain")
        .to_string();
    let result = match kind.as_str() {
        "domain" => match serde_json::from_value::<DomainRecord>(value) {
            Ok(rec) => {
                let ns = rec.nameserver_texts();
                let raw = RawDomain {
                    name: &rec.name,
                    registrant: &rec.registrant,
                    manager: rec.manager.as_deref().unwrap_or(""),
                    tech: rec.tech.as_deref().unwrap_or(""),
                    created: &rec.created,
                    expires: &rec.expires,
                    state: rec.state.as_deref().unwrap_or(""),
                    nameservers: NsInput::Items(&ns),
                    ds: DsInput::List(&rec.ds),
                    arbitration: match super::syntax::json_boolean(&rec.arbitration) {
                        Ok(b) => Some(b),
                        Err(e) => {
                            let bad = BadRow::usage("arbitration", e);
                            return imp.bad(BadRow { line, ..bad }, Original::Line(text));
                        }
                    },
                    arbitration_text: "",
                };
                return imp.domain(line, &raw, Original::Line(text));
            }
            Err(e) => Err(BadRow {
                line,
                field: None,
                kind: crate::error::Kind::Usage,
                reason: format!("bad domain record: {e}"),
                refused: None,
            }),
        },
        "contact" => super::people::contact(imp, value)?,
        "registrar" => super::people::registrar(imp, value)?,
        other => Err(BadRow::usage(
            "type",
            format!("unknown record type {other:?} (domain, contact, registrar)"),
        )),
    };
    match result {
        Ok(()) => Ok(()),
        Err(bad) => imp.bad(BadRow { line, ..bad }, Original::Line(text)),
    }
}

#[cfg(test)]
mod tests;
