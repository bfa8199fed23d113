//! A new registration (Art. 2.1, 5-10, 15.2, 18): the one decision every
//! face takes for a name asked for, whether typed on the command line, read
//! from a batch row, replayed by an auditor or sent in an EPP `<create>`.
//!
//! Two steps, so a typo is reported as a typo before anything is looked up:
//! [`read`] checks the request's syntax (the name's composition, the
//! technical data), then [`decide`] takes it with the [`Facts`] the store
//! gathered (the parties, the lists, whether the name is taken) and `now`,
//! and returns the domain to store with its charge, or the refusal.

use serde::{Deserialize, Serialize};

use super::lifecycle::resting_state_held;
use super::names::{self, DomainName, NameError, overridable_by_legitimacy};
use super::periods::{Time, fmt_time, latest};
use super::policy::{self, Policy};
use super::{Reason, Refusal, technical};
use crate::model::{Domain, ManagerKind, Nameserver};

/// What is asked for one name, as given (journaled as given).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Request {
    pub(crate) name: String,
    pub(crate) registrant: String,
    /// A registrar id; `None`: the registrant manages the name itself.
    #[serde(default)]
    pub(crate) manager: Option<String>,
    /// Technical contact id; `None`: the registrant.
    #[serde(default)]
    pub(crate) tech: Option<String>,
    /// `HOST[=IP,...]` texts.
    #[serde(default)]
    pub(crate) nameservers: Vec<String>,
    /// `TAG ALG TYPE HEX` texts.
    #[serde(default)]
    pub(crate) ds: Vec<String>,
    /// Term in years; `None`: the policy's shortest.
    #[serde(default)]
    pub(crate) years: Option<u32>,
    /// The arbitration convention is subscribed (Art. 26.2).
    #[serde(default)]
    pub(crate) arbitration: bool,
    /// Grounds of legitimacy for a listed name (Art. 7.2, 8.5).
    #[serde(default)]
    pub(crate) legitimacy: Option<String>,
}

/// A request whose syntax is sound.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Application {
    pub(crate) name: DomainName,
    pub(crate) nameservers: Vec<Nameserver>,
    pub(crate) ds: Vec<String>,
    pub(crate) years: Option<u32>,
    pub(crate) arbitration: bool,
    pub(crate) legitimacy: Option<String>,
}

/// Why a request cannot even be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// Malformed input (exit 2): not a .pt name, a bad nameserver or DS.
    Malformed(String),
    /// A name whose composition Art. 5 refuses (exit 3).
    Refused(Refusal),
}

/// Checks the syntax of a request: the name (Art. 5), the nameservers and
/// DS records, and that legitimacy grounds, when given, say something.
pub(crate) fn read(req: &Request) -> Result<Application, Unreadable> {
    let name = names::parse(&req.name).map_err(|e| match e {
        NameError::NotPt(why) => Unreadable::Malformed(why),
        NameError::Refused(r) => Unreadable::Refused(r),
    })?;
    let nameservers = technical::parse_nameservers(&req.nameservers, &name.ascii)
        .map_err(Unreadable::Malformed)?;
    let ds = technical::parse_ds_records(&req.ds).map_err(Unreadable::Malformed)?;
    technical::check_ds_needs_nameservers(nameservers.len(), ds.len())
        .map_err(Unreadable::Malformed)?;
    if req
        .legitimacy
        .as_deref()
        .is_some_and(|t| t.trim().is_empty())
    {
        return Err(Unreadable::Malformed(
            "--legitimacy needs the grounds as text".into(),
        ));
    }
    Ok(Application {
        name,
        nameservers,
        ds,
        years: req.years,
        arbitration: req.arbitration,
        legitimacy: req.legitimacy.clone(),
    })
}

/// A registrar named as the managing entity, as the registry knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sponsor {
    pub(crate) id: String,
    /// When its status was withdrawn (Art. 15.2), if it was.
    pub(crate) withdrawn: Option<Time>,
}

/// What the registry knows that the decision depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Facts {
    /// The registrant's id as stored.
    pub(crate) registrant: String,
    /// The technical contact's id as stored (the registrant's by default).
    pub(crate) tech: String,
    /// The managing registrar; `None` when the registrant manages the name.
    pub(crate) sponsor: Option<Sponsor>,
    /// Whether the name is taken and which lists it is on.
    pub(crate) name: names::Facts,
}

/// Something the requester should know that does not stop the registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Note {
    /// Legitimacy grounds were given for an admissible name: no conformity
    /// case is opened.
    LegitimacyNotNeeded,
}

/// A registration the rules allow.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    /// The domain to store (its row id is the store's).
    pub(crate) domain: Domain,
    /// The term bought.
    pub(crate) years: u32,
    /// The registration price per year in force (Art. 18.2), in cents.
    pub(crate) price: i64,
    /// The refusals legitimacy grounds override (Art. 7.2, 8.5): a
    /// conformity case is opened on the name when there are any.
    pub(crate) overridden: Vec<Refusal>,
    pub(crate) notes: Vec<Note>,
}

impl Decision {
    /// The whole charge: the price per year times the term (Art. 18.2).
    pub(crate) fn amount(&self) -> i64 {
        self.price * i64::from(self.years)
    }

    /// Whether the registration opens a conformity case (Art. 8.5).
    pub(crate) fn opens_case(&self) -> bool {
        !self.overridden.is_empty()
    }
}

/// A refused registration: the refusal, with every other refusal in its
/// text, and whether legitimacy grounds would override them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused {
    pub(crate) refusal: Refusal,
    /// Every refusal yields to legitimacy grounds, and none were given.
    pub(crate) overridable: bool,
}

impl From<Refusal> for Refused {
    fn from(refusal: Refusal) -> Self {
        Refused {
            refusal,
            overridable: false,
        }
    }
}

/// The refusal of a registrar whose status was withdrawn (Art. 15.2): it
/// manages no names, old or new.
pub(crate) fn withdrawn_registrar(id: &str, since: Option<Time>) -> Refusal {
    let message = match since {
        Some(when) => format!(
            "registrar {id} was withdrawn on {} and manages no names",
            fmt_time(when)
        ),
        None => format!("registrar {id} was withdrawn and manages no names"),
    };
    Refusal::new(
        "15.2",
        Reason::RegistrarWithdrawn {
            registrar: id.to_string(),
            since,
        },
        message,
    )
}

/// The term asked for, or the policy's shortest; refused when the price
/// table does not sell it (Art. 18.1).
pub(crate) fn term(years: Option<u32>, policy: &Policy) -> Result<u32, Refusal> {
    let years = years.unwrap_or_else(|| policy.default_term());
    if policy.registration.terms.contains(&years) {
        return Ok(years);
    }
    let mut terms = policy.registration.terms.clone();
    terms.sort_unstable();
    let terms = terms
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    Err(Refusal::new(
        "18.1",
        Reason::TermNotOffered { years },
        format!("{years} years is not a term on the price table (terms: {terms})"),
    ))
}

/// Decides a registration: a withdrawn registrar manages no names (15.2),
/// the term must be on the price table (18.1), the name must be admissible
/// (Art. 6-10, 31.3, 32) unless legitimacy grounds override every refusal
/// (7.2, 8.5), a delegation needs two nameservers (3.1), and a price must be
/// in force (18.1). The name is registered at `now` for the term, charged
/// at the price in force (18.2).
pub(crate) fn decide(
    app: &Application,
    facts: &Facts,
    now: Time,
    policy: &Policy,
) -> Result<Decision, Refused> {
    if let Some(s) = &facts.sponsor
        && s.withdrawn.is_some()
    {
        return Err(withdrawn_registrar(&s.id, s.withdrawn).into());
    }
    let years = term(app.years, policy)?;
    let manager = facts.sponsor.as_ref().map(|s| s.id.as_str());
    let refusals = names::admissibility(&app.name, &facts.name, manager, policy);
    let overridden = weigh(&refusals, app.legitimacy.as_deref())?;
    let mut notes = Vec::new();
    if app.legitimacy.is_some() && refusals.is_empty() {
        notes.push(Note::LegitimacyNotNeeded);
    }
    let mut state = technical::state_for_nameservers(technical::distinct_hosts(
        app.nameservers.iter().map(|n| n.host.as_str()),
    ))?;
    // On legitimacy grounds: held, not delegated, until the proof is
    // accepted (Art. 7.2 "only when made by the competent authority", 8.5
    // "must make proof"), due by the deadline of Art. 8.2.
    let held_until = (!overridden.is_empty()).then(|| {
        state = resting_state_held();
        policy
            .calendar()
            .days_from_event(now, policy.periods.proof_deadline)
    });
    let price = policy
        .price_cents(policy::Charge::Register, now)
        .ok_or_else(|| {
            Refusal::new(
                "18.1",
                Reason::NoPrice {
                    charge: "registration",
                },
                format!(
                    "the policy has no registration price in force on {}",
                    fmt_time(now)
                ),
            )
        })?;
    let (manager, manager_kind) = match &facts.sponsor {
        Some(s) => (s.id.clone(), ManagerKind::Registrar),
        None => (facts.registrant.clone(), ManagerKind::Registrant),
    };
    let expires = policy
        .calendar()
        .years_from_event(now, years)
        .ok_or_else(|| {
            Refusal::new(
                "18.1",
                Reason::TermPastTheEnd { years },
                format!(
                    "a term of {years} years would end after {}, the last time the registry can \
                 record: nothing registered, nothing charged",
                    fmt_time(latest())
                ),
            )
        })?;
    let domain = Domain {
        id: 0,
        name: app.name.ascii.clone(),
        unicode: app.name.unicode.clone(),
        hierarchy: app.name.hierarchy.as_str().to_string(),
        state,
        created: now,
        expires,
        registrant: facts.registrant.clone(),
        manager,
        manager_kind,
        tech: facts.tech.clone(),
        nameservers: app.nameservers.clone(),
        ds: app.ds.clone(),
        arbitration: app.arbitration,
        litigation: None,
        suspension: None,
        pending_removal: None,
        case: None,
        held_until,
        state_since: now,
        removed: None,
    };
    Ok(Decision {
        domain,
        years,
        price,
        overridden,
        notes,
    })
}

/// Refuses with the first article unless legitimacy grounds are given and
/// every refusal yields to them (Art. 7.2, 8.5); returns the overridden ones.
/// The refusal's text names every other refusal too.
fn weigh(refusals: &[Refusal], legitimacy: Option<&str>) -> Result<Vec<Refusal>, Refused> {
    let Some(first) = refusals.first() else {
        return Ok(Vec::new());
    };
    let others = |skip: &Refusal| {
        let rest: Vec<String> = refusals
            .iter()
            .filter(|r| *r != skip)
            .map(|r| format!("[Art. {}] {}", r.article, r.message))
            .collect();
        if rest.is_empty() {
            String::new()
        } else {
            format!("; also {}", rest.join("; "))
        }
    };
    match legitimacy {
        None => Err(Refused {
            refusal: Refusal {
                message: format!("{}{}", first.message, others(first)),
                ..first.clone()
            },
            overridable: refusals
                .iter()
                .all(|r| overridable_by_legitimacy(r.article)),
        }),
        Some(_) => match refusals
            .iter()
            .find(|r| !overridable_by_legitimacy(r.article))
        {
            Some(hard) => Err(Refused {
                refusal: Refusal {
                    message: format!(
                        "{} (legitimacy grounds cannot override this article){}",
                        hard.message,
                        others(hard)
                    ),
                    ..hard.clone()
                },
                overridable: false,
            }),
            None => Ok(refusals.to_vec()),
        },
    }
}

#[cfg(test)]
mod tests;
