//! `ptreg audit`: conformity cases (Art. 8.2, 8.3, 20; decided by
//! `rules::conformity` through `ops::audit`), the journal's integrity
//! (`verify`), and the replay of recorded decisions (`replay`).

use crate::cli::AuditCommand;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::ops::{self, audit::Verdict};
use crate::render;
use crate::rules::names;
use crate::rules::periods::fmt_time;
use crate::rules::policy::fmt_amount;
use crate::store::{self, cases};

mod anchor;
mod replay;
mod report;
mod runs;

pub(crate) fn run(cmd: AuditCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        AuditCommand::Cases {
            open,
            overdue,
            format,
        } => list_cases(open, overdue, &format, ctx),
        AuditCommand::RequestProof { name } => request_proof(&name, ctx),
        AuditCommand::Decide {
            name,
            conform,
            remove,
            grounds,
        } => decide(&name, conform && !remove, grounds.as_deref(), ctx),
        AuditCommand::Verify { checkpoint, pubkey } => {
            anchor::verify(checkpoint.as_deref().zip(pubkey.as_deref()), ctx)
        }
        AuditCommand::Keygen { out, name } => anchor::keygen(&out, &name, ctx),
        AuditCommand::Checkpoint { key } => anchor::checkpoint(&key, ctx),
        AuditCommand::Prove { seq, checkpoint } => anchor::prove(seq, checkpoint.as_deref(), ctx),
        AuditCommand::CheckProof {
            proof,
            pubkey,
            hash,
        } => anchor::check_proof(&proof, &pubkey, hash.as_deref(), ctx),
        AuditCommand::Replay => replay::run(ctx),
        AuditCommand::Runs(format) => runs::list(&format, ctx),
        AuditCommand::Report { run, format } => report::run(run, format, ctx),
    }
}

/// The TSV/CSV columns of `audit cases` (the JSON field names).
const CASES_HEADER: &[&str] = &[
    "id",
    "name",
    "opened",
    "reason",
    "run",
    "proof_requested",
    "proof_due",
    "decided",
    "decision",
    "grounds",
];

fn list_cases(
    open_only: bool,
    overdue: bool,
    format: &crate::cli::ListFormat,
    ctx: &Ctx,
) -> Result<()> {
    let format = ctx.list_format(format)?;
    let which = if overdue {
        cases::Which::Overdue
    } else if open_only {
        cases::Which::Open
    } else {
        cases::Which::All
    };
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let mut listing = render::list::Listing::new(format, CASES_HEADER, |c: &cases::Case| {
        use render::list::opt;
        vec![
            c.id.to_string(),
            c.name.clone(),
            c.opened.clone(),
            c.reason.clone(),
            opt(&c.run),
            opt(&c.proof_requested),
            opt(&c.proof_due),
            opt(&c.decided),
            opt(&c.decision),
            opt(&c.grounds),
        ]
    })?;
    cases::list(&tx, which, ctx.now, |c| listing.push(c))?;
    listing.finish(|list| {
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
    })?;
    Ok(())
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
