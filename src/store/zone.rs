//! The zone export's reads and records: the delegated names streamed in
//! name order with their nameservers and DS records (one query, memory flat
//! however many names), and what the last export held (`zone_export`,
//! `zone_delegation`), to tell what changed since.
//!
//! The comparison with the last export is a merge of two name-ordered
//! cursors (the new delegations and `zone_delegation`); the differences go
//! to a temporary table on the connection, so the read can run in a read
//! transaction (writers are not blocked while a large zone is written) and
//! [`record_export`] applies them afterwards in a short write transaction.

use rusqlite::{Connection, OptionalExtension, Rows, Statement, params};

use crate::error::{Error, Result};
use crate::model::Nameserver;
use crate::rules::lifecycle::expiry;
use crate::rules::periods::{Time, fmt_time, parse_time};
use crate::rules::policy::Policy;

/// One delegated domain as the zone needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Delegation {
    /// A-label name without the final dot.
    pub(crate) name: String,
    pub(crate) nameservers: Vec<Nameserver>,
    /// DS texts, `TAG ALG TYPE HEX`.
    pub(crate) ds: Vec<String>,
}

/// The last export, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LastExport {
    pub(crate) id: i64,
    pub(crate) serial: u32,
    /// Digest of the content without the serial.
    pub(crate) digest: String,
    /// Delegations it held.
    pub(crate) count: u64,
}

pub(crate) fn last_export(conn: &Connection) -> Result<Option<LastExport>> {
    Ok(conn
        .query_row(
            "SELECT id, serial, digest, count FROM zone_export ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                let count: i64 = r.get(3)?;
                Ok(LastExport {
                    id: r.get(0)?,
                    serial: r.get(1)?,
                    digest: r.get(2)?,
                    count: count.max(0) as u64,
                })
            },
        )
        .optional()?)
}

/// How many names are delegated (for the progress bar).
pub(crate) fn delegated_count(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM domain WHERE state = 'registered'",
        [],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}

/// What an export holds and how it differs from the last one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Changes {
    pub(crate) domains: u64,
    pub(crate) added: u64,
    pub(crate) removed: u64,
    pub(crate) changed: u64,
}

impl Changes {
    /// Delegations added, removed or changed.
    pub(crate) fn total(&self) -> u64 {
        self.added + self.removed + self.changed
    }
}

/// Every name delegated at the clock, in name order, with its nameservers
/// and DS records (the writer sorts them). A name is delegated when it is
/// stored `registered` and, at `now`, neither its term has ended nor a
/// pending removal has taken effect, unless a notified litigation holds
/// the clock (Art. 17.2, 17.4, 21.2, 22.2): whether or not the sweep has
/// recorded it, a name out of its term is out of the zone. The query keeps
/// the rows that may be delegated (`?1` is `now`, `?2` the earliest stored
/// expiry whose term may still run at `now`) and gives the expiry only of
/// those the rule must decide (stored at or before `?3`, the latest expiry
/// whose term may have ended): the rule ([`expiry::delegated`]) decides
/// those few near the edge, and every other row is in its term. The rows of one
/// name come together (a nested loop over the name index), so no sort is
/// needed; its DS records and its clock facts are looked up once, on its
/// first nameserver row (positions start at 0).
const DELEGATIONS: &str = "
    SELECT d.name, n.host, n.addresses,
           CASE WHEN n.pos = 0 THEN
             (SELECT group_concat(s.rdata, char(10) ORDER BY s.rdata) FROM ds s
               WHERE s.domain_id = d.id)
           END,
           CASE WHEN n.pos = 0 AND d.expires <= ?3 THEN d.expires END,
           d.litigation IS NOT NULL
      FROM domain d JOIN nameserver n ON n.domain_id = d.id
     WHERE d.state = 'registered'
       AND (d.litigation IS NOT NULL
            OR (d.expires > ?2 AND (d.pending_effective IS NULL OR d.pending_effective > ?1)))
     ORDER BY d.name";

/// Streams every delegation at `now` to `write`, which writes it and
/// returns the digest of its records; counts the changes since the last
/// export and, with `keep`, keeps them for [`record_export`] (a zone only
/// printed records nothing, so it skips that work).
pub(crate) fn stream(
    conn: &Connection,
    now: Time,
    policy: &Policy,
    keep: bool,
    mut write: impl FnMut(&Delegation) -> Result<[u8; 16]>,
) -> Result<Changes> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS zone_diff (name TEXT PRIMARY KEY, digest BLOB)
             WITHOUT ROWID;
         DELETE FROM temp.zone_diff;",
    )?;
    let mut old_stmt = conn.prepare("SELECT name, digest FROM zone_delegation ORDER BY name")?;
    let mut diff = conn.prepare("INSERT INTO temp.zone_diff(name, digest) VALUES (?1, ?2)")?;
    let mut merge = Merge {
        next: None,
        old: old_stmt.query([])?,
        diff: &mut diff,
        keep,
        changes: Changes::default(),
    };
    merge.advance()?;
    let mut stmt = conn.prepare(DELEGATIONS)?;
    let mut rows = stmt.query(params![
        fmt_time(now),
        fmt_time(expiry::earliest_running_expiry(now, policy)),
        fmt_time(expiry::latest_ending_expiry(now)),
    ])?;
    let mut current: Option<Delegation> = None;
    // The name whose rows are being skipped: out of its term at `now`.
    let mut skipping: Option<String> = None;
    while let Some(row) = rows.next()? {
        // Read in place: a name has a row per nameserver, and only its
        // first needs an owned copy.
        let name = text(row, 0)?;
        if skipping.as_deref() == Some(name) {
            continue;
        }
        if current.as_ref().is_some_and(|c| c.name != name)
            && let Some(done) = current.take()
        {
            merge.seen(&done, write(&done)?)?;
        }
        let d = match &mut current {
            Some(d) => d,
            None => {
                let expires: Option<String> = row.get(4)?;
                let locked: bool = row.get(5)?;
                let expires = expires
                    .as_deref()
                    .map(parse_time)
                    .transpose()
                    .map_err(|e| Error::internal(format!("stored expiry of {name}: {e}")))?;
                if expires.is_some_and(|e| !expiry::delegated(e, locked, now, policy)) {
                    skipping = Some(name.to_string());
                    continue;
                }
                skipping = None;
                let ds = text_or_null(row, 3)?;
                current.insert(Delegation {
                    name: name.to_string(),
                    nameservers: Vec::new(),
                    ds: ds.map_or_else(Vec::new, |t| t.lines().map(str::to_string).collect()),
                })
            }
        };
        let addresses = text(row, 2)?;
        d.nameservers.push(Nameserver {
            host: row.get(1)?,
            addresses: addresses.split_whitespace().map(str::to_string).collect(),
        });
    }
    if let Some(done) = current.take() {
        merge.seen(&done, write(&done)?)?;
    }
    merge.finish()
}

/// Column `i` of `row` as text, read in place.
fn text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str> {
    text_or_null(row, i)?.ok_or_else(|| Error::internal(format!("zone column {i} is NULL")))
}

/// Column `i` of `row` as text or NULL, read in place.
fn text_or_null<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>> {
    row.get_ref(i)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
            .into()
    })
}

/// The merge of the new delegations with those of the last export.
struct Merge<'a, 's> {
    old: Rows<'s>,
    next: Option<(String, Vec<u8>)>,
    diff: &'a mut Statement<'s>,
    /// Whether the differences are kept in `temp.zone_diff`.
    keep: bool,
    changes: Changes,
}

impl Merge<'_, '_> {
    fn keep(&mut self, name: &str, digest: Option<&[u8]>) -> Result<()> {
        if self.keep {
            self.diff.execute(params![name, digest])?;
        }
        Ok(())
    }

    fn advance(&mut self) -> Result<()> {
        self.next = match self.old.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?)),
            None => None,
        };
        Ok(())
    }

    /// A delegation of the new zone, with its digest.
    fn seen(&mut self, d: &Delegation, digest: [u8; 16]) -> Result<()> {
        self.changes.domains += 1;
        while let Some((name, _)) = &self.next {
            if name.as_str() >= d.name.as_str() {
                break;
            }
            let gone = name.clone();
            self.keep(&gone, None)?;
            self.changes.removed += 1;
            self.advance()?;
        }
        match &self.next {
            Some((name, old)) if *name == d.name => {
                if old.as_slice() != digest.as_slice() {
                    self.keep(&d.name, Some(digest.as_slice()))?;
                    self.changes.changed += 1;
                }
                self.advance()?;
            }
            _ => {
                self.keep(&d.name, Some(digest.as_slice()))?;
                self.changes.added += 1;
            }
        }
        Ok(())
    }

    /// The names of the last export past the end of the new one are gone.
    fn finish(mut self) -> Result<Changes> {
        while let Some((name, _)) = &self.next {
            let gone = name.clone();
            self.keep(&gone, None)?;
            self.changes.removed += 1;
            self.advance()?;
        }
        Ok(self.changes)
    }
}

/// Records a published export: applies the differences kept by [`stream`]
/// to `zone_delegation` and adds the `zone_export` row. `expected_last` is
/// the last export the stream compared against; another export recorded
/// since is a conflict (exit 5).
pub(crate) fn record_export(
    conn: &Connection,
    expected_last: Option<i64>,
    now: Time,
    serial: u32,
    digest: &str,
    count: u64,
    path: Option<&str>,
) -> Result<i64> {
    let last = last_export(conn)?.map(|l| l.id);
    if last != expected_last {
        return Err(Error::conflict(
            "another zone export was recorded while this one ran; run it again",
        ));
    }
    conn.execute_batch(
        "DELETE FROM zone_delegation
          WHERE name IN (SELECT name FROM temp.zone_diff WHERE digest IS NULL);
         INSERT OR REPLACE INTO zone_delegation(name, digest)
         SELECT name, digest FROM temp.zone_diff WHERE digest IS NOT NULL;
         DELETE FROM temp.zone_diff;",
    )?;
    conn.execute(
        "INSERT INTO zone_export(time, serial, digest, count, path) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![fmt_time(now), serial, digest, count as i64, path],
    )?;
    Ok(conn.last_insert_rowid())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PendingRemoval;
    use crate::model::{Contact, Domain, State};
    use crate::rules::lifecycle::fixture::{policy, t};
    use crate::rules::periods::parse_time;
    use crate::store::{Store, contacts, domains};

    fn registry() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("t.db")).unwrap();
        let t = parse_time("2026-01-01").unwrap();
        contacts::insert_contact(store.conn(), &Contact::example("c1", t)).unwrap();
        (dir, store)
    }

    fn domain(name: &str, state: State, hosts: &[&str]) -> Domain {
        let t = parse_time("2026-01-01").unwrap();
        Domain {
            state,
            expires: parse_time("2027-01-01").unwrap(),
            nameservers: hosts
                .iter()
                .map(|h| Nameserver {
                    host: h.to_string(),
                    addresses: vec![],
                })
                .collect(),
            ..Domain::example(name, t)
        }
    }

    /// Streams, recording the names seen; digests are the first byte of
    /// the host list so a nameserver change shows as a change.
    fn export(conn: &Connection) -> (Vec<String>, Changes) {
        let mut seen = Vec::new();
        let changes = stream(conn, t("2026-01-01"), &policy(), true, |d| {
            seen.push(format!("{} {}", d.name, d.nameservers.len()));
            let mut digest = [0u8; 16];
            digest[0] = d.nameservers.iter().map(|n| n.host.len() as u8).sum();
            Ok(digest)
        })
        .unwrap();
        (seen, changes)
    }

    /// The names a zone at `now` delegates.
    fn delegated_at(conn: &Connection, now: &str) -> Vec<String> {
        let mut seen = Vec::new();
        stream(conn, t(now), &policy(), false, |d| {
            seen.push(d.name.clone());
            Ok([0u8; 16])
        })
        .unwrap();
        seen
    }

    #[test]
    fn the_zone_is_the_zone_at_the_clock_swept_or_not() {
        let (_dir, store) = registry();
        let conn = store.conn();
        let two = ["ns1.x.net", "ns2.x.net"];
        // Stored `registered` by a registry that has not swept for a week.
        let mut ended = domain("ended.pt", State::Registered, &two);
        ended.expires = t("2026-06-01T09:00:00Z");
        domains::insert(conn, &mut ended).unwrap();
        let mut locked = domain("locked.pt", State::Registered, &two);
        locked.expires = t("2026-06-01T09:00:00Z");
        locked.litigation = Some("Proc. 1/26".into());
        domains::insert(conn, &mut locked).unwrap();
        let mut pending = domain("pending.pt", State::Registered, &two);
        pending.pending_removal = Some(PendingRemoval {
            by: "manager".into(),
            effective: Some(t("2026-06-03T10:00:00Z")),
            requested: None,
            article: "21.2".into(),
            grounds: None,
        });
        domains::insert(conn, &mut pending).unwrap();
        let mut running = domain("running.pt", State::Registered, &two);
        // Stored at 24:00 (Lisbon, summer time) on 8 June.
        running.expires = t("2026-06-08T23:00:00Z");
        domains::insert(conn, &mut running).unwrap();

        // ended.pt's stored 09:00 runs, under civil counting, to 24:00
        // (Lisbon) that day.
        let all = ["ended.pt", "locked.pt", "pending.pt", "running.pt"];
        assert_eq!(delegated_at(conn, "2026-06-01T22:59:59Z"), all);
        assert_eq!(
            delegated_at(conn, "2026-06-01T23:00:00Z"),
            ["locked.pt", "pending.pt", "running.pt"]
        );
        assert_eq!(
            delegated_at(conn, "2026-06-03T10:00:00Z"),
            ["locked.pt", "running.pt"]
        );
        assert_eq!(
            delegated_at(conn, "2026-06-08T22:59:59Z"),
            ["locked.pt", "running.pt"]
        );
        assert_eq!(delegated_at(conn, "2026-06-08T23:00:00Z"), ["locked.pt"]);
    }

    #[test]
    fn only_registered_names_in_name_order_and_the_changes_since() {
        let (_dir, store) = registry();
        let conn = store.conn();
        let two = ["ns1.x.net", "ns2.x.net"];
        for (name, state) in [
            ("b.pt", State::Registered),
            ("a.pt", State::Registered),
            ("c.com.pt", State::Registered),
            ("grace.pt", State::Grace),
            ("susp.pt", State::Suspended),
            ("res.pt", State::Reserved),
            ("gone.pt", State::Removed),
        ] {
            domains::insert(conn, &mut domain(name, state, &two)).unwrap();
        }
        let (seen, changes) = export(conn);
        assert_eq!(seen, ["a.pt 2", "b.pt 2", "c.com.pt 2"]);
        assert_eq!(
            changes,
            Changes {
                domains: 3,
                added: 3,
                removed: 0,
                changed: 0
            }
        );
        let t = parse_time("2026-03-01").unwrap();
        record_export(conn, None, t, 1, "d1", 3, None).unwrap();
        assert_eq!(last_export(conn).unwrap().map(|l| l.serial), Some(1));

        let (_, again) = export(conn);
        assert_eq!(again.total(), 0);

        // a.pt leaves the zone, b.pt changes, d.pt arrives.
        let mut a = domains::find_live(conn, "a.pt").unwrap().unwrap();
        a.state = State::Grace;
        domains::update(conn, &a).unwrap();
        let mut b = domains::find_live(conn, "b.pt").unwrap().unwrap();
        b.nameservers.push(Nameserver {
            host: "ns3.x.net".into(),
            addresses: vec![],
        });
        domains::update(conn, &b).unwrap();
        domains::insert(conn, &mut domain("d.pt", State::Registered, &two)).unwrap();
        let (seen, changes) = export(conn);
        assert_eq!(seen, ["b.pt 3", "c.com.pt 2", "d.pt 2"]);
        assert_eq!(
            changes,
            Changes {
                domains: 3,
                added: 1,
                removed: 1,
                changed: 1
            }
        );
        let last = last_export(conn).unwrap().map(|l| l.id);
        assert!(record_export(conn, None, t, 2, "d2", 3, None).is_err());
        record_export(conn, last, t, 2, "d2", 3, None).unwrap();
        let (_, after) = export(conn);
        assert_eq!(after.total(), 0);
    }
}
