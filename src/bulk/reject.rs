//! The reject file of `--reject`: each bad row as it was read, with its line
//! number and the reason. CSV in gives CSV out (the original columns plus
//! `reject_line` and `reject_reason`, which `import` ignores, so a fixed
//! reject file can be imported as it is); JSON Lines in gives JSON Lines
//! out (`{"line", "reason", "record"}`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use csv::ByteRecord;

use crate::error::{Error, Result};

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
    Csv(Box<csv::Writer<File>>, usize),
    Jsonl(BufWriter<File>),
}

impl Writer {
    /// A CSV reject file with the input's header plus the two columns.
    pub(crate) fn csv(path: &Path, header: &ByteRecord) -> Result<Writer> {
        // Flexible: a row with more fields than the header is written whole.
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(create(path)?);
        let mut h = header.clone();
        h.push_field(LINE_COLUMN.as_bytes());
        h.push_field(REASON_COLUMN.as_bytes());
        w.write_byte_record(&h).map_err(|e| io_error(path, e))?;
        Ok(Writer::Csv(Box::new(w), header.len()))
    }

    pub(crate) fn jsonl(path: &Path) -> Result<Writer> {
        Ok(Writer::Jsonl(BufWriter::new(create(path)?)))
    }

    pub(crate) fn write(&mut self, bad: &BadRow, original: Original<'_>) -> Result<()> {
        let reason = match bad.field {
            Some(f) => format!("{f}: {}", bad.reason_with_article()),
            None => bad.reason_with_article(),
        };
        match (self, original) {
            (Writer::Csv(w, width), Original::Csv(rec)) => {
                let mut out = rec.clone();
                while out.len() < *width {
                    out.push_field(b"");
                }
                out.push_field(bad.line.to_string().as_bytes());
                out.push_field(reason.as_bytes());
                w.write_byte_record(&out)
                    .map_err(|e| Error::internal("cannot write the reject file").with_cause(e))
            }
            (Writer::Jsonl(w), Original::Line(text)) => {
                let record = serde_json::from_str::<serde_json::Value>(text)
                    .unwrap_or_else(|_| serde_json::Value::String(text.to_string()));
                let v = serde_json::json!({ "line": bad.line, "reason": reason, "record": record });
                serde_json::to_writer(&mut *w, &v)?;
                w.write_all(b"\n")?;
                Ok(())
            }
            _ => Err(Error::internal(
                "a reject row does not match the reject file's format",
            )),
        }
    }

    /// Flushes the file; it is complete only after this.
    pub(crate) fn finish(self) -> Result<()> {
        match self {
            Writer::Csv(mut w, _) => w.flush()?,
            Writer::Jsonl(mut w) => w.flush()?,
        }
        Ok(())
    }
}

fn create(path: &Path) -> Result<File> {
    // Rejected rows carry personal data: private like the registry file.
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
        .map_err(|e| Error::usage(format!("cannot write {}", path.display())).with_cause(e))
}

fn io_error(path: &Path, e: csv::Error) -> Error {
    Error::internal(format!("cannot write {}", path.display())).with_cause(e)
}
