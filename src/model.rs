//! The registry's records as values: domains, contacts, registrars. Their
//! serde form is the stable JSON of docs/json.md.

use serde::{Deserialize, Serialize};

use crate::rules::periods::Time;

/// The lifecycle states (README, "Periods and the clock").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum State {
    /// Registered without technical data; not delegated (Art. 2.3).
    Reserved,
    /// Two or more nameservers; delegated (Art. 2.3, 3).
    Registered,
    /// Expired, renewable for 30 days, not delegated (Art. 17.2).
    Grace,
    /// Arbitral injunction (Art. 28); not delegated.
    Suspended,
    /// Removed; the name is free again.
    Removed,
}

impl State {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            State::Reserved => "reserved",
            State::Registered => "registered",
            State::Grace => "grace",
            State::Suspended => "suspended",
            State::Removed => "removed",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<State> {
        Some(match text {
            "reserved" => State::Reserved,
            "registered" => State::Registered,
            "grace" => State::Grace,
            "suspended" => State::Suspended,
            "removed" => State::Removed,
            _ => return None,
        })
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Nameserver {
    /// Host name, A-label form, no trailing dot.
    pub(crate) host: String,
    /// Glue addresses (only for hosts inside the domain or .pt).
    #[serde(default)]
    pub(crate) addresses: Vec<String>,
}

/// A pending removal (Art. 21.2, 22.2). Its period runs from the
/// notification, that is from when the notice is sent (`notices ack`):
/// until then it has no date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PendingRemoval {
    /// `manager` or `registry`.
    pub(crate) by: String,
    /// When it takes effect; `None` while the notice is not sent.
    pub(crate) effective: Option<Time>,
    pub(crate) article: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) grounds: Option<String>,
    /// When it was asked for (the notices of that time open its period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) requested: Option<Time>,
}

/// Who manages a domain: a registrar, or the registrant itself (Art. 24).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ManagerKind {
    Registrar,
    Registrant,
}

/// A domain registration (docs/json.md "domain").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Domain {
    /// Row id; not part of the public shape.
    #[serde(skip)]
    pub(crate) id: i64,
    /// A-label form with hierarchy: `xn--ma-lha.pt`.
    pub(crate) name: String,
    pub(crate) unicode: String,
    /// `pt`, `com.pt`, `gov.pt`, ...
    pub(crate) hierarchy: String,
    pub(crate) state: State,
    pub(crate) created: Time,
    pub(crate) expires: Time,
    pub(crate) registrant: String,
    /// The registrar id, or the registrant id when self-managed.
    pub(crate) manager: String,
    pub(crate) manager_kind: ManagerKind,
    pub(crate) tech: String,
    pub(crate) nameservers: Vec<Nameserver>,
    pub(crate) ds: Vec<String>,
    pub(crate) arbitration: bool,
    /// Case reference of a notified litigation (Art. 14.4, 17.4, 21.3).
    pub(crate) litigation: Option<String>,
    /// Case reference of an arbitral injunction (Art. 28).
    pub(crate) suspension: Option<String>,
    pub(crate) pending_removal: Option<PendingRemoval>,
    /// Open conformity case id (Art. 8).
    pub(crate) case: Option<i64>,
    /// A registration on legitimacy grounds (Art. 7.2, 8.5) awaiting its
    /// proof: held out of the zone and not transferable until staff accept
    /// the proof, and removed if it is not given by this deadline.
    #[serde(default)]
    pub(crate) held_until: Option<Time>,
    /// When the state last changed.
    pub(crate) state_since: Time,
    pub(crate) removed: Option<Time>,
}

#[cfg(test)]
impl Contact {
    /// For tests: the person `id` (Maria, in Portugal, without WHOIS
    /// consent), recorded at `at`.
    pub(crate) fn example(id: &str, at: Time) -> Contact {
        Contact {
            id: id.into(),
            kind: ContactKind::Person,
            name: "Maria".into(),
            email: "m@exemplo.pt".into(),
            phone: "+351.912345678".into(),
            address: "Rua".into(),
            country: "PT".into(),
            vat: None,
            iban: None,
            whois_consent: false,
            created: at,
            updated: at,
        }
    }
}

#[cfg(test)]
impl Domain {
    /// For tests: `name` registered under `.pt` at `at` (its term ending
    /// then too), managed by its registrant `c1`, no nameservers, nothing
    /// pending; a test changes what it is about with `..Domain::example()`.
    pub(crate) fn example(name: &str, at: Time) -> Domain {
        Domain {
            id: 0,
            name: name.into(),
            unicode: name.into(),
            hierarchy: "pt".into(),
            state: State::Registered,
            created: at,
            expires: at,
            registrant: "c1".into(),
            manager: "c1".into(),
            manager_kind: ManagerKind::Registrant,
            tech: "c1".into(),
            nameservers: vec![],
            ds: vec![],
            arbitration: false,
            litigation: None,
            suspension: None,
            pending_removal: None,
            case: None,
            held_until: None,
            state_since: at,
            removed: None,
        }
    }
}

impl Domain {
    /// The registrar id when a registrar manages the name.
    pub(crate) fn registrar(&self) -> Option<&str> {
        match self.manager_kind {
            ManagerKind::Registrar => Some(&self.manager),
            ManagerKind::Registrant => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ContactKind {
    Person,
    Organization,
}

impl ContactKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ContactKind::Person => "person",
            ContactKind::Organization => "organization",
        }
    }
}

/// A registrant or technical contact (Art. 29.2 data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Contact {
    pub(crate) id: String,
    pub(crate) kind: ContactKind,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) address: String,
    pub(crate) country: String,
    pub(crate) vat: Option<String>,
    /// The account refunds are paid to (Art. 29.2.g, 20), in electronic
    /// form (`PT50000201231234567890154`). Never published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) iban: Option<String>,
    pub(crate) whois_consent: bool,
    pub(crate) created: Time,
    pub(crate) updated: Time,
}

/// An accredited registrar (a managing entity, Art. 1.a).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Registrar {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) email: String,
    /// The postal address WHOIS publishes (Art. 30.2); `None` for a
    /// registrar recorded without one (before addresses were kept, or
    /// migrated without one).
    #[serde(default)]
    pub(crate) address: Option<String>,
    pub(crate) vat: Option<String>,
    pub(crate) created: Time,
    pub(crate) withdrawn: Option<Time>,
}
