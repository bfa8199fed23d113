//! What a recorded registration decision was taken with: the policy (by its
//! digest) and the name lists at the entry's lists version.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::rules::lists::{self, ListKind, inflection};
use crate::rules::policy::Policy;
use crate::store;
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

/// The name lists at one version: folded key → its entries, and the
/// obscene words in key order (for their inflected forms).
#[derive(Debug, Default)]
pub(crate) struct Lists {
    by_key: HashMap<String, Vec<lists::Entry>>,
    obscene: BTreeMap<String, Vec<lists::Entry>>,
}

impl Lists {
    /// Every `(folded key, listed name)`, all lists, in key order; a key
    /// several entries share comes once, with the first name.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut keys: Vec<&String> = self.by_key.keys().collect();
        keys.sort();
        keys.into_iter().filter_map(move |k| {
            self.by_key[k]
                .iter()
                .map(|e| e.name.as_str())
                .min()
                .map(|name| (k.as_str(), name))
        })
    }

    /// The entries a name with folded keys `keys` matches (as `Facts::listed`).
    pub(crate) fn matching(&self, keys: &[String]) -> Vec<lists::Match> {
        let mut candidates: Vec<lists::Entry> = keys
            .iter()
            .flat_map(|k| self.by_key.get(k).into_iter().flatten().cloned())
            .collect();
        if let Some(first) = keys.first() {
            let prefix = inflection::lemma_prefix(first);
            candidates.extend(
                self.obscene
                    .range(prefix.to_string()..)
                    .take_while(|(k, _)| k.starts_with(prefix))
                    .flat_map(|(_, v)| v.iter().cloned()),
            );
        }
        lists::select(keys, candidates)
    }

    fn from_entries(entries: impl IntoIterator<Item = lists::Entry>) -> Lists {
        let mut out = Lists::default();
        for e in entries {
            if e.list == ListKind::Obscene {
                out.obscene
                    .entry(e.key.clone())
                    .or_default()
                    .push(e.clone());
            }
            out.by_key.entry(e.key.clone()).or_default().push(e);
        }
        out
    }
}

/// Every listed key at `version` (`None`: today's), each once with the first
/// of its names, in key order: what closeness is measured against. Today's
/// are read in one query (no entry is built); a past version's are those of
/// [`lists_at`], the same pairs as [`Lists::entries`] gives.
pub(crate) fn listed_keys(
    conn: &Connection,
    version: Option<i64>,
) -> Result<Vec<(String, String)>> {
    if version.is_some() {
        let lists = lists_at(conn, version)?;
        return Ok(lists
            .entries()
            .map(|(k, n)| (k.to_string(), n.to_string()))
            .collect());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT key, min(name) FROM list_entry
          WHERE kind IN ('geographic', 'protected', 'obscene', 'blocked', 'reserved')
          GROUP BY key ORDER BY key",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An entry's identity: list, key, name and detail.
type Id = (ListKind, String, String, String);

fn id(e: &lists::Entry) -> Id {
    (e.list, e.key.clone(), e.name.clone(), e.detail.clone())
}

/// The lists as they stood at `version` (`None`: today's). Rebuilt backwards
/// from today's entries by undoing, newest first, every journaled list change
/// that made a later version: an addition is taken out, a removal put back.
pub(crate) fn lists_at(conn: &Connection, version: Option<i64>) -> Result<Lists> {
    let today = store::lists::all(conn)?;
    let Some(version) = version else {
        return Ok(Lists::from_entries(today));
    };
    let mut entries: HashMap<Id, lists::Entry> = today.into_iter().map(|e| (id(&e), e)).collect();
    let mut changes = journal::of_kinds(
        conn,
        &[
            Kind::ListAdd,
            Kind::ListImport,
            Kind::ListRemove,
            Kind::ListRefresh,
        ],
    )?;
    changes.reverse();
    for change in changes {
        let outcome: serde_json::Value = change.outcome()?;
        if outcome["lists_version"]
            .as_i64()
            .is_none_or(|v| v <= version)
        {
            continue;
        }
        let (added, removed) = changed_entries(&change.command, &outcome);
        for e in added {
            match e {
                Changed::Entry(e) => {
                    entries.remove(&id(&e));
                }
                // Written before entries were journaled whole: one entry a
                // key, so the name and key say which.
                Changed::Name(list, key, name) => {
                    entries.retain(|(l, k, n, _), _| !(*l == list && *k == key && *n == name));
                }
            }
        }
        for e in removed {
            let e = match e {
                Changed::Entry(e) => e,
                Changed::Name(list, key, name) => lists::Entry {
                    list,
                    key,
                    name,
                    detail: String::new(),
                    language: String::new(),
                    source: String::new(),
                },
            };
            entries.insert(id(&e), e);
        }
    }
    Ok(Lists::from_entries(entries.into_values()))
}

/// An entry a journaled list change added or removed.
enum Changed {
    Entry(lists::Entry),
    /// (list, key, name) of an entry journaled by its name only.
    Name(ListKind, String, String),
}

/// What one journaled list change added and removed.
fn changed_entries(command: &str, outcome: &serde_json::Value) -> (Vec<Changed>, Vec<Changed>) {
    let refresh = Kind::ListRefresh.as_str();
    let remove = Kind::ListRemove.as_str();
    let entries_of = |v: &serde_json::Value, list: Option<ListKind>| -> Vec<Changed> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| {
                let mut fields: Vec<&str> = item
                    .as_array()?
                    .iter()
                    .map(|f| f.as_str().unwrap_or(""))
                    .collect();
                let list = match list {
                    Some(l) => l,
                    None => {
                        let l = fields.first()?.parse::<ListKind>().ok()?;
                        fields.remove(0);
                        l
                    }
                };
                let [key, name, detail, language, source] = fields.as_slice() else {
                    return None;
                };
                Some(Changed::Entry(lists::Entry {
                    list,
                    key: key.to_string(),
                    name: name.to_string(),
                    detail: detail.to_string(),
                    language: language.to_string(),
                    source: source.to_string(),
                }))
            })
            .collect()
    };
    if command == refresh {
        return (
            entries_of(&outcome["added"], None),
            entries_of(&outcome["removed"], None),
        );
    }
    let Some(list) = outcome["list"]
        .as_str()
        .and_then(|l| l.parse::<ListKind>().ok())
    else {
        return (Vec::new(), Vec::new());
    };
    let changed = if outcome.get("entries").is_some() {
        entries_of(&outcome["entries"], Some(list))
    } else {
        outcome["changed"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n.as_str())
            .filter_map(|name| {
                let key = lists::entry_key(name).ok()?;
                Some(Changed::Name(list, key, name.to_string()))
            })
            .collect()
    };
    if command == remove {
        (Vec::new(), changed)
    } else {
        (changed, Vec::new())
    }
}
