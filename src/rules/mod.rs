//! The .PT rules as pure functions: names, list matching, contacts, DS
//! records, lifecycle transitions, periods and prices.
//!
//! Nothing here touches SQL, files, the clock or the terminal: every function
//! takes `now` and the policy as arguments, and every decision that refuses
//! returns a [`Refusal`] naming the article it applies.

pub(crate) mod conformity;
pub(crate) mod contact;
pub(crate) mod lifecycle;
pub(crate) mod lists;
pub(crate) mod names;
pub(crate) mod periods;
pub(crate) mod policy;
pub(crate) mod refusal;
pub(crate) mod registrar;
pub(crate) mod registration;
pub(crate) mod sampling;
pub(crate) mod technical;
pub(crate) mod whois;
pub(crate) mod whois_quota;

pub(crate) use refusal::{Denied, Reason, Refusal};

/// An article (or paragraph) of the 2021 rules, as cited: `"7.2"`, `"6.1.a"`.
pub(crate) type Article = &'static str;
