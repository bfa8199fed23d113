//! Unit tests of the people-driven changes and the removals, one per rule
//! and article, with the edges of each period.

mod changes;
mod removal;

pub(super) use super::fixture::{domain, hours, policy, t};
pub(super) use super::*;
pub(super) use crate::model::{ManagerKind, Nameserver, PendingRemoval};
pub(super) use crate::rules::periods::fmt_time;

pub(super) fn article(d: Result<Outcome, Denied>) -> String {
    match d {
        Err(Denied::Refused(r)) => r.article.to_string(),
        Err(Denied::Conflict(c)) => format!("conflict: {}", c.message),
        Ok(o) => format!("ok {}", o.article),
    }
}

pub(super) fn ns(hosts: &[&str]) -> Vec<Nameserver> {
    hosts
        .iter()
        .map(|h| Nameserver {
            host: h.to_string(),
            addresses: vec![],
        })
        .collect()
}
