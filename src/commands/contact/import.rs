//! `ptreg contact import FILE [--reject FILE]`: contacts from CSV, all or
//! nothing unless `--reject` takes the bad rows aside.

use std::path::Path;

use crate::commands::csv_rows::{self, CsvFile};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::{Contact, ContactKind};
use crate::ops::contact::{Given, Invalid, Source, new_contact};
use crate::rules::contact::{self as rules, FieldProblem};
use crate::rules::periods::Time;
use crate::store;

const COLUMNS: &[&str] = &[
    "id",
    "name",
    "email",
    "phone",
    "address",
    "country",
    "kind",
    "vat",
    "iban",
    "whois_consent",
];
const REQUIRED: &[&str] = &["id", "name", "email", "phone", "address", "country"];

/// One CSV row as a new contact.
fn contact_from_row(file: &CsvFile, row: &csv::StringRecord, now: Time) -> Result<Contact> {
    let cell = |col: &str| file.get(row, col).map(str::to_string);
    let id = cell("id").ok_or_else(|| Invalid::Missing("id").into_error(Source::Csv))?;
    rules::check_id(&id).map_err(|reason| {
        Invalid::Bad(FieldProblem {
            field: "id",
            value: id.clone(),
            reason,
        })
        .into_error(Source::Csv)
    })?;
    let kind = match file
        .get(row, "kind")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("person") => ContactKind::Person,
        Some("organization" | "organisation") => ContactKind::Organization,
        Some(other) => {
            return Err(Error::usage(format!(
                "kind {other:?}: expected person or organization"
            )));
        }
    };
    let whois_consent = csv_rows::parse_bool(file.get(row, "whois_consent"))
        .map_err(|e| Error::usage(format!("whois_consent {e}")))?;
    let given = Given {
        name: cell("name"),
        email: cell("email"),
        phone: cell("phone"),
        address: cell("address"),
        country: cell("country"),
        kind: Some(kind),
        vat: cell("vat"),
        iban: cell("iban"),
        whois_consent: Some(whois_consent),
    };
    new_contact(&id, given, now).map_err(|e| e.into_error(Source::Csv))
}

pub(super) fn import(path: &Path, reject: Option<&Path>, ctx: &Ctx) -> Result<()> {
    let spec = csv_rows::Import {
        command: crate::journal::Kind::ContactImport,
        what: "contacts",
        one: "contact",
        columns: COLUMNS,
        required: REQUIRED,
    };
    csv_rows::import(ctx, &spec, path, reject, |tx, file, row| {
        let contact = contact_from_row(file, row, ctx.now)?;
        store::contacts::insert_contact(tx, &contact)
    })
}
