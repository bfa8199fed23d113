//! Stored policy versions.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::rules::periods::{Time, fmt_time};
use crate::rules::policy::{Policy, digest};

/// A policy version as stored.
pub(crate) struct StoredPolicy {
    pub(crate) version: i64,
    pub(crate) effective: String,
    pub(crate) toml: String,
    pub(crate) digest: String,
    pub(crate) policy: Policy,
}

/// Adds a version in force from `effective`; returns its version number.
pub(crate) fn insert(conn: &Connection, text: &str, effective: Time) -> Result<i64> {
    conn.execute(
        "INSERT INTO policy(effective, toml, digest) VALUES (?1, ?2, ?3)",
        params![fmt_time(effective), text, digest(text)],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The policy in force at `at`: the latest version effective by then (or the
/// first one, for times before any version).
pub(crate) fn in_force(conn: &Connection, at: Time) -> Result<StoredPolicy> {
    let row = conn
        .query_row(
            "SELECT version, effective, toml, digest FROM policy
             WHERE effective <= ?1 ORDER BY effective DESC, version DESC LIMIT 1",
            [fmt_time(at)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let row = match row {
        Some(row) => row,
        None => conn
            .query_row(
                "SELECT version, effective, toml, digest FROM policy ORDER BY version LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?
            .ok_or_else(|| Error::internal("the registry file holds no policy"))?,
    };
    let (version, effective, toml, digest): (i64, String, String, String) = row;
    let policy = Policy::parse(&toml)
        .map_err(|e| Error::internal(format!("stored policy version {version} is invalid: {e}")))?;
    Ok(StoredPolicy {
        version,
        effective,
        toml,
        digest,
        policy,
    })
}
