//! What a failed write says: the file's name, and that the disk is full
//! when it is.

use std::io;

use crate::error::{Error, Kind};

/// Whether an I/O error means the disk (or the user's quota) is full.
pub(super) fn is_disk_full(e: &io::Error) -> bool {
    #[cfg(unix)]
    if matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT)) {
        return true;
    }
    e.kind() == io::ErrorKind::StorageFull
}

/// An I/O failure on the output `shown`.
pub(super) fn cannot_write(shown: &str, e: io::Error) -> Error {
    if is_disk_full(&e) {
        return Error::internal(format!("cannot write {shown}: the disk is full"))
            .with_hint("free some space (or write elsewhere) and run the command again")
            .with_cause(e);
    }
    let kind = match e.kind() {
        io::ErrorKind::PermissionDenied | io::ErrorKind::NotFound => Kind::Usage,
        _ => Kind::Internal,
    };
    Error {
        kind,
        article: None,
        reason: None,
        message: format!("cannot write {shown}"),
        hint: None,
        cause: Some(e.into()),
    }
}

/// Names the output `shown` in an error that happened while writing it
/// (an I/O error, or SQLite's for a backup), and says when the disk is
/// full. Other errors (a read of the registry that failed) pass unchanged.
pub(crate) fn write_failed(shown: &str, e: Error) -> Error {
    if e.kind != Kind::Internal {
        return e;
    }
    let Some(cause) = &e.cause else {
        return e;
    };
    let io = cause.chain().find_map(|c| c.downcast_ref::<io::Error>());
    let full = io.is_some_and(is_disk_full)
        || cause.chain().any(|c| {
            c.downcast_ref::<rusqlite::Error>()
                .is_some_and(crate::store::is_disk_full)
        });
    if io.is_none() && !full {
        return e;
    }
    let message = if full {
        format!("cannot write {shown}: the disk is full")
    } else {
        format!("cannot write {shown}")
    };
    Error {
        message,
        hint: full
            .then(|| "free some space (or write elsewhere) and run the command again".to_string()),
        ..e
    }
}
