//! The decisions of a conformity case (Art. 8.1-8.3, 20): the proof asked of
//! the registrant and the managing entity, and the verdict: the name
//! conforms, or it is removed with the amount paid refunded.
//!
//! A removal after a conformity check is refused while a judicial or
//! arbitral proceeding is notified on the name: Art. 21.3 forbids the
//! removal of a name under a pending litigation, and it is worded for every
//! removal, not only those the registrant or manager asks for; the court or
//! tribunal decides the name's fate first. The case stays open. A suspended
//! name (an arbitral injunction, Art. 28) is under a pending arbitral action
//! too, and is refused the same way. A name the clock has removed already
//! (its grace period ended) is refused as removed.
//!
//! - Art. 8.1: the diligences happen "no decurso do prazo máximo de 10
//!   dias" after the registration. A proof request (8.2) and a removal
//!   (8.3) must rest on a case opened within that window; a case opened
//!   later is refused under 8.1 ([`within_window`]). Deciding that a name
//!   conforms is always allowed: it closes a case and harms no one.
//! - Art. 8.2: the proof is due within 2 days of the request, counted as
//!   the policy counts periods.
//! - Art. 7.2, 8.5: a registration on legitimacy grounds is held until
//!   staff accept the proof: [`conform`] releases it into its resting state
//!   (`lifecycle::expiry` removes it when the proof is not given in time).

use super::lifecycle::changes::live;
use super::lifecycle::notices::registrant_and_manager;
use super::lifecycle::removal::{no_litigation, removed_now};
use super::lifecycle::resting_state;
use super::lifecycle::{Denied, NoticeDraft, Outcome};
use super::periods::{Time, fmt_time, parse_time};
use super::policy::{Policy, fmt_amount};
use super::{Article, Reason, Refusal};
use crate::model::{Domain, State};

/// The open case of a name, or the refusal under `article` (8.1-8.3).
pub(crate) fn open_case(d: &Domain, case: Option<i64>, article: Article) -> Result<i64, Refusal> {
    case.ok_or_else(|| {
        Refusal::new(
            article,
            Reason::NoOpenCase,
            format!("{} has no open conformity case", d.name),
        )
    })
}

/// The end of the conformity window of a name registered at `created`
/// (Art. 8.1).
pub(crate) fn window_end(created: Time, policy: &Policy) -> Time {
    policy
        .calendar()
        .days_from_event(created, policy.periods.conformity_window)
}

/// Whether a case opened at `opened` may ground a proof request or a
/// removal (`article`: 8.2 or 8.3) of `d`: it must have been opened within
/// the window of Art. 8.1.
pub(crate) fn within_window(
    d: &Domain,
    case: i64,
    opened: &str,
    policy: &Policy,
) -> Result<(), Refusal> {
    let ended = window_end(d.created, policy);
    // A stored time that does not parse is not a case opened in time.
    let in_time = parse_time(opened).is_ok_and(|at| at < ended);
    if !in_time {
        return Err(Refusal::new(
            "8.1",
            Reason::OutsideConformityWindow { ended },
            format!(
                "case {case} on {} was opened on {opened}, after the {} days that followed \
                 its registration (they ended at {}): the checks of Art. 8.1 happen within \
                 them, so no proof request or removal under Art. 8 can rest on it",
                d.name,
                policy.periods.conformity_window,
                fmt_time(ended)
            ),
        ));
    }
    Ok(())
}

/// When a proof requested at `now` is due (Art. 8.2).
pub(crate) fn proof_due(now: Time, policy: &Policy) -> Time {
    policy
        .calendar()
        .days_from_event(now, policy.periods.proof_deadline)
}

/// A proof asked for (Art. 8.2): when it is due, and the notice.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProofRequest {
    pub(crate) due: Time,
    pub(crate) notices: Vec<NoticeDraft>,
}

/// Asks the registrant and the managing entity for proof, due after the
/// policy's proof deadline (Art. 8.2).
pub(crate) fn request_proof(d: &Domain, case: i64, now: Time, policy: &Policy) -> ProofRequest {
    let due = proof_due(now, policy);
    let text = format!(
        "Conformity check of {} (case {case}): the .PT registry asks the registrant and the \
         managing entity to present, by {}, proof that the name and its holders' data comply \
         with the registration rules (Art. 8.2).",
        d.name,
        fmt_time(due)
    );
    ProofRequest {
        due,
        notices: to_parties(d, "proof-request", "8.2", &text),
    }
}

/// The name conforms: the case closes (Art. 8.1), and a registration held
/// for its proof of legitimacy is released into its resting state
/// (delegated with two nameservers, Art. 2.3, 3.1; Art. 7.2, 8.5).
pub(crate) fn conform(d: &Domain, now: Time) -> Outcome {
    let mut cur = d.clone();
    cur.case = None;
    if cur.held_until.take().is_some() && matches!(cur.state, State::Reserved | State::Registered) {
        let state = resting_state(&cur);
        if state != cur.state {
            cur.state = state;
            cur.state_since = now;
        }
    }
    Outcome::new(cur, "8.1")
}

/// A removal after a conformity check, with the refund of Art. 20.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Removal {
    pub(crate) outcome: Outcome,
    /// The amount paid for the registration, refunded (cents).
    pub(crate) refund: i64,
}

/// The name does not conform: it is removed at once (Art. 8.3), the amount
/// `paid` for it is refunded (Art. 20), and the registrant and the managing
/// entity are told the grounds. Not while a proceeding is pending (21.3),
/// and not when the clock has removed it already.
pub(crate) fn remove(
    d: &Domain,
    case: i64,
    grounds: &str,
    paid: i64,
    iban: Option<&str>,
    now: Time,
    policy: &Policy,
) -> Result<Removal, Denied> {
    let cur = live(d, now, policy)?;
    no_litigation(&cur)?;
    let mut removed = removed_now(cur, now);
    removed.case = None;
    let text = format!(
        "{} was removed by the .PT registry after a conformity check (case {case}, Art. 8.3).\n\
         Grounds: {grounds}\n\
         {}",
        removed.name,
        refund_text(paid, iban)
    );
    let notices = to_parties(&removed, "removal", "8.3", &text);
    let mut outcome = Outcome::new(removed, "8.3");
    outcome.notices = notices;
    Ok(Removal {
        outcome,
        refund: paid,
    })
}

/// What the parties are told of the refund of Art. 20: paid to the
/// registrant's account (Art. 29.2.g), or the managing entity is asked for
/// the details ("solicitando à entidade gestora, quando necessário, a
/// indicação dos dados para o efeito").
pub(crate) fn refund_text(paid: i64, iban: Option<&str>) -> String {
    match iban {
        Some(iban) => format!(
            "The amount paid for the registration, {} EUR, is refunded to the account {} \
             (Art. 20).",
            fmt_amount(paid),
            iban
        ),
        None => format!(
            "The amount paid for the registration, {} EUR, is refunded (Art. 20); the managing \
             entity is asked to give the registry the account to pay it to.",
            fmt_amount(paid)
        ),
    }
}

fn to_parties(d: &Domain, kind: &'static str, article: Article, text: &str) -> Vec<NoticeDraft> {
    registrant_and_manager(d)
        .into_iter()
        .map(|to| NoticeDraft {
            to,
            kind,
            article,
            text: text.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::State;
    use crate::rules::lifecycle::Party;
    use crate::rules::lifecycle::fixture::{domain, hours, policy, t};

    #[test]
    fn a_case_must_be_open() {
        let d = domain();
        let r = open_case(&d, None, "8.3").unwrap_err();
        assert_eq!((r.article, r.reason.code()), ("8.3", "no_open_case"));
        assert_eq!(open_case(&d, Some(7), "8.3"), Ok(7));
    }

    #[test]
    fn proof_is_due_after_the_deadline_and_both_parties_are_told() {
        let p = policy();
        let now = t("2025-06-01T10:00:00Z");
        let req = request_proof(&domain(), 3, now, &p);
        assert_eq!(req.due, proof_due(now, &p));
        assert_eq!(
            req.notices.iter().map(|n| n.to.clone()).collect::<Vec<_>>(),
            vec![
                Party::Contact("ana".into()),
                Party::Registrar("REG1".into())
            ]
        );
        assert!(req.notices[0].text.contains("case 3"));
    }

    #[test]
    fn conform_closes_the_case() {
        let mut d = domain();
        d.case = Some(3);
        let out = conform(&d, t("2025-03-02"));
        assert_eq!((out.domain.case, out.article), (None, "8.1"));
        assert_eq!(out.domain.state, d.state);
    }

    #[test]
    fn conformity_releases_a_held_registration() {
        let mut d = domain();
        d.state = State::Reserved;
        d.case = Some(4);
        d.held_until = Some(t("2025-03-04T00:00:00Z"));
        let now = t("2025-03-02T12:00:00Z");
        let out = conform(&d, now).domain;
        assert_eq!(
            (out.state, out.case, out.held_until),
            (State::Registered, None, None)
        );
        assert_eq!(out.state_since, now);
    }

    #[test]
    fn the_window_of_art_8_1_under_both_countings() {
        // Registered 2025-03-01T09:00:00Z (Lisbon is on UTC in March).
        let d = domain();
        let civil = policy();
        // Civil: 10 days after 1 March end at 24:00 on 11 March.
        assert_eq!(
            fmt_time(window_end(d.created, &civil)),
            "2025-03-12T00:00:00Z"
        );
        assert!(within_window(&d, 1, "2025-03-11T23:59:59Z", &civil).is_ok());
        let late = within_window(&d, 1, "2025-03-12T00:00:00Z", &civil).unwrap_err();
        assert_eq!(
            (late.article, late.reason.code()),
            ("8.1", "outside_conformity_window")
        );
        // Hours: 240 h after the registration.
        let h = hours();
        assert_eq!(fmt_time(window_end(d.created, &h)), "2025-03-11T09:00:00Z");
        assert!(within_window(&d, 1, "2025-03-11T08:59:59Z", &h).is_ok());
        assert!(within_window(&d, 1, "2025-03-11T09:00:00Z", &h).is_err());
        assert!(within_window(&d, 1, "garbage", &h).is_err());
    }

    #[test]
    fn proofs_fall_due_at_the_end_of_the_second_day() {
        // Summer: Lisbon is UTC+1, so 24:00 is 23:00 UTC.
        let now = t("2026-07-01T10:00:00Z");
        assert_eq!(fmt_time(proof_due(now, &policy())), "2026-07-03T23:00:00Z");
        assert_eq!(fmt_time(proof_due(now, &hours())), "2026-07-03T10:00:00Z");
    }

    #[test]
    fn removal_refunds_and_is_refused_under_a_proceeding_or_once_removed() {
        let p = policy();
        let now = t("2025-06-01T10:00:00Z");
        let mut d = domain();
        d.case = Some(3);
        let r = remove(
            &d,
            3,
            "false data",
            990,
            Some("PT50000201231234567890154"),
            now,
            &p,
        )
        .unwrap();
        assert_eq!(r.refund, 990);
        assert_eq!(r.outcome.article, "8.3");
        assert_eq!(r.outcome.domain.state, State::Removed);
        assert_eq!(r.outcome.domain.removed, Some(now));
        assert_eq!(r.outcome.domain.case, None);
        assert!(r.outcome.notices[0].text.contains("9.90 EUR"));
        assert!(
            r.outcome.notices[0]
                .text
                .contains("PT50000201231234567890154")
        );
        assert!(refund_text(990, None).contains("managing entity is asked"));

        let mut locked = d.clone();
        locked.litigation = Some("P-1".into());
        let e = remove(&locked, 3, "x", 0, None, now, &p).unwrap_err();
        assert_eq!(e.reason().code(), "pending_proceeding");
        let mut suspended = d.clone();
        suspended.suspension = Some("ARB-2".into());
        assert!(remove(&suspended, 3, "x", 0, None, now, &p).is_err());

        // The grace period ended unrenewed: the clock removed it already.
        let late = t("2026-06-01T10:00:00Z");
        let e = remove(&d, 3, "x", 0, None, late, &p).unwrap_err();
        assert_eq!(e.reason().code(), "removed");
    }
}
