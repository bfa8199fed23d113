//! Conformity checks (Art. 8): when the registry may act on a case, when a
//! proof falls due, and what a decision does to the name.
//!
//! - Art. 8.1: the diligences happen "no decurso do prazo máximo de 10
//!   dias" after the registration. A proof request (8.2) and a removal
//!   (8.3) must rest on a case opened within that window; a case opened
//!   later is refused under 8.1. (Deciding that a name conforms is always
//!   allowed: it closes a case and harms no one.)
//! - Art. 8.2: the proof is due within 2 days of the request.
//! - Art. 7.2, 8.5: a registration on legitimacy grounds is held until
//!   staff accept the proof ([`conform`] releases it into its resting
//!   state); see `lifecycle::expiry` for its removal when the proof is not
//!   given in time.

use super::lifecycle::resting_state;
use super::periods::{Time, fmt_time, parse_time};
use super::policy::Policy;
use super::{Article, Refusal};
use crate::model::{Domain, State};

/// The end of the conformity window of a name registered at `created`.
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
    article: Article,
    policy: &Policy,
) -> Result<(), Refusal> {
    let end = window_end(d.created, policy);
    let opened_at = parse_time(opened).map_err(|e| Refusal::new(article, e))?;
    if opened_at >= end {
        return Err(Refusal::new(
            "8.1",
            format!(
                "case {case} on {} was opened on {opened}, after the {} days that followed \
                 its registration (they ended at {}): the checks of Art. 8.1 happen within \
                 them, so no proof request or removal under Art. 8 can rest on it",
                d.name,
                policy.periods.conformity_window,
                fmt_time(end)
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

/// The name after staff decide that it conforms: its case is closed, and a
/// registration held for its proof of legitimacy is released into its
/// resting state (delegated with two nameservers, Art. 2.3, 3.1).
pub(crate) fn conform(d: &Domain, now: Time) -> Domain {
    let mut d = d.clone();
    d.case = None;
    if d.held_until.take().is_some() && matches!(d.state, State::Reserved | State::Registered) {
        let state = resting_state(&d);
        if state != d.state {
            d.state = state;
            d.state_since = now;
        }
    }
    d
}

/// The name removed at once after a conformity check (Art. 8.3).
pub(crate) fn removed(d: &Domain, now: Time) -> Domain {
    let mut d = d.clone();
    d.state = State::Removed;
    d.removed = Some(now);
    d.state_since = now;
    d.pending_removal = None;
    d.case = None;
    d.held_until = None;
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lifecycle::fixture::{domain, policy, t};
    use crate::rules::periods::Counting;

    fn hours() -> Policy {
        let mut p = policy();
        p.periods.counting = Counting::Hours;
        p
    }

    #[test]
    fn the_window_of_art_8_1_under_both_countings() {
        // Registered 2025-03-01T09:00:00Z (Lisbon is on UTC in March).
        let d = domain();
        let civil = policy();
        // Civil: 10 days after 1 March end at 24:00 on 11 March (Lisbon = UTC).
        assert_eq!(
            fmt_time(window_end(d.created, &civil)),
            "2025-03-12T00:00:00Z"
        );
        assert!(within_window(&d, 1, "2025-03-11T23:59:59Z", "8.2", &civil).is_ok());
        let late = within_window(&d, 1, "2025-03-12T00:00:00Z", "8.2", &civil).unwrap_err();
        assert_eq!(late.article, "8.1");
        // Hours: 240 h after the registration.
        let h = hours();
        assert_eq!(fmt_time(window_end(d.created, &h)), "2025-03-11T09:00:00Z");
        assert!(within_window(&d, 1, "2025-03-11T08:59:59Z", "8.3", &h).is_ok());
        assert!(within_window(&d, 1, "2025-03-11T09:00:00Z", "8.3", &h).is_err());
    }

    #[test]
    fn proofs_fall_due_at_the_end_of_the_second_day() {
        // Summer: Lisbon is UTC+1, so 24:00 is 23:00 UTC.
        let now = t("2026-07-01T10:00:00Z");
        assert_eq!(fmt_time(proof_due(now, &policy())), "2026-07-03T23:00:00Z");
        assert_eq!(fmt_time(proof_due(now, &hours())), "2026-07-03T10:00:00Z");
    }

    #[test]
    fn conformity_releases_a_held_registration() {
        let mut d = domain();
        d.state = State::Reserved;
        d.case = Some(4);
        d.held_until = Some(t("2025-03-04T00:00:00Z"));
        let now = t("2025-03-02T12:00:00Z");
        let out = conform(&d, now);
        assert_eq!(
            (out.state, out.case, out.held_until),
            (State::Registered, None, None)
        );
        assert_eq!(out.state_since, now);
        let gone = removed(&d, now);
        assert_eq!((gone.state, gone.removed), (State::Removed, Some(now)));
    }
}
