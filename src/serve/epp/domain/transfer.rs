//! `<transfer>` of a domain: a management transfer with the one-time code
//! (Art. 15.1), completed at once, and the query of the last one.

use roxmltree::Node;
use serde_json::json;

use super::super::Call;
use super::super::response::{Code, Response, refusal_text};
use super::super::xml::{DOMAIN, esc};
use super::{auth_of, load_own, name_of, period};
use crate::error::{Error, Result};
use crate::journal::Kind;
use crate::ops::lifecycle::record;
use crate::ops::names::lookup_name;
use crate::rules::lifecycle::changes::{self, NewManager};
use crate::rules::periods::{Time, fmt_time};
use crate::store::{self, Store};

fn trn_data(name: &str, status: &str, re: &str, re_date: &str, ac: &str, ex: Time) -> String {
    format!(
        r#"<domain:trnData xmlns:domain="{DOMAIN}"><domain:name>{}</domain:name><domain:trStatus>{status}</domain:trStatus><domain:reID>{}</domain:reID><domain:reDate>{re_date}</domain:reDate><domain:acID>{}</domain:acID><domain:acDate>{re_date}</domain:acDate><domain:exDate>{}</domain:exDate></domain:trnData>"#,
        esc(name),
        esc(re),
        esc(ac),
        fmt_time(ex)
    )
}

pub(super) fn request(
    store: &mut Store,
    call: &Call<'_>,
    object: Node<'_, '_>,
) -> Result<Response> {
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

pub(super) fn query(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
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
