//! What a recorded registration decision was taken with: the policy (by its
//! digest) and the name lists at the entry's lists version.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use serde::Deserialize;

use crate::error::Result;
use crate::rules::lists::{self, ListKind};
use crate::rules::policy::Policy;
use crate::store::journal::{self, Kind};

/// Every journaled `register` decision, in order.
pub(crate) fn registrations(conn: &Connection) -> Result<Vec<journal::Stored>> {
    journal::of_kind(conn, Kind::Register)
}

/// The policy whose text has `digest`, as stored (`None` if the file holds
/// no such version).
pub(crate) fn policy_by_digest(conn: &Connection, digest: &str) -> Result<Option<Policy>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT toml FROM policy WHERE digest = ?1 ORDER BY version DESC LIMIT 1")?
        .query_row([digest], |r| r.get(0))
        .optional()?;
    Ok(text.and_then(|t| Policy::parse(&t).ok()))
}

/// The name lists at one version: folded key → the lists it is on, with the
/// listed name.
#[derive(Debug, Default)]
pub(crate) struct Lists {
    by_key: HashMap<String, Vec<(ListKind, String)>>,
}

impl Lists {
    /// Every `(folded key, listed name)`, all lists, in key order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut keys: Vec<&String> = self.by_key.keys().collect();
        keys.sort();
        keys.into_iter().flat_map(move |k| {
            self.by_key[k]
                .iter()
                .map(move |(_, name)| (k.as_str(), name.as_str()))
        })
    }

    /// The entries matching any of `keys` (as `Facts::listed`), in list order.
    pub(crate) fn matching(&self, keys: &[String]) -> Vec<(ListKind, String)> {
        let mut out: Vec<(ListKind, String)> = Vec::new();
        for k in keys {
            for hit in self.by_key.get(k).into_iter().flatten() {
                if !out.contains(hit) {
                    out.push(hit.clone());
                }
            }
        }
        out.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()).then(a.1.cmp(&b.1)));
        out
    }
}

/// The lists as they stood at `version` (`None`: today's). Rebuilt backwards
/// from today's entries by undoing, newest first, every journaled list change
/// that made a later version: an addition is taken out, a removal put back.
pub(crate) fn lists_at(conn: &Connection, version: Option<i64>) -> Result<Lists> {
    let mut entries: HashMap<(ListKind, String), String> = HashMap::new();
    let mut stmt = conn.prepare("SELECT kind, key, name FROM list_entry")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (kind, key, name) = row?;
        if let Ok(kind) = kind.parse::<ListKind>() {
            entries.insert((kind, key), name);
        }
    }
    if let Some(version) = version {
        let mut changes =
            journal::of_kinds(conn, &[Kind::ListAdd, Kind::ListImport, Kind::ListRemove])?;
        changes.reverse();
        for change in changes {
            let c: ListChange = change.outcome()?;
            let kind = c.list.parse::<ListKind>().map_err(|_| {
                crate::error::Error::internal(format!(
                    "journal entry {} ({}): unknown list {:?}",
                    change.seq, change.command, c.list
                ))
            })?;
            if c.lists_version <= version {
                continue;
            }
            for name in c.changed {
                let Ok(key) = lists::entry_key(&name) else {
                    continue;
                };
                if change.command == Kind::ListRemove.as_str() {
                    entries.insert((kind, key), name);
                } else {
                    entries.remove(&(kind, key));
                }
            }
        }
    }
    let mut out = Lists::default();
    for ((kind, key), name) in entries {
        out.by_key.entry(key).or_default().push((kind, name));
    }
    Ok(out)
}

/// The outcome `list add|remove|import` journals.
#[derive(Debug, Deserialize)]
struct ListChange {
    list: String,
    changed: Vec<String>,
    lists_version: i64,
}
