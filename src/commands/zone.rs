//! `ptreg zone export`: the `.pt` zone as an RFC 1035 master file (SPEC §8).
//!
//! The zone is streamed from one name-ordered query straight into a
//! buffered writer (`render::zone`), in a read transaction, so memory stays
//! flat and writers are not blocked however large the registry.
//!
//! Without `--out` the zone is printed on stdout and nothing is recorded:
//! printing is a read, and the same registry and serial print the same
//! bytes. With `--out FILE` (publishing) the zone is written to a temporary file in the same
//! directory, synced and renamed into place, so a DNS server never reads
//! half a zone. When its content (everything but the serial) is the same as
//! the last export's and FILE exists, FILE is left alone (exit 0, and the
//! command says so). `--max-changes N` or `N%` (of the delegations of the
//! last export) refuses to publish a zone that adds, removes or changes
//! more delegations than that since the last export; it is an operational
//! guard, not a rule of the .PT regulation, so it exits 5 (conflict) with
//! no article. It needs `--out` (a zone already on stdout cannot be held
//! back) and does not apply to the first export.
//!
//! Serial: `--serial N`, else `YYYYMMDDnn` from `--now`; always greater
//! than the last exported serial (a given one that is not is refused,
//! exit 5). Every published export is recorded (`zone_export`, one journal
//! entry) so the next one knows its serial and what changed.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use crate::cli::ZoneCommand;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::render::{self, zone::ZoneWriter, zone::serial_field};
use crate::rules::periods::Time;
use crate::rules::policy::Policy;
use crate::store::{self, zone::Changes, zone::LastExport};

pub(crate) fn run(cmd: ZoneCommand, ctx: &Ctx) -> Result<()> {
    let ZoneCommand::Export {
        out,
        serial,
        max_changes,
    } = cmd;
    let guard = max_changes
        .as_deref()
        .map(MaxChanges::parse)
        .transpose()
        .map_err(|e| Error::usage(format!("--max-changes: {e}")))?;
    if out.is_none() {
        if guard.is_some() {
            return Err(Error::usage(
                "--max-changes needs --out: a zone already written to stdout cannot be held back",
            ));
        }
        if ctx.json {
            return Err(Error::usage(
                "--json needs --out: without it the zone itself is the output",
            ));
        }
    }
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let last = store::zone::last_export(&tx)?;
    let serial = serial.unwrap_or_else(|| next_serial(ctx.now, last.as_ref().map(|l| l.serial)));
    let total = store::zone::delegated_count(&tx)?;
    let Some(path) = &out else {
        // Printing is a read: nothing is recorded, so the same registry and
        // serial always print the same bytes.
        let stdout = std::io::stdout().lock();
        let (_, _, _, changes) = write_zone(&tx, ctx, &policy.policy, serial, total, stdout)?;
        ctx.status(format!(
            "zone serial {serial}: {} delegations, {} changed since the last export",
            changes.domains,
            changes.total()
        ));
        return Ok(());
    };
    let written = write_file(&tx, ctx, &policy.policy, serial, total, path)?;
    // Commit, not roll back: the differences were kept in a temporary table.
    tx.commit()?;
    let mut report = publish_file(ctx, written, path, last.as_ref(), guard)?;
    if !report.fresh {
        // The same content as the last export, rewritten because the file
        // was gone: nothing new to record.
        if let Some(ready) = report.ready.take() {
            put_in_place(ready, path)?;
        }
    } else if report.written {
        // Recorded and renamed under one write transaction: a failed rename
        // records nothing; a crash after the rename only makes the next
        // export publish again under a newer serial.
        let tx = store.write()?;
        let shown = path.display().to_string();
        store::zone::record_export(
            &tx,
            last.as_ref().map(|l| l.id),
            ctx.now,
            report.serial,
            &report.digest,
            report.changes.domains,
            Some(&shown),
        )?;
        journal::append(
            &tx,
            ctx,
            &policy.digest,
            Entry {
                command: "zone export",
                article: None,
                domain: None,
                inputs: json!({ "out": shown, "max_changes": max_changes }),
                outcome: json!({
                    "serial": report.serial,
                    "digest": report.digest,
                    "domains": report.changes.domains,
                    "added": report.changes.added,
                    "removed": report.changes.removed,
                    "changed": report.changes.changed,
                }),
            },
        )?;
        if let Some(ready) = report.ready.take() {
            put_in_place(ready, path)?;
        }
        store::finish(tx, ctx.dry_run)?;
    }
    let summary = Summary {
        serial: report.serial,
        domains: report.changes.domains,
        changed: report.changes.total(),
        written: report.written && !ctx.dry_run,
        out: Some(path.display().to_string()),
    };
    render::emit(ctx, &summary, |s| summary_text(s, path, ctx.dry_run))
}

/// What `zone export` reports (`--json`).
#[derive(Debug, Serialize)]
struct Summary {
    serial: u32,
    domains: u64,
    /// Delegations added, removed or changed since the last export.
    changed: u64,
    /// Whether the file was (re)written.
    written: bool,
    out: Option<String>,
}

fn summary_text(s: &Summary, path: &Path, dry_run: bool) -> String {
    let path = path.display();
    if dry_run {
        format!(
            "dry run: zone serial {} ({} delegations, {} changed) not written to {path}",
            s.serial, s.domains, s.changed
        )
    } else if s.written {
        format!(
            "zone serial {} written to {path}: {} delegations, {} changed since the last export",
            s.serial, s.domains, s.changed
        )
    } else {
        format!(
            "zone unchanged since serial {}: {path} left alone ({} delegations)",
            s.serial, s.domains
        )
    }
}

/// The outcome of writing: the serial in the published zone, the content
/// digest, the changes, whether anything was written, and whether this is
/// a new export to record (not a rewrite of the last one).
struct Published {
    serial: u32,
    digest: String,
    changes: Changes,
    written: bool,
    fresh: bool,
    /// The zone, synced in its temporary file, to put in place.
    ready: Option<Written>,
}

/// Streams the zone into `out`; returns the sink, the content digest, the
/// offset of the serial field and the changes since the last export.
fn write_zone<W: Write>(
    conn: &rusqlite::Connection,
    ctx: &Ctx,
    policy: &Policy,
    serial: u32,
    total: u64,
    out: W,
) -> Result<(W, String, u64, Changes)> {
    let bar = progress_bar(ctx, total);
    let mut w = ZoneWriter::start(BufWriter::with_capacity(1 << 16, out), &policy.zone, serial)?;
    let changes = store::zone::stream(conn, |d| {
        bar.inc(1);
        Ok(w.delegation(d)?)
    })?;
    bar.finish_and_clear();
    let (buf, digest, serial_offset) = w.finish()?;
    let out = buf
        .into_inner()
        .map_err(|e| Error::internal("writing the zone failed").with_cause(e.into_error()))?;
    Ok((out, digest, serial_offset, changes))
}

fn progress_bar(ctx: &Ctx, total: u64) -> indicatif::ProgressBar {
    if !ctx.progress() {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} delegations, {per_sec}, {eta} left",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    indicatif::ProgressBar::new(total).with_style(style)
}

/// A zone written to a temporary file next to its destination.
struct Written {
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

fn write_file(
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
    let temp = TempFile {
        path: dir.join(format!(
            ".{}.ptreg-{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        )),
        keep: false,
    };
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&temp.path)
        .map_err(|e| Error::internal(format!("cannot write in {}", dir.display())).with_cause(e))?;
    let (file, digest, serial_offset, changes) =
        write_zone(conn, ctx, policy, serial, total, file)?;
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
fn publish_file(
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
fn put_in_place(mut w: Written, path: &Path) -> Result<()> {
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

/// A new serial must be greater than the last exported one.
fn check_serial(serial: u32, last: Option<&LastExport>) -> Result<()> {
    match last {
        Some(l) if serial <= l.serial => Err(Error::conflict(format!(
            "serial {serial} is not greater than the last exported serial {}",
            l.serial
        ))
        .with_hint("omit --serial to get the next one")),
        _ => Ok(()),
    }
}

/// `YYYYMMDDnn` for the day of `now`, or one more than the last serial when
/// that is already as large (several exports a day, or a clock set back).
fn next_serial(now: Time, last: Option<u32>) -> u32 {
    let day: u32 = now.format("%Y%m%d").to_string().parse().unwrap_or(0);
    let dated = day.saturating_mul(100);
    match last {
        Some(l) if l >= dated => l.saturating_add(1),
        _ => dated,
    }
}

/// The `--max-changes` guard.
#[derive(Debug, Clone, Copy, PartialEq)]
enum MaxChanges {
    Count(u64),
    /// Percent of the delegations of the last export.
    Percent(f64),
}

impl MaxChanges {
    fn parse(text: &str) -> std::result::Result<MaxChanges, String> {
        let bad = || format!("{text:?}: expected a count (500) or a percentage (2%)");
        let text = text.trim();
        match text.strip_suffix('%') {
            Some(p) => {
                let p: f64 = p.trim().parse().map_err(|_| bad())?;
                if !(0.0..=100.0).contains(&p) {
                    return Err(bad());
                }
                Ok(MaxChanges::Percent(p))
            }
            None => text.parse().map(MaxChanges::Count).map_err(|_| bad()),
        }
    }

    /// The most changes allowed against a last export of `count` delegations.
    fn limit(self, count: u64) -> u64 {
        match self {
            MaxChanges::Count(n) => n,
            MaxChanges::Percent(p) => (count as f64 * p / 100.0).floor() as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::periods::parse_time;

    #[test]
    fn serials() {
        let now = parse_time("2026-03-01T09:00:00Z").unwrap();
        let table = [
            (None, 2026030100),
            (Some(2025123105), 2026030100),
            (Some(2026030100), 2026030101),
            (Some(2026030199), 2026030200),
            (Some(2027010100), 2027010101),
            (Some(7), 2026030100),
            (Some(u32::MAX), u32::MAX),
        ];
        for (last, want) in table {
            assert_eq!(next_serial(now, last), want, "after {last:?}");
        }
    }

    #[test]
    fn max_changes() {
        assert_eq!(MaxChanges::parse("500"), Ok(MaxChanges::Count(500)));
        assert_eq!(MaxChanges::parse("2%"), Ok(MaxChanges::Percent(2.0)));
        assert_eq!(MaxChanges::parse("0.5 %"), Ok(MaxChanges::Percent(0.5)));
        for bad in ["", "-1", "x", "101%", "%", "5%%"] {
            assert!(MaxChanges::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(MaxChanges::Count(3).limit(1000), 3);
        assert_eq!(MaxChanges::Percent(2.0).limit(2_000_000), 40_000);
        assert_eq!(MaxChanges::Percent(10.0).limit(15), 1);
        assert_eq!(MaxChanges::Percent(50.0).limit(0), 0);
    }

    #[test]
    fn check_serial_against_the_last() {
        let last = LastExport {
            id: 1,
            serial: 2026030100,
            digest: String::new(),
            count: 0,
        };
        assert!(check_serial(2026030101, Some(&last)).is_ok());
        assert!(check_serial(2026030100, Some(&last)).is_err());
        assert!(check_serial(5, None).is_ok());
    }
}
