//! `<poll>` (RFC 5730 §2.9.2.3): the registrar's queue is the outbox
//! notices addressed to it (transfers, removals, withdrawals, reminders),
//! oldest first; `op="ack"` takes one off its queue (journaled), without
//! touching the outbox itself.

use roxmltree::Node;
use serde_json::json;

use super::Call;
use super::response::{Code, MsgQ, Response};
use crate::error::Result;
use crate::journal::{self, Entry, Stamp};
use crate::store;
use crate::store::Store;

pub(super) fn poll(store: &mut Store, call: &Call<'_>, verb: Node<'_, '_>) -> Result<Response> {
    match verb.attribute("op") {
        Some("req") => req(store, call),
        Some("ack") => match verb.attribute("msgID").map(str::parse::<i64>) {
            Some(Ok(id)) => ack(store, call, id),
            Some(Err(_)) => Ok(Response::fail(Code::ValueSyntax, "msgID is a number")),
            None => Ok(Response::fail(
                Code::Missing,
                "<poll op=\"ack\"> needs msgID",
            )),
        },
        _ => Ok(Response::fail(
            Code::Missing,
            "<poll> needs op=\"req\" or op=\"ack\"",
        )),
    }
}

fn req(store: &mut Store, call: &Call<'_>) -> Result<Response> {
    let tx = store.read()?;
    let registrar = store::contacts::get_registrar(&tx, call.registrar)?;
    let (count, head) = store::epp::poll_head(&tx, &registrar.id, &registrar.email)?;
    let Some(n) = head else {
        return Ok(Response::new(Code::NoMessages));
    };
    let mut text = String::new();
    if let Some(a) = &n.article {
        text.push_str(&format!("[Art. {a}] "));
    }
    if let Some(d) = &n.domain {
        text.push_str(&format!("{d}: "));
    }
    text.push_str(&n.text);
    let mut r = Response::new(Code::AckToDequeue);
    r.msgq = Some(Box::new(MsgQ {
        count,
        id: n.id,
        message: Some((n.time.clone(), text)),
    }));
    Ok(r)
}

fn ack(store: &mut Store, call: &Call<'_>, id: i64) -> Result<Response> {
    let tx = store.write()?;
    let registrar = store::contacts::get_registrar(&tx, call.registrar)?;
    if !store::epp::in_queue(&tx, &registrar.id, &registrar.email, id)? {
        return Ok(Response::fail(
            Code::DoesNotExist,
            format!("no message {id} in the queue of {}", registrar.id),
        ));
    }
    store::epp::ack(&tx, &registrar.id, id, call.now)?;
    let policy = store::policy::in_force(&tx, call.now)?;
    journal::append(
        &tx,
        &Stamp {
            now: call.now,
            actor: registrar.id.clone(),
            reason: None,
        },
        &policy.digest,
        Entry {
            command: journal::Kind::EppPollAck,
            article: None,
            domain: None,
            inputs: json!({ "registrar": registrar.id, "message": id }),
            outcome: json!({ "acknowledged": id }),
        },
    )?;
    let (count, head) = store::epp::poll_head(&tx, &registrar.id, &registrar.email)?;
    tx.commit()?;
    let mut r = Response::ok();
    if let Some(n) = head {
        r.msgq = Some(Box::new(MsgQ {
            count,
            id: n.id,
            message: None,
        }));
    }
    Ok(r)
}
