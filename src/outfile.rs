//! Every file ptreg writes besides the registry itself: `export --out`,
//! `zone export --out`, `backup`, and the `--reject` files of the imports.
//!
//! One way to write them, so that no command can destroy a file by mistake:
//!
//! - An output may not be the registry, its `-wal`/`-shm`/`-journal` files
//!   or an input of the same command. They are compared by file identity
//!   (device and inode, so a hard link, a symlink or `./r.db` vs `r.db` are
//!   all caught) and, for sidecar files that do not exist yet, by their
//!   place in the directory. Refused with exit 2 before anything is written.
//! - A regular file (or a new one) is written to a temporary file created
//!   exclusively in the same directory (`O_CREAT|O_EXCL`: a planted file or
//!   symlink is never opened), mode 0600 when it can hold personal data,
//!   then synced and renamed into place: a reader sees the old file or the
//!   new one, never half of one. A failure or a drop removes the temporary
//!   file; one left by a killed process is removed by the next write to the
//!   same name (its process id is in its name).
//! - A symlink is followed and its target written as above: the link itself
//!   is never replaced. A dangling one is refused.
//! - A FIFO or a character device (`/dev/null`, a pipe to a signer) is
//!   written through, never replaced; a block device (a disk given by
//!   mistake) and a directory are refused.
//! - `-` is standard output, for the commands that print their result.
//! - A write that fails names the file, and a full disk says so.

use std::ffi::OsString;
use std::fs::{File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Kind, Result};

/// What an output may hold: decides the mode of the file created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holds {
    /// Personal data (exports, backups, reject files): mode 0600.
    Personal,
    /// Public data (the zone): mode 0644, or the mode of the file replaced.
    Public,
}

/// Whether a path argument means standard output.
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The files a command must not write: the registry and its sidecar files,
/// and the command's inputs.
#[derive(Debug, Default)]
pub(crate) struct Taken {
    files: Vec<Held>,
}

#[derive(Debug)]
struct Held {
    /// What the file is, for the message: "the registry file r.db".
    what: String,
    /// Device and inode, when the file exists.
    id: Option<(u64, u64)>,
    /// Its canonical place (canonical directory, file name).
    place: Option<PathBuf>,
}

impl Taken {
    /// The registry file at `db` and its `-wal`, `-shm` and `-journal` files.
    pub(crate) fn registry(db: &Path) -> Taken {
        let mut taken = Taken::default();
        taken.add(db, format!("the registry file {}", db.display()));
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut side = db.as_os_str().to_owned();
            side.push(suffix);
            let side = PathBuf::from(side);
            taken.add(
                &side,
                format!(
                    "{} (a file of the registry {})",
                    side.display(),
                    db.display()
                ),
            );
        }
        taken
    }

    /// Adds an input file of the command (`-`, standard input, is none).
    pub(crate) fn input(mut self, path: &Path) -> Taken {
        if !is_stdout(path) {
            self.add(path, format!("the input file {}", path.display()));
        }
        self
    }

    fn add(&mut self, path: &Path, what: String) {
        let id = std::fs::metadata(path).ok().map(|m| identity(&m));
        let place = canonical_place(path);
        self.files.push(Held { what, id, place });
    }

    /// Refuses (exit 2) a target that is one of the taken files.
    fn check(&self, shown: &Path, place: &Path, meta: Option<&Metadata>) -> Result<()> {
        let id = meta.map(identity);
        let hit = self.files.iter().find(|h| {
            (id.is_some() && h.id == id) || h.place.as_deref().is_some_and(|p| p == place)
        });
        match hit {
            Some(h) => Err(Error::usage(format!(
                "{} is {}: an output must go to another file",
                shown.display(),
                h.what
            ))
            .with_hint("give another output file")),
            None => Ok(()),
        }
    }
}

#[cfg(unix)]
fn identity(meta: &Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn identity(_meta: &Metadata) -> (u64, u64) {
    (0, 0)
}

/// The canonical directory joined with the file name (the file itself may
/// not exist); `None` when the directory does not exist either.
fn canonical_place(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let name = path.file_name()?;
    Some(parent_dir(path).canonicalize().ok()?.join(name))
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An output being written. Dropped without [`OutFile::commit`], it leaves
/// nothing behind (a temporary file is removed; a replaced file is intact).
pub(crate) struct OutFile {
    shown: String,
    sink: Sink,
}

enum Sink {
    Stdout(io::StdoutLock<'static>),
    /// A FIFO or character device, written through.
    Through(File),
    /// A temporary file beside `target`, renamed onto it by `commit`.
    Replace {
        temp: tempfile::NamedTempFile,
        target: PathBuf,
    },
}

impl OutFile {
    /// Standard output.
    pub(crate) fn stdout() -> OutFile {
        OutFile {
            shown: "standard output".to_string(),
            sink: Sink::Stdout(io::stdout().lock()),
        }
    }

    /// `-` (standard output) or the file at `path`; see [`OutFile::create`].
    pub(crate) fn create_or_stdout(path: &Path, holds: Holds, taken: &Taken) -> Result<OutFile> {
        if is_stdout(path) {
            Ok(OutFile::stdout())
        } else {
            OutFile::create(path, holds, taken)
        }
    }

    /// Opens the output at `path` (see the module doc): refuses a taken
    /// file, a directory, a block device or a dangling symlink (exit 2).
    pub(crate) fn create(path: &Path, holds: Holds, taken: &Taken) -> Result<OutFile> {
        let shown = path.display().to_string();
        let target = resolve(path)?;
        match target {
            Target::New(place) => {
                taken.check(path, &place, None)?;
                let temp = temp_beside(&shown, &place, holds, None)?;
                Ok(OutFile {
                    shown,
                    sink: Sink::Replace {
                        temp,
                        target: place,
                    },
                })
            }
            Target::Regular(place, meta) => {
                taken.check(path, &place, Some(&meta))?;
                let temp = temp_beside(&shown, &place, holds, Some(&meta))?;
                Ok(OutFile {
                    shown,
                    sink: Sink::Replace {
                        temp,
                        target: place,
                    },
                })
            }
            Target::Through(place, meta) => {
                taken.check(path, &place, Some(&meta))?;
                let file = open_through(&place).map_err(|e| cannot_write(&shown, e))?;
                Ok(OutFile {
                    shown,
                    sink: Sink::Through(file),
                })
            }
        }
    }

    /// What the output is called in messages (the path as given).
    pub(crate) fn shown(&self) -> &str {
        &self.shown
    }

    /// The file written, when it is a regular file (seekable, with a path):
    /// the temporary file that `commit` renames into place.
    pub(crate) fn staged(&mut self) -> Option<&mut File> {
        match &mut self.sink {
            Sink::Replace { temp, .. } => Some(temp.as_file_mut()),
            _ => None,
        }
    }

    /// The path of the temporary file, for writers that need one (SQLite).
    pub(crate) fn staged_path(&self) -> Option<&Path> {
        match &self.sink {
            Sink::Replace { temp, .. } => Some(temp.path()),
            _ => None,
        }
    }

    /// The file that `commit` will replace, when it is a regular file.
    pub(crate) fn target(&self) -> Option<&Path> {
        match &self.sink {
            Sink::Replace { target, .. } => Some(target),
            _ => None,
        }
    }

    /// Finishes the output: flushed, synced and renamed into place. A
    /// reader that closed standard output early is not a failure.
    pub(crate) fn commit(self) -> Result<()> {
        let shown = self.shown;
        match self.sink {
            Sink::Stdout(mut out) => match out.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| cannot_write(&shown, e)),
            },
            Sink::Through(mut file) => file.flush().map_err(|e| cannot_write(&shown, e)),
            Sink::Replace { temp, target } => {
                temp.as_file()
                    .sync_all()
                    .map_err(|e| cannot_write(&shown, e))?;
                temp.persist(&target)
                    .map_err(|e| cannot_write(&shown, e.error))?;
                // The rename survives a power cut only once the directory is synced.
                if let Ok(d) = File::open(parent_dir(&target)) {
                    let _ = d.sync_all();
                }
                Ok(())
            }
        }
    }

    /// The error of a failed write into this output, naming it (see
    /// [`write_failed`]).
    pub(crate) fn failed(&self, e: Error) -> Error {
        write_failed(&self.shown, e)
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Stdout(out) => out.write(buf),
            Sink::Through(file) => file.write(buf),
            Sink::Replace { temp, .. } => temp.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.sink {
            Sink::Stdout(out) => out.write_all(buf),
            Sink::Through(file) => file.write_all(buf),
            Sink::Replace { temp, .. } => temp.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Stdout(out) => out.flush(),
            Sink::Through(file) => file.flush(),
            Sink::Replace { temp, .. } => temp.flush(),
        }
    }
}

/// Where an output goes once symlinks are followed.
enum Target {
    /// No file yet: its canonical place.
    New(PathBuf),
    /// A regular file, replaced by a rename.
    Regular(PathBuf, Metadata),
    /// A FIFO or character device, written through.
    Through(PathBuf, Metadata),
}

fn resolve(path: &Path) -> Result<Target> {
    let shown = path.display();
    let unusable = |what: &str| {
        Error::usage(format!("--out {shown}: {what}"))
            .with_hint("give a regular file, or - for standard output")
    };
    let link = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let Some(name) = path.file_name() else {
                return Err(unusable("not a file name"));
            };
            let dir = parent_dir(path);
            let dir = dir.canonicalize().map_err(|e| {
                Error::usage(format!(
                    "cannot write {shown}: no directory {}",
                    dir.display()
                ))
                .with_cause(e)
            })?;
            return Ok(Target::New(dir.join(name)));
        }
        Err(e) => return Err(Error::usage(format!("cannot write {shown}")).with_cause(e)),
    };
    let (place, meta) = if link.file_type().is_symlink() {
        // Followed, never replaced: the file it points to is written.
        let real = path.canonicalize().map_err(|e| {
            unusable("a symlink to nothing (ptreg does not replace symlinks)").with_cause(e)
        })?;
        let meta = std::fs::metadata(&real)
            .map_err(|e| Error::usage(format!("cannot write {shown}")).with_cause(e))?;
        (real, meta)
    } else {
        let real = path
            .canonicalize()
            .map_err(|e| Error::usage(format!("cannot write {shown}")).with_cause(e))?;
        (real, link)
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(Target::Regular(place, meta));
    }
    if kind.is_dir() {
        return Err(unusable("a directory"));
    }
    if is_block_device(&meta) {
        return Err(unusable(
            "a block device (a disk): ptreg never writes over one",
        ));
    }
    if is_fifo_or_char_device(&meta) {
        return Ok(Target::Through(place, meta));
    }
    Err(unusable("not a file ptreg can write (a socket?)"))
}

#[cfg(unix)]
fn is_block_device(meta: &Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_block_device()
}

#[cfg(unix)]
fn is_fifo_or_char_device(meta: &Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_fifo() || meta.file_type().is_char_device()
}

#[cfg(not(unix))]
fn is_block_device(_meta: &Metadata) -> bool {
    false
}

#[cfg(not(unix))]
fn is_fifo_or_char_device(_meta: &Metadata) -> bool {
    false
}

/// Opens a FIFO or device for writing, without creating, truncating or
/// following a symlink planted since it was resolved.
fn open_through(place: &Path) -> io::Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW);
    }
    opts.open(place)
}

/// The prefix of the temporary files of `name` (the process id follows).
fn temp_prefix(name: &std::ffi::OsStr) -> String {
    format!(".{}.ptreg-", name.to_string_lossy())
}

/// A temporary file created exclusively beside `place`, named after it and
/// this process: `.NAME.ptreg-PID-RANDOM.tmp`.
fn temp_beside(
    shown: &str,
    place: &Path,
    holds: Holds,
    replaced: Option<&Metadata>,
) -> Result<tempfile::NamedTempFile> {
    let dir = parent_dir(place);
    let name = place.file_name().map(OsString::from).unwrap_or_default();
    let prefix = temp_prefix(&name);
    remove_stale_temps(&dir, &prefix);
    let pid_prefix = format!("{prefix}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&pid_prefix).suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(mode(holds, replaced));
    builder.tempfile_in(&dir).map_err(|e| {
        let err = cannot_write(shown, e);
        if err.hint.is_some() {
            return err;
        }
        err.with_hint(format!(
            "ptreg writes a temporary file in {} and renames it into place",
            dir.display()
        ))
    })
}

/// A private scratch file in `dir` named after `name` (for a backup on its
/// way to standard output or a device); removed when dropped.
pub(crate) fn scratch(dir: &Path, name: &std::ffi::OsStr) -> Result<tempfile::NamedTempFile> {
    let place = dir.join(name);
    temp_beside(&place.display().to_string(), &place, Holds::Personal, None)
}

#[cfg(unix)]
fn mode(holds: Holds, replaced: Option<&Metadata>) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    let mode = match (holds, replaced) {
        (Holds::Personal, _) => 0o600,
        (Holds::Public, Some(old)) => old.permissions().mode() & 0o7777,
        (Holds::Public, None) => 0o644,
    };
    std::fs::Permissions::from_mode(mode)
}

/// Removes the temporary files (and their SQLite sidecars) that writers
/// killed mid-way (power cut, SIGKILL) left beside the destination: those
/// whose process is gone. A writer still running keeps its own.
fn remove_stale_temps(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let pid = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .map(|rest| {
                rest.split(|c: char| !c.is_ascii_digit())
                    .next()
                    .unwrap_or("")
            })
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !process_alive(pid)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process runs (Linux: `/proc/PID`); elsewhere assume it does,
/// so nothing that may be in use is removed.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Whether an I/O error means the disk (or the user's quota) is full.
pub(crate) fn is_disk_full(e: &io::Error) -> bool {
    #[cfg(unix)]
    if matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT)) {
        return true;
    }
    e.kind() == io::ErrorKind::StorageFull
}

/// An I/O failure on the output `shown`.
fn cannot_write(shown: &str, e: io::Error) -> Error {
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
