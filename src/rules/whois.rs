//! What the WHOIS directory answers and discloses (Art. 30 and the WHOIS
//! policy of the .PT TLD).
//!
//! - A query is one domain name (WHOIS policy 2.5: "searches are limited to a
//!   single criteria, the domain"). A name that is not under `.pt` is an
//!   invalid query, answered without any search ([`parse_query`]).
//! - The record holds what Art. 30.2 lists (the name, its registration and
//!   expiry dates, its technical state, the name, address and e-mail of the
//!   registrant and of the managing entity), plus the nameservers and DS
//!   records.
//! - Personal data of a natural person is disclosed only with consent
//!   (Art. 30.3); the identification data of organisations is always
//!   disclosed (Art. 30.7). A registrar, as managing entity, is an
//!   organisation.
//!
//! The 2012 WHOIS policy (2.4) also listed the technical contact; the 2021
//! rules (Art. 30.2) do not, and they win: the technical contact is not shown.

use serde::Serialize;

use crate::model::{Contact, ContactKind, Domain, Nameserver, Registrar, State};
use crate::rules::periods::Time;

/// The terms of use every public directory answer carries (the `%` header
/// of WHOIS, the terms-of-use notice of RDAP).
pub(crate) const TERMS_OF_USE: &[&str] = &[
    "The .pt directory shows who holds and who manages a .pt domain name and its technical \
     data, as Art. 30 of the .PT domain registration rules provides.",
    "Personal data of natural persons is shown only with their consent (Art. 30.3); the \
     identification of organisations is always shown (Art. 30.7).",
    "Use the data only for matters of the domain name it answers for: copying the directory, \
     bulk or automated collection, and marketing are not allowed. Queries are limited per \
     source address and logged.",
];

/// What replaces personal data without consent (Art. 30.3).
pub(crate) const NOT_DISCLOSED: &str = "Not disclosed (Art. 30.3)";

/// The longest query line accepted; a domain name has at most 253 octets.
pub(crate) const MAX_QUERY_LEN: usize = 256;

/// Name, address and e-mail of a registrant or managing entity, as disclosed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Party {
    pub(crate) name: String,
    /// `None` when the registry records no postal address (registrars).
    pub(crate) address: Option<String>,
    pub(crate) email: String,
}

/// One WHOIS answer (docs/json.md "whois").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Record {
    /// A-label form.
    pub(crate) name: String,
    pub(crate) unicode: String,
    pub(crate) created: Time,
    pub(crate) expires: Time,
    pub(crate) state: State,
    pub(crate) registrant: Party,
    pub(crate) manager: Party,
    /// `registrar`, or `registrant` when the name is self-managed.
    pub(crate) manager_kind: crate::model::ManagerKind,
    pub(crate) nameservers: Vec<Nameserver>,
    pub(crate) ds: Vec<String>,
}

impl Record {
    /// Whether the delegation is signed: the registry holds DS records for
    /// it (what WHOIS shows as `DNSSEC: signedDelegation` and RDAP as
    /// `secureDNS.delegationSigned`).
    pub(crate) fn signed(&self) -> bool {
        !self.ds.is_empty()
    }
}

/// The managing entity of a domain (Art. 24): a registrar, or the registrant
/// itself when the name is self-managed.
pub(crate) enum Manager<'a> {
    Registrar(&'a Registrar),
    Registrant,
}

/// Whether a contact's data may be shown in a public directory (WHOIS,
/// RDAP; Art. 30.8): an organisation's always (30.7), a natural person's
/// only with consent (30.3). The one place that decides it.
pub(crate) fn discloses(c: &Contact) -> bool {
    c.kind == ContactKind::Organization || c.whois_consent
}

/// A contact's data as WHOIS may show it (see [`discloses`]).
pub(crate) fn disclose_contact(c: &Contact) -> Party {
    if discloses(c) {
        Party {
            name: c.name.clone(),
            address: Some(c.address.clone()),
            email: c.email.clone(),
        }
    } else {
        Party {
            name: NOT_DISCLOSED.to_string(),
            address: Some(NOT_DISCLOSED.to_string()),
            email: NOT_DISCLOSED.to_string(),
        }
    }
}

/// A registrar is an organisation: always disclosed (Art. 30.7), with its
/// address (Art. 30.2) when one is recorded.
pub(crate) fn disclose_registrar(r: &Registrar) -> Party {
    Party {
        name: r.name.clone(),
        address: r.address.clone(),
        email: r.email.clone(),
    }
}

/// The WHOIS record of a live domain.
pub(crate) fn record(domain: &Domain, registrant: &Contact, manager: Manager<'_>) -> Record {
    let registrant = disclose_contact(registrant);
    let (manager, manager_kind) = match manager {
        Manager::Registrar(r) => (disclose_registrar(r), crate::model::ManagerKind::Registrar),
        Manager::Registrant => (registrant.clone(), crate::model::ManagerKind::Registrant),
    };
    Record {
        name: domain.name.clone(),
        unicode: domain.unicode.clone(),
        created: domain.created,
        expires: domain.expires,
        state: domain.state,
        registrant,
        manager,
        manager_kind,
        nameservers: domain.nameservers.clone(),
        ds: domain.ds.clone(),
    }
}

/// The answer to one query line (WHOIS policy 2.5).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Answer {
    Found(Box<Record>),
    /// A free name (never registered, or removed), as queried (A-label).
    NoMatch(String),
    /// Not a domain name under .pt: no search is made.
    Invalid,
}

/// Why a query line is not a lookup WHOIS answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InvalidQuery {
    /// Empty, too long, not UTF-8 text, or not a domain name at all.
    Malformed,
    /// A domain outside `.pt` (WHOIS policy 2.5: answered without a search).
    NotPt,
}

/// The A-label to look up for a query line (U-label or A-label, any case,
/// an optional final dot). Only the syntax needed to find a stored name is
/// checked: names registered under earlier rules must still be found, so
/// the admissibility rules of today are not applied here.
pub(crate) fn parse_query(line: &[u8]) -> Result<String, InvalidQuery> {
    if line.len() > MAX_QUERY_LEN {
        return Err(InvalidQuery::Malformed);
    }
    let text = std::str::from_utf8(line).map_err(|_| InvalidQuery::Malformed)?;
    let text = text.trim();
    if text.is_empty() || text.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(InvalidQuery::Malformed);
    }
    let text = text.strip_suffix('.').unwrap_or(text);
    let ascii = idna::domain_to_ascii(text).map_err(|_| InvalidQuery::Malformed)?;
    let labels: Vec<&str> = ascii.split('.').collect();
    let well_formed = labels.iter().all(|l| {
        !l.is_empty() && l.len() <= 63 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if !well_formed || ascii.len() > 253 {
        return Err(InvalidQuery::Malformed);
    }
    if labels.len() < 2 || labels.last() != Some(&"pt") {
        return Err(InvalidQuery::NotPt);
    }
    Ok(ascii)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::periods::parse_time;

    fn contact(kind: ContactKind, consent: bool) -> Contact {
        let t = parse_time("2026-01-01").unwrap();
        Contact {
            kind,
            name: "Maria Silva".into(),
            email: "maria@exemplo.pt".into(),
            address: "Rua A 1, Lisboa".into(),
            whois_consent: consent,
            ..Contact::example("c1", t)
        }
    }

    fn domain() -> Domain {
        let t = parse_time("2026-03-01T09:00:00Z").unwrap();
        Domain {
            id: 1,
            unicode: "mão.pt".into(),
            expires: parse_time("2027-03-01T09:00:00Z").unwrap(),
            nameservers: vec![Nameserver {
                host: "ns1.xn--mao-ola.pt".into(),
                addresses: vec!["192.0.2.1".into()],
            }],
            ..Domain::example("xn--mao-ola.pt", t)
        }
    }

    #[test]
    fn disclosure_by_kind_and_consent() {
        let cases = [
            (ContactKind::Person, false, false),
            (ContactKind::Person, true, true),
            (ContactKind::Organization, false, true),
            (ContactKind::Organization, true, true),
        ];
        for (kind, consent, shown) in cases {
            let p = disclose_contact(&contact(kind, consent));
            if shown {
                assert_eq!(p.name, "Maria Silva", "{kind:?} {consent}");
                assert_eq!(p.address.as_deref(), Some("Rua A 1, Lisboa"));
                assert_eq!(p.email, "maria@exemplo.pt");
            } else {
                assert_eq!(p.name, NOT_DISCLOSED, "{kind:?} {consent}");
                assert_eq!(p.address.as_deref(), Some(NOT_DISCLOSED));
                assert_eq!(p.email, NOT_DISCLOSED);
            }
        }
    }

    #[test]
    fn self_managed_manager_is_the_registrant() {
        let r = record(
            &domain(),
            &contact(ContactKind::Person, false),
            Manager::Registrant,
        );
        assert_eq!(r.manager, r.registrant);
        assert_eq!(r.manager.name, NOT_DISCLOSED);
    }

    #[test]
    fn registrars_are_always_disclosed() {
        let reg = Registrar {
            id: "r1".into(),
            name: "Registos Lda".into(),
            email: "geral@registos.pt".into(),
            address: Some("Rua do Ouro 1, 1100-060 Lisboa".into()),
            vat: None,
            created: parse_time("2026-01-01").unwrap(),
            withdrawn: None,
        };
        let r = record(
            &domain(),
            &contact(ContactKind::Person, false),
            Manager::Registrar(&reg),
        );
        assert_eq!(r.manager.name, "Registos Lda");
        assert_eq!(r.manager.email, "geral@registos.pt");
        // Art. 30.2: the managing entity's address is published.
        assert_eq!(
            r.manager.address.as_deref(),
            Some("Rua do Ouro 1, 1100-060 Lisboa")
        );
        let none = Registrar {
            address: None,
            ..reg.clone()
        };
        let r = record(
            &domain(),
            &contact(ContactKind::Person, false),
            Manager::Registrar(&none),
        );
        assert_eq!(r.manager.address, None);
        assert_eq!(r.registrant.name, NOT_DISCLOSED);
    }

    #[test]
    fn queries() {
        let ok = [
            ("exemplo.pt", "exemplo.pt"),
            ("EXEMPLO.PT", "exemplo.pt"),
            ("exemplo.pt.", "exemplo.pt"),
            ("  exemplo.com.pt \r", "exemplo.com.pt"),
            ("mão.pt", "xn--mo-sia.pt"),
            ("XN--MO-SIA.PT", "xn--mo-sia.pt"),
            ("ns1.exemplo.pt", "ns1.exemplo.pt"),
        ];
        for (q, want) in ok {
            assert_eq!(parse_query(q.as_bytes()).as_deref(), Ok(want), "{q:?}");
        }
        let not_pt = ["exemplo.com", "pt", "exemplo.pt.com", "exemplo"];
        for q in not_pt {
            assert_eq!(parse_query(q.as_bytes()), Err(InvalidQuery::NotPt), "{q:?}");
        }
        let long = "a".repeat(300) + ".pt";
        let label64 = "a".repeat(64) + ".pt";
        let malformed: [&[u8]; 9] = [
            b"",
            b"   ",
            b"\xff\xfe\x00junk",
            b"exemplo.pt extra",
            b"exemplo..pt",
            b"a_b.pt",
            b"-h\x07.pt",
            long.as_bytes(),
            label64.as_bytes(),
        ];
        for q in malformed {
            assert_eq!(parse_query(q), Err(InvalidQuery::Malformed), "{q:?}");
        }
    }

    proptest::proptest! {
        /// Any bytes a client sends give an A-label or an invalid query,
        /// never a panic; an accepted query is a lower-case name under .pt.
        #[test]
        fn any_query_line_is_answered(line in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            if let Ok(ascii) = parse_query(&line) {
                proptest::prop_assert!(ascii.ends_with(".pt"));
                proptest::prop_assert!(ascii.len() <= 253);
                proptest::prop_assert_eq!(ascii.to_ascii_lowercase(), ascii.clone());
            }
        }

        #[test]
        fn any_text_query_is_answered(line in "\\PC{0,80}") {
            let _ = parse_query(line.as_bytes());
        }
    }
}
