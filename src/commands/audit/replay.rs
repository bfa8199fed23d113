//! `ptreg audit replay`: every recorded registration decision taken again,
//! whole (the registrar's status, the term, the name's admissibility and a
//! legitimacy override, the nameservers, the price), by the very decision
//! that took it ([`registration::decide`]), under the policy and lists it
//! was taken with and at its time, and under today's; the decisions that
//! would come out differently are reported with both outcomes, so an
//! auditor sees the effect of a rule, list or policy change.
//!
//! The policy of a decision is found by the digest its entry records; its
//! lists are rebuilt at the entry's `lists_version` from today's lists and the
//! journaled list changes since (every list change is journaled with the
//! names it changed and the version it made). The request is the one the
//! entry records; the parties are the ones it registered, and a registrar
//! counts as withdrawn only from its withdrawal on. The name's own
//! registration is not held against it (Art. 6.1.a): both evaluations ask
//! whether the name could be registered if it were free.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::{Domain, Registrar};
use crate::render;
use crate::rules::lists::fold_key;
use crate::rules::names;
use crate::rules::periods::{Time, parse_time};
use crate::rules::policy::Policy;
use crate::rules::registration::{
    self, Application, Decision, Facts, Refused, Request, Sponsor, Unreadable,
};
use crate::store::{self, contacts, history};

/// One evaluation of a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Verdict {
    /// Registered without overriding any refusal.
    admissible: bool,
    /// The name is registered (perhaps over refusals, with legitimacy).
    registered: bool,
    /// The first article that refuses the registration, or that legitimacy
    /// grounds override, if one does.
    article: Option<String>,
    reason: Option<String>,
}

impl Verdict {
    fn of(decision: &Result<Decision, Refused>) -> Verdict {
        match decision {
            Ok(d) => {
                let first = d.overridden.first();
                Verdict {
                    admissible: first.is_none(),
                    registered: true,
                    article: first.map(|r| r.article.to_string()),
                    reason: first.map(|r| r.message.clone()),
                }
            }
            Err(r) => Verdict {
                admissible: false,
                registered: false,
                article: Some(r.refusal.article.to_string()),
                reason: Some(r.refusal.message.clone()),
            },
        }
    }

    fn shown(&self) -> String {
        match (&self.article, self.registered) {
            (None, _) => "admissible".to_string(),
            (Some(a), true) => format!("registered over [Art. {a}]"),
            (Some(a), false) => format!("refused [Art. {a}]"),
        }
    }
}

/// What a registration entry's inputs hold that a replay reads.
#[derive(Deserialize)]
struct Recorded {
    request: Request,
}

/// The facts of a recorded registration at `at`: its parties as
/// registered, its registrar withdrawn only if it was by then, and the
/// lists `l`; the name's own registration is not counted.
fn facts_of(
    app: &Application,
    domain: &Domain,
    registrar: Option<&Registrar>,
    l: &history::Lists,
    at: Time,
) -> Facts {
    let keys = [fold_key(&app.name.label_unicode), fold_key(&app.name.label)];
    Facts {
        registrant: domain.registrant.clone(),
        tech: domain.tech.clone(),
        sponsor: domain.registrar().map(|id| Sponsor {
            id: id.to_string(),
            withdrawn: registrar.and_then(|r| r.withdrawn).filter(|w| *w <= at),
        }),
        name: names::Facts {
            registered: false,
            listed: l.matching(&keys),
        },
    }
}

/// A decision that would come out differently today.
#[derive(Debug, Serialize)]
struct Difference {
    /// The journal entry of the decision.
    seq: i64,
    time: String,
    name: String,
    /// Registered with legitimacy grounds overriding a refusal (Art. 7.2, 8.5).
    legitimacy: bool,
    policy_digest: String,
    lists_version: i64,
    then: Verdict,
    now: Verdict,
}

#[derive(Debug, Serialize)]
struct Replay {
    /// How many recorded registration decisions were evaluated.
    decisions: usize,
    differences: Vec<Difference>,
}

pub(crate) fn run(ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let today_policy = store::policy::in_force(&tx, ctx.now)?;
    let today_lists = history::lists_at(&tx, None)?;
    let mut policies: HashMap<String, Option<Policy>> = HashMap::new();
    let mut lists: HashMap<i64, history::Lists> = HashMap::new();
    let mut registrars: HashMap<String, Option<Registrar>> = HashMap::new();
    let mut decisions = 0;
    let mut differences = Vec::new();
    for entry in history::registrations(&tx)? {
        let domain: Domain = entry.outcome()?;
        let request = entry.inputs::<Recorded>()?.request;
        let unreadable = |what: String| {
            Error::internal(format!("journal entry {} (register): {what}", entry.seq))
        };
        let app = registration::read(&request).map_err(|e| {
            let why = match e {
                Unreadable::Malformed(why) => why,
                Unreadable::Refused(r) => format!("{} [Art. {}]", r.message, r.article),
            };
            unreadable(format!("its request no longer reads: {why}"))
        })?;
        let then_time = parse_time(&entry.time)
            .map_err(|e| unreadable(format!("its time {:?} is not a time: {e}", entry.time)))?;
        if !policies.contains_key(&entry.policy_digest) {
            let found = history::policy_by_digest(&tx, &entry.policy_digest)?;
            policies.insert(entry.policy_digest.clone(), found);
        }
        // A policy the file no longer holds cannot be replayed honestly: the
        // decision is skipped rather than judged under another policy.
        let Some(Some(then_policy)) = policies.get(&entry.policy_digest) else {
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = lists.entry(entry.lists_version) {
            slot.insert(history::lists_at(&tx, Some(entry.lists_version))?);
        }
        let then_lists = &lists[&entry.lists_version];
        let registrar = match domain.registrar() {
            Some(id) => {
                if !registrars.contains_key(id) {
                    registrars.insert(id.to_string(), contacts::find_registrar(&tx, id)?);
                }
                registrars[id].clone()
            }
            None => None,
        };
        let facts =
            |l: &history::Lists, at: Time| facts_of(&app, &domain, registrar.as_ref(), l, at);
        let then = Verdict::of(&registration::decide(
            &app,
            &facts(then_lists, then_time),
            then_time,
            then_policy,
        ));
        let now = Verdict::of(&registration::decide(
            &app,
            &facts(&today_lists, ctx.now),
            ctx.now,
            &today_policy.policy,
        ));
        decisions += 1;
        if then != now {
            differences.push(Difference {
                seq: entry.seq,
                time: entry.time.clone(),
                name: domain.name.clone(),
                legitimacy: request.legitimacy.is_some(),
                policy_digest: entry.policy_digest.clone(),
                lists_version: entry.lists_version,
                then,
                now,
            });
        }
    }
    let report = Replay {
        decisions,
        differences,
    };
    render::emit(ctx, &report, |r| {
        let mut text = format!(
            "{} registration decisions replayed; {} would come out differently today",
            r.decisions,
            r.differences.len()
        );
        if !r.differences.is_empty() {
            text.push('\n');
            text.push_str(&render::table(
                &["entry", "name", "then", "today", "why today"],
                r.differences.iter().map(|d| {
                    vec![
                        d.seq.to_string(),
                        d.name.clone(),
                        d.then.shown(),
                        d.now.shown(),
                        d.now
                            .reason
                            .clone()
                            .or_else(|| d.then.reason.clone())
                            .unwrap_or_default(),
                    ]
                }),
            ));
        }
        text
    })
}
