//! The journal entries of logins made while another process holds the
//! registry's write lock (a sweep, an import): written by one thread as
//! soon as the lock is free, so that a registrar logs in and reads while a
//! long write runs, and every attempt still reaches the journal.
//!
//! A session first tries the lock itself for [`TRY_LOCK`]; only then does
//! it hand the entry over. The queue is bounded ([`CAPACITY`]); when it is
//! full a login waits for the lock as it would without it. At shutdown the
//! thread writes what is left, waiting for the lock up to [`FLUSH_LIMIT`];
//! an entry it still cannot write is reported on stderr with its contents
//! (entries never hold a password).

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::error::Result;
use crate::journal::{self, Entry, Kind, Stamp};
use crate::store::{self, Store};

/// Logins waiting for the lock at most.
const CAPACITY: usize = 10_000;
/// How long the thread keeps trying once the server is stopping.
const FLUSH_LIMIT: Duration = Duration::from_secs(30);
/// How long a session tries the lock itself before it hands the entry over.
pub(super) const TRY_LOCK: Duration = Duration::from_millis(200);

/// A login's journal entry (`epp login`), waiting to be written.
pub(super) struct Pending {
    pub(super) stamp: Stamp,
    pub(super) inputs: Value,
    pub(super) outcome: Value,
}

impl Pending {
    /// Appends it inside the caller's transaction.
    pub(super) fn append(&self, tx: &rusqlite::Connection) -> Result<()> {
        let policy = store::policy::in_force(tx, self.stamp.now)?;
        journal::append(
            tx,
            &self.stamp,
            &policy.digest,
            Entry {
                command: Kind::EppLogin,
                article: None,
                domain: None,
                inputs: self.inputs.clone(),
                outcome: self.outcome.clone(),
            },
        )?;
        Ok(())
    }
}

/// A session's way to the writer thread.
#[derive(Clone)]
pub(crate) struct Sender(SyncSender<Pending>);

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("epp login log")
    }
}

impl Sender {
    /// Queues `p`; gives it back when the queue is full or closed.
    pub(super) fn send(&self, p: Pending) -> Option<Pending> {
        match self.0.try_send(p) {
            Ok(()) => None,
            Err(mpsc::TrySendError::Full(p) | mpsc::TrySendError::Disconnected(p)) => Some(p),
        }
    }
}

/// The writer thread and its queue.
pub(crate) struct LoginLog {
    sender: Sender,
    thread: JoinHandle<()>,
}

impl LoginLog {
    /// Starts the thread with a connection of its own; it stops once
    /// `stopping` is set and the queue is empty (or [`FLUSH_LIMIT`] after).
    pub(crate) fn start(db: &Path, stopping: Arc<AtomicBool>) -> Result<LoginLog> {
        let store = Store::open(db)?;
        let (tx, rx) = mpsc::sync_channel::<Pending>(CAPACITY);
        let thread = std::thread::Builder::new()
            .name("epp-login-log".into())
            .spawn(move || {
                let mut store = store;
                let mut since: Option<Instant> = None;
                loop {
                    let p = match rx.recv_timeout(Duration::from_millis(200)) {
                        Ok(p) => p,
                        Err(RecvTimeoutError::Timeout) if stopping.load(Ordering::SeqCst) => {
                            return;
                        }
                        Err(RecvTimeoutError::Timeout) => continue,
                        Err(RecvTimeoutError::Disconnected) => return,
                    };
                    // Each try waits for the lock (the store's busy
                    // timeout); a writer that holds it longer is waited
                    // for again, until the server has been stopping for
                    // FLUSH_LIMIT.
                    loop {
                        let err = match write(&mut store, &p) {
                            Ok(()) => break,
                            Err(e) => e,
                        };
                        if stopping.load(Ordering::SeqCst) {
                            let t = *since.get_or_insert_with(Instant::now);
                            if t.elapsed() > FLUSH_LIMIT {
                                let _ = writeln!(
                                    std::io::stderr(),
                                    "ptreg epp: a login could not be journaled ({}): {} at {} {}",
                                    err.human(),
                                    p.stamp.actor,
                                    crate::rules::periods::fmt_time(p.stamp.now),
                                    p.outcome
                                );
                                break;
                            }
                        }
                        std::thread::sleep(Duration::from_millis(100));
                    }
                }
            })?;
        Ok(LoginLog {
            sender: Sender(tx),
            thread,
        })
    }

    pub(crate) fn sender(&self) -> Sender {
        self.sender.clone()
    }

    /// Waits for the thread to write what is queued (the server has set
    /// `stopping`).
    pub(crate) fn close(self) {
        drop(self.sender);
        let _ = self.thread.join();
    }
}

fn write(store: &mut Store, p: &Pending) -> Result<()> {
    let tx = store.write()?;
    p.append(&tx)?;
    tx.commit()?;
    Ok(())
}
