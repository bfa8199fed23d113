//! Host commands (RFC 5732). A host under `.pt` belongs to the registrar
//! that manages its superordinate domain, and its addresses are the glue
//! of every delegation naming it (`store::hosts`); a host outside `.pt`
//! has no addresses and belongs to the registrar that created it.

use roxmltree::Node;
use rusqlite::Connection;
use serde_json::json;

use super::Call;
use super::response::{Code, Response};
use super::xml::{self, HOST, esc};
use crate::error::Result;
use crate::journal::{self, Entry, Stamp};
use crate::rules::technical;
use crate::store::Store;
use crate::store::{self, hosts::Host};

/// The most hosts one `<host:check>` may ask about.
const CHECK_MAX: usize = 100;

pub(super) fn run(
    store: &mut Store,
    call: &Call<'_>,
    verb: &str,
    object: Node<'_, '_>,
) -> Result<Response> {
    match verb {
        "check" => check(store, object),
        "info" => info(store, call, object),
        "create" => create(store, call, object),
        "update" => update(store, call, object),
        "delete" => delete(store, call, object),
        _ => Ok(Response::fail(
            Code::UnimplementedService,
            format!("no host {verb}"),
        )),
    }
}

/// `HOST` or `HOST=IP,...` for a delegation naming the host object `name`:
/// its addresses are the delegation's glue.
pub(super) fn glue_text(conn: &Connection, name: &str) -> Result<String> {
    let key = name.trim().trim_end_matches('.').to_ascii_lowercase();
    Ok(match store::hosts::find(conn, &key)? {
        Some(h) if !h.addresses.is_empty() => format!("{key}={}", h.addresses.join(",")),
        _ => name.trim().to_string(),
    })
}

/// A host name and addresses checked as the command line checks
/// `--ns HOST=IP` (A-label host, canonical addresses, glue only under .pt).
fn parse(name: &str, addrs: &[String]) -> std::result::Result<(String, Vec<String>), Response> {
    let text = if addrs.is_empty() {
        name.to_string()
    } else {
        format!("{name}={}", addrs.join(","))
    };
    technical::parse_nameserver(&text, "")
        .map(|n| (n.host, n.addresses))
        .map_err(|why| Response::fail(Code::ValueSyntax, why))
}

/// The live domain a `.pt` host is under (`ns1.a.exemplo.pt` →
/// `exemplo.pt`), with its managing registrar.
fn superordinate(conn: &Connection, host: &str) -> Result<Option<(String, Option<String>)>> {
    let mut rest = host;
    while let Some((_, parent)) = rest.split_once('.') {
        if let Some(d) = store::domains::find_live(conn, parent)? {
            return Ok(Some((d.name.clone(), d.registrar().map(str::to_string))));
        }
        rest = parent;
    }
    Ok(None)
}

fn name_of(object: Node<'_, '_>) -> std::result::Result<String, Response> {
    match xml::child_text(object, HOST, "name") {
        Some(n) if !n.is_empty() => Ok(n),
        _ => Err(Response::fail(Code::Missing, "<host:name> is required")),
    }
}

fn addrs(node: Option<Node<'_, '_>>) -> Vec<String> {
    node.map(|n| xml::children(n, HOST, "addr").map(xml::text).collect())
        .unwrap_or_default()
}

fn check(store: &mut Store, object: Node<'_, '_>) -> Result<Response> {
    let names: Vec<String> = xml::children(object, HOST, "name").map(xml::text).collect();
    if names.is_empty() {
        return Ok(Response::fail(Code::Missing, "<host:name> is required"));
    }
    if names.len() > CHECK_MAX {
        return Ok(Response::fail(
            Code::Range,
            format!("at most {CHECK_MAX} names per check"),
        ));
    }
    let tx = store.read()?;
    let mut out = format!(r#"<host:chkData xmlns:host="{HOST}">"#);
    for name in names {
        let key = name.trim_end_matches('.').to_ascii_lowercase();
        let taken = store::hosts::find(&tx, &key)?.is_some_and(|h| h.stored);
        if taken {
            out.push_str(&format!(
                r#"<host:cd><host:name avail="0">{}</host:name><host:reason>in use</host:reason></host:cd>"#,
                esc(&key)
            ));
        } else {
            out.push_str(&format!(
                r#"<host:cd><host:name avail="1">{}</host:name></host:cd>"#,
                esc(&key)
            ));
        }
    }
    out.push_str("</host:chkData>");
    Ok(Response::with_data(Code::Ok, out))
}

/// The host if the registrar sponsors it, else the response (2303, 2201).
fn own(
    conn: &Connection,
    call: &Call<'_>,
    name: &str,
) -> Result<std::result::Result<Host, Response>> {
    let key = name.trim_end_matches('.').to_ascii_lowercase();
    match store::hosts::find(conn, &key)? {
        None => Ok(Err(Response::fail(
            Code::DoesNotExist,
            format!("no host {key}"),
        ))),
        Some(h) if h.sponsor.as_deref() == Some(call.registrar) => Ok(Ok(h)),
        Some(h) => Ok(Err(Response::fail(
            Code::Authorization,
            format!("host {} is not sponsored by {}", h.name, call.registrar),
        ))),
    }
}

fn info(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let name = match name_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let tx = store.read()?;
    let h = match own(&tx, call, &name)? {
        Ok(h) => h,
        Err(r) => return Ok(r),
    };
    let linked = !store::hosts::linked(&tx, &h.name)?.is_empty();
    let mut out = format!(
        r#"<host:infData xmlns:host="{HOST}"><host:name>{}</host:name><host:roid>{}-PTH</host:roid><host:status s="{}"/>"#,
        esc(&h.name),
        esc(&h.name.replace('.', "_").to_ascii_uppercase()),
        if linked { "linked" } else { "ok" }
    );
    for a in &h.addresses {
        let v = if a.contains(':') { "v6" } else { "v4" };
        out.push_str(&format!(r#"<host:addr ip="{v}">{}</host:addr>"#, esc(a)));
    }
    out.push_str(&format!(
        "<host:clID>{}</host:clID>",
        esc(h.sponsor.as_deref().unwrap_or(""))
    ));
    if let Some(c) = &h.created {
        out.push_str(&format!("<host:crDate>{}</host:crDate>", esc(c)));
    }
    out.push_str("</host:infData>");
    Ok(Response::with_data(Code::Ok, out))
}

/// Journals a host change, under the superordinate domain when there is one.
fn journal_host(
    conn: &Connection,
    call: &Call<'_>,
    command: journal::Kind,
    domain: Option<&str>,
    host: &Host,
) -> Result<()> {
    let policy = store::policy::in_force(conn, call.now)?;
    journal::append(
        conn,
        &Stamp {
            now: call.now,
            actor: call.registrar.to_string(),
            reason: None,
        },
        &policy.digest,
        Entry {
            command,
            article: domain.map(|_| "16.1"),
            domain,
            inputs: json!({ "name": host.name, "via": "epp" }),
            outcome: json!({
                "name": host.name,
                "sponsor": host.sponsor,
                "addresses": host.addresses,
            }),
        },
    )?;
    Ok(())
}

fn create(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let name = match name_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let (name, addresses) = match parse(&name, &addrs(Some(object))) {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    let tx = store.write()?;
    // A host only named by delegations is not an object yet: the registrar
    // of its domain (or, outside .pt, the first to ask) makes it one.
    if store::hosts::find(&tx, &name)?.is_some_and(|h| h.stored) {
        return Ok(Response::fail(Code::Exists, format!("host {name} exists")));
    }
    let sup = superordinate(&tx, &name)?;
    if let Some((domain, manager)) = &sup {
        if manager.as_deref() != Some(call.registrar) {
            return Ok(Response::fail(
                Code::Authorization,
                format!(
                    "{name} is under {domain}, which {} does not manage",
                    call.registrar
                ),
            ));
        }
        if addresses.is_empty() {
            return Ok(Response::fail(
                Code::Missing,
                format!("{name} is inside {domain}: give its addresses (the glue)"),
            ));
        }
    } else if name.ends_with(".pt") {
        return Ok(Response::fail(
            Code::DoesNotExist,
            format!("{name} is under .pt but under no registered name"),
        ));
    }
    let host = Host {
        name: name.clone(),
        sponsor: Some(call.registrar.to_string()),
        addresses,
        created: None,
        stored: true,
    };
    store::hosts::save(&tx, &host, call.now)?;
    journal_host(
        &tx,
        call,
        journal::Kind::HostCreate,
        sup.as_ref().map(|s| s.0.as_str()),
        &host,
    )?;
    tx.commit()?;
    Ok(Response::with_data(
        Code::Ok,
        format!(
            r#"<host:creData xmlns:host="{HOST}"><host:name>{}</host:name><host:crDate>{}</host:crDate></host:creData>"#,
            esc(&name),
            crate::rules::periods::fmt_time(call.now)
        ),
    ))
}

fn update(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let name = match name_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let add = xml::child(object, HOST, "add");
    let rem = xml::child(object, HOST, "rem");
    if let Some(chg) = xml::child(object, HOST, "chg")
        && xml::child(chg, HOST, "name").is_some()
    {
        return Ok(Response::fail(
            Code::UnimplementedOption,
            "hosts are not renamed: create the new host and change the delegations",
        ));
    }
    for part in [add, rem].into_iter().flatten() {
        if xml::child(part, HOST, "status").is_some() {
            return Ok(Response::fail(Code::Policy, "client statuses are not kept"));
        }
    }
    let tx = store.write()?;
    let mut h = match own(&tx, call, &name)? {
        Ok(h) => h,
        Err(r) => return Ok(r),
    };
    let (_, removed) = match parse(&h.name, &addrs(rem)) {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    let (_, added) = match parse(&h.name, &addrs(add)) {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    h.addresses.retain(|a| !removed.contains(a));
    for a in added {
        if !h.addresses.contains(&a) {
            h.addresses.push(a);
        }
    }
    let sup = superordinate(&tx, &h.name)?;
    if let Some((domain, _)) = &sup
        && h.addresses.is_empty()
        && store::hosts::linked(&tx, &h.name)?.contains(domain)
    {
        return Ok(Response::fail(
            Code::AssociationProhibits,
            format!(
                "{domain} delegates to {}: it keeps at least one address",
                h.name
            ),
        ));
    }
    store::hosts::save(&tx, &h, call.now)?;
    journal_host(
        &tx,
        call,
        journal::Kind::HostUpdate,
        sup.as_ref().map(|s| s.0.as_str()),
        &h,
    )?;
    tx.commit()?;
    Ok(Response::ok())
}

fn delete(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let name = match name_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let tx = store.write()?;
    let h = match own(&tx, call, &name)? {
        Ok(h) => h,
        Err(r) => return Ok(r),
    };
    let linked = store::hosts::linked(&tx, &h.name)?;
    if !linked.is_empty() {
        return Ok(Response::fail(
            Code::AssociationProhibits,
            format!(
                "{} is a nameserver of {}; change those delegations first",
                h.name,
                linked.join(", ")
            ),
        ));
    }
    if !h.stored {
        return Ok(Response::fail(
            Code::DoesNotExist,
            format!("no host {}", h.name),
        ));
    }
    let sup = superordinate(&tx, &h.name)?;
    store::hosts::delete(&tx, &h.name)?;
    journal_host(
        &tx,
        call,
        journal::Kind::HostDelete,
        sup.as_ref().map(|s| s.0.as_str()),
        &h,
    )?;
    tx.commit()?;
    Ok(Response::ok())
}
