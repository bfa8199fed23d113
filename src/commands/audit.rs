//! `ptreg audit`: conformity cases (Art. 8.2, 8.3, 20), the journal's
//! integrity (`verify`), and the replay of recorded decisions (`replay`).
//!
//! A removal after a conformity check (`decide --remove`) is refused while a
//! litigation is notified on the name: Art. 21.3 forbids the removal of a name
//! under a pending judicial or arbitral action, and it is worded for every
//! removal, not only those the registrant or manager asks for; the court or
//! tribunal decides the name's fate first. The case stays open. A suspended
//! name (an arbitral injunction, Art. 28) is under a pending arbitral action
//! too, and is refused the same way.

use serde::Serialize;
use serde_json::json;

use crate::cli::AuditCommand;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry, Verdict};
use crate::model::Domain;
use crate::render;
use crate::rules::Refusal;
use crate::rules::conformity;
use crate::rules::names;
use crate::rules::periods::fmt_time;
use crate::rules::policy::fmt_amount;
use crate::store::{self, cases, contacts, domains, ledger};

mod replay;

pub(crate) fn run(cmd: AuditCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        AuditCommand::Cases { open, overdue } => list_cases(open, overdue, ctx),
        AuditCommand::RequestProof { name } => request_proof(&name, ctx),
        AuditCommand::Decide {
            name,
            conform,
            remove,
            grounds,
        } => decide(&name, conform && !remove, grounds.as_deref(), ctx),
        AuditCommand::Verify => verify(ctx),
        AuditCommand::Replay => replay::run(ctx),
    }
}

fn list_cases(open_only: bool, overdue: bool, ctx: &Ctx) -> Result<()> {
    let which = if overdue {
        cases::Which::Overdue
    } else if open_only {
        cases::Which::Open
    } else {
        cases::Which::All
    };
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let list = cases::list(&tx, which, ctx.now)?;
    render::emit(ctx, &list, |list| {
        if list.is_empty() {
            return "no cases".to_string();
        }
        render::table(
            &["case", "name", "opened", "reason", "proof due", "decided"],
            list.iter().map(|c| {
                vec![
                    c.id.to_string(),
                    c.name.clone(),
                    c.opened.clone(),
                    c.reason.clone(),
                    c.proof_due.clone().unwrap_or_default(),
                    match (&c.decision, &c.decided) {
                        (Some(d), Some(t)) => format!("{d} {t}"),
                        _ => "open".to_string(),
                    },
                ]
            }),
        )
    })
}

/// Parses a name as typed (U-label or A-label) into its stored A-label form.
fn a_label(name: &str) -> Result<String> {
    names::parse(name)
        .map(|n| n.ascii)
        .map_err(|e| Error::usage(e.to_string()))
}

/// The live domain and its open case, or a refusal naming Art. 8.
fn with_open_case(
    conn: &rusqlite::Connection,
    name: &str,
    now: crate::rules::periods::Time,
    article: crate::rules::Article,
) -> Result<(Domain, cases::Case)> {
    let ascii = a_label(name)?;
    let now_policy = store::policy::in_force(conn, now)?.policy;
    let domain = domains::live_at(conn, &ascii, now, &now_policy)?
        .ok_or_else(|| Error::not_found(format!("{ascii} is not registered")))?;
    let case = cases::open_for(conn, domain.id)?.ok_or_else(|| {
        Refusal::new(
            article,
            format!("{} has no open conformity case", domain.name),
        )
    })?;
    Ok((domain, case))
}

/// The addresses the registrant and the managing entity are noticed at (one
/// when the registrant manages its own name).
fn recipients(conn: &rusqlite::Connection, domain: &Domain) -> Result<Vec<String>> {
    let mut to = vec![contacts::get_contact(conn, &domain.registrant)?.email];
    if let Some(r) = domain.registrar() {
        to.push(contacts::get_registrar(conn, r)?.email);
    }
    to.dedup();
    Ok(to)
}

fn request_proof(name: &str, ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let (domain, case) = with_open_case(&tx, name, ctx.now, "8.2")?;
    conformity::within_window(&domain, case.id, &case.opened, "8.2", &policy.policy)?;
    let due = conformity::proof_due(ctx.now, &policy.policy);
    cases::request_proof(&tx, case.id, ctx.now, due)?;
    let text = format!(
        "Conformity check of {} (case {}): the .PT registry asks the registrant and the \
         managing entity to present, by {}, proof that the name and its holders' data comply \
         with the registration rules (Art. 8.2).",
        domain.name,
        case.id,
        fmt_time(due)
    );
    for to in recipients(&tx, &domain)? {
        ledger::notify(
            &tx,
            ctx.now,
            &to,
            "proof-request",
            Some(&domain.name),
            Some("8.2"),
            &text,
        )?;
    }
    journal::append(
        &tx,
        &ctx.stamp(),
        &policy.digest,
        Entry {
            command: "audit request-proof",
            article: Some("8.2"),
            domain: Some(&domain.name),
            inputs: json!({ "case": case.id, "due": fmt_time(due) }),
            outcome: serde_json::to_value(&domain)?,
        },
    )?;
    store::finish(tx, ctx.dry_run)?;
    ctx.status(format!(
        "{}proof requested for case {}, due {} [Art. 8.2]",
        if ctx.dry_run { "dry run: " } else { "" },
        case.id,
        fmt_time(due)
    ));
    render::emit(ctx, &domain, render::domain)
}

fn decide(name: &str, conform: bool, grounds: Option<&str>, ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let (mut domain, case) =
        with_open_case(&tx, name, ctx.now, if conform { "8.1" } else { "8.3" })?;
    let (article, inputs, status);
    if conform {
        cases::decide(&tx, case.id, ctx.now, "conform", None)?;
        domain = conformity::conform(&domain, ctx.now);
        domains::update(&tx, &domain)?;
        article = "8.1";
        inputs = json!({ "case": case.id, "decision": "conform" });
        status = format!("case {} closed: {} conforms", case.id, domain.name);
    } else {
        let grounds = grounds
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .ok_or_else(|| Error::usage("--remove needs --grounds TEXT (Art. 8.3)"))?;
        // A suspension is an arbitral injunction (Art. 28): an arbitral
        // action is pending on the name, which Art. 21.3 protects as well.
        if let Some(case) = domain.litigation.as_ref().or(domain.suspension.as_ref()) {
            return Err(Refusal::new(
                "21.3",
                format!(
                    "{} is under a pending judicial or arbitral action ({case}): it cannot be \
                     removed while the action is pending",
                    domain.name
                ),
            )
            .into());
        }
        conformity::within_window(&domain, case.id, &case.opened, "8.3", &policy.policy)?;
        let paid = ledger::paid_since(&tx, &domain.name, domain.created)?;
        cases::decide(&tx, case.id, ctx.now, "remove", Some(grounds))?;
        domain = conformity::removed(&domain, ctx.now);
        domains::update(&tx, &domain)?;
        if paid > 0 {
            // Refunds are recorded as positive amounts of kind `refund`, so
            // `ledger` reads "refund 9.90" rather than a negative charge.
            ledger::record(&tx, ctx.now, &domain.name, "refund", paid, "20", None)?;
        }
        let text = format!(
            "{} was removed by the .PT registry after a conformity check (case {}, Art. 8.3).\n\
             Grounds: {grounds}\n\
             The amount paid for the registration, {} EUR, is refunded (Art. 20).",
            domain.name,
            case.id,
            fmt_amount(paid)
        );
        for to in recipients(&tx, &domain)? {
            ledger::notify(
                &tx,
                ctx.now,
                &to,
                "removal",
                Some(&domain.name),
                Some("8.3"),
                &text,
            )?;
        }
        article = "8.3";
        inputs = json!({
            "case": case.id,
            "decision": "remove",
            "grounds": grounds,
            "refund": fmt_amount(paid),
        });
        status = format!(
            "case {} closed: {} removed [Art. 8.3], refund {} [Art. 20]",
            case.id,
            domain.name,
            fmt_amount(paid)
        );
    }
    journal::append(
        &tx,
        &ctx.stamp(),
        &policy.digest,
        Entry {
            command: "audit decide",
            article: Some(article),
            domain: Some(&domain.name),
            inputs,
            outcome: serde_json::to_value(&domain)?,
        },
    )?;
    store::finish(tx, ctx.dry_run)?;
    ctx.status(format!(
        "{}{status}",
        if ctx.dry_run { "dry run: " } else { "" }
    ));
    render::emit(ctx, &domain, render::domain)
}

/// `audit verify --json` (SPEC §13).
#[derive(Serialize)]
#[serde(untagged)]
enum Verification {
    Ok { ok: bool, entries: i64 },
    Broken { ok: bool, first_bad: i64 },
}

fn verify(ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let verdict = journal::verify(&tx)?;
    let (value, broken) = match verdict {
        Verdict::Ok { entries } => (Verification::Ok { ok: true, entries }, None),
        Verdict::Broken { first_bad } => (
            Verification::Broken {
                ok: false,
                first_bad,
            },
            Some(first_bad),
        ),
    };
    render::emit(ctx, &value, |v| match v {
        Verification::Ok { entries, .. } => {
            format!("journal ok: {entries} entries, hash chain intact")
        }
        Verification::Broken { first_bad, .. } => format!(
            "journal BROKEN: entry {first_bad} was changed, removed or reordered \
             (entries before it are intact)"
        ),
    })?;
    match broken {
        None => Ok(()),
        Some(seq) => Err(Error::internal(format!(
            "the journal's hash chain is broken at entry {seq}"
        ))),
    }
}
