//! `ptreg zone export`: the `.pt` zone as an RFC 1035 master file.
//!
//! The zone is streamed from one name-ordered query straight into a
//! buffered writer (`render::zone`), in a read transaction, so memory stays
//! flat and writers are not blocked however large the registry.
//!
//! Without `--out` the zone is printed on stdout and nothing is recorded:
//! printing is a read, and the same registry and serial print the same
//! bytes. The summary goes to stderr (`--json` needs `--out`: stdout holds
//! the zone).
//!
//! With `--out FILE` the zone is published: written to a temporary file in
//! the same directory, synced and renamed into place, so a DNS server never
//! reads half a zone. When its content (everything but the serial) is the
//! same as the last export's and FILE exists, FILE is left alone (exit 0,
//! and the command says so). `--max-changes N` or `N%` (of the delegations
//! of the last export) refuses to publish a zone that adds, removes or
//! changes more delegations than that since the last export; it is an
//! operational guard, not a rule of the .PT regulation, so it exits 5
//! (conflict) with no article. It needs `--out` (a zone already on stdout
//! cannot be held back) and does not apply to the first export.
//!
//! Serial: `--serial N`, else `YYYYMMDDnn` from `--now`, or one more than
//! the last published serial when that is already as large. A published
//! serial is always greater than the last one in DNS serial arithmetic
//! (RFC 1982: serials wrap around after 4294967295, and a serial is greater
//! when it is at most 2147483647 ahead); a given one that is not is refused
//! (exit 5), and omitting `--serial` always finds the next one. Every publication is recorded (`zone_export`,
//! `zone_delegation`, one journal entry) so the next one knows its serial
//! and what changed.

mod guard;
mod publish;

use std::io::{BufWriter, Write};
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use crate::cli::ZoneCommand;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::render::{self, zone::ZoneWriter};
use crate::rules::policy::Policy;
use crate::store::{self, zone::Changes};

use guard::{MaxChanges, next_serial};
use publish::{Written, publish_file, put_in_place, write_file};

pub(crate) fn run(cmd: ZoneCommand, ctx: &Ctx) -> Result<()> {
    let ZoneCommand::Export {
        out,
        serial,
        max_changes,
    } = cmd;
    // `--out -` is standard output, as without --out.
    let out = out.filter(|p| !crate::outfile::is_stdout(p));
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
    let requested = serial;
    let serial = serial.unwrap_or_else(|| next_serial(ctx.now, last.as_ref().map(|l| l.serial)));
    // The count only sizes the progress bar: skip its scan when none is drawn.
    let total = if ctx.progress() {
        store::zone::delegated_count(&tx)?
    } else {
        0
    };
    let Some(path) = &out else {
        // Printing is a read: nothing is recorded, so the same registry and
        // serial always print the same bytes.
        let stdout = std::io::stdout().lock();
        let (_, _, _, changes) =
            write_zone(&tx, ctx, &policy.policy, serial, total, false, stdout)?;
        ctx.status(format!(
            "zone serial {serial}: {}, {} changed since the last export",
            render::count(changes.domains, "delegation", "delegations"),
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
            &ctx.stamp(),
            &policy.digest,
            Entry {
                command: journal::Kind::ZoneExport,
                article: None,
                domain: None,
                inputs: json!({
                    "out": shown,
                    "serial": requested,
                    "max_changes": max_changes,
                }),
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
    let delegations = render::count(s.domains, "delegation", "delegations");
    if dry_run {
        format!(
            "dry run: zone serial {} ({delegations}, {} changed) not written to {path}",
            s.serial, s.changed
        )
    } else if s.written {
        format!(
            "zone serial {} written to {path}: {delegations}, {} changed since the last export",
            s.serial, s.changed
        )
    } else {
        format!(
            "zone unchanged since serial {}: {path} left alone ({delegations})",
            s.serial
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
    keep: bool,
    out: W,
) -> Result<(W, String, u64, Changes)> {
    let bar = progress_bar(ctx, total);
    let mut w = ZoneWriter::start(BufWriter::with_capacity(1 << 16, out), &policy.zone, serial)?;
    let mut pending = 0;
    let changes = store::zone::stream(conn, ctx.now, policy, keep, |d| {
        // The bar reads the clock on each tick: tick it in batches.
        pending += 1;
        if pending == 1024 {
            bar.inc(pending);
            pending = 0;
        }
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
