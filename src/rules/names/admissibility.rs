//! The admissibility of a well-composed name for a new registration: the
//! rules that depend on the registry (Art. 6.1.a-c, 7.2, 8.4, 10, 31.3, 32).

use super::{DomainName, Hierarchy};
use crate::rules::lists::ListKind;
use crate::rules::policy::Policy;
use crate::rules::{Reason, Refusal};

/// What the registry knows about a name: whether it is registered in its
/// hierarchy, and which list entries it matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    /// A live (not removed) registration of the same name in the same hierarchy.
    pub(crate) registered: bool,
    /// The lists the name is on, with the listed name it matched.
    pub(crate) listed: Vec<(ListKind, String)>,
}

/// Every refusal of a new registration of `name` by `manager` (a registrar
/// id; `None` when the registrant manages it), in article order; empty when
/// the name is admissible.
pub(crate) fn admissibility(
    name: &DomainName,
    facts: &Facts,
    manager: Option<&str>,
    policy: &Policy,
) -> Vec<Refusal> {
    let shown = &name.unicode;
    let label = &name.label_unicode;
    let on = |kind: ListKind| -> Option<String> {
        let mut matched: Vec<&str> = facts
            .listed
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, n)| n.as_str())
            .collect();
        matched.dedup();
        (!matched.is_empty()).then(|| matched.join("\", \""))
    };
    let mut refusals = Vec::new();
    if facts.registered {
        refusals.push(Refusal::new(
            "6.1.a",
            Reason::AlreadyRegistered,
            format!("{shown} is already registered in .{}", name.hierarchy),
        ));
    }
    if let Some(listed) = on(ListKind::Obscene) {
        refusals.push(Refusal::new(
            "6.1.b",
            Reason::ObsceneWord {
                listed: listed.clone(),
            },
            format!("{label} is on the list of obscene or unlawful words (listed as \"{listed}\")"),
        ));
    }
    if let Some(listed) = on(ListKind::Protected) {
        refusals.push(Refusal::new(
            "6.1.c",
            Reason::ProtectedDesignation {
                listed: listed.clone(),
            },
            format!(
                "{label} is a protected designation of origin or geographical indication \
                 (listed as \"{listed}\")"
            ),
        ));
    }
    // Art. 9: .com.pt is exempt from 6.1.d; the other hierarchies are not
    // "directly under .pt", which is all 7.2 restricts.
    if name.hierarchy == Hierarchy::Pt
        && let Some(listed) = on(ListKind::Geographic)
    {
        refusals.push(Refusal::new(
            "7.2",
            Reason::GeographicName {
                listed: listed.clone(),
            },
            format!(
                "{label} is a geographic name (listed as \"{listed}\"): directly under .pt \
                 only the competent administrative authority registers it; .com.pt is open \
                 to it (Art. 9)"
            ),
        ));
    }
    if let Some(listed) = on(ListKind::Blocked) {
        refusals.push(Refusal::new(
            "8.4",
            Reason::BlockedName {
                listed: listed.clone(),
            },
            format!("{label} is on the registry's list of blocked names (listed as \"{listed}\")"),
        ));
    }
    if name.hierarchy == Hierarchy::GovPt {
        let designated = &policy.registration.gov_pt_manager;
        let given = match manager {
            Some(m) if m.eq_ignore_ascii_case(designated) => None,
            Some(m) => Some(format!("the managing entity given is {m}")),
            None => Some("no managing entity was given".to_string()),
        };
        if let Some(given) = given {
            refusals.push(Refusal::new(
                "10",
                Reason::GovPtManager {
                    designated: designated.clone(),
                },
                format!(
                    "gov.pt names are registered only with {designated}, the managing entity \
                     designated for gov.pt; {given}"
                ),
            ));
        }
    }
    if name.hierarchy.is_closed() {
        refusals.push(Refusal::new(
            "31.3",
            Reason::ClosedHierarchy {
                hierarchy: name.hierarchy.as_str().to_string(),
            },
            format!(
                ".{} takes no new registrations; names registered there under the earlier \
                 rules stay as they are",
                name.hierarchy
            ),
        ));
    }
    if let Some(listed) = on(ListKind::Reserved) {
        refusals.push(Refusal::new(
            "32",
            Reason::ReservedName {
                listed: listed.clone(),
            },
            format!("{label} is reserved by the registry (listed as \"{listed}\")"),
        ));
    }
    refusals
}

/// Whether a person with legitimacy may override a refusal under `article`
/// (Art. 8.5 for listed names, 7.2 for the competent authority): geographic
/// (7.2), blocked (8.4) and protected (6.1.c) names. The composition rules,
/// registered names, obscene words, gov.pt, closed hierarchies and reserved
/// names are never overridden.
pub(crate) fn overridable_by_legitimacy(article: &str) -> bool {
    matches!(article, "7.2" | "8.4" | "6.1.c")
}
