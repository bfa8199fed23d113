//! Temporary files beside a target: created exclusively, named after the
//! target and the process, removed after a failure, and those of killed
//! processes removed by the next writer.

use std::ffi::OsString;
use std::fs::Metadata;
use std::path::Path;

use super::{Holds, cannot_write, parent_dir};
use crate::error::Result;

/// The prefix of the temporary files of `name` (the process id follows).
fn temp_prefix(name: &std::ffi::OsStr) -> String {
    format!(".{}.ptreg-", name.to_string_lossy())
}

/// A temporary file created exclusively beside `place`, named after it and
/// this process: `.NAME.ptreg-PID-RANDOM.tmp`.
pub(super) fn temp_beside(
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
