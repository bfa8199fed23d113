//! TEMPORARY stub of the interface `names` is building; reverted before merge.
#![allow(dead_code)]

use crate::error::Error;
use crate::rules::Refusal;
use crate::rules::policy::Policy;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub(crate) fn is_closed(self) -> bool {
        !matches!(self, Hierarchy::Pt | Hierarchy::ComPt | Hierarchy::GovPt)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct DomainName {
    pub(crate) ascii: String,
    pub(crate) unicode: String,
    pub(crate) label: String,
    pub(crate) label_unicode: String,
    pub(crate) hierarchy: Hierarchy,
}

pub(crate) enum NameError {
    NotPt(String),
    Refused(Refusal),
}

impl From<NameError> for Error {
    fn from(e: NameError) -> Error {
        match e {
            NameError::NotPt(m) => Error::usage(m),
            NameError::Refused(r) => Error::refused(r),
        }
    }
}

pub(crate) fn parse(input: &str) -> Result<DomainName, NameError> {
    let lower = input.trim().trim_end_matches('.').to_lowercase();
    let hs = [
        Hierarchy::ComPt,
        Hierarchy::GovPt,
        Hierarchy::OrgPt,
        Hierarchy::EduPt,
        Hierarchy::NetPt,
        Hierarchy::IntPt,
        Hierarchy::PublPt,
        Hierarchy::NomePt,
        Hierarchy::Pt,
    ];
    for h in hs {
        if let Some(label) = lower.strip_suffix(&format!(".{}", h.as_str())) {
            if label.contains('.') {
                continue;
            }
            if label.len() < 2 {
                return Err(NameError::Refused(Refusal::new("5.1", "too short")));
            }
            let (label_ascii, label_unicode) = if label.starts_with("xn--") {
                let (u, r) = idna::domain_to_unicode(label);
                if r.is_err() {
                    return Err(NameError::Refused(Refusal::new("5.4", "bad A-label")));
                }
                (label.to_string(), u)
            } else {
                (
                    idna::domain_to_ascii(label)
                        .map_err(|_| NameError::Refused(Refusal::new("5.1", "bad")))?,
                    label.to_string(),
                )
            };
            return Ok(DomainName {
                ascii: format!("{label_ascii}.{}", h.as_str()),
                unicode: format!("{label_unicode}.{}", h.as_str()),
                label: label_ascii,
                label_unicode,
                hierarchy: h,
            });
        }
    }
    Err(NameError::NotPt(format!(
        "{input:?} is not a name under .pt"
    )))
}

pub(crate) struct Facts {
    pub(crate) registered: bool,
    pub(crate) listed: Vec<(String, String)>,
}

pub(crate) fn admissibility(
    name: &DomainName,
    facts: &Facts,
    manager: Option<&str>,
    policy: &Policy,
) -> Vec<Refusal> {
    let mut out = Vec::new();
    if facts.registered {
        out.push(Refusal::new(
            "6.1.a",
            format!("{} is already registered", name.ascii),
        ));
    }
    for (kind, n) in &facts.listed {
        let article = match kind.as_str() {
            "obscene" => "6.1.b",
            "protected" => "6.1.c",
            "blocked" => "8.4",
            "reserved" => "32",
            _ => "7.2",
        };
        if article == "7.2" && name.hierarchy == Hierarchy::ComPt {
            continue;
        }
        out.push(Refusal::new(article, format!("{n} is on the {kind} list")));
    }
    if name.hierarchy == Hierarchy::GovPt
        && manager != Some(policy.registration.gov_pt_manager.as_str())
    {
        out.push(Refusal::new("10", "gov.pt names are managed by CEGER"));
    }
    if name.hierarchy.is_closed() {
        out.push(Refusal::new("31.3", "closed hierarchy"));
    }
    out
}

pub(crate) fn overridable_by_legitimacy(article: &str) -> bool {
    matches!(article, "6.1.d" | "7.2" | "8.4")
}
