//! `ptreg`: parse, run, map the error kind to the exit code.

mod bulk;
mod cli;
mod codes;
mod commands;
mod context;
mod credentials;
mod error;
mod journal;
mod model;
mod ops;
mod outfile;
mod progress;
mod render;
mod rules;
mod serve;
mod store;

use clap::FromArgMatches;

use crate::error::{Error, Kind};

fn main() {
    if let Some(code) = commands::assets::generate_if_asked() {
        std::process::exit(code);
    }
    let json = json_asked();
    let parsed = cli::command()
        .try_get_matches()
        .and_then(|m| cli::Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => std::process::exit(usage_error(&e, json)),
    };
    let json = cli.global.json;
    let result = context::Ctx::from_global(&cli.global, context::Invocation::of(&matches))
        .and_then(|ctx| commands::run(cli.command, &ctx));
    if let Err(err) = result {
        std::process::exit(report(&err, json));
    }
}

/// Whether `--json` is among the arguments (before a `--`), so that an
/// argument list clap refuses still gets its error in JSON.
fn json_asked() -> bool {
    std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--json")
}

/// Prints a parse error and returns its exit code: help and version are
/// successes (0); every other parse error is bad usage (2), as JSON on
/// stderr under `--json`.
fn usage_error(e: &clap::Error, json: bool) -> i32 {
    if !e.use_stderr() {
        let _ = e.print();
        return 0;
    }
    if json {
        let text = e.render().to_string();
        let message = text
            .split("\n\n")
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ")
            .trim()
            .to_string();
        eprintln!("{}", Error::usage(message).json());
    } else {
        let _ = e.print();
    }
    2
}

/// Prints the error (text or JSON on stderr) and returns its exit code.
fn report(err: &Error, json: bool) -> i32 {
    if is_broken_pipe(err) {
        return 0;
    }
    if err.is_reported() {
        return err.kind.exit_code();
    }
    if json {
        eprintln!("{}", err.json());
    } else {
        eprintln!("{}", err.human());
    }
    err.kind.exit_code()
}

/// A reader that closed its end (`ptreg domains | head`) is not a failure.
fn is_broken_pipe(err: &Error) -> bool {
    err.kind == Kind::Internal
        && err.cause.as_ref().is_some_and(|c| {
            c.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            })
        })
}
