//! The domain commands that change a registration: create (`ptreg
//! register`), renew, update (technical data, ownership, transfer code)
//! and delete (removal by the managing entity, Art. 21.2).

use roxmltree::Node;
use serde_json::json;

use super::super::response::{Code, Response, refusal_text};
use super::super::xml::{self, DOMAIN, PTREG, SECDNS, esc};
use super::super::{Call, Command};
use super::{auth_of, billing_aware, ds_texts, ext, load_own, name_of, ns_texts, period, set_code};
use crate::error::Kind as ErrorKind;
use crate::error::{Error, Result};
use crate::journal::Kind;
use crate::model::Nameserver;
use crate::ops::lifecycle::record;
use crate::ops::registration::register;
use crate::rules::lifecycle::changes::{self, TechnicalChange};
use crate::rules::lifecycle::removal;
use crate::rules::periods::fmt_time;
use crate::rules::registration::Request;
use crate::rules::technical;
use crate::store::{self, Store};

pub(super) fn create(
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
    let sec = ext(cmd, SECDNS, "create");
    if sec.is_some_and(|s| xml::child(s, SECDNS, "keyData").is_some()) {
        return Ok(Response::fail(
            Code::UnimplementedOption,
            "the registry keeps DS records: give secDNS:dsData, not keyData",
        ));
    }
    let ds = sec.map(ds_texts).unwrap_or_default();
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

pub(super) fn renew(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
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

pub(super) fn update(
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
    let mut warnings: Vec<String> = Vec::new();
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
        let inputs = json!({
            "name": d.name,
            "via": "epp",
            "nameservers": change.nameservers,
            "ds": change.ds,
            "tech": change.tech,
        });
        record(&tx, &stamp, &policy, Kind::Update, inputs, &updated.outcome)?;
        warnings = updated.warnings;
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
    // Done, with what the registrar should know (DS left behind, ...).
    let mut r = Response::ok();
    if !warnings.is_empty() {
        r.reason = Some(format!("warning: {}", warnings.join("; ")));
    }
    Ok(r)
}

pub(super) fn delete(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
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
        r.reason = Some(match p.effective {
            Some(at) => format!(
                "[Art. {}] the registrant may oppose the removal until {}",
                p.article,
                fmt_time(at)
            ),
            None => format!(
                "[Art. {}] the registrant may oppose the removal within {} days of being \
                 notified; the period starts when the notice is sent",
                p.article, policy.policy.periods.opposition
            ),
        });
    }
    Ok(r)
}
