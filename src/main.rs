//! `ptreg`: parse, run, map the error kind to the exit code.

mod bulk;
mod cli;
mod codes;
mod commands;
mod context;
mod error;
mod journal;
mod model;
mod ops;
mod outfile;
mod progress;
mod render;
mod rules;
mod store;
mod whois_server;

use clap::Parser;

use crate::error::{Error, Kind};

fn main() {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are successes; every other parse error is usage (2).
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let json = cli.global.json;
    let result =
        context::Ctx::from_global(&cli.global).and_then(|ctx| commands::run(cli.command, &ctx));
    if let Err(err) = result {
        std::process::exit(report(&err, json));
    }
}

/// Prints the error (text or JSON on stderr) and returns its exit code.
fn report(err: &Error, json: bool) -> i32 {
    if is_broken_pipe(err) {
        return 0;
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
