//! Contact and registrar records of a JSON Lines migration file, which may
//! come before the domains that name them (docs/formats.md). Their fields are the
//! flags of `contact add` / `registrar add`.

use serde::Deserialize;

use crate::error::{Kind, Result};
use crate::model::{Contact, ContactKind, Registrar};
use crate::rules::contact as rules;
use crate::store;

use super::Importer;
use super::row::BadRow;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactRecord {
    #[serde(rename = "type")]
    _type: String,
    id: String,
    name: String,
    email: String,
    phone: String,
    address: String,
    country: String,
    #[serde(default)]
    kind: Option<ContactKind>,
    #[serde(default)]
    vat: Option<String>,
    #[serde(default)]
    iban: Option<String>,
    #[serde(default)]
    whois_consent: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistrarRecord {
    #[serde(rename = "type")]
    _type: String,
    id: String,
    name: String,
    email: String,
    #[serde(default)]
    vat: Option<String>,
    #[serde(default)]
    address: Option<String>,
}

/// Stores a contact record. The outer error is the system's; the inner one
/// a bad row.
pub(crate) fn contact(
    imp: &mut Importer<'_>,
    value: serde_json::Value,
) -> Result<Result<(), BadRow>> {
    let rec: ContactRecord = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(e) => return Ok(Err(bad_record("contact", e))),
    };
    let mut c = Contact {
        id: rec.id,
        kind: rec.kind.unwrap_or(ContactKind::Person),
        name: rec.name,
        email: rec.email,
        phone: rec.phone,
        address: rec.address,
        country: rec.country,
        vat: rec.vat.filter(|v| !v.trim().is_empty()),
        iban: rec.iban.filter(|v| !v.trim().is_empty()),
        whois_consent: rec.whois_consent,
        created: imp.now,
        updated: imp.now,
    };
    // The same checks as `contact add` and `contact import`.
    rules::normalize(&mut c);
    if let Some(p) = rules::field_problems(&c).into_iter().next() {
        return Ok(Err(BadRow::usage(
            p.field,
            format!("{:?}: {}", p.value, p.reason),
        )));
    }
    if imp.contacts.contains(&c.id) {
        return Ok(Err(conflict(
            "id",
            format!("contact {} already exists", c.id),
        )));
    }
    store::contacts::insert_contact(imp.conn(), &c)?;
    imp.contacts.insert(c.id);
    imp.counts.contacts += 1;
    Ok(Ok(()))
}

/// Stores a registrar record.
pub(crate) fn registrar(
    imp: &mut Importer<'_>,
    value: serde_json::Value,
) -> Result<Result<(), BadRow>> {
    let rec: RegistrarRecord = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(e) => return Ok(Err(bad_record("registrar", e))),
    };
    let vat = rec.vat.as_deref().map(str::trim).filter(|v| !v.is_empty());
    let checks = [
        ("id", rec.id.as_str(), rules::check_id(rec.id.trim())),
        ("name", rec.name.as_str(), rules::check_text(&rec.name)),
        (
            "email",
            rec.email.as_str(),
            rules::check_email(rec.email.trim()),
        ),
        (
            "vat",
            vat.unwrap_or(""),
            vat.map_or(Ok(()), rules::check_vat),
        ),
        (
            "address",
            rec.address.as_deref().unwrap_or(""),
            rec.address
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map_or(Ok(()), rules::check_text),
        ),
    ];
    if let Some((field, value, Err(reason))) = checks.into_iter().find(|c| c.2.is_err()) {
        return Ok(Err(BadRow::usage(field, format!("{value:?}: {reason}"))));
    }
    if imp.registrars.contains(&rec.id)
        || store::contacts::find_registrar(imp.conn(), &rec.id)?.is_some()
    {
        return Ok(Err(conflict(
            "id",
            format!("registrar {} already exists", rec.id),
        )));
    }
    let r = Registrar {
        id: rec.id.trim().to_string(),
        name: rec.name.trim().to_string(),
        email: rec.email.trim().to_string(),
        vat: vat.map(rules::normalize_vat),
        address: rec
            .address
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string),
        created: imp.now,
        withdrawn: None,
    };
    store::contacts::insert_registrar(imp.conn(), &r)?;
    imp.registrars.insert(r.id);
    imp.counts.registrars += 1;
    Ok(Ok(()))
}

fn bad_record(what: &str, e: serde_json::Error) -> BadRow {
    BadRow {
        line: 0,
        field: None,
        kind: Kind::Usage,
        reason: format!("bad {what} record: {e}"),
        refused: None,
    }
}

fn conflict(field: &'static str, reason: String) -> BadRow {
    BadRow {
        line: 0,
        field: Some(field),
        kind: Kind::Conflict,
        reason,
        refused: None,
    }
}
