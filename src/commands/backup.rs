//! `ptreg backup FILE`: a consistent copy of the registry through SQLite's
//! online backup API, safe while other processes write.

use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::Backup;
use serde_json::json;

use crate::cli::BackupArgs;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::render;

pub(crate) fn run(args: BackupArgs, ctx: &Ctx) -> Result<()> {
    let store = open(ctx)?;
    if same_file(&ctx.db, &args.file) {
        return Err(Error::usage(
            "the backup must go to another file than the registry",
        ));
    }
    // Written under a temporary name beside the target, then renamed: a
    // reader never sees half a backup, and an old backup survives a failure.
    let dir = match args.file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let file_name = args
        .file
        .file_name()
        .ok_or_else(|| Error::usage(format!("{} is not a file name", args.file.display())))?;
    let tmp = dir.join(format!(".{}.ptreg-tmp", file_name.to_string_lossy()));
    let _ = std::fs::remove_file(&tmp);
    crate::store::create_private_file(&tmp)?;
    let copied = (|| -> Result<i32> {
        let mut dst = Connection::open(&tmp)?;
        let backup = Backup::new(store.conn(), &mut dst)?;
        backup.run_to_completion(512, Duration::from_millis(5), None)?;
        let pages = backup.progress().pagecount;
        drop(backup);
        // The copy is a plain rollback-journal file: one file, easy to move.
        let _: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        Ok(pages)
    })();
    let pages = match copied {
        Ok(p) => p,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    std::fs::rename(&tmp, &args.file).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::internal(format!("cannot move the backup to {}", args.file.display())).with_cause(e)
    })?;
    let value = json!({ "backup": args.file.display().to_string(), "pages": pages });
    render::emit(ctx, &value, |_| {
        format!(
            "backed up {} to {} ({pages} pages)",
            ctx.db.display(),
            args.file.display()
        )
    })
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
