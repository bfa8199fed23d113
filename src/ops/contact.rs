//! Contacts: adding and changing them with every field checked (Art. 13,
//! 30.4), and erasing their personal data (RGPD; Art. 29.5), inside the
//! caller's transaction. The command line (`contact add|update|erase`) and
//! EPP (`contact:create|update|delete`) both come here.

use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::model::{Contact, ContactKind};
use crate::outfile::{self, Taken};
use crate::rules::contact::{self as rules, FieldProblem, erasure};
use crate::rules::periods::Time;
use crate::store;

/// A contact's data as given, by flags or by a CSV row; `None` = not given.
#[derive(Debug, Default)]
pub(crate) struct Given {
    pub(crate) name: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) address: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) kind: Option<ContactKind>,
    pub(crate) vat: Option<String>,
    pub(crate) iban: Option<String>,
    pub(crate) whois_consent: Option<bool>,
}

impl Given {
    /// The fields given, by their flag names, in flag order.
    pub(crate) fn names(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (given, name) in [
            (self.name.is_some(), "name"),
            (self.email.is_some(), "email"),
            (self.phone.is_some(), "phone"),
            (self.address.is_some(), "address"),
            (self.country.is_some(), "country"),
            (self.kind.is_some(), "kind"),
            (self.vat.is_some(), "vat"),
            (self.iban.is_some(), "iban"),
            (self.whois_consent.is_some(), "whois_consent"),
        ] {
            if given {
                out.push(name);
            }
        }
        out
    }

    fn to_json(&self) -> Value {
        json!({
            "name": self.name, "email": self.email, "phone": self.phone,
            "address": self.address, "country": self.country,
            "kind": self.kind.map(ContactKind::as_str), "vat": self.vat,
            "iban": self.iban,
            "whois_consent": self.whois_consent,
        })
    }
}

/// Why given data cannot make a contact.
pub(crate) enum Invalid {
    Missing(&'static str),
    Bad(FieldProblem),
}

/// How a field is named in messages: `--email` for flags, `email` in CSV
/// and over EPP.
#[derive(Clone, Copy)]
pub(crate) enum Source {
    Flags,
    Csv,
}

impl Invalid {
    pub(crate) fn into_error(self, source: Source) -> Error {
        let prefix = match source {
            Source::Flags => "--",
            Source::Csv => "",
        };
        match self {
            Invalid::Missing(field) => Error::usage(format!("missing {prefix}{field}")),
            Invalid::Bad(p) => Error::usage(format!(
                "{prefix}{} {:?}: {}",
                p.field.replace('_', "-"),
                p.value,
                p.reason
            )),
        }
    }
}

/// A new contact from the given data: every required field present and
/// every field passing its check.
pub(crate) fn new_contact(id: &str, given: Given, now: Time) -> Result<Contact, Invalid> {
    let need = |v: Option<String>, field| {
        v.filter(|s| !s.trim().is_empty())
            .ok_or(Invalid::Missing(field))
    };
    let c = Contact {
        id: id.to_string(),
        kind: given.kind.unwrap_or(ContactKind::Person),
        name: need(given.name, "name")?,
        email: need(given.email, "email")?,
        phone: need(given.phone, "phone")?,
        address: need(given.address, "address")?,
        country: need(given.country, "country")?,
        vat: given.vat,
        iban: given.iban,
        whois_consent: given.whois_consent.unwrap_or(false),
        created: now,
        updated: now,
    };
    checked(c, &[])
}

/// The contact with the given fields changed (Art. 13); only those are
/// checked, so an old record is not blocked by a field nobody touched.
fn changed_contact(old: &Contact, given: Given, now: Time) -> Result<Contact, Invalid> {
    let fields = given.names();
    let mut c = old.clone();
    if let Some(v) = given.name {
        c.name = v;
    }
    if let Some(v) = given.email {
        c.email = v;
    }
    if let Some(v) = given.phone {
        c.phone = v;
    }
    if let Some(v) = given.address {
        c.address = v;
    }
    if let Some(v) = given.country {
        c.country = v;
    }
    if let Some(v) = given.kind {
        c.kind = v;
    }
    if let Some(v) = given.vat {
        c.vat = Some(v);
    }
    if let Some(v) = given.iban {
        c.iban = Some(v);
    }
    if let Some(v) = given.whois_consent {
        c.whois_consent = v;
    }
    c.updated = now;
    checked(c, &fields)
}

/// The contact normalized, or its first failing field among `only` (all
/// when empty), echoing the value as it was given.
fn checked(mut c: Contact, only: &[&str]) -> Result<Contact, Invalid> {
    let given = c.clone();
    rules::normalize(&mut c);
    match rules::field_problems(&c)
        .into_iter()
        .find(|p| only.is_empty() || only.contains(&p.field))
    {
        Some(mut p) => {
            p.value = rules::field_value(&given, p.field);
            Err(Invalid::Bad(p))
        }
        None => Ok(c),
    }
}

/// Adds a contact inside the caller's transaction, journaled as `contact
/// add`: every face that creates contacts (flags, EPP) goes through here.
pub(crate) fn add_in(
    tx: &rusqlite::Connection,
    stamp: &journal::Stamp,
    id: &str,
    given: Given,
    source: Source,
) -> Result<Contact> {
    let inputs = json!({ "id": id, "fields": given.to_json() });
    let contact = new_contact(id, given, stamp.now).map_err(|e| e.into_error(source))?;
    let policy = store::policy::in_force(tx, stamp.now)?;
    store::contacts::insert_contact(tx, &contact)?;
    journal::append(
        tx,
        stamp,
        &policy.digest,
        Entry {
            command: journal::Kind::ContactAdd,
            article: None,
            domain: None,
            inputs,
            outcome: serde_json::to_value(&contact)?,
        },
    )?;
    Ok(contact)
}

/// Changes a contact inside the caller's transaction, journaled as
/// `contact update` (Art. 13; 30.4 when the WHOIS consent is withdrawn).
pub(crate) fn update_in(
    tx: &rusqlite::Connection,
    stamp: &journal::Stamp,
    id: &str,
    given: Given,
    source: Source,
) -> Result<Contact> {
    // Withdrawing consent is its own right (Art. 30.4); any other change is Art. 13.
    let article = if given.whois_consent == Some(false) {
        "30.4"
    } else {
        "13"
    };
    let mut inputs = json!({ "id": id, "fields": given.to_json() });
    let policy = store::policy::in_force(tx, stamp.now)?;
    let old = store::contacts::get_contact(tx, id)?;
    if let Some(when) = store::contacts::erased_at(tx, id)? {
        return Err(
            Error::conflict(format!("contact {id} was erased on {when} (Art. 29.5)"))
                .with_hint("add a new contact instead"),
        );
    }
    // The contact before the change, so it can be shown as of an earlier
    // time even when it was loaded by `contact import` (store::history).
    inputs["before"] = serde_json::to_value(&old)?;
    let contact = changed_contact(&old, given, stamp.now).map_err(|e| e.into_error(source))?;
    store::contacts::update_contact(tx, &contact)?;
    journal::append(
        tx,
        stamp,
        &policy.digest,
        Entry {
            command: journal::Kind::ContactUpdate,
            article: Some(article),
            domain: None,
            inputs,
            outcome: serde_json::to_value(&contact)?,
        },
    )?;
    Ok(contact)
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
/// and backups are named: (redacted, still holding).
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
    let Some(longest) = values.iter().map(String::len).filter(|&n| n > 0).max() else {
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
