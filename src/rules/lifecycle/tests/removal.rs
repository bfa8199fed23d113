//! Unit tests of the removals (Art. 21, 22), with the edges of their 8 days.

use super::*;
use crate::rules::lifecycle::changes::{lock, renew};
use crate::rules::lifecycle::removal::{self, Ground};

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
fn removal_by_the_manager_waits_eight_days_for_opposition() {
    let p = policy();
    let now = t("2026-01-01T10:00:00Z");
    let out = removal::by_manager(&domain(), now, &p).unwrap();
    let pending = out.domain.pending_removal.clone().unwrap();
    assert_eq!(fmt_time(pending.effective), "2026-01-09T10:00:00Z");
    assert_eq!(out.domain.state, State::Registered);
    assert_eq!(out.notices.len(), 1);
    assert_eq!(out.notices[0].to, Party::Contact("ana".into()));
    assert_eq!(out.notices[0].article, "21.2");
    assert!(article(removal::by_manager(&out.domain, now, &p)).starts_with("conflict"));
    // Opposition: the last second before the 8 days end, not the first after.
    let opposed = removal::oppose(&out.domain, t("2026-01-09T09:59:59Z"), &p).unwrap();
    assert_eq!(opposed.domain.pending_removal, None);
    assert_eq!(
        article(removal::oppose(&out.domain, t("2026-01-09T10:00:00Z"), &p)),
        "21.2"
    );
    assert!(article(removal::cure(&out.domain, now, &p)).starts_with("conflict"));
    let mut own = domain();
    own.manager_kind = ManagerKind::Registrant;
    own.manager = "ana".into();
    assert_eq!(article(removal::by_manager(&own, now, &p)), "21.2");
}

// Art. 22: removal by the registry.

#[test]
fn registry_removals_by_paragraph() {
    let p = policy();
    let now = t("2026-01-01T10:00:00Z");
    for (letter, immediate) in [("a", true), ("b", false), ("c", false), ("d", true)] {
        let g = Ground::parse(letter).unwrap();
        let out = removal::by_registry(&domain(), g, Some("Grounds"), now, &p).unwrap();
        if immediate {
            assert_eq!(out.domain.state, State::Removed, "{letter}");
            assert_eq!(out.article, g.article());
            assert!(out.notices.iter().all(|n| n.article == "22.3"));
        } else {
            assert_eq!(out.domain.state, State::Registered, "{letter}");
            assert_eq!(out.article, "22.2");
            let pr = out.domain.pending_removal.clone().unwrap();
            assert_eq!(fmt_time(pr.effective), "2026-01-09T10:00:00Z");
            assert!(out.notices.iter().all(|n| n.article == "22.2"));
            assert!(removal::cure(&out.domain, t("2026-01-09T09:59:59Z"), &p).is_ok());
            assert_eq!(
                article(removal::cure(&out.domain, t("2026-01-09T10:00:00Z"), &p)),
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
fn paragraph_e_needs_an_unrenewed_expiry_and_no_litigation() {
    let p = policy();
    let e = Ground::NotRenewed;
    assert_eq!(
        article(removal::by_registry(
            &domain(),
            e,
            None,
            t("2026-03-01T08:59:59Z"),
            &p
        )),
        "22.1.e"
    );
    let out = removal::by_registry(&domain(), e, None, t("2026-03-01T09:00:00Z"), &p).unwrap();
    assert_eq!(out.domain.state, State::Removed);
    let mut locked = domain();
    locked.litigation = Some("Proc. 1/26".into());
    assert_eq!(
        article(removal::by_registry(&locked, e, None, t("2026-03-02"), &p)),
        "17.4"
    );
    // Nor any other paragraph (Art. 21.3).
    for g in ["a", "b", "c", "d"] {
        let g = Ground::parse(g).unwrap();
        assert_eq!(
            article(removal::by_registry(&locked, g, None, t("2026-01-02"), &p)),
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
        effective: t("2026-01-09T10:00:00Z"),
        article: "21.2".into(),
        grounds: None,
    });
    let late = t("2026-01-09T10:00:00Z");
    assert_eq!(article(renew(&d, None, late, &p)), "21.2");
    assert_eq!(article(lock(&d, "x", late, &p)), "21.2");
    assert_eq!(article(removal::by_registrant(&d, late, &p)), "21.2");
}
