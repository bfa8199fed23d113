//! Whether a name may be registered: the verdict every face that checks a
//! name gives (`ptreg check`, EPP `domain:check`), and the A-label form of
//! a name typed by a person, for looking it up.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::rules::Refusal;
use crate::rules::lists::Match;
use crate::rules::names::{self, NameError, Syntax};
use crate::rules::periods::Time;
use crate::rules::policy::Policy;
use crate::store;

/// The verdict on one name (the items of `check --json`).
#[derive(Debug, Serialize)]
pub(crate) struct Verdict {
    /// The name as given.
    pub(crate) name: String,
    /// The full A-label form; null when the name is not composed as Art. 5
    /// requires, or not under .pt (it has no A-label then).
    pub(crate) ascii: Option<String>,
    pub(crate) unicode: String,
    /// Null for a text that is not a name under .pt.
    pub(crate) hierarchy: Option<&'static str>,
    pub(crate) admissible: bool,
    pub(crate) refusals: Vec<Refusal>,
    /// Every list entry the name matches, with what it names, its languages,
    /// its source and, for an inflected form, which form (Art. 6.1.b).
    pub(crate) matches: Vec<Match>,
    /// Refused only under articles a registrant with legitimacy may
    /// override (`register --legitimacy`, Art. 8.5 and 7.2).
    pub(crate) overridable: bool,
    /// Why the text is not a name under .pt (then nothing was checked);
    /// absent for a name under .pt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) not_pt: Option<String>,
}

impl Verdict {
    fn new(
        name: String,
        ascii: Option<String>,
        unicode: String,
        hierarchy: &'static str,
        refusals: Vec<Refusal>,
        matches: Vec<Match>,
    ) -> Self {
        Verdict {
            matches,
            name,
            ascii,
            unicode,
            hierarchy: Some(hierarchy),
            admissible: refusals.is_empty(),
            overridable: !refusals.is_empty()
                && refusals
                    .iter()
                    .all(|r| names::overridable_by_legitimacy(r.article)),
            refusals,
            not_pt: None,
        }
    }

    fn not_pt(name: String, why: String) -> Self {
        Verdict {
            unicode: name.clone(),
            name,
            ascii: None,
            hierarchy: None,
            admissible: false,
            refusals: Vec::new(),
            matches: Vec::new(),
            overridable: false,
            not_pt: Some(why),
        }
    }
}

/// The verdict on one text under the policy in force, for a registration
/// by `manager` (`None`: self-managed): every face that checks a name
/// (`ptreg check`, EPP `domain:check`) asks this.
pub(crate) fn judge(
    conn: &rusqlite::Connection,
    input: String,
    manager: Option<&str>,
    policy: &Policy,
    now: Time,
) -> Result<Verdict> {
    Ok(match names::examine(&input) {
        Syntax::Valid(name) => {
            let mut facts = store::lists::facts(conn, &name)?;
            // Registered means registered at the clock: a name whose
            // grace has ended is free, swept or not.
            facts.registered = facts.registered
                && store::domains::live_at(conn, &name.ascii, now, policy)?.is_some();
            let refusals = names::admissibility(&name, &facts, manager, policy);
            Verdict::new(
                input,
                Some(name.ascii),
                name.unicode,
                name.hierarchy.as_str(),
                refusals,
                facts.listed,
            )
        }
        Syntax::Malformed(m) => Verdict::new(
            input,
            None,
            m.shown,
            m.hierarchy.as_str(),
            m.refusals,
            Vec::new(),
        ),
        Syntax::NotPt(why) => Verdict::not_pt(input, why),
    })
}

/// The A-label form of a name typed by a person (U-label or A-label, any
/// case, a final dot allowed), for looking it up: not a .pt name is usage
/// (exit 2), a composition Art. 5 refuses cannot be registered (exit 3).
pub(crate) fn lookup_name(input: &str) -> Result<String> {
    match names::parse(input) {
        Ok(name) => Ok(name.ascii),
        Err(NameError::NotPt(why)) => Err(Error::usage(why)),
        Err(NameError::Refused(r)) => Err(Error::refused(r)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_looked_up_as_a_labels() {
        assert_eq!(lookup_name(" Exemplo.PT. ").unwrap(), "exemplo.pt");
        assert_eq!(lookup_name("maçã.pt").unwrap(), "xn--ma-tiap.pt");
        assert!(lookup_name("exemplo").is_err());
        assert!(lookup_name("").is_err());
    }
}
