//! Unit tests of the people-driven changes (Art. 14-17, 28), one per rule
//! and article, with the edges of each period.

use super::*;
use crate::rules::lifecycle::changes::*;
use crate::rules::policy::DEFAULT_TOML;

// Art. 17: renewal until the expiry, in grace, and not after.

#[test]
fn renewal_edges() {
    // Stored expiry 2026-03-01T09:00:00Z. Civil: the term runs to 24:00 on
    // 1 March (Lisbon on UTC), the grace to 24:00 on 31 March (on summer
    // time: 23:00 UTC). Hours: 30 × 24 h from the stored instant.
    let civil = [
        ("2026-03-01T23:59:59Z", "ok 17.1"),
        ("2026-03-02T00:00:00Z", "ok 17.2"),
        ("2026-03-31T22:59:59Z", "ok 17.2"),
        ("2026-03-31T23:00:00Z", "17.3"),
    ];
    let hourly = [
        ("2026-03-01T08:59:59Z", "ok 17.1"),
        ("2026-03-01T09:00:00Z", "ok 17.2"),
        ("2026-03-31T08:59:59Z", "ok 17.2"),
        ("2026-03-31T09:00:00Z", "17.3"),
    ];
    for (p, cases) in [(policy(), civil), (hours(), hourly)] {
        for (now, want) in cases {
            assert_eq!(
                article(renew(&domain(), None, t(now), &p)),
                want,
                "at {now}"
            );
        }
    }
}

#[test]
fn renewal_adds_years_to_the_old_term_and_charges_per_year() {
    let mut d = domain();
    d.state = State::Grace;
    for (p, end) in [
        // Civil: from the term's last day, 1 March 2026, to 24:00 on 1 March 2029.
        (policy(), "2029-03-02T00:00:00Z"),
        (hours(), "2029-03-01T09:00:00Z"),
    ] {
        let out = renew(&d, Some(3), t("2026-03-20"), &p).unwrap();
        assert_eq!(fmt_time(out.domain.expires), end);
        assert_eq!(out.domain.state, State::Registered);
        assert_eq!(out.domain.state_since, t("2026-03-20"));
        assert_eq!(
            out.charge,
            Some(Charge {
                years: 3,
                cents: 2970
            })
        );
    }
    // Back in grace without nameservers: reserved.
    d.nameservers.clear();
    let out = renew(&d, None, t("2026-03-20"), &policy()).unwrap();
    assert_eq!(out.domain.state, State::Reserved);
}

#[test]
fn a_renewed_term_ends_at_24_00_in_summer_too() {
    // A term ending 24:00 on 1 June 2026 (Lisbon, UTC+1) renewed a year.
    let mut d = domain();
    d.expires = t("2026-06-01T23:00:00Z");
    let out = renew(&d, Some(1), t("2026-05-01"), &policy()).unwrap();
    assert_eq!(fmt_time(out.domain.expires), "2027-06-01T23:00:00Z");
}

#[test]
fn renewal_terms_come_from_the_policy() {
    let p = policy();
    for (years, ok) in [
        (1, true),
        (2, false),
        (3, true),
        (5, true),
        (10, false),
        (0, false),
    ] {
        let got = renew(&domain(), Some(years), t("2026-01-01"), &p);
        assert_eq!(got.is_ok(), ok, "{years} years");
        if !ok {
            assert_eq!(article(got), "18.1");
        }
    }
}

#[test]
fn renewal_from_29_february() {
    let p = hours();
    let mut d = domain();
    d.expires = t("2028-02-29T12:00:00Z");
    let one = renew(&d, Some(1), t("2028-01-01"), &p).unwrap();
    assert_eq!(fmt_time(one.domain.expires), "2029-02-28T12:00:00Z");
    let five = renew(&d, Some(5), t("2028-01-01"), &p).unwrap();
    assert_eq!(fmt_time(five.domain.expires), "2033-02-28T12:00:00Z");
    // Civil (Código Civil, Art. 279 c): a term whose last day is 29 February
    // ends a year on at 24:00 on 28 February; four years on, on 29 February.
    let civil = policy();
    d.expires = t("2028-03-01T00:00:00Z");
    let one = renew(&d, Some(1), t("2028-01-01"), &civil).unwrap();
    assert_eq!(fmt_time(one.domain.expires), "2029-03-01T00:00:00Z");
    let five = renew(&d, Some(5), t("2028-01-01"), &civil).unwrap();
    assert_eq!(fmt_time(five.domain.expires), "2033-03-01T00:00:00Z");
}

#[test]
fn renewal_price_is_the_one_in_force_on_the_renewal_date() {
    let text = DEFAULT_TOML.replace(
        "[sampling]",
        "[[prices]]\nfrom = \"2026-02-01\"\nregister = \"12.00\"\nrenew = \"11.00\"\n\n[sampling]",
    );
    let p = crate::rules::policy::Policy::parse(&text).unwrap();
    let before = renew(&domain(), None, t("2026-01-31T23:59:59Z"), &p).unwrap();
    assert_eq!(before.charge.map(|c| c.cents), Some(990));
    let after = renew(&domain(), Some(3), t("2026-02-01"), &p).unwrap();
    assert_eq!(after.charge.map(|c| c.cents), Some(3300));
}

#[test]
fn litigation_keeps_an_expired_name_renewable() {
    let p = policy();
    let mut d = domain();
    d.litigation = Some("Proc. 12/26".into());
    let out = renew(&d, None, t("2027-06-01"), &p).unwrap();
    assert_eq!(out.article, "17.4");
    assert_eq!(fmt_time(out.domain.expires), "2027-03-02T00:00:00Z");
    assert_eq!(out.domain.state, State::Registered);
}

#[test]
fn a_suspended_name_renews_and_stays_suspended() {
    let p = policy();
    let mut d = domain();
    d.state = State::Suspended;
    d.suspension = Some("Arb. 3/26".into());
    let out = renew(&d, None, t("2026-04-15"), &p).unwrap();
    assert_eq!(out.domain.state, State::Suspended);
}

// Art. 16: technical changes.

#[test]
fn the_state_follows_the_nameserver_count() {
    let p = policy();
    let now = t("2026-01-01");
    let none = TechnicalChange {
        nameservers: Some(vec![]),
        ..Default::default()
    };
    let out = update_technical(&domain(), &none, now, &p).unwrap();
    assert_eq!(out.outcome.domain.state, State::Reserved);
    assert_eq!(out.outcome.domain.state_since, now);
    assert_eq!(out.outcome.article, "16.3");
    let one = TechnicalChange {
        nameservers: Some(ns(&["a.example.net"])),
        ..Default::default()
    };
    assert_eq!(
        article(update_technical(&domain(), &one, now, &p).map(|u| u.outcome)),
        "3.1"
    );
    let mut reserved = domain();
    reserved.state = State::Reserved;
    reserved.nameservers.clear();
    let two = TechnicalChange {
        nameservers: Some(ns(&["a.example.net", "b.example.net"])),
        ..Default::default()
    };
    let out = update_technical(&reserved, &two, now, &p).unwrap();
    assert_eq!(out.outcome.domain.state, State::Registered);
}

#[test]
fn changing_every_nameserver_under_dnssec_warns() {
    let p = policy();
    let now = t("2026-01-01");
    let mut d = domain();
    d.ds = vec!["12345 13 2 ".to_string() + &"ab".repeat(32)];
    let all_new = TechnicalChange {
        nameservers: Some(ns(&["a.example.net", "b.example.net"])),
        ..Default::default()
    };
    assert_eq!(
        update_technical(&d, &all_new, now, &p)
            .unwrap()
            .warnings
            .len(),
        1
    );
    let keeps_one = TechnicalChange {
        nameservers: Some(ns(&["ns1.exemplo.pt", "b.example.net"])),
        ..Default::default()
    };
    assert!(
        update_technical(&d, &keeps_one, now, &p)
            .unwrap()
            .warnings
            .is_empty()
    );
    let with_ds = TechnicalChange {
        ds: Some(vec![]),
        ..all_new.clone()
    };
    assert!(
        update_technical(&d, &with_ds, now, &p)
            .unwrap()
            .warnings
            .is_empty()
    );
    assert!(
        update_technical(&domain(), &all_new, now, &p)
            .unwrap()
            .warnings
            .is_empty()
    );
}

#[test]
fn technical_changes_in_grace_keep_the_name_out_of_the_zone() {
    let p = policy();
    let tech = TechnicalChange {
        tech: Some("rui".into()),
        ..Default::default()
    };
    let out = update_technical(&domain(), &tech, t("2026-03-10"), &p).unwrap();
    assert_eq!(out.outcome.domain.state, State::Grace);
    assert_eq!(out.outcome.domain.tech, "rui");
    assert_eq!(out.outcome.article, "15.4");
    let gone = update_technical(&domain(), &tech, t("2026-04-01"), &p).map(|u| u.outcome);
    assert_eq!(article(gone), "17.3");
}

// Art. 14: ownership.

#[test]
fn ownership_transfer_rules() {
    let p = policy();
    let ok = transfer_ownership(&domain(), "rui", t("2026-01-01"), &p).unwrap();
    assert_eq!(ok.article, "14");
    assert_eq!(ok.domain.registrant, "rui");
    assert_eq!(ok.domain.expires, domain().expires, "Art. 14.6");
    assert_eq!(ok.domain.manager, "REG1");
    let to: Vec<_> = ok
        .notices
        .iter()
        .map(|n| (n.to.clone(), n.article))
        .collect();
    assert_eq!(
        to,
        vec![
            (Party::Contact("ana".into()), "14.3"),
            (Party::Contact("rui".into()), "14.3")
        ]
    );
    // 14.4: not in grace (the last second before and the first of grace).
    assert!(transfer_ownership(&domain(), "rui", t("2026-03-01T23:59:59Z"), &p).is_ok());
    assert_eq!(
        article(transfer_ownership(
            &domain(),
            "rui",
            t("2026-03-02T00:00:00Z"),
            &p
        )),
        "14.4"
    );
    let h = hours();
    assert!(transfer_ownership(&domain(), "rui", t("2026-03-01T08:59:59Z"), &h).is_ok());
    let first = transfer_ownership(&domain(), "rui", t("2026-03-01T09:00:00Z"), &h);
    assert_eq!(article(first), "14.4");
    // 8.5: not while held for its proof of legitimacy.
    let mut held = domain();
    held.state = State::Reserved;
    held.held_until = Some(t("2026-01-03T00:00:00Z"));
    assert_eq!(
        article(transfer_ownership(&held, "rui", t("2026-01-01"), &p)),
        "8.5"
    );
    let mut locked = domain();
    locked.litigation = Some("Proc. 1/26".into());
    assert_eq!(
        article(transfer_ownership(&locked, "rui", t("2026-01-01"), &p)),
        "14.4"
    );
    let mut suspended = domain();
    suspended.suspension = Some("Arb. 1/26".into());
    suspended.state = State::Suspended;
    assert_eq!(
        article(transfer_ownership(&suspended, "rui", t("2026-01-01"), &p)),
        "14.4"
    );
    assert!(
        article(transfer_ownership(&domain(), "ana", t("2026-01-01"), &p)).starts_with("conflict")
    );
}

#[test]
fn a_self_managed_name_follows_its_new_owner() {
    let p = policy();
    let mut d = domain();
    d.manager_kind = ManagerKind::Registrant;
    d.manager = "ana".into();
    let out = transfer_ownership(&d, "rui", t("2026-01-01"), &p).unwrap();
    assert_eq!(out.domain.manager, "rui");
    assert_eq!(out.domain.manager_kind, ManagerKind::Registrant);
}

// Art. 15.1: management with a one-time code.

#[test]
fn management_transfer_needs_the_right_outstanding_code() {
    let p = policy();
    let now = t("2026-01-01");
    let hash = code_hash("salt", "ABCD-EFGH-JKLM-NPQR");
    let reg2 = NewManager::Registrar {
        id: "REG2".into(),
        withdrawn: false,
    };
    let ok = transfer_management(
        &domain(),
        &reg2,
        "abcd efgh jklm npqr",
        Some((&hash, "salt")),
        now,
        &p,
    )
    .unwrap();
    assert_eq!(ok.domain.manager, "REG2");
    assert_eq!(ok.article, "15.1");
    // The losing registrar is told (its EPP poll queue).
    assert_eq!(ok.notices.len(), 1);
    assert_eq!(ok.notices[0].to, Party::Registrar("REG1".into()));
    assert_eq!(ok.notices[0].article, "15.1");
    assert!(
        ok.notices[0].text.contains("REG2"),
        "{}",
        ok.notices[0].text
    );
    let wrong = transfer_management(
        &domain(),
        &reg2,
        "ABCD-EFGH-JKLM-NPQX",
        Some((&hash, "salt")),
        now,
        &p,
    );
    assert_eq!(article(wrong), "15.1");
    let none = transfer_management(&domain(), &reg2, "ABCD-EFGH-JKLM-NPQR", None, now, &p);
    assert_eq!(article(none), "15.1");
    let gone = NewManager::Registrar {
        id: "OLD".into(),
        withdrawn: true,
    };
    let withdrawn = transfer_management(
        &domain(),
        &gone,
        "ABCD-EFGH-JKLM-NPQR",
        Some((&hash, "salt")),
        now,
        &p,
    );
    assert_eq!(article(withdrawn), "15.2");
    let own = transfer_management(
        &domain(),
        &NewManager::Registrant,
        "ABCD-EFGH-JKLM-NPQR",
        Some((&hash, "salt")),
        now,
        &p,
    )
    .unwrap();
    assert_eq!(own.domain.manager, "ana");
    assert_eq!(own.domain.manager_kind, ManagerKind::Registrant);
    assert_eq!(own.notices.len(), 1, "REG1 is told it lost the name");
    // Salted: the same code under another salt hashes differently.
    assert_ne!(code_hash("other", "ABCD-EFGH-JKLM-NPQR"), hash);
}

// Litigation and suspension.

#[test]
fn locks_and_suspensions() {
    let p = policy();
    let now = t("2026-01-01");
    let locked = lock(&domain(), "Proc. 1/26", now, &p).unwrap().domain;
    assert_eq!(locked.litigation.as_deref(), Some("Proc. 1/26"));
    assert!(article(lock(&locked, "Proc. 2/26", now, &p)).starts_with("conflict"));
    assert!(article(unlock(&locked, Some("Proc. 2/26"), now, &p)).starts_with("conflict"));
    assert!(article(unlock(&domain(), None, now, &p)).starts_with("conflict"));
    let free = unlock(&locked, Some("Proc. 1/26"), now, &p).unwrap().domain;
    assert_eq!(free.litigation, None);
    assert_eq!(free.state, State::Registered);

    let s = suspend(&domain(), "Arb. 9/26", now, &p).unwrap();
    assert_eq!((s.domain.state, s.article), (State::Suspended, "28"));
    assert_ne!(s.domain.state, State::Registered, "not delegated");
    let back = unsuspend(&s.domain, t("2026-02-01"), &p).unwrap().domain;
    assert_eq!(back.state, State::Registered);
    assert_eq!(back.suspension, None);
}

#[test]
fn lifting_a_lock_after_the_term_opens_the_grace_then() {
    let p = policy();
    let locked = lock(&domain(), "Proc. 1/26", t("2026-01-01"), &p)
        .unwrap()
        .domain;
    // The lock spans the term's end (24:00 on 1 March) and what would have
    // been the whole grace: the name stays as it was.
    let held = crate::rules::lifecycle::expiry::at(&locked, t("2026-06-01"), &p);
    assert_eq!(held.state, State::Registered);
    // Lifted on 1 June at 10:00 (Lisbon, UTC+1): 30 days of grace from
    // then, 1 June not counted, ending at 24:00 on 1 July.
    let lifted_at = t("2026-06-01T09:00:00Z");
    let g = unlock(&locked, None, lifted_at, &p).unwrap().domain;
    assert_eq!((g.state, g.state_since), (State::Grace, lifted_at));
    let end = crate::rules::lifecycle::expiry::grace_end(&g, &p);
    assert_eq!(fmt_time(end), "2026-07-01T23:00:00Z");
    assert_eq!(
        article(renew(&g, None, t("2026-07-01T22:59:59Z"), &p)),
        "ok 17.2"
    );
    assert_eq!(
        article(renew(&g, None, t("2026-07-01T23:00:00Z"), &p)),
        "17.3"
    );
    // Hours: 30 × 24 h from the lifting.
    let h = hours();
    let g = unlock(&locked, None, lifted_at, &h).unwrap().domain;
    let end = crate::rules::lifecycle::expiry::grace_end(&g, &h);
    assert_eq!(fmt_time(end), "2026-07-01T09:00:00Z");
    // Lifted before the term ends: nothing changes.
    let early = unlock(&locked, None, t("2026-02-01"), &p).unwrap().domain;
    assert_eq!(early.state, State::Registered);
    // A lock placed in grace and lifted later: a full grace from the lifting.
    let mut in_grace = domain();
    in_grace.state = State::Grace;
    in_grace.state_since = t("2026-03-02T00:00:00Z");
    in_grace.litigation = Some("Proc. 2/26".into());
    let again = unlock(&in_grace, None, t("2026-03-30T12:00:00Z"), &p)
        .unwrap()
        .domain;
    assert_eq!(again.state, State::Grace);
    let end = crate::rules::lifecycle::expiry::grace_end(&again, &p);
    assert_eq!(fmt_time(end), "2026-04-29T23:00:00Z");
    // A suspension is lifted the same way (Art. 17.4, 28).
    let s = suspend(&domain(), "Arb. 1/26", t("2026-01-01"), &p)
        .unwrap()
        .domain;
    let back = unsuspend(&s, t("2026-03-02"), &p).unwrap().domain;
    assert_eq!(
        (back.state, back.state_since),
        (State::Grace, t("2026-03-02"))
    );
    // A pending removal whose period ended under the lock takes effect at
    // the lifting.
    let mut pending = locked.clone();
    pending.pending_removal = Some(PendingRemoval {
        by: "manager".into(),
        effective: Some(t("2026-01-20T00:00:00Z")),
        article: "21.2".into(),
        grounds: None,
        requested: Some(t("2026-01-10T00:00:00Z")),
    });
    let gone = unlock(&pending, None, t("2026-02-01"), &p).unwrap().domain;
    assert_eq!(
        (gone.state, gone.removed),
        (State::Removed, Some(t("2026-02-01")))
    );
}

// Art. 10: a .gov.pt name stays with the designated managing entity.

#[test]
fn a_gov_pt_name_stays_with_its_designated_manager() {
    let p = policy();
    let mut d = domain();
    d.name = "financas.gov.pt".into();
    d.hierarchy = "gov.pt".into();
    d.manager = "CEGER".into();
    let salt = "s";
    let hash = code_hash(salt, "ABC");
    let now = t("2026-01-01");
    let to = |id: &str| NewManager::Registrar {
        id: id.into(),
        withdrawn: false,
    };
    let other = transfer_management(&d, &to("REG1"), "ABC", Some((&hash, salt)), now, &p);
    assert_eq!(article(other), "10");
    let own = transfer_management(
        &d,
        &NewManager::Registrant,
        "ABC",
        Some((&hash, salt)),
        now,
        &p,
    );
    assert_eq!(article(own), "10");
    d.manager = "REG1".into();
    let back = transfer_management(&d, &to("CEGER"), "ABC", Some((&hash, salt)), now, &p);
    assert_eq!(article(back), "ok 15.1");
}
