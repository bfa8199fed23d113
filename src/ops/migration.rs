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
use crate::rules::periods::Time;
use crate::store;

/// Marks as passed over, at `now`, the expiry reminders an import found
/// already due for the rows it stored: (row, expiry, day), written in the
/// order of the reminder table's key (day, expiry, row). The import decides
/// them row by row as it stores them, by the rule
/// (`expiry::reminder_days_due` at the import's clock).
pub(crate) fn pass_over(
    conn: &Connection,
    marks: &mut [(i64, Time, u32)],
    now: Time,
) -> Result<()> {
    marks.sort_unstable_by_key(|&(id, expires, day)| (day, expires, id));
    for &(id, expires, day) in marks.iter() {
        store::lifecycle::mark_reminded(conn, id, expires, day, now)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::model::State;
    use crate::rules::lifecycle::expiry::reminder_days_due;
    use crate::rules::periods::parse_time;
    use crate::rules::policy::Policy;

    /// The days an import passes over are the ones due at its clock.
    #[test]
    fn only_the_reminders_already_due_are_passed_over() {
        let policy = Policy::parse(crate::rules::policy::DEFAULT_TOML).unwrap();
        let now = parse_time("2026-03-01T09:00:00Z").unwrap();
        let due =
            |state, expires| reminder_days_due(state, parse_time(expires).unwrap(), now, &policy);
        // Within 7 days: both reminder days are gone.
        assert_eq!(due(State::Registered, "2026-03-05T09:00:00Z"), vec![7, 30]);
        // Within 30 days, beyond 7: the 30-day one is gone, the 7-day one not.
        assert_eq!(due(State::Reserved, "2026-03-20T09:00:00Z"), vec![30]);
        assert_eq!(due(State::Suspended, "2026-03-20T09:00:00Z"), vec![30]);
        // Beyond 30 days: nothing is due yet.
        assert!(due(State::Registered, "2026-05-01T09:00:00Z").is_empty());
        // Expired, in grace: no reminder at all.
        assert!(due(State::Grace, "2026-02-20T09:00:00Z").is_empty());
    }
}
