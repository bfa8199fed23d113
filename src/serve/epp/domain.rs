//! Domain commands (RFC 5731, secDNS-1.1 of RFC 5910, and the `ptreg`
//! extension): each decided by the function its command-line twin calls
//! (`check`, `register`, `renew`, `update`, `remove --by manager`,
//! `transfer --manager --code`), journaled with the registrar as actor.

use roxmltree::Node;
use rusqlite::Connection;
use serde_json::json;

use super::response::{Code, Response, refusal_text};
use super::xml::{self, DOMAIN, PTREG, SECDNS, esc};
use super::{Call, Command, host};
use crate::commands::check;
use crate::commands::lifecycle::lookup_name;
use crate::error::Kind as ErrorKind;
use crate::error::{Error, Result};
use crate::journal::Kind;
use crate::model::{Domain, Nameserver, State};
use crate::ops::lifecycle::record;
use crate::ops::registration::register;
use crate::rules::Reason;
use crate::rules::lifecycle::changes::{self, NewManager, TechnicalChange};
use crate::rules::lifecycle::expiry::settle;
use crate::rules::lifecycle::removal;
use crate::rules::lifecycle::{Outcome, changes::code_hash};
use crate::rules::names;
use crate::rules::periods::{Time, fmt_time};
use crate::rules::registration::Request;
use crate::rules::technical;
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
        "create" => create(store, call, cmd, object),
        "renew" => renew(store, call, object),
        "update" => update(store, call, cmd, object),
        "delete" => delete(store, call, object),
        "transfer" => match cmd.verb.attribute("op") {
            Some("request") => transfer_request(store, call, object),
            Some("query") => transfer_query(store, call, object),
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
fn name_of(object: Node<'_, '_>) -> std::result::Result<String, Response> {
    match xml::child_text(object, DOMAIN, "name") {
        Some(n) if !n.is_empty() => Ok(n),
        _ => Err(Response::fail(Code::Missing, "<domain:name> is required")),
    }
}

/// The live registration of `input`, settled to `now`, and the policy; or
/// the response when it does not exist (2303) or is not the registrar's
/// (2201, unless `auth` is its transfer code).
fn load_own(
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
fn auth_of(node: Node<'_, '_>) -> Option<String> {
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
        let syntax = names::examine(&input);
        if let names::Syntax::NotPt(why) = &syntax {
            out.push_str(&format!(
                r#"<domain:cd><domain:name avail="0">{}</domain:name><domain:reason>{}</domain:reason></domain:cd>"#,
                esc(&input),
                esc(why)
            ));
            continue;
        }
        let v = check::judge(
            &tx,
            input.clone(),
            syntax,
            Some(call.registrar),
            &policy,
            call.now,
        )?;
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
            format!(
                "removal by the {} takes effect on {} (Art. {})",
                p.by,
                fmt_time(p.effective),
                p.article
            ),
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
fn period(object: Node<'_, '_>) -> std::result::Result<Option<u32>, Response> {
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
fn ns_texts(conn: &Connection, ns: Node<'_, '_>) -> Result<Vec<String>> {
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
fn ds_texts(node: Node<'_, '_>) -> Vec<String> {
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
fn ext<'a, 'i>(cmd: &Command<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    cmd.extension.and_then(|e| xml::child(e, ns, name))
}

/// Makes `code` the name's one-time transfer code (Art. 15.1), stored as
/// a salted hash and journaled like `ptreg transfer-code` (never the code).
fn set_code(
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
fn billing_aware(e: &Error) -> Response {
    match e.reason.as_deref() {
        Some(Reason::NoPrice { .. }) => Response::fail(Code::Billing, refusal_text(e)),
        Some(Reason::TermNotOffered { .. }) => Response::fail(Code::Range, refusal_text(e)),
        _ => Response::from_error(e),
    }
}

fn create(
    store: &mut Store,
    call: &Call<'_>,
    cmd: &Command<'_, '_>,
    object: Node<'_, '_>,
) -> Result<Response> {
    let name = match name_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let years = match period(object) {
        Ok(y) => y,
        Err(r) => return Ok(r),
    };
    let Some(registrant) = xml::child_text(object, DOMAIN, "registrant") else {
        return Ok(Response::fail(
            Code::Missing,
            "<domain:registrant> is required",
        ));
    };
    let tech = xml::children(object, DOMAIN, "contact")
        .find(|c| c.attribute("type") == Some("tech"))
        .map(xml::text);
    let pt = ext(cmd, PTREG, "create");
    let arbitration = pt
        .and_then(|p| xml::child_text(p, PTREG, "arbitration"))
        .is_some_and(|t| t == "1" || t == "true");
    let legitimacy = pt.and_then(|p| xml::child_text(p, PTREG, "legitimacy"));
    let ds = ext(cmd, SECDNS, "create").map(ds_texts).unwrap_or_default();
    let auth = auth_of(object).filter(|a| !a.is_empty());
    let stamp = call.stamp();
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, call.now)?;
    if let Some(y) = years
        && !policy.policy.registration.terms.contains(&y)
    {
        return Ok(Response::fail(
            Code::Range,
            format!("{y} years is not a term on the price table [Art. 18.1]"),
        ));
    }
    let nameservers = match xml::child(object, DOMAIN, "ns") {
        Some(ns) => ns_texts(&tx, ns)?,
        None => Vec::new(),
    };
    let req = Request {
        name,
        registrant,
        manager: Some(call.registrar.to_string()),
        tech,
        nameservers,
        ds,
        years,
        arbitration,
        legitimacy,
    };
    let domain = match register(&tx, &stamp, &policy, &req) {
        Ok(r) => r.domain,
        Err(e) if e.kind == ErrorKind::Internal => return Err(e),
        Err(e) => return Ok(billing_aware(&e)),
    };
    if let Some(code) = &auth {
        set_code(&tx, call, &policy, &domain, code)?;
    }
    tx.commit()?;
    Ok(Response::with_data(
        Code::Ok,
        format!(
            r#"<domain:creData xmlns:domain="{DOMAIN}"><domain:name>{}</domain:name><domain:crDate>{}</domain:crDate><domain:exDate>{}</domain:exDate></domain:creData>"#,
            esc(&domain.name),
            fmt_time(domain.created),
            fmt_time(domain.expires)
        ),
    ))
}

fn renew(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let input = match name_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let years = match period(object) {
        Ok(y) => y,
        Err(r) => return Ok(r),
    };
    let Some(cur_exp) = xml::child_text(object, DOMAIN, "curExpDate") else {
        return Ok(Response::fail(
            Code::Missing,
            "<domain:curExpDate> is required",
        ));
    };
    let stamp = call.stamp();
    let tx = store.write()?;
    let (d, policy) = match load_own(&tx, call, &input, None)? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    if let Some(y) = years
        && !policy.policy.registration.terms.contains(&y)
    {
        return Ok(Response::fail(
            Code::Range,
            format!("{y} years is not a term on the price table [Art. 18.1]"),
        ));
    }
    if cur_exp != d.expires.format("%Y-%m-%d").to_string() {
        return Ok(Response::fail(
            Code::Range,
            format!(
                "curExpDate {cur_exp} is not the expiry of {} ({})",
                d.name,
                d.expires.format("%Y-%m-%d")
            ),
        ));
    }
    let outcome = match changes::renew(&d, years, call.now, &policy.policy) {
        Ok(o) => o,
        Err(denied) => {
            // A name the rules will not renew now is 2105; payment 2104.
            let e = Error::from(denied);
            let r = billing_aware(&e);
            return Ok(match r.code {
                Code::StatusProhibits | Code::Policy => {
                    Response::fail(Code::NotRenewable, refusal_text(&e))
                }
                _ => r,
            });
        }
    };
    let inputs = json!({ "name": d.name, "years": years, "via": "epp" });
    record(&tx, &stamp, &policy, Kind::Renew, inputs, &outcome)?;
    tx.commit()?;
    Ok(Response::with_data(
        Code::Ok,
        format!(
            r#"<domain:renData xmlns:domain="{DOMAIN}"><domain:name>{}</domain:name><domain:exDate>{}</domain:exDate></domain:renData>"#,
            esc(&outcome.domain.name),
            fmt_time(outcome.domain.expires)
        ),
    ))
}

fn update(
    store: &mut Store,
    call: &Call<'_>,
    cmd: &Command<'_, '_>,
    object: Node<'_, '_>,
) -> Result<Response> {
    let input = match name_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let add = xml::child(object, DOMAIN, "add");
    let rem = xml::child(object, DOMAIN, "rem");
    let chg = xml::child(object, DOMAIN, "chg");
    for part in [add, rem].into_iter().flatten() {
        if xml::child(part, DOMAIN, "status").is_some() {
            return Ok(Response::fail(
                Code::Policy,
                "client statuses are not kept: the .pt rules give each state its meaning",
            ));
        }
    }
    let stamp = call.stamp();
    let tx = store.write()?;
    let (d, policy) = match load_own(&tx, call, &input, None)? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    // Nameservers: the current ones, less those removed, plus those added.
    let ns_of = |part: Option<Node<'_, '_>>| -> Result<Vec<String>> {
        match part.and_then(|p| xml::child(p, DOMAIN, "ns")) {
            Some(ns) => ns_texts(&tx, ns),
            None => Ok(Vec::new()),
        }
    };
    let added = ns_of(add)?;
    let removed: Vec<String> = ns_of(rem)?
        .iter()
        .map(|t| {
            t.split('=')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .collect();
    let nameservers = if added.is_empty() && removed.is_empty() {
        None
    } else {
        let mut kept: Vec<Nameserver> = d
            .nameservers
            .iter()
            .filter(|n| !removed.contains(&n.host))
            .cloned()
            .collect();
        match technical::parse_nameservers(&added, &d.name) {
            Ok(new) => {
                for n in new {
                    if kept.iter().any(|k| k.host == n.host) {
                        return Ok(Response::fail(
                            Code::Exists,
                            format!("{} is already a nameserver of {}", n.host, d.name),
                        ));
                    }
                    kept.push(n);
                }
            }
            Err(why) => return Ok(Response::fail(Code::ValueSyntax, why)),
        }
        Some(kept)
    };
    // DS (secDNS-1.1 update): rem all or some, then add.
    let sec = ext(cmd, SECDNS, "update");
    let ds = match sec {
        None => None,
        Some(s) => {
            let rem_all = xml::child(s, SECDNS, "rem")
                .and_then(|r| xml::child_text(r, SECDNS, "all"))
                .is_some_and(|t| t == "true" || t == "1");
            let rem_ds = xml::child(s, SECDNS, "rem")
                .map(ds_texts)
                .unwrap_or_default();
            let add_ds = xml::child(s, SECDNS, "add")
                .map(ds_texts)
                .unwrap_or_default();
            let rem_ds = match technical::parse_ds_records(&rem_ds) {
                Ok(v) => v,
                Err(why) => return Ok(Response::fail(Code::ValueSyntax, why)),
            };
            let add_ds = match technical::parse_ds_records(&add_ds) {
                Ok(v) => v,
                Err(why) => return Ok(Response::fail(Code::ValueSyntax, why)),
            };
            let mut kept: Vec<String> = if rem_all {
                Vec::new()
            } else {
                d.ds.iter()
                    .filter(|x| !rem_ds.contains(x))
                    .cloned()
                    .collect()
            };
            for x in add_ds {
                if !kept.contains(&x) {
                    kept.push(x);
                }
            }
            Some(kept)
        }
    };
    let tech = add.and_then(|a| {
        xml::children(a, DOMAIN, "contact")
            .find(|c| c.attribute("type") == Some("tech"))
            .map(xml::text)
    });
    let tech = match tech {
        Some(id) => match store::contacts::get_party(&tx, &id) {
            Ok(c) => Some(c.id),
            Err(e) => return Ok(Response::from_error(&e)),
        },
        None => None,
    };
    let registrant = chg.and_then(|c| xml::child_text(c, DOMAIN, "registrant"));
    let auth = chg.and_then(auth_of).filter(|a| !a.is_empty());
    let ns_count = nameservers.as_ref().map_or(d.nameservers.len(), Vec::len);
    let ds_count = ds.as_ref().map_or(d.ds.len(), Vec::len);
    if let Err(why) = technical::check_ds_needs_nameservers(ns_count, ds_count) {
        return Ok(Response::fail(Code::Policy, why));
    }
    let mut current = d.clone();
    if nameservers.is_some() || ds.is_some() || tech.is_some() {
        let change = TechnicalChange {
            nameservers,
            ds,
            tech,
        };
        let updated = match changes::update_technical(&d, &change, call.now, &policy.policy) {
            Ok(u) => u,
            Err(denied) => return Ok(Response::from_error(&Error::from(denied))),
        };
        let inputs = json!({ "name": d.name, "via": "epp", "change": format!("{change:?}") });
        record(&tx, &stamp, &policy, Kind::Update, inputs, &updated.outcome)?;
        current = updated.outcome.domain;
    }
    if let Some(new) = registrant {
        let new = match store::contacts::get_party(&tx, &new) {
            Ok(c) => c,
            Err(e) => return Ok(Response::from_error(&e)),
        };
        let out = match changes::transfer_ownership(&current, &new.id, call.now, &policy.policy) {
            Ok(o) => o,
            Err(denied) => return Ok(Response::from_error(&Error::from(denied))),
        };
        store::lifecycle::set_transfer_code(&tx, current.id, None)?;
        let inputs = json!({ "name": d.name, "registrant": new.id, "via": "epp" });
        record(&tx, &stamp, &policy, Kind::Transfer, inputs, &out)?;
        current = out.domain;
    }
    if let Some(code) = &auth {
        set_code(&tx, call, &policy, &current, code)?;
    }
    tx.commit()?;
    Ok(Response::ok())
}

fn delete(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let input = match name_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let stamp = call.stamp();
    let tx = store.write()?;
    let (d, policy) = match load_own(&tx, call, &input, None)? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    if store::hosts::subordinate_linked(&tx, &d.name)? {
        return Ok(Response::fail(
            Code::AssociationProhibits,
            format!(
                "hosts under {} are nameservers of other names; change those delegations first",
                d.name
            ),
        ));
    }
    let outcome = match removal::by_manager(&d, call.now, &policy.policy) {
        Ok(o) => o,
        Err(denied) => {
            return Ok(Response::from_error(&Error::from(denied)));
        }
    };
    let inputs = json!({ "name": d.name, "by": "manager", "via": "epp" });
    record(&tx, &stamp, &policy, Kind::Remove, inputs, &outcome)?;
    tx.commit()?;
    let pending = outcome.domain.pending_removal.is_some();
    let mut r = Response::new(if pending { Code::Pending } else { Code::Ok });
    if let Some(p) = &outcome.domain.pending_removal {
        r.reason = Some(format!(
            "[Art. {}] the registrant may oppose the removal until {}",
            p.article,
            fmt_time(p.effective)
        ));
    }
    Ok(r)
}

fn trn_data(name: &str, status: &str, re: &str, re_date: &str, ac: &str, ex: Time) -> String {
    format!(
        r#"<domain:trnData xmlns:domain="{DOMAIN}"><domain:name>{}</domain:name><domain:trStatus>{status}</domain:trStatus><domain:reID>{}</domain:reID><domain:reDate>{re_date}</domain:reDate><domain:acID>{}</domain:acID><domain:acDate>{re_date}</domain:acDate><domain:exDate>{}</domain:exDate></domain:trnData>"#,
        esc(name),
        esc(re),
        esc(ac),
        fmt_time(ex)
    )
}

fn transfer_request(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let input = match name_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let years = match period(object) {
        Ok(y) => y.filter(|y| *y > 0),
        Err(r) => return Ok(r),
    };
    let Some(code) = auth_of(object) else {
        return Ok(Response::fail(
            Code::Missing,
            "a transfer needs the one-time transfer code as <domain:authInfo> (Art. 15.1)",
        ));
    };
    let stamp = call.stamp();
    let tx = store.write()?;
    let name = match lookup_name(&input) {
        Ok(n) => n,
        Err(e) => return Ok(Response::from_error(&e)),
    };
    let Some(d) = store::domains::find_live(&tx, &name)? else {
        return Ok(Response::fail(
            Code::DoesNotExist,
            format!("{name} is not registered"),
        ));
    };
    let policy = store::policy::in_force(&tx, call.now)?;
    let me = store::contacts::get_registrar(&tx, call.registrar)?;
    let to = NewManager::Registrar {
        id: me.id.clone(),
        withdrawn: me.withdrawn.is_some(),
    };
    let stored = store::lifecycle::transfer_code(&tx, d.id)?;
    let stored = stored.as_ref().map(|(h, s)| (h.as_str(), s.as_str()));
    let outcome =
        match changes::transfer_management(&d, &to, &code, stored, call.now, &policy.policy) {
            Ok(o) => o,
            Err(denied) => {
                return Ok(Response::from_error(&Error::from(denied)));
            }
        };
    store::lifecycle::set_transfer_code(&tx, d.id, None)?;
    let losing = d.manager.clone();
    let inputs = json!({ "name": d.name, "manager": me.id, "from": losing, "via": "epp" });
    record(&tx, &stamp, &policy, Kind::Transfer, inputs, &outcome)?;
    let mut domain = outcome.domain;
    if years.is_some() {
        let renewed = match changes::renew(&domain, years, call.now, &policy.policy) {
            Ok(o) => o,
            Err(denied) => {
                let e = Error::from(denied);
                return Ok(Response::fail(Code::NotRenewable, refusal_text(&e)));
            }
        };
        let inputs = json!({ "name": d.name, "years": years, "via": "epp transfer" });
        record(&tx, &stamp, &policy, Kind::Renew, inputs, &renewed)?;
        domain = renewed.domain;
    }
    tx.commit()?;
    Ok(Response::with_data(
        Code::Ok,
        trn_data(
            &domain.name,
            "serverApproved",
            &me.id,
            &fmt_time(call.now),
            &losing,
            domain.expires,
        ),
    ))
}

fn transfer_query(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let input = match name_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let auth = auth_of(object);
    let tx = store.read()?;
    let (d, _) = match load_own(&tx, call, &input, auth.as_deref())? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    let last = crate::journal::for_domain(&tx, &d.name)?
        .into_iter()
        .rev()
        .find(|e| {
            e.command == Kind::Transfer.as_str()
                && serde_json::from_str::<serde_json::Value>(&e.inputs)
                    .is_ok_and(|v| v.get("manager").is_some())
        });
    let Some(entry) = last else {
        return Ok(Response::fail(
            Code::StatusProhibits,
            format!("{} has had no transfer of management", d.name),
        ));
    };
    let inputs: serde_json::Value = serde_json::from_str(&entry.inputs)?;
    let text = |k: &str| {
        inputs
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("registry")
            .to_string()
    };
    Ok(Response::with_data(
        Code::Ok,
        trn_data(
            &d.name,
            "serverApproved",
            &text("manager"),
            &entry.time,
            &text("from"),
            d.expires,
        ),
    ))
}
