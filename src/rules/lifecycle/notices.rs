//! The notices the lifecycle rules require, with their full text (in
//! English, like every message of the program). The rules name the parties;
//! the command looks up their e-mail addresses (Art. 4.2, 4.3).

use crate::model::Domain;
use crate::rules::Article;
use crate::rules::periods::{Time, fmt_time};

/// Who a notice is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Party {
    /// A contact (registrant), by id.
    Contact(String),
    /// A registrar (managing entity), by id.
    Registrar(String),
}

/// A notice to write to the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NoticeDraft {
    pub(crate) to: Party,
    /// A short kind for mailers to route on: `ownership-transfer`, ...
    pub(crate) kind: &'static str,
    pub(crate) article: Article,
    pub(crate) text: String,
}

/// The registrant, and the managing entity when it is a registrar (a
/// self-managed name has one party to tell).
pub(crate) fn registrant_and_manager(d: &Domain) -> Vec<Party> {
    let mut parties = vec![Party::Contact(d.registrant.clone())];
    if let Some(r) = d.registrar() {
        parties.push(Party::Registrar(r.to_string()));
    }
    parties
}

fn to_each(
    parties: Vec<Party>,
    kind: &'static str,
    article: Article,
    text: &str,
) -> Vec<NoticeDraft> {
    parties
        .into_iter()
        .map(|to| NoticeDraft {
            to,
            kind,
            article,
            text: text.to_string(),
        })
        .collect()
}

fn display(d: &Domain) -> String {
    if d.unicode != d.name {
        format!("{} ({})", d.unicode, d.name)
    } else {
        d.name.clone()
    }
}

/// Art. 14.3: the previous and the new registrant are told.
pub(crate) fn ownership_transferred(
    d: &Domain,
    from: &str,
    to: &str,
    now: Time,
) -> Vec<NoticeDraft> {
    let text = format!(
        "The ownership of the domain name {name} was transferred on {now} from the \
         registrant {from} to the registrant {to}. The terms in force, including the expiry \
         date ({expires}) and the arbitration agreement, apply unchanged to the new \
         registrant (Art. 14.6 of the .PT registration rules).",
        name = display(d),
        now = fmt_time(now),
        expires = fmt_time(d.expires),
    );
    to_each(
        vec![Party::Contact(from.into()), Party::Contact(to.into())],
        "ownership-transfer",
        "14.3",
        &text,
    )
}

/// Art. 15.1: the registrar that managed a name is told that its
/// management moved to another managing entity with the one-time code.
pub(crate) fn management_transferred(d: &Domain, from: &str, now: Time) -> Vec<NoticeDraft> {
    let text = format!(
        "The management of the domain name {name} was transferred on {now} from the \
         registrar {from} to {to} with its one-time transfer code (Art. 15.1 of the .PT \
         registration rules). {from} no longer manages it.",
        name = display(d),
        now = fmt_time(now),
        to = if d.registrar().is_some() {
            format!("the registrar {}", d.manager)
        } else {
            format!("its registrant {}", d.registrant)
        },
    );
    to_each(
        vec![Party::Registrar(from.into())],
        "management-transfer",
        "15.1",
        &text,
    )
}

/// Art. 21.2: the registrant is told of a removal asked by the managing
/// entity and may oppose it within `days` days of this notice (counted from
/// when it is sent, so the notice cannot name the date).
pub(crate) fn removal_requested(d: &Domain, now: Time, days: u32) -> Vec<NoticeDraft> {
    let text = format!(
        "On {now} the managing entity {manager} asked for the removal of the domain name \
         {name}. Under Art. 21.2 of the .PT registration rules you may oppose the removal \
         within {days} days of this notice (the day it is sent is not counted; the period \
         ends at 24:00 of its last day). Unless you oppose it, the domain name is removed \
         when that period ends.",
        now = fmt_time(now),
        manager = d.manager,
        name = display(d),
    );
    to_each(
        vec![Party::Contact(d.registrant.clone())],
        "removal-requested",
        "21.2",
        &text,
    )
}

/// Art. 22.2: the registrant and the managing entity are told the grounds of
/// a registry removal that takes effect `days` days after the notice is
/// sent unless they are cured.
pub(crate) fn removal_notice(
    d: &Domain,
    paragraph: &str,
    grounds: &str,
    days: u32,
) -> Vec<NoticeDraft> {
    let text = format!(
        "The .PT registry will remove the domain name {name} under Art. 22.1.{paragraph} of \
         the .PT registration rules ({what}). Grounds: {grounds} The removal takes effect \
         {days} days after this notice is sent (the day it is sent is not counted; the period \
         ends at 24:00 of its last day) unless the grounds are cured within that period \
         (Art. 22.2).",
        name = display(d),
        what = paragraph_text(paragraph),
    );
    to_each(registrant_and_manager(d), "removal-notice", "22.2", &text)
}

/// The notice kinds that open the period of a pending removal, by who
/// asked: the registrant's notice (Art. 21.2), or the registrant's and the
/// managing entity's (Art. 22.2).
pub(crate) fn removal_notice_kind(by: &str) -> &'static str {
    if by == "manager" {
        "removal-requested"
    } else {
        "removal-notice"
    }
}

/// Art. 8.5, 8.3: a registration on legitimacy grounds was removed because
/// the proof was not given by its deadline; the amount paid is refunded
/// (Art. 20).
pub(crate) fn legitimacy_not_proved(d: &Domain, due: Time, refund: &str) -> Vec<NoticeDraft> {
    let text = format!(
        "The domain name {name} was registered on legitimacy grounds (Art. 7.2, 8.5 of the \
         .PT registration rules), which had to be proved by {due}. No proof was accepted by \
         then, so the registration was removed (Art. 8.3). {refund}",
        name = display(d),
        due = fmt_time(due),
    );
    to_each(registrant_and_manager(d), "removal", "8.3", &text)
}

/// Art. 8.2, 8.5: a registration on legitimacy grounds is held until its
/// proof is accepted.
pub(crate) fn legitimacy_proof_request(d: &Domain, due: Time) -> Vec<NoticeDraft> {
    let text = format!(
        "The domain name {name} was registered on legitimacy grounds (Art. 7.2, 8.5 of the \
         .PT registration rules). It is held, out of the .pt zone and not transferable, until \
         the .PT registry accepts proof of that legitimacy; present it by {due} (Art. 8.2). \
         Without it, the registration is removed and the amount paid refunded (Art. 8.3, 20).",
        name = display(d),
        due = fmt_time(due),
    );
    to_each(registrant_and_manager(d), "proof-request", "8.2", &text)
}

/// Art. 22.3: after an immediate registry removal, the registrant and the
/// managing entity are told.
pub(crate) fn removed_by_registry(
    d: &Domain,
    paragraph: &str,
    grounds: &str,
    now: Time,
) -> Vec<NoticeDraft> {
    let text = format!(
        "The .PT registry removed the domain name {name} on {now} under Art. 22.1.{paragraph} \
         of the .PT registration rules ({what}). Grounds: {grounds}",
        name = display(d),
        now = fmt_time(now),
        what = paragraph_text(paragraph),
    );
    to_each(registrant_and_manager(d), "removed", "22.3", &text)
}

/// An expiry reminder, `days` before the term ends at `end`.
pub(crate) fn expiry_reminder(
    d: &Domain,
    end: Time,
    days: u32,
    grace_days: u32,
) -> Vec<NoticeDraft> {
    let text = format!(
        "The registration of the domain name {name} expires on {expires} (in {days} days or \
         less). Renew it before then to keep it in the .pt zone. After the expiry it leaves \
         the zone and may still be renewed for {grace_days} days; then it is removed and free \
         for anyone to register (Art. 17 of the .PT registration rules).",
        name = display(d),
        expires = fmt_time(end),
    );
    to_each(registrant_and_manager(d), "expiry-reminder", "17.1", &text)
}

/// Art. 8.2, 8.3: the proof asked for was not delivered in time.
pub(crate) fn proof_overdue(d: &Domain, requested: &str, due: &str) -> Vec<NoticeDraft> {
    let text = format!(
        "On {requested} the .PT registry asked for proof that the registration of the \
         domain name {name} complies with the .PT registration rules, to be delivered by \
         {due} (Art. 8.2). No proof has been received. If the name is found to breach the \
         rules it will be removed (Art. 8.3).",
        name = display(d),
    );
    to_each(registrant_and_manager(d), "proof-overdue", "8.2", &text)
}

/// What each paragraph of Art. 22.1 says, for the notices.
pub(crate) fn paragraph_text(paragraph: &str) -> &'static str {
    match paragraph {
        "a" => "loss of the right to use the domain name",
        "b" => "dissolution and end of activity of the registrant",
        "c" => "insufficient, incorrect or false identification or contact data",
        "d" => "data of a third party associated without their knowledge and consent",
        "e" => "the renewal mechanism was not used",
        _ => "removal by the registry",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ManagerKind;
    use crate::rules::lifecycle::fixture::{domain, t};

    #[test]
    fn registrar_managed_names_tell_both_parties() {
        let d = domain();
        assert_eq!(
            registrant_and_manager(&d),
            vec![
                Party::Contact("ana".into()),
                Party::Registrar("REG1".into())
            ]
        );
        let mut own = domain();
        own.manager_kind = ManagerKind::Registrant;
        own.manager = own.registrant.clone();
        assert_eq!(
            registrant_and_manager(&own),
            vec![Party::Contact("ana".into())]
        );
    }

    #[test]
    fn texts_carry_the_facts() {
        let d = domain();
        let n = removal_notice(&d, "c", "The phone number does not exist.", 8);
        assert_eq!(n.len(), 2);
        assert!(
            n[0].text.contains("8 days after this notice is sent"),
            "{}",
            n[0].text
        );
        assert!(n[0].text.contains("Art. 22.1.c"));
        assert!(n[0].text.contains("The phone number does not exist."));
        let r = expiry_reminder(&d, t("2026-03-02T00:00:00Z"), 7, 30);
        assert!(r[0].text.contains("2026-03-02T00:00:00Z"));
        assert!(r[0].text.contains("7 days"));
        let h = legitimacy_proof_request(&d, t("2026-03-04T00:00:00Z"));
        assert!(h[0].text.contains("2026-03-04T00:00:00Z") && h[0].text.contains("held"));
        assert_eq!(removal_notice_kind("manager"), "removal-requested");
        assert_eq!(removal_notice_kind("registry"), n[0].kind);
    }
}
