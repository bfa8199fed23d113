//! Contact commands (RFC 5733), through the functions of `ptreg contact
//! add|update|erase`. `disclose` is the WHOIS consent of Art. 30.3
//! (`flag="1"`: consent given; `flag="0"`: withdrawn, Art. 30.4); an
//! organisation is always shown (Art. 30.7) whatever it says. A postal
//! info with `org` makes an organisation, named by it; the `ptreg:contact`
//! extension may give the kind and the VAT number.

use roxmltree::Node;
use rusqlite::Connection;

use super::response::{Code, Response};
use super::xml::{self, CONTACT, PTREG, esc};
use super::{Call, Command};
use crate::error::{Kind, Result};
use crate::journal::Stamp;
use crate::model::{Contact, ContactKind};
use crate::ops::contact::{Given, Source, add_in, erase_in, redact_outputs, update_in};
use crate::rules::periods::fmt_time;
use crate::store;
use crate::store::Store;

const CHECK_MAX: usize = 100;

pub(super) fn run(
    store: &mut Store,
    call: &Call<'_>,
    verb: &str,
    cmd: &Command<'_, '_>,
    object: Node<'_, '_>,
) -> Result<Response> {
    match verb {
        "check" => check(store, object),
        "info" => info(store, call, object),
        "create" => create(store, call, cmd, object),
        "update" => update(store, call, cmd, object),
        "delete" => delete(store, call, object),
        _ => Ok(Response::fail(
            Code::UnimplementedService,
            format!("no contact {verb}: contacts are not transferred"),
        )),
    }
}

fn stamp(call: &Call<'_>) -> Stamp {
    Stamp {
        now: call.now,
        actor: call.registrar.to_string(),
        reason: None,
    }
}

fn id_of(object: Node<'_, '_>) -> std::result::Result<String, Response> {
    match xml::child_text(object, CONTACT, "id") {
        Some(n) if !n.is_empty() => Ok(n),
        _ => Err(Response::fail(Code::Missing, "<contact:id> is required")),
    }
}

fn check(store: &mut Store, object: Node<'_, '_>) -> Result<Response> {
    let ids: Vec<String> = xml::children(object, CONTACT, "id")
        .map(xml::text)
        .collect();
    if ids.is_empty() || ids.len() > CHECK_MAX {
        return Ok(Response::fail(
            Code::Missing,
            format!("give 1 to {CHECK_MAX} <contact:id>"),
        ));
    }
    let tx = store.read()?;
    let mut out = format!(r#"<contact:chkData xmlns:contact="{CONTACT}">"#);
    for id in ids {
        let avail = store::contacts::find_contact(&tx, &id)?.is_none();
        out.push_str(&format!(
            r#"<contact:cd><contact:id avail="{}">{}</contact:id></contact:cd>"#,
            u8::from(avail),
            esc(&id)
        ));
    }
    out.push_str("</contact:chkData>");
    Ok(Response::with_data(Code::Ok, out))
}

/// The contact if the registrar sponsors it, else the response.
fn own(
    conn: &Connection,
    call: &Call<'_>,
    id: &str,
) -> Result<std::result::Result<Contact, Response>> {
    let Some(c) = store::contacts::find_contact(conn, id)? else {
        return Ok(Err(Response::fail(
            Code::DoesNotExist,
            format!("no contact {id}"),
        )));
    };
    if store::epp::contact_sponsor(conn, id)?.as_deref() != Some(call.registrar) {
        return Ok(Err(Response::fail(
            Code::Authorization,
            format!("contact {id} is not sponsored by {}", call.registrar),
        )));
    }
    Ok(Ok(c))
}

/// The fields a `<contact:create>` or `<contact:chg>` gives.
fn given(node: Node<'_, '_>, cmd: &Command<'_, '_>, ext_name: &str) -> Given {
    let mut g = Given::default();
    let postal = xml::child(node, CONTACT, "postalInfo");
    if let Some(p) = postal {
        let org = xml::child_text(p, CONTACT, "org").filter(|o| !o.is_empty());
        let name = xml::child_text(p, CONTACT, "name");
        match org {
            Some(org) => {
                g.kind = Some(ContactKind::Organization);
                g.name = Some(org);
            }
            None => {
                g.name = name;
            }
        }
        if let Some(addr) = xml::child(p, CONTACT, "addr") {
            let mut parts: Vec<String> = xml::children(addr, CONTACT, "street")
                .map(xml::text)
                .collect();
            for f in ["city", "sp", "pc"] {
                if let Some(v) = xml::child_text(addr, CONTACT, f).filter(|v| !v.is_empty()) {
                    parts.push(v);
                }
            }
            g.address = Some(parts.join(", "));
            g.country = xml::child_text(addr, CONTACT, "cc");
        }
    }
    g.phone = xml::child_text(node, CONTACT, "voice");
    g.email = xml::child_text(node, CONTACT, "email");
    if let Some(d) = xml::child(node, CONTACT, "disclose") {
        g.whois_consent = Some(matches!(d.attribute("flag"), Some("1") | Some("true")));
    }
    if let Some(pt) = cmd.extension.and_then(|e| xml::child(e, PTREG, ext_name)) {
        match xml::child_text(pt, PTREG, "kind").as_deref() {
            Some("organization") => g.kind = Some(ContactKind::Organization),
            Some("person") => g.kind = Some(ContactKind::Person),
            _ => {}
        }
        g.vat = xml::child_text(pt, PTREG, "vat");
    }
    g
}

fn refused(e: &crate::error::Error) -> Response {
    match e.kind {
        Kind::Usage => Response::fail(Code::Policy, e.message.clone()),
        _ => Response::from_error(e),
    }
}

fn create(
    store: &mut Store,
    call: &Call<'_>,
    cmd: &Command<'_, '_>,
    object: Node<'_, '_>,
) -> Result<Response> {
    let id = match id_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let mut g = given(object, cmd, "contact");
    if g.whois_consent.is_none() {
        g.whois_consent = Some(false);
    }
    let st = stamp(call);
    let tx = store.write()?;
    if store::contacts::find_contact(&tx, &id)?.is_some() {
        return Ok(Response::fail(Code::Exists, format!("contact {id} exists")));
    }
    let contact = match add_in(&tx, &st, &id, g, Source::Csv) {
        Ok(c) => c,
        Err(e) if e.kind == Kind::Internal => return Err(e),
        Err(e) => return Ok(refused(&e)),
    };
    store::epp::set_contact_sponsor(&tx, &contact.id, call.registrar)?;
    tx.commit()?;
    Ok(Response::with_data(
        Code::Ok,
        format!(
            r#"<contact:creData xmlns:contact="{CONTACT}"><contact:id>{}</contact:id><contact:crDate>{}</contact:crDate></contact:creData>"#,
            esc(&contact.id),
            fmt_time(contact.created)
        ),
    ))
}

fn info(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let id = match id_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let tx = store.read()?;
    let c = match own(&tx, call, &id)? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    let linked = !store::contacts::live_uses(&tx, &id)?.is_empty();
    let (name, org) = match c.kind {
        ContactKind::Organization => (c.name.clone(), Some(c.name.clone())),
        ContactKind::Person => (c.name.clone(), None),
    };
    let mut out = format!(
        r#"<contact:infData xmlns:contact="{CONTACT}"><contact:id>{}</contact:id><contact:roid>{}-PTC</contact:roid><contact:status s="{}"/><contact:postalInfo type="loc"><contact:name>{}</contact:name>"#,
        esc(&c.id),
        esc(&c.id.to_ascii_uppercase()),
        if linked { "linked" } else { "ok" },
        esc(&name)
    );
    if let Some(o) = org {
        out.push_str(&format!("<contact:org>{}</contact:org>", esc(&o)));
    }
    out.push_str(&format!(
        "<contact:addr><contact:street>{}</contact:street><contact:city>-</contact:city><contact:cc>{}</contact:cc></contact:addr></contact:postalInfo><contact:voice>{}</contact:voice><contact:email>{}</contact:email><contact:clID>{}</contact:clID><contact:crDate>{}</contact:crDate><contact:upDate>{}</contact:upDate>",
        esc(&c.address),
        esc(&c.country),
        esc(&c.phone),
        esc(&c.email),
        esc(call.registrar),
        fmt_time(c.created),
        fmt_time(c.updated)
    ));
    let shown = c.whois_consent || c.kind == ContactKind::Organization;
    out.push_str(&format!(
        r#"<contact:disclose flag="{}"><contact:name type="loc"/><contact:addr type="loc"/><contact:email/></contact:disclose></contact:infData>"#,
        u8::from(shown)
    ));
    Ok(Response::with_data(Code::Ok, out))
}

fn update(
    store: &mut Store,
    call: &Call<'_>,
    cmd: &Command<'_, '_>,
    object: Node<'_, '_>,
) -> Result<Response> {
    let id = match id_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let mut g = match xml::child(object, CONTACT, "chg") {
        Some(chg) => given(chg, cmd, "contact"),
        None => Given::default(),
    };
    if g.kind.is_none()
        && let Some(pt) = cmd.extension.and_then(|e| xml::child(e, PTREG, "contact"))
    {
        g.vat = xml::child_text(pt, PTREG, "vat");
    }
    let st = stamp(call);
    let tx = store.write()?;
    if let Err(r) = own(&tx, call, &id)? {
        return Ok(r);
    }
    let nothing = g.name.is_none()
        && g.email.is_none()
        && g.phone.is_none()
        && g.address.is_none()
        && g.country.is_none()
        && g.kind.is_none()
        && g.vat.is_none()
        && g.whois_consent.is_none();
    if nothing {
        return Ok(Response::fail(Code::Missing, "nothing to change"));
    }
    if let Err(e) = update_in(&tx, &st, &id, g, Source::Csv) {
        if e.kind == Kind::Internal {
            return Err(e);
        }
        return Ok(refused(&e));
    }
    tx.commit()?;
    Ok(Response::ok())
}

fn delete(store: &mut Store, call: &Call<'_>, object: Node<'_, '_>) -> Result<Response> {
    let id = match id_of(object) {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let st = stamp(call);
    let tx = store.write()?;
    let c = match own(&tx, call, &id)? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    if store::contacts::erased_at(&tx, &id)?.is_some() {
        return Ok(Response::fail(
            Code::DoesNotExist,
            format!("contact {id} was erased"),
        ));
    }
    if !store::contacts::live_uses(&tx, &id)?.is_empty() {
        return Ok(Response::fail(
            Code::AssociationProhibits,
            format!("contact {id} is used by a live domain"),
        ));
    }
    let outputs = store::outputs::list(&tx)?;
    let searched = match erase_in(&tx, &st, &c) {
        Ok((_, _, _, searched)) => searched,
        Err(e) if e.kind == Kind::Internal => return Err(e),
        Err(e) => return Ok(Response::from_error(&e)),
    };
    tx.commit()?;
    // As `contact erase` does: the values leave ptreg's output files and
    // the file's free pages too; an export still holding them is logged
    // for the operator (the registrar cannot act on it).
    if let Some(db) = store.conn().path().map(std::path::PathBuf::from) {
        let (_, holding) = redact_outputs(&db, false, &outputs, &searched)?;
        for file in holding {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "ptreg epp: {file} (written by ptreg) still holds erased contact {id}'s data"
            );
        }
    }
    store.scrub_free_space()?;
    Ok(Response::ok())
}
