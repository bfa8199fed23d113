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

use std::fs::{File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

mod failure;
mod taken;
mod temp;

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

pub(crate) use failure::write_failed;
pub(crate) use taken::Taken;
pub(crate) use temp::scratch;

use failure::cannot_write;
use temp::temp_beside;

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
    /// reader that closed standard output early is not a failure. Returns
    /// the canonical path of the file written, when it is a regular file.
    pub(crate) fn commit(self) -> Result<Option<PathBuf>> {
        let shown = self.shown;
        match self.sink {
            Sink::Stdout(mut out) => match out.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(None),
                other => other.map(|()| None).map_err(|e| cannot_write(&shown, e)),
            },
            Sink::Through(mut file) => file
                .flush()
                .map(|()| None)
                .map_err(|e| cannot_write(&shown, e)),
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
                Ok(Some(target))
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

/// Replaces every value of `values` in the file at `path` by `marker`
/// (rewritten as every output is: exclusively, private, renamed into
/// place). Returns whether the file held any; a file gone is left alone.
pub(crate) fn redact(path: &Path, values: &[String], marker: &str, taken: &Taken) -> Result<bool> {
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(false);
    };
    let mut text = bytes;
    let mut changed = false;
    for v in values.iter().filter(|v| !v.is_empty()) {
        let replaced = replace_bytes(&text, v.as_bytes(), marker.as_bytes());
        if let Some(r) = replaced {
            text = r;
            changed = true;
        }
    }
    if changed {
        let mut out = OutFile::create(path, Holds::Personal, taken)?;
        out.write_all(&text).map_err(|e| out.failed(e.into()))?;
        out.commit()?;
    }
    Ok(changed)
}

/// `haystack` with every `needle` replaced, or `None` when there is none.
fn replace_bytes(haystack: &[u8], needle: &[u8], by: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    let mut found = false;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(by);
            i += needle.len();
            found = true;
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    found.then_some(out)
}
