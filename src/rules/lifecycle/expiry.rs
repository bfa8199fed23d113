//! What the clock does to a name by itself, and so the state of a name at
//! any instant (the state at the clock): expiry into the grace period
//! (Art. 17.2), removal when the grace period ends unrenewed (Art. 17.3),
//! pending removals taking effect (Art. 21.2, 22.2), a registration on
//! legitimacy grounds removed when its proof is not given in time (Art.
//! 8.5, 8.3), and the expiry reminders that fall due before.
//!
//! [`settle`] is the one function every read and every decision goes
//! through: the stored row says what staff and the journal set, the clock
//! and the policy say what follows from it. Periods are counted as the
//! policy's [`Calendar`](crate::rules::periods::Calendar) counts them: by
//! default a term ends at 24:00 (Lisbon) of its last day, and the 30 days
//! of grace run from the next day to 24:00 of the 30th.
//!
//! While a notified litigation is pending (or an arbitral suspension
//! stands), nothing here happens (Art. 17.4, 21.3); when it is lifted after
//! the term has ended, the grace period starts then ([`lifted`]).

use serde::Serialize;

use super::litigated;
use crate::model::{Domain, State};
use crate::rules::Article;
use crate::rules::periods::{Counting, Time, days_after, days_before, hours_after};
use crate::rules::policy::Policy;

/// One change the clock brings about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Transition {
    /// The state entered.
    pub(crate) to: State,
    /// When it was due.
    pub(crate) at: Time,
    pub(crate) article: Article,
    /// What brought it about.
    pub(crate) cause: Cause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Cause {
    /// The term or the grace period ended (Art. 17.2, 17.3).
    Expiry,
    /// A pending removal's period ended (Art. 21.2, 22.2).
    Pending,
    /// The proof of legitimacy was not given by its deadline (Art. 8.5, 8.3).
    Proof,
}

/// When the term of a name stored with expiry `expires` ends: from that
/// instant on it is out of the zone (Art. 17.2).
pub(crate) fn term_end(expires: Time, policy: &Policy) -> Time {
    policy.calendar().term_end(expires)
}

/// The end of the grace period: the first instant the name is removed
/// (Art. 17.3). It follows the term directly (the day after the term's last
/// day is its first), or runs from the lifting of a lock (whose day is not
/// counted).
pub(crate) fn grace_end(d: &Domain, policy: &Policy) -> Time {
    grace_end_of(d.state, d.expires, d.state_since, policy)
}

/// [`grace_end`] from the three facts it reads. A name in grace entered
/// later than its term ended began its grace when a litigation lock was
/// lifted (Art. 17.4), not at the term's end.
fn grace_end_of(state: State, expires: Time, state_since: Time, policy: &Policy) -> Time {
    let cal = policy.calendar();
    let days = policy.periods.renewal_grace;
    let end = term_end(expires, policy);
    if state == State::Grace && state_since > end {
        cal.days_from_event(state_since, days)
    } else {
        cal.days_from_end(end, days)
    }
}

/// Whether the clock has moved a name stored live, unlocked, with these
/// facts by `now` through its term or grace (Art. 17.2, 17.3): what [`due`]
/// decides of a name with no pending removal and no proof deadline. The
/// sweep asks it of the rows its expiry queries find, so that it reads only
/// the names the clock has moved.
pub(crate) fn term_or_grace_ended(
    state: State,
    expires: Time,
    state_since: Time,
    now: Time,
    policy: &Policy,
) -> bool {
    match state {
        State::Reserved | State::Registered => term_end(expires, policy) <= now,
        State::Grace => grace_end_of(state, expires, state_since, policy) <= now,
        State::Suspended | State::Removed => false,
    }
}

/// Every transition of `d` due by `now`, in date order, stopping at removal.
///
/// While a litigation is pending, expiry has no effect (Art. 17.4) and no
/// removal takes effect (Art. 21.3, which reads "removal of a domain name
/// under a pending litigation is not permitted", whoever asked for it):
/// nothing is due until the lock is lifted. A pending removal whose notice
/// has not been sent has no date yet (Art. 21.2, 22.2).
pub(crate) fn due(d: &Domain, now: Time, policy: &Policy) -> Vec<Transition> {
    if d.state == State::Removed || litigated(d) {
        return Vec::new();
    }
    let mut events = Vec::new();
    if let Some(p) = &d.pending_removal
        && let Some(at) = p.effective
    {
        events.push(Transition {
            to: State::Removed,
            at,
            article: article_of(&p.article),
            cause: Cause::Pending,
        });
    }
    if let Some(at) = d.held_until {
        events.push(Transition {
            to: State::Removed,
            at,
            article: "8.3",
            cause: Cause::Proof,
        });
    }
    if matches!(d.state, State::Reserved | State::Registered) {
        events.push(Transition {
            to: State::Grace,
            at: term_end(d.expires, policy),
            article: "17.2",
            cause: Cause::Expiry,
        });
    }
    if matches!(d.state, State::Reserved | State::Registered | State::Grace) {
        events.push(Transition {
            to: State::Removed,
            at: grace_end(d, policy),
            article: "17.3",
            cause: Cause::Expiry,
        });
    }
    // Stable: at equal times a pending removal (pushed first) wins.
    events.sort_by_key(|e| e.at);
    let mut out = Vec::new();
    for e in events.into_iter().filter(|e| e.at <= now) {
        let removed = e.to == State::Removed;
        out.push(e);
        if removed {
            break;
        }
    }
    out
}

/// Maps a stored article text back to the static article it names.
fn article_of(text: &str) -> Article {
    match text {
        "21.2" => "21.2",
        t if t.starts_with("22") => "22.2",
        _ => "21.2",
    }
}

/// Applies one transition to a domain value.
pub(crate) fn apply(d: &mut Domain, t: &Transition) {
    d.state = t.to;
    d.state_since = t.at;
    if t.to == State::Removed {
        d.removed = Some(t.at);
        d.pending_removal = None;
        d.held_until = None;
        d.case = None;
    }
}

/// The domain as the rules have it at `now`, and the transitions that got it
/// there from its stored state.
pub(crate) fn settle(d: &Domain, now: Time, policy: &Policy) -> (Domain, Vec<Transition>) {
    let transitions = due(d, now, policy);
    let mut settled = d.clone();
    for t in &transitions {
        apply(&mut settled, t);
    }
    (settled, transitions)
}

/// The domain as the rules have it at `now`: what every read shows and
/// every decision starts from, whether or not the sweep has recorded it.
pub(crate) fn at(d: &Domain, now: Time, policy: &Policy) -> Domain {
    settle(d, now, policy).0
}

/// A lock (litigation or suspension) was just lifted from `d` at `now`:
/// what it held back applies from now (Art. 17.4, 21.3). A name whose term
/// ended meanwhile enters a full grace period now (or starts it again, if
/// it was in grace when locked); a pending removal whose period ended
/// meanwhile takes effect now.
pub(crate) fn lifted(d: &Domain, now: Time, policy: &Policy) -> Domain {
    let mut d = d.clone();
    if litigated(&d) || d.state == State::Removed {
        return d;
    }
    if d.pending_removal
        .as_ref()
        .and_then(|p| p.effective)
        .is_some_and(|e| e <= now)
    {
        d.state = State::Removed;
        d.state_since = now;
        d.removed = Some(now);
        d.pending_removal = None;
        return d;
    }
    let ended = term_end(d.expires, policy) <= now;
    if ended && matches!(d.state, State::Reserved | State::Registered | State::Grace) {
        d.state = State::Grace;
        d.state_since = now;
    }
    at(&d, now, policy)
}

/// Whether a name stored `registered`, with no pending removal due and
/// expiry `expires`, is delegated at `now`: its term has not ended, or a
/// notified litigation holds the clock (Art. 17.2, 17.4). The zone export
/// asks this of the rows its query cannot decide alone.
pub(crate) fn delegated(expires: Time, locked: bool, now: Time, policy: &Policy) -> bool {
    locked || term_end(expires, policy) > now
}

/// The latest stored expiry whose term may have ended by `now`: every name
/// stored with an expiry after it is in its term. A term never ends before
/// its stored expiry (civil counting carries it forward to 24:00 of its
/// day, never back), so that is `now` itself under both countings; the
/// zone export decides by the rule only the names stored between
/// [`earliest_running_expiry`] and this.
pub(crate) fn latest_ending_expiry(now: Time) -> Time {
    now
}

/// The earliest stored expiry whose term may still run at `now`: every
/// name stored with an expiry at or before it is out of its term.
pub(crate) fn earliest_running_expiry(now: Time, policy: &Policy) -> Time {
    policy.calendar().earliest_running_end(now)
}

/// A stored expiry at or before which the grace period may have ended by
/// `now` (the sweep's query looks there; [`due`] decides): the grace
/// period ends at least `renewal_grace` days after the stored expiry (less
/// a daylight-saving change under civil counting, for which a margin of
/// days is left).
pub(crate) fn grace_cutoff(now: Time, policy: &Policy) -> Time {
    let cutoff = days_before(now, policy.periods.renewal_grace);
    match policy.periods.counting {
        Counting::Hours => cutoff,
        Counting::Civil => hours_after(cutoff, SHIFT_HOURS),
    }
}

/// How far a daylight-saving change (or two) may stretch or shrink a span
/// of local days against the same number of 24-hour days, with room to
/// spare: the candidate queries look this much wider.
const SHIFT_HOURS: i64 = 3;

/// How far civil counting may carry a stored end forward (to the next
/// local midnight: less than a day, plus a shift).
const CARRY_HOURS: i64 = 24 + SHIFT_HOURS;

/// The stored expiries, `(after, until]`, of names for which a reminder
/// `days` days before may be due at `now` (the sweep's query looks there;
/// [`reminders_due`] decides).
pub(crate) fn reminder_window(now: Time, days: u32, policy: &Policy) -> (Time, Time) {
    let horizon = days_after(now, days);
    match policy.periods.counting {
        Counting::Hours => (now, horizon),
        Counting::Civil => (
            hours_after(now, -CARRY_HOURS),
            hours_after(horizon, SHIFT_HOURS),
        ),
    }
}

/// The reminder days (of `policy.periods.reminders`) that have fallen due by
/// `now` for the current term: those whose day has come before the term
/// ends, smallest first. Names not awaiting an expiry (grace, removed) get
/// none.
pub(crate) fn reminders_due(d: &Domain, now: Time, policy: &Policy) -> Vec<u32> {
    reminder_days_due(d.state, d.expires, now, policy)
}

/// [`reminders_due`] from the two facts it reads: the state and the stored
/// expiry (an import decides them for rows not stored yet).
pub(crate) fn reminder_days_due(
    state: State,
    expires: Time,
    now: Time,
    policy: &Policy,
) -> Vec<u32> {
    let end = term_end(expires, policy);
    if matches!(state, State::Grace | State::Removed) || now >= end {
        return Vec::new();
    }
    let cal = policy.calendar();
    let mut days: Vec<u32> = policy
        .periods
        .reminders
        .iter()
        .copied()
        .filter(|&r| cal.days_before_end(end, r) <= now)
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

#[cfg(test)]
mod tests;
