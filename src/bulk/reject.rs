//! The reject file of `--reject`: each bad row as it was read, with its line
//! number and the reason. CSV in gives CSV out (the original columns plus
//! `reject_line` and `reject_reason`, which `import` ignores, so a fixed
//! reject file can be imported as it is); JSON Lines in gives JSON Lines
//! out (`{"line", "reason", "record"}`).

use std::io::{BufWriter, Write};
use std::path::Path;

use csv::ByteRecord;

use crate::error::{Error, Result};
use crate::outfile::{self, Holds, OutFile, Taken};

use super::row::BadRow;

/// The columns a reject file adds to a CSV row.
pub(crate) const LINE_COLUMN: &str = "reject_line";
pub(crate) const REASON_COLUMN: &str = "reject_reason";

/// A bad row as read.
pub(crate) enum Original<'a> {
    Csv(&'a ByteRecord),
    Line(&'a str),
}

pub(crate) enum Writer {
    /// The writer and the header's width (short rows are padded to it, so
    /// the reason stays under its column).
    Csv(Box<csv::Writer<OutFile>>, usize),
    Jsonl(BufWriter<OutFile>),
}

/// Opens the reject file at `path` before anything is read or written:
/// never the registry or an input of the command (`taken`), created
/// exclusively and private (rejected rows carry personal data), put in
/// place only when the command finishes (see `outfile`).
pub(crate) fn open(path: &Path, taken: &Taken) -> Result<OutFile> {
    if outfile::is_stdout(path) {
        return Err(Error::usage(
            "--reject -: the reject file must be a file (standard output carries the summary)",
        ));
    }
    OutFile::create(path, Holds::Personal, taken)
}

impl Writer {
    /// A CSV reject file with the input's header plus the two columns.
    pub(crate) fn csv(out: OutFile, header: &ByteRecord) -> Result<Writer> {
        let shown = out.shown().to_string();
        // Flexible: a row with more fields than the header is written whole.
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
        let mut h = header.clone();
        h.push_field(LINE_COLUMN.as_bytes());
        h.push_field(REASON_COLUMN.as_bytes());
        w.write_byte_record(&h).map_err(|e| csv_error(&shown, e))?;
        Ok(Writer::Csv(Box::new(w), header.len()))
    }

    pub(crate) fn jsonl(out: OutFile) -> Writer {
        Writer::Jsonl(BufWriter::new(out))
    }

    pub(crate) fn write(&mut self, bad: &BadRow, original: Original<'_>) -> Result<()> {
        let reason = match bad.field {
            Some(f) => format!("{f}: {}", bad.reason_with_article()),
            None => bad.reason_with_article(),
        };
        // The row itself is written whole; its reason need not echo it again.
        let reason = crate::error::cut_echoes(&reason);
        match (self, original) {
            (Writer::Csv(w, width), Original::Csv(rec)) => {
                let mut out = rec.clone();
                while out.len() < *width {
                    out.push_field(b"");
                }
                out.push_field(bad.line.to_string().as_bytes());
                out.push_field(reason.as_bytes());
                let shown = w.get_ref().shown().to_string();
                w.write_byte_record(&out).map_err(|e| csv_error(&shown, e))
            }
            (Writer::Jsonl(w), Original::Line(text)) => {
                let record = serde_json::from_str::<serde_json::Value>(text)
                    .unwrap_or_else(|_| serde_json::Value::String(text.to_string()));
                let v = serde_json::json!({ "line": bad.line, "reason": reason, "record": record });
                let written = serde_json::to_writer(&mut *w, &v)
                    .map_err(std::io::Error::from)
                    .and_then(|()| w.write_all(b"\n"));
                written.map_err(|e| w.get_ref().failed(e.into()))
            }
            _ => Err(Error::internal(
                "a reject row does not match the reject file's format",
            )),
        }
    }

    /// Flushes the file and puts it in place; it exists only after this.
    /// Returns its canonical path (to be recorded: it holds personal data).
    pub(crate) fn finish(self) -> Result<Option<std::path::PathBuf>> {
        let out = match self {
            Writer::Csv(mut w, _) => {
                let shown = w.get_ref().shown().to_string();
                w.flush()
                    .map_err(|e| outfile::write_failed(&shown, e.into()))?;
                w.into_inner()
                    .map_err(|e| outfile::write_failed(&shown, clone_io(e.error()).into()))?
            }
            Writer::Jsonl(w) => w.into_inner().map_err(|e| {
                let (e, w) = e.into_parts();
                w.get_ref().failed(e.into())
            })?,
        };
        out.commit()
    }
}

fn clone_io(e: &std::io::Error) -> std::io::Error {
    match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => std::io::Error::new(e.kind(), e.to_string()),
    }
}

fn csv_error(shown: &str, e: csv::Error) -> Error {
    if !e.is_io_error() {
        return Error::internal(format!("cannot write {shown}")).with_cause(e);
    }
    match e.into_kind() {
        csv::ErrorKind::Io(io) => outfile::write_failed(shown, io.into()),
        _ => Error::internal(format!("cannot write {shown}")),
    }
}
