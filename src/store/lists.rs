//! The name lists in the registry file (`list_entry`): seeding the built-in
//! lists, the facts a name's admissibility depends on, and list changes.
//!
//! Every entry remembers what it names (`detail`), in which languages
//! (`language`), where it came from (`source`: `built-in:FILE (version)`,
//! `import:FILE` or `list add`), who added it and when. Several entries may
//! share a key. Every change bumps the `lists_version` meta value, which each
//! journal entry records, so a decision can be replayed against the lists it
//! saw; the command that changes a list writes the journal entry, with the
//! entries it changed.

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::error::Result;
use crate::rules::lists::{self, ListKind, inflection};
use crate::rules::names::{DomainName, Facts};
use crate::rules::periods::{Time, fmt_time};
use crate::store;

/// A list entry as stored.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Stored {
    #[serde(flatten)]
    pub(crate) entry: lists::Entry,
    pub(crate) added_by: String,
    pub(crate) added_at: String,
}

/// Who adds entries and when (each entry carries its own source).
pub(crate) struct Provenance<'a> {
    pub(crate) actor: &'a str,
    pub(crate) at: Time,
}

const COLUMNS: &str = "kind, key, name, detail, language, source";

/// Seeds the built-in lists (at `init`); returns how many entries were
/// stored.
pub(crate) fn seed_built_in(conn: &Connection, actor: &str, at: Time) -> Result<usize> {
    let stored = insert_many(conn, &lists::built_in(), &Provenance { actor, at })?.len();
    bump_version(conn)?;
    Ok(stored)
}

/// Stores every entry not already there (as [`insert`]), with one prepared
/// statement; returns the positions of those stored. `init` stores the tens
/// of thousands of built-in entries this way.
pub(crate) fn insert_many(
    conn: &Connection,
    entries: &[lists::Entry],
    from: &Provenance<'_>,
) -> Result<Vec<usize>> {
    let at = fmt_time(from.at);
    let mut stmt = conn.prepare(INSERT)?;
    let mut stored = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let n = stmt.execute(params![
            entry.list.as_str(),
            entry.key,
            entry.name.trim(),
            entry.detail,
            entry.language,
            entry.source,
            from.actor,
            at
        ])?;
        if n == 1 {
            stored.push(i);
        }
    }
    Ok(stored)
}

const INSERT: &str =
    "INSERT INTO list_entry(kind, key, name, detail, language, source, added_by, added_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING";

/// Stores one entry unless the same entry (list, key, name and detail) is
/// already there; returns whether it was stored.
pub(crate) fn insert(
    conn: &Connection,
    entry: &lists::Entry,
    from: &Provenance<'_>,
) -> Result<bool> {
    let n = conn.prepare_cached(INSERT)?.execute(params![
        entry.list.as_str(),
        entry.key,
        entry.name.trim(),
        entry.detail,
        entry.language,
        entry.source,
        from.actor,
        fmt_time(from.at)
    ])?;
    Ok(n == 1)
}

/// Whether any entry of `kind` has `key`.
pub(crate) fn has_key(conn: &Connection, kind: ListKind, key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM list_entry WHERE key = ?1 AND kind = ?2)")?
        .query_row(params![key, kind.as_str()], |r| r.get(0))?)
}

/// Every entry of `kind` under `key`.
pub(crate) fn find(conn: &Connection, kind: ListKind, key: &str) -> Result<Vec<lists::Entry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM list_entry WHERE key = ?1 AND kind = ?2 ORDER BY name, detail"
    ))?;
    let rows = stmt.query_map(params![key, kind.as_str()], entry_from_row)?;
    Ok(rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect())
}

/// Removes every entry of `kind` under `key`; returns them.
pub(crate) fn delete(conn: &Connection, kind: ListKind, key: &str) -> Result<Vec<lists::Entry>> {
    let found = find(conn, kind, key)?;
    conn.prepare_cached("DELETE FROM list_entry WHERE key = ?1 AND kind = ?2")?
        .execute(params![key, kind.as_str()])?;
    Ok(found)
}

/// Removes one entry (list, key, name and detail); returns whether it was there.
pub(crate) fn delete_entry(conn: &Connection, entry: &lists::Entry) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "DELETE FROM list_entry WHERE key = ?1 AND kind = ?2 AND name = ?3 AND detail = ?4",
        )?
        .execute(params![
            entry.key,
            entry.list.as_str(),
            entry.name,
            entry.detail
        ])?;
    Ok(n == 1)
}

/// Every entry of a list (or only those under `key`), by key, as the rows
/// are read.
pub(crate) fn entries(
    conn: &Connection,
    kind: ListKind,
    key: Option<&str>,
    mut f: impl FnMut(Stored) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, added_by, added_at FROM list_entry
         WHERE kind = ?1 AND (?2 IS NULL OR key = ?2) ORDER BY key, name, detail"
    ))?;
    let stored = |r: &rusqlite::Row<'_>| {
        Ok(entry_from_row(r)?.map(|entry| Stored {
            entry,
            added_by: r.get(6).unwrap_or_default(),
            added_at: r.get(7).unwrap_or_default(),
        }))
    };
    super::each_row(
        &mut stmt,
        params![kind.as_str(), key],
        stored,
        |e| match e {
            Some(e) => f(e),
            None => Ok(()),
        },
    )
}

/// The (list, key) pairs someone removed with `list remove`: `list refresh`
/// does not bring their built-in entries back.
pub(crate) fn removed_by_hand(
    conn: &Connection,
) -> Result<std::collections::HashSet<(ListKind, String)>> {
    let mut out = std::collections::HashSet::new();
    for change in store::journal::of_kind(conn, store::journal::Kind::ListRemove)? {
        let outcome: serde_json::Value = change.outcome()?;
        let Some(list) = outcome["list"]
            .as_str()
            .and_then(|l| l.parse::<ListKind>().ok())
        else {
            continue;
        };
        let names = outcome["changed"].as_array().cloned().unwrap_or_default();
        for name in names.iter().filter_map(|n| n.as_str()) {
            if let Ok(key) = lists::entry_key(name) {
                out.insert((list, key));
            }
        }
    }
    Ok(out)
}

/// Every entry of every list (for rebuilding the lists of a past version).
pub(crate) fn all(conn: &Connection) -> Result<Vec<lists::Entry>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM list_entry"))?;
    let rows = stmt.query_map([], entry_from_row)?;
    Ok(rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect())
}

/// How many entries each list holds, in [`ListKind::ALL`] order.
pub(crate) fn counts(conn: &Connection) -> Result<Vec<(ListKind, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT count(*) FROM list_entry WHERE kind = ?1")?;
    ListKind::ALL
        .into_iter()
        .map(|k| Ok((k, stmt.query_row([k.as_str()], |r| r.get(0))?)))
        .collect()
}

/// Bumps the lists version after a change; returns the new version.
pub(crate) fn bump_version(conn: &Connection) -> Result<i64> {
    let version = crate::store::journal::lists_version(conn)? + 1;
    store::meta_set(conn, "lists_version", &version.to_string())?;
    Ok(version)
}

/// The folded keys a name is matched on: its U-label's, then its A-label's.
pub(crate) fn name_keys(name: &DomainName) -> [String; 2] {
    [
        lists::fold_key(&name.label_unicode),
        lists::fold_key(&name.label),
    ]
}

/// What the admissibility rules need to know about `name`: a live
/// registration in its hierarchy, and every list entry it matches: those
/// under its keys in each list, and the obscene words it may be an inflected
/// form of (a key range of that list), all on the primary key.
pub(crate) fn facts(conn: &Connection, name: &DomainName) -> Result<Facts> {
    let registered = conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM domain WHERE name = ?1 AND state <> 'removed')",
        )?
        .query_row([&name.ascii], |r| r.get(0))?;
    let keys = name_keys(name);
    let prefix = inflection::lemma_prefix(&keys[0]);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM list_entry
          WHERE kind IN ('geographic', 'protected', 'obscene', 'blocked', 'reserved')
            AND key IN (?1, ?2)
         UNION
         SELECT {COLUMNS} FROM list_entry
          WHERE kind = 'obscene' AND key >= ?3 AND key < ?3 || char(1114111)"
    ))?;
    let rows = stmt.query_map(params![keys[0], keys[1], prefix], entry_from_row)?;
    let candidates: Vec<lists::Entry> = rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    Ok(Facts {
        registered,
        listed: lists::select(&keys, candidates),
    })
}

/// An entry from a row of `COLUMNS`; `None` for a list this build does not know.
fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<lists::Entry>> {
    let kind: String = r.get(0)?;
    let Ok(list) = kind.parse::<ListKind>() else {
        return Ok(None);
    };
    Ok(Some(lists::Entry {
        list,
        key: r.get(1)?,
        name: r.get(2)?,
        detail: r.get(3)?,
        language: r.get(4)?,
        source: r.get(5)?,
    }))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::rules::names::parse;
    use crate::rules::periods::parse_time;
    use crate::store::Store;

    fn name(text: &str) -> DomainName {
        parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn facts_see_live_registrations_and_list_entries() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::create(&dir.path().join("r.db")).expect("create");
        let conn = store.conn();
        let at = parse_time("2026-03-01T09:00:00Z").expect("time");
        let seeded = seed_built_in(conn, "tester", at).expect("seed");
        assert!(seeded > 1000, "{seeded}");
        assert_eq!(
            crate::store::journal::lists_version(conn).expect("version"),
            1
        );

        conn.execute_batch(
            "INSERT INTO contact(id, kind, name, email, phone, address, country, created, updated)
             VALUES ('c1', 'person', 'Maria', 'm@example.pt', '+351.912345678', 'Rua 1', 'PT',
                     '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
                                tech, state_since)
             VALUES ('xn--caf-dma.pt', 'café.pt', 'pt', 'registered', '2026-01-01T00:00:00Z',
                     '2027-01-01T00:00:00Z', 'c1', 'c1', '2026-01-01T00:00:00Z');",
        )
        .expect("rows");
        // 6.1.a: the same name in the same hierarchy, in either input form.
        assert!(facts(conn, &name("café.pt")).expect("facts").registered);
        assert!(
            facts(conn, &name("XN--CAF-DMA.PT"))
                .expect("facts")
                .registered
        );
        assert!(!facts(conn, &name("café.com.pt")).expect("facts").registered);
        // A removed registration frees the name.
        conn.execute("UPDATE domain SET state = 'removed'", [])
            .expect("remove");
        assert!(!facts(conn, &name("café.pt")).expect("facts").registered);

        let porto = facts(conn, &name("PORTO.pt")).expect("facts");
        let lists: BTreeSet<ListKind> = porto.listed.iter().map(|m| m.entry.list).collect();
        assert_eq!(
            lists,
            BTreeSet::from([ListKind::Geographic, ListKind::Protected])
        );
        // Porto is a municipality, a district, and parishes' names too:
        // every entry is reported.
        let details: Vec<&str> = porto
            .listed
            .iter()
            .filter(|m| m.entry.list == ListKind::Geographic)
            .map(|m| m.entry.detail.as_str())
            .collect();
        assert!(
            details.iter().any(|d| d.starts_with("municipality")),
            "{details:?}"
        );
        assert!(details.contains(&"district"), "{details:?}");
        let sjm = facts(conn, &name("sao-joao-da-madeira.com.pt")).expect("facts");
        assert!(sjm.listed.iter().all(|m| m.entry.key == "saojoaodamadeira"));
        assert!(
            sjm.listed
                .iter()
                .any(|m| m.entry.name == "São João da Madeira")
        );
        // Obscene words in their inflected forms, found by the key range.
        let putas = facts(conn, &name("putas.com.pt")).expect("facts");
        assert_eq!(putas.listed.len(), 1, "{:?}", putas.listed);
        assert_eq!(putas.listed[0].entry.name, "puta");
        assert_eq!(putas.listed[0].form, Some("plural"));
        let fodendo = facts(conn, &name("fodendo.pt")).expect("facts");
        assert!(
            fodendo
                .listed
                .iter()
                .any(|m| m.entry.name == "foder" && m.form == Some("gerund"))
        );
        assert!(
            facts(conn, &name("puto.pt"))
                .expect("facts")
                .listed
                .is_empty()
        );
        assert!(
            facts(conn, &name("exemplo.pt"))
                .expect("facts")
                .listed
                .is_empty()
        );
    }

    #[test]
    fn entries_keep_their_provenance_and_share_keys() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::create(&dir.path().join("r.db")).expect("create");
        let conn = store.conn();
        let at = parse_time("2026-03-01T09:00:00Z").expect("time");
        let from = Provenance { actor: "ana", at };
        let entry = |list: ListKind, name: &str, detail: &str| lists::Entry {
            list,
            key: lists::fold_key(name),
            name: name.to_string(),
            detail: detail.to_string(),
            language: "pt".to_string(),
            source: "import:freguesias.csv".to_string(),
        };
        let a = entry(ListKind::Geographic, " Alvalade ", "parish (Lisboa)");
        assert!(insert(conn, &a, &from).expect("insert"));
        assert!(
            !insert(
                conn,
                &entry(ListKind::Geographic, "Alvalade", "parish (Lisboa)"),
                &from
            )
            .expect("again")
        );
        // Another entry under the same key: another parish of that name.
        assert!(
            insert(
                conn,
                &entry(
                    ListKind::Geographic,
                    "Alvalade",
                    "parish (Santiago do Cacém)"
                ),
                &from
            )
            .expect("second")
        );
        // The same key on another list is another entry.
        assert!(insert(conn, &entry(ListKind::Blocked, "Alvalade", ""), &from).expect("blocked"));
        let mut list = Vec::new();
        entries(conn, ListKind::Geographic, None, |e| {
            list.push(e);
            Ok(())
        })
        .expect("entries");
        assert_eq!(list.len(), 2);
        let e = &list[0];
        assert_eq!(
            (
                e.entry.list,
                e.entry.name.as_str(),
                e.entry.key.as_str(),
                e.entry.detail.as_str(),
                e.entry.language.as_str(),
                e.entry.source.as_str(),
                e.added_by.as_str()
            ),
            (
                ListKind::Geographic,
                "Alvalade",
                "alvalade",
                "parish (Lisboa)",
                "pt",
                "import:freguesias.csv",
                "ana"
            )
        );
        assert_eq!(e.added_at, "2026-03-01T09:00:00Z");
        assert!(has_key(conn, ListKind::Geographic, "alvalade").expect("has"));
        assert_eq!(
            delete(conn, ListKind::Geographic, "alvalade")
                .expect("delete")
                .len(),
            2
        );
        assert!(
            delete(conn, ListKind::Geographic, "alvalade")
                .expect("delete again")
                .is_empty()
        );
        assert!(!has_key(conn, ListKind::Geographic, "alvalade").expect("has"));
        assert_eq!(
            find(conn, ListKind::Blocked, "alvalade")
                .expect("find")
                .len(),
            1
        );
    }

    /// A file made before entries had a detail and a language keeps every
    /// entry through the migration, matched as before.
    #[test]
    fn the_lists_migration_keeps_every_entry() {
        let lists_sql = include_str!("lists_entries.sql");
        let conn = crate::store::schema_before(lists_sql);
        conn.execute_batch(
            "INSERT INTO list_entry(kind, key, name, source, added_by, added_at) VALUES
               ('geographic', 'lisboa', 'Lisboa', 'built-in:regions.txt', 't', '2026-01-01T00:00:00Z'),
               ('blocked', 'lisboa', 'Lisboa', 'list add', 'ana', '2026-02-01T00:00:00Z'),
               ('obscene', 'puta', 'puta', 'built-in:obscene.txt', 't', '2026-01-01T00:00:00Z');",
        )
        .expect("old rows");
        conn.execute_batch(lists_sql).expect("the lists migration");
        let all = all(&conn).expect("all");
        assert_eq!(all.len(), 3);
        assert!(
            all.iter()
                .all(|e| e.detail.is_empty() && e.language.is_empty())
        );
        let lisboa = facts(&conn, &name("lisboa.pt")).expect("facts");
        let lists: Vec<ListKind> = lisboa.listed.iter().map(|m| m.entry.list).collect();
        assert_eq!(lists, [ListKind::Geographic, ListKind::Blocked]);
        let putas = facts(&conn, &name("putas.pt")).expect("facts");
        assert_eq!(putas.listed[0].form, Some("plural"));
    }
}
