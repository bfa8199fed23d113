//! Domain commands (RFC 5731, secDNS-1.1 of RFC 5910, and the `ptreg`
//! extension): each decided by the function its command-line twin calls
//! (`check`, `register`, `renew`, `update`, `remove --by manager`,
//! `transfer --manager --code`), journaled with the registrar as actor.

mod change;
mod transfer;

use roxmltree::Node;
use rusqlite::Connection;
use serde_json::json;

use super::response::{Code, Response, refusal_text};
use super::xml::{self, DOMAIN, PTREG, SECDNS, esc};
use super::{Call, Command, host};
use crate::error::{Error, Result};
use crate::journal::Kind;
use crate::model::{Domain, State};
use crate::ops::lifecycle::record;
use crate::ops::names as check;
use crate::ops::names::lookup_name;
use crate::rules::Reason;
use crate::rules::lifecycle::expiry::settle;
use crate::rules::lifecycle::{Outcome, changes::code_hash};
use crate::rules::periods::fmt_time;
use crate::store::Store;
use crate::store::{self, policy::StoredPolicy};

/// The most names one `<domain:check>` may ask about.
const CHECK_MAX: usize = 100;

pub(super) fn run(
    store: &mut Store,
    call: &Call<'_>,
    verb: &str,
    cmd: &Command<'_, '_>,
    object: Node<'_, '_>,
) -> Result<Response> {
    match verb {
        "check" => check(store, call, object),
        "info" => info(store, call, object),
        "create" => change::create(store, call, cmd, object),
        "renew" => change::renew(store, call, object),
        "update" => change::update(store, call, cmd, object),
        "delete" => change::delete(store, call, object),
        "transfer" => match cmd.verb.attribute("op") {
            Some("request") => transfer::request(store, call, object),
            Some("query") => transfer::query(store, call, object),
            Some(op) => Ok(Response::fail(
                Code::UnimplementedOption,
                format!(
                    "transfer op={op:?}: a management transfer completes at once with the \
                     one-time code (Art. 15.1); only request and query exist"
                ),
            )),
            None => Ok(Response::fail(Code::Missing, "<transfer> needs op")),
        },
        _ => Ok(Response::fail(
            Code::UnimplementedService,
            format!("no domain {verb}"),
        )),
    }
}

/// The `<domain:name>` of a command, required.
pub(super) fn name_of(object: Node<'_, '_>) -> std::result::Result<String, Response> {
    match xml::child_text(object, DOMAIN, "name") {
        Some(n) if !n.is_empty() => Ok(n),
        _ => Err(Response::fail(Code::Missing, "<domain:name> is required")),
    }
}

/// The live registration of `input`, settled to `now`, and the policy; or
/// the response when it does not exist (2303) or is not the registrar's
/// (2201, unless `auth` is its transfer code).
pub(super) fn load_own(
    conn: &Connection,
    call: &Call<'_>,
    input: &str,
    auth: Option<&str>,
) -> Result<std::result::Result<(Domain, StoredPolicy), Response>> {
    let name = match lookup_name(input) {
        Ok(n) => n,
        Err(e) => return Ok(Err(Response::from_error(&e))),
    };
    let Some(d) = store::domains::find_live(conn, &name)? else {
        return Ok(Err(Response::fail(
            Code::DoesNotExist,
            format!("{name} is not registered"),
        )));
    };
    let policy = store::policy::in_force(conn, call.now)?;
    if settle(&d, call.now, &policy.policy).0.state == State::Removed {
        return Ok(Err(Response::fail(
            Code::DoesNotExist,
            format!("{name} is removed (its grace period or removal took effect)"),
        )));
    }
    if d.registrar() != Some(call.registrar) {
        let authorized = match (auth, store::lifecycle::transfer_code(conn, d.id)?) {
            (Some(code), Some((hash, salt))) => code_hash(&salt, code) == hash,
            _ => false,
        };
        if !authorized {
            return Ok(Err(Response::fail(
                Code::Authorization,
                format!("{name} is not managed by {}", call.registrar),
            )));
        }
    }
    Ok(Ok((d, policy)))
}

/// The `<domain:authInfo><domain:pw>` of an object.
pub(super) fn auth_of(node: Node<'_, '_>) -> Option<String> {
    xml::child(node, DOMAIN, "authInfo").and_then(|a| xml::child_text(a, DOMAIN, "pw"))
}

fn check(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let names: Vec<String> = xml::children(object, DOMAIN, "name")
        .map(xml::text)
        .collect();
    if names.is_empty() {
        return Ok(Response::fail(Code::Missing, "<domain:name> is required"));
    }
    if names.len() > CHECK_MAX {
        return Ok(Response::fail(
            Code::Range,
            format!("at most {CHECK_MAX} names per check"),
        ));
    }
    let tx = store.read()?;
    let policy = store::policy::in_force(&tx, call.now)?.policy;
    let mut out = format!(r#"<domain:chkData xmlns:domain="{DOMAIN}">"#);
    for input in names {
        let v = check::judge(&tx, input.clone(), Some(call.registrar), &policy, call.now)?;
        if let Some(why) = &v.not_pt {
            out.push_str(&format!(
                r#"<domain:cd><domain:name avail="0">{}</domain:name><domain:reason>{}</domain:reason></domain:cd>"#,
                esc(&input),
                esc(why)
            ));
            continue;
        }
        let shown = v.ascii.clone().unwrap_or_else(|| input.clone());
        match v.refusals.first() {
            None => out.push_str(&format!(
                r#"<domain:cd><domain:name avail="1">{}</domain:name></domain:cd>"#,
                esc(&shown)
            )),
            Some(r) => out.push_str(&format!(
                r#"<domain:cd><domain:name avail="0">{}</domain:name><domain:reason>[Art. {}] {}</domain:reason></domain:cd>"#,
                esc(&shown),
                esc(r.article),
                esc(&r.message)
            )),
        }
    }
    out.push_str("</domain:chkData>");
    Ok(Response::with_data(Code::Ok, out))
}

/// The EPP statuses of a domain settled to now (RFC 5731 §2.3).
fn statuses(d: &Domain) -> Vec<(&'static str, String)> {
    let mut s = Vec::new();
    match d.state {
        State::Reserved => s.push(("inactive", "reserved: no nameservers (Art. 2.3)".into())),
        State::Grace => s.push((
            "serverHold",
            "expired: renewable in the grace period, not delegated (Art. 17.2)".into(),
        )),
        State::Suspended => {
            s.push((
                "serverHold",
                "suspended by an arbitral injunction (Art. 28)".into(),
            ));
            s.push(("serverUpdateProhibited", String::new()));
            s.push(("serverTransferProhibited", String::new()));
        }
        _ => {}
    }
    if let Some(p) = &d.pending_removal {
        s.push((
            "pendingDelete",
            match p.effective {
                Some(at) => format!(
                    "removal by the {} takes effect on {} (Art. {})",
                    p.by,
                    fmt_time(at),
                    p.article
                ),
                None => format!(
                    "removal by the {}, its period starting when the notice is sent (Art. {})",
                    p.by, p.article
                ),
            },
        ));
    }
    if d.litigation.is_some() {
        s.push((
            "serverDeleteProhibited",
            "a notified litigation is pending (Art. 21.3)".into(),
        ));
    }
    if s.is_empty() {
        s.push(("ok", String::new()));
    }
    s
}

fn ds_xml(ds: &str) -> String {
    let f: Vec<&str> = ds.split_whitespace().collect();
    match f.as_slice() {
        [tag, alg, ty, digest] => format!(
            "<secDNS:dsData><secDNS:keyTag>{tag}</secDNS:keyTag><secDNS:alg>{alg}</secDNS:alg><secDNS:digestType>{ty}</secDNS:digestType><secDNS:digest>{digest}</secDNS:digest></secDNS:dsData>"
        ),
        _ => String::new(),
    }
}

fn info(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let input = match name_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let auth = auth_of(object);
    let tx = store.read()?;
    let (d, policy) = match load_own(&tx, call, &input, auth.as_deref())? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    let subordinate = store::hosts::subordinate(&tx, &d.name)?;
    let d = settle(&d, call.now, &policy.policy).0;
    let mut out = format!(
        r#"<domain:infData xmlns:domain="{DOMAIN}"><domain:name>{}</domain:name><domain:roid>{}-PT</domain:roid>"#,
        esc(&d.name),
        d.id
    );
    for (s, text) in statuses(&d) {
        if text.is_empty() {
            out.push_str(&format!(r#"<domain:status s="{s}"/>"#));
        } else {
            out.push_str(&format!(
                r#"<domain:status s="{s}" lang="en">{}</domain:status>"#,
                esc(&text)
            ));
        }
    }
    out.push_str(&format!(
        r#"<domain:registrant>{}</domain:registrant><domain:contact type="tech">{}</domain:contact>"#,
        esc(&d.registrant),
        esc(&d.tech)
    ));
    if !d.nameservers.is_empty() {
        out.push_str("<domain:ns>");
        for n in &d.nameservers {
            out.push_str(&format!(
                "<domain:hostObj>{}</domain:hostObj>",
                esc(&n.host)
            ));
        }
        out.push_str("</domain:ns>");
    }
    for h in subordinate {
        out.push_str(&format!("<domain:host>{}</domain:host>", esc(&h)));
    }
    out.push_str(&format!(
        "<domain:clID>{}</domain:clID><domain:crDate>{}</domain:crDate><domain:exDate>{}</domain:exDate></domain:infData>",
        esc(&d.manager),
        fmt_time(d.created),
        fmt_time(d.expires)
    ));
    let mut ext = String::new();
    if !d.ds.is_empty() {
        ext.push_str(&format!(r#"<secDNS:infData xmlns:secDNS="{SECDNS}">"#));
        for ds in &d.ds {
            ext.push_str(&ds_xml(ds));
        }
        ext.push_str("</secDNS:infData>");
    }
    ext.push_str(&format!(
        r#"<ptreg:infData xmlns:ptreg="{PTREG}"><ptreg:state>{}</ptreg:state><ptreg:arbitration>{}</ptreg:arbitration>"#,
        d.state, d.arbitration
    ));
    if let Some(case) = d.case {
        ext.push_str(&format!("<ptreg:case>{case}</ptreg:case>"));
    }
    ext.push_str("</ptreg:infData>");
    let mut r = Response::with_data(Code::Ok, out);
    r.extension = Some(ext);
    Ok(r)
}

/// The term of a `<domain:period>`: years, or months in whole years.
pub(super) fn period(object: Node<'_, '_>) -> std::result::Result<Option<u32>, Response> {
    let Some(p) = xml::child(object, DOMAIN, "period") else {
        return Ok(None);
    };
    let n: u32 = xml::text(p)
        .parse()
        .map_err(|_| Response::fail(Code::ValueSyntax, "<domain:period> is a number"))?;
    match p.attribute("unit").unwrap_or("y") {
        "y" => Ok(Some(n)),
        "m" if n.is_multiple_of(12) => Ok(Some(n / 12)),
        _ => Err(Response::fail(
            Code::Range,
            "terms are whole years (unit=\"y\", or months in multiples of 12)",
        )),
    }
}

/// The nameservers of a `<domain:ns>` as `HOST[=IP,...]` texts: host
/// objects carry their addresses (the glue); the host-attribute form gives
/// them inline.
pub(super) fn ns_texts(conn: &Connection, ns: Node<'_, '_>) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for el in xml::elements(ns) {
        if xml::is(el, DOMAIN, "hostObj") {
            out.push(host::glue_text(conn, &xml::text(el))?);
        } else if xml::is(el, DOMAIN, "hostAttr") {
            let name = xml::child_text(el, DOMAIN, "hostName").unwrap_or_default();
            let addrs: Vec<String> = xml::children(el, DOMAIN, "hostAddr")
                .map(xml::text)
                .collect();
            if addrs.is_empty() {
                out.push(name);
            } else {
                out.push(format!("{name}={}", addrs.join(",")));
            }
        }
    }
    Ok(out)
}

/// The DS texts of `secDNS:dsData` elements under `node`.
pub(super) fn ds_texts(node: Node<'_, '_>) -> Vec<String> {
    xml::children(node, SECDNS, "dsData")
        .map(|d| {
            let f = |n| xml::child_text(d, SECDNS, n).unwrap_or_default();
            format!(
                "{} {} {} {}",
                f("keyTag"),
                f("alg"),
                f("digestType"),
                f("digest")
            )
        })
        .collect()
}

/// The extension element `name` in `ns`, if the command carries one.
pub(super) fn ext<'a, 'i>(cmd: &Command<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    cmd.extension.and_then(|e| xml::child(e, ns, name))
}

/// Makes `code` the name's one-time transfer code (Art. 15.1), stored as
/// a salted hash and journaled like `ptreg transfer-code` (never the code).
pub(super) fn set_code(
    conn: &Connection,
    call: &Call<'_>,
    policy: &StoredPolicy,
    d: &Domain,
    code: &str,
) -> Result<()> {
    let mut salt = [0u8; 16];
    rand::fill(&mut salt);
    let salt = hex::encode(salt);
    store::lifecycle::set_transfer_code(conn, d.id, Some((&code_hash(&salt, code), &salt)))?;
    let outcome = Outcome {
        domain: d.clone(),
        article: "15.1",
        notices: Vec::new(),
        charge: None,
        warnings: Vec::new(),
    };
    record(
        conn,
        &call.stamp(),
        policy,
        Kind::TransferCode,
        json!({ "name": d.name, "issued": true, "via": "epp authInfo" }),
        &outcome,
    )
}

/// A failure of a create or renew in EPP terms: no price in force
/// (Art. 18.1) is a billing failure (2104), a term not sold a range error
/// (2004), the others as [`Response::from_error`].
pub(super) fn billing_aware(e: &Error) -> Response {
    match e.reason.as_deref() {
        Some(Reason::NoPrice { .. }) => Response::fail(Code::Billing, refusal_text(e)),
        Some(Reason::TermNotOffered { .. }) => Response::fail(Code::Range, refusal_text(e)),
        _ => Response::from_error(e),
    }
}
