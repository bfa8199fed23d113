//! `ptreg registrar add|list|show|import|withdraw`: the managing
//! entities, and the passing of a withdrawn registrar's names to their
//! registrants (Art. 15.2).

use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::csv_rows::{self, CsvFile};
use crate::cli::RegistrarCommand;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::model::{Registrar, State};
use crate::ops;
use crate::render;
use crate::rules::contact as rules;
use crate::rules::lifecycle::expiry;
use crate::rules::periods::{Time, fmt_time};
use crate::store;

pub(crate) fn run(cmd: RegistrarCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        RegistrarCommand::Add {
            id,
            name,
            email,
            address,
            vat,
        } => add(id, name, email, Some(address), vat, ctx),
        RegistrarCommand::Update {
            id,
            name,
            email,
            address,
            vat,
        } => update(&id, name, email, address, vat, ctx),
        RegistrarCommand::List { format, as_of } => list(&format, as_of.as_deref(), ctx),
        RegistrarCommand::Show { id, as_of } => show(&id, as_of.as_deref(), ctx),
        RegistrarCommand::Withdraw { id } => withdraw(&id, ctx),
        RegistrarCommand::Import { file, reject } => import(&file, reject.as_deref(), ctx),
        RegistrarCommand::Credentials {
            id,
            password_file,
            cert_sha256,
            allow_from,
        } => super::credentials::run(&id, &password_file, &cert_sha256, &allow_from, ctx),
    }
}

/// A new registrar, every field checked; `prefix` is how fields are named
/// in messages (`--` for flags, nothing for CSV columns).
fn new_registrar(
    id: String,
    name: String,
    email: String,
    address: Option<String>,
    vat: Option<String>,
    now: Time,
    prefix: &str,
) -> Result<Registrar> {
    let r = Registrar {
        id: id.trim().to_string(),
        name: name.trim().to_string(),
        email: email.trim().to_string(),
        address: address
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string),
        vat: vat
            .as_deref()
            .map(rules::normalize_vat)
            .filter(|v| !v.is_empty()),
        created: now,
        withdrawn: None,
    };
    checked(r, prefix)
}

/// Every field of a registrar checked, as `contact` checks a contact's.
fn checked(r: Registrar, prefix: &str) -> Result<Registrar> {
    let mut checks = vec![
        ("id", r.id.clone(), rules::check_id(&r.id)),
        ("name", r.name.clone(), rules::check_text(&r.name)),
        ("email", r.email.clone(), rules::check_email(&r.email)),
    ];
    if let Some(vat) = &r.vat {
        checks.push(("vat", vat.clone(), rules::check_vat(vat)));
    }
    if let Some(address) = &r.address {
        checks.push(("address", address.clone(), rules::check_text(address)));
    }
    for (field, value, result) in checks {
        if let Err(reason) = result {
            let field = if field == "id" {
                field.to_string()
            } else {
                format!("{prefix}{field}")
            };
            return Err(Error::usage(format!("{field} {value:?}: {reason}")));
        }
    }
    Ok(r)
}

fn add(
    id: String,
    name: String,
    email: String,
    address: Option<String>,
    vat: Option<String>,
    ctx: &Ctx,
) -> Result<()> {
    let inputs = json!({ "id": id, "name": name, "email": email, "address": address, "vat": vat });
    if address.as_deref().is_some_and(|a| a.trim().is_empty()) {
        return Err(Error::usage(
            "--address: the registrar's postal address is published by WHOIS (Art. 30.2)",
        ));
    }
    let registrar = new_registrar(id, name, email, address, vat, ctx.now, "--")?;
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    store::contacts::insert_registrar(&tx, &registrar)?;
    journal::append(
        &tx,
        &ctx.stamp(),
        &policy.digest,
        Entry {
            command: journal::Kind::RegistrarAdd,
            article: None,
            domain: None,
            inputs,
            outcome: serde_json::to_value(&registrar)?,
        },
    )?;
    store::finish(tx, ctx.dry_run)?;
    if ctx.dry_run {
        ctx.status(format!(
            "dry run: registrar {} would be added",
            registrar.id
        ));
    }
    render::emit(ctx, &registrar, registrar_text)
}

/// Changes what is given of a registrar's data; the rest stays.
fn update(
    id: &str,
    name: Option<String>,
    email: Option<String>,
    address: Option<String>,
    vat: Option<String>,
    ctx: &Ctx,
) -> Result<()> {
    if name.is_none() && email.is_none() && address.is_none() && vat.is_none() {
        return Err(Error::usage(
            "registrar update needs at least one of --name, --email, --address, --vat",
        ));
    }
    let inputs = json!({ "id": id, "name": name, "email": email, "address": address, "vat": vat });
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let before = store::contacts::get_registrar(&tx, id)?;
    let mut r = before.clone();
    if let Some(n) = name {
        r.name = n.trim().to_string();
    }
    if let Some(e) = email {
        r.email = e.trim().to_string();
    }
    if let Some(a) = address {
        r.address = Some(a.trim().to_string());
    }
    if let Some(v) = vat {
        r.vat = Some(rules::normalize_vat(&v)).filter(|v| !v.is_empty());
    }
    let registrar = checked(r, "--")?;
    store::contacts::update_registrar(&tx, &registrar)?;
    journal::append(
        &tx,
        &ctx.stamp(),
        &policy.digest,
        Entry {
            command: journal::Kind::RegistrarUpdate,
            article: None,
            domain: None,
            inputs: json!({ "request": inputs, "before": before }),
            outcome: serde_json::to_value(&registrar)?,
        },
    )?;
    store::finish(tx, ctx.dry_run)?;
    if ctx.dry_run {
        ctx.status(format!(
            "dry run: registrar {} would be updated",
            registrar.id
        ));
    }
    render::emit(ctx, &registrar, registrar_text)
}

/// The TSV/CSV columns of `registrar list` (the JSON field names).
const LIST_HEADER: &[&str] = &[
    "id",
    "name",
    "email",
    "address",
    "vat",
    "created",
    "withdrawn",
];

fn list(format: &crate::cli::ListFormat, as_of: Option<&str>, ctx: &Ctx) -> Result<()> {
    let format = ctx.list_format(format)?;
    let as_of = as_of
        .map(|t| Ctx::parse_time_opt("--as-of", t))
        .transpose()?;
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let mut listing = render::list::Listing::new(format, LIST_HEADER, |r: &Registrar| {
        vec![
            r.id.clone(),
            r.name.clone(),
            r.email.clone(),
            render::list::opt(&r.address),
            render::list::opt(&r.vat),
            fmt_time(r.created),
            r.withdrawn.map(fmt_time).unwrap_or_default(),
        ]
    })?;
    match as_of {
        // As they stood then.
        Some(at) => {
            for r in store::history::registrars_as_of(&tx, at)? {
                listing.push(r)?;
            }
        }
        None => store::contacts::list_registrars(&tx, |r| listing.push(r))?,
    }
    listing.finish(|list| {
        if list.is_empty() {
            return "no registrars".to_string();
        }
        render::table(
            &["id", "name", "email", "vat", "withdrawn"],
            list.iter().map(|r| {
                vec![
                    r.id.clone(),
                    r.name.clone(),
                    r.email.clone(),
                    r.vat.clone().unwrap_or_default(),
                    r.withdrawn.map(fmt_time).unwrap_or_default(),
                ]
            }),
        )
    })?;
    Ok(())
}

/// A registrar with the number of live names it manages.
#[derive(Serialize)]
struct Shown {
    #[serde(flatten)]
    registrar: Registrar,
    domains: usize,
}

fn show(id: &str, as_of: Option<&str>, ctx: &Ctx) -> Result<()> {
    let as_of = as_of
        .map(|t| Ctx::parse_time_opt("--as-of", t))
        .transpose()?;
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let shown = match as_of {
        None => {
            let registrar = store::contacts::get_registrar(&tx, id)?;
            let policy = store::policy::in_force(&tx, ctx.now)?.policy;
            let domains = ops::registrar::managed(&tx, id, ctx.now, &policy)?.len();
            Shown { registrar, domains }
        }
        // As it stood then, with the names it managed then.
        Some(at) => {
            // An unknown id is "not found", whatever the time.
            store::contacts::get_registrar(&tx, id)?;
            let registrar = store::history::registrar_as_of(&tx, id, at)?.ok_or_else(|| {
                Error::not_found(format!(
                    "registrar {id} was not yet in this registry at {}",
                    fmt_time(at)
                ))
            })?;
            let policy = store::policy::in_force(&tx, at)?.policy;
            let mut domains = 0;
            store::history::each_domain_as_of(&tx, at, |d| {
                let d = expiry::at(&d, at, &policy);
                if d.state != State::Removed && d.registrar() == Some(id) {
                    domains += 1;
                }
                Ok(())
            })?;
            Shown { registrar, domains }
        }
    };
    render::emit(ctx, &shown, |s| {
        format!("{}\ndomains:   {}", registrar_text(&s.registrar), s.domains)
    })
}

fn registrar_text(r: &Registrar) -> String {
    render::fields(&[
        ("id", r.id.clone()),
        ("name", r.name.clone()),
        ("email", r.email.clone()),
        ("address", r.address.clone().unwrap_or_else(|| "-".into())),
        ("vat", r.vat.clone().unwrap_or_else(|| "-".into())),
        ("created", fmt_time(r.created)),
        (
            "withdrawn",
            r.withdrawn.map(fmt_time).unwrap_or_else(|| "no".into()),
        ),
    ])
}

/// Art. 15.2: the registrar loses its status and each of its live names is
/// managed by its registrant from now on; each registrant is told.
fn withdraw(id: &str, ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let result = ops::registrar::withdraw(&tx, &ctx.stamp(), &policy, id)?;
    store::finish(tx, ctx.dry_run)?;
    render::emit(ctx, &result, |r| {
        format!(
            "{}registrar {id} withdrawn; {} name(s) passed to their registrants [Art. 15.2]{}",
            if ctx.dry_run { "dry run: " } else { "" },
            r.domains.len(),
            r.domains
                .iter()
                .map(|n| format!("\n  {n}"))
                .collect::<String>()
        )
    })
}

const COLUMNS: &[&str] = &["id", "name", "email", "address", "vat"];
const REQUIRED: &[&str] = &["id", "name", "email"];

fn registrar_from_row(file: &CsvFile, row: &csv::StringRecord, now: Time) -> Result<Registrar> {
    let cell = |col: &'static str| {
        file.get(row, col)
            .map(str::to_string)
            .ok_or_else(|| Error::usage(format!("missing {col}")))
    };
    new_registrar(
        cell("id")?,
        cell("name")?,
        cell("email")?,
        file.get(row, "address").map(str::to_string),
        file.get(row, "vat").map(str::to_string),
        now,
        "",
    )
}

fn import(path: &Path, reject: Option<&Path>, ctx: &Ctx) -> Result<()> {
    let spec = csv_rows::Import {
        command: journal::Kind::RegistrarImport,
        what: "registrars",
        one: "registrar",
        columns: COLUMNS,
        required: REQUIRED,
    };
    csv_rows::import(ctx, &spec, path, reject, |tx, file, row| {
        let registrar = registrar_from_row(file, row, ctx.now)?;
        store::contacts::insert_registrar(tx, &registrar)
    })
}
