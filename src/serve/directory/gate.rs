//! The per-source quota of the WHOIS policy (2.5), shared by port 43 and
//! RDAP, and the query log behind it.
//!
//! The decision is `rules::whois_quota::decide`; this module feeds it
//! without ever making a query wait for the registry's write lock:
//!
//! - Each source (an IPv4 address, or an IPv6 /64: `rules::whois_quota::
//!   source_key`) has an entry in memory: how many of its queries counted
//!   in the window when the log was last read (`base`), how many since
//!   (`since`), and its suspension. The log in the file is read again every
//!   [`REFRESH`] (a read: it never waits for a writer), so the queries that
//!   another server process (the other face) logged count too.
//! - Every query is logged by one logger thread, in batches, in its own
//!   short write transactions. When another command holds the write lock,
//!   the batch waits in memory and is written afterwards; queries go on
//!   being answered meanwhile.
//! - Queries that were counted in memory but not yet written (`unflushed`)
//!   are added to what the file says at each refresh. The logger commits
//!   a batch and lowers `unflushed` under one lock that refreshes also
//!   take, so no query is ever counted twice or missed.
//! - The logger deletes log lines older than the policy's `[whois]
//!   log_days`, in small chunks, at start and every [`PRUNE_EVERY`].

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::{Clock, note};
use crate::error::Result;
use crate::rules::periods::Time;
use crate::rules::policy::Whois;
use crate::rules::whois::MAX_QUERY_LEN;
use crate::rules::whois_quota::{Block, Verdict, decide, window_start};
use crate::store::Store;
use crate::store::whois::{Outcome, block, counted_since, log_query, prune_log, set_block};

/// How often a source's count is read again from the file.
const REFRESH: Duration = Duration::from_secs(2);
/// How long log lines may wait to be written when nothing else is pending.
const FLUSH_EVERY: Duration = Duration::from_millis(50);
/// At most this many log lines in one write transaction.
const BATCH: usize = 5000;
/// Log lines kept in memory while the file is busy; past this the oldest
/// are dropped (and the operator is told how many).
const MAX_PENDING: usize = 200_000;
/// How long the logger waits for the write lock before it tries later.
const LOGGER_BUSY: Duration = Duration::from_millis(200);
/// How often the log is pruned, and how much at a time.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);
const PRUNE_CHUNK: u32 = 5000;
/// Sources kept in memory; idle ones are forgotten past this.
const MAX_SOURCES: usize = 100_000;

/// A source's state in memory.
struct Source {
    /// Counted queries in the window when the file was last read, plus
    /// those of this process not yet written then.
    base: u32,
    /// Counted queries of this process since.
    since: u32,
    /// Counted queries of this process not yet written to the file.
    unflushed: u32,
    block: Option<Block>,
    /// When the file was last read for this source, the window start then,
    /// and the policy numbers used.
    refreshed: Instant,
    window: Time,
    numbers: (u32, u32),
    seen: Instant,
}

enum Pending {
    Query {
        time: Time,
        source: String,
        query: String,
        outcome: Outcome,
        counted: bool,
    },
    Block {
        source: String,
        block: Block,
    },
}

struct Queue {
    items: VecDeque<Pending>,
    lost: u64,
    closing: bool,
    /// The policy's log retention, as last seen by a reader.
    log_days: u32,
}

/// The quota and the query log of one server process.
pub(crate) struct Gate {
    sources: Mutex<HashMap<String, Source>>,
    /// Held (write) by the logger while it commits a batch and lowers
    /// `unflushed`; held (read) by a refresh while it reads the file.
    flush: RwLock<()>,
    queue: Mutex<Queue>,
    wake: Condvar,
    logger: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Gate {
    /// Starts the logger on its own connection to the registry at `db`.
    pub(crate) fn start(db: &Path, clock: Clock, log_days: u32) -> Result<Arc<Gate>> {
        let store = Store::open(db)?;
        store.conn().busy_timeout(LOGGER_BUSY)?;
        // A query's log line is not worth an fsync: after a power cut the
        // last few lines may be missing, never a registry change.
        store.conn().pragma_update(None, "synchronous", "NORMAL")?;
        let gate = Arc::new(Gate {
            sources: Mutex::new(HashMap::new()),
            flush: RwLock::new(()),
            queue: Mutex::new(Queue {
                items: VecDeque::new(),
                lost: 0,
                closing: false,
                log_days,
            }),
            wake: Condvar::new(),
            logger: Mutex::new(None),
        });
        let handle = {
            let gate = Arc::clone(&gate);
            std::thread::Builder::new()
                .name("ptreg-query-log".into())
                .spawn(move || gate.log_until_closed(store, clock))?
        };
        *gate.logger.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
        Ok(gate)
    }

    /// Decides one query from `source` at `now`, and counts it when it is
    /// to be answered. `conn` is the caller's reader connection, used only
    /// to read the log every [`REFRESH`].
    pub(crate) fn admit(
        &self,
        conn: &Connection,
        source: &str,
        now: Time,
        policy: &Whois,
    ) -> Result<Verdict> {
        self.note_log_days(policy.log_days);
        if self.stale(source, now, policy) {
            self.refresh(conn, source, now, policy)?;
        }
        let mut sources = self.lock_sources();
        let Some(s) = sources.get_mut(source) else {
            // Forgotten between the refresh and now (a flood of sources):
            // decide on what the file said alone.
            drop(sources);
            return self.admit_uncached(conn, source, now, policy);
        };
        s.seen = Instant::now();
        let verdict = decide(
            now,
            s.base.saturating_add(s.since),
            s.block.as_ref(),
            policy,
        );
        match verdict {
            Verdict::Answer => {
                s.since = s.since.saturating_add(1);
                s.unflushed = s.unflushed.saturating_add(1);
            }
            Verdict::Suspend(b) => {
                s.block = Some(b);
                drop(sources);
                self.push(Pending::Block {
                    source: source.to_string(),
                    block: b,
                });
            }
            Verdict::Suspended { .. } => {}
        }
        Ok(verdict)
    }

    /// Logs one query and how it was answered; never waits for the file.
    pub(crate) fn log(&self, now: Time, source: &str, query: &[u8], outcome: Outcome) {
        let query = String::from_utf8_lossy(&query[..query.len().min(MAX_QUERY_LEN)]).into_owned();
        self.push(Pending::Query {
            time: now,
            source: source.to_string(),
            query,
            outcome,
            counted: outcome != Outcome::Suspended,
        });
    }

    /// Writes what is pending (waiting a few seconds at most for the file)
    /// and stops the logger.
    pub(crate) fn close(&self) {
        {
            let mut q = self.lock_queue();
            q.closing = true;
        }
        self.wake.notify_all();
        let handle = self.logger.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(h) = handle {
            let _ = h.join();
        }
    }

    fn lock_sources(&self) -> std::sync::MutexGuard<'_, HashMap<String, Source>> {
        self.sources.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn note_log_days(&self, days: u32) {
        let mut q = self.lock_queue();
        q.log_days = days;
    }

    fn stale(&self, source: &str, now: Time, policy: &Whois) -> bool {
        let sources = self.lock_sources();
        let Some(s) = sources.get(source) else {
            return true;
        };
        s.refreshed.elapsed() >= REFRESH
            || s.numbers != (policy.quota, policy.window_hours)
            // A suspension ended after the counted window began: the
            // window starts again at its end.
            || s.block.is_some_and(|b| b.until > s.window && now >= b.until)
    }

    /// Reads the source's count and suspension from the file.
    fn refresh(&self, conn: &Connection, source: &str, now: Time, policy: &Whois) -> Result<()> {
        let _flush = self.flush.read().unwrap_or_else(|p| p.into_inner());
        let known = self.lock_sources().get(source).and_then(|s| s.block);
        let stored = block(conn, source)?;
        let block = later(known, stored);
        let window = window_start(now, block.as_ref(), policy);
        let counted = counted_since(conn, source, window, policy.quota)?;
        let mut sources = self.lock_sources();
        if !sources.contains_key(source) && sources.len() >= MAX_SOURCES {
            forget_idle(&mut sources);
        }
        if !sources.contains_key(source) && sources.len() >= MAX_SOURCES {
            return Ok(());
        }
        let s = sources.entry(source.to_string()).or_insert(Source {
            base: 0,
            since: 0,
            unflushed: 0,
            block: None,
            refreshed: Instant::now(),
            window,
            numbers: (policy.quota, policy.window_hours),
            seen: Instant::now(),
        });
        s.base = counted.saturating_add(s.unflushed);
        s.since = 0;
        s.block = later(s.block, block);
        s.refreshed = Instant::now();
        s.window = window;
        s.numbers = (policy.quota, policy.window_hours);
        Ok(())
    }

    /// The decision when a source cannot be kept in memory.
    fn admit_uncached(
        &self,
        conn: &Connection,
        source: &str,
        now: Time,
        policy: &Whois,
    ) -> Result<Verdict> {
        let prior = block(conn, source)?;
        let counted = counted_since(
            conn,
            source,
            window_start(now, prior.as_ref(), policy),
            policy.quota,
        )?;
        let verdict = decide(now, counted, prior.as_ref(), policy);
        if let Verdict::Suspend(b) = verdict {
            self.push(Pending::Block {
                source: source.to_string(),
                block: b,
            });
        }
        Ok(verdict)
    }

    fn push(&self, item: Pending) {
        let mut q = self.lock_queue();
        if q.items.len() >= MAX_PENDING {
            if let Some(Pending::Query {
                source,
                counted: true,
                ..
            }) = q.items.pop_front()
            {
                self.unflush(&source, 1);
            }
            q.lost += 1;
        }
        q.items.push_back(item);
        let wake = q.items.len() >= BATCH;
        drop(q);
        if wake {
            self.wake.notify_one();
        }
    }

    fn unflush(&self, source: &str, n: u32) {
        if let Some(s) = self.lock_sources().get_mut(source) {
            s.unflushed = s.unflushed.saturating_sub(n);
        }
    }

    /// The logger thread: writes batches until closed.
    fn log_until_closed(&self, mut store: Store, clock: Clock) {
        let mut pruned: Option<Instant> = None;
        let mut backoff = FLUSH_EVERY;
        loop {
            let (batch, closing, lost, log_days) = {
                let mut q = self.lock_queue();
                if q.items.is_empty() && !q.closing {
                    q = self
                        .wake
                        .wait_timeout(q, backoff)
                        .map(|(g, _)| g)
                        .unwrap_or_else(|p| p.into_inner().0);
                }
                let n = q.items.len().min(BATCH);
                let batch: Vec<Pending> = q.items.drain(..n).collect();
                (batch, q.closing, std::mem::take(&mut q.lost), q.log_days)
            };
            if lost > 0 {
                note!("ptreg: {lost} query log lines were dropped while the registry was busy");
            }
            if closing {
                // Last writes: wait longer for the file, then give up.
                let _ = store.conn().busy_timeout(Duration::from_secs(5));
            }
            let empty = batch.is_empty();
            if !empty {
                match self.write(&mut store, &batch) {
                    Ok(()) => backoff = FLUSH_EVERY,
                    Err(e) => {
                        if closing {
                            note!(
                                "ptreg: {} query log lines could not be written: {}",
                                batch.len(),
                                e.human()
                            );
                        } else {
                            // Busy: put the batch back, in order, and wait.
                            let mut q = self.lock_queue();
                            for item in batch.into_iter().rev() {
                                q.items.push_front(item);
                            }
                            drop(q);
                            backoff = (backoff * 2).min(Duration::from_secs(1));
                            std::thread::sleep(backoff);
                            continue;
                        }
                    }
                }
            }
            if pruned.is_none_or(|p| p.elapsed() >= PRUNE_EVERY) && !closing {
                let before = clock.now() - chrono::TimeDelta::days(i64::from(log_days));
                if self.prune(&mut store, before) {
                    pruned = Some(Instant::now());
                }
            }
            if closing && self.lock_queue().items.is_empty() {
                return;
            }
        }
    }

    /// Writes one batch in one transaction; lowers `unflushed` once it is
    /// committed.
    fn write(&self, store: &mut Store, batch: &[Pending]) -> Result<()> {
        let tx = store.write()?;
        let mut counted: HashMap<&str, u32> = HashMap::new();
        for item in batch {
            match item {
                Pending::Query {
                    time,
                    source,
                    query,
                    outcome,
                    counted: c,
                } => {
                    log_query(&tx, *time, source, query, *outcome)?;
                    if *c {
                        *counted.entry(source.as_str()).or_insert(0) += 1;
                    }
                }
                Pending::Block { source, block } => set_block(&tx, source, block)?,
            }
        }
        let _flush = self.flush.write().unwrap_or_else(|p| p.into_inner());
        tx.commit()?;
        let mut sources = self.lock_sources();
        for (source, n) in counted {
            if let Some(s) = sources.get_mut(source) {
                s.unflushed = s.unflushed.saturating_sub(n);
            }
        }
        Ok(())
    }

    /// Deletes log lines older than `before`, a chunk per transaction;
    /// `false` when the file was busy (try again later).
    fn prune(&self, store: &mut Store, before: Time) -> bool {
        loop {
            let done = (|| -> Result<usize> {
                let tx = store.write()?;
                let n = prune_log(&tx, before, PRUNE_CHUNK)?;
                tx.commit()?;
                Ok(n)
            })();
            match done {
                Ok(n) if n < PRUNE_CHUNK as usize => return true,
                Ok(_) => continue,
                Err(_) => return false,
            }
        }
    }
}

/// The later of two suspensions (the one that ends last).
fn later(a: Option<Block>, b: Option<Block>) -> Option<Block> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.until > x.until { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Forgets sources not seen for a while with nothing left to write.
fn forget_idle(sources: &mut HashMap<String, Source>) {
    let idle = REFRESH * 30;
    sources.retain(|_, s| s.unflushed > 0 || s.seen.elapsed() < idle);
}
