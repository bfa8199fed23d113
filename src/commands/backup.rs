//! `ptreg backup FILE`: a consistent copy of the registry through SQLite's
//! online backup API, safe while other processes write.
//!
//! The copy is made in a private temporary file created exclusively beside
//! FILE and renamed onto it (see `outfile`), so a reader never sees half a
//! backup and an old backup survives a failure; the temporary file and the
//! journal SQLite keeps beside it are removed after a failure (and by the
//! next backup to the same name after a kill). `-` writes the copy to
//! standard output, and a FIFO or character device is written through: the
//! copy is then made in a scratch file beside the registry and streamed.

use std::fs::File;
use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::Backup;
use serde_json::json;

use crate::cli::BackupArgs;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::Result;
use crate::outfile::{self, Holds, OutFile, Taken};
use crate::render;
use crate::store;

pub(crate) fn run(args: BackupArgs, ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let mut out =
        OutFile::create_or_stdout(&args.file, Holds::Personal, &Taken::registry(&ctx.db))?;
    let shown = out.shown().to_string();
    let pages = match out.staged_path().map(Path::to_path_buf) {
        Some(path) => {
            let _sidecars = Sidecars(&path);
            copy(store.conn(), &path).map_err(|e| outfile::write_failed(&shown, e))?
        }
        None => {
            // Standard output or a device: copy to a scratch file, then stream it.
            let dir = match ctx.db.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => std::path::PathBuf::from("."),
            };
            let name = ctx.db.file_name().unwrap_or_else(|| "ptreg.db".as_ref());
            let scratch = outfile::scratch(&dir, name)?;
            let _sidecars = Sidecars(scratch.path());
            let pages = copy(store.conn(), scratch.path())
                .map_err(|e| outfile::write_failed(&scratch.path().display().to_string(), e))?;
            let mut copied = File::open(scratch.path())?;
            std::io::copy(&mut copied, &mut out).map_err(|e| out.failed(e.into()))?;
            pages
        }
    };
    if let Some(path) = out.commit()? {
        // A backup holds personal data: `contact erase` must find it.
        let tx = store.write()?;
        store::outputs::record(&tx, &path, "backup", ctx.now)?;
        tx.commit()?;
    }
    if outfile::is_stdout(&args.file) {
        return Ok(());
    }
    let value = json!({ "backup": shown, "pages": pages });
    render::emit(ctx, &value, |_| {
        format!("backed up {} to {shown} ({pages} pages)", ctx.db.display())
    })
}

/// Copies the registry into the (empty) SQLite file at `path`; returns the
/// number of pages.
fn copy(src: &Connection, path: &Path) -> Result<i32> {
    let mut dst = Connection::open(path)?;
    let backup = Backup::new(src, &mut dst)?;
    backup.run_to_completion(512, Duration::from_millis(5), None)?;
    let pages = backup.progress().pagecount;
    drop(backup);
    // The copy is a plain rollback-journal file: one file, easy to move.
    let _: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    dst.close().map_err(|(_, e)| e)?;
    Ok(pages)
}

/// Removes the files SQLite may leave beside a copy that failed midway.
struct Sidecars<'a>(&'a Path);

impl Drop for Sidecars<'_> {
    fn drop(&mut self) {
        for suffix in ["-journal", "-wal", "-shm"] {
            let mut side = self.0.as_os_str().to_owned();
            side.push(suffix);
            let _ = std::fs::remove_file(side);
        }
    }
}
