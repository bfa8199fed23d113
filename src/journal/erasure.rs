//! Erasure in the journal (see the parent module's doc): rewriting the
//! personal data out of earlier entries, and checking at each erase entry
//! that every redaction is accounted for.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;

use super::{Stored, covered_digests, text_digest};
use crate::error::{Error, Result};
use crate::store::journal as sql;

/// The `redacted` record of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub(super) struct Redacted {
    pub(super) inputs: String,
    pub(super) outcome: String,
    pub(super) by: i64,
}

/// At an erase entry: every entry it lists must be waiting for it, with the
/// very texts it left (or be redacted again by a later erase). Returns the
/// first entry that is not.
pub(super) fn settle_redactions(
    erase: &Stored,
    pending: &mut BTreeMap<i64, (i64, String, String)>,
) -> Option<i64> {
    let Ok(outcome) = serde_json::from_str::<Value>(&erase.outcome) else {
        return Some(erase.seq);
    };
    let listed: Vec<Redaction> = match outcome.get("redacted") {
        Some(v) => match serde_json::from_value(v.clone()) {
            Ok(list) => list,
            Err(_) => return Some(erase.seq),
        },
        None => Vec::new(),
    };
    for r in listed {
        match pending.get(&r.seq) {
            Some((by, _, _)) if *by > erase.seq => {}
            Some((by, inputs, outcome))
                if *by == erase.seq && *inputs == r.inputs && *outcome == r.outcome =>
            {
                pending.remove(&r.seq);
            }
            _ => return Some(r.seq),
        }
    }
    // An entry that names this erase but is not on its list.
    pending
        .iter()
        .find(|(_, (by, _, _))| *by == erase.seq)
        .map(|(&seq, _)| seq)
}

/// One entry redacted by an erase: its sequence number and the digests of
/// the texts the erase left in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub(crate) struct Redaction {
    pub(crate) seq: i64,
    pub(crate) inputs: String,
    pub(crate) outcome: String,
}

/// Takes contact `id`'s personal data out of every entry that holds it
/// (see the module doc), for the erase entry about to be appended as
/// `erase_seq`. `redact` rewrites one recorded value in place and says
/// whether it changed. Returns the entries redacted, in order.
pub(crate) fn redact_contact(
    conn: &Connection,
    id: &str,
    erase_seq: i64,
    mut redact: impl FnMut(&mut Value) -> bool,
) -> Result<Vec<Redaction>> {
    // Only the `contact ...` entries that record the contact itself
    // (`"id":"ID"` in their JSON) hold its data: domain entries name
    // contacts by other keys, and a registrar that happens to have the
    // same id must keep its (public) data.
    let entries = sql::holding_contact(conn, id)?;
    let mut done = Vec::new();
    for e in entries {
        let parse = |text: &str| {
            serde_json::from_str::<Value>(text).map_err(|err| {
                Error::internal(format!("journal entry {} is not JSON", e.seq)).with_cause(err)
            })
        };
        let (mut inputs, mut outcome) = (parse(&e.inputs)?, parse(&e.outcome)?);
        let changed = redact(&mut inputs) | redact(&mut outcome);
        if !changed {
            continue;
        }
        let (original_inputs, original_outcome) = covered_digests(&e);
        let record = Redacted {
            inputs: original_inputs,
            outcome: original_outcome,
            by: erase_seq,
        };
        let (inputs, outcome) = (inputs.to_string(), outcome.to_string());
        sql::redact(
            conn,
            e.seq,
            &inputs,
            &outcome,
            &serde_json::to_string(&record)?,
        )?;
        done.push(Redaction {
            seq: e.seq,
            inputs: text_digest(&inputs),
            outcome: text_digest(&outcome),
        });
    }
    Ok(done)
}
