//! `ptreg contact erase ID`: the right to erasure (RGPD; Art. 29.5). The
//! contact keeps its id, kind and country; its personal fields become the
//! erased marker in the contact table, in the outbox and inside every
//! journal entry that recorded them (journal.rs says how the chain stays
//! verifiable).

use serde::Serialize;
use serde_json::json;

use crate::commands::open;
use crate::context::Ctx;
use crate::error::Result;
use crate::journal::{self, Entry};
use crate::model::Contact;
use crate::outfile::{self, Taken};
use crate::render;
use crate::rules::contact::erasure;
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
    let (erased, redacted_entries, notices, searched) = erase_in(&tx, &ctx.stamp(), &contact)?;
    store::finish(tx, ctx.dry_run)?;
    let (redacted_files, files_holding_data) =
        redact_outputs(&ctx.db, ctx.dry_run, &outputs, &searched)?;
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

/// Erases a contact no live domain uses, inside the caller's transaction
/// (the command line and EPP `contact:delete` both call this): returns the
/// erased contact, the redacted journal entries, the number of redacted
/// notices and every value the contact ever had (to redact output files
/// with, [`redact_outputs`]). The caller commits, then redacts the files
/// and scrubs the free space (`Store::scrub_free_space`).
pub(crate) fn erase_in(
    tx: &rusqlite::Connection,
    stamp: &journal::Stamp,
    contact: &Contact,
) -> Result<(Contact, Vec<i64>, usize, Vec<String>)> {
    let id = contact.id.as_str();
    let policy = store::policy::in_force(tx, stamp.now)?;
    erasure::may_erase(id, &store::contacts::live_uses(tx, id)?)?;
    let erased = erasure::erased(contact, stamp.now);
    store::contacts::erase_contact(tx, &erased)?;
    let mut redacted_entries: Vec<i64> = Vec::new();
    let mut notices = 0;
    let mut searched: Vec<String> = Vec::new();
    let before = erasure::erased(contact, contact.updated);
    journal::append_with(tx, stamp, &policy.digest, |erase_seq| {
        // Every value the contact ever had: the current ones and those its
        // journal entries recorded, gathered as they are redacted, then
        // taken out of the notices (one sent to an earlier e-mail too).
        let mut ever = erasure::current_values(contact);
        let redactions = journal::redact_contact(tx, id, erase_seq, |v| {
            erasure::recorded_values(v, id, &mut ever);
            erasure::redact(v, id)
        })?;
        searched = erasure::searchable(ever);
        notices = store::contacts::redact_notices(tx, &searched)?;
        redacted_entries = redactions.iter().map(|r| r.seq).collect();
        // The entry reads like a `contact update` (the contact after, and the
        // contact `before` it, both without personal data), so the contact can
        // still be rebuilt as of any time (store::history), plus the list of
        // redacted entries that `journal::verify` checks.
        let mut outcome = serde_json::to_value(&erased)?;
        outcome["redacted"] = serde_json::to_value(&redactions)?;
        outcome["notices"] = json!(notices);
        Ok(Entry {
            command: journal::Kind::ContactErase,
            article: Some("29.5"),
            domain: None,
            inputs: json!({ "id": id, "before": before }),
            outcome,
        })
    })?;
    Ok((erased, redacted_entries, notices, searched))
}

/// The files ptreg wrote that still exist and hold one of `values`: reject
/// files get the erased marker in their place (not on a dry run), exports
/// are named (see [`Erased::files_holding_data`]).
pub(crate) fn redact_outputs(
    db: &std::path::Path,
    dry_run: bool,
    outputs: &[(std::path::PathBuf, String)],
    values: &[String],
) -> Result<(Vec<String>, Vec<String>)> {
    let taken = Taken::registry(db);
    let (mut redacted, mut holding) = (Vec::new(), Vec::new());
    for (path, command) in outputs {
        // A file gone or unreadable holds nothing ptreg can reach.
        if !holds_any(path, values).unwrap_or(false) {
            continue;
        }
        let shown = path.display().to_string();
        // An export or a backup is the whole registry as it was: rewriting
        // it would make it a different registry; the operator writes it
        // again or deletes it.
        if command == "export" || command == "backup" {
            holding.push(shown);
        } else if dry_run || outfile::redact(path, values, erasure::ERASED, &taken)? {
            redacted.push(shown);
        }
    }
    Ok((redacted, holding))
}

/// Whether the file at `path` contains any of `values`, read in blocks (a
/// backup or an export can be the size of the registry).
fn holds_any(path: &std::path::Path, values: &[String]) -> std::io::Result<bool> {
    use std::io::Read;
    let finders: Vec<memchr::memmem::Finder<'_>> = values
        .iter()
        .filter(|v| !v.is_empty())
        .map(|v| memchr::memmem::Finder::new(v.as_bytes()))
        .collect();
    let Some(longest) = values.iter().map(String::len).max() else {
        return Ok(false);
    };
    const BLOCK: usize = 8 << 20;
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; BLOCK + longest];
    // The last `longest - 1` bytes of a block are kept in front of the
    // next, so a value across the boundary is found.
    let mut kept = 0;
    loop {
        let n = file.read(&mut buf[kept..])?;
        if n == 0 {
            return Ok(false);
        }
        let filled = kept + n;
        if finders.iter().any(|f| f.find(&buf[..filled]).is_some()) {
            return Ok(true);
        }
        kept = (longest - 1).min(filled);
        buf.copy_within(filled - kept..filled, 0);
    }
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

#[cfg(test)]
mod tests {
    use super::holds_any;

    #[test]
    fn a_value_is_found_anywhere_in_a_large_file_even_across_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let value = "ana.silva@correio.pt".to_string();
        // Straddling the first 8 MiB block boundary.
        let mut bytes = vec![b'x'; (8 << 20) - 5];
        bytes.extend_from_slice(value.as_bytes());
        bytes.extend_from_slice(&[b'y'; 100]);
        std::fs::write(&path, &bytes).unwrap();
        assert!(holds_any(&path, std::slice::from_ref(&value)).unwrap());
        assert!(!holds_any(&path, &["rui@correio.pt".to_string()]).unwrap());
        assert!(!holds_any(&path, &[]).unwrap());
        // At the very end, and in a small file.
        std::fs::write(&path, format!("abc{value}")).unwrap();
        assert!(holds_any(&path, &["nada".into(), value]).unwrap());
        assert!(holds_any(&dir.path().join("gone"), &["a".into()]).is_err());
    }
}
