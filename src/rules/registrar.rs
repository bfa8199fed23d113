//! The withdrawal of a registrar's status (Art. 15.2): it manages no names
//! from then on, and each name it managed passes to its registrant, who is
//! told.

use super::Reason;
use super::lifecycle::{Denied, NoticeDraft, Outcome, Party, conflict};
use super::periods::{Time, fmt_time};
use crate::model::{Domain, ManagerKind, Registrar};

/// The registrar withdrawn at `now`; a conflict when it was already.
pub(crate) fn withdraw(r: &Registrar, now: Time) -> Result<Registrar, Denied> {
    if let Some(when) = r.withdrawn {
        return Err(conflict(
            Reason::AlreadyWithdrawn {
                registrar: r.id.clone(),
                since: when,
            },
            format!(
                "registrar {} was already withdrawn on {}",
                r.id,
                fmt_time(when)
            ),
        ));
    }
    Ok(Registrar {
        withdrawn: Some(now),
        ..r.clone()
    })
}

/// A name of the withdrawn registrar `r`, managed by its registrant from
/// `now` on; the registrant (`registrant_name`, for the greeting) is told.
pub(crate) fn pass_to_registrant(
    d: &Domain,
    r: &Registrar,
    registrant_name: &str,
    now: Time,
) -> Outcome {
    let mut cur = d.clone();
    cur.manager_kind = ManagerKind::Registrant;
    cur.manager = cur.registrant.clone();
    let text = format!(
        "Dear {registrant_name},\n\nThe registrar status of {} ({}) was withdrawn on {}. Under \
         Art. 15.2 of the .PT domain registration rules, the management of the domain name {} \
         passes to you, its registrant, from that date. You may manage it yourself, or choose \
         a new registrar with a management transfer code (Art. 15.1).\n",
        r.name,
        r.id,
        fmt_time(now),
        cur.unicode,
    );
    let notices = vec![NoticeDraft {
        to: Party::Contact(cur.registrant.clone()),
        kind: "management",
        article: "15.2",
        text,
    }];
    let mut out = Outcome::new(cur, "15.2");
    out.notices = notices;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lifecycle::fixture::{domain, t};

    fn registrar() -> Registrar {
        Registrar {
            id: "REG1".into(),
            name: "Registos Lda".into(),
            email: "reg1@example.pt".into(),
            address: None,
            vat: None,
            created: t("2024-01-01"),
            withdrawn: None,
        }
    }

    #[test]
    fn a_registrar_is_withdrawn_once() {
        let now = t("2026-01-10T10:00:00Z");
        let gone = withdraw(&registrar(), now).unwrap();
        assert_eq!(gone.withdrawn, Some(now));
        let again = withdraw(&gone, t("2026-02-01")).unwrap_err();
        assert_eq!(again.reason().code(), "already_withdrawn");
        assert!(matches!(again, Denied::Conflict(_)));
    }

    #[test]
    fn its_names_pass_to_their_registrants_who_are_told() {
        let now = t("2026-01-10T10:00:00Z");
        let out = pass_to_registrant(&domain(), &registrar(), "Ana Silva", now);
        assert_eq!(out.domain.manager, "ana");
        assert_eq!(out.domain.manager_kind, ManagerKind::Registrant);
        assert_eq!(out.domain.registrar(), None);
        assert_eq!(out.article, "15.2");
        assert_eq!(out.notices.len(), 1);
        let n = &out.notices[0];
        assert_eq!(n.to, Party::Contact("ana".into()));
        assert!(n.text.starts_with("Dear Ana Silva,"), "{}", n.text);
        assert!(n.text.contains("Registos Lda (REG1)"), "{}", n.text);
    }
}
