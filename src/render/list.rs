//! Lists (`domains`, `contact list`, `ledger`, ...) in the five formats of
//! `--format`: a table for a person at a terminal, and TSV, CSV, JSON or
//! JSON Lines for scripts. Every format but the table writes each row as it
//! comes, so a list of two million domains is printed in flat memory.
//!
//! TSV is a header line, then one row a line, with tab, newline, carriage
//! return and backslash escaped as `\t`, `\n`, `\r` and `\\`; the column
//! names are the JSON field names. CSV is RFC 4180 (the csv crate). JSON
//! is one array, JSON Lines one object a line.

use std::io::{BufWriter, StdoutLock, Write};

use serde::Serialize;

use crate::cli::Format;
use crate::error::{Error, Result};

/// A list being written: rows go out as they are pushed (the table is held
/// and drawn at the end).
pub(crate) struct Listing<T> {
    format: Format,
    cells: fn(&T) -> Vec<String>,
    out: Out,
    held: Vec<T>,
    rows: usize,
}

enum Out {
    Plain(BufWriter<StdoutLock<'static>>),
    Csv(Box<csv::Writer<StdoutLock<'static>>>),
}

impl<T: Serialize> Listing<T> {
    /// Starts a list whose TSV/CSV columns are `header`, each row's cells
    /// given by `cells` (in the header's order).
    pub(crate) fn new(
        format: Format,
        header: &'static [&'static str],
        cells: fn(&T) -> Vec<String>,
    ) -> Result<Self> {
        let stdout = std::io::stdout().lock();
        let out = match format {
            Format::Csv => Out::Csv(Box::new(csv::Writer::from_writer(stdout))),
            _ => Out::Plain(BufWriter::with_capacity(1 << 16, stdout)),
        };
        let mut listing = Listing {
            format,
            cells,
            out,
            held: Vec::new(),
            rows: 0,
        };
        match (&mut listing.out, format) {
            (Out::Csv(w), _) => w.write_record(header).map_err(csv_error)?,
            (Out::Plain(w), Format::Tsv) => {
                w.write_all(header.join("\t").as_bytes())?;
                w.write_all(b"\n")?;
            }
            (Out::Plain(w), Format::Json) => w.write_all(b"[")?,
            _ => {}
        }
        Ok(listing)
    }

    /// Writes one row (or holds it, for the table).
    pub(crate) fn push(&mut self, item: T) -> Result<()> {
        let first = self.rows == 0;
        self.rows += 1;
        match (&mut self.out, self.format) {
            (_, Format::Table) => self.held.push(item),
            (Out::Csv(w), _) => w.write_record((self.cells)(&item)).map_err(csv_error)?,
            (Out::Plain(w), Format::Tsv) => {
                let cells = (self.cells)(&item);
                for (i, cell) in cells.iter().enumerate() {
                    if i > 0 {
                        w.write_all(b"\t")?;
                    }
                    write_tsv_field(w, cell)?;
                }
                w.write_all(b"\n")?;
            }
            (Out::Plain(w), Format::Json) => {
                // The layout of serde_json's pretty array, one item at a time.
                w.write_all(if first { b"\n  " } else { b",\n  " })?;
                let text = serde_json::to_string_pretty(&item)?;
                w.write_all(text.replace('\n', "\n  ").as_bytes())?;
            }
            (Out::Plain(w), _) => {
                serde_json::to_writer(&mut *w, &item)?;
                w.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    /// Ends the list; the table is drawn by `table` from the held rows
    /// (which also says what an empty list prints). Returns the row count.
    pub(crate) fn finish(mut self, table: impl FnOnce(&[T]) -> String) -> Result<usize> {
        match (&mut self.out, self.format) {
            (Out::Plain(w), Format::Table) => {
                let text = table(&self.held);
                w.write_all(text.as_bytes())?;
                if !text.is_empty() && !text.ends_with('\n') {
                    w.write_all(b"\n")?;
                }
            }
            (Out::Plain(w), Format::Json) => {
                w.write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
            }
            (Out::Csv(w), _) => w.flush()?,
            _ => {}
        }
        if let Out::Plain(w) = &mut self.out {
            w.flush()?;
        }
        Ok(self.rows)
    }
}

/// Writes a TSV field with tab, newline, carriage return and backslash
/// escaped, so every row stays one line of `columns` fields.
fn write_tsv_field(w: &mut impl Write, field: &str) -> std::io::Result<()> {
    let bytes = field.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\\' => b"\\\\",
            _ => continue,
        };
        w.write_all(&bytes[start..i])?;
        w.write_all(escaped)?;
        start = i + 1;
    }
    w.write_all(&bytes[start..])
}

#[cfg(test)]
fn tsv_field(field: &str) -> String {
    let mut out = Vec::with_capacity(field.len());
    // Writing to a Vec cannot fail.
    let _ = write_tsv_field(&mut out, field);
    String::from_utf8_lossy(&out).into_owned()
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        other => Error::internal(format!("CSV encoding failed: {other:?}")),
    }
}

/// An optional value as a cell (empty when absent).
pub(crate) fn opt(v: &Option<impl ToString>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_escapes_tab_newline_return_and_backslash() {
        for (raw, shown) in [
            ("plain", "plain"),
            ("a\tb", "a\\tb"),
            ("line\nnext", "line\\nnext"),
            ("cr\rlf", "cr\\rlf"),
            ("back\\slash", "back\\\\slash"),
            ("\\t", "\\\\t"),
            ("", ""),
            ("São João", "São João"),
            ("\t\n\\", "\\t\\n\\\\"),
        ] {
            assert_eq!(tsv_field(raw), shown, "{raw:?}");
        }
    }

    #[test]
    fn opt_is_empty_when_absent() {
        assert_eq!(opt(&None::<i64>), "");
        assert_eq!(opt(&Some(7)), "7");
    }
}
