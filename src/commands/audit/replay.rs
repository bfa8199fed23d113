//! `ptreg audit replay`: every recorded registration decision, evaluated
//! again under the policy and lists it was taken with, and under today's; the
//! decisions that would come out differently are reported with both articles,
//! so an auditor sees the effect of a rule or list change.
//!
//! The policy of a decision is found by the digest its entry records; its
//! lists are rebuilt at the entry's `lists_version` from today's lists and the
//! journaled list changes since (every list change is journaled with the
//! names it changed and the version it made). The name's own registration is
//! not held against it (Art. 6.1.a): both evaluations ask whether the name
//! could be registered if it were free.

use std::collections::HashMap;

use serde::Serialize;

use crate::commands::open;
use crate::context::Ctx;
use crate::error::Result;
use crate::model::{Domain, ManagerKind};
use crate::render;
use crate::rules::Refusal;
use crate::rules::names::{self, Facts};
use crate::rules::policy::Policy;
use crate::store::{self, history};

/// One evaluation of a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Verdict {
    admissible: bool,
    /// The first article that refuses the name, if one does.
    article: Option<String>,
    reason: Option<String>,
}

impl Verdict {
    fn of(refusals: &[Refusal]) -> Verdict {
        let first = refusals.first();
        Verdict {
            admissible: first.is_none(),
            article: first.map(|r| r.article.to_string()),
            reason: first.map(|r| r.reason.clone()),
        }
    }

    fn shown(&self) -> String {
        match &self.article {
            None => "admissible".to_string(),
            Some(a) => format!("refused [Art. {a}]"),
        }
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
    let mut decisions = 0;
    let mut differences = Vec::new();
    for entry in history::registrations(&tx)? {
        let Ok(domain) = serde_json::from_str::<Domain>(&entry.outcome) else {
            continue;
        };
        let Ok(name) = names::parse(&domain.name) else {
            continue;
        };
        let manager = match domain.manager_kind {
            ManagerKind::Registrar => Some(domain.manager.as_str()),
            ManagerKind::Registrant => None,
        };
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
        let keys = store::lists::name_keys(&name);
        let facts = |l: &history::Lists| Facts {
            registered: false,
            listed: l.matching(&keys),
        };
        let then = Verdict::of(&names::admissibility(
            &name,
            &facts(then_lists),
            manager,
            then_policy,
        ));
        let now = Verdict::of(&names::admissibility(
            &name,
            &facts(&today_lists),
            manager,
            &today_policy.policy,
        ));
        decisions += 1;
        if then != now {
            let inputs: serde_json::Value = serde_json::from_str(&entry.inputs).unwrap_or_default();
            differences.push(Difference {
                seq: entry.seq,
                time: entry.time.clone(),
                name: domain.name.clone(),
                legitimacy: inputs["request"]["legitimacy"].is_string(),
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
