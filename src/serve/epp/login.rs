//! `<login>` (with `<newPW>`): the registrar's credentials checked by
//! `credentials::check`, every attempt journaled (never the password).

use serde_json::json;

use super::login_log::{Pending, TRY_LOCK};
use super::response::{Code, EXTENSIONS, OBJECTS, Response};
use super::xml::{self, EPP};
use super::{After, Command, Session};
use crate::credentials::{self, LoginRefusal};
use crate::error::Result;
use crate::journal::Stamp;
use crate::rules::periods::Time;
use crate::store::{self, Store};

/// The longest client id kept in the journal.
const CLID_MAX: usize = 64;

pub(super) fn login(
    session: &mut Session,
    store: &mut Store,
    cmd: &Command<'_, '_>,
    now: Time,
) -> (Response, After) {
    let l = cmd.verb;
    let (Some(clid), Some(pw)) = (
        xml::child_text(l, EPP, "clID"),
        xml::child(l, EPP, "pw").map(|n| n.text().unwrap_or("").to_string()),
    ) else {
        return (
            Response::fail(Code::Missing, "<login> needs <clID> and <pw>"),
            After::Continue,
        );
    };
    if let Some(opts) = xml::child(l, EPP, "options") {
        if xml::child_text(opts, EPP, "version").as_deref() != Some("1.0") {
            return (
                Response::fail(Code::UnimplementedVersion, "this server speaks EPP 1.0"),
                After::Continue,
            );
        }
        if let Some(lang) = xml::child_text(opts, EPP, "lang")
            && lang != "en"
        {
            return (
                Response::fail(Code::UnimplementedOption, "this server answers in en"),
                After::Continue,
            );
        }
    }
    if let Some(svcs) = xml::child(l, EPP, "svcs") {
        for o in xml::children(svcs, EPP, "objURI").map(xml::text) {
            if !OBJECTS.contains(&o.as_str()) {
                return (
                    Response::fail(Code::UnimplementedService, format!("no object service {o}")),
                    After::Continue,
                );
            }
        }
        if let Some(ext) = xml::child(svcs, EPP, "svcExtension") {
            for e in xml::children(ext, EPP, "extURI").map(xml::text) {
                if !EXTENSIONS.contains(&e.as_str()) {
                    return (
                        Response::fail(Code::UnimplementedExtension, format!("no extension {e}")),
                        After::Continue,
                    );
                }
            }
        }
    }
    let new_pw = xml::child(l, EPP, "newPW").map(|n| n.text().unwrap_or("").to_string());
    if let Some(p) = &new_pw
        && let Err(why) = credentials::check_password(p)
    {
        return (
            Response::fail(Code::Range, format!("<newPW>: {why}")),
            After::Continue,
        );
    }
    match decide(session, store, &clid, &pw, new_pw.as_deref(), now) {
        Ok(Ok(())) => {
            session.registrar = Some(clid);
            (Response::ok(), After::LoginOk)
        }
        Ok(Err(refusal)) => {
            let _ = refusal;
            (
                Response::fail(
                    Code::Authentication,
                    "wrong client id, password or certificate",
                ),
                After::LoginFailed,
            )
        }
        Err(e) => (Response::from_error(&e), After::Continue),
    }
}

/// Checks the login and journals the attempt; with `<newPW>`, a
/// successful login also replaces the password, in the same transaction.
/// While another process holds the write lock, a plain login's entry is
/// handed to the server's login log (`login_log`) instead of waiting.
fn decide(
    session: &Session,
    store: &mut Store,
    clid: &str,
    pw: &str,
    new_pw: Option<&str>,
    now: Time,
) -> Result<Result<(), LoginRefusal>> {
    let new_hash = match new_pw {
        Some(p) => Some(credentials::hash_password(p).map_err(crate::error::Error::internal)?),
        None => None,
    };
    let verdict = {
        let tx = store.read()?;
        let registrar = store::contacts::find_registrar(&tx, clid)?;
        let cred = store::epp::credential(&tx, clid)?;
        match (&registrar, &cred) {
            (Some(r), _) if r.withdrawn.is_some() => Err(LoginRefusal::Withdrawn),
            (Some(_), Some(c)) => {
                credentials::check(c, pw, session.cert.as_deref(), session.address)
            }
            _ => Err(LoginRefusal::NoCredentials),
        }
    };
    let actor: String = clid
        .chars()
        .filter(|c| !c.is_control())
        .take(CLID_MAX)
        .collect();
    let pending = Pending {
        stamp: Stamp {
            now,
            actor: actor.clone(),
            reason: None,
        },
        inputs: json!({
            "registrar": actor,
            "address": session.address.map(|a| a.to_canonical().to_string()),
            "certificate": session.cert,
            "new_password": new_pw.is_some(),
        }),
        outcome: json!({
            "ok": verdict.is_ok(),
            "refused": verdict.err().map(LoginRefusal::as_str),
        }),
    };
    // A new password is a change: it waits for the lock like any command.
    if verdict.is_ok()
        && let Some(hash) = &new_hash
    {
        let tx = store.write()?;
        store::epp::set_password(&tx, clid, hash, now)?;
        pending.append(&tx)?;
        tx.commit()?;
        return Ok(verdict);
    }
    if let Some(tx) = store.try_write(TRY_LOCK)? {
        pending.append(&tx)?;
        tx.commit()?;
        return Ok(verdict);
    }
    let left = match &session.login_log {
        Some(log) => log.send(pending),
        None => Some(pending),
    };
    if let Some(pending) = left {
        // No log, or its queue is full: wait for the lock.
        let tx = store.write()?;
        pending.append(&tx)?;
        tx.commit()?;
    }
    Ok(verdict)
}
