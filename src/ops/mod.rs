//! The engine's operations: between the faces (the CLI commands, the
//! servers) and the store. Each operation loads the facts a decision in
//! `rules/` needs, calls that one decision, and records its outcome (rows,
//! charges, notices, one journal entry) in the caller's transaction.
//!
//! An operation takes a connection inside a transaction, the journal's
//! [`Stamp`](crate::journal::Stamp) (who acts, when, why) and the policy in
//! force; never the CLI's context. It prints nothing: what a face should
//! tell its user comes back as data. It does not commit: the face decides
//! (a dry run rolls back, a batch row sits in a savepoint).

pub(crate) mod audit;
pub(crate) mod contact;
pub(crate) mod lifecycle;
pub(crate) mod migration;
pub(crate) mod names;
pub(crate) mod registrar;
pub(crate) mod registration;
