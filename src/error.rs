//! The error kinds and their exit codes (README, "Exit codes"), in one place.
//!
//! Every failure the program reports is an [`Error`] with a [`Kind`]; `main`
//! converts it once into an exit code and a message (text or JSON).

use serde::Serialize;

use crate::rules::names::NameError;
use crate::rules::{Denied, Reason, Refusal};

/// One kind per exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Kind {
    /// 1: the program or the system failed (I/O, corrupt file).
    Internal,
    /// 2: bad usage or malformed input.
    Usage,
    /// 3: refused under the rules.
    Refused,
    /// 4: not found.
    NotFound,
    /// 5: conflict (id exists, file busy).
    Conflict,
    /// 6: done in part: `--reject` set rows aside (the good rows are in).
    Rejected,
}

impl Kind {
    pub(crate) fn exit_code(self) -> i32 {
        match self {
            Kind::Internal => 1,
            Kind::Usage => 2,
            Kind::Refused => 3,
            Kind::NotFound => 4,
            Kind::Conflict => 5,
            Kind::Rejected => 6,
        }
    }
}

/// A failure to report: its kind, the article and the typed reason for
/// refusals and conflicts under the rules, the message, an optional hint and
/// the underlying cause.
#[derive(Debug)]
pub(crate) struct Error {
    pub(crate) kind: Kind,
    pub(crate) article: Option<String>,
    /// Why the rules said no (its stable code is the JSON `reason`); boxed
    /// to keep every `Result` small.
    pub(crate) reason: Option<Box<Reason>>,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
    pub(crate) cause: Option<anyhow::Error>,
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            article: None,
            reason: None,
            message: message.into(),
            hint: None,
            cause: None,
        }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(Kind::NotFound, message)
    }

    pub(crate) fn conflict(message: impl Into<String>) -> Self {
        Self::new(Kind::Conflict, message)
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(Kind::Internal, message)
    }

    /// A `--reject` run that set `rows` aside in `file` (exit 6): the
    /// summary was printed, the good rows are in.
    pub(crate) fn rows_rejected(rows: u64, file: &std::path::Path) -> Self {
        let what = if rows == 1 { "row was" } else { "rows were" };
        Self::new(
            Kind::Rejected,
            format!("{rows} {what} set aside in {}", file.display()),
        )
    }

    /// A refusal under the rules, carrying its article and reason.
    pub(crate) fn refused(refusal: Refusal) -> Self {
        Error {
            kind: Kind::Refused,
            article: Some(refusal.article.to_string()),
            reason: Some(Box::new(refusal.reason)),
            message: refusal.message,
            hint: None,
            cause: None,
        }
    }

    /// A failure the command already reported on stdout (`whois` prints
    /// `No match` there, as the server sends it): only the exit code is left.
    pub(crate) fn reported(kind: Kind) -> Self {
        Self::new(kind, "")
    }

    /// Whether there is nothing left to print (see [`Error::reported`]).
    pub(crate) fn is_reported(&self) -> bool {
        self.message.is_empty() && self.cause.is_none()
    }

    /// The same error, saying what was being done when the registry file
    /// failed (`registering padaria.pt`); other errors pass unchanged.
    pub(crate) fn doing(self, what: impl std::fmt::Display) -> Self {
        if self.kind != Kind::Internal
            || !self
                .message
                .starts_with("the registry file could not be used")
        {
            return self;
        }
        let message = format!("{} while {what}", self.message);
        self.with_message(message)
    }

    /// The same error with another message (a line number, a summary).
    pub(crate) fn with_message(self, message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            ..self
        }
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn with_cause(mut self, cause: impl Into<anyhow::Error>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    /// The human form: `error: …`, `caused by: …`, `hint: …`.
    pub(crate) fn human(&self) -> String {
        let mut out = match &self.article {
            Some(article) => format!("error: {} [Art. {article}]", self.message),
            None => format!("error: {}", self.message),
        };
        if let Some(cause) = &self.cause {
            for c in cause.chain() {
                out.push_str(&format!("\ncaused by: {c}"));
            }
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\nhint: {hint}"));
        }
        cut_echoes(&out)
    }

    /// The JSON form of an error (docs/json.md).
    pub(crate) fn json(&self) -> serde_json::Value {
        let mut message = self.message.clone();
        if let Some(cause) = &self.cause {
            for c in cause.chain() {
                message.push_str(&format!(": {c}"));
            }
        }
        serde_json::json!({
            "error": {
                "kind": self.kind,
                "article": self.article,
                "reason": self.reason.as_deref().map(Reason::code),
                "message": cut_echoes(&message),
            }
        })
    }
}

/// The longest word (run without white space) a message echoes whole: an
/// id, a name or a line of input can be megabytes long, and an error must
/// stay readable (and small in a log).
const MAX_ECHOED_WORD: usize = 200;
/// The longest message printed.
const MAX_MESSAGE: usize = 4096;

/// Cuts every word longer than [`MAX_ECHOED_WORD`] characters to its start
/// and says how much was left out, and the whole text at [`MAX_MESSAGE`]
/// bytes.
pub(crate) fn cut_echoes(text: &str) -> String {
    const KEPT: usize = 64;
    let mut out = String::with_capacity(text.len().min(MAX_MESSAGE + 64));
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        if word.chars().count() > MAX_ECHOED_WORD {
            let kept: String = word.chars().take(KEPT).collect();
            out.push_str(&kept);
            out.push_str(&format!("…[{} more bytes]", word.len() - kept.len()));
            out.push_str(&piece[word.len()..]);
        } else {
            out.push_str(piece);
        }
        if out.len() > MAX_MESSAGE {
            let mut end = MAX_MESSAGE;
            while !out.is_char_boundary(end) {
                end -= 1;
            }
            out.truncate(end);
            out.push_str("…[cut]");
            break;
        }
    }
    out
}

impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Self {
        Error::refused(refusal)
    }
}

impl From<Denied> for Error {
    fn from(d: Denied) -> Self {
        match d {
            Denied::Refused(r) => Error::refused(r),
            Denied::Conflict(c) => Error {
                reason: Some(Box::new(c.reason)),
                ..Error::conflict(c.message)
            },
        }
    }
}

impl From<NameError> for Error {
    fn from(e: NameError) -> Self {
        match e {
            NameError::NotPt(message) => Error::usage(message),
            NameError::Refused(refusal) => Error::refused(refusal),
        }
    }
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        Error::internal("the operation failed").with_cause(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::internal("input/output failed").with_cause(e)
    }
}

impl From<rusqlite::Error> for Error {
    /// Names where the registry failed: the `?` that met the SQLite error
    /// (`store::domains, line 57`), so a report says which operation broke.
    #[track_caller]
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, _) = &e
            && matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            )
        {
            return Error::conflict("the registry file is busy (another ptreg holds it)")
                .with_hint("retry in a moment")
                .with_cause(e);
        }
        if matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull)
        {
            return Error::internal("the disk holding the registry file is full")
                .with_hint("free some space and run the command again; nothing was changed")
                .with_cause(e);
        }
        let message = match operation(std::panic::Location::caller()) {
            Some(op) => format!("the registry file could not be used ({op})"),
            None => "the registry file could not be used".to_string(),
        };
        Error::internal(message).with_cause(e)
    }
}

/// The module and line of the program at `at`: `store::domains, line 57`
/// (none for a place outside the program's own sources).
fn operation(at: &std::panic::Location<'_>) -> Option<String> {
    let module = at
        .file()
        .replace('\\', "/")
        .strip_prefix("src/")?
        .strip_suffix(".rs")?
        .replace('/', "::");
    let module = module.strip_suffix("::mod").unwrap_or(&module).to_string();
    Some(format!("{module}, line {}", at.line()))
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::internal("JSON encoding failed").with_cause(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_echoes_are_cut() {
        assert_eq!(cut_echoes("no contact ana"), "no contact ana");
        let long = "x".repeat(50_000);
        let cut = cut_echoes(&format!("no contact {long}\nhint: add it"));
        assert!(
            cut.starts_with(&format!(
                "no contact {}…[49936 more bytes]\nhint: add it",
                "x".repeat(64)
            )),
            "{cut}"
        );
        let many = "ab ".repeat(100_000);
        let cut = cut_echoes(&many);
        assert!(
            cut.len() < MAX_MESSAGE + 16 && cut.ends_with("…[cut]"),
            "{}",
            cut.len()
        );
        let wide = "ã".repeat(300);
        assert!(cut_echoes(&wide).starts_with(&"ã".repeat(64)));
    }

    fn sqlite_failure() -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR), None)
    }

    #[test]
    fn a_registry_failure_names_where_and_what() {
        let e = Error::from(sqlite_failure());
        assert_eq!(e.kind, Kind::Internal);
        assert!(
            e.message
                .starts_with("the registry file could not be used (error, line "),
            "{}",
            e.message
        );
        let e = e.doing("registering padaria.pt");
        assert!(
            e.message.ends_with(") while registering padaria.pt"),
            "{}",
            e.message
        );
        // Other errors keep their words.
        let u = Error::usage("bad date").doing("registering padaria.pt");
        assert_eq!(u.message, "bad date");
    }

    #[test]
    fn operations_are_named_by_module() {
        let at = std::panic::Location::caller();
        assert_eq!(operation(at).unwrap(), format!("error, line {}", at.line()));
    }
}
