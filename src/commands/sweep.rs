//! `ptreg sweep`: the daily job. Applies everything the clock made due by
//! `--now`, in date order, so missed nights are caught up: expiry into the
//! grace period (Art. 17.2), removal when the grace period ends unrenewed
//! (17.3; not under litigation, 17.4), pending removals at the end of their
//! 8 days (21.2, 22.2); sends the expiry reminders due (once per expiry and
//! reminder day) and lists the overdue proof requests (Art. 8.2, noticed
//! once).
//!
//! Idempotent: a second run at the same `--now` changes nothing and writes
//! no journal entry. One journal entry per domain changed (its outcome is the
//! domain after the change, its inputs the transitions with their due
//! times), plus one summary entry when the run changed anything.
//! Quiet with `--quiet` (for cron); exits non-zero only on failure.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::json;

use super::lifecycle::write_notices;
use crate::context::Ctx;
use crate::error::Result;
use crate::journal::{self, Entry};
use crate::model::{Domain, State};
use crate::ops::lifecycle::record_clock_effects;
use crate::render;
use crate::rules::lifecycle::expiry::{Cause, Transition, reminders_due, settle, term_end};
use crate::rules::lifecycle::notices::{expiry_reminder, proof_overdue};
use crate::rules::periods::fmt_time;
use crate::store::{
    self, domains,
    lifecycle::{AwaitingNotice, OverdueProof},
};

/// What this run did (`sweep --json`, docs/json.md).
#[derive(Debug, Default, Serialize)]
struct Summary {
    to_grace: u64,
    removed: u64,
    pending_removed: u64,
    overdue_proofs: u64,
    /// Names sent an expiry reminder.
    reminders: u64,
    /// Notices this run wrote to the outbox (reminders, grace, removals,
    /// overdue proofs; one per recipient).
    notices: u64,
    /// Registrations on legitimacy grounds removed, their proof not given
    /// in time (Art. 8.5, 8.3).
    unproved_removed: u64,
    /// Pending removals whose notice is not sent yet (Art. 21.2, 22.2).
    awaiting_notice: u64,
}

/// One name the clock moved, for the dry-run listing.
struct Moved {
    name: String,
    from: State,
    transitions: Vec<Transition>,
}

pub(crate) fn run(ctx: &Ctx) -> Result<()> {
    let mut store = super::open(ctx)?;
    store::lifecycle::tune_for_sweep(store.conn())?;
    let tx = store.write()?;
    let stored = store::policy::in_force(&tx, ctx.now)?;
    let policy = &stored.policy;
    let now = ctx.now;
    let mut summary = Summary::default();
    let notices_before = store::outbox::last_id(&tx)?;

    // 1. Transitions. The rows are read and their new states stored in row
    // order (the domain table and the tables keyed by its rows are walked
    // once, front to back); the journal takes them in the order they fell
    // due.
    let mut due: Vec<(Domain, Domain, Vec<Transition>)> = Vec::new();
    for id in store::lifecycle::due_ids(&tx, now, policy)? {
        let Some(d) = domains::find_by_id(&tx, id)? else {
            continue;
        };
        let (settled, transitions) = settle(&d, now, policy);
        if !transitions.is_empty() {
            store::lifecycle::set_state(&tx, &settled)?;
            due.push((d, settled, transitions));
        }
    }
    due.sort_by(|a, b| (a.2[0].at, &a.0.name).cmp(&(b.2[0].at, &b.0.name)));
    let mut moved = Vec::with_capacity(due.len());
    for (before, after, transitions) in due {
        for t in &transitions {
            match (t.to, t.cause) {
                (State::Grace, _) => summary.to_grace += 1,
                (_, Cause::Pending) => summary.pending_removed += 1,
                (_, Cause::Expiry) => summary.removed += 1,
                (_, Cause::Proof) => summary.unproved_removed += 1,
            }
        }
        record_clock_effects(
            &tx,
            &ctx.stamp(),
            &stored.digest,
            &before,
            &after,
            &transitions,
        )?;
        moved.push(Moved {
            name: after.name,
            from: before.state,
            transitions,
        });
    }

    // 2. Expiry reminders: the nearest due day first; it marks the farther
    // ones, so a name reminded late is not reminded twice for one expiry.
    // Marked in row order, their notices written in expiry order.
    let mut days = policy.periods.reminders.clone();
    days.sort_unstable();
    days.dedup();
    for &r in &days {
        let mut reminded = Vec::new();
        for id in store::lifecycle::unreminded(&tx, now, r, policy)? {
            // A reminder reads neither nameservers nor DS.
            let Some(d) = domains::find_row(&tx, id)? else {
                continue;
            };
            let due_days = reminders_due(&d, now, policy);
            let Some(&nearest) = due_days.first().filter(|_| due_days.contains(&r)) else {
                continue;
            };
            for &day in &due_days {
                store::lifecycle::mark_reminded(&tx, d.id, d.expires, day, now)?;
            }
            reminded.push((d, nearest));
        }
        reminded.sort_by(|a, b| (a.0.expires, &a.0.name).cmp(&(b.0.expires, &b.0.name)));
        for (d, nearest) in &reminded {
            write_notices(
                &tx,
                now,
                &d.name,
                &expiry_reminder(
                    d,
                    term_end(d.expires, policy),
                    *nearest,
                    policy.periods.renewal_grace,
                ),
            )?;
        }
        summary.reminders += reminded.len() as u64;
    }

    // 3. Overdue proof requests: listed every run, noticed once.
    let overdue = store::lifecycle::overdue_proofs(&tx, now)?;
    let mut newly_overdue = 0;
    for o in overdue.iter().filter(|o| !o.noticed) {
        if let Some(d) = domains::find_live(&tx, &o.domain)? {
            write_notices(&tx, now, &d.name, &proof_overdue(&d, &o.requested, &o.due))?;
        }
        store::lifecycle::mark_overdue_noticed(&tx, o.case, now)?;
        newly_overdue += 1;
    }
    summary.overdue_proofs = overdue.len() as u64;

    summary.notices = store::outbox::last_id(&tx)?.saturating_sub(notices_before);
    // 4. Removals waiting for their notice to be sent: no date yet.
    let awaiting = store::lifecycle::awaiting_notice(&tx)?;
    summary.awaiting_notice = awaiting.len() as u64;

    let changed = !moved.is_empty() || summary.reminders > 0 || newly_overdue > 0;
    if changed {
        journal::append(
            &tx,
            &ctx.stamp(),
            &stored.digest,
            Entry {
                command: journal::Kind::Sweep,
                article: None,
                domain: None,
                inputs: json!({ "now": fmt_time(now) }),
                outcome: json!({
                    "summary": &summary,
                    "overdue_noticed": newly_overdue,
                }),
            },
        )?;
    }
    store::finish(tx, ctx.dry_run)?;

    if ctx.dry_run {
        ctx.status("dry run: this is what the sweep would do; nothing was changed");
    }
    if ctx.quiet && !ctx.json {
        return Ok(());
    }
    render::emit(ctx, &summary, |s| {
        human(ctx.dry_run, s, &moved, &overdue, &awaiting)
    })
}

fn human(
    dry_run: bool,
    s: &Summary,
    moved: &[Moved],
    overdue: &[OverdueProof],
    awaiting: &[AwaitingNotice],
) -> String {
    let mut out = String::new();
    if dry_run {
        for m in moved {
            let mut from = m.from;
            for t in &m.transitions {
                let _ = writeln!(
                    out,
                    "{}: {from} -> {} at {} [Art. {}]",
                    m.name,
                    t.to,
                    fmt_time(t.at),
                    t.article
                );
                from = t.to;
            }
        }
    }
    for o in overdue {
        let _ = writeln!(
            out,
            "overdue proof: {} (case {}, due {}) [Art. 8.2]",
            o.domain, o.case, o.due
        );
    }
    for a in awaiting {
        let _ = writeln!(
            out,
            "awaiting notice: {} (removal by the {}, asked {}): its {} days run from when the \
             notice is sent (notices ack) [Art. {}]",
            a.domain,
            a.by,
            a.requested.as_deref().unwrap_or("earlier"),
            if a.by == "manager" {
                "opposition"
            } else {
                "cure"
            },
            if a.by == "manager" { "21.2" } else { "22.2" },
        );
    }
    let _ = write!(
        out,
        "to grace: {}\nremoved: {}\npending removed: {}\noverdue proofs: {}\n\
         expiry reminders: {}\nnotices written: {} (`ptreg notices` lists them)",
        s.to_grace,
        s.removed,
        s.pending_removed,
        s.overdue_proofs,
        render::count(s.reminders, "name", "names"),
        s.notices
    );
    if s.unproved_removed > 0 {
        let _ = write!(out, "\nunproved removed: {}", s.unproved_removed);
    }
    if s.awaiting_notice > 0 {
        let _ = write!(out, "\nawaiting notice: {}", s.awaiting_notice);
    }
    out
}
