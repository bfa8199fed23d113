//! `ptreg whois serve`: an RFC 3912 WHOIS server.
//!
//! A client connects, sends one query line (ended by CRLF or LF, or by
//! closing its side), and gets back the text `ptreg whois NAME` prints;
//! then the server closes the connection. [`answer`] is the function from
//! query to answer that the server and the command share; [`respond`] adds
//! the quota and the query log around it.
//!
//! How it stays up against hostile clients:
//! - connections are held within a budget (`directory::budget`): at most
//!   [`MAX_CONNECTIONS`] at once and [`MAX_PER_SOURCE`] per source, and
//!   when full, a newcomer takes the place of the oldest connection still
//!   sending its query of the source holding the most; so slow clients,
//!   however many, push out only each other and never lock others out;
//! - a client has [`READ_DEADLINE`] in all to send at most
//!   [`MAX_QUERY_LEN`] bytes: a longer line is answered `invalid query`, a
//!   client that never ends its line is closed without an answer, and bytes
//!   that are not a domain name are answered `invalid query`;
//! - the registry is read by a small pool of reader threads
//!   (`directory::Pool`) that never touch a socket, and a read never waits
//!   for a writer: the quota is kept in memory and the query log is written
//!   by its own thread, afterwards (`directory::gate`), so a long sweep or
//!   import holding the write lock delays only the log;
//! - a panic while answering is caught and answered as a temporary failure.
//!
//! Quota (WHOIS policy 2.5, `rules::whois_quota`): per source (an IPv4
//! address, an IPv6 /64), from the policy in force at the time of the
//! query, shared with the RDAP server through the query log.
//!
//! SIGTERM or SIGINT stops accepting, lets connections in flight finish
//! (bounded by their deadlines), writes the pending log lines, and exits 0;
//! a second signal exits at once. SIGHUP is ignored.

use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::error::{Error, Result};
use crate::render;
use crate::rules::periods::{Time, fmt_time};
use crate::rules::policy::Policy;
use crate::rules::whois::{Answer, MAX_QUERY_LEN};
use crate::rules::whois_quota::{Verdict, source_key};
use crate::serve::directory::budget::{Budget, Lease};
use crate::serve::directory::{self, Clock, Gate, Pool, Reader, note, runtime};
use crate::store::Store;
use crate::store::whois::Outcome;

/// Registry readers: queries are short reads, a few suffice on 2 cores.
const WORKERS: usize = 4;
/// Connections held at once.
const MAX_CONNECTIONS: usize = 256;
/// Of those, what one source may hold.
const MAX_PER_SOURCE: usize = 64;
/// The whole time a client has to send its query line.
const READ_DEADLINE: Duration = Duration::from_secs(4);
/// The time allowed to write an answer to a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a connection waits for a reader's answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(15);
/// After answering, unread input is drained briefly (and at most this much)
/// so that closing does not reset the connection before the client reads.
const DRAIN_LIMIT: usize = 2 << 20;
const DRAIN_TIME: Duration = Duration::from_millis(500);

/// The reply when the registry cannot be read.
const FAILURE: &str = "temporary failure, try again later\n";

/// What `whois serve` needs: where to listen, the registry, the start of
/// its clock.
pub(crate) struct Options {
    pub(crate) listen: String,
    pub(crate) db: std::path::PathBuf,
    pub(crate) now: Time,
}

/// The answer to one query line at `now`: the function from request to
/// response that the server and `ptreg whois NAME` share.
pub(crate) fn answer(
    conn: &rusqlite::Connection,
    line: &[u8],
    now: Time,
    policy: &Policy,
) -> Result<Answer> {
    crate::store::whois::answer(conn, line, now, policy)
}

/// The server's reply to one query line from `source`: the quota, then the
/// answer, and the query logged (afterwards, without waiting for the file).
pub(crate) fn respond(reader: &mut Reader, source: &str, line: &[u8]) -> String {
    let now = reader.clock.now();
    let replied = (|| -> Result<(Outcome, String)> {
        let policy = reader.policy(now)?;
        let verdict = reader
            .gate
            .admit(reader.store.conn(), source, now, &policy.whois)?;
        Ok(match verdict {
            Verdict::Answer => {
                let tx = reader.store.read()?;
                let found = answer(&tx, line, now, &policy)?;
                (outcome(&found), render::whois::answer(&found, now))
            }
            Verdict::Suspend(b) => (Outcome::Suspended, suspended_text(b.until)),
            Verdict::Suspended { until } => (Outcome::Suspended, suspended_text(until)),
        })
    })();
    let (outcome, text) = replied.unwrap_or_else(|e| {
        note!("ptreg whois: {}", e.human());
        (Outcome::Failed, FAILURE.to_string())
    });
    reader.gate.log(now, source, line, outcome);
    text
}

/// How an answer is logged.
fn outcome(a: &Answer) -> Outcome {
    match a {
        Answer::Found(_) => Outcome::Answered,
        Answer::NoMatch(_) => Outcome::NoMatch,
        Answer::Invalid => Outcome::Invalid,
    }
}

fn suspended_text(until: Time) -> String {
    format!(
        "query limit exceeded: this address is suspended until {} (WHOIS policy 2.5)\n",
        fmt_time(until)
    )
}

/// Runs the server until SIGTERM or SIGINT.
pub(crate) fn serve(options: &Options) -> Result<()> {
    let listen = &options.listen;
    // Fail early (exit 4) when there is no registry file.
    let log_days = {
        let store = Store::open(&options.db)?;
        crate::store::policy::in_force(store.conn(), options.now)?
            .policy
            .whois
            .log_days
    };
    let addr = listen
        .to_socket_addrs()
        .map_err(|e| Error::usage(format!("--listen {listen:?}: not an address")).with_cause(e))?
        .next()
        .ok_or_else(|| Error::usage(format!("--listen {listen:?}: not an address")))?;
    let clock = Clock::starting_at(options.now);
    let gate = Gate::start(&options.db, clock, log_days)?;
    let pool = Arc::new(Pool::open(&options.db, WORKERS, &gate, clock, "whois")?);
    let served = runtime()?.block_on(accept_until_stopped(addr, Arc::clone(&pool)));
    pool.close();
    gate.close();
    served
}

/// Accepts connections until SIGTERM or SIGINT, then lets those in flight
/// finish within their deadlines.
async fn accept_until_stopped(addr: SocketAddr, pool: Arc<Pool>) -> Result<()> {
    let budget = Budget::new(MAX_CONNECTIONS, MAX_PER_SOURCE);
    let drain = READ_DEADLINE + ANSWER_TIMEOUT + WRITE_TIMEOUT + DRAIN_TIME;
    directory::accept_until_stopped(addr, "whois", budget, drain, |stream, peer, budget| {
        let source = source_key(peer.ip());
        let lease = budget.admit(&source)?;
        Some(connection(stream, source, lease, Arc::clone(&pool)))
    })
    .await
}

/// Serves one connection: read the line, have a reader answer it, reply,
/// close. Every step is bounded in time, and the wait for the query ends
/// when the budget needs the place.
async fn connection(mut stream: TcpStream, source: String, lease: Lease, pool: Arc<Pool>) {
    let line = tokio::select! {
        () = lease.evicted() => return,
        read = tokio::time::timeout(READ_DEADLINE, read_query(&mut stream)) => match read {
            Ok(Some(line)) => line,
            _ => return,
        },
    };
    lease.busy(true);
    let asked = pool.run(move |reader| respond(reader, &source, &line));
    let text = match tokio::time::timeout(ANSWER_TIMEOUT, asked).await {
        Ok(Some(text)) => text,
        _ => FAILURE.to_string(),
    };
    lease.busy(false);
    let written = tokio::time::timeout(WRITE_TIMEOUT, async {
        stream.write_all(text.as_bytes()).await?;
        stream.flush().await?;
        stream.shutdown().await
    })
    .await;
    if matches!(written, Ok(Ok(()))) {
        tokio::select! {
            () = lease.evicted() => {}
            () = drain(&mut stream) => {}
        }
    }
}

/// Reads one query line: `None` when the client sends nothing usable. A
/// line longer than [`MAX_QUERY_LEN`] is returned cut just past the limit
/// (so it is answered `invalid query`).
async fn read_query(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut line = Vec::with_capacity(64);
    let mut chunk = [0u8; 1024];
    loop {
        match stream.read(&mut chunk).await {
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
async fn drain(stream: &mut TcpStream) {
    let mut chunk = [0u8; 8192];
    let mut total = 0;
    let _ = tokio::time::timeout(DRAIN_TIME, async {
        while total < DRAIN_LIMIT {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => total += n,
            }
        }
    })
    .await;
}
