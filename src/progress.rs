//! Progress bars for long work (import, batch registration, export, zone
//! export, sweep): a rate and an ETA on stderr, drawn only when
//! [`Ctx::progress`] allows it (a terminal, no `--json`, no `--quiet`), so
//! cron mail and pipes stay clean.
//!
//! Usage: `let bar = progress::bar(ctx, len, "importing"); bar.inc(1); ...
//! bar.finish();` — the handle is a no-op when the bar is hidden, so callers
//! never branch on it. Updates are cheap (an atomic add); still, in a loop of
//! millions prefer `bar.set(pos)` every few thousand items.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::context::Ctx;

/// A progress bar, or nothing when hidden.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
}

/// A bar counting `len` items (0 when unknown: a spinner with a rate).
pub(crate) fn bar(ctx: &Ctx, len: u64, label: &str) -> Progress {
    make(
        ctx,
        len,
        label,
        "{pos}/{len} ({per_sec}, ETA {eta})",
        "{pos} ({per_sec})",
    )
}

/// A bar counting `len` bytes (for reading a file of known size).
pub(crate) fn bytes(ctx: &Ctx, len: u64, label: &str) -> Progress {
    make(
        ctx,
        len,
        label,
        "{bytes}/{total_bytes} ({bytes_per_sec}, ETA {eta}) {msg}",
        "{bytes} ({bytes_per_sec}) {msg}",
    )
}

fn make(ctx: &Ctx, len: u64, label: &str, counted: &str, open: &str) -> Progress {
    if !ctx.progress() {
        return Progress { bar: None };
    }
    let (bar, tail) = if len > 0 {
        (ProgressBar::new(len), counted)
    } else {
        (ProgressBar::new_spinner(), open)
    };
    let template = if len > 0 {
        format!("{label:>10} [{{bar:30}}] {tail}")
    } else {
        format!("{label:>10} {{spinner}} {tail}")
    };
    // The templates are constant; a bad one would only lose the styling.
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    Progress { bar: Some(bar) }
}

impl Progress {
    /// A hidden bar, for tests of code that takes one.
    #[cfg(test)]
    pub(crate) fn hidden() -> Progress {
        Progress { bar: None }
    }

    /// Adds `n` to the position.
    pub(crate) fn inc(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    /// Sets the position.
    pub(crate) fn set(&self, pos: u64) {
        if let Some(b) = &self.bar {
            b.set_position(pos);
        }
    }

    /// A short message after the counts (e.g. "12034 rows").
    pub(crate) fn message(&self, msg: String) {
        if let Some(b) = &self.bar {
            b.set_message(msg);
        }
    }

    /// Removes the bar from the terminal (the command prints its own summary).
    pub(crate) fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // An error path must not leave a half-drawn bar above the error text.
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_bar_accepts_every_call() {
        let p = Progress::hidden();
        p.inc(5);
        p.set(10);
        p.message("x".to_string());
        p.finish();
        assert!(p.bar.is_none());
    }
}
