//! Unit tests of the removals (Art. 21, 22), with the edges of their 8 days
//! counted from the notification under both countings.

use super::*;
use crate::model::ContactKind;
use crate::rules::lifecycle::changes::{lock, renew};
use crate::rules::lifecycle::expiry::at;
use crate::rules::lifecycle::removal::{self, Ground};

const ORG: ContactKind = ContactKind::Organization;

// Art. 21: removal by the registrant or the managing entity.

#[test]
fn removal_by_the_registrant_is_immediate_and_not_under_litigation() {
    let p = policy();
    let now = t("2026-01-01");
    let out = removal::by_registrant(&domain(), now, &p).unwrap();
    assert_eq!((out.domain.state, out.article), (State::Removed, "21.1"));
    assert_eq!(out.domain.removed, Some(now));
    assert_eq!(out.charge, None, "Art. 21.4: no refund");
    let mut locked = domain();
    locked.litigation = Some("Proc. 1/26".into());
    assert_eq!(article(removal::by_registrant(&locked, now, &p)), "21.3");
    assert_eq!(article(removal::by_manager(&locked, now, &p)), "21.3");
}

#[test]
fn removal_by_the_manager_has_no_date_until_its_notice_is_sent() {
    let p = policy();
    let asked = t("2026-01-01T10:00:00Z");
    let out = removal::by_manager(&domain(), asked, &p).unwrap();
    let pending = out.domain.pending_removal.clone().unwrap();
    assert_eq!((pending.effective, pending.requested), (None, Some(asked)));
    assert_eq!(out.domain.state, State::Registered);
    assert_eq!(out.notices.len(), 1);
    assert_eq!(out.notices[0].to, Party::Contact("ana".into()));
    assert_eq!(out.notices[0].article, "21.2");
    assert!(article(removal::by_manager(&out.domain, asked, &p)).starts_with("conflict"));
    // Never sent: a month later the name is still there, the removal pending.
    let month = at(&out.domain, t("2026-02-01"), &p);
    assert_eq!(month.state, State::Registered);
    assert!(removal::oppose(&out.domain, t("2026-02-01"), &p).is_ok());
    assert!(article(removal::cure(&out.domain, asked, &p)).starts_with("conflict"));
    let mut own = domain();
    own.manager_kind = ManagerKind::Registrant;
    own.manager = "ana".into();
    assert_eq!(article(removal::by_manager(&own, asked, &p)), "21.2");
}

#[test]
fn the_eight_days_run_from_the_sending_under_both_countings() {
    // Asked on 1 February, the notice sent late, on 5 February at 10:00.
    let asked = t("2026-02-01T10:00:00Z");
    let sent = t("2026-02-05T10:00:00Z");
    for (p, end) in [
        // Civil: 5 February not counted; 8 days end at 24:00 on 13 February.
        (policy(), "2026-02-14T00:00:00Z"),
        (hours(), "2026-02-13T10:00:00Z"),
    ] {
        let d = removal::by_manager(&domain(), asked, &p).unwrap().domain;
        let out = removal::notified(&d, sent, sent, &p).unwrap();
        assert_eq!(out.article, "21.2");
        let pending = out.domain.pending_removal.clone().unwrap();
        assert_eq!(pending.effective, Some(t(end)));
        let last = t(end) - chrono::TimeDelta::seconds(1);
        assert!(removal::oppose(&out.domain, last, &p).is_ok());
        assert_eq!(at(&out.domain, last, &p).state, State::Registered);
        assert_eq!(article(removal::oppose(&out.domain, t(end), &p)), "21.2");
        assert_eq!(at(&out.domain, t(end), &p).state, State::Removed);
        // Once dated, a second sending changes nothing.
        assert!(article(removal::notified(&out.domain, last, last, &p)).starts_with("conflict"));
    }
}

#[test]
fn the_eight_days_across_a_daylight_saving_change() {
    // Lisbon moves to summer time at 01:00 UTC on 29 March 2026: 24:00 of
    // the last day is 23:00 UTC.
    let p = policy();
    let sent = t("2026-03-25T12:00:00Z");
    let d = removal::by_manager(&domain(), sent, &p).unwrap().domain;
    let dated = removal::notified(&d, sent, sent, &p).unwrap().domain;
    let end = dated.pending_removal.unwrap().effective.unwrap();
    assert_eq!(fmt_time(end), "2026-04-02T23:00:00Z");
}

// Art. 22: removal by the registry.

#[test]
fn registry_removals_by_paragraph() {
    let p = policy();
    let now = t("2026-01-01T10:00:00Z");
    for (letter, immediate) in [("a", true), ("b", false), ("c", false), ("d", true)] {
        let g = Ground::parse(letter).unwrap();
        let out = removal::by_registry(&domain(), g, Some("Grounds"), ORG, now, &p).unwrap();
        if immediate {
            assert_eq!(out.domain.state, State::Removed, "{letter}");
            assert_eq!(out.article, g.article());
            assert!(out.notices.iter().all(|n| n.article == "22.3"));
        } else {
            assert_eq!(out.domain.state, State::Registered, "{letter}");
            assert_eq!(out.article, "22.2");
            let pr = out.domain.pending_removal.clone().unwrap();
            assert_eq!(pr.effective, None, "no date before the notice is sent");
            assert!(out.notices.iter().all(|n| n.article == "22.2"));
            let sent = t("2026-01-01T18:00:00Z");
            let dated = removal::notified(&out.domain, sent, sent, &p).unwrap();
            assert_eq!(dated.article, "22.2");
            let end = dated.domain.pending_removal.clone().unwrap().effective;
            assert_eq!(end, Some(t("2026-01-10T00:00:00Z")), "{letter}");
            assert!(removal::cure(&dated.domain, t("2026-01-09T23:59:59Z"), &p).is_ok());
            assert_eq!(
                article(removal::cure(&dated.domain, t("2026-01-10T00:00:00Z"), &p)),
                "22.2"
            );
        }
        // Registrant and registrar are both told (22.2, 22.3).
        assert_eq!(out.notices.len(), 2, "{letter}");
        assert!(out.notices[0].text.contains("Grounds."));
    }
    assert_eq!(Ground::parse("f"), None);
}

#[test]
fn dissolution_applies_to_a_legal_person_only() {
    let p = policy();
    let now = t("2026-01-01T10:00:00Z");
    let person = removal::by_registry(
        &domain(),
        Ground::Dissolution,
        None,
        ContactKind::Person,
        now,
        &p,
    );
    assert_eq!(article(person), "22.1.b");
    assert_eq!(
        article(removal::by_registry(
            &domain(),
            Ground::Dissolution,
            None,
            ORG,
            now,
            &p
        )),
        "ok 22.2"
    );
}

#[test]
fn paragraph_e_is_the_end_of_the_grace_not_a_shortcut_through_it() {
    let e = Ground::NotRenewed;
    // The fixture expires 2026-03-01T09:00:00Z. Civil: the term ends at
    // 24:00 that day and the grace at 24:00 on 31 March (Lisbon is on
    // summer time by then: 23:00 UTC).
    for (p, term, grace) in [
        (policy(), "2026-03-02T00:00:00Z", "2026-03-31T23:00:00Z"),
        (hours(), "2026-03-01T09:00:00Z", "2026-03-31T09:00:00Z"),
    ] {
        let before = t(term) - chrono::TimeDelta::seconds(1);
        let by = |now| article(removal::by_registry(&domain(), e, None, ORG, now, &p));
        assert_eq!(by(before), "22.1.e");
        assert_eq!(by(t(term)), "17.2", "during the grace");
        assert_eq!(by(t(grace) - chrono::TimeDelta::seconds(1)), "17.2");
        assert_eq!(by(t(grace)), "17.3", "removed by the clock already");
    }
    let p = policy();
    let mut locked = domain();
    locked.litigation = Some("Proc. 1/26".into());
    assert_eq!(
        article(removal::by_registry(
            &locked,
            e,
            None,
            ORG,
            t("2026-03-05"),
            &p
        )),
        "17.4"
    );
    // Nor any other paragraph (Art. 21.3).
    for g in ["a", "b", "c", "d"] {
        let g = Ground::parse(g).unwrap();
        assert_eq!(
            article(removal::by_registry(
                &locked,
                g,
                None,
                ORG,
                t("2026-01-02"),
                &p
            )),
            "21.3"
        );
    }
}

#[test]
fn a_name_the_clock_removed_refuses_everything() {
    let p = policy();
    let mut d = domain();
    d.pending_removal = Some(PendingRemoval {
        by: "manager".into(),
        effective: Some(t("2026-01-09T10:00:00Z")),
        article: "21.2".into(),
        grounds: None,
        requested: None,
    });
    let late = t("2026-01-09T10:00:00Z");
    assert_eq!(article(renew(&d, None, late, &p)), "21.2");
    assert_eq!(article(lock(&d, "x", late, &p)), "21.2");
    assert_eq!(article(removal::by_registrant(&d, late, &p)), "21.2");
}
