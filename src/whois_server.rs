//! `ptreg whois serve`: an RFC 3912 WHOIS server.
//!
//! A client connects, sends one query line (ended by CRLF or LF, or by
//! closing its side), and gets back the same text `ptreg whois NAME` prints
//! (`No match for NAME` / `invalid query` for the other answers); then the
//! server closes the connection.
//!
//! How it stays up against hostile clients:
//! - a connection is read by its own short-lived thread, at most
//!   [`MAX_CONNECTIONS`] at once and [`MAX_PER_ADDRESS`] from one source
//!   address (more are closed at once), with a total read
//!   deadline of [`READ_DEADLINE`] and at most [`MAX_QUERY_LEN`] bytes kept:
//!   a longer line is answered `invalid query`, a client that never ends its
//!   line is closed without an answer, and bytes that are not a domain name
//!   are answered `invalid query`;
//! - the registry is used by a small fixed pool of [`WORKERS`] threads, each
//!   with its own connection, fed by a channel: they never touch a socket,
//!   so a slow client can never hold one;
//! - each query is one read (the lookup) and one tiny write transaction (the
//!   quota decision and the `whois_query` log line), so a cron job writing
//!   to the same file is never blocked for long;
//! - a panic while answering is caught and answered as a temporary failure.
//!
//! Quota (WHOIS policy 2.5, `rules::whois_quota`): per source IP address
//! (not port), from the policy in force at the time of the query.
//!
//! Time: the server's clock starts at `--now`/`PTREG_NOW` (or the system
//! clock) and advances with real elapsed time, so a pinned start still lets
//! windows and suspensions pass.
//!
//! SIGTERM or SIGINT stops accepting, lets connections in flight finish
//! (bounded by their deadlines), and exits 0; a second signal exits at once.

use std::io::{Read, Write};
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream, ToSocketAddrs};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use chrono::TimeDelta;

use crate::commands::whois::{Answer, answer};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::rules::periods::{Time, fmt_time, truncate};
use crate::rules::whois::MAX_QUERY_LEN;
use crate::rules::whois_quota::{Verdict, decide, window_start};
use crate::store::whois::{Outcome, block, counted_since, log_query, set_block};
use crate::store::{self, Store};

/// A line on stderr for the operator. A closed stderr (a supervisor gone)
/// must not bring the server down, so write errors are ignored.
macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Registry workers: queries are short reads, a few suffice on 2 cores.
const WORKERS: usize = 4;
/// Connections being read or answered at once; more are closed at once.
const MAX_CONNECTIONS: usize = 256;
/// Of those, what one source address may hold: slow clients from one
/// address cannot take every slot and starve everyone else.
const MAX_PER_ADDRESS: usize = 64;
/// The whole time a client has to send its query line.
const READ_DEADLINE: Duration = Duration::from_secs(4);
/// The time allowed to write an answer to a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a connection waits for a worker's answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(15);
/// After answering, unread input is drained briefly (and at most this much)
/// so that closing does not reset the connection before the client reads.
const DRAIN_LIMIT: usize = 2 << 20;
const DRAIN_TIME: Duration = Duration::from_millis(500);

/// How long a worker waits for the registry file when another command
/// writes to it.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The reply when the registry cannot be read.
const FAILURE: &str = "temporary failure, try again later\n";

/// The server clock: the start time plus real elapsed time.
#[derive(Clone, Copy)]
struct Clock {
    start: Time,
    started: Instant,
}

impl Clock {
    fn now(&self) -> Time {
        let elapsed = TimeDelta::from_std(self.started.elapsed()).unwrap_or(TimeDelta::zero());
        truncate(self.start + elapsed)
    }
}

/// One query for a worker, and where to send the reply text.
struct Job {
    address: String,
    line: Vec<u8>,
    reply: SyncSender<String>,
}

/// Runs the server until SIGTERM or SIGINT.
pub(crate) fn serve(listen: &str, ctx: &Ctx) -> Result<()> {
    // Fail early (exit 4) when there is no registry file.
    drop(Store::open(&ctx.db)?);
    let addr = listen
        .to_socket_addrs()
        .map_err(|e| Error::usage(format!("--listen {listen:?}: not an address")).with_cause(e))?
        .next()
        .ok_or_else(|| Error::usage(format!("--listen {listen:?}: not an address")))?;
    let listener = TcpListener::bind(addr)
        .map_err(|e| Error::internal(format!("cannot listen on {addr}")).with_cause(e))?;
    listener.set_nonblocking(true)?;
    let shutdown = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        // The first signal asks for a clean stop; a second one exits at once.
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&shutdown))?;
        signal_hook::flag::register(signal, Arc::clone(&shutdown))?;
    }
    let clock = Clock {
        start: ctx.now,
        started: Instant::now(),
    };
    let (jobs, queue) = mpsc::channel::<Job>();
    let queue = Arc::new(Mutex::new(queue));
    let mut workers = Vec::with_capacity(WORKERS);
    for i in 0..WORKERS {
        let store = Store::open(&ctx.db)?;
        // A long write by another command must not hold a worker for the
        // default 30 s: past this the query is answered as a failure.
        store.conn().busy_timeout(BUSY_TIMEOUT)?;
        // A query's log line is not worth an fsync: after a power cut the
        // last few lines may be missing, never a registry change.
        store.conn().pragma_update(None, "synchronous", "NORMAL")?;
        let queue = Arc::clone(&queue);
        workers.push(
            std::thread::Builder::new()
                .name(format!("whois-worker-{i}"))
                .spawn(move || work(store, &queue, clock))?,
        );
    }
    note!("ptreg whois: listening on {}", listener.local_addr()?);
    let active = Arc::new(AtomicUsize::new(0));
    accept_until(&listener, &shutdown, &active, &jobs);
    note!("ptreg whois: stopping");
    drop(jobs);
    // Connections in flight end within their deadlines; wait for them, boundedly.
    let until = Instant::now() + READ_DEADLINE + WRITE_TIMEOUT + DRAIN_TIME;
    while active.load(Ordering::SeqCst) > 0 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    if active.load(Ordering::SeqCst) == 0 {
        for w in workers {
            let _ = w.join();
        }
    }
    Ok(())
}

/// Accepts connections until asked to stop, one reading thread each.
fn accept_until(
    listener: &TcpListener,
    shutdown: &AtomicBool,
    active: &Arc<AtomicUsize>,
    jobs: &Sender<Job>,
) {
    let per_address = PerAddress::default();
    let per_address = &per_address;
    while !shutdown.load(Ordering::SeqCst) {
        let (stream, peer) = match listener.accept() {
            Ok(conn) => conn,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            Err(e) => {
                // Out of descriptors and the like: wait, do not spin.
                note!("ptreg whois: accept failed: {e}");
                std::thread::sleep(Duration::from_millis(200));
                continue;
            }
        };
        let ip = peer.ip().to_canonical();
        let Some(guard) = ActiveGuard::take(active, per_address, ip) else {
            drop(stream);
            continue;
        };
        let jobs = jobs.clone();
        let address = canonical(peer.ip());
        let spawned = std::thread::Builder::new()
            .name("whois-conn".into())
            .stack_size(128 * 1024)
            .spawn(move || {
                let _guard = guard;
                connection(stream, address, &jobs);
            });
        if let Err(e) = spawned {
            note!("ptreg whois: cannot start a connection thread: {e}");
        }
    }
}

/// Connections in flight per source address.
type PerAddress = Arc<Mutex<std::collections::HashMap<IpAddr, usize>>>;

/// Counts a connection in flight, in all and for its address, until dropped.
struct ActiveGuard {
    active: Arc<AtomicUsize>,
    per_address: PerAddress,
    ip: IpAddr,
}

impl ActiveGuard {
    /// A slot for a connection from `ip`, or `None` when the server or that
    /// address has as many as it may.
    fn take(active: &Arc<AtomicUsize>, per_address: &PerAddress, ip: IpAddr) -> Option<Self> {
        let mut per = per_address.lock().unwrap_or_else(|p| p.into_inner());
        let mine = per.entry(ip).or_insert(0);
        if *mine >= MAX_PER_ADDRESS || active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            if *mine == 0 {
                per.remove(&ip);
            }
            return None;
        }
        *mine += 1;
        active.fetch_add(1, Ordering::SeqCst);
        Some(ActiveGuard {
            active: Arc::clone(active),
            per_address: Arc::clone(per_address),
            ip,
        })
    }
}

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        let mut per = self.per_address.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = per.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                per.remove(&self.ip);
            }
        }
        self.active.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The quota key of a peer: its IP address, IPv4-mapped IPv6 as IPv4.
fn canonical(ip: IpAddr) -> String {
    ip.to_canonical().to_string()
}

/// Serves one connection: read the line, have a worker answer it, reply,
/// close. Every step is bounded in time.
fn connection(mut stream: TcpStream, address: String, jobs: &Sender<Job>) {
    if stream.set_nonblocking(false).is_err() {
        return;
    }
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Some(line) = read_query(&mut stream) else {
        return;
    };
    let (reply, answer) = mpsc::sync_channel(1);
    let job = Job {
        address,
        line,
        reply,
    };
    if jobs.send(job).is_err() {
        return;
    }
    let text = answer
        .recv_timeout(ANSWER_TIMEOUT)
        .unwrap_or_else(|_| FAILURE.to_string());
    if stream.write_all(text.as_bytes()).is_err() {
        return;
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    drain(&mut stream);
}

/// Reads one query line within [`READ_DEADLINE`]: `None` when the client
/// sends nothing usable in time. A line longer than [`MAX_QUERY_LEN`] is
/// returned cut just past the limit (so it is answered `invalid query`).
fn read_query(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let deadline = Instant::now() + READ_DEADLINE;
    let mut line = Vec::with_capacity(64);
    let mut chunk = [0u8; 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return None;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return (!line.is_empty()).then_some(line),
            Ok(n) => {
                line.extend_from_slice(&chunk[..n]);
                if let Some(end) = line.iter().position(|&b| b == b'\n') {
                    line.truncate(end);
                    if line.last() == Some(&b'\r') {
                        line.pop();
                    }
                    line.truncate(MAX_QUERY_LEN + 1);
                    return Some(line);
                }
                if line.len() > MAX_QUERY_LEN {
                    line.truncate(MAX_QUERY_LEN + 1);
                    return Some(line);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// Reads and discards what the client still sends, briefly and boundedly.
fn drain(stream: &mut TcpStream) {
    let deadline = Instant::now() + DRAIN_TIME;
    let mut chunk = [0u8; 8192];
    let mut total = 0;
    while total < DRAIN_LIMIT {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => total += n,
        }
    }
}

/// A worker: answers jobs until the channel closes.
fn work(mut store: Store, queue: &Mutex<Receiver<Job>>, clock: Clock) {
    loop {
        let job = match queue.lock() {
            Ok(rx) => rx.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(job) = job else {
            return;
        };
        let now = clock.now();
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            respond(&mut store, now, &job.address, &job.line)
        }));
        let text = match result {
            Ok(Ok(text)) => text,
            Ok(Err(e)) => {
                note!("ptreg whois: {}", e.human());
                let _ = log_failure(&mut store, now, &job);
                FAILURE.to_string()
            }
            Err(_) => {
                note!("ptreg whois: a query caused a panic; answered as a failure");
                FAILURE.to_string()
            }
        };
        let _ = job.reply.send(text);
    }
}

/// The reply to one query from `address`: the lookup (a read), then the
/// quota decision and the log line (one short write transaction).
fn respond(store: &mut Store, now: Time, address: &str, line: &[u8]) -> Result<String> {
    let found = {
        let tx = store.read()?;
        answer(&tx, line, now)?
    };
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, now)?.policy.whois;
    let prior = block(&tx, address)?;
    let counted = counted_since(&tx, address, window_start(now, prior.as_ref(), &policy))?;
    let (outcome, text) = match decide(now, counted, prior.as_ref(), &policy) {
        Verdict::Answer => {
            let outcome = match &found {
                Answer::Found(_) => Outcome::Answered,
                Answer::NoMatch(_) => Outcome::NoMatch,
                Answer::Invalid => Outcome::Invalid,
            };
            (outcome, found.text())
        }
        Verdict::Suspend(b) => {
            set_block(&tx, address, &b)?;
            (Outcome::Suspended, suspended_text(b.until))
        }
        Verdict::Suspended { until } => (Outcome::Suspended, suspended_text(until)),
    };
    log_query(&tx, now, address, &logged(line), outcome)?;
    tx.commit()?;
    Ok(text)
}

fn log_failure(store: &mut Store, now: Time, job: &Job) -> Result<()> {
    let tx = store.write()?;
    log_query(&tx, now, &job.address, &logged(&job.line), Outcome::Failed)?;
    tx.commit()?;
    Ok(())
}

/// The query as logged: lossy text, at most the query length limit.
fn logged(line: &[u8]) -> String {
    String::from_utf8_lossy(&line[..line.len().min(MAX_QUERY_LEN)]).into_owned()
}

fn suspended_text(until: Time) -> String {
    format!(
        "query limit exceeded: this address is suspended until {} (WHOIS policy 2.5)\n",
        fmt_time(until)
    )
}
