//! Publishing a zone file: written to a temporary file next to its
//! destination, checked against the last export (unchanged, `--max-changes`),
//! given its final serial, synced, and renamed into place.

use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::guard::{MaxChanges, check_serial};
use super::{Published, write_zone};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::render::zone::serial_field;
use crate::rules::policy::Policy;
use crate::store::zone::{Changes, LastExport};

/// A zone written to a temporary file next to its destination.
pub(super) struct Written {
    temp: TempFile,
    file: File,
    digest: String,
    changes: Changes,
    serial: u32,
    serial_offset: u64,
}

/// Removes the temporary file unless it was renamed into place.
struct TempFile {
    path: PathBuf,
    keep: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Removes the temporary files that exports killed mid-way (power cut,
/// SIGKILL) left next to the destination: those whose process is gone.
/// Another export still running keeps its own.
fn remove_stale_temps(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let pid = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !process_alive(pid)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process runs (Linux: `/proc/PID`); elsewhere assume it does,
/// so nothing that may be in use is removed.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Streams the zone into a temporary file in the destination's directory
/// (same file system, so the final rename is atomic).
pub(super) fn write_file(
    conn: &rusqlite::Connection,
    ctx: &Ctx,
    policy: &Policy,
    serial: u32,
    total: u64,
    path: &Path,
) -> Result<Written> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::usage(format!("--out {}: not a file name", path.display())))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = format!(".{}.ptreg-", name.to_string_lossy());
    remove_stale_temps(&dir, &prefix);
    let temp = TempFile {
        path: dir.join(format!("{prefix}{}.tmp", std::process::id())),
        keep: false,
    };
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&temp.path)
        .map_err(|e| Error::internal(format!("cannot write in {}", dir.display())).with_cause(e))?;
    let (file, digest, serial_offset, changes) =
        write_zone(conn, ctx, policy, serial, total, true, file)?;
    Ok(Written {
        temp,
        file,
        digest,
        changes,
        serial,
        serial_offset,
    })
}

/// Decides what to do with a zone written to its temporary file: leave the
/// destination alone, refuse it (`--max-changes`), or make it ready to put
/// in place (final serial written, synced).
pub(super) fn publish_file(
    ctx: &Ctx,
    mut w: Written,
    path: &Path,
    last: Option<&LastExport>,
    guard: Option<MaxChanges>,
) -> Result<Published> {
    let unchanged = last.is_some_and(|l| l.digest == w.digest);
    let mut published = Published {
        serial: w.serial,
        digest: w.digest.clone(),
        changes: w.changes,
        written: true,
        fresh: true,
        ready: None,
    };
    if let (true, Some(l)) = (unchanged, last) {
        published.fresh = false;
        published.serial = l.serial;
        if path.exists() {
            published.written = false;
            return Ok(published);
        }
        // The file is gone: write the same bytes again, with the last serial.
        w.serial = l.serial;
    } else {
        check_serial(w.serial, last)?;
        if let (Some(guard), Some(l)) = (guard, last) {
            let limit = guard.limit(l.count);
            if w.changes.total() > limit {
                return Err(Error::conflict(format!(
                    "the zone differs from the last export (serial {}) by {} delegations \
                     ({} added, {} removed, {} changed), more than --max-changes allows ({limit}); \
                     {} left alone",
                    l.serial,
                    w.changes.total(),
                    w.changes.added,
                    w.changes.removed,
                    w.changes.changed,
                    path.display()
                ))
                .with_hint("check the registry; rerun with a larger --max-changes to publish"));
            }
        }
    }
    if published.written && !ctx.dry_run {
        w.file.seek(SeekFrom::Start(w.serial_offset))?;
        w.file.write_all(serial_field(w.serial).as_bytes())?;
        w.file.sync_all()?;
        published.ready = Some(w);
    }
    Ok(published)
}

/// Renames the synced temporary file into place (atomic on one file
/// system), then syncs the directory so the rename survives a crash.
pub(super) fn put_in_place(mut w: Written, path: &Path) -> Result<()> {
    std::fs::rename(&w.temp.path, path).map_err(|e| {
        Error::internal(format!(
            "cannot put the zone in place at {}",
            path.display()
        ))
        .with_cause(e)
    })?;
    w.temp.keep = true;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}
