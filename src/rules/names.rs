//! Which names may be registered (Art. 5 to 10, 31.3 and 32).
//!
//! [`parse`] turns what a person typed into a [`DomainName`] under one of
//! the .pt hierarchies, applying the composition rules of Art. 5 (length,
//! characters, hyphens, the `xn--` prefix) with IDN through the `idna`
//! crate; [`admissibility`] then applies the rules that need the registry's
//! facts (Art. 6.1 registered and listed names, 7.2, 8.4, 10, 31.3, 32,
//! in `admissibility.rs`).

use idna::punycode;
use thiserror::Error;

use super::{Reason, Refusal};

/// The longest label, in characters (Art. 5.1) and, for its A-label, in
/// octets (the DNS limit).
const MAX_LABEL: usize = 63;
/// The shortest label, in characters (Art. 5.1).
const MIN_LABEL: usize = 2;
/// The letters of the Portuguese alphabet an IDN may hold (Art. 5.2).
pub(crate) const PORTUGUESE_LETTERS: &str = "áàâãçéêíóôõú";

/// The .pt hierarchies a name is registered under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Hierarchy {
    Pt,
    ComPt,
    GovPt,
    OrgPt,
    EduPt,
    NetPt,
    IntPt,
    PublPt,
    NomePt,
}

impl Hierarchy {
    pub(crate) const ALL: [Hierarchy; 9] = [
        Hierarchy::Pt,
        Hierarchy::ComPt,
        Hierarchy::GovPt,
        Hierarchy::OrgPt,
        Hierarchy::EduPt,
        Hierarchy::NetPt,
        Hierarchy::IntPt,
        Hierarchy::PublPt,
        Hierarchy::NomePt,
    ];

    /// The hierarchy as written after the name: `pt`, `com.pt`, ...
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Hierarchy::Pt => "pt",
            Hierarchy::ComPt => "com.pt",
            Hierarchy::GovPt => "gov.pt",
            Hierarchy::OrgPt => "org.pt",
            Hierarchy::EduPt => "edu.pt",
            Hierarchy::NetPt => "net.pt",
            Hierarchy::IntPt => "int.pt",
            Hierarchy::PublPt => "publ.pt",
            Hierarchy::NomePt => "nome.pt",
        }
    }

    /// Takes no new registrations; names registered there under the earlier
    /// rules stay as they are (Art. 31.3).
    pub(crate) fn is_closed(self) -> bool {
        !matches!(self, Hierarchy::Pt | Hierarchy::ComPt | Hierarchy::GovPt)
    }

    /// The second-level hierarchy whose classifier is `label` (`com` →
    /// `com.pt`); `None` for any other label.
    fn second_level(label: &str) -> Option<Hierarchy> {
        Hierarchy::ALL
            .into_iter()
            .find(|h| h.as_str().strip_suffix(".pt") == Some(label))
    }
}

impl std::str::FromStr for Hierarchy {
    type Err = String;

    /// `pt`, `com.pt`, ... (as stored and as shown), case-insensitive.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Hierarchy::ALL
            .into_iter()
            .find(|h| h.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("{s:?} is not a .pt hierarchy"))
    }
}

impl std::fmt::Display for Hierarchy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name under a .pt hierarchy whose composition is admissible (Art. 5),
/// in both of its forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DomainName {
    /// The full name in A-label form: `xn--caf-dma.pt`.
    pub(crate) ascii: String,
    /// The full name in Unicode form: `café.pt`.
    pub(crate) unicode: String,
    /// The A-label of the registrable label: `xn--caf-dma`.
    pub(crate) label: String,
    /// The registrable label in Unicode: `café`.
    pub(crate) label_unicode: String,
    pub(crate) hierarchy: Hierarchy,
}

/// Why a text is not a registrable name.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum NameError {
    /// Not a name under a .pt hierarchy at all: a usage error (exit 2).
    #[error("{0}")]
    NotPt(String),
    /// Under .pt, but its composition is refused (Art. 5.x, exit 3).
    #[error("{} [Art. {}]", .0.message, .0.article)]
    Refused(Refusal),
}

/// A name under .pt whose composition is refused, with every refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Malformed {
    /// The name as understood (lower case, Unicode form), for reports.
    pub(crate) shown: String,
    pub(crate) hierarchy: Hierarchy,
    /// Every refusal, in article order; never empty.
    pub(crate) refusals: Vec<Refusal>,
}

/// What [`examine`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Syntax {
    Valid(DomainName),
    Malformed(Malformed),
    NotPt(String),
}

/// Parses a name typed by a person (U-label or A-label, any case, with its
/// hierarchy, surrounding spaces and one final dot allowed): the name, or
/// the first article its composition breaks, or why it is not a .pt name.
pub(crate) fn parse(input: &str) -> Result<DomainName, NameError> {
    match examine(input) {
        Syntax::Valid(name) => Ok(name),
        Syntax::NotPt(why) => Err(NameError::NotPt(why)),
        Syntax::Malformed(m) => Err(NameError::Refused(
            m.refusals.into_iter().next().unwrap_or_else(|| {
                Refusal::new(
                    "5.1",
                    Reason::InvalidCharacters,
                    "the name is not composed as Art. 5 requires",
                )
            }),
        )),
    }
}

/// Like [`parse`], but keeps every composition refusal (for `check`).
pub(crate) fn examine(input: &str) -> Syntax {
    let (raw, hierarchy) = match split(input) {
        Ok(parts) => parts,
        Err(why) => return Syntax::NotPt(why),
    };
    let lower = nfc(&raw).to_lowercase();
    let result = if lower.starts_with("xn--") {
        a_label(&lower)
    } else {
        u_label(&lower)
    };
    match result {
        Ok((label, label_unicode)) => Syntax::Valid(DomainName {
            ascii: format!("{label}.{hierarchy}"),
            unicode: format!("{label_unicode}.{hierarchy}"),
            label,
            label_unicode,
            hierarchy,
        }),
        Err(mut refusals) => {
            refusals.sort_by_key(|r| article_rank(r.article));
            Syntax::Malformed(Malformed {
                shown: format!("{lower}.{hierarchy}"),
                hierarchy,
                refusals,
            })
        }
    }
}

/// Splits the registrable label from its hierarchy.
fn split(input: &str) -> Result<(String, Hierarchy), String> {
    // The full stops of other scripts that UTS 46 maps to ".".
    let text = input
        .trim()
        .replace(['\u{3002}', '\u{ff0e}', '\u{ff61}'], ".");
    if text.is_empty() {
        return Err("empty name: give a name under .pt, such as exemplo.pt".into());
    }
    // One final dot is the absolute (FQDN) form of the same name.
    let text = text.strip_suffix('.').unwrap_or(&text);
    let labels: Vec<&str> = text.split('.').collect();
    let not_pt =
        || format!("{input:?} is not a name under .pt (such as exemplo.pt or exemplo.com.pt)");
    let Some((last, rest)) = labels.split_last() else {
        return Err(not_pt());
    };
    if !last.eq_ignore_ascii_case("pt") {
        return Err(not_pt());
    }
    let (hierarchy, rest) = match rest.split_last() {
        Some((second, before)) if !before.is_empty() => {
            match Hierarchy::second_level(&second.to_ascii_lowercase()) {
                Some(h) => (h, before),
                None => (Hierarchy::Pt, rest),
            }
        }
        _ => (Hierarchy::Pt, rest),
    };
    match rest {
        [] => Err(format!(
            "{input:?} is the hierarchy itself: give a name under it, such as exemplo.{hierarchy}"
        )),
        [label] if label.trim().is_empty() => Err(format!("{input:?} has an empty label")),
        [label] => Ok((label.to_string(), hierarchy)),
        _ if rest.iter().any(|l| l.is_empty()) => Err(format!("{input:?} has an empty label")),
        _ => Err(format!(
            "{input:?} has more than one label before .{hierarchy}: the registry registers names \
             directly under pt, com.pt, gov.pt, ... (such as exemplo.{hierarchy})"
        )),
    }
}

fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

/// A label that does not begin with `xn--`: its own refusals under 5.1 to
/// 5.3, else (A-label, U-label).
fn u_label(label: &str) -> Result<(String, String), Vec<Refusal>> {
    let refusals = composition(label);
    if !refusals.is_empty() {
        return Err(refusals);
    }
    if label.is_ascii() {
        return Ok((label.to_string(), label.to_string()));
    }
    match punycode::encode_str(label) {
        Some(encoded) => Ok((format!("xn--{encoded}"), label.to_string())),
        // Only labels far past 63 octets overflow; composition() refused those.
        None => Err(vec![Refusal::new(
            "5.1",
            Reason::Unencodable,
            format!("{label} cannot be encoded as an A-label"),
        )]),
    }
}

/// A label that begins with `xn--` (Art. 5.4): admissible only as the
/// valid A-label of an admissible IDN, and then it is that IDN.
fn a_label(label: &str) -> Result<(String, String), Vec<Refusal>> {
    let mut refusals = Vec::new();
    if label.chars().count() > MAX_LABEL {
        refusals.push(Refusal::new(
            "5.1",
            Reason::LabelLength {
                length: label.chars().count(),
            },
            format!(
                "{label} has {} characters; a name has {MIN_LABEL} to {MAX_LABEL}",
                label.chars().count()
            ),
        ));
    }
    let prefix = format!("{label} begins with \"xn--\"");
    let decoded = if label.is_ascii() {
        punycode::decode_to_string(&label[4..])
    } else {
        None
    };
    let why = match decoded {
        None => Some("which is not a valid A-label (its Punycode does not decode)".to_string()),
        Some(u) if u.is_ascii() => Some(format!(
            "and its Punycode decodes to {u:?}, which is not an IDN"
        )),
        Some(u) => {
            let canonical = nfc(&u).to_lowercase();
            let inner = composition(&u);
            if !inner.is_empty() {
                let reasons: Vec<String> = inner
                    .iter()
                    .map(|r| format!("{} (Art. {})", r.message, r.article))
                    .collect();
                Some(format!(
                    "and it encodes {u}, which is not admissible: {}",
                    reasons.join("; ")
                ))
            } else if canonical != u
                || punycode::encode_str(&u).is_none_or(|e| format!("xn--{e}") != label)
            {
                Some(format!(
                    "and it is not the canonical A-label of {canonical} (which is xn--{})",
                    punycode::encode_str(&canonical).unwrap_or_default()
                ))
            } else if refusals.is_empty() {
                return Ok((label.to_string(), u));
            } else {
                None
            }
        }
    };
    if let Some(why) = why {
        refusals.push(Refusal::new(
            "5.4",
            Reason::InvalidALabel,
            format!("{prefix} {why}"),
        ));
    }
    Err(refusals)
}

/// The composition refusals of a lower-case label (Art. 5.1 to 5.3), in
/// article order; empty when the label is well composed.
fn composition(label: &str) -> Vec<Refusal> {
    let mut refusals = Vec::new();
    let count = label.chars().count();
    if !(MIN_LABEL..=MAX_LABEL).contains(&count) {
        let plural = if count == 1 {
            "character"
        } else {
            "characters"
        };
        refusals.push(Refusal::new(
            "5.1",
            Reason::LabelLength { length: count },
            format!("{label} has {count} {plural}; a name has {MIN_LABEL} to {MAX_LABEL}"),
        ));
    }
    let outside_ascii =
        distinct(label.chars().filter(|c| {
            c.is_ascii() && !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
        }));
    if !outside_ascii.is_empty() {
        refusals.push(Refusal::new(
            "5.1",
            Reason::InvalidCharacters,
            format!(
                "{label} has {}: a name holds only 0-9, a-z, the hyphen and the Portuguese \
                 letters {PORTUGUESE_LETTERS}",
                shown_chars(&outside_ascii)
            ),
        ));
    }
    let foreign = distinct(
        label
            .chars()
            .filter(|c| !c.is_ascii() && !PORTUGUESE_LETTERS.contains(*c)),
    );
    if !foreign.is_empty() {
        refusals.push(Refusal::new(
            "5.2",
            Reason::ForeignLetters,
            format!(
                "{label} has {}, not a letter of the Portuguese alphabet ({PORTUGUESE_LETTERS})",
                shown_chars(&foreign)
            ),
        ));
    }
    if label.starts_with('-') || label.ends_with('-') {
        refusals.push(Refusal::new(
            "5.3",
            Reason::HyphenPosition,
            format!("{label} begins or ends with a hyphen; a hyphen only separates words"),
        ));
    }
    // The A-label must fit a DNS label, whatever the character count says.
    if foreign.is_empty() && outside_ascii.is_empty() && !label.is_ascii() && count <= MAX_LABEL {
        let octets = punycode::encode_str(label).map_or(usize::MAX, |e| e.len() + 4);
        if octets > MAX_LABEL {
            refusals.push(Refusal::new(
                "5.1",
                Reason::ALabelLength { octets },
                format!(
                    "{label}'s A-label would have {octets} octets; an A-label has at most {MAX_LABEL}"
                ),
            ));
        }
    }
    refusals.sort_by_key(|r| article_rank(r.article));
    refusals
}

/// The characters of `chars`, each once, in order of appearance.
fn distinct(chars: impl Iterator<Item = char>) -> Vec<char> {
    let mut seen = Vec::new();
    for c in chars {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen
}

/// Characters for a message: quoted, with the code point of invisible ones.
fn shown_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| {
            if c.is_whitespace() || c.is_control() || (!c.is_ascii() && !c.is_alphanumeric()) {
                format!("U+{:04X}", *c as u32)
            } else {
                format!("\"{c}\"")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The order articles are reported in.
const ARTICLE_ORDER: &[&str] = &[
    "5.1", "5.2", "5.3", "5.4", "6.1.a", "6.1.b", "6.1.c", "7.2", "8.4", "10", "31.3", "32",
];

pub(super) fn article_rank(article: &str) -> usize {
    ARTICLE_ORDER
        .iter()
        .position(|a| *a == article)
        .unwrap_or(ARTICLE_ORDER.len())
}

mod admissibility;
pub(crate) use admissibility::{Facts, admissibility, overridable_by_legitimacy};

#[cfg(test)]
mod tests;
