//! Publishing a zone file: written to a temporary file next to its
//! destination (created exclusively by `outfile`, never over the registry),
//! checked against the last export and the file already there (unchanged,
//! `--max-changes`), given its final serial, synced, and renamed into place.
//! A FIFO or character device is written through instead: the zone is
//! staged in an unnamed scratch file (its serial is patched in place) and
//! copied through at the end.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::guard::{MaxChanges, check_serial};
use super::{Published, write_zone};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::outfile::{Holds, OutFile, Taken};
use crate::render::zone::serial_field;
use crate::rules::policy::Policy;
use crate::store::zone::{Changes, LastExport};

/// A zone written to a temporary file next to its destination (or to a
/// scratch file, for a destination written through).
pub(super) struct Written {
    out: OutFile,
    scratch: Option<File>,
    digest: String,
    changes: Changes,
    serial: u32,
    serial_offset: u64,
}

impl Written {
    /// The file holding the zone.
    fn file(&mut self) -> Result<&mut File> {
        match &mut self.scratch {
            Some(f) => Ok(f),
            None => self
                .out
                .staged()
                .ok_or_else(|| Error::internal("the zone has no file to be written to")),
        }
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
    let mut out = OutFile::create(path, Holds::Public, &Taken::registry(&ctx.db))?;
    let shown = out.shown().to_string();
    let mut scratch = match out.staged() {
        Some(_) => None,
        None => Some(tempfile::tempfile().map_err(|e| {
            Error::internal("cannot create a scratch file for the zone").with_cause(e)
        })?),
    };
    let file = match (&mut scratch, out.staged()) {
        (Some(f), _) | (None, Some(f)) => f,
        (None, None) => return Err(Error::internal("the zone has no file to be written to")),
    };
    let (_, digest, serial_offset, changes) =
        write_zone(conn, ctx, policy, serial, total, true, &mut *file)
            .map_err(|e| crate::outfile::write_failed(&shown, e))?;
    Ok(Written {
        out,
        scratch,
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
        // The same content as the last export: published again under the
        // last serial, unless the file at that path already holds it.
        published.fresh = false;
        published.serial = l.serial;
        w.serial = l.serial;
        patch_serial(&mut w).map_err(|e| w.out.failed(e))?;
        if holds_the_same(&mut w)? {
            published.written = false;
            return Ok(published);
        }
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
        patch_serial(&mut w).map_err(|e| w.out.failed(e))?;
    }
    if published.written && !ctx.dry_run {
        published.ready = Some(w);
    }
    Ok(published)
}

/// Writes the final serial into the staged zone.
fn patch_serial(w: &mut Written) -> Result<()> {
    let (offset, serial) = (w.serial_offset, w.serial);
    let file = w.file()?;
    file.seek(SeekFrom::Start(offset))?;
    file.write_all(serial_field(serial).as_bytes())?;
    Ok(())
}

/// Whether the regular file at the destination already holds exactly the
/// staged zone (a FIFO or device never does: it is always written).
fn holds_the_same(w: &mut Written) -> Result<bool> {
    let Some(target) = w.out.target().map(Path::to_path_buf) else {
        return Ok(false);
    };
    let Ok(existing) = File::open(&target) else {
        return Ok(false);
    };
    let file = w.file()?;
    file.seek(SeekFrom::Start(0))?;
    same_bytes(BufReader::new(&*file), BufReader::new(existing)).map_err(Error::from)
}

fn same_bytes(mut a: impl Read, mut b: impl Read) -> std::io::Result<bool> {
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut x)?;
        let m = read_full(&mut b, &mut y)?;
        if n != m || x[..n] != y[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Puts the synced zone in place: renamed onto the destination (atomic on
/// one file system, the directory synced), or copied through a FIFO or
/// device.
pub(super) fn put_in_place(mut w: Written, _path: &Path) -> Result<()> {
    if let Some(mut scratch) = w.scratch.take() {
        scratch.seek(SeekFrom::Start(0))?;
        std::io::copy(&mut scratch, &mut w.out).map_err(|e| w.out.failed(e.into()))?;
    }
    w.out.commit().map(|_| ())
}
