//! One domain row of a migration file (CSV or JSON Lines), checked: name
//! syntax only (admissibility is not re-applied to names registered before,
//! and closed hierarchies are accepted, Art. 31.2/31.3), dates, a state that
//! agrees with the data, known contacts and registrars, nameservers and DS.

use std::collections::HashSet;

use crate::error::Kind;
use crate::model::State;
use crate::rules::periods::{Time, fmt_time, parse_time};
use crate::rules::{Article, Reason, technical};

/// A row that cannot be imported: where, which field, why, and the exit kind
/// it carries in all-or-nothing mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadRow {
    pub(crate) line: u64,
    pub(crate) field: Option<&'static str>,
    pub(crate) kind: Kind,
    pub(crate) reason: String,
    /// The article and the reason, for a row refused under the rules.
    pub(crate) refused: Option<(Article, Reason)>,
}

impl BadRow {
    pub(crate) fn usage(field: &'static str, reason: impl Into<String>) -> BadRow {
        BadRow {
            line: 0,
            field: Some(field),
            kind: Kind::Usage,
            reason: reason.into(),
            refused: None,
        }
    }

    pub(crate) fn refused(field: &'static str, refusal: crate::rules::Refusal) -> BadRow {
        BadRow {
            line: 0,
            field: Some(field),
            kind: Kind::Refused,
            reason: refusal.message,
            refused: Some((refusal.article, refusal.reason)),
        }
    }

    /// `line 12, field expires: ...`
    pub(crate) fn describe(&self) -> String {
        match self.field {
            Some(f) => format!("line {}, field {f}: {}", self.line, self.reason),
            None => format!("line {}: {}", self.line, self.reason),
        }
    }

    /// The reason with its article, as a reject file states it.
    pub(crate) fn reason_with_article(&self) -> String {
        match &self.refused {
            Some((a, _)) => format!("{} [Art. {a}]", self.reason),
            None => self.reason.clone(),
        }
    }
}

/// The nameservers of a row as given: CSV text or a JSON list.
pub(crate) enum NsInput<'a> {
    /// Space-separated `host` or `host=ip,ip`.
    Text(&'a str),
    /// One `host` or `host=ip,ip` per item.
    Items(&'a [String]),
}

/// The DS records of a row as given: CSV `|`-separated text or a JSON list.
pub(crate) enum DsInput<'a> {
    Text(&'a str),
    List(&'a [String]),
}

/// A row as read, before any check.
pub(crate) struct RawDomain<'a> {
    pub(crate) name: &'a str,
    pub(crate) registrant: &'a str,
    pub(crate) manager: &'a str,
    pub(crate) tech: &'a str,
    pub(crate) created: &'a str,
    pub(crate) expires: &'a str,
    pub(crate) state: &'a str,
    pub(crate) nameservers: NsInput<'a>,
    pub(crate) ds: DsInput<'a>,
    pub(crate) arbitration: Option<bool>,
    /// The CSV text of the arbitration column, when `arbitration` is None.
    pub(crate) arbitration_text: &'a str,
}

/// A checked row, its times in stored text form.
#[derive(Debug)]
pub(crate) struct CheckedDomain {
    pub(crate) name: String,
    pub(crate) unicode: String,
    pub(crate) hierarchy: String,
    pub(crate) state: State,
    pub(crate) created: String,
    pub(crate) expires: String,
    /// `expires` as a time.
    pub(crate) expires_at: Time,
    pub(crate) state_since: String,
    pub(crate) registrant: String,
    pub(crate) manager: Option<String>,
    pub(crate) tech: String,
    pub(crate) nameservers: Vec<(String, String)>,
    pub(crate) ds: Vec<String>,
    pub(crate) arbitration: bool,
}

/// What rows are checked against: the known ids and the clock.
pub(crate) struct Known<'a> {
    pub(crate) contacts: &'a HashSet<String>,
    pub(crate) registrars: &'a HashSet<String>,
    pub(crate) now: Time,
}

/// Checks a migration row. The reason of a failure names the field.
pub(crate) fn check(raw: &RawDomain<'_>, known: &Known<'_>) -> Result<CheckedDomain, BadRow> {
    let name = crate::bulk::syntax::name(raw.name).map_err(|e| BadRow::usage("name", e))?;
    let registrant = required("registrant", raw.registrant)?;
    if !known.contacts.contains(registrant) {
        return Err(not_found("registrant", format!("no contact {registrant}")));
    }
    let tech = match raw.tech.trim() {
        "" => registrant,
        t if known.contacts.contains(t) => t,
        t => return Err(not_found("tech", format!("no contact {t}"))),
    };
    // The managing entity is a registrar, or the registrant itself (Art. 24).
    let manager = match raw.manager.trim() {
        "" => None,
        m if m == registrant => None,
        m if known.registrars.contains(m) => Some(m.to_string()),
        m => {
            return Err(not_found(
                "manager",
                format!("no registrar {m} (or it has withdrawn)"),
            ));
        }
    };
    let created = time("created", raw.created)?;
    let expires = time("expires", raw.expires)?;
    if created > known.now {
        return Err(BadRow::usage(
            "created",
            format!(
                "created {} is after now ({}): a migration brings past registrations",
                fmt_time(created),
                fmt_time(known.now)
            ),
        ));
    }
    if expires <= created {
        return Err(BadRow::usage(
            "expires",
            format!(
                "expires {} is not after created {}",
                fmt_time(expires),
                fmt_time(created)
            ),
        ));
    }
    let nameservers = nameservers(&raw.nameservers, &name.ascii)?;
    let ds = ds(&raw.ds)?;
    technical::check_ds_needs_nameservers(nameservers.len(), ds.len())
        .map_err(|e| BadRow::usage("ds", e))?;
    let state = state(raw.state, nameservers.len(), expires, known.now)?;
    let arbitration = match raw.arbitration {
        Some(b) => b,
        None => flag(raw.arbitration_text)?,
    };
    // When the state began is not in a migration file: the best bound the
    // data gives (grace began at expiry; the others at creation or now).
    let state_since = match state {
        State::Grace => expires,
        State::Suspended => known.now,
        _ => created,
    };
    Ok(CheckedDomain {
        name: name.ascii,
        unicode: name.unicode,
        hierarchy: name.hierarchy,
        state,
        created: fmt_time(created),
        expires: fmt_time(expires),
        expires_at: expires,
        state_since: fmt_time(state_since),
        registrant: registrant.to_string(),
        manager,
        tech: tech.to_string(),
        nameservers,
        ds,
        arbitration,
    })
}

fn required<'a>(field: &'static str, text: &'a str) -> Result<&'a str, BadRow> {
    match text.trim() {
        "" => Err(BadRow::usage(field, "missing")),
        t => Ok(t),
    }
}

fn not_found(field: &'static str, reason: String) -> BadRow {
    BadRow {
        line: 0,
        field: Some(field),
        kind: Kind::NotFound,
        reason,
        refused: None,
    }
}

fn time(field: &'static str, text: &str) -> Result<Time, BadRow> {
    parse_time(required(field, text)?).map_err(|e| BadRow::usage(field, e))
}

fn flag(text: &str) -> Result<bool, BadRow> {
    super::syntax::boolean(text).map_err(|e| BadRow::usage("arbitration", e))
}

fn nameservers(input: &NsInput<'_>, domain: &str) -> Result<Vec<(String, String)>, BadRow> {
    let items: Vec<&str> = match input {
        NsInput::Text(t) => t.split_whitespace().collect(),
        NsInput::Items(l) => l.iter().map(String::as_str).collect(),
    };
    technical::check_nameserver_count(items.len()).map_err(|e| BadRow::usage("nameservers", e))?;
    let mut out: Vec<(String, String)> = Vec::with_capacity(items.len());
    for item in items {
        let ns = crate::bulk::syntax::nameserver(item, domain)
            .map_err(|e| BadRow::usage("nameservers", e))?;
        if out.iter().any(|(h, _)| *h == ns.host) {
            return Err(BadRow::usage(
                "nameservers",
                format!("{} is listed twice", ns.host),
            ));
        }
        out.push((ns.host, ns.addresses.join(" ")));
    }
    Ok(out)
}

fn ds(input: &DsInput<'_>) -> Result<Vec<String>, BadRow> {
    let items: Vec<&str> = match input {
        DsInput::Text(t) => t
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect(),
        DsInput::List(l) => l.iter().map(String::as_str).collect(),
    };
    let items: Vec<String> = items.into_iter().map(str::to_string).collect();
    crate::bulk::syntax::ds_records(&items).map_err(|e| BadRow::usage("ds", e))
}

/// The state given, checked against the data, or derived from the
/// nameserver count when empty (Art. 2.3: none → reserved, two or more →
/// registered; one is no delegation at all, Art. 3.1).
fn state(text: &str, nameservers: usize, expires: Time, now: Time) -> Result<State, BadRow> {
    let derived = technical::state_for_nameservers(nameservers)
        .map_err(|r| BadRow::refused("nameservers", r))?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(derived);
    }
    let given = State::parse(&text.to_ascii_lowercase()).ok_or_else(|| {
        BadRow::usage(
            "state",
            format!("unknown state {text:?} (reserved, registered, grace, suspended)"),
        )
    })?;
    match given {
        State::Registered | State::Reserved if given != derived => Err(BadRow::usage(
            "state",
            format!(
                "{given} with {nameservers} nameserver(s): registered needs two or more (Art. 2.3)"
            ),
        )),
        State::Grace if expires > now => Err(BadRow::usage(
            "state",
            format!(
                "grace, but the name expires only on {} (Art. 17.2)",
                fmt_time(expires)
            ),
        )),
        State::Removed => Err(BadRow::usage(
            "state",
            "removed names are free again and are not imported",
        )),
        _ => Ok(given),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known_sets() -> (HashSet<String>, HashSet<String>) {
        (
            ["c1", "c2"].iter().map(|s| s.to_string()).collect(),
            ["r1"].iter().map(|s| s.to_string()).collect(),
        )
    }

    fn raw<'a>(ns: &'a str, state: &'a str) -> RawDomain<'a> {
        RawDomain {
            name: "exemplo.pt",
            registrant: "c1",
            manager: "r1",
            tech: "",
            created: "2010-05-01",
            expires: "2027-05-01",
            state,
            nameservers: NsInput::Text(ns),
            ds: DsInput::Text(""),
            arbitration: None,
            arbitration_text: "",
        }
    }

    #[test]
    fn state_agrees_with_the_nameservers() {
        let (c, r) = known_sets();
        let known = Known {
            contacts: &c,
            registrars: &r,
            now: parse_time("2026-03-01").unwrap(),
        };
        let cases: &[(&str, &str, Result<State, &str>)] = &[
            ("", "", Ok(State::Reserved)),
            ("ns1.a.pt ns2.a.pt", "", Ok(State::Registered)),
            ("ns1.a.pt", "", Err("nameservers")),
            ("ns1.a.pt", "registered", Err("nameservers")),
            ("ns1.a.pt ns2.a.pt", "reserved", Err("state")),
            ("ns1.a.pt ns2.a.pt", "Registered", Ok(State::Registered)),
            ("", "suspended", Ok(State::Suspended)),
            ("", "grace", Err("state")),
            ("", "removed", Err("state")),
            ("", "parked", Err("state")),
            ("ns1.a.pt ns1.a.pt", "", Err("nameservers")),
            ("ns1.exemplo.pt ns2.a.pt", "", Err("nameservers")),
            (
                "ns1.exemplo.pt=192.0.2.1 ns2.a.pt",
                "",
                Ok(State::Registered),
            ),
        ];
        for (ns, st, want) in cases {
            let got = check(&raw(ns, st), &known);
            match (got, want) {
                (Ok(d), Ok(s)) => assert_eq!(d.state, *s, "{ns:?} {st:?}"),
                (Err(b), Err(f)) => assert_eq!(b.field, Some(*f), "{ns:?} {st:?}: {b:?}"),
                (got, want) => panic!("{ns:?} {st:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn references_dates_and_flags() {
        let (c, r) = known_sets();
        let known = Known {
            contacts: &c,
            registrars: &r,
            now: parse_time("2026-03-01").unwrap(),
        };
        let ok = check(&raw("", ""), &known).unwrap();
        assert_eq!(ok.tech, "c1");
        assert_eq!(ok.manager.as_deref(), Some("r1"));
        assert_eq!(ok.created, "2010-05-01T00:00:00Z");
        assert_eq!(ok.state_since, ok.created);

        let mut self_managed = raw("", "");
        self_managed.manager = "c1";
        assert_eq!(check(&self_managed, &known).unwrap().manager, None);

        let mut bad = raw("", "");
        bad.registrant = "nobody";
        let e = check(&bad, &known).unwrap_err();
        assert_eq!((e.field, e.kind), (Some("registrant"), Kind::NotFound));

        let mut bad = raw("", "");
        bad.manager = "r9";
        assert_eq!(check(&bad, &known).unwrap_err().field, Some("manager"));

        let mut bad = raw("", "");
        bad.expires = "2009-01-01";
        assert_eq!(check(&bad, &known).unwrap_err().field, Some("expires"));

        let mut bad = raw("", "");
        bad.created = "2026-03-02";
        assert_eq!(check(&bad, &known).unwrap_err().field, Some("created"));

        let mut bad = raw("", "");
        bad.created = "yesterday";
        assert_eq!(check(&bad, &known).unwrap_err().field, Some("created"));

        let mut bad = raw("", "");
        bad.arbitration_text = "maybe";
        assert_eq!(check(&bad, &known).unwrap_err().field, Some("arbitration"));

        let mut grace = raw("", "grace");
        grace.expires = "2026-02-20";
        let g = check(&grace, &known).unwrap();
        assert_eq!(
            (g.state, g.state_since.as_str()),
            (State::Grace, "2026-02-20T00:00:00Z")
        );
    }
}
