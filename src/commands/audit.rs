//! `ptreg audit`: conformity cases (Art. 8.2, 8.3, 20; decided by
//! `rules::conformity` through `ops::audit`), the journal's integrity
//! (`verify`), and the replay of recorded decisions (`replay`).

use serde::Serialize;

use crate::cli::AuditCommand;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal;
use crate::ops::{self, audit::Verdict};
use crate::render;
use crate::rules::names;
use crate::rules::periods::fmt_time;
use crate::rules::policy::fmt_amount;
use crate::store::{self, cases};

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

fn request_proof(name: &str, ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let (domain, case, due) =
        ops::audit::request_proof(&tx, &ctx.stamp(), &policy, &a_label(name)?)?;
    store::finish(tx, ctx.dry_run)?;
    ctx.status(format!(
        "{}proof requested for case {case}, due {} [Art. 8.2]",
        if ctx.dry_run { "dry run: " } else { "" },
        fmt_time(due)
    ));
    render::emit(ctx, &domain, render::domain)
}

fn decide(name: &str, conform: bool, grounds: Option<&str>, ctx: &Ctx) -> Result<()> {
    let verdict = if conform {
        Verdict::Conform
    } else {
        Verdict::Remove(
            grounds
                .map(str::trim)
                .filter(|g| !g.is_empty())
                .ok_or_else(|| Error::usage("--remove needs --grounds TEXT (Art. 8.3)"))?,
        )
    };
    let name = a_label(name)?;
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let decided = ops::audit::decide(&tx, &ctx.stamp(), &policy, &name, verdict)?;
    store::finish(tx, ctx.dry_run)?;
    let (case, domain) = (decided.case, &decided.domain);
    let status = match decided.refund {
        None => format!("case {case} closed: {} conforms", domain.name),
        Some(refund) => format!(
            "case {case} closed: {} removed [Art. 8.3], refund {} [Art. 20]",
            domain.name,
            fmt_amount(refund)
        ),
    };
    ctx.status(format!(
        "{}{status}",
        if ctx.dry_run { "dry run: " } else { "" }
    ));
    render::emit(ctx, domain, render::domain)
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
        journal::Verdict::Ok { entries } => (Verification::Ok { ok: true, entries }, None),
        journal::Verdict::Broken { first_bad } => (
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
