//! The clock's transitions at the last second before and the first second
//! after every period, under both countings, across daylight-saving
//! changes, with locks and late notices, and for a registry that has not
//! swept for a week.

use proptest::prelude::*;

use super::*;
use crate::model::PendingRemoval;
use crate::rules::lifecycle::fixture::{domain, hours, policy, t};
use crate::rules::periods::fmt_time;

fn states(d: &Domain, now: &str, p: &Policy) -> Vec<(State, String)> {
    due(d, t(now), p)
        .into_iter()
        .map(|x| (x.to, x.article.to_string()))
        .collect()
}

fn only_states(d: &Domain, now: &str, p: &Policy) -> Vec<State> {
    states(d, now, p).into_iter().map(|s| s.0).collect()
}

fn pending(effective: Option<&str>, by: &str, article: &str) -> PendingRemoval {
    PendingRemoval {
        by: by.into(),
        effective: effective.map(t),
        article: article.into(),
        grounds: None,
        requested: Some(t("2025-06-01T10:00:00Z")),
    }
}

#[test]
fn expiry_edges_under_both_countings() {
    // Stored expiry 2026-03-01T09:00:00Z (an instant written under hours
    // counting, or migrated). Civil: the term ends at 24:00 on 1 March
    // (Lisbon on UTC) and the grace at 24:00 on 31 March (Lisbon on summer
    // time, so 23:00 UTC). Hours: the instant, then 30 × 24 h.
    let d = domain();
    let civil: &[(&str, &[State])] = &[
        ("2026-03-01T23:59:59Z", &[]),
        ("2026-03-02T00:00:00Z", &[State::Grace]),
        ("2026-03-31T22:59:59Z", &[State::Grace]),
        ("2026-03-31T23:00:00Z", &[State::Grace, State::Removed]),
        ("2030-01-01T00:00:00Z", &[State::Grace, State::Removed]),
    ];
    for (now, want) in civil {
        assert_eq!(&only_states(&d, now, &policy()), want, "civil at {now}");
    }
    let hourly: &[(&str, &[State])] = &[
        ("2026-03-01T08:59:59Z", &[]),
        ("2026-03-01T09:00:00Z", &[State::Grace]),
        ("2026-03-31T08:59:59Z", &[State::Grace]),
        ("2026-03-31T09:00:00Z", &[State::Grace, State::Removed]),
    ];
    for (now, want) in hourly {
        assert_eq!(&only_states(&d, now, &hours()), want, "hours at {now}");
    }
}

#[test]
fn a_one_year_term_from_1_march_runs_to_24_00_on_1_march() {
    // The example of the rules' counting: registered 1 March 2026 at 10:00
    // (Lisbon on UTC) for a year; the term ends at 24:00 on 1 March 2027,
    // the grace at 24:00 on 31 March 2027 (summer time: 23:00 UTC).
    let cal = policy().calendar();
    let expires = cal
        .years_from_event(t("2026-03-01T10:00:00Z"), 1)
        .expect("a term");
    assert_eq!(fmt_time(expires), "2027-03-02T00:00:00Z");
    let mut d = domain();
    d.expires = expires;
    assert_eq!(fmt_time(grace_end(&d, &policy())), "2027-03-31T23:00:00Z");
    assert_eq!(term_end(expires, &policy()), expires, "stored at 24:00");
}

#[test]
fn terms_and_graces_across_daylight_saving_changes() {
    let p = policy();
    let mut d = domain();
    // A term ending 24:00 on 28 March 2026 (winter, 00:00 UTC); Lisbon
    // moves to summer time on 29 March; the grace ends 24:00 on 27 April
    // (summer, 23:00 UTC).
    d.expires = t("2026-03-29T00:00:00Z");
    assert_eq!(fmt_time(grace_end(&d, &p)), "2026-04-27T23:00:00Z");
    assert_eq!(only_states(&d, "2026-03-28T23:59:59Z", &p), []);
    assert_eq!(only_states(&d, "2026-03-29T00:00:00Z", &p), [State::Grace]);
    assert_eq!(only_states(&d, "2026-04-27T22:59:59Z", &p), [State::Grace]);
    assert_eq!(
        only_states(&d, "2026-04-27T23:00:00Z", &p),
        [State::Grace, State::Removed]
    );
    // A term ending 24:00 on 10 October 2026 (summer, 23:00 UTC); back to
    // winter time on 25 October; the grace ends 24:00 on 9 November.
    d.expires = t("2026-10-10T23:00:00Z");
    assert_eq!(fmt_time(grace_end(&d, &p)), "2026-11-10T00:00:00Z");
    // Hours ignore the change: 30 × 24 h.
    assert_eq!(fmt_time(grace_end(&d, &hours())), "2026-11-09T23:00:00Z");
}

#[test]
fn a_stored_instant_ends_at_24_00_of_its_day_under_civil_counting() {
    let p = policy();
    // Summer: 09:00 UTC is 10:00 in Lisbon; the day ends at 23:00 UTC.
    assert_eq!(
        fmt_time(term_end(t("2026-06-01T09:00:00Z"), &p)),
        "2026-06-01T23:00:00Z"
    );
    // 23:30 UTC on 1 June is already 2 June in Lisbon.
    assert_eq!(
        fmt_time(term_end(t("2026-06-01T23:30:00Z"), &p)),
        "2026-06-02T23:00:00Z"
    );
    // A local midnight is itself: the 24:00 of the day before.
    assert_eq!(
        fmt_time(term_end(t("2026-06-01T23:00:00Z"), &p)),
        "2026-06-01T23:00:00Z"
    );
    assert_eq!(
        term_end(t("2026-06-01T09:00:00Z"), &hours()),
        t("2026-06-01T09:00:00Z")
    );
}

#[test]
fn a_name_in_grace_is_removed_at_the_end_of_it() {
    for (p, last, first) in [
        (policy(), "2026-03-31T22:59:59Z", "2026-03-31T23:00:00Z"),
        (hours(), "2026-03-31T08:59:59Z", "2026-03-31T09:00:00Z"),
    ] {
        let mut d = domain();
        d.state = State::Grace;
        d.state_since = term_end(d.expires, &p);
        assert_eq!(states(&d, last, &p), vec![]);
        assert_eq!(states(&d, first, &p), vec![(State::Removed, "17.3".into())]);
    }
}

#[test]
fn litigation_stops_the_clock() {
    for p in [policy(), hours()] {
        let mut d = domain();
        d.litigation = Some("Proc. 1/26".into());
        assert_eq!(states(&d, "2030-01-01", &p), vec![]);
        let mut d = domain();
        d.suspension = Some("Arb. 7/26".into());
        d.state = State::Suspended;
        assert_eq!(states(&d, "2030-01-01", &p), vec![]);
        let mut d = domain();
        d.state = State::Grace;
        d.litigation = Some("Proc. 1/26".into());
        assert_eq!(states(&d, "2030-01-01", &p), vec![]);
        let mut d = domain();
        d.held_until = Some(t("2025-03-04T00:00:00Z"));
        d.litigation = Some("Proc. 1/26".into());
        assert_eq!(states(&d, "2030-01-01", &p), vec![], "Art. 21.3");
    }
}

#[test]
fn a_lock_spanning_a_term_and_a_grace_then_lifted() {
    let p = policy();
    let mut d = domain();
    d.litigation = Some("Proc. 1/26".into());
    // Locked from before the term's end until long after the grace would
    // have ended: still registered.
    assert_eq!(at(&d, t("2026-05-15"), &p).state, State::Registered);
    // Lifted on 15 May at 12:00 UTC (13:00 Lisbon): grace from then, 15 May
    // not counted, to 24:00 on 14 June (23:00 UTC).
    d.litigation = None;
    let g = lifted(&d, t("2026-05-15T12:00:00Z"), &p);
    assert_eq!(
        (g.state, g.state_since),
        (State::Grace, t("2026-05-15T12:00:00Z"))
    );
    assert_eq!(states(&g, "2026-06-14T22:59:59Z", &p), vec![]);
    assert_eq!(
        states(&g, "2026-06-14T23:00:00Z", &p),
        vec![(State::Removed, "17.3".into())]
    );
    // Another lock still standing: nothing is lifted.
    let mut both = domain();
    both.suspension = Some("Arb. 1/26".into());
    both.state = State::Suspended;
    assert_eq!(lifted(&both, t("2026-05-15"), &p).state, State::Suspended);
}

#[test]
fn pending_removals_take_effect_at_their_instant_once_notified() {
    let p = policy();
    let mut d = domain();
    d.pending_removal = Some(pending(Some("2025-06-09T23:00:00Z"), "manager", "21.2"));
    assert_eq!(states(&d, "2025-06-09T22:59:59Z", &p), vec![]);
    assert_eq!(
        states(&d, "2025-06-09T23:00:00Z", &p),
        vec![(State::Removed, "21.2".into())]
    );
    // A notice never sent: no date, no removal, however late.
    d.pending_removal = Some(pending(None, "manager", "21.2"));
    assert_eq!(states(&d, "2025-12-01", &p), vec![]);
    // Art. 21.3: not while a litigation is pending.
    d.pending_removal = Some(pending(Some("2025-06-09T23:00:00Z"), "manager", "21.2"));
    d.litigation = Some("Proc. 1/26".into());
    assert_eq!(states(&d, "2025-06-10", &p), vec![]);
    // Nor a registry removal (Art. 22.2): it waits for the lock to lift.
    d.pending_removal = Some(pending(Some("2025-06-09T23:00:00Z"), "registry", "22.1.c"));
    assert_eq!(states(&d, "2025-06-10", &p), vec![]);
    d.litigation = None;
    assert_eq!(
        states(&d, "2025-06-10", &p),
        vec![(State::Removed, "22.2".into())]
    );
}

#[test]
fn the_earliest_event_wins_and_removal_ends_the_walk() {
    let p = policy();
    let mut d = domain();
    d.pending_removal = Some(pending(Some("2026-03-05T00:00:00Z"), "manager", "21.2"));
    assert_eq!(
        states(&d, "2026-04-30", &p),
        vec![
            (State::Grace, "17.2".into()),
            (State::Removed, "21.2".into())
        ]
    );
    let (settled, _) = settle(&d, t("2026-04-30"), &p);
    assert_eq!(settled.state, State::Removed);
    assert_eq!(settled.removed, Some(t("2026-03-05")));
    assert_eq!(settled.pending_removal, None);
}

#[test]
fn a_registry_that_has_not_swept_for_a_week_settles_to_the_due_times() {
    let p = policy();
    let (settled, transitions) = settle(&domain(), t("2026-03-09T00:00:00Z"), &p);
    assert_eq!(settled.state, State::Grace);
    // Recorded when it fell due, not when the week-late sweep ran.
    assert_eq!(transitions[0].at, t("2026-03-02T00:00:00Z"));
    assert_eq!(settled.state_since, t("2026-03-02T00:00:00Z"));
    // And its grace still ends where it always would.
    assert_eq!(fmt_time(grace_end(&settled, &p)), "2026-03-31T23:00:00Z");
}

#[test]
fn an_unproved_legitimacy_is_removed_at_its_deadline() {
    let p = policy();
    let mut d = domain();
    d.state = State::Reserved;
    d.created = t("2026-01-01T10:00:00Z");
    d.held_until = Some(t("2026-01-04T00:00:00Z"));
    assert_eq!(states(&d, "2026-01-03T23:59:59Z", &p), vec![]);
    let due_now = due(&d, t("2026-01-04T00:00:00Z"), &p);
    assert_eq!(due_now.len(), 1);
    assert_eq!(
        (due_now[0].to, due_now[0].article, due_now[0].cause),
        (State::Removed, "8.3", Cause::Proof)
    );
    let (gone, _) = settle(&d, t("2026-01-05"), &p);
    assert_eq!((gone.held_until, gone.case), (None, None));
}

#[test]
fn removed_names_stay_removed() {
    let mut d = domain();
    d.state = State::Removed;
    assert!(due(&d, t("2040-01-01"), &policy()).is_empty());
}

#[test]
fn reminders_fall_due_by_day() {
    // Civil: the term ends 24:00 on 1 March 2026; the 30-day reminder is
    // due from 00:00 on 31 January (30 whole days left), the 7-day one
    // from 00:00 on 23 February.
    let d = domain();
    let civil: &[(&str, &[u32])] = &[
        ("2026-01-30T23:59:59Z", &[]),
        ("2026-01-31T00:00:00Z", &[30]),
        ("2026-02-22T23:59:59Z", &[30]),
        ("2026-02-23T00:00:00Z", &[7, 30]),
        ("2026-03-01T23:59:59Z", &[7, 30]),
        ("2026-03-02T00:00:00Z", &[]),
    ];
    for (now, want) in civil {
        assert_eq!(
            &reminders_due(&d, t(now), &policy()),
            want,
            "civil at {now}"
        );
    }
    let hourly: &[(&str, &[u32])] = &[
        ("2026-01-30T08:59:59Z", &[]),
        ("2026-01-30T09:00:00Z", &[30]),
        ("2026-02-22T09:00:00Z", &[7, 30]),
        ("2026-03-01T09:00:00Z", &[]),
    ];
    for (now, want) in hourly {
        assert_eq!(&reminders_due(&d, t(now), &hours()), want, "hours at {now}");
    }
    let mut g = domain();
    g.state = State::Grace;
    assert!(reminders_due(&g, t("2026-02-25"), &policy()).is_empty());
}

/// Any instant from 2020 to 2030, whole seconds.
fn instant() -> impl Strategy<Value = Time> {
    (1_577_836_800i64..1_893_456_000)
        .prop_map(|s| chrono::DateTime::from_timestamp(s, 0).unwrap_or_default())
}

proptest! {
    /// The bounds the candidate queries use hold for any stored expiry and
    /// clock under both countings: a name out of its term is stored with an
    /// expiry at or before `now`; a name whose grace ended, at or before
    /// the grace cutoff; a name with a reminder due, inside the window.
    #[test]
    fn the_queries_bounds_contain_the_rule(expires in instant(), now in instant(), civil in any::<bool>()) {
        let p = if civil { policy() } else { hours() };
        let end = term_end(expires, &p);
        prop_assert!(end >= expires);
        if end <= now {
            prop_assert!(expires <= now);
        }
        prop_assert_eq!(delegated(expires, false, now, &p), end > now);
        if expires <= earliest_running_expiry(now, &p) {
            prop_assert!(!delegated(expires, false, now, &p));
        }
        let mut d = domain();
        d.expires = expires;
        if grace_end(&d, &p) <= now {
            prop_assert!(expires <= grace_cutoff(now, &p));
        }
        for &r in &p.periods.reminders {
            if reminders_due(&d, now, &p).contains(&r) {
                let (after, until) = reminder_window(now, r, &p);
                prop_assert!(after < expires && expires <= until, "{} {}", fmt_time(expires), fmt_time(now));
            }
        }
    }
}

/// What `latest_ending_expiry` relies on: a term never ends before its
/// stored expiry, under either counting, across daylight-saving changes,
/// at and around midnight.
#[test]
fn a_term_never_ends_before_its_stored_expiry() {
    for p in [policy(), hours()] {
        // Every 7.5 minutes over four days around each change of 2026.
        for base in ["2026-03-27T00:00:00Z", "2026-10-23T00:00:00Z"] {
            let base = t(base);
            for step in 0..(4 * 24 * 8) {
                let e = base + chrono::TimeDelta::seconds(step * 450 - 1);
                assert!(term_end(e, &p) >= e, "{e}");
                // Just before the bound, a name stored with expiry e is in
                // its term: the zone need not ask the rule.
                let now = latest_ending_expiry(e) - chrono::TimeDelta::seconds(1);
                assert!(delegated(e, false, now, &p), "{e}");
            }
        }
    }
}
