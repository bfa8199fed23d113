//! How contacts and registrars are stored.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::error::{Error, Result};
use crate::model::{Contact, ContactKind, Registrar};
use crate::rules::contact::erasure::{ERASED, Role};
use crate::rules::periods::{fmt_time, parse_time};

fn conv<E: std::fmt::Display>(idx: usize, e: E) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        e.to_string().into(),
    )
}

const CONTACT_COLUMNS: &str =
    "id, kind, name, email, phone, address, country, vat, whois_consent, created, updated, iban";

fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let kind: String = row.get(1)?;
    let created: String = row.get(9)?;
    let updated: String = row.get(10)?;
    Ok(Contact {
        id: row.get(0)?,
        kind: match kind.as_str() {
            "organization" => ContactKind::Organization,
            _ => ContactKind::Person,
        },
        name: row.get(2)?,
        email: row.get(3)?,
        phone: row.get(4)?,
        address: row.get(5)?,
        country: row.get(6)?,
        vat: row.get(7)?,
        iban: row.get(11)?,
        whois_consent: row.get(8)?,
        created: parse_time(&created).map_err(|e| conv(9, e))?,
        updated: parse_time(&updated).map_err(|e| conv(10, e))?,
    })
}

pub(crate) fn insert_contact(conn: &Connection, c: &Contact) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contact(id, kind, name, email, phone, address, country, vat, whois_consent,
            created, updated, iban) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    stmt.execute(params![
        c.id,
        c.kind.as_str(),
        c.name,
        c.email,
        c.phone,
        c.address,
        c.country,
        c.vat,
        c.whois_consent,
        fmt_time(c.created),
        fmt_time(c.updated),
        c.iban,
    ])
    .map_err(|e| match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            Error::conflict(format!("contact {} already exists", c.id))
        }
        _ => e.into(),
    })?;
    Ok(())
}

pub(crate) fn update_contact(conn: &Connection, c: &Contact) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contact SET kind = ?2, name = ?3, email = ?4, phone = ?5, address = ?6,
            country = ?7, vat = ?8, whois_consent = ?9, updated = ?10, iban = ?11 WHERE id = ?1",
    )?
    .execute(params![
        c.id,
        c.kind.as_str(),
        c.name,
        c.email,
        c.phone,
        c.address,
        c.country,
        c.vat,
        c.whois_consent,
        fmt_time(c.updated),
        c.iban,
    ])?;
    Ok(())
}

pub(crate) fn find_contact(conn: &Connection, id: &str) -> Result<Option<Contact>> {
    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contact WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], contact_from_row)
        .optional()?)
}

/// A contact that must exist (exit 4 otherwise).
pub(crate) fn get_contact(conn: &Connection, id: &str) -> Result<Contact> {
    find_contact(conn, id)?.ok_or_else(|| Error::not_found(format!("no contact {id}")))
}

pub(crate) fn list_contacts(conn: &Connection, f: impl FnMut(Contact) -> Result<()>) -> Result<()> {
    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contact ORDER BY id");
    super::each_row(&mut conn.prepare(&sql)?, [], contact_from_row, f)
}

/// The live domains (any state but removed) that use contact `id` as
/// registrant or technical contact, in name order.
pub(crate) fn live_uses(conn: &Connection, id: &str) -> Result<Vec<(String, Role)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, registrant = ?1 FROM domain
         WHERE state <> 'removed' AND (registrant = ?1 OR tech = ?1) ORDER BY name",
    )?;
    let rows = stmt.query_map([id], |r| {
        let registrant: bool = r.get(1)?;
        Ok((
            r.get(0)?,
            if registrant {
                Role::Registrant
            } else {
                Role::Tech
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A contact that may take a role on a domain (registrant, technical
/// contact): it exists (exit 4 otherwise) and its data was not erased
/// (exit 5: the person left the registry; Art. 29.5).
pub(crate) fn get_party(conn: &Connection, id: &str) -> Result<Contact> {
    let contact = get_contact(conn, id)?;
    if let Some(when) = erased_at(conn, id)? {
        return Err(Error::conflict(format!(
            "contact {id} was erased on {when} (Art. 29.5) and takes no new role"
        ))
        .with_hint("add a new contact"));
    }
    Ok(contact)
}

/// When contact `id` was erased, if it was.
pub(crate) fn erased_at(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT erased FROM contact WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Stores the erased contact and marks it erased.
pub(crate) fn erase_contact(conn: &Connection, erased: &Contact) -> Result<()> {
    update_contact(conn, erased)?;
    conn.prepare_cached("UPDATE contact SET erased = ?2 WHERE id = ?1")?
        .execute(params![erased.id, fmt_time(erased.updated)])?;
    Ok(())
}

/// Takes a contact's personal data out of the outbox: notices addressed to
/// any e-mail it ever had get the erased marker as recipient, and every
/// value it ever had (`values`: name, e-mail, phone, address, tax number,
/// current and past) is replaced in every notice text. Returns how many
/// notices changed.
pub(crate) fn redact_notices(conn: &Connection, values: &[String]) -> Result<usize> {
    let mut ids = std::collections::BTreeSet::new();
    let mut find =
        conn.prepare_cached("SELECT id FROM notice WHERE recipient = ?1 OR instr(text, ?1) > 0")?;
    for value in values {
        for id in find.query_map([value], |r| r.get::<_, i64>(0))? {
            ids.insert(id?);
        }
    }
    let mut recipient =
        conn.prepare_cached("UPDATE notice SET recipient = ?2 WHERE recipient = ?1")?;
    let mut text = conn.prepare_cached(
        "UPDATE notice SET text = replace(text, ?1, ?2) WHERE instr(text, ?1) > 0",
    )?;
    for value in values {
        recipient.execute(params![value, ERASED])?;
        text.execute(params![value, ERASED])?;
    }
    Ok(ids.len())
}

fn registrar_from_row(row: &Row<'_>) -> rusqlite::Result<Registrar> {
    let created: String = row.get(4)?;
    let withdrawn: Option<String> = row.get(5)?;
    Ok(Registrar {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        vat: row.get(3)?,
        created: parse_time(&created).map_err(|e| conv(4, e))?,
        withdrawn: withdrawn
            .map(|w| parse_time(&w).map_err(|e| conv(5, e)))
            .transpose()?,
        address: row.get(6)?,
    })
}

pub(crate) fn insert_registrar(conn: &Connection, r: &Registrar) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO registrar(id, name, email, vat, created, withdrawn, address)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        r.id,
        r.name,
        r.email,
        r.vat,
        fmt_time(r.created),
        r.withdrawn.map(fmt_time),
        r.address,
    ])
    .map_err(|e| match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            Error::conflict(format!("registrar {} already exists", r.id))
        }
        _ => e.into(),
    })?;
    Ok(())
}

/// Rewrites a registrar's name, e-mail, address and tax number.
pub(crate) fn update_registrar(conn: &Connection, r: &Registrar) -> Result<()> {
    conn.execute(
        "UPDATE registrar SET name = ?2, email = ?3, vat = ?4, address = ?5 WHERE id = ?1",
        params![r.id, r.name, r.email, r.vat, r.address],
    )?;
    Ok(())
}

pub(crate) fn set_registrar_withdrawn(conn: &Connection, r: &Registrar) -> Result<()> {
    conn.execute(
        "UPDATE registrar SET withdrawn = ?2 WHERE id = ?1",
        params![r.id, r.withdrawn.map(fmt_time)],
    )?;
    Ok(())
}

pub(crate) fn find_registrar(conn: &Connection, id: &str) -> Result<Option<Registrar>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, name, email, vat, created, withdrawn, address FROM registrar
             WHERE id = ?1",
        )?
        .query_row([id], registrar_from_row)
        .optional()?)
}

/// A registrar that must exist (exit 4 otherwise).
pub(crate) fn get_registrar(conn: &Connection, id: &str) -> Result<Registrar> {
    find_registrar(conn, id)?.ok_or_else(|| Error::not_found(format!("no registrar {id}")))
}

pub(crate) fn list_registrars(
    conn: &Connection,
    f: impl FnMut(Registrar) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id, name, email, vat, created, withdrawn, address FROM registrar ORDER BY id",
    )?;
    super::each_row(&mut stmt, [], registrar_from_row, f)
}
