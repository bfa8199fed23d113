//! What the EPP face stores besides the registry itself: registrar
//! credentials, the poll queue (the outbox notices addressed to a registrar,
//! less those it acknowledged) and the sponsor of contacts made over EPP.

use rusqlite::{Connection, OptionalExtension, params};

use super::ledger::Notice;
use crate::error::Result;
use crate::rules::periods::{Time, fmt_time};

/// A registrar's EPP access as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Credential {
    pub(crate) registrar: String,
    /// Argon2id PHC string.
    pub(crate) password_hash: String,
    /// Lowercase hex SHA-256 fingerprints of the client certificates.
    pub(crate) cert_sha256: Vec<String>,
    /// CIDR networks the registrar may connect from (empty: any).
    pub(crate) allow_from: Vec<String>,
}

fn words(text: String) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

pub(crate) fn credential(conn: &Connection, registrar: &str) -> Result<Option<Credential>> {
    Ok(conn
        .prepare_cached(
            "SELECT registrar, password_hash, cert_sha256, allow_from
             FROM registrar_credential WHERE registrar = ?1",
        )?
        .query_row([registrar], |r| {
            Ok(Credential {
                registrar: r.get(0)?,
                password_hash: r.get(1)?,
                cert_sha256: words(r.get(2)?),
                allow_from: words(r.get(3)?),
            })
        })
        .optional()?)
}

/// Stores (or replaces) a registrar's credentials.
pub(crate) fn set_credential(conn: &Connection, c: &Credential, now: Time) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO registrar_credential(registrar, password_hash, cert_sha256, allow_from, updated)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(registrar) DO UPDATE SET password_hash = excluded.password_hash,
             cert_sha256 = excluded.cert_sha256, allow_from = excluded.allow_from,
             updated = excluded.updated",
    )?
    .execute(params![
        c.registrar,
        c.password_hash,
        c.cert_sha256.join(" "),
        c.allow_from.join(" "),
        fmt_time(now)
    ])?;
    Ok(())
}

/// Replaces only the password hash (EPP `<newPW>`).
pub(crate) fn set_password(
    conn: &Connection,
    registrar: &str,
    hash: &str,
    now: Time,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE registrar_credential SET password_hash = ?2, updated = ?3 WHERE registrar = ?1",
    )?
    .execute(params![registrar, hash, fmt_time(now)])?;
    Ok(())
}

const QUEUE: &str = "FROM notice n WHERE n.recipient = ?1
    AND NOT EXISTS (SELECT 1 FROM epp_ack a WHERE a.registrar = ?2 AND a.notice = n.id)";

/// The registrar's poll queue: how many messages, and the oldest.
pub(crate) fn poll_head(
    conn: &Connection,
    registrar: &str,
    email: &str,
) -> Result<(i64, Option<Notice>)> {
    let count: i64 = conn
        .prepare_cached(&format!("SELECT count(*) {QUEUE}"))?
        .query_row([email, registrar], |r| r.get(0))?;
    let head = conn
        .prepare_cached(&format!(
            "SELECT n.id, n.time, n.recipient, n.kind, n.domain, n.article, n.text, n.sent
             {QUEUE} ORDER BY n.id LIMIT 1"
        ))?
        .query_row([email, registrar], |r| {
            Ok(Notice {
                id: r.get(0)?,
                time: r.get(1)?,
                to: r.get(2)?,
                kind: r.get(3)?,
                domain: r.get(4)?,
                article: r.get(5)?,
                text: r.get(6)?,
                sent: r.get(7)?,
            })
        })
        .optional()?;
    Ok((count, head))
}

/// Whether notice `id` is in the registrar's queue (addressed to it, not
/// yet acknowledged).
pub(crate) fn in_queue(conn: &Connection, registrar: &str, email: &str, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!("SELECT EXISTS (SELECT 1 {QUEUE} AND n.id = ?3)"))?
        .query_row(params![email, registrar, id], |r| r.get(0))?)
}

pub(crate) fn ack(conn: &Connection, registrar: &str, id: i64, now: Time) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO epp_ack(registrar, notice, time) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![registrar, id, fmt_time(now)])?;
    Ok(())
}

/// The registrar that sponsors a contact (made it over EPP), if any.
pub(crate) fn contact_sponsor(conn: &Connection, contact: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT registrar FROM contact_sponsor WHERE contact = ?1")?
        .query_row([contact], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set_contact_sponsor(conn: &Connection, contact: &str, registrar: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO contact_sponsor(contact, registrar) VALUES (?1, ?2)
         ON CONFLICT(contact) DO UPDATE SET registrar = excluded.registrar",
    )?
    .execute([contact, registrar])?;
    Ok(())
}
