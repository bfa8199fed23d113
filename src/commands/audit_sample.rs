//! `ptreg audit-sample`: draw the conformity sample of new names (Art. 8.1),
//! and `--reproduce RUN`: recompute a past run from the journal.
//!
//! The window is the policy's `conformity_window` (10 days): a name is in it
//! while the 10 days after its registration run at `--now`, counted as the
//! policy counts periods (by default the day of the registration is not
//! counted and the 10th day ends at 24:00 in Lisbon; with `counting =
//! "hours"`, `now - 10 × 24 h < created <= now`).
//!
//! The population is every registration in the window that is not removed
//! and never had a conformity case (from an earlier run, or opened at
//! registration for a legitimacy override). The selection is the random draw
//! (`--rate R`, default the policy's `sampling.rate`, or `--count N`: N names)
//! over the whole population, plus names of the risk strata, at most the
//! policy's `sampling.risk_share` of the sample again, recorded with the run;
//! see `rules::sampling`. Without `--seed`, the seed is the journal's head hash
//! before the run. The run is one journal entry (command `audit-sample`,
//! Art. 8.1) whose inputs hold the parameters, seed and window and whose
//! outcome holds the population's size and digest, the selection with its
//! reasons, and the case opened for each name; its sequence number is the
//! run id.
//!
//! `--reproduce RUN` rebuilds the population from the journal entries before
//! the run (not from today's tables), the lists at the version the run's
//! entry recorded, the contacts as of then, and draws again with the recorded seed and
//! parameters. A run that does not reproduce exits 1 (after printing its
//! JSON, with the names only recorded and only recomputed), so a cron job or
//! a script notices without parsing the output.

use std::collections::HashMap;

use serde::Serialize;

use crate::cli::AuditSampleArgs;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::model::Contact;
use crate::render;
use crate::rules::contact::problems;
use crate::rules::lists::fold_key;
use crate::rules::periods::{fmt_time, parse_time};
use crate::rules::sampling::{
    self, Candidate, NearIndex, Selected, Size, contact_reason, population_digest,
};
use crate::store::history::{self, RunInputs, RunOutcome};
use crate::store::{self, cases, contacts};

/// `audit-sample --json` (docs/json.md).
#[derive(Debug, Serialize)]
struct RunReport {
    run: i64,
    seed: String,
    population: usize,
    population_digest: String,
    selected: Vec<Selected>,
}

/// `audit-sample --reproduce RUN --json` (docs/json.md), with what differs.
#[derive(Debug, Serialize)]
struct Reproduction {
    run: i64,
    matches: bool,
    population_digest: String,
    recorded_digest: String,
    /// Selected by the run but not by the recomputation.
    missing: Vec<Selected>,
    /// Selected by the recomputation but not recorded.
    extra: Vec<Selected>,
}

pub(crate) fn run(args: AuditSampleArgs, ctx: &Ctx) -> Result<()> {
    if let Some(run) = args.reproduce {
        return reproduce(run, ctx);
    }
    if let Some(rate) = args.rate.filter(|r| !(0.0..=1.0).contains(r)) {
        return Err(Error::usage(format!(
            "--rate {rate}: give a share between 0 and 1"
        )));
    }
    let seed_arg = args
        .seed
        .as_deref()
        .map(|s| {
            sampling::parse_seed(s)
                .map(hex::encode)
                .map_err(|e| Error::usage(format!("--seed: {e}")))
        })
        .transpose()?;
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let (rate, count) = match (args.rate, args.count) {
        (_, Some(n)) => (None, Some(n)),
        (Some(r), None) => (Some(r), None),
        (None, None) => (Some(policy.policy.sampling.rate), None),
    };
    // Without --seed, the head of the journal: fixed by everything recorded
    // before the run, unknown until then, and printed for the auditor.
    let seed = match seed_arg {
        Some(s) => s,
        None => journal::head(&tx)?.1,
    };
    let window_days = policy.policy.periods.conformity_window;
    let from = policy.policy.calendar().running_since(ctx.now, window_days);
    let inputs = RunInputs {
        rate,
        count,
        seed: seed.clone(),
        window_days,
        from: fmt_time(from),
        to: fmt_time(ctx.now),
        last_domain: cases::last_domain_id(&tx)?,
        risk_share: Some(policy.policy.sampling.risk_share),
    };

    let members = cases::population(&tx, from, ctx.now)?;
    let window = cases::window_registrants(&tx, from, ctx.now)?;
    let mut people: HashMap<String, Option<Contact>> = HashMap::new();
    let population: Vec<Member<'_>> = members
        .iter()
        .map(|m| Member {
            name: &m.name,
            unicode: &m.unicode,
            registrant: &m.registrant,
            tech: &m.tech,
        })
        .collect();
    let outcome = draw(
        &tx,
        &inputs,
        &population,
        &window,
        &history::listed_keys(&tx, None)?,
        contacts::find_contact,
        &mut people,
    )?;

    // The run is its journal entry; its cases are opened as the entry is
    // built, so the entry names them, which lets a domain be shown as of a
    // time with the case the run opened.
    let ids: HashMap<&str, i64> = members.iter().map(|m| (m.name.as_str(), m.id)).collect();
    let mut outcome = outcome;
    let run = journal::append_with(&tx, &ctx.stamp(), &policy.digest, |run| {
        for s in &outcome.selected {
            if let Some(id) = ids.get(s.name.as_str()) {
                let case = cases::open(&tx, *id, ctx.now, &s.reason, Some(run))?;
                outcome.cases.insert(s.name.clone(), case);
            }
        }
        Ok(Entry {
            command: journal::Kind::AuditSample,
            article: Some("8.1"),
            domain: None,
            inputs: serde_json::to_value(&inputs)?,
            outcome: serde_json::to_value(&outcome)?,
        })
    })?;
    store::finish(tx, ctx.dry_run)?;

    let report = RunReport {
        run,
        seed,
        population: outcome.population,
        population_digest: outcome.population_digest,
        selected: outcome.selected,
    };
    render::emit(ctx, &report, |r| {
        let mut text = format!(
            "{}sampling run {} (its journal entry; give it to --reproduce): seed {}\n\
             population {} (digest {}), {} selected",
            if ctx.dry_run { "dry run: " } else { "" },
            r.run,
            r.seed,
            r.population,
            r.population_digest,
            r.selected.len()
        );
        if !r.selected.is_empty() {
            text.push('\n');
            text.push_str(&render::table(
                &["name", "stratum", "reason"],
                r.selected.iter().map(|s| {
                    vec![
                        s.name.clone(),
                        s.stratum.clone().unwrap_or_default(),
                        s.reason.clone(),
                    ]
                }),
            ));
        }
        text
    })
}

/// A registration of a population, however it was obtained.
struct Member<'a> {
    name: &'a str,
    unicode: &'a str,
    registrant: &'a str,
    tech: &'a str,
}

/// Draws the selection for a population: the same code for a run and for its
/// reproduction, which differ only in where the population, the lists and the
/// contacts come from.
fn draw(
    conn: &rusqlite::Connection,
    inputs: &RunInputs,
    population: &[Member<'_>],
    window: &[String],
    listed: &[(String, String)],
    find_contact: impl Fn(&rusqlite::Connection, &str) -> Result<Option<Contact>>,
    people: &mut HashMap<String, Option<Contact>>,
) -> Result<RunOutcome> {
    let seed = sampling::parse_seed(&inputs.seed).map_err(Error::internal)?;
    let size = match (inputs.count, inputs.rate) {
        (Some(n), _) => Size::Count(n),
        (None, Some(r)) => Size::Rate(r),
        (None, None) => Size::Rate(0.0),
    };
    let mut candidates = Vec::with_capacity(population.len());
    for m in population {
        let mut contact_problem = None;
        for (role, id) in [("registrant", m.registrant), ("technical", m.tech)] {
            if !people.contains_key(id) {
                let found = find_contact(conn, id)?;
                people.insert(id.to_string(), found);
            }
            let found = people.get(id).and_then(Option::as_ref).map(problems);
            if let Some(p) = found.filter(|p| !p.is_empty()) {
                contact_problem = Some(contact_reason(role, id, &p));
                break;
            }
        }
        let label = m.unicode.split('.').next().unwrap_or(m.unicode);
        candidates.push(Candidate {
            name: m.name,
            key: fold_key(label),
            registrant: m.registrant,
            contact_problem,
        });
    }
    let near = NearIndex::new(
        listed.iter().map(|(k, n)| (k.as_str(), n.as_str())),
        candidates.iter().map(|c| c.key.as_str()),
    );
    let names: Vec<&str> = population.iter().map(|m| m.name).collect();
    let cap = inputs
        .risk_share
        .map(|share| sampling::risk_cap(size, share, population.len()));
    let mut selected = sampling::select(
        &seed,
        size,
        &candidates,
        window.iter().map(String::as_str),
        &near,
        cap,
    );
    if inputs.risk_share.is_none() {
        // A run from before the cap recorded no strata.
        for s in &mut selected {
            s.stratum = None;
        }
    }
    Ok(RunOutcome {
        population: population.len(),
        population_digest: population_digest(&names),
        selected,
        cases: Default::default(),
    })
}

/// Recomputes run `run` from the journal alone and compares.
fn reproduce(run: i64, ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let entry = journal::get(&tx, run)?
        .filter(|e| e.command == journal::Kind::AuditSample.as_str())
        .ok_or_else(|| {
            Error::not_found(format!("journal entry {run} is not a sampling run"))
                .with_hint("`ptreg audit runs` lists the sampling runs")
        })?;
    let bad = |what: &str, e: String| {
        Error::internal(format!(
            "sampling run {run}: its recorded {what} is unreadable: {e}"
        ))
    };
    let inputs: RunInputs = entry.inputs()?;
    let recorded: RunOutcome = entry.outcome()?;
    let from = parse_time(&inputs.from).map_err(|e| bad("window", e))?;
    let to = parse_time(&inputs.to).map_err(|e| bad("window", e))?;

    let (past, window) = history::population_before(&tx, run, from, to, inputs.last_domain)?;
    let population: Vec<Member<'_>> = past
        .iter()
        .map(|m| Member {
            name: &m.name,
            unicode: &m.unicode,
            registrant: &m.registrant,
            tech: &m.tech,
        })
        .collect();
    let mut people = HashMap::new();
    let again = draw(
        &tx,
        &inputs,
        &population,
        &window,
        // The lists at the version the run's entry recorded.
        &history::listed_keys(&tx, Some(entry.lists_version))?,
        |conn, id| history::contact_as_of(conn, id, to),
        &mut people,
    )?;
    let missing: Vec<Selected> = recorded
        .selected
        .iter()
        .filter(|s| !again.selected.contains(s))
        .cloned()
        .collect();
    let extra: Vec<Selected> = again
        .selected
        .iter()
        .filter(|s| !recorded.selected.contains(s))
        .cloned()
        .collect();
    let matches = missing.is_empty()
        && extra.is_empty()
        && again.population_digest == recorded.population_digest
        && again.population == recorded.population;
    let report = Reproduction {
        run,
        matches,
        population_digest: again.population_digest,
        recorded_digest: recorded.population_digest,
        missing,
        extra,
    };
    render::emit(ctx, &report, |r| {
        let mut text = if r.matches {
            format!(
                "run {}: reproduced (population digest {})",
                r.run, r.population_digest
            )
        } else {
            format!(
                "run {}: does NOT reproduce\npopulation digest recorded {}, recomputed {}",
                r.run, r.recorded_digest, r.population_digest
            )
        };
        for s in &r.missing {
            text.push_str(&format!("\nrecorded only:   {} ({})", s.name, s.reason));
        }
        for s in &r.extra {
            text.push_str(&format!("\nrecomputed only: {} ({})", s.name, s.reason));
        }
        text
    })?;
    if matches {
        Ok(())
    } else {
        Err(Error::internal(format!(
            "sampling run {run} does not reproduce from the journal"
        )))
    }
}
