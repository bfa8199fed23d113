//! The registration decision, one case per article and per edge.

use super::*;
use crate::model::State;
use crate::rules::lifecycle::fixture::{policy, t};
use crate::rules::lists::{ListKind, Match};

fn request(name: &str) -> Request {
    Request {
        name: name.into(),
        registrant: "ana".into(),
        ..Request::default()
    }
}

fn facts() -> Facts {
    Facts {
        registrant: "ana".into(),
        tech: "ana".into(),
        sponsor: None,
        name: names::Facts::default(),
    }
}

fn listed(kind: ListKind, as_: &str) -> Facts {
    Facts {
        name: names::Facts {
            registered: false,
            listed: vec![Match::of(kind, as_)],
        },
        ..facts()
    }
}

fn now() -> Time {
    t("2026-03-01T09:00:00Z")
}

fn decided(req: &Request, facts: &Facts) -> Result<Decision, Refused> {
    let app = read(req).expect("readable");
    decide(&app, facts, now(), &policy())
}

fn refusal(req: &Request, facts: &Facts) -> Refusal {
    decided(req, facts).expect_err("refused").refusal
}

#[test]
fn an_admissible_name_is_registered_for_the_shortest_term_at_the_price_in_force() {
    let d = decided(&request("padaria.pt"), &facts()).unwrap();
    assert_eq!(d.years, 1);
    assert_eq!((d.price, d.amount()), (990, 990));
    assert!(!d.opens_case() && d.notes.is_empty());
    let dom = &d.domain;
    assert_eq!(
        (dom.name.as_str(), dom.state),
        ("padaria.pt", State::Reserved)
    );
    assert_eq!((dom.created, dom.state_since), (now(), now()));
    // A year from 1 March: to 24:00 (Lisbon, on UTC then) on 1 March.
    assert_eq!(dom.expires, t("2027-03-02T00:00:00Z"));
    assert_eq!(dom.held_until, None);
    assert_eq!(
        (dom.manager.as_str(), dom.manager_kind),
        ("ana", ManagerKind::Registrant)
    );
}

#[test]
fn a_term_of_three_years_is_charged_three_times() {
    let req = Request {
        years: Some(3),
        ..request("padaria.pt")
    };
    let d = decided(&req, &facts()).unwrap();
    assert_eq!((d.years, d.amount()), (3, 2970));
    assert_eq!(d.domain.expires, t("2029-03-02T00:00:00Z"));
}

#[test]
fn a_term_off_the_price_table_is_refused_under_18_1_as_renewal_is() {
    for years in [0, 2, 4, 10] {
        let r = refusal(
            &Request {
                years: Some(years),
                ..request("padaria.pt")
            },
            &facts(),
        );
        assert_eq!(r.article, "18.1");
        assert_eq!(r.reason, Reason::TermNotOffered { years });
        assert!(r.message.contains("(terms: 1, 3, 5)"), "{}", r.message);
    }
}

#[test]
fn a_withdrawn_registrar_manages_no_names() {
    let f = Facts {
        sponsor: Some(Sponsor {
            id: "REG1".into(),
            withdrawn: Some(t("2026-01-01")),
        }),
        ..facts()
    };
    let r = refusal(&request("padaria.pt"), &f);
    assert_eq!(
        (r.article, r.reason.code()),
        ("15.2", "registrar_withdrawn")
    );
    assert!(
        r.message.contains("REG1 was withdrawn on 2026-01-01"),
        "{}",
        r.message
    );
    // The same words wherever a withdrawn registrar is refused.
    assert_eq!(r, withdrawn_registrar("REG1", Some(t("2026-01-01"))));
}

#[test]
fn an_accredited_registrar_manages_the_name() {
    let f = Facts {
        sponsor: Some(Sponsor {
            id: "REG1".into(),
            withdrawn: None,
        }),
        ..facts()
    };
    let d = decided(&request("padaria.pt"), &f).unwrap();
    assert_eq!(d.domain.registrar(), Some("REG1"));
}

#[test]
fn a_registered_name_is_refused_under_6_1_a() {
    let f = Facts {
        name: names::Facts {
            registered: true,
            listed: vec![],
        },
        ..facts()
    };
    let r = refusal(&request("padaria.pt"), &f);
    assert_eq!(
        (r.article, r.reason.clone()),
        ("6.1.a", Reason::AlreadyRegistered)
    );
}

#[test]
fn legitimacy_overrides_listed_geographic_blocked_and_protected_names_and_opens_a_case() {
    for (kind, article) in [
        (ListKind::Geographic, "7.2"),
        (ListKind::Blocked, "8.4"),
        (ListKind::Protected, "6.1.c"),
    ] {
        let f = listed(kind, "Lisboa");
        let without = decided(&request("lisboa.pt"), &f).unwrap_err();
        assert_eq!(without.refusal.article, article);
        assert!(without.overridable, "{article}");
        let with = Request {
            legitimacy: Some("Câmara Municipal de Lisboa".into()),
            ..request("lisboa.pt")
        };
        let d = decided(&with, &f).unwrap();
        assert!(d.opens_case());
        assert_eq!(d.overridden[0].article, article);
        // Held out of the zone until the proof is accepted, due at 24:00 on
        // the second day (Art. 7.2, 8.2, 8.5).
        let with_ns = Request {
            nameservers: vec!["ns1.exemplo.net".into(), "ns2.exemplo.net".into()],
            ..with.clone()
        };
        let d = decided(&with_ns, &f).unwrap();
        assert_eq!(d.domain.state, State::Reserved);
        assert_eq!(d.domain.held_until, Some(t("2026-03-04T00:00:00Z")));
    }
}

#[test]
fn legitimacy_never_overrides_obscene_or_reserved_names() {
    for (kind, article) in [(ListKind::Obscene, "6.1.b"), (ListKind::Reserved, "32")] {
        let f = listed(kind, "merda");
        let with = Request {
            legitimacy: Some("grounds".into()),
            ..request("merda.pt")
        };
        let r = decided(&with, &f).unwrap_err();
        assert_eq!(r.refusal.article, article);
        assert!(!r.overridable);
        assert!(
            r.refusal.message.contains("cannot override"),
            "{}",
            r.refusal.message
        );
    }
}

#[test]
fn every_refusal_is_named_in_the_first_ones_text() {
    let f = Facts {
        name: names::Facts {
            registered: false,
            listed: vec![
                Match::of(ListKind::Obscene, "lisboa"),
                Match::of(ListKind::Geographic, "Lisboa"),
            ],
        },
        ..facts()
    };
    let r = decided(&request("lisboa.pt"), &f).unwrap_err();
    assert_eq!(r.refusal.article, "6.1.b");
    assert!(
        r.refusal.message.contains("also [Art. 7.2]"),
        "{}",
        r.refusal.message
    );
    assert!(!r.overridable);
}

#[test]
fn legitimacy_for_an_admissible_name_is_noted_and_opens_no_case() {
    let with = Request {
        legitimacy: Some("grounds".into()),
        ..request("padaria.pt")
    };
    let d = decided(&with, &facts()).unwrap();
    assert!(!d.opens_case());
    assert_eq!(d.notes, vec![Note::LegitimacyNotNeeded]);
}

#[test]
fn gov_pt_needs_its_designated_manager() {
    let r = refusal(&request("servicos.gov.pt"), &facts());
    assert_eq!(r.article, "10");
    let f = Facts {
        sponsor: Some(Sponsor {
            id: "CEGER".into(),
            withdrawn: None,
        }),
        ..facts()
    };
    assert!(decided(&request("servicos.gov.pt"), &f).is_ok());
}

#[test]
fn one_nameserver_is_refused_two_delegate() {
    let one = Request {
        nameservers: vec!["ns1.dns.pt".into()],
        ..request("padaria.pt")
    };
    assert_eq!(refusal(&one, &facts()).article, "3.1");
    let two = Request {
        nameservers: vec!["ns1.dns.pt".into(), "ns2.dns.pt".into()],
        ..request("padaria.pt")
    };
    assert_eq!(
        decided(&two, &facts()).unwrap().domain.state,
        State::Registered
    );
}

#[test]
fn no_price_in_force_is_refused_under_18_1() {
    let mut p = policy();
    p.prices.clear();
    let app = read(&request("padaria.pt")).unwrap();
    let r = decide(&app, &facts(), now(), &p).unwrap_err().refusal;
    assert_eq!((r.article, r.reason.code()), ("18.1", "no_price"));
}

#[test]
fn reading_reports_malformed_input_before_any_rule() {
    let cases = [
        request("exemplo.es"),
        Request {
            nameservers: vec!["ns_1.dns.pt".into(), "ns2.dns.pt".into()],
            ..request("padaria.pt")
        },
        Request {
            ds: vec!["1 8 2 AB".into()],
            ..request("padaria.pt")
        },
        Request {
            legitimacy: Some("  ".into()),
            ..request("padaria.pt")
        },
    ];
    for req in cases {
        assert!(
            matches!(read(&req), Err(Unreadable::Malformed(_))),
            "{req:?}"
        );
    }
    match read(&request("-padaria.pt")) {
        Err(Unreadable::Refused(r)) => assert_eq!(r.article, "5.3"),
        other => panic!("{other:?}"),
    }
}
