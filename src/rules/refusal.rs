//! Why the rules say no, as data: a [`Refusal`] (forbidden under an article)
//! or a [`Conflict`] (not possible in the object's present condition), each
//! with a typed [`Reason`] that carries the facts it was decided on.
//!
//! The text is for people; the reason is for programs. Every face maps the
//! reason in its own module: the CLI to an exit code and the stable
//! snake_case code of its JSON error ([`Reason::code`]), EPP to a result
//! code, RDAP to an HTTP status, through the protocol-neutral [`Class`].

use serde::Serialize;

use super::Article;
use super::periods::Time;

/// Why a request is refused or cannot be carried out, with its facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reason {
    // The composition of a name (Art. 5).
    /// 5.1: too short or too long (`length` characters).
    LabelLength { length: usize },
    /// 5.1: characters outside 0-9, a-z, the hyphen and the Portuguese letters.
    InvalidCharacters,
    /// 5.2: a letter outside the Portuguese alphabet.
    ForeignLetters,
    /// 5.3: a hyphen at the start or the end.
    HyphenPosition,
    /// 5.1: the A-label would not fit a DNS label.
    ALabelLength { octets: usize },
    /// 5.1: the label cannot be encoded as an A-label at all.
    Unencodable,
    /// 5.4: begins with `xn--` but is not the canonical A-label of an IDN.
    InvalidALabel,

    // The admissibility of a name (Art. 6-10, 31.3, 32).
    /// 6.1.a: a live registration of the same name exists.
    AlreadyRegistered,
    /// 6.1.b: on the list of obscene or unlawful words.
    ObsceneWord { listed: String },
    /// 6.1.c: a protected designation of origin or geographical indication.
    ProtectedDesignation { listed: String },
    /// 7.2: a geographic name directly under .pt.
    GeographicName { listed: String },
    /// 8.4: on the registry's list of blocked names.
    BlockedName { listed: String },
    /// 10: gov.pt without its designated managing entity.
    GovPtManager { designated: String },
    /// 31.3: a hierarchy closed to new registrations.
    ClosedHierarchy { hierarchy: String },
    /// 32: reserved by the registry.
    ReservedName { listed: String },

    // Technical data and people (Art. 3.1, 29.5).
    /// 3.1: a delegation with a single nameserver.
    OneNameserver,
    /// 29.5: the contact's data is needed by a live domain.
    ContactInUse { domain: String },

    // Registration, prices and management (Art. 15, 18).
    /// 15.2: the registrar's status was withdrawn (`since`, when known).
    RegistrarWithdrawn {
        registrar: String,
        since: Option<Time>,
    },
    /// 15.2: the registrar was already withdrawn.
    AlreadyWithdrawn { registrar: String, since: Time },
    /// 18.1: the term is not on the price table.
    TermNotOffered { years: u32 },
    /// 18.1: the term would end after the last time the registry can record.
    TermPastTheEnd { years: u32 },
    /// 18.1: no price of this kind is in force.
    NoPrice { charge: &'static str },

    // The lifecycle (Art. 14-17, 21, 22, 28).
    /// 17.3, 21.2, 22.2: the clock has removed the name (`at`).
    Removed { at: Option<Time> },
    /// 14.4: in the renewal grace period (until `until`).
    InGrace { until: Time },
    /// 14.4, 21.3: a judicial or arbitral proceeding notified to the
    /// registry is pending (`case`).
    PendingProceeding { case: String },
    /// The new registrant is the registrant already.
    AlreadyRegistrant { registrant: String },
    /// 15.1: no transfer code is outstanding.
    NoTransferCode,
    /// 15.1: the transfer code given is wrong.
    WrongTransferCode,
    /// The registrar manages the name already.
    AlreadyManages { registrar: String },
    /// The registrant manages the name itself already.
    AlreadySelfManaged,
    /// 21.2: a removal by the managing entity of a self-managed name.
    SelfManaged,
    /// Already locked by a litigation (`case`).
    AlreadyLocked { case: String },
    /// Not locked by a litigation.
    NotLocked,
    /// Locked under `case`, not under the one `asked`.
    OtherCase { case: String, asked: String },
    /// Already suspended under `case`.
    AlreadySuspended { case: String },
    /// Not suspended.
    NotSuspended,
    /// A removal is pending already (by whom, effective when: `None` while
    /// its notice is not sent, Art. 21.2, 22.2).
    RemovalPending { by: String, effective: Option<Time> },
    /// No pending removal waits for its notice to be sent.
    NoRemovalAwaitingNotice,
    /// 22.1.b: dissolution applies only to a registrant that is a legal person.
    NotLegalPerson { registrant: String },
    /// 8.5: registered on legitimacy grounds not proved yet (due `until`).
    HeldForProof { until: Time },
    /// No removal by `by` is pending.
    NoRemovalPending { by: &'static str },
    /// 22.1.e: renewed until `expires`, so not failed to renew.
    NotExpired { expires: Time },
    /// 17.4: expiry has no effect while a proceeding is pending.
    ExpiryHeld,

    // Conformity (Art. 8).
    /// 8.1-8.3: no conformity case is open on the name.
    NoOpenCase,
    /// 8.1: the case was opened after the window that followed the
    /// registration (it `ended` then).
    OutsideConformityWindow { ended: Time },
}

/// What kind of "no" a reason is, in the terms every protocol has: the face
/// maps a class to its own code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Class {
    /// Forbidden by the rules (EPP 2306 parameter value policy error).
    Policy,
    /// The object's present status forbids it (EPP 2304).
    Status,
    /// The object exists already (EPP 2302).
    Exists,
    /// The object does not exist (any more) (EPP 2303).
    Missing,
    /// The object is used by others (EPP 2305 association prohibits).
    InUse,
    /// The authorization given is missing or wrong (EPP 2202).
    Authorization,
}

impl Reason {
    /// The stable snake_case code of the reason (the JSON error's `reason`).
    pub(crate) fn code(&self) -> &'static str {
        use Reason::*;
        match self {
            LabelLength { .. } => "label_length",
            InvalidCharacters => "invalid_characters",
            ForeignLetters => "foreign_letters",
            HyphenPosition => "hyphen_position",
            ALabelLength { .. } => "a_label_length",
            Unencodable => "unencodable_label",
            InvalidALabel => "invalid_a_label",
            AlreadyRegistered => "already_registered",
            ObsceneWord { .. } => "obscene_word",
            ProtectedDesignation { .. } => "protected_designation",
            GeographicName { .. } => "geographic_name",
            BlockedName { .. } => "blocked_name",
            GovPtManager { .. } => "gov_pt_manager",
            ClosedHierarchy { .. } => "closed_hierarchy",
            ReservedName { .. } => "reserved_name",
            OneNameserver => "one_nameserver",
            ContactInUse { .. } => "contact_in_use",
            RegistrarWithdrawn { .. } => "registrar_withdrawn",
            AlreadyWithdrawn { .. } => "already_withdrawn",
            TermNotOffered { .. } => "term_not_offered",
            TermPastTheEnd { .. } => "term_past_the_end",
            NoPrice { .. } => "no_price",
            Removed { .. } => "removed",
            InGrace { .. } => "in_grace",
            PendingProceeding { .. } => "pending_proceeding",
            AlreadyRegistrant { .. } => "already_registrant",
            NoTransferCode => "no_transfer_code",
            WrongTransferCode => "wrong_transfer_code",
            AlreadyManages { .. } => "already_manages",
            AlreadySelfManaged => "already_self_managed",
            SelfManaged => "self_managed",
            AlreadyLocked { .. } => "already_locked",
            NotLocked => "not_locked",
            OtherCase { .. } => "other_case",
            AlreadySuspended { .. } => "already_suspended",
            NotSuspended => "not_suspended",
            RemovalPending { .. } => "removal_pending",
            NoRemovalPending { .. } => "no_removal_pending",
            NotExpired { .. } => "not_expired",
            ExpiryHeld => "expiry_held",
            NoOpenCase => "no_open_case",
            NoRemovalAwaitingNotice => "no_removal_awaiting_notice",
            NotLegalPerson { .. } => "not_legal_person",
            HeldForProof { .. } => "held_for_proof",
            OutsideConformityWindow { .. } => "outside_conformity_window",
        }
    }

    /// The kind of "no" this is, for the faces' codes.
    pub(crate) fn class(&self) -> Class {
        use Reason::*;
        match self {
            AlreadyRegistered => Class::Exists,
            Removed { .. } => Class::Missing,
            ContactInUse { .. } => Class::InUse,
            NoTransferCode | WrongTransferCode => Class::Authorization,
            InGrace { .. }
            | PendingProceeding { .. }
            | AlreadyRegistrant { .. }
            | AlreadyManages { .. }
            | AlreadySelfManaged
            | SelfManaged
            | AlreadyLocked { .. }
            | NotLocked
            | OtherCase { .. }
            | AlreadySuspended { .. }
            | NotSuspended
            | RemovalPending { .. }
            | NoRemovalPending { .. }
            | NotExpired { .. }
            | ExpiryHeld
            | NoOpenCase
            | NoRemovalAwaitingNotice
            | HeldForProof { .. }
            | OutsideConformityWindow { .. }
            | AlreadyWithdrawn { .. } => Class::Status,
            LabelLength { .. }
            | InvalidCharacters
            | ForeignLetters
            | HyphenPosition
            | ALabelLength { .. }
            | Unencodable
            | InvalidALabel
            | ObsceneWord { .. }
            | ProtectedDesignation { .. }
            | GeographicName { .. }
            | BlockedName { .. }
            | GovPtManager { .. }
            | ClosedHierarchy { .. }
            | ReservedName { .. }
            | OneNameserver
            | RegistrarWithdrawn { .. }
            | TermNotOffered { .. }
            | NotLegalPerson { .. }
            | TermPastTheEnd { .. }
            | NoPrice { .. } => Class::Policy,
        }
    }
}

/// A request forbidden by the rules, with the article that grounds it.
///
/// Its JSON form (`check --json`, journal entries) is `{"article", "reason",
/// "code"}`: `reason` is the text, as it always was there, and `code` the
/// stable code of [`Reason::code`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) article: Article,
    pub(crate) reason: Reason,
    /// The explanation for people.
    pub(crate) message: String,
}

impl Refusal {
    pub(crate) fn new(article: Article, reason: Reason, message: impl Into<String>) -> Self {
        Refusal {
            article,
            reason,
            message: message.into(),
        }
    }
}

impl Serialize for Refusal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Refusal", 3)?;
        st.serialize_field("article", self.article)?;
        st.serialize_field("reason", &self.message)?;
        st.serialize_field("code", self.reason.code())?;
        st.end()
    }
}

/// A request the rules allow in general but the object's present condition
/// does not (already locked, not suspended, already managed by it, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Conflict {
    pub(crate) reason: Reason,
    pub(crate) message: String,
}

/// Why a change does not happen: refused under an article, or in conflict
/// with the object's condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Denied {
    Refused(Refusal),
    Conflict(Conflict),
}

#[cfg(test)]
impl Denied {
    /// The typed reason, whichever the kind.
    pub(crate) fn reason(&self) -> &Reason {
        match self {
            Denied::Refused(r) => &r.reason,
            Denied::Conflict(c) => &c.reason,
        }
    }
}

impl From<Refusal> for Denied {
    fn from(r: Refusal) -> Self {
        Denied::Refused(r)
    }
}

/// A refusal under `article`.
pub(crate) fn refused(article: Article, reason: Reason, message: impl Into<String>) -> Denied {
    Denied::Refused(Refusal::new(article, reason, message))
}

/// A conflict with the object's condition.
pub(crate) fn conflict(reason: Reason, message: impl Into<String>) -> Denied {
    Denied::Conflict(Conflict {
        reason,
        message: message.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_and_a_refusal_shows_its_text_and_code() {
        let r = Refusal::new(
            "7.2",
            Reason::GeographicName {
                listed: "Lisboa".into(),
            },
            "lisboa is a geographic name",
        );
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({
                "article": "7.2",
                "reason": "lisboa is a geographic name",
                "code": "geographic_name",
            })
        );
        for reason in [
            Reason::AlreadyRegistered,
            Reason::WrongTransferCode,
            Reason::NoTransferCode,
            Reason::AlreadyLocked { case: "P1".into() },
            Reason::NotSuspended,
            Reason::ContactInUse {
                domain: "a.pt".into(),
            },
        ] {
            let code = reason.code();
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
        }
        assert_eq!(Reason::AlreadyRegistered.class(), Class::Exists);
        assert_eq!(Reason::Removed { at: None }.class(), Class::Missing);
        assert_eq!(Reason::NotSuspended.class(), Class::Status);
        assert_eq!(Reason::WrongTransferCode.class(), Class::Authorization);
        assert_ne!(
            Reason::WrongTransferCode.code(),
            Reason::NoTransferCode.code()
        );
        let d = conflict(Reason::NotLocked, "x is not locked");
        assert_eq!(d.reason().code(), "not_locked");
    }
}
