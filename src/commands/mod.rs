//! One module per subcommand: parse its arguments, open the registry, call
//! the rules and the store, render the result.

pub(crate) mod assets;
pub(crate) mod audit;
pub(crate) mod audit_sample;
pub(crate) mod backup;
pub(crate) mod check;
pub(crate) mod contact;
pub(crate) mod credentials;
pub(crate) mod csv_rows;
pub(crate) mod cure;
pub(crate) mod doctor;
pub(crate) mod domains;
pub(crate) mod epp;
pub(crate) mod export;
pub(crate) mod history;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod ledger;
pub(crate) mod lifecycle;
pub(crate) mod list;
pub(crate) mod lock;
pub(crate) mod notices;
pub(crate) mod oppose;
pub(crate) mod policy;
pub(crate) mod rdap;
pub(crate) mod register;
pub(crate) mod register_batch;
pub(crate) mod registrar;
pub(crate) mod remove;
pub(crate) mod renew;
pub(crate) mod show;
pub(crate) mod suspend;
pub(crate) mod sweep;
pub(crate) mod transfer;
pub(crate) mod transfer_code;
pub(crate) mod unlock;
pub(crate) mod unsuspend;
pub(crate) mod update;
pub(crate) mod whois;
pub(crate) mod zone;

use crate::cli::{Command, Lazy};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::store::Store;

/// Runs one parsed command.
pub(crate) fn run(command: Command, ctx: &Ctx) -> Result<()> {
    match command {
        Command::Init(Lazy(args)) => init::run(args, ctx),
        Command::Policy(Lazy(cmd)) => policy::run(cmd, ctx),
        Command::Completions(Lazy(args)) => assets::completions(args),
        Command::List(Lazy(cmd)) => list::run(cmd, ctx),
        Command::Check(Lazy(args)) => check::run(args, ctx),
        Command::Contact(Lazy(cmd)) => contact::run(cmd, ctx),
        Command::Registrar(Lazy(cmd)) => registrar::run(cmd, ctx),
        Command::Register(Lazy(args)) => match args.batch {
            Some(file) => register_batch::run(&file, args.reject.as_deref(), ctx),
            None => register::run(args, ctx),
        },
        Command::Renew(Lazy(args)) => renew::run(args, ctx),
        Command::Update(Lazy(args)) => update::run(args, ctx),
        Command::Transfer(Lazy(args)) => transfer::run(args, ctx),
        Command::TransferCode(Lazy(args)) => transfer_code::run(args, ctx),
        Command::Remove(Lazy(args)) => remove::run(args, ctx),
        Command::Oppose(Lazy(args)) => oppose::run(args, ctx),
        Command::Cure(Lazy(args)) => cure::run(args, ctx),
        Command::Lock(Lazy(args)) => lock::run(args, ctx),
        Command::Unlock(Lazy(args)) => unlock::run(args, ctx),
        Command::Suspend(Lazy(args)) => suspend::run(args, ctx),
        Command::Unsuspend(Lazy(args)) => unsuspend::run(args, ctx),
        Command::Sweep => sweep::run(ctx),
        Command::Show(Lazy(args)) => show::run(args, ctx),
        Command::Domains(Lazy(args)) => domains::run(args, ctx),
        Command::History(Lazy(args)) => history::run(args, ctx),
        Command::Ledger(Lazy(args)) => ledger::run(args, ctx),
        Command::Notices(Lazy(args)) => notices::run(args, ctx),
        Command::Whois(Lazy(args)) => whois::run(args, ctx),
        Command::Rdap(Lazy(cmd)) => rdap::run(cmd, ctx),
        Command::Zone(Lazy(cmd)) => zone::run(cmd, ctx),
        Command::Epp(Lazy(cmd)) => epp::run(cmd, ctx),
        Command::AuditSample(Lazy(args)) => audit_sample::run(args, ctx),
        Command::Audit(Lazy(cmd)) => audit::run(cmd, ctx),
        Command::Import(Lazy(args)) => import::run(args, ctx),
        Command::Export(Lazy(args)) => export::run(args, ctx),
        Command::Backup(Lazy(args)) => backup::run(args, ctx),
        Command::Doctor => doctor::run(ctx),
    }
}

/// Opens the registry file named by the context (exit 4 when missing).
pub(crate) fn open(ctx: &Ctx) -> Result<Store> {
    Store::open(&ctx.db)
}

/// Reads an input file whole, at most `limit` bytes: a device or a file far
/// larger than any real input (`/dev/urandom`, a disk image given by
/// mistake) is refused (exit 2) instead of filling the memory. A missing
/// file is not found (exit 4), an unreadable one bad usage (exit 2).
///
/// `-` is standard input.
pub(crate) fn read_input(path: &std::path::Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let shown = path.display();
    if is_stdin(path) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::usage("cannot read standard input").with_cause(e))?;
        if bytes.len() as u64 > limit {
            return Err(Error::usage(format!(
                "standard input is larger than {} MiB: not an input this command reads",
                limit >> 20
            )));
        }
        return Ok(bytes);
    }
    let cannot = |e: std::io::Error| {
        let err = if e.kind() == std::io::ErrorKind::NotFound {
            Error::not_found(format!("no file {shown}"))
        } else {
            Error::usage(format!("cannot read {shown}"))
        };
        err.with_cause(e)
    };
    let too_large = || {
        Error::usage(format!(
            "{shown} is larger than {} MiB: not an input this command reads",
            limit >> 20
        ))
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    refuse_device(path, &meta)?;
    if meta.is_file() && meta.len() > limit {
        return Err(too_large());
    }
    // Pipes and the like have no length: read, but never past the limit.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Whether an input path is `-`, standard input.
pub(crate) fn is_stdin(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

/// An input read as a stream: its first bytes (to tell its format), then
/// the whole of it from the start, without seeking (so a pipe, `-` or
/// `/dev/stdin` reads like a file).
pub(crate) struct Stream {
    /// Up to the first 64 KiB.
    pub(crate) head: Vec<u8>,
    /// Every byte, the head included.
    pub(crate) reader: Box<dyn std::io::Read + Send>,
    /// The size when known (a regular file), else 0.
    pub(crate) size: u64,
}

/// Opens an input file, or standard input for `-`: a missing file is not
/// found (exit 4), a device bad usage (exit 2).
pub(crate) fn open_stream(path: &std::path::Path) -> Result<Stream> {
    use std::io::Read;
    let (mut rest, size): (Box<dyn Read + Send>, u64) = if is_stdin(path) {
        (Box::new(std::io::stdin()), 0)
    } else {
        let file = std::fs::File::open(path).map_err(|e| {
            Error::not_found(format!("cannot open {}", path.display())).with_cause(e)
        })?;
        let meta = file.metadata()?;
        refuse_device(path, &meta)?;
        let size = if meta.is_file() { meta.len() } else { 0 };
        (Box::new(file), size)
    };
    let mut head = Vec::new();
    (&mut rest).take(1 << 16).read_to_end(&mut head)?;
    let reader = Box::new(std::io::Cursor::new(head.clone()).chain(rest));
    Ok(Stream { head, reader, size })
}

/// A device (`/dev/zero`, a disk) given as an input file is refused (exit
/// 2): read as a stream it would never end.
pub(crate) fn refuse_device(path: &std::path::Path, meta: &std::fs::Metadata) -> Result<()> {
    if is_device(meta) {
        return Err(Error::usage(format!(
            "{} is a device, not an input file",
            path.display()
        )));
    }
    Ok(())
}

#[cfg(unix)]
fn is_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_block_device() || meta.file_type().is_char_device()
}

#[cfg(not(unix))]
fn is_device(_meta: &std::fs::Metadata) -> bool {
    false
}

/// The largest policy file read (a policy is a few kilobytes).
pub(crate) const POLICY_LIMIT: u64 = 1 << 20;
/// The largest list file read (the official parish list is under 1 MiB).
pub(crate) const LIST_LIMIT: u64 = 64 << 20;
/// The largest contact or registrar CSV read whole (millions of contacts).
pub(crate) const PEOPLE_LIMIT: u64 = 1 << 30;
