//! The name lists in the registry file (`list_entry`): seeding the built-in
//! lists, the facts a name's admissibility depends on, and list changes.
//!
//! Every entry remembers where it came from (`source`: `built-in:FILE`,
//! `import:FILE` or `list add`), who added it and when. Every change bumps
//! the `lists_version` meta value, which each journal entry records, so a
//! decision can be replayed against the lists it saw; the command that
//! changes a list writes the journal entry.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::Result;
use crate::rules::lists::{self, ListKind};
use crate::rules::names::{DomainName, Facts};
use crate::rules::periods::{Time, fmt_time};
use crate::store;

/// A list entry as stored.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Entry {
    pub(crate) kind: &'static str,
    pub(crate) name: String,
    pub(crate) key: String,
    pub(crate) source: String,
    pub(crate) added_by: String,
    pub(crate) added_at: String,
}

/// Who adds entries, from where, and when.
pub(crate) struct Provenance<'a> {
    pub(crate) source: &'a str,
    pub(crate) actor: &'a str,
    pub(crate) at: Time,
}

/// Seeds the built-in lists (at `init`); returns how many entries were
/// stored (names that fold to a key already on the same list count once).
pub(crate) fn seed_built_in(conn: &Connection, actor: &str, at: Time) -> Result<usize> {
    let mut stored = 0;
    for (kind, file, name) in lists::built_in() {
        let source = format!("built-in:{file}");
        let from = Provenance {
            source: &source,
            actor,
            at,
        };
        // The built-in data is checked by the lists' unit tests; a line that
        // folds to nothing would be skipped rather than break `init`.
        if let Ok(key) = lists::entry_key(name) {
            stored += usize::from(insert(conn, kind, name, &key, &from)?);
        }
    }
    bump_version(conn)?;
    Ok(stored)
}

/// Stores one entry unless its key is already on the list; returns whether
/// it was stored.
pub(crate) fn insert(
    conn: &Connection,
    kind: ListKind,
    name: &str,
    key: &str,
    from: &Provenance<'_>,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO list_entry(kind, key, name, source, added_by, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(kind, key) DO NOTHING",
        )?
        .execute(params![
            kind.as_str(),
            key,
            name.trim(),
            from.source,
            from.actor,
            fmt_time(from.at)
        ])?;
    Ok(n == 1)
}

/// The entry of `kind` under `key`, if any.
pub(crate) fn find(conn: &Connection, kind: ListKind, key: &str) -> Result<Option<Entry>> {
    Ok(conn
        .prepare_cached(
            "SELECT kind, name, key, source, added_by, added_at FROM list_entry
             WHERE kind = ?1 AND key = ?2",
        )?
        .query_row(params![kind.as_str(), key], from_row)
        .optional()?)
}

/// Removes the entry of `kind` under `key`; returns whether there was one.
pub(crate) fn delete(conn: &Connection, kind: ListKind, key: &str) -> Result<bool> {
    let n = conn
        .prepare_cached("DELETE FROM list_entry WHERE kind = ?1 AND key = ?2")?
        .execute(params![kind.as_str(), key])?;
    Ok(n == 1)
}

/// Every entry of a list, by key.
pub(crate) fn entries(
    conn: &Connection,
    kind: ListKind,
    f: impl FnMut(Entry) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, name, key, source, added_by, added_at FROM list_entry
         WHERE kind = ?1 ORDER BY key",
    )?;
    super::each_row(&mut stmt, [kind.as_str()], from_row, f)
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

/// What the admissibility rules need to know about `name`: a live
/// registration in its hierarchy, and the list entries it matches (on the
/// folded key of its U-label, and of its A-label). Two indexed lookups.
pub(crate) fn facts(conn: &Connection, name: &DomainName) -> Result<Facts> {
    let registered = conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM domain WHERE name = ?1 AND state <> 'removed')",
        )?
        .query_row([&name.ascii], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT kind, name FROM list_entry
         WHERE kind IN ('geographic', 'protected', 'obscene', 'blocked', 'reserved')
           AND key IN (?1, ?2)
         ORDER BY kind, key",
    )?;
    let rows = stmt.query_map(
        params![
            lists::fold_key(&name.label_unicode),
            lists::fold_key(&name.label)
        ],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )?;
    let mut listed = Vec::new();
    for row in rows {
        let (kind, listed_name) = row?;
        if let Ok(kind) = kind.parse::<ListKind>() {
            listed.push((kind, listed_name));
        }
    }
    Ok(Facts { registered, listed })
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let kind: String = r.get(0)?;
    Ok(Entry {
        kind: kind
            .parse::<ListKind>()
            .map(ListKind::as_str)
            .unwrap_or("unknown"),
        name: r.get(1)?,
        key: r.get(2)?,
        source: r.get(3)?,
        added_by: r.get(4)?,
        added_at: r.get(5)?,
    })
}

#[cfg(test)]
mod tests {
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
        assert_eq!(
            porto.listed,
            [
                (ListKind::Geographic, "Porto".to_string()),
                (ListKind::Protected, "Porto".to_string())
            ]
        );
        let sjm = facts(conn, &name("sao-joao-da-madeira.com.pt")).expect("facts");
        assert_eq!(
            sjm.listed,
            [(ListKind::Geographic, "São João da Madeira".to_string())]
        );
        assert!(
            facts(conn, &name("exemplo.pt"))
                .expect("facts")
                .listed
                .is_empty()
        );
    }

    #[test]
    fn entries_keep_their_provenance() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::create(&dir.path().join("r.db")).expect("create");
        let conn = store.conn();
        let at = parse_time("2026-03-01T09:00:00Z").expect("time");
        let from = Provenance {
            source: "import:freguesias.csv",
            actor: "ana",
            at,
        };
        assert!(
            insert(conn, ListKind::Geographic, " Alvalade ", "alvalade", &from).expect("insert")
        );
        assert!(!insert(conn, ListKind::Geographic, "ALVALADE", "alvalade", &from).expect("again"));
        // One key per list: the same key on another list is another entry.
        assert!(insert(conn, ListKind::Blocked, "Alvalade", "alvalade", &from).expect("blocked"));
        let mut list = Vec::new();
        entries(conn, ListKind::Geographic, |e| {
            list.push(e);
            Ok(())
        })
        .expect("entries");
        assert_eq!(list.len(), 1);
        let e = &list[0];
        assert_eq!(
            (
                e.kind,
                e.name.as_str(),
                e.key.as_str(),
                e.source.as_str(),
                e.added_by.as_str()
            ),
            (
                "geographic",
                "Alvalade",
                "alvalade",
                "import:freguesias.csv",
                "ana"
            )
        );
        assert_eq!(e.added_at, "2026-03-01T09:00:00Z");
        assert!(delete(conn, ListKind::Geographic, "alvalade").expect("delete"));
        assert!(!delete(conn, ListKind::Geographic, "alvalade").expect("delete again"));
        assert!(
            find(conn, ListKind::Blocked, "alvalade")
                .expect("find")
                .is_some()
        );
    }
}
