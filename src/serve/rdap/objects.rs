//! RDAP JSON objects (RFC 9083): domain, nameserver, entity (jCard,
//! RFC 7095), help, and what every top object carries (conformance,
//! notices, port43); RFC 8056 status values.

use std::net::IpAddr;

use serde_json::{Map, Value, json};

use crate::model::{Contact, ContactKind, Domain, Registrar, State};
use crate::rules::periods::{Time, fmt_time};
use crate::rules::policy::Policy;
use crate::rules::whois::{TERMS_OF_USE, discloses};
use crate::store::whois::DirectoryEntry;

/// The conformance of every answer: RDAP level 0 only (the gTLD profiles
/// do not apply to a ccTLD; redaction is by leaving members out, so no
/// RFC 9537 `redacted` array is sent).
pub(crate) const CONFORMANCE: [&str; 1] = ["rdap_level_0"];

/// The RFC 8056 status values of a domain at the clock: its state, then
/// the marks on it.
pub(crate) fn statuses(d: &Domain) -> Vec<&'static str> {
    let mut out = vec![match d.state {
        // Delegated (Art. 2.3, 3).
        State::Registered => "active",
        // Registered without technical data, not delegated (Art. 2.3).
        State::Reserved => "inactive",
        // Expired, renewable for 30 days (Art. 17.2).
        State::Grace => "redemption period",
        // Arbitral injunction (Art. 28): the registry holds it out of the zone.
        State::Suspended => "server hold",
        State::Removed => "inactive",
    }];
    if d.pending_removal.is_some() {
        // Removal asked for, effective at the end of its notice (Art. 21.2, 22.2).
        out.push("pending delete");
    }
    if d.litigation.is_some() {
        // A notified litigation: no removal and no ownership transfer
        // (Art. 14.4, 21.3).
        out.push("server delete prohibited");
        out.push("server transfer prohibited");
    }
    out
}

/// A self link to `href`.
fn link(href: &str) -> Value {
    json!([{
        "value": href,
        "rel": "self",
        "href": href,
        "type": "application/rdap+json",
    }])
}

fn notices() -> Value {
    json!([{
        "title": "Terms of Use",
        "description": TERMS_OF_USE,
    }])
}

/// Adds what a top object carries: conformance, notices, port43.
pub(crate) fn top(mut object: Value, policy: &Policy, _base: &str) -> Value {
    if let Value::Object(map) = &mut object {
        let mut out = Map::new();
        out.insert("rdapConformance".into(), json!(CONFORMANCE));
        out.insert("notices".into(), notices());
        out.append(map);
        out.insert("port43".into(), json!(policy.whois.host));
        return Value::Object(out);
    }
    object
}

/// The help object.
pub(crate) fn help(base: &str) -> Value {
    json!({
        "rdapConformance": CONFORMANCE,
        "notices": [
            {
                "title": "Terms of Use",
                "description": TERMS_OF_USE,
            },
            {
                "title": "About this service",
                "description": [
                    "The RDAP directory of the .pt domain registry.",
                    format!("Lookups: {base}/domain/NAME (A-label or U-label), {base}/nameserver/HOST, \
                             {base}/entity/HANDLE, {base}/help."),
                    "Searches, IP network and autonomous system lookups are not offered (501).",
                ],
            },
        ],
    })
}

/// The domain object of a directory entry.
pub(crate) fn domain(entry: &DirectoryEntry, policy: &Policy, base: &str, updated: Time) -> Value {
    let d = &entry.domain;
    let href = format!("{base}/domain/{}", d.name);
    let mut events = vec![
        json!({"eventAction": "registration", "eventDate": fmt_time(d.created)}),
        json!({"eventAction": "expiration", "eventDate": fmt_time(d.expires)}),
    ];
    if let Some(changed) = entry.last_changed {
        events.push(json!({"eventAction": "last changed", "eventDate": fmt_time(changed)}));
    }
    events.push(json!({
        "eventAction": "last update of RDAP database",
        "eventDate": fmt_time(updated),
    }));
    let mut entities = Vec::new();
    match &entry.registrar {
        Some(r) => {
            entities.push(role(&entry.registrant, "registrant", base));
            entities.push(registrar(r, base));
        }
        // Self-managed: the registrant is the managing entity too (Art. 24).
        None => entities.push(role(&entry.registrant, "registrant", base)),
    }
    let mut object = json!({
        "objectClassName": "domain",
        "handle": format!("{}-PT", d.id),
        "ldhName": d.name,
    });
    let map = object.as_object_mut();
    if let Some(map) = map {
        if d.unicode != d.name {
            map.insert("unicodeName".into(), json!(d.unicode));
        }
        map.insert("status".into(), json!(statuses(d)));
        map.insert("events".into(), json!(events));
        map.insert("entities".into(), json!(entities));
        if !d.nameservers.is_empty() {
            let ns: Vec<Value> = d
                .nameservers
                .iter()
                .map(|n| nameserver(&n.host, &n.addresses, base))
                .collect();
            map.insert("nameservers".into(), json!(ns));
        }
        map.insert("secureDNS".into(), secure_dns(&d.ds));
        map.insert("links".into(), link(&href));
    }
    top(object, policy, base)
}

/// `secureDNS` from the DS records as stored (`TAG ALG TYPE HEX`).
fn secure_dns(ds: &[String]) -> Value {
    let data: Vec<Value> = ds
        .iter()
        .filter_map(|text| {
            let mut parts = text.split_whitespace();
            let tag: u32 = parts.next()?.parse().ok()?;
            let alg: u32 = parts.next()?.parse().ok()?;
            let kind: u32 = parts.next()?.parse().ok()?;
            let digest: String = parts.collect::<Vec<_>>().concat();
            Some(json!({
                "keyTag": tag,
                "algorithm": alg,
                "digestType": kind,
                "digest": digest,
            }))
        })
        .collect();
    let mut out = json!({"delegationSigned": !data.is_empty()});
    if !data.is_empty()
        && let Some(map) = out.as_object_mut()
    {
        map.insert("dsData".into(), json!(data));
    }
    out
}

/// A nameserver object (inside a domain, or on its own with [`top`]).
pub(crate) fn nameserver(host: &str, addresses: &[String], base: &str) -> Value {
    let mut object = json!({
        "objectClassName": "nameserver",
        "ldhName": host,
    });
    if let Some(map) = object.as_object_mut() {
        let (unicode, errors) = idna::domain_to_unicode(host);
        if errors.is_ok() && unicode != host {
            map.insert("unicodeName".into(), json!(unicode));
        }
        let (mut v4, mut v6) = (Vec::new(), Vec::new());
        for a in addresses {
            match a.parse::<IpAddr>() {
                Ok(IpAddr::V4(ip)) => v4.push(ip.to_string()),
                Ok(IpAddr::V6(ip)) => v6.push(ip.to_string()),
                Err(_) => {}
            }
        }
        if !v4.is_empty() || !v6.is_empty() {
            let mut ips = Map::new();
            if !v4.is_empty() {
                ips.insert("v4".into(), json!(v4));
            }
            if !v6.is_empty() {
                ips.insert("v6".into(), json!(v6));
            }
            map.insert("ipAddresses".into(), Value::Object(ips));
        }
        map.insert("status".into(), json!(["active"]));
        map.insert("links".into(), link(&format!("{base}/nameserver/{host}")));
    }
    object
}

/// A contact in a role on a domain: its entity when Art. 30 lets it be
/// shown, else the role alone, marked as redacted.
fn role(c: &Contact, role: &str, base: &str) -> Value {
    if discloses(c) {
        return contact(c, &[role], base);
    }
    json!({
        "objectClassName": "entity",
        "roles": [role],
        "remarks": [{
            "title": "REDACTED FOR PRIVACY",
            "type": "object redacted due to authorization",
            "description": [
                "The data of a natural person is shown only with their consent \
                 (Art. 30.3 of the .PT domain registration rules).",
            ],
        }],
    })
}

/// The entity of a contact that may be shown (see `rules::whois::discloses`):
/// name, postal address and e-mail, as Art. 30.2 lists them.
pub(crate) fn contact(c: &Contact, roles: &[&str], base: &str) -> Value {
    let kind = match c.kind {
        ContactKind::Person => "individual",
        ContactKind::Organization => "org",
    };
    let address = one_line(&c.address);
    let mut card = vec![
        json!(["version", {}, "text", "4.0"]),
        json!(["kind", {}, "text", kind]),
        json!(["fn", {}, "text", one_line(&c.name)]),
    ];
    if c.kind == ContactKind::Organization {
        card.push(json!(["org", {}, "text", one_line(&c.name)]));
    }
    card.push(json!([
        "adr",
        {"label": format!("{address}\n{}", c.country)},
        "text",
        ["", "", address, "", "", "", c.country]
    ]));
    card.push(json!(["email", {}, "text", c.email]));
    let mut object = json!({
        "objectClassName": "entity",
        "handle": c.id,
        "vcardArray": ["vcard", card],
        "links": link(&format!("{base}/entity/{}", encode(&c.id))),
    });
    if !roles.is_empty()
        && let Some(map) = object.as_object_mut()
    {
        map.insert("roles".into(), json!(roles));
    }
    object
}

/// The entity of a registrar: an organisation, always shown (Art. 30.7),
/// with the name, postal address and e-mail Art. 30.2 publishes (a
/// registrar recorded without an address has none to show).
pub(crate) fn registrar(r: &Registrar, base: &str) -> Value {
    let mut card = vec![
        json!(["version", {}, "text", "4.0"]),
        json!(["kind", {}, "text", "org"]),
        json!(["fn", {}, "text", one_line(&r.name)]),
        json!(["org", {}, "text", one_line(&r.name)]),
    ];
    if let Some(address) = r.address.as_deref().map(one_line) {
        card.push(json!([
            "adr",
            {"label": address.clone()},
            "text",
            ["", "", address, "", "", "", ""]
        ]));
    }
    card.push(json!(["email", {}, "text", r.email]));
    json!({
        "objectClassName": "entity",
        "handle": r.id,
        "roles": ["registrar"],
        "vcardArray": ["vcard", card],
        "links": link(&format!("{base}/entity/{}", encode(&r.id))),
    })
}

/// A handle as a path segment.
fn encode(handle: &str) -> String {
    percent_encoding::utf8_percent_encode(handle, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2D", "-")
        .replace("%5F", "_")
        .replace("%2E", ".")
}

/// Text on one line: line breaks and other control characters become
/// spaces.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control())
        .filter(|part| !part.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PendingRemoval;
    use crate::rules::periods::parse_time;

    fn domain(state: State) -> Domain {
        let t = parse_time("2026-03-01T09:00:00Z").unwrap();
        Domain {
            id: 7,
            state,
            registrant: "c".into(),
            manager: "c".into(),
            tech: "c".into(),
            ..Domain::example("exemplo.pt", t)
        }
    }

    #[test]
    fn every_state_and_mark_maps_to_rfc_8056() {
        for (state, want) in [
            (State::Registered, "active"),
            (State::Reserved, "inactive"),
            (State::Grace, "redemption period"),
            (State::Suspended, "server hold"),
        ] {
            assert_eq!(statuses(&domain(state)), [want], "{state}");
        }
        let mut d = domain(State::Registered);
        d.pending_removal = Some(PendingRemoval {
            by: "manager".into(),
            effective: Some(d.created),
            article: "21.2".into(),
            grounds: None,
            requested: None,
        });
        d.litigation = Some("TJ-1".into());
        assert_eq!(
            statuses(&d),
            [
                "active",
                "pending delete",
                "server delete prohibited",
                "server transfer prohibited"
            ]
        );
    }

    #[test]
    fn ds_records_become_ds_data() {
        let v = secure_dns(&["2371 13 2 ABCD".into(), "60485 8 4 EF01".into()]);
        assert_eq!(v["delegationSigned"], true);
        assert_eq!(v["dsData"][1]["keyTag"], 60485);
        assert_eq!(v["dsData"][1]["digest"], "EF01");
        assert_eq!(secure_dns(&[]), json!({"delegationSigned": false}));
    }

    #[test]
    fn handles_are_path_segments() {
        assert_eq!(encode("ana-silva"), "ana-silva");
        assert_eq!(encode("a b/c"), "a%20b%2Fc");
    }
}
