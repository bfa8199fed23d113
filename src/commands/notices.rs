//! `ptreg notices [--since T] [--all]`: the outbox of notices the rules
//! require, for a mailer (unsent ones by default); `ptreg notices ack ID`
//! marks one sent (acknowledging twice is harmless). The program sends no
//! mail itself.

use serde_json::json;

use crate::cli::{NoticesArgs, NoticesCommand};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::render;
use crate::rules::lifecycle::notices::removal_notice_kind;
use crate::rules::lifecycle::removal;
use crate::store::ledger::Notice;
use crate::store::{self, outbox};

pub(crate) fn run(args: NoticesArgs, ctx: &Ctx) -> Result<()> {
    match args.action {
        Some(NoticesCommand::Ack { id }) => ack(id, ctx),
        None => list(&args, ctx),
    }
}

/// The TSV/CSV columns (the field names of `notices --json`).
const HEADER: &[&str] = &[
    "id", "time", "to", "kind", "domain", "article", "text", "sent",
];

fn list(args: &NoticesArgs, ctx: &Ctx) -> Result<()> {
    let since = args
        .since
        .as_deref()
        .map(|s| Ctx::parse_time_opt("--since", s))
        .transpose()?;
    let format = ctx.list_format(&args.format)?;
    let mut store = super::open(ctx)?;
    let tx = store.read()?;
    let mut listing = render::list::Listing::new(format, HEADER, |n: &Notice| {
        use render::list::opt;
        vec![
            n.id.to_string(),
            n.time.clone(),
            n.to.clone(),
            n.kind.clone(),
            opt(&n.domain),
            opt(&n.article),
            n.text.clone(),
            opt(&n.sent),
        ]
    })?;
    outbox::list(&tx, since, args.all, |n| listing.push(n))?;
    listing.finish(|list| {
        if list.is_empty() {
            return if args.all {
                "no notices".to_string()
            } else {
                "no unsent notices".to_string()
            };
        }
        list.iter().map(block).collect::<Vec<_>>().join("\n\n")
    })?;
    Ok(())
}

/// One notice as a mail-like block.
fn block(n: &Notice) -> String {
    let mut pairs = vec![
        ("notice", n.id.to_string()),
        ("time", n.time.clone()),
        ("to", n.to.clone()),
        ("kind", n.kind.clone()),
    ];
    if let Some(d) = &n.domain {
        pairs.push(("domain", d.clone()));
    }
    if let Some(a) = &n.article {
        pairs.push(("article", a.clone()));
    }
    pairs.push(("sent", n.sent.clone().unwrap_or_else(|| "no".to_string())));
    format!("{}\n\n{}", render::fields(&pairs), n.text)
}

fn ack(id: i64, ctx: &Ctx) -> Result<()> {
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    if outbox::find(&tx, id)?.is_none() {
        return Err(Error::not_found(format!("no notice {id}")));
    }
    if outbox::ack(&tx, id, ctx.now)? {
        let policy = store::policy::in_force(&tx, ctx.now)?;
        journal::append(
            &tx,
            &ctx.stamp(),
            &policy.digest,
            Entry {
                command: journal::Kind::NoticesAck,
                article: None,
                domain: None,
                inputs: json!({ "id": id }),
                outcome: json!({ "id": id, "sent": crate::rules::periods::fmt_time(ctx.now) }),
            },
        )?;
    }
    let notice =
        outbox::find(&tx, id)?.ok_or_else(|| Error::not_found(format!("no notice {id}")))?;
    if let Some(domain) = &notice.domain {
        start_pending_removal(&tx, ctx, domain)?;
    }
    store::finish(tx, ctx.dry_run)?;
    render::emit(ctx, &notice, |n| {
        format!(
            "notice {} sent {}",
            n.id,
            n.sent.as_deref().unwrap_or("(not recorded)")
        )
    })
}

/// The 8 days of a pending removal run from its notification (Art. 21.2,
/// 22.2): once every notice that opened it is sent, the removal gets its
/// date, from the latest sending.
fn start_pending_removal(conn: &rusqlite::Connection, ctx: &Ctx, name: &str) -> Result<()> {
    let Some(domain) = store::domains::find_live(conn, name)? else {
        return Ok(());
    };
    let Some(pending) = domain.pending_removal.as_ref() else {
        return Ok(());
    };
    let (None, Some(requested)) = (pending.effective, pending.requested) else {
        return Ok(());
    };
    let kind = removal_notice_kind(&pending.by);
    let Some(sent) = outbox::all_sent_since(conn, name, kind, requested)? else {
        return Ok(());
    };
    let policy = store::policy::in_force(conn, ctx.now)?;
    let outcome = removal::notified(&domain, sent, ctx.now, &policy.policy)?;
    crate::ops::lifecycle::record(
        conn,
        &ctx.stamp(),
        &policy,
        crate::journal::Kind::NoticesAck,
        json!({ "name": name, "notified": crate::rules::periods::fmt_time(sent) }),
        &outcome,
    )?;
    if let Some(p) = &outcome.domain.pending_removal
        && let Some(at) = p.effective
    {
        ctx.status(format!(
            "{name}: notified; the removal takes effect at {} unless {} [Art. {}]",
            crate::rules::periods::fmt_time(at),
            if p.by == "manager" {
                "opposed"
            } else {
                "cured"
            },
            outcome.article
        ));
    }
    Ok(())
}
