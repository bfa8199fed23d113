//! What the clock does to a name by itself: expiry into the grace period
//! (Art. 17.2), removal when the grace period ends unrenewed (Art. 17.3),
//! pending removals taking effect (Art. 21.2, 22.2), and the expiry
//! reminders that fall due before.
//!
//! Periods are continuous (Art. 33). A name expires *at* its expiry instant:
//! from that second on it is in the grace period, which lasts
//! `policy.periods.renewal_grace` × 24 h; at the first second after it, the
//! name is removed. A pending removal takes effect at its `effective` instant.

use serde::Serialize;

use super::litigated;
use crate::model::{Domain, State};
use crate::rules::Article;
use crate::rules::periods::{Time, days_after};
use crate::rules::policy::Policy;

/// One change the clock brings about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Transition {
    /// The state entered.
    pub(crate) to: State,
    /// When it was due.
    pub(crate) at: Time,
    pub(crate) article: Article,
    /// `expiry` (Art. 17) or `pending` (a pending removal, Art. 21.2, 22.2).
    pub(crate) cause: Cause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Cause {
    Expiry,
    Pending,
}

/// The end of the grace period: the first instant the name is removed.
pub(crate) fn grace_end(d: &Domain, policy: &Policy) -> Time {
    days_after(d.expires, policy.periods.renewal_grace)
}

/// Every transition of `d` due by `now`, in date order, stopping at removal.
///
/// While a litigation is pending, expiry has no effect (Art. 17.4) and no
/// removal takes effect (Art. 21.3, which reads "removal of a domain name
/// under a pending litigation is not permitted", whoever asked for it):
/// nothing is due until the lock is lifted.
pub(crate) fn due(d: &Domain, now: Time, policy: &Policy) -> Vec<Transition> {
    if d.state == State::Removed {
        return Vec::new();
    }
    let locked = litigated(d);
    let mut events = Vec::new();
    if let Some(p) = d.pending_removal.as_ref().filter(|_| !locked) {
        events.push(Transition {
            to: State::Removed,
            at: p.effective,
            article: article_of(&p.article),
            cause: Cause::Pending,
        });
    }
    if !locked {
        if matches!(d.state, State::Reserved | State::Registered) {
            events.push(Transition {
                to: State::Grace,
                at: d.expires,
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

/// The instant the term of a name stored with expiry `expires` ends: from
/// it on, the name is out of the zone (Art. 17.2).
pub(crate) fn term_end(expires: Time, _policy: &Policy) -> Time {
    expires
}

/// Whether a name stored `registered` with no pending removal due and
/// expiry `expires` is delegated at `now`: its term has not ended, or a
/// notified litigation holds the clock (Art. 17.2, 17.4). The zone export
/// asks this of the rows its query cannot decide alone.
pub(crate) fn delegated(expires: Time, locked: bool, now: Time, policy: &Policy) -> bool {
    locked || term_end(expires, policy) > now
}

/// The earliest stored expiry whose term may still run at `now`: every
/// name stored with an expiry at or before it is out of its term.
pub(crate) fn earliest_running_expiry(now: Time, _policy: &Policy) -> Time {
    now
}

/// The reminder days (of `policy.periods.reminders`) that have fallen due by
/// `now` for the current expiry: those with `expires - days ≤ now < expires`,
/// smallest first. Names not awaiting an expiry (grace, removed) get none.
pub(crate) fn reminders_due(d: &Domain, now: Time, policy: &Policy) -> Vec<u32> {
    if matches!(d.state, State::Grace | State::Removed) || now >= d.expires {
        return Vec::new();
    }
    let mut days: Vec<u32> = policy
        .periods
        .reminders
        .iter()
        .copied()
        .filter(|&r| days_before(d.expires, r) <= now)
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

pub(crate) use crate::rules::periods::days_before;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PendingRemoval;
    use crate::rules::lifecycle::fixture::{domain, policy, t};

    fn states(d: &Domain, now: &str) -> Vec<(State, String)> {
        due(d, t(now), &policy())
            .into_iter()
            .map(|x| (x.to, x.article.to_string()))
            .collect()
    }

    #[test]
    fn expiry_edges() {
        // Expires 2026-03-01T09:00:00Z; grace of 30 days ends 2026-03-31T09:00:00Z.
        let d = domain();
        let cases: &[(&str, &[State])] = &[
            ("2026-03-01T08:59:59Z", &[]),
            ("2026-03-01T09:00:00Z", &[State::Grace]),
            ("2026-03-31T08:59:59Z", &[State::Grace]),
            ("2026-03-31T09:00:00Z", &[State::Grace, State::Removed]),
            ("2030-01-01T00:00:00Z", &[State::Grace, State::Removed]),
        ];
        for (now, want) in cases {
            let got: Vec<State> = states(&d, now).into_iter().map(|s| s.0).collect();
            assert_eq!(&got, want, "at {now}");
        }
    }

    #[test]
    fn a_name_in_grace_is_removed_at_the_end_of_it() {
        let mut d = domain();
        d.state = State::Grace;
        assert_eq!(states(&d, "2026-03-31T08:59:59Z"), vec![]);
        assert_eq!(
            states(&d, "2026-03-31T09:00:00Z"),
            vec![(State::Removed, "17.3".into())]
        );
    }

    #[test]
    fn litigation_stops_the_clock() {
        let mut d = domain();
        d.litigation = Some("Proc. 1/26".into());
        assert_eq!(states(&d, "2030-01-01"), vec![]);
        let mut d = domain();
        d.suspension = Some("Arb. 7/26".into());
        d.state = State::Suspended;
        assert_eq!(states(&d, "2030-01-01"), vec![]);
        let mut d = domain();
        d.state = State::Grace;
        d.litigation = Some("Proc. 1/26".into());
        assert_eq!(states(&d, "2030-01-01"), vec![]);
    }

    #[test]
    fn pending_removals_take_effect_at_their_instant() {
        let mut d = domain();
        d.pending_removal = Some(PendingRemoval {
            by: "manager".into(),
            effective: t("2025-06-09T10:00:00Z"),
            article: "21.2".into(),
            grounds: None,
        });
        assert_eq!(states(&d, "2025-06-09T09:59:59Z"), vec![]);
        assert_eq!(
            states(&d, "2025-06-09T10:00:00Z"),
            vec![(State::Removed, "21.2".into())]
        );
        // Art. 21.3: not while a litigation is pending.
        d.litigation = Some("Proc. 1/26".into());
        assert_eq!(states(&d, "2025-06-10"), vec![]);
        // Nor a registry removal (Art. 22.2): it waits for the lock to lift.
        d.pending_removal = Some(PendingRemoval {
            by: "registry".into(),
            effective: t("2025-06-09T10:00:00Z"),
            article: "22.1.c".into(),
            grounds: None,
        });
        assert_eq!(states(&d, "2025-06-10"), vec![]);
        d.litigation = None;
        assert_eq!(
            states(&d, "2025-06-10"),
            vec![(State::Removed, "22.2".into())]
        );
    }

    #[test]
    fn the_earliest_event_wins_and_removal_ends_the_walk() {
        let mut d = domain();
        d.pending_removal = Some(PendingRemoval {
            by: "manager".into(),
            effective: t("2026-03-05T00:00:00Z"),
            article: "21.2".into(),
            grounds: None,
        });
        assert_eq!(
            states(&d, "2026-04-30"),
            vec![
                (State::Grace, "17.2".into()),
                (State::Removed, "21.2".into())
            ]
        );
        let (settled, _) = settle(&d, t("2026-04-30"), &policy());
        assert_eq!(settled.state, State::Removed);
        assert_eq!(settled.removed, Some(t("2026-03-05")));
        assert_eq!(settled.pending_removal, None);
    }

    #[test]
    fn removed_names_stay_removed() {
        let mut d = domain();
        d.state = State::Removed;
        assert!(due(&d, t("2040-01-01"), &policy()).is_empty());
    }

    #[test]
    fn reminders_fall_due_by_day() {
        let d = domain(); // expires 2026-03-01T09:00:00Z; reminders 30 and 7 days before
        let p = policy();
        let cases: &[(&str, &[u32])] = &[
            ("2026-01-01T00:00:00Z", &[]),
            ("2026-01-30T08:59:59Z", &[]),
            ("2026-01-30T09:00:00Z", &[30]),
            ("2026-02-22T08:59:59Z", &[30]),
            ("2026-02-22T09:00:00Z", &[7, 30]),
            ("2026-03-01T08:59:59Z", &[7, 30]),
            ("2026-03-01T09:00:00Z", &[]),
        ];
        for (now, want) in cases {
            assert_eq!(&reminders_due(&d, t(now), &p), want, "at {now}");
        }
        let mut g = domain();
        g.state = State::Grace;
        assert!(reminders_due(&g, t("2026-02-25"), &p).is_empty());
    }
}
