//! The files an output may not be: the registry, its sidecar files and the
//! command's inputs, known by device and inode and by their place.

use std::fs::Metadata;
use std::path::{Path, PathBuf};

use super::{is_stdout, parent_dir};
use crate::error::{Error, Result};

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
    pub(super) fn check(&self, shown: &Path, place: &Path, meta: Option<&Metadata>) -> Result<()> {
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
