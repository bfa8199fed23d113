//! `ptreg export [--out FILE]`: the whole registry as JSON Lines (the format
//! is described in `bulk::restore`), which `import` reads back into a fresh
//! registry as the same registry. Deterministic: the same registry gives the
//! same bytes. With `--out`, the file is written under a temporary name
//! (mode 0600: it holds personal data) and renamed into place, so no reader
//! ever sees half an export.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::bulk::restore;
use crate::cli::ExportArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::progress;
use crate::render;
use crate::store::dump;

pub(crate) fn run(args: ExportArgs, ctx: &Ctx) -> Result<()> {
    let mut store = super::open(ctx)?;
    let tx = store.read()?;
    let tables = dump::exported_tables(&tx)?;
    let total = dump::count_rows(&tx, &tables)?;
    let bar = progress::bar(ctx, total, "exporting");
    let rows = match &args.out {
        None => {
            let stdout = std::io::stdout().lock();
            let mut w = BufWriter::with_capacity(1 << 16, stdout);
            let rows = write_all(&tx, &tables, &mut w, &bar)?;
            flush(w)?;
            rows
        }
        Some(path) => {
            let tmp = temp_name(path);
            let result = (|| {
                let mut w = BufWriter::with_capacity(1 << 16, create_private(&tmp)?);
                let rows = write_all(&tx, &tables, &mut w, &bar)?;
                let file = w.into_inner().map_err(|e| e.into_error())?;
                file.sync_all()?;
                std::fs::rename(&tmp, path)?;
                Ok(rows)
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            result.map_err(|e: Error| {
                Error::internal(format!("cannot write {}", path.display()))
                    .with_cause(anyhow::anyhow!(e.human()))
            })?
        }
    };
    bar.finish();
    if let Some(path) = &args.out {
        let summary = json!({ "out": path.display().to_string(), "records": rows });
        render::emit(ctx, &summary, |_| {
            format!("exported {rows} records to {}", path.display())
        })?;
    }
    Ok(())
}

/// Writes the header and every table; returns the number of records.
fn write_all(
    conn: &rusqlite::Connection,
    tables: &[String],
    w: &mut dyn Write,
    bar: &progress::Progress,
) -> Result<u64> {
    if let serde_json::Value::Object(mut header) = restore::header() {
        write_record(w, &mut header)?;
    }
    let mut rows = 0u64;
    for t in tables {
        let mut each = |mut rec: dump::Record| -> Result<()> {
            write_record(w, &mut rec)?;
            rows += 1;
            if rows.is_multiple_of(4096) {
                bar.set(rows);
            }
            Ok(())
        };
        match t.as_str() {
            // Nested in their domain records.
            "nameserver" | "ds" => {}
            "domain" => dump::dump_domains(conn, &mut each)?,
            _ => dump::dump_table(conn, t, &mut each)?,
        }
    }
    Ok(rows)
}

/// One record on one line, `"type"` first so a reader sees at once what
/// the line is (the other keys follow in name order: deterministic).
fn write_record(w: &mut dyn Write, rec: &mut dump::Record) -> Result<()> {
    let kind = rec.remove("type").unwrap_or(serde_json::Value::Null);
    w.write_all(b"{\"type\":")?;
    serde_json::to_writer(&mut *w, &kind).map_err(std::io::Error::from)?;
    for (k, v) in rec.iter() {
        w.write_all(b",")?;
        serde_json::to_writer(&mut *w, k).map_err(std::io::Error::from)?;
        w.write_all(b":")?;
        serde_json::to_writer(&mut *w, v).map_err(std::io::Error::from)?;
    }
    w.write_all(b"}\n")?;
    Ok(())
}

fn flush<W: Write>(mut w: W) -> Result<()> {
    match w.flush() {
        // A reader that went away (`| head`) is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_string());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

fn create_private(path: &Path) -> Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    Ok(opts.open(path)?)
}
