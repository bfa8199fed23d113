//! `ptreg contact erase ID`: the right to erasure (RGPD; Art. 29.5). The
//! contact keeps its id, kind and country; its personal fields become the
//! erased marker in the contact table, in the outbox and inside every
//! journal entry that recorded them (journal.rs says how the chain stays
//! verifiable).

use serde::Serialize;

use crate::commands::open;
use crate::context::Ctx;
use crate::error::Result;
use crate::model::Contact;
use crate::ops;
use crate::render;
use crate::store;

/// What an erasure did.
#[derive(Serialize)]
struct Erased {
    contact: Contact,
    /// The journal entries whose personal data was replaced.
    redacted_entries: Vec<i64>,
    /// The notices whose recipient or text held the contact's data.
    notices: usize,
    /// False when the contact had been erased before (nothing done).
    changed: bool,
    /// How the file's free space and log were cleared (not on a dry run).
    scrubbed: Option<store::Scrubbed>,
    /// Reject files ptreg wrote whose copies of the data were replaced.
    redacted_files: Vec<String>,
    /// Exports ptreg wrote that still hold the data: an export is a whole
    /// registry with its journal, which a text replacement would break, so
    /// it is named for the operator to export again or delete.
    files_holding_data: Vec<String>,
}

pub(super) fn erase(id: &str, ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let contact = store::contacts::get_contact(&tx, id)?;
    if store::contacts::erased_at(&tx, id)?.is_some() {
        drop(tx);
        // Nothing to redact; the free space and the log are cleared again
        // (the way forward when readers held the log the first time).
        let scrubbed = (!ctx.dry_run)
            .then(|| store.scrub_free_space())
            .transpose()?;
        let done = Erased {
            contact,
            redacted_entries: Vec::new(),
            notices: 0,
            changed: false,
            scrubbed,
            redacted_files: Vec::new(),
            files_holding_data: Vec::new(),
        };
        ctx.status(format!("contact {id} was already erased; nothing to do"));
        return render::emit(ctx, &done, text);
    }
    let outputs = store::outputs::list(&tx)?;
    let (erased, redacted_entries, notices, searched) =
        ops::contact::erase_in(&tx, &ctx.stamp(), &contact)?;
    store::finish(tx, ctx.dry_run)?;
    let (redacted_files, files_holding_data) =
        ops::contact::redact_outputs(&ctx.db, ctx.dry_run, &outputs, &searched)?;
    for file in &files_holding_data {
        ctx.status(format!(
            "warning: {file} (an export or backup ptreg wrote) still holds the \
             contact's data: write it again or delete it"
        ));
    }
    let scrubbed = if ctx.dry_run {
        ctx.status(format!("dry run: contact {id} would be erased"));
        None
    } else {
        let s = store.scrub_free_space()?;
        if !s.log_emptied {
            ctx.status(
                "warning: readers kept the write-ahead log from being emptied; \
                 the erased values stay in it until the next checkpoint \
                 (run `ptreg contact erase` again when they are done)",
            );
        }
        Some(s)
    };
    let done = Erased {
        contact: erased,
        redacted_entries,
        notices,
        changed: true,
        scrubbed,
        redacted_files,
        files_holding_data,
    };
    render::emit(ctx, &done, text)
}

fn text(e: &Erased) -> String {
    if !e.changed {
        return format!("contact {} was already erased", e.contact.id);
    }
    let mut text = format!(
        "erased the personal data of contact {} (Art. 29.5): {} journal entries and {} notices redacted",
        e.contact.id,
        e.redacted_entries.len(),
        e.notices
    );
    for f in &e.redacted_files {
        text.push_str(&format!("\nredacted {f}"));
    }
    text
}
