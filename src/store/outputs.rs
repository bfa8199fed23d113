//! The files ptreg wrote that hold personal data (`output_file`: exports,
//! backups, reject files): recorded
//! by the commands that write them, read by `contact erase`.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

use crate::error::Result;
use crate::rules::periods::{Time, fmt_time};

/// Records (or re-dates) the file at `path`, written by `command` at `now`.
pub(crate) fn record(conn: &Connection, path: &Path, command: &str, now: Time) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO output_file(path, command, written) VALUES (?1, ?2, ?3)
         ON CONFLICT(path) DO UPDATE SET command = excluded.command, written = excluded.written",
    )?
    .execute(params![path.to_string_lossy(), command, fmt_time(now)])?;
    Ok(())
}

/// Every recorded file with the command that wrote it, by path.
pub(crate) fn list(conn: &Connection) -> Result<Vec<(PathBuf, String)>> {
    let mut stmt = conn.prepare("SELECT path, command FROM output_file ORDER BY path")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            PathBuf::from(r.get::<_, String>(0)?),
            r.get::<_, String>(1)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
