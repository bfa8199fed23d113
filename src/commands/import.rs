//! `ptreg import FILE [--reject FILE]`: migrates existing registrations
//! (CSV or JSON Lines, docs/formats.md) with their original dates and states, or
//! restores a full `ptreg export` into a fresh registry.
//!
//! A migration is one transaction and ONE journal entry (`import`, with the
//! file's name and SHA-256, the counts, the range of domain rows it loaded
//! and the Merkle root of their provenance), not one per row: at 2 million
//! rows, per-row entries would double the work and the file. Each row's
//! provenance (its line and the digest of the record as imported) is one
//! small row of `migrated` (`store::provenance`), so `history` shows the
//! import that brought a name and `show --as-of` after the import answers
//! from the record; before it, the name was not yet in this registry.
//!
//! Exit codes of an all-or-nothing import stopped by a bad row: 2 for a
//! malformed value, 4 for an unknown contact or registrar, 5 for a name
//! already live (in the registry or earlier in the file) or a restore into
//! a registry that is not fresh.

use std::io::{BufReader, Read};
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use crate::bulk::input::{self, Format, Hashing};
use crate::bulk::restore::{self, Restorer};
use crate::bulk::{Counts, Importer, reject};
use crate::cli::ImportArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::ops;
use crate::outfile::Taken;
use crate::progress;
use crate::render;
use crate::store;

/// What the command prints.
#[derive(Serialize)]
struct Summary {
    file: String,
    sha256: String,
    format: &'static str,
    /// `migration` or `restore`.
    mode: &'static str,
    #[serde(flatten)]
    counts: Counts,
    dry_run: bool,
}

pub(crate) fn run(args: ImportArgs, ctx: &Ctx) -> Result<()> {
    let super::Stream { head, reader, size } = super::open_stream(&args.file)?;
    let hashing = Hashing::new(reader);
    let format = input::detect(&args.file, &head);
    let name = args.file.display().to_string();

    let mut store = super::open(ctx)?;
    let mut reject_out = args
        .reject
        .as_deref()
        .map(|p| reject::open(p, &Taken::registry(&ctx.db).input(&args.file)))
        .transpose()?;
    store::bulk::tune_for_bulk(store.conn())?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    // CSV rows report their byte offset; JSON Lines are counted by line.
    let bar = match format {
        Format::Csv => progress::bytes(ctx, size, "importing"),
        Format::Jsonl => progress::bar(ctx, 0, "importing"),
    };

    if format == Format::Jsonl && first_line_is_header(&head) {
        if args.reject.is_some() {
            return Err(Error::usage(
                "--reject does not apply to a full export: it is restored whole",
            ));
        }
        let (sha256, counts) = restore_export(&tx, hashing, &bar)?;
        bar.finish();
        store::finish(tx, ctx.dry_run)?;
        return emit(
            ctx,
            Summary {
                file: name,
                sha256,
                format: "jsonl",
                mode: "restore",
                counts,
                dry_run: ctx.dry_run,
            },
        );
    }

    let mut imp = Importer::new(&tx, ctx.now, &policy.policy, name.clone(), None)?;
    let sha256 = match format {
        Format::Csv => {
            let delimiter = input::csv_delimiter(&head);
            input::csv(&mut imp, hashing, reject_out.take(), &bar, delimiter)?
        }
        Format::Jsonl => {
            imp.reject = reject_out.take().map(reject::Writer::jsonl);
            let mut rows = 0u64;
            let mut reader = BufReader::with_capacity(1 << 16, hashing);
            input::lines(&mut reader, |line, text| {
                rows += 1;
                if rows.is_multiple_of(4096) {
                    bar.set(line);
                }
                input::jsonl_record(&mut imp, line, text)
            })?;
            // At the end of the file the buffer is empty: nothing is lost.
            reader.into_inner().finish()?
        }
    };
    bar.finish();
    let (counts, loaded, mut passed_over) = imp.finish()?;
    ops::migration::pass_over(&tx, &mut passed_over, ctx.now)?;
    let mut outcome = serde_json::to_value(&counts)?;
    if let (Some(o), serde_json::Value::Object(l)) =
        (outcome.as_object_mut(), serde_json::to_value(&loaded)?)
    {
        o.extend(l);
    }
    journal::append(
        &tx,
        &ctx.stamp(),
        &policy.digest,
        Entry {
            command: journal::Kind::Import,
            article: Some("31.2"),
            domain: None,
            inputs: json!({
                "file": file_name(&args.file),
                "sha256": sha256,
                "format": format_name(format),
                "reject": args.reject.as_ref().map(|p| file_name(p)),
            }),
            outcome,
        },
    )?;
    store::finish(tx, ctx.dry_run)?;
    let rejected = counts.rejected;
    emit(
        ctx,
        Summary {
            file: name,
            sha256,
            format: format_name(format),
            mode: "migration",
            counts,
            dry_run: ctx.dry_run,
        },
    )?;
    match &args.reject {
        Some(file) if rejected > 0 => Err(Error::rows_rejected(rejected, file)),
        _ => Ok(()),
    }
}

fn first_line_is_header(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(restore::is_header)
}

fn restore_export<R: Read>(
    tx: &rusqlite::Connection,
    input: Hashing<R>,
    bar: &progress::Progress,
) -> Result<(String, Counts)> {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut restorer: Option<Restorer<'_>> = None;
    input::lines(&mut reader, |line, text| {
        if line.is_multiple_of(4096) {
            bar.set(line);
        }
        match &mut restorer {
            None => restorer = Some(Restorer::start(tx, text)?),
            Some(r) => r.record(line, text)?,
        }
        Ok(())
    })?;
    let domains = restorer.map_or(0, |r| r.domains);
    let sha256 = reader.into_inner().finish()?;
    let counts = Counts {
        domains,
        contacts: tx.query_row("SELECT count(*) FROM contact", [], |r| r.get::<_, i64>(0))? as u64,
        registrars: tx.query_row("SELECT count(*) FROM registrar", [], |r| r.get::<_, i64>(0))?
            as u64,
        rejected: 0,
        reminders_passed_over: 0,
    };
    Ok((sha256, counts))
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Jsonl => "jsonl",
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

fn emit(ctx: &Ctx, s: Summary) -> Result<()> {
    render::emit(ctx, &s, |s| {
        let verb = if s.dry_run {
            "would import"
        } else {
            "imported"
        };
        let mut out = if s.mode == "restore" {
            format!(
                "{} {}: the whole registry ({} domains, {} contacts, {} registrars)",
                if s.dry_run {
                    "would restore"
                } else {
                    "restored"
                },
                s.file,
                s.counts.domains,
                s.counts.contacts,
                s.counts.registrars
            )
        } else {
            format!(
                "{verb} {} domains, {} contacts, {} registrars from {}",
                s.counts.domains, s.counts.contacts, s.counts.registrars, s.file
            )
        };
        if s.counts.rejected > 0 {
            out.push_str(&format!(
                "\nrejected {} rows (see the reject file)",
                s.counts.rejected
            ));
        }
        if s.counts.reminders_passed_over > 0 {
            out.push_str(&format!(
                "\n{} names had expiry reminders whose day came before the migration: passed \
                 over (the sweep sends the later ones)",
                s.counts.reminders_passed_over
            ));
        }
        out.push_str(&format!("\nsha256 {}", s.sha256));
        out
    })
}
