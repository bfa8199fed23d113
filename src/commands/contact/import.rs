//! `ptreg contact import FILE [--reject FILE]`: contacts from CSV, all or
//! nothing unless `--reject` takes the bad rows aside.

use std::path::Path;

use serde_json::{Value, json};

use super::{Given, Invalid, Source, new_contact};
use crate::commands::csv_rows::{self, CsvFile, Rejects};
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::model::{Contact, ContactKind};
use crate::render;
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
        whois_consent: Some(whois_consent),
    };
    new_contact(&id, given, now).map_err(|e| e.into_error(Source::Csv))
}

pub(super) fn import(path: &Path, reject: Option<&Path>, ctx: &Ctx) -> Result<()> {
    let file = CsvFile::read(path, COLUMNS, REQUIRED)?;
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let mut rejects = reject
        .map(|r| Rejects::create(r, &file.header))
        .transpose()?;
    let mut imported = 0usize;
    for (line, row) in &file.rows {
        let result = contact_from_row(&file, row, ctx.now)
            .and_then(|c| store::contacts::insert_contact(&tx, &c));
        match (result, rejects.as_mut()) {
            (Ok(()), _) => imported += 1,
            (Err(e), Some(rejects)) => rejects.write(*line, &e.message, row)?,
            (Err(e), None) => return Err(csv_rows::row_error(path, *line, e)),
        }
    }
    let rejected = rejects.map(Rejects::finish).transpose()?.unwrap_or(0);
    let summary = json!({
        "file": path.display().to_string(),
        "digest": file.digest,
        "imported": imported,
        "rejected": rejected,
        "reject_file": reject.map(|r| r.display().to_string()),
    });
    journal::append(
        &tx,
        ctx,
        &policy.digest,
        Entry {
            command: "contact import",
            article: None,
            domain: None,
            inputs: json!({ "file": path.display().to_string(), "digest": file.digest,
                "reject": reject.map(|r| r.display().to_string()) }),
            outcome: json!({ "imported": imported, "rejected": rejected }),
        },
    )?;
    store::finish(tx, ctx.dry_run)?;
    import_summary(ctx, "contacts", &summary)
}

/// Prints an import's counts (shared by `registrar import`).
pub(crate) fn import_summary(ctx: &Ctx, what: &str, summary: &Value) -> Result<()> {
    render::emit(ctx, summary, |s| {
        let mut text = format!(
            "{}imported {} {what}",
            if ctx.dry_run {
                "dry run: would have "
            } else {
                ""
            },
            s["imported"]
        );
        if let Some(file) = s["reject_file"].as_str() {
            text.push_str(&format!(", rejected {} (see {file})", s["rejected"]));
        }
        text
    })
}
