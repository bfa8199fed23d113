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

/// The policy in force, followed by a long-running server: parsed again
/// only when a `policy set` added a version or the clock reached the next
/// version's start, not on every query.
pub(crate) struct Following {
    /// The highest version number when the policy was last read.
    latest: i64,
    /// The span of the clock over which it is in force, as read.
    from: Time,
    until: Option<Time>,
    policy: std::sync::Arc<Policy>,
}

impl Following {
    /// Reads the policy in force at `now`.
    pub(crate) fn new(conn: &Connection, now: Time) -> Result<Following> {
        let latest = latest_version(conn)?;
        let policy = std::sync::Arc::new(in_force(conn, now)?.policy);
        Ok(Following {
            latest,
            from: now,
            until: next_start(conn, now)?,
            policy,
        })
    }

    /// The policy in force at `now`: one cheap read of the latest version
    /// number, and a new parse only when something changed.
    pub(crate) fn at(&mut self, conn: &Connection, now: Time) -> Result<std::sync::Arc<Policy>> {
        let stale = latest_version(conn)? != self.latest
            || now < self.from
            || self.until.is_some_and(|u| now >= u);
        if stale {
            *self = Following::new(conn, now)?;
        }
        Ok(std::sync::Arc::clone(&self.policy))
    }
}

fn latest_version(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(version), 0) FROM policy")?
        .query_row([], |r| r.get(0))?)
}

/// When the next version after `at` comes into force, if one is set.
fn next_start(conn: &Connection, at: Time) -> Result<Option<Time>> {
    let next: Option<String> = conn
        .prepare_cached("SELECT min(effective) FROM policy WHERE effective > ?1")?
        .query_row([fmt_time(at)], |r| r.get(0))?;
    next.map(|t| crate::rules::periods::parse_time(&t).map_err(Error::internal))
        .transpose()
}
