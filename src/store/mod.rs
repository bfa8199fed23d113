//! All SQL: the registry file, its schema and migrations, transactions, and
//! the queries of each table (one module per table group).

pub(crate) mod bulk;
pub(crate) mod cases;
pub(crate) mod checkpoints;
pub(crate) mod contacts;
pub(crate) mod domains;
pub(crate) mod dump;
pub(crate) mod epp;
pub(crate) mod history;
pub(crate) mod hosts;
pub(crate) mod journal;
pub(crate) mod ledger;
pub(crate) mod lifecycle;
pub(crate) mod lists;
pub(crate) mod outbox;
pub(crate) mod outputs;
pub(crate) mod policy;
pub(crate) mod provenance;
pub(crate) mod whois;
pub(crate) mod zone;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

/// Forward migrations, append-only: entry N brings the file to version N+1.
const MIGRATIONS: &[&str] = &[
    include_str!("schema.sql"),
    include_str!("journal_leaf.sql"),
    include_str!("anchoring.sql"),
    include_str!("nameserver_host.sql"),
    include_str!("output_files.sql"),
    include_str!("provenance.sql"),
    include_str!("epp.sql"),
    include_str!("lists_entries.sql"),
    include_str!("clock.sql"),
    include_str!("clock_zone.sql"),
    include_str!("registrar_history.sql"),
    include_str!("migrated_original.sql"),
    include_str!("reminder_day.sql"),
    include_str!("domain_name.sql"),
    include_str!("reminder_key.sql"),
];

/// An in-memory file at the schema just before `migration` (one of
/// [`MIGRATIONS`]), for the tests of what a migration keeps.
#[cfg(test)]
pub(crate) fn schema_before(migration: &str) -> Connection {
    let conn = Connection::open_in_memory().expect("an in-memory file");
    let at = MIGRATIONS
        .iter()
        .position(|m| *m == migration)
        .expect("the migration is listed");
    for sql in &MIGRATIONS[..at] {
        conn.execute_batch(sql).expect("the earlier migrations");
    }
    conn
}

/// The schema version this build writes.
pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a command waits for another writer before it reports "busy".
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The meta key saying that every deletion in the file was zeroed
/// (`secure_delete` since its creation, or a `VACUUM` since).
const ZEROED_KEY: &str = "free_space_zeroed";

/// What [`Store::scrub_free_space`] did.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub(crate) struct Scrubbed {
    /// The file was rebuilt (its first erasure).
    pub(crate) rebuilt: bool,
    /// The write-ahead log was checkpointed and truncated.
    pub(crate) log_emptied: bool,
}

/// An open registry file.
pub(crate) struct Store {
    conn: Connection,
}

impl Store {
    /// Creates a new registry file (mode 0600) and brings it to the current
    /// schema. Refuses to touch an existing registry; a blank file (empty,
    /// or left by an `init` killed before its first commit) is taken over,
    /// so re-running `init` finishes the job.
    pub(crate) fn create(path: &Path) -> Result<Store> {
        if path.exists() {
            if !is_blank(path)? {
                return Err(Error::conflict(format!(
                    "{} already exists; init creates a new registry file",
                    path.display()
                )));
            }
            set_private(path)?;
        } else {
            create_private_file(path)?;
        }
        let conn = Connection::open(path).map_err(|e| {
            Error::internal(format!("cannot create {}", path.display())).with_cause(e)
        })?;
        let mut store = Store { conn };
        store.configure(path)?;
        store.migrate()?;
        // A new file: everything it will ever delete is zeroed.
        meta_set(&store.conn, ZEROED_KEY, "1")?;
        Ok(store)
    }

    /// Opens an existing registry file, migrating an older schema forward and
    /// refusing a newer one.
    pub(crate) fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(
                Error::not_found(format!("no registry file at {}", path.display()))
                    .with_hint("run `ptreg init` to create one (or pass --db FILE)"),
            );
        }
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(|e| {
                Error::internal(format!("cannot open {}", path.display())).with_cause(e)
            })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Version 0 is a file no `init` finished (or not ours at all):
        // never turn it into a registry without policy behind the user's back.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| open_error(path, e))?;
        let unfinished = || {
            Error::not_found(format!(
                "{} is not a registry file (empty, or an unfinished init)",
                path.display()
            ))
            .with_hint("run `ptreg init` to create it (a blank file is taken over)")
        };
        if version == 0 {
            return Err(unfinished());
        }
        let mut store = Store { conn };
        store.configure(path)?;
        store.migrate()?;
        let initialized: bool =
            store
                .conn
                .query_row("SELECT EXISTS (SELECT 1 FROM journal)", [], |r| r.get(0))?;
        if !initialized {
            return Err(unfinished());
        }
        Ok(store)
    }

    fn configure(&mut self, path: &Path) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| open_error(path, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::internal(format!(
                "cannot switch the file to WAL mode (got {mode})"
            )));
        }
        // FULL: in WAL mode NORMAL keeps the file consistent but may drop
        // the last commits on a power cut; a command that said "done" must
        // stay done. One fsync per command (one transaction) is cheap.
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // Room for every statement a long command repeats (the sweep uses
        // about thirty a name): with rusqlite's default of 16 they evict
        // each other and each is parsed again on every use.
        self.conn.set_prepared_statement_cache_capacity(128);
        // Deleted and overwritten content is zeroed, not left in free space:
        // an erased contact's data must not survive in the file (Art. 29.5).
        let _: i64 = self
            .conn
            .query_row("PRAGMA secure_delete = ON", [], |r| r.get(0))?;
        Ok(())
    }

    /// After an erasure: makes sure that neither the file's free space nor
    /// its write-ahead log still holds what was overwritten. Every
    /// connection zeroes what it deletes (`secure_delete`), but a file made
    /// by an older ptreg may keep old bytes in free pages: its first erasure
    /// rebuilds it once (`VACUUM`). Then the log is checkpointed into the
    /// file and truncated (this waits for readers, up to the busy timeout).
    /// Returns whether the file was rebuilt and whether the log is empty.
    pub(crate) fn scrub_free_space(&mut self) -> Result<Scrubbed> {
        let rebuilt = meta_get(&self.conn, ZEROED_KEY)?.is_none();
        if rebuilt {
            self.conn.execute_batch("VACUUM")?;
            meta_set(&self.conn, ZEROED_KEY, "1")?;
        }
        let (busy, _, _): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        Ok(Scrubbed {
            rebuilt,
            log_emptied: busy == 0,
        })
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Error::internal(format!(
                "this registry file has schema version {version}, made by a newer ptreg; \
                 this ptreg knows up to version {SCHEMA_VERSION}"
            ))
            .with_hint("upgrade ptreg"));
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Exclusive)?;
        // Read again inside the lock: another process may have migrated.
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// A write transaction taken up front (`BEGIN IMMEDIATE`), so two writers
    /// queue on the busy timeout instead of failing half-way.
    pub(crate) fn write(&mut self) -> Result<Transaction<'_>> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// A write transaction if the writer's lock comes free within `wait`;
    /// `None` when another process holds it longer (the caller does
    /// without, or later).
    pub(crate) fn try_write(&mut self, wait: Duration) -> Result<Option<Transaction<'_>>> {
        self.conn.busy_timeout(wait)?;
        match self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
        {
            Ok(tx) => {
                tx.busy_timeout(BUSY_TIMEOUT)?;
                Ok(Some(tx))
            }
            // The next `write` or `read` restores the usual wait.
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// A read transaction: one consistent snapshot for the whole command.
    pub(crate) fn read(&mut self) -> Result<Transaction<'_>> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Runs a query and calls `f` with each row mapped by `map`, as the rows
/// are read: a list streams in flat memory instead of being collected.
pub(crate) fn each_row<T>(
    stmt: &mut rusqlite::Statement<'_>,
    params: impl rusqlite::Params,
    map: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    mut f: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        f(map(row)?)?;
    }
    Ok(())
}

/// Whether SQLite failed because the disk (or the quota) is full.
pub(crate) fn is_disk_full(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull)
}

/// The error of a registry file that cannot be opened or set up: a full
/// disk, a file that is not SQLite, or any other failure, each said as it is.
fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let code = match &e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    if matches!(
        code,
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    ) {
        return Error::from(e);
    }
    // A full disk often shows as an I/O error (the WAL index cannot grow):
    // ask the file system.
    let full = code == Some(ErrorCode::DiskFull)
        || (code == Some(ErrorCode::SystemIoFailure) && no_space_left(path));
    match code {
        _ if full => Error::internal(format!("cannot use {}: the disk is full", path.display()))
            .with_hint(
                "free some space on the disk holding the registry and run the command again",
            ),
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
            Error::internal(format!(
                "{} is not a registry file (or a corrupt one)",
                path.display()
            ))
        }
        Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::PermissionDenied) => {
            Error::internal(format!("cannot open {} for writing", path.display()))
        }
        _ => Error::internal(format!("cannot open {}", path.display())),
    }
    .with_cause(e)
}

/// Whether the file system holding `path` has no space left for us.
#[cfg(unix)]
fn no_space_left(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(dir) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `dir` is a NUL-terminated path and `stat` a plain struct that
    // statvfs fills in; nothing is kept past the call.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::statvfs(dir.as_ptr(), &mut stat) };
    rc == 0 && stat.f_bavail == 0
}

#[cfg(not(unix))]
fn no_space_left(_path: &Path) -> bool {
    false
}

/// Commits, or rolls back under `--dry-run`: the same code runs either way.
pub(crate) fn finish(tx: Transaction<'_>, dry_run: bool) -> Result<()> {
    if dry_run {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    Ok(())
}

#[cfg(unix)]
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| Error::internal(format!("cannot create {}", path.display())).with_cause(e))?;
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::internal(format!("cannot create {}", path.display())).with_cause(e))?;
    Ok(())
}

/// Whether the file at `path` holds no registry yet: empty, or without
/// tables, or with the schema but no journal entry (an `init` killed before
/// its commit). Anything else, readable or not, is not blank.
fn is_blank(path: &Path) -> Result<bool> {
    if std::fs::metadata(path)
        .map(|m| m.len() == 0)
        .unwrap_or(false)
    {
        return Ok(true);
    }
    let Ok(conn) = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE) else {
        return Ok(false);
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let tables: rusqlite::Result<i64> =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    match tables {
        Ok(0) => Ok(true),
        Ok(_) => Ok(conn
            .query_row("SELECT count(*) = 0 FROM journal", [], |r| r.get(0))
            .unwrap_or(false)),
        Err(_) => Ok(false),
    }
}

#[cfg(unix)]
fn set_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
        Error::internal(format!("cannot make {} private", path.display())).with_cause(e)
    })
}

#[cfg(not(unix))]
fn set_private(_path: &Path) -> Result<()> {
    Ok(())
}

/// A value of the `meta` table.
pub(crate) fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    // Cached: the journal reads and writes meta on every entry.
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}
