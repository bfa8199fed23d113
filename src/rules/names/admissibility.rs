//! The admissibility of a well-composed name for a new registration: the
//! rules that depend on the registry (Art. 6.1.a-c, 7.2, 8.4, 10, 31.3, 32).

use super::{DomainName, Hierarchy};
use crate::rules::lists::{ListKind, Match};
use crate::rules::policy::Policy;
use crate::rules::{Reason, Refusal};

/// What the registry knows about a name: whether it is registered in its
/// hierarchy, and which list entries it matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    /// A live (not removed) registration of the same name in the same hierarchy.
    pub(crate) registered: bool,
    /// Every list entry the name matches (several may share its key).
    pub(crate) listed: Vec<Match>,
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
    // (the listed names, for the reason's facts; the entries described,
    // for the text)
    let on = |kind: ListKind| -> Option<(String, String)> {
        let matched: Vec<&Match> = facts
            .listed
            .iter()
            .filter(|m| m.entry.list == kind)
            .collect();
        let mut names: Vec<&str> = matched.iter().map(|m| m.entry.name.as_str()).collect();
        names.dedup();
        (!matched.is_empty()).then(|| (names.join("\", \""), listed_as(&matched)))
    };
    let mut refusals = Vec::new();
    if facts.registered {
        refusals.push(Refusal::new(
            "6.1.a",
            Reason::AlreadyRegistered,
            format!("{shown} is already registered in .{}", name.hierarchy),
        ));
    }
    if let Some((listed, entries)) = on(ListKind::Obscene) {
        refusals.push(Refusal::new(
            "6.1.b",
            Reason::ObsceneWord {
                listed: listed.clone(),
            },
            format!("{label} is on the list of obscene or unlawful words (listed as {entries})"),
        ));
    }
    if let Some((listed, entries)) = on(ListKind::Protected) {
        refusals.push(Refusal::new(
            "6.1.c",
            Reason::ProtectedDesignation {
                listed: listed.clone(),
            },
            format!(
                "{label} is a protected designation of origin or geographical indication \
                 (listed as {entries})"
            ),
        ));
    }
    // Art. 9: .com.pt is exempt from 6.1.d; the other hierarchies are not
    // "directly under .pt", which is all 7.2 restricts.
    if name.hierarchy == Hierarchy::Pt
        && let Some((listed, entries)) = on(ListKind::Geographic)
    {
        refusals.push(Refusal::new(
            "7.2",
            Reason::GeographicName {
                listed: listed.clone(),
            },
            format!(
                "{label} is a geographic name (listed as {entries}): directly under .pt \
                 only the competent administrative authority registers it; .com.pt is open \
                 to it (Art. 9)"
            ),
        ));
    }
    if let Some((listed, entries)) = on(ListKind::Blocked) {
        refusals.push(Refusal::new(
            "8.4",
            Reason::BlockedName {
                listed: listed.clone(),
            },
            format!("{label} is on the registry's list of blocked names (listed as {entries})"),
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
    if let Some((listed, entries)) = on(ListKind::Reserved) {
        refusals.push(Refusal::new(
            "32",
            Reason::ReservedName {
                listed: listed.clone(),
            },
            format!("{label} is reserved by the registry (listed as {entries})"),
        ));
    }
    refusals
}

/// How many matched entries a reason names before it counts the rest:
/// `check` shows every one of them.
const NAMED_IN_REASON: usize = 3;

/// The entries a name matched on one list, as a reason names them: each
/// described, the rest counted.
fn listed_as(matched: &[&Match]) -> String {
    let mut parts: Vec<String> = matched
        .iter()
        .take(NAMED_IN_REASON)
        .map(|m| m.describe())
        .collect();
    match matched.len().saturating_sub(NAMED_IN_REASON) {
        0 => {}
        1 => parts.push("and 1 more entry".to_string()),
        n => parts.push(format!("and {n} more entries")),
    }
    parts.join("; ")
}

/// Whether a person with legitimacy may override a refusal under `article`
/// (Art. 8.5 for listed names, 7.2 for the competent authority): geographic
/// (7.2), blocked (8.4) and protected (6.1.c) names. The composition rules,
/// registered names, obscene words, gov.pt, closed hierarchies and reserved
/// names are never overridden.
pub(crate) fn overridable_by_legitimacy(article: &str) -> bool {
    matches!(article, "7.2" | "8.4" | "6.1.c")
}
