//! A new registration: the parties and lists looked up, then
//! [`registration::decide`], then the domain, its charge (Art. 18.2), the
//! conformity case of a legitimacy override (Art. 8.5) and the journal entry
//! stored. The CLI's `register`, each row of `register --batch` and an EPP
//! `<create>` (with the registrar as actor) all come here.

use rusqlite::Connection;
use serde_json::json;

use crate::error::{Error, Result};
use crate::journal::{self, Entry, Kind, Stamp};
use crate::model::Domain;
use crate::rules::lifecycle::notices::legitimacy_proof_request;
use crate::rules::policy::fmt_amount;
use crate::rules::registration::{
    self, Application, Facts, Note, Refused, Request, Sponsor, Unreadable,
};
use crate::rules::technical;
use crate::store::{self, policy::StoredPolicy};

/// A stored registration, with what the requester should be told.
#[derive(Debug, Clone)]
pub(crate) struct Registered {
    pub(crate) domain: Domain,
    pub(crate) notes: Vec<Note>,
}

impl From<Unreadable> for Error {
    fn from(e: Unreadable) -> Self {
        match e {
            Unreadable::Malformed(why) => Error::usage(why),
            Unreadable::Refused(r) => Error::refused(r),
        }
    }
}

impl From<Refused> for Error {
    fn from(r: Refused) -> Self {
        let overridable = r.overridable;
        let err = Error::refused(r.refusal);
        if overridable {
            err.with_hint(
                "a person with legitimacy for the name may register it with --legitimacy \"GROUNDS\"",
            )
        } else {
            err
        }
    }
}

/// The facts of a registration: the registrant, the technical contact and
/// the registrar as stored (exit 4 when unknown, naming the role), and what
/// the lists and the registry say about the name.
pub(crate) fn facts(conn: &Connection, req: &Request, app: &Application) -> Result<Facts> {
    let registrant = store::contacts::get_party(conn, &req.registrant)
        .map_err(|e| with_role(e, "registrant"))?;
    let tech = match &req.tech {
        Some(id) => store::contacts::get_party(conn, id).map_err(|e| with_role(e, "tech"))?,
        None => registrant.clone(),
    };
    let sponsor = match &req.manager {
        Some(id) => {
            let r =
                store::contacts::get_registrar(conn, id).map_err(|e| with_role(e, "manager"))?;
            Some(Sponsor {
                id: r.id,
                withdrawn: r.withdrawn,
            })
        }
        None => None,
    };
    Ok(Facts {
        registrant: registrant.id,
        tech: tech.id,
        sponsor,
        name: store::lists::facts(conn, &app.name)?,
    })
}

/// Registers one name: malformed input first (exit 2), then unknown parties
/// (exit 4), then the rules (exit 3), so a typo is reported as a typo. Writes
/// into `conn` and does not commit.
pub(crate) fn register(
    conn: &Connection,
    stamp: &Stamp,
    policy: &StoredPolicy,
    req: &Request,
) -> Result<Registered> {
    store_one(conn, stamp, policy, req)
        .map_err(|e| e.doing(format_args!("registering {}", req.name.trim())))
}

fn store_one(
    conn: &Connection,
    stamp: &Stamp,
    policy: &StoredPolicy,
    req: &Request,
) -> Result<Registered> {
    let app = registration::read(req)?;
    // A nameserver inside .pt must resolve from the zone (malformed: exit 2).
    let names = technical::names_to_resolve(&app.nameservers);
    let delegated = store::domains::delegated_among(conn, &names, stamp.now, &policy.policy)?;
    technical::check_resolvable(
        &app.name.ascii,
        &app.nameservers,
        &delegated,
        &policy.policy.zone,
    )
    .map_err(Error::usage)?;
    // A stored row the clock has already removed (its grace ended, the
    // sweep has not run) is recorded as removed first: the name is free.
    super::lifecycle::catch_up(conn, stamp, policy, &app.name.ascii)?;
    let facts = facts(conn, req, &app)?;
    let decision = registration::decide(&app, &facts, stamp.now, &policy.policy)?;
    let mut domain = decision.domain.clone();
    store::domains::insert(conn, &mut domain)?;
    store::ledger::record(
        conn,
        stamp.now,
        &domain.name,
        "charge",
        decision.amount(),
        "18.2",
        Some(decision.years),
    )?;
    if decision.opens_case() {
        let case = store::cases::open(conn, domain.id, stamp.now, "legitimacy", None)?;
        domain.case = Some(case);
        // Held until the proof is accepted, by the deadline of Art. 8.2;
        // the parties are asked for it.
        if let Some(due) = domain.held_until {
            store::cases::request_proof(conn, case, stamp.now, due)?;
            super::lifecycle::write_notices(
                conn,
                stamp.now,
                &domain.name,
                &legitimacy_proof_request(&domain, due),
            )?;
        }
    }
    journal::append(
        conn,
        stamp,
        &policy.digest,
        Entry {
            command: Kind::Register,
            article: Some("2.1"),
            domain: Some(&domain.name),
            inputs: json!({
                "request": req,
                "years": decision.years,
                "price": fmt_amount(decision.price),
                "amount": fmt_amount(decision.amount()),
                "overridden": decision.overridden,
            }),
            outcome: serde_json::to_value(&domain)?,
        },
    )?;
    Ok(Registered {
        domain,
        notes: decision.notes,
    })
}

/// Names the role of a missing party: `no contact X (--registrant)`.
fn with_role(err: Error, role: &str) -> Error {
    let message = format!("{} (--{role})", err.message);
    err.with_message(message)
}
