//! `ptreg contact add|update|show|list|import`: registrants and
//! technical contacts, their data checked on the way in (Art. 13, 30.4).

use serde::Serialize;
use serde_json::{Value, json};

use crate::cli::{self, ContactCommand, ContactFields};
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::model::{Contact, ContactKind};
use crate::render;
use crate::rules::contact::{self as rules, FieldProblem};
use crate::rules::periods::{Time, fmt_time};
use crate::store;

pub(crate) mod erase;
mod import;

pub(crate) fn run(cmd: ContactCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        ContactCommand::Add { id, fields } => add(&id, &fields, ctx),
        ContactCommand::Update { id, fields } => update(&id, &fields, ctx),
        ContactCommand::Show { id } => show(&id, ctx),
        ContactCommand::List(format) => list(&format, ctx),
        ContactCommand::Import { file, reject } => import::import(&file, reject.as_deref(), ctx),
        ContactCommand::Erase { id } => erase::erase(&id, ctx),
    }
}

/// A contact's data as given, by flags or by a CSV row; `None` = not given.
#[derive(Debug, Default)]
pub(crate) struct Given {
    pub(crate) name: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) address: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) kind: Option<ContactKind>,
    pub(crate) vat: Option<String>,
    pub(crate) iban: Option<String>,
    pub(crate) whois_consent: Option<bool>,
}

impl Given {
    fn from_flags(f: &ContactFields) -> Given {
        Given {
            name: f.name.clone(),
            email: f.email.clone(),
            phone: f.phone.clone(),
            address: f.address.clone(),
            country: f.country.clone(),
            kind: f.kind.map(|k| match k {
                cli::ContactKind::Person => ContactKind::Person,
                cli::ContactKind::Organization => ContactKind::Organization,
            }),
            vat: f.vat.clone(),
            iban: f.iban.clone(),
            whois_consent: if f.whois_consent {
                Some(true)
            } else if f.no_whois_consent {
                Some(false)
            } else {
                None
            },
        }
    }

    /// The fields given, by their flag names, in flag order.
    fn names(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (given, name) in [
            (self.name.is_some(), "name"),
            (self.email.is_some(), "email"),
            (self.phone.is_some(), "phone"),
            (self.address.is_some(), "address"),
            (self.country.is_some(), "country"),
            (self.kind.is_some(), "kind"),
            (self.vat.is_some(), "vat"),
            (self.iban.is_some(), "iban"),
            (self.whois_consent.is_some(), "whois_consent"),
        ] {
            if given {
                out.push(name);
            }
        }
        out
    }

    fn to_json(&self) -> Value {
        json!({
            "name": self.name, "email": self.email, "phone": self.phone,
            "address": self.address, "country": self.country,
            "kind": self.kind.map(ContactKind::as_str), "vat": self.vat,
            "iban": self.iban,
            "whois_consent": self.whois_consent,
        })
    }
}

/// Why given data cannot make a contact.
enum Invalid {
    Missing(&'static str),
    Bad(FieldProblem),
}

/// How a field is named in messages: `--email` for flags, `email` in CSV
/// and over EPP.
#[derive(Clone, Copy)]
pub(crate) enum Source {
    Flags,
    Csv,
}

impl Invalid {
    fn into_error(self, source: Source) -> Error {
        let prefix = match source {
            Source::Flags => "--",
            Source::Csv => "",
        };
        match self {
            Invalid::Missing(field) => Error::usage(format!("missing {prefix}{field}")),
            Invalid::Bad(p) => Error::usage(format!(
                "{prefix}{} {:?}: {}",
                p.field.replace('_', "-"),
                p.value,
                p.reason
            )),
        }
    }
}

/// A new contact from the given data: every required field present and
/// every field passing its check.
fn new_contact(id: &str, given: Given, now: Time) -> Result<Contact, Invalid> {
    let need = |v: Option<String>, field| {
        v.filter(|s| !s.trim().is_empty())
            .ok_or(Invalid::Missing(field))
    };
    let c = Contact {
        id: id.to_string(),
        kind: given.kind.unwrap_or(ContactKind::Person),
        name: need(given.name, "name")?,
        email: need(given.email, "email")?,
        phone: need(given.phone, "phone")?,
        address: need(given.address, "address")?,
        country: need(given.country, "country")?,
        vat: given.vat,
        iban: given.iban,
        whois_consent: given.whois_consent.unwrap_or(false),
        created: now,
        updated: now,
    };
    checked(c, &[])
}

/// The contact with the given fields changed (Art. 13); only those are
/// checked, so an old record is not blocked by a field nobody touched.
fn changed_contact(old: &Contact, given: Given, now: Time) -> Result<Contact, Invalid> {
    let fields = given.names();
    let mut c = old.clone();
    if let Some(v) = given.name {
        c.name = v;
    }
    if let Some(v) = given.email {
        c.email = v;
    }
    if let Some(v) = given.phone {
        c.phone = v;
    }
    if let Some(v) = given.address {
        c.address = v;
    }
    if let Some(v) = given.country {
        c.country = v;
    }
    if let Some(v) = given.kind {
        c.kind = v;
    }
    if let Some(v) = given.vat {
        c.vat = Some(v);
    }
    if let Some(v) = given.iban {
        c.iban = Some(v);
    }
    if let Some(v) = given.whois_consent {
        c.whois_consent = v;
    }
    c.updated = now;
    checked(c, &fields)
}

/// The contact normalized, or its first failing field among `only` (all
/// when empty), echoing the value as it was given.
fn checked(mut c: Contact, only: &[&str]) -> Result<Contact, Invalid> {
    let given = c.clone();
    rules::normalize(&mut c);
    match rules::field_problems(&c)
        .into_iter()
        .find(|p| only.is_empty() || only.contains(&p.field))
    {
        Some(mut p) => {
            p.value = rules::field_value(&given, p.field);
            Err(Invalid::Bad(p))
        }
        None => Ok(c),
    }
}

fn add(id: &str, fields: &ContactFields, ctx: &Ctx) -> Result<()> {
    if fields.no_whois_consent {
        return Err(Error::usage(
            "--no-whois-consent is for `contact update`; a new contact has no consent unless --whois-consent",
        ));
    }
    let given = Given::from_flags(fields);
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let contact = add_in(&tx, &ctx.stamp(), id, given, Source::Flags)?;
    store::finish(tx, ctx.dry_run)?;
    emit_contact(ctx, &contact, "added")
}

/// Adds a contact inside the caller's transaction, journaled as `contact
/// add`: every face that creates contacts (flags, EPP) goes through here.
pub(crate) fn add_in(
    tx: &rusqlite::Connection,
    stamp: &journal::Stamp,
    id: &str,
    given: Given,
    source: Source,
) -> Result<Contact> {
    let inputs = json!({ "id": id, "fields": given.to_json() });
    let contact = new_contact(id, given, stamp.now).map_err(|e| e.into_error(source))?;
    let policy = store::policy::in_force(tx, stamp.now)?;
    store::contacts::insert_contact(tx, &contact)?;
    journal::append(
        tx,
        stamp,
        &policy.digest,
        Entry {
            command: journal::Kind::ContactAdd,
            article: None,
            domain: None,
            inputs,
            outcome: serde_json::to_value(&contact)?,
        },
    )?;
    Ok(contact)
}

fn update(id: &str, fields: &ContactFields, ctx: &Ctx) -> Result<()> {
    let given = Given::from_flags(fields);
    if given.names().is_empty() {
        return Err(Error::usage(
            "nothing to update: give the fields to change (--name, --email, --phone, --address, \
             --country, --kind, --vat, --iban, --whois-consent or --no-whois-consent)",
        ));
    }
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let contact = update_in(&tx, &ctx.stamp(), id, given, Source::Flags)?;
    store::finish(tx, ctx.dry_run)?;
    emit_contact(ctx, &contact, "updated")
}

/// Changes a contact inside the caller's transaction, journaled as
/// `contact update` (Art. 13; 30.4 when the WHOIS consent is withdrawn).
pub(crate) fn update_in(
    tx: &rusqlite::Connection,
    stamp: &journal::Stamp,
    id: &str,
    given: Given,
    source: Source,
) -> Result<Contact> {
    // Withdrawing consent is its own right (Art. 30.4); any other change is Art. 13.
    let article = if given.whois_consent == Some(false) {
        "30.4"
    } else {
        "13"
    };
    let mut inputs = json!({ "id": id, "fields": given.to_json() });
    let policy = store::policy::in_force(tx, stamp.now)?;
    let old = store::contacts::get_contact(tx, id)?;
    if let Some(when) = store::contacts::erased_at(tx, id)? {
        return Err(
            Error::conflict(format!("contact {id} was erased on {when} (Art. 29.5)"))
                .with_hint("add a new contact instead"),
        );
    }
    // The contact before the change, so it can be shown as of an earlier
    // time even when it was loaded by `contact import` (store::history).
    inputs["before"] = serde_json::to_value(&old)?;
    let contact = changed_contact(&old, given, stamp.now).map_err(|e| e.into_error(source))?;
    store::contacts::update_contact(tx, &contact)?;
    journal::append(
        tx,
        stamp,
        &policy.digest,
        Entry {
            command: journal::Kind::ContactUpdate,
            article: Some(article),
            domain: None,
            inputs,
            outcome: serde_json::to_value(&contact)?,
        },
    )?;
    Ok(contact)
}

fn emit_contact(ctx: &Ctx, contact: &Contact, verb: &str) -> Result<()> {
    if ctx.dry_run {
        ctx.status(format!("dry run: contact {} would be {verb}", contact.id));
    }
    render::emit(ctx, contact, contact_text)
}

/// A stored contact with the checks it fails today (records imported by
/// other tools, or written before a check existed), so staff can fix them.
#[derive(Serialize)]
struct Shown {
    #[serde(flatten)]
    contact: Contact,
    /// When its personal data was erased (Art. 29.5), if it was.
    erased: Option<String>,
    problems: Vec<String>,
}

fn show(id: &str, ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let contact = store::contacts::get_contact(&tx, id)?;
    let erased = store::contacts::erased_at(&tx, id)?;
    // An erased contact fails every check by design: say it was erased.
    let problems = match erased {
        Some(_) => Vec::new(),
        None => rules::problems(&contact),
    };
    let shown = Shown {
        contact,
        erased,
        problems,
    };
    render::emit(ctx, &shown, |s| {
        let mut text = contact_text(&s.contact);
        if let Some(when) = &s.erased {
            text.push_str(&format!("\nerased:        {when} (Art. 29.5)"));
        }
        for p in &s.problems {
            text.push_str(&format!("\nproblem:       {p}"));
        }
        text
    })
}

/// The TSV/CSV columns of `contact list` (the JSON field names).
const LIST_HEADER: &[&str] = &[
    "id",
    "kind",
    "name",
    "email",
    "phone",
    "address",
    "country",
    "vat",
    "whois_consent",
    "created",
    "updated",
];

fn list(format: &cli::ListFormat, ctx: &Ctx) -> Result<()> {
    let format = ctx.list_format(format)?;
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let mut listing = render::list::Listing::new(format, LIST_HEADER, |c: &Contact| {
        vec![
            c.id.clone(),
            c.kind.as_str().to_string(),
            c.name.clone(),
            c.email.clone(),
            c.phone.clone(),
            c.address.clone(),
            c.country.clone(),
            render::list::opt(&c.vat),
            c.whois_consent.to_string(),
            fmt_time(c.created),
            fmt_time(c.updated),
        ]
    })?;
    store::contacts::list_contacts(&tx, |c| listing.push(c))?;
    listing.finish(|list| {
        if list.is_empty() {
            return "no contacts".to_string();
        }
        render::table(
            &["id", "kind", "name", "email", "country", "whois consent"],
            list.iter().map(|c| {
                vec![
                    c.id.clone(),
                    c.kind.as_str().to_string(),
                    c.name.clone(),
                    c.email.clone(),
                    c.country.clone(),
                    yes_no(c.whois_consent),
                ]
            }),
        )
    })?;
    Ok(())
}

fn contact_text(c: &Contact) -> String {
    render::fields(&[
        ("id", c.id.clone()),
        ("kind", c.kind.as_str().to_string()),
        ("name", c.name.clone()),
        ("email", c.email.clone()),
        ("phone", c.phone.clone()),
        ("address", c.address.clone()),
        ("country", c.country.clone()),
        ("vat", c.vat.clone().unwrap_or_else(|| "-".into())),
        ("iban", c.iban.clone().unwrap_or_else(|| "-".into())),
        ("whois consent", yes_no(c.whois_consent)),
        ("created", fmt_time(c.created)),
        ("updated", fmt_time(c.updated)),
    ])
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}
