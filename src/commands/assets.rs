//! Packaging from the clap definitions, so nothing drifts from `--help`:
//! `ptreg completions bash|zsh|fish` prints a completion script, and the
//! packaging step `ptreg generate-assets [DIR]` (kept out of the command
//! line users see and complete) writes `man/` and `completions/`.
//!
//! The man pages are clap_mangen's sections (NAME, SYNOPSIS, DESCRIPTION,
//! OPTIONS, SUBCOMMANDS) followed by the ones a Unix user looks for:
//! EXAMPLES (the examples of the command's help), NOTES (the rest of its
//! help epilogue), EXIT STATUS, ENVIRONMENT, FILES and SEE ALSO.

use std::io::Write;
use std::path::Path;

use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::cli::{CompletionsArgs, ShellArg};
use crate::error::{Error, Result};

/// `ptreg completions SHELL`: the script on stdout.
pub(crate) fn completions(args: CompletionsArgs) -> Result<()> {
    let shell = match args.shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&script(shell))?;
    stdout.flush()?;
    Ok(())
}

/// Runs `ptreg generate-assets [DIR]` when those are the arguments (before
/// the command line is parsed: the step is not one of its commands);
/// returns the exit code, or `None` for any other command line.
pub(crate) fn generate_if_asked() -> Option<i32> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if args.first().is_none_or(|a| a != "generate-assets") || args.len() > 2 {
        return None;
    }
    let dir = args
        .get(1)
        .map_or_else(|| ".".into(), std::path::PathBuf::from);
    match write_all(&dir) {
        Ok(()) => Some(0),
        Err(e) => {
            eprintln!("{}", e.human());
            Some(e.kind.exit_code())
        }
    }
}

/// Writes `man/` and `completions/` under `dir`.
pub(crate) fn write_all(dir: &Path) -> Result<()> {
    let man = dir.join("man");
    let completions = dir.join("completions");
    std::fs::create_dir_all(&man)?;
    std::fs::create_dir_all(&completions)?;
    let mut cmd = crate::cli::full_command().disable_help_subcommand(true);
    cmd.build();
    write_pages(&cmd, "", &man)?;
    for (shell, file) in [
        (Shell::Bash, "ptreg.bash"),
        (Shell::Zsh, "_ptreg"),
        (Shell::Fish, "ptreg.fish"),
    ] {
        std::fs::write(completions.join(file), script(shell))?;
    }
    Ok(())
}

/// The completion script of one shell.
fn script(shell: Shell) -> Vec<u8> {
    let mut cmd = crate::cli::full_command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "ptreg", &mut out);
    if shell == Shell::Fish {
        let mut built = crate::cli::full_command();
        built.build();
        out.extend(fish_operand_values(&built).as_bytes());
    }
    out
}

/// Fish completes a subcommand's positional values (`list show KIND`) as
/// files; these lines offer the values instead (clap_complete writes them
/// for options only).
fn fish_operand_values(cmd: &clap::Command) -> String {
    let mut out = String::new();
    for parent in cmd.get_subcommands() {
        for sub in parent.get_subcommands() {
            for arg in sub.get_positionals() {
                let values: Vec<String> = arg
                    .get_possible_values()
                    .iter()
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_string())
                    .collect();
                if values.is_empty() || arg.get_index() != Some(1) {
                    continue;
                }
                // Only the first operand: later ones (a file) keep files.
                out.push_str(&format!(
                    "complete -c ptreg -n \"__fish_ptreg_using_subcommand {}; and __fish_seen_subcommand_from {}; and test (count (commandline -opc)) -eq 3\" -f -a \"{}\"\n",
                    parent.get_name(),
                    sub.get_name(),
                    values.join(" ")
                ));
            }
        }
    }
    out
}

fn write_pages(cmd: &clap::Command, path: &str, dir: &Path) -> Result<()> {
    let page = man_page(cmd, path)?;
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name());
    std::fs::write(dir.join(format!("{name}.1")), page)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let sub_path = format!("{path} {}", sub.get_name());
        write_pages(sub, sub_path.trim(), dir)?;
    }
    Ok(())
}

/// One man page: clap_mangen's sections, then ours.
fn man_page(cmd: &clap::Command, path: &str) -> Result<Vec<u8>> {
    let fail = |e: std::io::Error| Error::internal("writing man pages failed").with_cause(e);
    let man = Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out).map_err(fail)?;
    man.render_name_section(&mut out).map_err(fail)?;
    man.render_synopsis_section(&mut out).map_err(fail)?;
    man.render_description_section(&mut out).map_err(fail)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out).map_err(fail)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut out).map_err(fail)?;
    }
    let mut roff = Roff::default();
    examples_and_notes(&mut roff, cmd);
    exit_status(&mut roff, path);
    environment(&mut roff);
    files(&mut roff);
    see_also(&mut roff, cmd, path);
    roff.to_writer(&mut out).map_err(fail)?;
    if cmd.get_version().is_some() {
        man.render_version_section(&mut out).map_err(fail)?;
    }
    Ok(out)
}

fn examples_and_notes(roff: &mut Roff, cmd: &clap::Command) {
    let after = cmd
        .get_after_help()
        .map(|t| t.to_string())
        .unwrap_or_default();
    let notes: Vec<&str> = after
        .lines()
        .take_while(|l| !matches!(l.trim(), "Example:" | "Examples:"))
        .collect();
    if let Some(examples) = crate::cli::examples(cmd) {
        roff.control("SH", ["EXAMPLES"]);
        roff.control("nf", []);
        for line in examples.iter().filter(|l| !l.trim().is_empty()) {
            roff.text([roman(line.trim_end())]);
        }
        roff.control("fi", []);
    }
    if notes.iter().any(|l| !l.trim().is_empty()) {
        roff.control("SH", ["NOTES"]);
        roff.control("nf", []);
        for line in notes
            .iter()
            .rev()
            .skip_while(|l| l.trim().is_empty())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            roff.text([roman(line.trim_end())]);
        }
        roff.control("fi", []);
    }
}

/// The exit codes every command shares (and `check`'s and `--reject`'s).
const EXIT_CODES: &[(&str, &str)] = &[
    ("0", "done (for check: every name is admissible)"),
    (
        "1",
        "failure of the program or the system (I/O, a corrupt file)",
    ),
    (
        "2",
        "bad usage or malformed input (an unknown flag, a bad date, a bad CSV line)",
    ),
    (
        "3",
        "refused under the rules; the message names the article",
    ),
    (
        "4",
        "not found (a domain, contact, registrar, or the registry file)",
    ),
    (
        "5",
        "conflict (an id that already exists, the file busy past the timeout)",
    ),
    (
        "6",
        "done in part: --reject set rows aside (the good rows are in; the summary counts them)",
    ),
];

fn exit_status(roff: &mut Roff, path: &str) {
    roff.control("SH", ["EXIT STATUS"]);
    let reject = matches!(
        path,
        "" | "import"
            | "register"
            | "contact"
            | "contact import"
            | "registrar"
            | "registrar import"
    );
    for (code, meaning) in EXIT_CODES {
        if *code == "6" && !reject {
            continue;
        }
        roff.control("TP", []);
        roff.text([bold(*code)]);
        roff.text([roman(*meaning)]);
    }
    roff.control("PP", []);
    roff.text([roman(
        "A reader that closes the pipe early (ptreg domains | head) is not an error: exit 0.",
    )]);
}

fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in [
        (
            "PTREG_DB",
            "the registry file, when --db is not given (default ./ptreg.db)",
        ),
        (
            "PTREG_NOW",
            "the clock, when --now is not given: RFC 3339 or a date (00:00 UTC)",
        ),
        (
            "PTREG_ACTOR",
            "who acts, recorded in the journal, when --actor is not given",
        ),
        (
            "LOGNAME, USER",
            "the actor when neither --actor nor PTREG_ACTOR is set; without them, the name of the account the process runs as",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(meaning)]);
    }
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    roff.control("TP", []);
    roff.text([italic("./ptreg.db")]);
    roff.text([roman(
        "the registry (one SQLite file, mode 0600: it holds personal data), with its -wal and -shm files beside it while in use",
    )]);
    roff.control("TP", []);
    roff.text([italic("/usr/local/share/doc/ptreg/")]);
    roff.text([roman(
        "the file formats: import columns, JSON shapes, JSON Lines records, policy keys (docs/ in the source)",
    )]);
}

fn see_also(roff: &mut Roff, cmd: &clap::Command, path: &str) {
    let mut pages: Vec<String> = Vec::new();
    if !path.is_empty() {
        pages.push("ptreg".to_string());
        let words: Vec<&str> = path.split(' ').collect();
        if words.len() > 1 {
            pages.push(format!("ptreg-{}", words[..words.len() - 1].join("-")));
        }
    }
    let own = cmd.get_display_name().unwrap_or_else(|| cmd.get_name());
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.push(format!("{own}-{}", sub.get_name()));
    }
    if path.is_empty() || path.starts_with("zone") {
        pages.push("named-checkzone".to_string());
    }
    if path.is_empty() || path.starts_with("whois") {
        pages.push("whois".to_string());
    }
    if path.is_empty() || path == "sweep" {
        pages.push("crontab".to_string());
        pages.push("systemd.timer".to_string());
    }
    roff.control("SH", ["SEE ALSO"]);
    let refs: Vec<String> = pages
        .iter()
        .map(|p| {
            let section = if p == "crontab" || p == "systemd.timer" {
                "5"
            } else {
                "1"
            };
            format!("{p}({section})")
        })
        .collect();
    roff.text([roman(refs.join(", "))]);
}
