//! The context every command runs in: the registry path, the clock, the
//! actor and the output options, resolved once from the globals.

use std::path::PathBuf;

use chrono::Utc;

use crate::cli::{CHANGING, Format, Global, ListFormat, REPORTING};
use crate::error::{Error, Result};
use crate::rules::periods::{Time, parse_time, truncate};

pub(crate) struct Ctx {
    pub(crate) db: PathBuf,
    pub(crate) now: Time,
    pub(crate) json: bool,
    pub(crate) actor: String,
    pub(crate) quiet: bool,
    /// `--quiet` on a command whose output is a summary, not an asked-for
    /// result: nothing is printed on success.
    pub(crate) silent: bool,
    pub(crate) dry_run: bool,
    pub(crate) reason: Option<String>,
}

/// What the parser saw beyond the derive types: the command's path
/// (`contact add`) and the `--dry-run`/`--reason` given after it.
pub(crate) struct Invocation {
    path: String,
    dry_run: bool,
    reason: Option<String>,
}

impl Invocation {
    pub(crate) fn of(matches: &clap::ArgMatches) -> Invocation {
        let mut words = Vec::new();
        let mut leaf = matches;
        while let Some((name, sub)) = leaf.subcommand() {
            words.push(name);
            leaf = sub;
        }
        let dry_run = leaf
            .try_get_one::<bool>("dry_run")
            .ok()
            .flatten()
            .copied()
            .unwrap_or(false);
        let reason = leaf.try_get_one::<String>("reason").ok().flatten().cloned();
        Invocation {
            path: words.join(" "),
            dry_run,
            reason,
        }
    }
}

/// A variable of the environment, unless unset or blank.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Ctx {
    pub(crate) fn from_global(g: &Global, inv: Invocation) -> Result<Ctx> {
        let changes = CHANGING.contains(&inv.path.as_str());
        if !changes && (g.dry_run || g.reason.is_some()) {
            let flag = if g.dry_run { "--dry-run" } else { "--reason" };
            return Err(Error::usage(format!(
                "{flag} applies to commands that change the registry; `{}` changes nothing",
                inv.path
            )));
        }
        let now = match g.now.clone().or_else(|| env("PTREG_NOW")) {
            Some(text) => parse_time(&text).map_err(|e| Error::usage(format!("--now: {e}")))?,
            None => truncate(Utc::now()),
        };
        let actor = g
            .actor
            .clone()
            .filter(|a| !a.trim().is_empty())
            .or_else(|| env("PTREG_ACTOR"))
            .or_else(|| env("LOGNAME"))
            .or_else(|| env("USER"))
            // Under systemd or `env -i` neither is set: the account's name.
            .or_else(|| whoami::username().ok().filter(|a| !a.trim().is_empty()))
            .unwrap_or_else(|| "unknown".to_string());
        let reporting = REPORTING.contains(&inv.path.as_str());
        Ok(Ctx {
            db: g
                .db
                .clone()
                .or_else(|| env("PTREG_DB").map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from("ptreg.db")),
            now,
            json: g.json,
            actor,
            quiet: g.quiet,
            silent: g.quiet && !g.json && (changes || reporting),
            dry_run: g.dry_run || inv.dry_run,
            reason: inv.reason.or_else(|| g.reason.clone()),
        })
    }

    /// Who acts, when and why, for the engine below the commands.
    pub(crate) fn stamp(&self) -> crate::journal::Stamp {
        crate::journal::Stamp {
            now: self.now,
            actor: self.actor.clone(),
            reason: self.reason.clone(),
        }
    }

    /// Whether progress bars may be drawn: a terminal, no --json, no --quiet.
    pub(crate) fn progress(&self) -> bool {
        use std::io::IsTerminal;
        !self.json && !self.quiet && std::io::stderr().is_terminal()
    }

    /// A status line on stderr, unless --quiet or --json.
    pub(crate) fn status(&self, line: impl AsRef<str>) {
        if !self.quiet && !self.json {
            eprintln!("{}", line.as_ref());
        }
    }

    /// The format of a list: `--format`, else `--json`, else a table on a
    /// terminal and TSV in a pipe. `--json` with another `--format` is bad
    /// usage (exit 2).
    pub(crate) fn list_format(&self, given: &ListFormat) -> Result<Format> {
        use std::io::IsTerminal;
        match given.format {
            Some(f) if self.json && f != Format::Json => Err(Error::usage(format!(
                "--json and --format {} disagree: give one of them",
                format_name(f)
            ))),
            Some(f) => Ok(f),
            None if self.json => Ok(Format::Json),
            None if std::io::stdout().is_terminal() => Ok(Format::Table),
            None => Ok(Format::Tsv),
        }
    }

    /// Parses a time option, naming it on error (exit 2).
    pub(crate) fn parse_time_opt(flag: &str, text: &str) -> Result<Time> {
        parse_time(text).map_err(|e| Error::usage(format!("{flag}: {e}")))
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Table => "table",
        Format::Tsv => "tsv",
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
    }
}
