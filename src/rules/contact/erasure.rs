//! The right to erasure (RGPD; Art. 29.5 of the rules): when a contact may
//! be erased, what is left of it, and how its personal data is taken out of
//! a recorded JSON value (the journal keeps the shape, not the data).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::Contact;
use crate::rules::periods::Time;
use crate::rules::{Reason, Refusal};

/// What an erased personal field holds from then on.
pub(crate) const ERASED: &str = "erased";

/// The personal fields of a contact (Art. 29.2: name, address, e-mail,
/// phone, tax number); the country, the kind and the id stay, so the
/// registry's records of who held what still join up.
pub(crate) const PERSONAL_FIELDS: [&str; 6] = ["name", "email", "phone", "address", "vat", "iban"];

/// How a live domain uses a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Registrant,
    Tech,
}

impl Role {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::Registrant => "registrant",
            Role::Tech => "technical contact",
        }
    }
}

/// A contact may be erased only when no live domain (any state but
/// removed) needs its data: the registry keeps the data it needs to run the
/// contract (Art. 29.1, 29.2) and erases it on request otherwise (29.5).
/// `uses` are the live domains that use it, in name order.
pub(crate) fn may_erase(id: &str, uses: &[(String, Role)]) -> Result<(), Refusal> {
    match uses.first() {
        None => Ok(()),
        Some((name, role)) => {
            let more = match uses.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            Err(Refusal::new(
                "29.5",
                Reason::ContactInUse {
                    domain: name.clone(),
                },
                format!(
                    "contact {id} is the {} of {name}, a live domain{more}; its data is needed \
                     while the domain lives: transfer or remove the domain first",
                    role.as_str()
                ),
            ))
        }
    }
}

/// The contact with its personal fields replaced by [`ERASED`]; a tax
/// number that was never given stays absent, and WHOIS consent goes (there
/// is nothing left to disclose).
pub(crate) fn erased(c: &Contact, now: Time) -> Contact {
    Contact {
        name: ERASED.into(),
        email: ERASED.into(),
        phone: ERASED.into(),
        address: ERASED.into(),
        vat: c.vat.as_ref().map(|_| ERASED.into()),
        iban: c.iban.as_ref().map(|_| ERASED.into()),
        whois_consent: false,
        updated: now,
        ..c.clone()
    }
}

/// Replaces the personal fields of contact `id` wherever they appear in a
/// recorded value: in every object whose `"id"` is `id` (the contact as
/// recorded), and in the objects nested in it (the `fields` that were typed,
/// the contact `before` a change). Only string values are replaced, so the
/// shape stays. Returns whether anything changed.
pub(crate) fn redact(value: &mut Value, id: &str) -> bool {
    match value {
        Value::Object(map) => {
            if map.get("id").and_then(Value::as_str) == Some(id) {
                return scrub(value);
            }
            let mut changed = false;
            for v in map.values_mut() {
                changed |= redact(v, id);
            }
            changed
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, v| redact(v, id) | changed),
        _ => false,
    }
}

/// Every personal value of contact `id` recorded in `value` (the objects
/// that [`redact`] would scrub), added to `into`: with the contact's current
/// data, what an erasure must find wherever else it was copied (a notice
/// sent to an earlier e-mail).
pub(crate) fn recorded_values(value: &Value, id: &str, into: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if map.get("id").and_then(Value::as_str) == Some(id) {
                personal_strings(value, into);
                return;
            }
            for v in map.values() {
                recorded_values(v, id, into);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| recorded_values(v, id, into)),
        _ => {}
    }
}

fn personal_strings(value: &Value, into: &mut BTreeSet<String>) {
    let Value::Object(map) = value else {
        return;
    };
    for (key, v) in map {
        match v {
            Value::String(s) if PERSONAL_FIELDS.contains(&key.as_str()) => {
                into.insert(s.clone());
            }
            Value::Object(_) => personal_strings(v, into),
            _ => {}
        }
    }
}

/// The personal values of a contact as it stands.
pub(crate) fn current_values(c: &Contact) -> BTreeSet<String> {
    [&c.name, &c.email, &c.phone, &c.address]
        .into_iter()
        .chain(c.vat.as_ref())
        .chain(c.iban.as_ref())
        .cloned()
        .collect()
}

/// The values worth searching for: not empty, not the marker, and long
/// enough that replacing them in a text cannot hit an unrelated word.
pub(crate) fn searchable(values: BTreeSet<String>) -> Vec<String> {
    values
        .into_iter()
        .filter(|v| v.chars().count() >= MIN_SEARCHED && v != ERASED)
        .collect()
}

/// The shortest value searched for in free texts (a one-letter name would
/// erase every "a" of every notice).
const MIN_SEARCHED: usize = 3;

/// Replaces the personal fields of this object and of the objects in it.
fn scrub(value: &mut Value) -> bool {
    let Value::Object(map) = value else {
        return false;
    };
    let mut changed = false;
    for (key, v) in map.iter_mut() {
        match v {
            Value::String(s) if PERSONAL_FIELDS.contains(&key.as_str()) && s != ERASED => {
                *s = ERASED.to_string();
                changed = true;
            }
            Value::Object(_) => changed |= scrub(v),
            _ => {}
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::ContactKind;
    use crate::rules::periods::parse_time;

    fn ana() -> Contact {
        let t = parse_time("2026-01-01").unwrap();
        Contact {
            id: "ana".into(),
            kind: ContactKind::Person,
            name: "Ana Silva".into(),
            email: "ana@exemplo.pt".into(),
            phone: "+351.912345678".into(),
            address: "Rua Augusta 1, Lisboa".into(),
            country: "PT".into(),
            vat: Some("201238764".into()),
            iban: None,
            whois_consent: true,
            created: t,
            updated: t,
        }
    }

    #[test]
    fn erasure_keeps_id_kind_country_and_dates() {
        let now = parse_time("2026-03-01").unwrap();
        let e = erased(&ana(), now);
        assert_eq!(
            (&e.id[..], e.kind, &e.country[..], e.created),
            ("ana", ContactKind::Person, "PT", ana().created)
        );
        for v in [&e.name, &e.email, &e.phone, &e.address] {
            assert_eq!(v, ERASED);
        }
        assert_eq!(e.vat.as_deref(), Some(ERASED));
        assert!(!e.whois_consent);
        assert_eq!(e.updated, now);
        let no_vat = Contact { vat: None, ..ana() };
        assert_eq!(erased(&no_vat, now).vat, None);
    }

    #[test]
    fn refused_while_a_live_domain_uses_it() {
        assert_eq!(may_erase("ana", &[]), Ok(()));
        let one = [("ana.pt".to_string(), Role::Registrant)];
        let r = may_erase("ana", &one).unwrap_err();
        assert_eq!(r.article, "29.5");
        assert!(r.message.contains("registrant of ana.pt"), "{}", r.message);
        let two = [
            ("a.pt".to_string(), Role::Tech),
            ("b.pt".to_string(), Role::Registrant),
        ];
        let r = may_erase("ana", &two).unwrap_err();
        assert!(
            r.message
                .contains("technical contact of a.pt, a live domain (and 1 more)"),
            "{}",
            r.message
        );
    }

    #[test]
    fn every_recorded_value_is_found() {
        let mut found = BTreeSet::new();
        let entries = [
            json!({"id": "ana", "fields": {"name": "Ana Silva", "email": "old@b.pt", "kind": "person"}}),
            json!({"id": "ana", "fields": {"email": "new@b.pt"}, "before": {"id": "ana", "email": "old@b.pt", "vat": "123456789", "country": "PT"}}),
            json!([{"id": "rui", "name": "Rui Sousa"}, {"id": "ana", "phone": "+351.1"}]),
            json!({"domain": "ana.pt", "registrant": "ana"}),
        ];
        for e in &entries {
            recorded_values(e, "ana", &mut found);
        }
        let want: BTreeSet<String> = ["Ana Silva", "old@b.pt", "new@b.pt", "123456789", "+351.1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(found, want);
        let mut all = current_values(&ana());
        all.extend(found);
        all.insert("Al".into());
        all.insert(ERASED.into());
        let searched = searchable(all);
        assert!(searched.contains(&"old@b.pt".to_string()));
        assert!(searched.contains(&"201238764".to_string()));
        assert!(!searched.iter().any(|v| v == "Al" || v == ERASED));
    }

    #[test]
    fn redaction_keeps_the_shape() {
        let cases = [
            // contact add: inputs and outcome
            (
                json!({"id": "ana", "fields": {"name": "Ana", "email": "a@b.pt", "kind": "person", "vat": null, "whois_consent": true}}),
                json!({"id": "ana", "fields": {"name": "erased", "email": "erased", "kind": "person", "vat": null, "whois_consent": true}}),
                true,
            ),
            // contact update with the contact before the change
            (
                json!({"id": "ana", "fields": {"phone": "+351.1"}, "before": {"id": "ana", "name": "Ana", "country": "PT", "vat": "123"}}),
                json!({"id": "ana", "fields": {"phone": "erased"}, "before": {"id": "ana", "name": "erased", "country": "PT", "vat": "erased"}}),
                true,
            ),
            // nested in a list, next to another contact that stays
            (
                json!([{"id": "rui", "name": "Rui"}, {"id": "ana", "name": "Ana"}]),
                json!([{"id": "rui", "name": "Rui"}, {"id": "ana", "name": "erased"}]),
                true,
            ),
            // a domain naming the contact by id only: nothing personal
            (
                json!({"name": "ana.pt", "registrant": "ana", "tech": "ana"}),
                json!({"name": "ana.pt", "registrant": "ana", "tech": "ana"}),
                false,
            ),
            // already erased: no change
            (
                json!({"id": "ana", "name": "erased"}),
                json!({"id": "ana", "name": "erased"}),
                false,
            ),
        ];
        for (mut before, after, changed) in cases {
            let text = before.to_string();
            assert_eq!(redact(&mut before, "ana"), changed, "{text}");
            assert_eq!(before, after, "{text}");
        }
    }
}
