//! What the two directory servers (WHOIS on port 43, RDAP over HTTP)
//! share: the server clock, a small pool of registry readers that follow
//! the policy, the per-source quota with its query log (`gate`), the
//! connection budget that keeps slow clients from filling the server
//! (`budget`), and the signals that stop a server.
//!
//! Neither face imports the other; both import this.

pub(crate) mod budget;
pub(crate) mod gate;

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::TimeDelta;

use crate::error::Result;
use crate::rules::periods::{Time, truncate};
use crate::rules::policy::Policy;
use crate::store::Store;
use crate::store::policy::Following;

pub(crate) use gate::Gate;

/// A line on stderr for the operator. A closed stderr (a supervisor gone)
/// must not bring the server down, so write errors are ignored.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use note;

/// Accepts connections on `addr` until SIGTERM or SIGINT, then lets those
/// in flight finish within `drain` (a second signal exits at once). Each
/// connection is offered to `admit` with the budget: it takes the
/// connection's place and returns its task, or `None` to close it (the
/// source is over its share).
pub(crate) async fn accept_until_stopped<Task>(
    addr: std::net::SocketAddr,
    service: &'static str,
    budget: Arc<budget::Budget>,
    drain: Duration,
    mut admit: impl FnMut(
        tokio::net::TcpStream,
        std::net::SocketAddr,
        &Arc<budget::Budget>,
    ) -> Option<Task>,
) -> Result<()>
where
    Task: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        crate::error::Error::internal(format!("cannot listen on {addr}")).with_cause(e)
    })?;
    let mut signals = Signals::install()?;
    let mut tasks = tokio::task::JoinSet::new();
    note!("ptreg {service}: listening on {}", listener.local_addr()?);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    if let Some(task) = admit(stream, peer, &budget) {
                        tasks.spawn(task);
                    }
                    while tasks.try_join_next().is_some() {}
                }
                Err(e) => {
                    // Out of descriptors and the like: wait, do not spin.
                    note!("ptreg {service}: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            () = signals.stop(service) => break,
        }
    }
    note!("ptreg {service}: stopping");
    drop(listener);
    let until = Instant::now() + drain;
    let drained = async { while tasks.join_next().await.is_some() {} };
    tokio::select! {
        () = drained => {}
        () = tokio::time::sleep_until(until.into()) => {}
        () = signals.stop(service) => std::process::exit(1),
    }
    Ok(())
}

/// The server clock: the start time (`--now`, or the system clock) plus
/// real elapsed time, so a pinned start still lets windows and suspensions
/// pass.
#[derive(Clone, Copy)]
pub(crate) struct Clock {
    start: Time,
    started: Instant,
}

impl Clock {
    pub(crate) fn starting_at(start: Time) -> Clock {
        Clock {
            start,
            started: Instant::now(),
        }
    }

    pub(crate) fn now(&self) -> Time {
        let elapsed = TimeDelta::from_std(self.started.elapsed()).unwrap_or(TimeDelta::zero());
        truncate(self.start + elapsed)
    }
}

/// How long a reader waits for the registry file. Reads in WAL mode do not
/// wait for writers; this only covers the rare moments SQLite itself needs
/// the file (recovery after a crash).
const READ_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Jobs waiting for a reader; past this the server answers "busy" at once
/// rather than queueing without bound.
const QUEUE: usize = 1024;

/// One registry reader: its own connection, the policy it follows, and the
/// quota gate shared by the whole server.
pub(crate) struct Reader {
    pub(crate) store: Store,
    following: Option<Following>,
    pub(crate) gate: Arc<Gate>,
    pub(crate) clock: Clock,
}

impl Reader {
    /// The policy in force at `now`, parsed again only when it changed.
    pub(crate) fn policy(&mut self, now: Time) -> Result<Arc<Policy>> {
        let conn = self.store.conn();
        match &mut self.following {
            Some(f) => f.at(conn, now),
            None => {
                let f = self.following.insert(Following::new(conn, now)?);
                f.at(conn, now)
            }
        }
    }
}

type Job = Box<dyn FnOnce(&mut Reader) + Send>;

/// A fixed pool of reader threads fed by a bounded queue: the network side
/// (async) never touches SQLite, and SQLite work never waits for a socket.
pub(crate) struct Pool {
    jobs: Mutex<Option<SyncSender<Job>>>,
    threads: Mutex<Vec<std::thread::JoinHandle<()>>>,
}

impl Pool {
    /// Opens `workers` connections to the registry at `db`.
    pub(crate) fn open(
        db: &Path,
        workers: usize,
        gate: &Arc<Gate>,
        clock: Clock,
        name: &str,
    ) -> Result<Pool> {
        let (jobs, queue) = mpsc::sync_channel::<Job>(QUEUE);
        let queue = Arc::new(Mutex::new(queue));
        let mut threads = Vec::with_capacity(workers);
        for i in 0..workers {
            let store = Store::open(db)?;
            store.conn().busy_timeout(READ_BUSY_TIMEOUT)?;
            let mut reader = Reader {
                store,
                following: None,
                gate: Arc::clone(gate),
                clock,
            };
            let queue = Arc::clone(&queue);
            threads.push(
                std::thread::Builder::new()
                    .name(format!("{name}-reader-{i}"))
                    .spawn(move || work(&mut reader, &queue))?,
            );
        }
        Ok(Pool {
            jobs: Mutex::new(Some(jobs)),
            threads: Mutex::new(threads),
        })
    }

    /// Runs `f` on a reader and waits for its result: `None` when the pool
    /// is saturated or stopping, or when `f` panicked (the reader survives).
    pub(crate) async fn run<T, F>(&self, f: F) -> Option<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Reader) -> T + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |reader: &mut Reader| {
            let _ = reply.send(f(reader));
        });
        {
            let jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
            match jobs.as_ref()?.try_send(job) {
                Ok(()) => {}
                Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => return None,
            }
        }
        answer.await.ok()
    }

    /// Stops taking jobs and waits for the readers to finish theirs.
    pub(crate) fn close(&self) {
        self.jobs.lock().unwrap_or_else(|p| p.into_inner()).take();
        let threads = std::mem::take(&mut *self.threads.lock().unwrap_or_else(|p| p.into_inner()));
        for t in threads {
            let _ = t.join();
        }
    }
}

fn work(reader: &mut Reader, queue: &Mutex<Receiver<Job>>) {
    loop {
        let job = match queue.lock() {
            Ok(rx) => rx.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(job) = job else {
            return;
        };
        // A panic drops the job's reply channel: the caller answers with a
        // failure and this reader goes on with the next job.
        if std::panic::catch_unwind(AssertUnwindSafe(|| job(reader))).is_err() {
            note!("ptreg: a request caused a panic; answered as a failure");
        }
    }
}

/// What stops a server: the first SIGTERM or SIGINT asks for a clean stop
/// (this returns); a second one while stopping exits at once. SIGHUP (a
/// closed terminal, or an operator's "reload") is noted and ignored: the
/// policy is followed without it.
pub(crate) struct Signals {
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    pub(crate) fn install() -> Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            term: signal(SignalKind::terminate())?,
            int: signal(SignalKind::interrupt())?,
            hup: signal(SignalKind::hangup())?,
        })
    }

    /// Waits for SIGTERM or SIGINT.
    pub(crate) async fn stop(&mut self, name: &str) {
        loop {
            tokio::select! {
                _ = self.term.recv() => return,
                _ = self.int.recv() => return,
                _ = self.hup.recv() => {
                    note!("ptreg {name}: SIGHUP ignored (the policy is followed without a restart)");
                }
            }
        }
    }
}

/// The async runtime of a server: two worker threads for the two cores a
/// registry host is sized for; SQLite work runs on the reader pool.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("ptreg-net")
        .enable_all()
        .build()?)
}
