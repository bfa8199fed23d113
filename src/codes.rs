//! The codes the network faces give a failure, in one place so EPP and RDAP
//! agree: EPP result codes (RFC 5730 §3) and HTTP statuses (RFC 7480 §5.3,
//! RFC 9110). The CLI's exit codes are `error::Kind::exit_code`.
//!
//! A refusal or conflict under the rules maps by the [`Class`] of its typed
//! reason; other failures by their kind (a missing object, malformed input,
//! a busy or broken registry file).

#![allow(
    dead_code,
    reason = "the mapping the EPP and RDAP faces (src/serve/) use; the CLI maps kinds to exit codes"
)]

use crate::error::{Error, Kind};
use crate::rules::refusal::Class;

/// The EPP result code of a class of refusal.
pub(crate) fn epp_class(class: Class) -> u16 {
    match class {
        Class::Policy => 2306,
        Class::Status => 2304,
        Class::Exists => 2302,
        Class::Missing => 2303,
        Class::InUse => 2305,
        Class::Authorization => 2202,
    }
}

/// The EPP result code of a failure.
pub(crate) fn epp_result(err: &Error) -> u16 {
    if let Some(reason) = &err.reason {
        return epp_class(reason.class());
    }
    match err.kind {
        Kind::Usage => 2005,
        Kind::NotFound => 2303,
        // A busy file is a failure of the moment; else an id that exists.
        Kind::Conflict if busy(err) => 2400,
        Kind::Conflict => 2302,
        Kind::Refused => 2306,
        // Only a CLI `--reject` run ends so; no protocol command does.
        Kind::Internal | Kind::Rejected => 2400,
    }
}

/// Whether the failure is the registry file being busy.
fn busy(err: &Error) -> bool {
    err.cause.as_ref().is_some_and(|c| {
        c.chain().any(|e| {
            matches!(
                e.downcast_ref::<rusqlite::Error>(),
                Some(rusqlite::Error::SqliteFailure(f, _))
                    if matches!(
                        f.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    )
            )
        })
    })
}

/// The HTTP status of a failure (RDAP answers lookups, so most of these
/// are 404 and 400; the rest for completeness).
pub(crate) fn http_status(err: &Error) -> u16 {
    let class = err.reason.as_ref().map(|r| r.class());
    match (err.kind, class) {
        (_, Some(Class::Missing)) | (Kind::NotFound, _) => 404,
        (_, Some(Class::Authorization)) => 403,
        (_, Some(Class::Policy)) | (Kind::Refused, _) => 422,
        (_, Some(_)) | (Kind::Conflict, _) => 409,
        (Kind::Usage, _) => 400,
        (Kind::Internal | Kind::Rejected, _) => 500,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Reason, Refusal, refusal};

    fn refused(reason: Reason) -> Error {
        Error::refused(Refusal::new("6.1.a", reason, "x"))
    }

    #[test]
    fn each_reason_and_kind_has_its_code() {
        assert_eq!(epp_result(&refused(Reason::AlreadyRegistered)), 2302);
        assert_eq!(
            epp_result(&refused(Reason::GeographicName {
                listed: "Lisboa".into()
            })),
            2306
        );
        assert_eq!(epp_result(&refused(Reason::Removed { at: None })), 2303);
        assert_eq!(
            epp_result(&refused(Reason::ContactInUse {
                domain: "a.pt".into()
            })),
            2305
        );
        assert_eq!(epp_result(&refused(Reason::WrongTransferCode)), 2202);
        let locked: Error =
            refusal::conflict(Reason::AlreadyLocked { case: "P".into() }, "locked").into();
        assert_eq!((epp_result(&locked), http_status(&locked)), (2304, 409));
        assert_eq!(epp_result(&Error::not_found("no domain")), 2303);
        assert_eq!(http_status(&Error::not_found("no domain")), 404);
        assert_eq!(epp_result(&Error::usage("bad")), 2005);
        assert_eq!(http_status(&Error::usage("bad")), 400);
        assert_eq!(epp_result(&Error::conflict("id exists")), 2302);
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        assert_eq!(epp_result(&Error::from(busy)), 2400);
        assert_eq!(http_status(&Error::internal("x")), 500);
    }
}
