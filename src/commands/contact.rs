//! `ptreg contact add|update|show|list|import`: registrants and
//! technical contacts, their data checked on the way in (Art. 13, 30.4).

use serde::Serialize;

use crate::cli::{self, ContactCommand, ContactFields};
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::{Contact, ContactKind};
use crate::ops;
use crate::ops::contact::{Given, Source};
use crate::render;
use crate::rules::contact as rules;
use crate::rules::periods::fmt_time;
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

/// The contact data given by flags.
fn given(f: &ContactFields) -> Given {
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

fn add(id: &str, fields: &ContactFields, ctx: &Ctx) -> Result<()> {
    if fields.no_whois_consent {
        return Err(Error::usage(
            "--no-whois-consent is for `contact update`; a new contact has no consent unless --whois-consent",
        ));
    }
    let given = given(fields);
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let contact = ops::contact::add_in(&tx, &ctx.stamp(), id, given, Source::Flags)?;
    store::finish(tx, ctx.dry_run)?;
    emit_contact(ctx, &contact, "added")
}

fn update(id: &str, fields: &ContactFields, ctx: &Ctx) -> Result<()> {
    let given = given(fields);
    if given.names().is_empty() {
        return Err(Error::usage(
            "nothing to update: give the fields to change (--name, --email, --phone, --address, \
             --country, --kind, --vat, --iban, --whois-consent or --no-whois-consent)",
        ));
    }
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let contact = ops::contact::update_in(&tx, &ctx.stamp(), id, given, Source::Flags)?;
    store::finish(tx, ctx.dry_run)?;
    emit_contact(ctx, &contact, "updated")
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
