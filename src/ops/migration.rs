//! What a migration settles besides storing its rows: the expiry reminders
//! (Art. 17.1) whose day came before the names came into this registry.
//!
//! A name migrated with an expiry within the reminder period has had its
//! reminders from the registry it comes from, on their days, or never will:
//! a reminder is news on its day, and the day is gone. Sending them all at
//! the first sweep after the migration would tell about 8 % of a registry
//! (every name expiring within 30 days) at once, many a second time, that
//! their name expires; and it would make that first sweep send in one run
//! what a daily sweep sends over a month. So the import marks those
//! reminders as passed over (the reminder table, with the import's time),
//! exactly as a nearer reminder marks the farther ones; the reminders whose
//! day comes after the migration are sent by the sweep on their day. The
//! days are the rule's (`expiry::reminders_due` at the import's clock).

use rusqlite::Connection;

use crate::error::Result;
use crate::rules::lifecycle::expiry::reminders_due;
use crate::rules::periods::{Time, days_after, days_before};
use crate::rules::policy::Policy;
use crate::store;

/// Widens the query's window of expiries by this many days on each side;
/// the rule decides within it (a civil day may be longer than 24 hours).
const MARGIN_DAYS: u32 = 2;

/// Marks as passed over every expiry reminder already due at `now` for the
/// rows stored after row id `after_id` (the rows of this migration).
/// Returns how many names had reminders passed over.
pub(crate) fn pass_over_reminders(
    conn: &Connection,
    after_id: i64,
    now: Time,
    policy: &Policy,
) -> Result<u64> {
    let Some(&longest) = policy.periods.reminders.iter().max() else {
        return Ok(0);
    };
    let window = (
        days_before(now, MARGIN_DAYS),
        days_after(now, longest + MARGIN_DAYS),
    );
    let mut marks: Vec<(i64, Time, u32)> = Vec::new();
    let mut names = 0;
    store::domains::each_expiring_after(conn, after_id, window, |d| {
        let due = reminders_due(&d, now, policy);
        if !due.is_empty() {
            names += 1;
        }
        marks.extend(due.into_iter().map(|day| (d.id, d.expires, day)));
        Ok(())
    })?;
    // In row order: the reminder table's key starts with the row id.
    marks.sort_unstable();
    for (id, expires, day) in marks {
        store::lifecycle::mark_reminded(conn, id, expires, day, now)?;
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::periods::parse_time;

    /// A registry file with every migration applied (the domain table as
    /// `open` leaves it), holding one contact.
    fn registry() -> (tempfile::TempDir, store::Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = store::Store::create(&dir.path().join("t.db")).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO contact(id, kind, name, email, phone, address, country, created, updated)
                 VALUES ('c1', 'person', 'Ana', 'a@x.pt', '+351.1', 'Rua', 'PT',
                         '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z');",
            )
            .unwrap();
        (dir, store)
    }

    fn add(conn: &Connection, name: &str, state: &str, expires: &str) -> i64 {
        conn.execute(
            "INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
                tech, state_since) VALUES (?1, ?1, 'pt', ?2, '2020-01-01T00:00:00Z', ?3, 'c1',
                'c1', '2020-01-01T00:00:00Z')",
            rusqlite::params![name, state, expires],
        )
        .unwrap();
        conn.last_insert_rowid()
    }

    fn marked(conn: &Connection, id: i64) -> Vec<u32> {
        let mut stmt = conn
            .prepare("SELECT days FROM reminder WHERE domain_id = ?1 ORDER BY days")
            .unwrap();
        stmt.query_map([id], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn only_the_reminders_already_due_of_the_migrated_rows_are_passed_over() {
        let (_dir, store) = registry();
        let conn = store.conn();
        let policy = Policy::parse(crate::rules::policy::DEFAULT_TOML).unwrap();
        let now = parse_time("2026-03-01T09:00:00Z").unwrap();
        let older = add(conn, "antes.pt", "registered", "2026-03-05T09:00:00Z");
        let before = store::domains::last_id(conn).unwrap();
        // Within 7 days: both reminder days are gone.
        let soon = add(conn, "breve.pt", "registered", "2026-03-05T09:00:00Z");
        // Within 30 days, beyond 7: the 30-day one is gone, the 7-day one not.
        let month = add(conn, "mes.pt", "reserved", "2026-03-20T09:00:00Z");
        // Beyond 30 days: nothing is due yet.
        let later = add(conn, "tarde.pt", "registered", "2026-05-01T09:00:00Z");
        // Expired, in grace: no reminder at all.
        let grace = add(conn, "graca.pt", "grace", "2026-02-20T09:00:00Z");
        let names = pass_over_reminders(conn, before, now, &policy).unwrap();
        assert_eq!(names, 2);
        assert_eq!(marked(conn, soon), vec![7, 30]);
        assert_eq!(marked(conn, month), vec![30]);
        assert!(marked(conn, later).is_empty());
        assert!(marked(conn, grace).is_empty());
        // A row stored before the migration is the sweep's, not the import's.
        assert!(marked(conn, older).is_empty());
    }
}
