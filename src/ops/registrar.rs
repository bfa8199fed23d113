//! The withdrawal of a registrar (Art. 15.2), decided by
//! [`crate::rules::registrar`] and recorded here: each of its live names
//! passes to its registrant (domain, notice, journal entry), then the
//! registrar is marked withdrawn (one more entry).

use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use crate::error::Result;
use crate::journal::{self, Entry, Kind, Stamp};
use crate::model::{Domain, Registrar};
use crate::ops::lifecycle::record;
use crate::rules::periods::Time;
use crate::rules::policy::Policy;
use crate::rules::registrar as rules;
use crate::store::policy::StoredPolicy;
use crate::store::{self, contacts};

/// What a withdrawal did: the registrar after it, and the names passed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Withdrawn {
    pub(crate) registrar: Registrar,
    pub(crate) domains: Vec<String>,
}

/// The live names a registrar manages at `now` (names whose grace ended
/// are free, not managed). (The store's manager filter also matches
/// self-managed names of a contact with the same id; keep only those a
/// registrar manages.)
pub(crate) fn managed(
    conn: &Connection,
    id: &str,
    now: Time,
    policy: &Policy,
) -> Result<Vec<Domain>> {
    let filter = store::domains::Filter {
        manager: Some(id.to_string()),
        ..Default::default()
    };
    Ok(store::domains::list(conn, &filter, now, policy)?
        .into_iter()
        .filter(|d| d.registrar() == Some(id))
        .collect())
}

/// Withdraws registrar `id` (Art. 15.2).
pub(crate) fn withdraw(
    conn: &Connection,
    stamp: &Stamp,
    policy: &StoredPolicy,
    id: &str,
) -> Result<Withdrawn> {
    let registrar = contacts::get_registrar(conn, id)?;
    let withdrawn = rules::withdraw(&registrar, stamp.now)?;
    let mut passed = Vec::new();
    for domain in managed(conn, id, stamp.now, &policy.policy)? {
        let registrant = contacts::get_contact(conn, &domain.registrant)?;
        let outcome = rules::pass_to_registrant(&domain, &registrar, &registrant.name, stamp.now);
        record(
            conn,
            stamp,
            policy,
            Kind::RegistrarWithdraw,
            json!({ "registrar": id }),
            &outcome,
        )?;
        passed.push(outcome.domain.name);
    }
    contacts::set_registrar_withdrawn(conn, &withdrawn)?;
    let result = Withdrawn {
        registrar: withdrawn,
        domains: passed,
    };
    journal::append(
        conn,
        stamp,
        &policy.digest,
        Entry {
            command: Kind::RegistrarWithdraw,
            article: Some("15.2"),
            domain: None,
            inputs: json!({ "registrar": id }),
            outcome: serde_json::to_value(&result)?,
        },
    )?;
    Ok(result)
}
