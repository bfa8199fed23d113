//! `ptreg register NAME ...` (SPEC §6 first row): one name through every
//! rule, then stored with its charge (Art. 18.2) and journaled (Art. 2.1).
//!
//! [`register_one`] is the whole decision for one name inside the caller's
//! transaction, so `register --batch` runs the very same path per row.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use crate::cli::RegisterArgs;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::model::{Domain, ManagerKind};
use crate::render;
use crate::rules::lifecycle;
use crate::rules::names::{self, overridable_by_legitimacy};
use crate::rules::periods::fmt_time;
use crate::rules::policy::{Charge, fmt_amount};
use crate::rules::{Refusal, technical};
use crate::store::{self, policy::StoredPolicy};

/// What is asked for one name, as typed (or as read from a batch row).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Request {
    pub(crate) name: String,
    pub(crate) registrant: String,
    /// A registrar id; `None`: the registrant manages the name itself.
    pub(crate) manager: Option<String>,
    /// Technical contact id; `None`: the registrant.
    pub(crate) tech: Option<String>,
    /// `HOST[=IP,...]` texts.
    pub(crate) nameservers: Vec<String>,
    /// `TAG ALG TYPE HEX` texts.
    pub(crate) ds: Vec<String>,
    /// Term in years; `None`: the policy's shortest.
    pub(crate) years: Option<u32>,
    /// The arbitration convention is subscribed (Art. 26.2).
    pub(crate) arbitration: bool,
    /// Grounds of legitimacy for a listed name (Art. 7.2, 8.5).
    pub(crate) legitimacy: Option<String>,
}

pub(crate) fn run(args: RegisterArgs, ctx: &Ctx) -> Result<()> {
    if let Some(file) = &args.batch {
        return super::register_batch::run(file, args.reject.as_deref(), ctx);
    }
    let (Some(name), Some(registrant)) = (args.name, args.registrant) else {
        return Err(Error::usage("register needs NAME and --registrant"));
    };
    let req = Request {
        name,
        registrant,
        manager: args.manager,
        tech: args.tech,
        nameservers: args.nameservers,
        ds: args.ds,
        years: args.years,
        arbitration: args.arbitration,
        legitimacy: args.legitimacy,
    };
    let mut store = open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let domain = register_one(&tx, ctx, &policy, &req)?;
    store::finish(tx, ctx.dry_run)?;
    if ctx.dry_run {
        ctx.status(format!(
            "dry run: {} would be registered ({}); nothing was changed",
            domain.name, domain.state
        ));
    }
    render::emit(ctx, &domain, render::domain)
}

/// Registers one name: parses it, checks every rule, stores the domain,
/// charges the term at the price in force (Art. 18.2), opens a conformity
/// case for a legitimacy override, and journals the registration. Writes
/// into `tx` and does not commit.
pub(crate) fn register_one(
    tx: &Connection,
    ctx: &Ctx,
    policy: &StoredPolicy,
    req: &Request,
) -> Result<Domain> {
    // Malformed input first (exit 2), then unknown parties (exit 4), then
    // the rules (exit 3): a typo is reported as a typo, not as a refusal.
    let name = names::parse(&req.name)?;
    let terms = &policy.policy.registration.terms;
    let years = req.years.unwrap_or_else(|| policy.policy.default_term());
    if !terms.contains(&years) {
        return Err(Error::usage(format!(
            "--years {years}: the policy in force sells terms of {} year(s)",
            terms
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let nameservers =
        technical::parse_nameservers(&req.nameservers, &name.ascii).map_err(Error::usage)?;
    let ds = technical::parse_ds_records(&req.ds).map_err(Error::usage)?;
    technical::check_ds_needs_nameservers(nameservers.len(), ds.len()).map_err(Error::usage)?;
    if req
        .legitimacy
        .as_deref()
        .is_some_and(|t| t.trim().is_empty())
    {
        return Err(Error::usage("--legitimacy needs the grounds as text"));
    }

    let registrant =
        store::contacts::get_party(tx, &req.registrant).map_err(|e| with_role(e, "registrant"))?;
    let tech = match &req.tech {
        Some(id) => store::contacts::get_party(tx, id).map_err(|e| with_role(e, "tech"))?,
        None => registrant.clone(),
    };
    let registrar = match &req.manager {
        Some(id) => {
            Some(store::contacts::get_registrar(tx, id).map_err(|e| with_role(e, "manager"))?)
        }
        None => None,
    };
    if let Some(r) = &registrar
        && let Some(when) = r.withdrawn
    {
        return Err(Refusal::new(
            "15.2",
            format!(
                "registrar {} was withdrawn on {} and manages no names",
                r.id,
                fmt_time(when)
            ),
        )
        .into());
    }

    // A stored row the clock has already removed (its grace ended, the
    // sweep has not run) is recorded as removed first: the name is free.
    super::lifecycle::catch_up(tx, &ctx.stamp(), policy, &name.ascii)?;
    let facts = store::lists::facts(tx, &name)?;
    let refusals = names::admissibility(&name, &facts, req.manager.as_deref(), &policy.policy);
    let overridden = decide(&refusals, req.legitimacy.as_deref())?;
    if req.legitimacy.is_some() && refusals.is_empty() {
        ctx.status(format!(
            "note: {} is admissible; --legitimacy is not needed and no case is opened",
            name.ascii
        ));
    }
    let mut state = technical::state_for_nameservers(technical::distinct_hosts(
        nameservers.iter().map(|n| n.host.as_str()),
    ))?;
    // Registered on legitimacy grounds: held until the proof is accepted
    // (Art. 7.2, 8.5), by the deadline of Art. 8.2.
    let held_until = (!overridden.is_empty()).then(|| {
        state = lifecycle::resting_state_held();
        policy
            .policy
            .calendar()
            .days_from_event(ctx.now, policy.policy.periods.proof_deadline)
    });
    let price = policy
        .policy
        .price_cents(Charge::Register, ctx.now)
        .ok_or_else(|| {
            Refusal::new(
                "18.1",
                format!(
                    "the policy has no registration price in force on {}",
                    fmt_time(ctx.now)
                ),
            )
        })?;

    let mut domain = Domain {
        id: 0,
        name: name.ascii.clone(),
        unicode: name.unicode.clone(),
        hierarchy: name.hierarchy.as_str().to_string(),
        state,
        created: ctx.now,
        expires: policy.policy.calendar().years_from_event(ctx.now, years),
        registrant: registrant.id.clone(),
        manager: registrar
            .as_ref()
            .map_or_else(|| registrant.id.clone(), |r| r.id.clone()),
        manager_kind: if registrar.is_some() {
            ManagerKind::Registrar
        } else {
            ManagerKind::Registrant
        },
        tech: tech.id.clone(),
        nameservers,
        ds,
        arbitration: req.arbitration,
        litigation: None,
        suspension: None,
        pending_removal: None,
        case: None,
        held_until: None,
        state_since: ctx.now,
        removed: None,
    };
    store::domains::insert(tx, &mut domain)?;
    let amount = price * i64::from(years);
    store::ledger::record(
        tx,
        ctx.now,
        &domain.name,
        "charge",
        amount,
        "18.2",
        Some(years),
    )?;
    if let Some(due) = held_until {
        let case = store::cases::open(tx, domain.id, ctx.now, "legitimacy", None)?;
        store::cases::request_proof(tx, case, ctx.now, due)?;
        domain.case = Some(case);
        domain.held_until = Some(due);
        super::lifecycle::write_notices(
            tx,
            ctx.now,
            &domain.name,
            &lifecycle::notices::legitimacy_proof_request(&domain, due),
        )?;
    }
    journal::append(
        tx,
        &ctx.stamp(),
        &policy.digest,
        Entry {
            command: "register",
            article: Some("2.1"),
            domain: Some(&domain.name),
            inputs: json!({
                "request": req,
                "years": years,
                "price": fmt_amount(price),
                "amount": fmt_amount(amount),
                "overridden": overridden,
            }),
            outcome: serde_json::to_value(&domain)?,
        },
    )?;
    Ok(domain)
}

/// Refuses with the first article unless legitimacy grounds are given and
/// every refusal yields to them (Art. 7.2, 8.5); returns the overridden ones.
fn decide(refusals: &[Refusal], legitimacy: Option<&str>) -> Result<Vec<Refusal>> {
    let Some(first) = refusals.first() else {
        return Ok(Vec::new());
    };
    let others = |skip: &Refusal| {
        let rest: Vec<String> = refusals
            .iter()
            .filter(|r| *r != skip)
            .map(|r| format!("[Art. {}] {}", r.article, r.reason))
            .collect();
        if rest.is_empty() {
            String::new()
        } else {
            format!("; also {}", rest.join("; "))
        }
    };
    match legitimacy {
        None => {
            let mut err = Error::refused(Refusal::new(
                first.article,
                format!("{}{}", first.reason, others(first)),
            ));
            if refusals
                .iter()
                .all(|r| overridable_by_legitimacy(r.article))
            {
                err = err.with_hint(
                    "a person with legitimacy for the name may register it with --legitimacy \"GROUNDS\"",
                );
            }
            Err(err)
        }
        Some(_) => match refusals
            .iter()
            .find(|r| !overridable_by_legitimacy(r.article))
        {
            Some(hard) => Err(Error::refused(Refusal::new(
                hard.article,
                format!(
                    "{} (legitimacy grounds cannot override this article){}",
                    hard.reason,
                    others(hard)
                ),
            ))),
            None => Ok(refusals.to_vec()),
        },
    }
}

/// Names the role of a missing party: `no contact X (registrant)`.
fn with_role(err: Error, role: &str) -> Error {
    Error {
        message: format!("{} (--{role})", err.message),
        ..err
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_and_legitimacy() {
        let geo = Refusal::new("7.2", "lisboa is a geographic name");
        let obscene = Refusal::new("6.1.b", "an obscene word");
        assert!(decide(&[], None).unwrap().is_empty());
        assert!(decide(&[], Some("grounds")).unwrap().is_empty());

        let err = decide(std::slice::from_ref(&geo), None).unwrap_err();
        assert_eq!(err.article.as_deref(), Some("7.2"));
        assert!(err.hint.is_some());

        let over = decide(std::slice::from_ref(&geo), Some("Câmara Municipal")).unwrap();
        assert_eq!(over, vec![geo.clone()]);

        let err = decide(&[geo.clone(), obscene.clone()], Some("grounds")).unwrap_err();
        assert_eq!(err.article.as_deref(), Some("6.1.b"));
        assert!(err.message.contains("[Art. 7.2]"), "{}", err.message);

        let err = decide(&[obscene, geo], None).unwrap_err();
        assert_eq!(err.article.as_deref(), Some("6.1.b"));
        assert!(err.message.contains("also [Art. 7.2]"), "{}", err.message);
        assert!(err.hint.is_none());
    }
}
