//! `ptreg export [--out FILE]`: the whole registry as JSON Lines (the format
//! is described in `bulk::restore`), which `import` reads back into a fresh
//! registry as the same registry. Deterministic: the same registry gives the
//! same bytes. With `--out FILE` (not `-`, which is standard output), the
//! file is written as `outfile` writes every output: under a temporary name
//! (mode 0600: it holds personal data) renamed into place, so no reader ever
//! sees half an export, and never over the registry itself.

use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::json;

use crate::bulk::restore;
use crate::cli::ExportArgs;
use crate::context::Ctx;
use crate::error::Result;
use crate::outfile::{self, Holds, OutFile, Taken};
use crate::progress;
use crate::render;
use crate::store::{self, dump};

pub(crate) fn run(args: ExportArgs, ctx: &Ctx) -> Result<()> {
    let mut store = super::open(ctx)?;
    // `-` is standard output, like no --out: then the records are the output.
    let to_file = args.out.as_deref().filter(|p| !outfile::is_stdout(p));
    let mut out = match to_file {
        None => OutFile::stdout(),
        Some(path) => OutFile::create(path, Holds::Personal, &Taken::registry(&ctx.db))?,
    };
    let tx = store.read()?;
    let tables = dump::exported_tables(&tx)?;
    let total = dump::count_rows(&tx, &tables)?;
    let bar = progress::bar(ctx, total, "exporting");
    let rows = {
        let mut w = BufWriter::with_capacity(1 << 16, &mut out);
        let rows = write_all(&tx, &tables, &mut w, &bar)
            .map_err(|e| outfile::write_failed(&shown(to_file), e))?;
        w.flush()
            .map_err(|e| outfile::write_failed(&shown(to_file), e.into()))?;
        rows
    };
    let written = out.commit()?;
    bar.finish();
    drop(tx);
    if let Some(path) = written {
        // An export holds personal data: `contact erase` must find it.
        let tx = store.write()?;
        store::outputs::record(&tx, &path, "export", ctx.now)?;
        tx.commit()?;
    }
    if let Some(path) = to_file {
        let summary = json!({ "out": path.display().to_string(), "records": rows });
        render::emit(ctx, &summary, |_| {
            format!("exported {rows} records to {}", path.display())
        })?;
    }
    Ok(())
}

fn shown(path: Option<&Path>) -> String {
    path.map_or_else(
        || "standard output".to_string(),
        |p| p.display().to_string(),
    )
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
