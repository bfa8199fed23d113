//! `ptreg rdap serve`: the RDAP directory over HTTP/1.1 (RFC 7480).
//!
//! [`answer::respond`] maps a request path to a status and an RDAP body;
//! `ptreg rdap get` calls it without a server. Around it, hyper on tokio
//! does the HTTP: keep-alive, `GET` and `HEAD` (hyper sends no body for
//! `HEAD`, the headers are the same), `Access-Control-Allow-Origin: *` and
//! `application/rdap+json` on every answer, bounded request heads
//! ([`MAX_HEAD`] bytes, [`MAX_HEADERS`] fields, [`HEAD_TIMEOUT`] to send
//! one, idle keep-alive connections included), no request bodies.
//!
//! Shared with `whois serve` (`directory`): the reader pool (a read never
//! waits for a writer), the policy followed without a restart, the quota
//! per source (429 with `Retry-After`, counted together with port 43
//! through the query log) and the connection budget, in which a newcomer
//! takes the place of the oldest idle connection of the busiest source.
//!
//! Behind a reverse proxy, `--trusted-proxy` names the proxies whose
//! `X-Forwarded-For` gives the client's address (the last one there, the
//! one the proxy added), and `--base-url` the public URL for links.

pub(crate) mod answer;
mod objects;

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};

use crate::error::{Error, Result};
use crate::rules::periods::Time;
use crate::rules::whois_quota::{Verdict, source_key};
use crate::serve::directory::budget::Budget;
use crate::serve::directory::{self, Clock, Gate, Pool, Reader, note, runtime};
use crate::store::Store;

use answer::{Request, Response};

/// Registry readers.
const WORKERS: usize = 4;
/// Connections held at once, and by one source (a trusted proxy may hold
/// them all).
const MAX_CONNECTIONS: usize = 1024;
const MAX_PER_SOURCE: usize = 128;
/// The largest request head (request line and headers), and its fields.
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// The time to send a request head, and to wait idle between requests.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request waits for a reader's answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(15);
/// After SIGTERM, how long connections in flight may take to finish.
const DRAIN: Duration = Duration::from_secs(5);

const CONTENT_TYPE: &str = "application/rdap+json";

/// What `rdap serve` needs.
pub(crate) struct Options {
    pub(crate) listen: String,
    pub(crate) db: std::path::PathBuf,
    pub(crate) now: Time,
    pub(crate) base_url: Option<String>,
    pub(crate) trusted_proxies: Vec<IpAddr>,
}

/// What every connection shares.
struct Shared {
    pool: Pool,
    base_url: Option<String>,
    trusted: Vec<IpAddr>,
}

/// Runs the server until SIGTERM or SIGINT.
pub(crate) fn serve(options: Options) -> Result<()> {
    let listen = &options.listen;
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
    if let Some(url) = &options.base_url
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        return Err(Error::usage(format!(
            "--base-url {url:?}: give an http:// or https:// URL"
        )));
    }
    let clock = Clock::starting_at(options.now);
    let gate = Gate::start(&options.db, clock, log_days)?;
    let shared = Arc::new(Shared {
        pool: Pool::open(&options.db, WORKERS, &gate, clock, "rdap")?,
        base_url: options
            .base_url
            .map(|u| u.trim_end_matches('/').to_string()),
        trusted: options.trusted_proxies,
    });
    let served = runtime()?.block_on(accept_until_stopped(addr, Arc::clone(&shared)));
    shared.pool.close();
    gate.close();
    served
}

async fn accept_until_stopped(addr: SocketAddr, shared: Arc<Shared>) -> Result<()> {
    let budget = Budget::new(MAX_CONNECTIONS, MAX_PER_SOURCE);
    directory::accept_until_stopped(addr, "rdap", budget, DRAIN, |stream, peer, budget| {
        let ip = peer.ip().to_canonical();
        // A trusted proxy carries many clients: it may take every place.
        let lease = if shared.trusted.contains(&ip) {
            budget.admit_with_cap(&format!("proxy {ip}"), MAX_CONNECTIONS)
        } else {
            budget.admit(&source_key(ip))
        }?;
        let _ = stream.set_nodelay(true);
        Some(connection(stream, ip, lease, Arc::clone(&shared)))
    })
    .await
}

/// One HTTP connection: requests until the client closes, an idle or slow
/// head times out, or the budget needs the place (only while idle).
async fn connection(
    stream: tokio::net::TcpStream,
    peer: IpAddr,
    lease: crate::serve::directory::budget::Lease,
    shared: Arc<Shared>,
) {
    let lease = Arc::new(lease);
    let service = {
        let lease = Arc::clone(&lease);
        hyper::service::service_fn(move |req| {
            let (shared, lease) = (Arc::clone(&shared), Arc::clone(&lease));
            async move {
                lease.busy(true);
                let response = handle(req, peer, &shared).await;
                lease.busy(false);
                Ok::<_, Infallible>(response)
            }
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .max_headers(MAX_HEADERS)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = conn => {}
        () = lease.evicted() => {}
    }
}

/// One request: method and body checks, the client's address, then the
/// answer from a reader.
async fn handle(
    req: hyper::Request<Incoming>,
    peer: IpAddr,
    shared: &Shared,
) -> hyper::Response<Full<Bytes>> {
    match *req.method() {
        Method::GET | Method::HEAD => {}
        Method::OPTIONS => return preflight(),
        _ => {
            let mut r = http(Response::error(405, "only GET and HEAD are answered"), None);
            r.headers_mut().insert(
                header::ALLOW,
                HeaderValue::from_static("GET, HEAD, OPTIONS"),
            );
            return r;
        }
    }
    let has_body = req.headers().contains_key(header::TRANSFER_ENCODING)
        || req
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    if has_body {
        let mut r = http(Response::error(400, "a lookup carries no body"), None);
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return r;
    }
    let client = client_address(&req, peer, &shared.trusted);
    let source = source_key(client);
    let base = match &shared.base_url {
        Some(url) => url.clone(),
        None => format!("http://{}", host(&req)),
    };
    let path = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let asked = shared
        .pool
        .run(move |reader| respond(reader, &source, &path, &base));
    match tokio::time::timeout(ANSWER_TIMEOUT, asked).await {
        Ok(Some((response, retry_after))) => http(response, retry_after),
        _ => http(
            Response::error(503, "the server is busy; try again later"),
            Some(1),
        ),
    }
}

/// The answer to one request from `source`, within the quota, logged
/// afterwards. With a 429, the seconds until the suspension ends.
fn respond(reader: &mut Reader, source: &str, path: &str, base: &str) -> (Response, Option<u64>) {
    let now = reader.clock.now();
    let decided = (|| -> Result<(Response, Option<u64>)> {
        let policy = reader.policy(now)?;
        let verdict = reader
            .gate
            .admit(reader.store.conn(), source, now, &policy.whois)?;
        let until = match verdict {
            Verdict::Answer => {
                let tx = reader.store.read()?;
                let request = Request {
                    path,
                    base_url: base,
                };
                return Ok((answer::respond(&tx, now, &policy, &request), None));
            }
            Verdict::Suspend(b) => b.until,
            Verdict::Suspended { until } => until,
        };
        let seconds = (until - now).num_seconds().max(1).unsigned_abs();
        let text = format!(
            "query limit exceeded: this address is suspended until {} (WHOIS policy 2.5)",
            crate::rules::periods::fmt_time(until)
        );
        Ok((Response::error(429, &text), Some(seconds)))
    })();
    let (response, retry) = decided.unwrap_or_else(|e| {
        note!("ptreg rdap: {}", e.human());
        (
            Response::error(500, "the registry could not be read; try again later"),
            Some(1),
        )
    });
    reader
        .gate
        .log(now, source, path.as_bytes(), response.outcome);
    (response, retry)
}

/// The HTTP response of an answer.
fn http(response: Response, retry_after: Option<u64>) -> hyper::Response<Full<Bytes>> {
    let body = serde_json::to_vec(&response.body).unwrap_or_default();
    let mut r = hyper::Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = StatusCode::from_u16(response.status).unwrap_or(StatusCode::OK);
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    if let Some(seconds) = retry_after {
        h.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    r
}

/// The answer to a CORS preflight.
fn preflight() -> hyper::Response<Full<Bytes>> {
    let mut r = hyper::Response::new(Full::new(Bytes::new()));
    *r.status_mut() = StatusCode::NO_CONTENT;
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    r
}

/// The client: the peer, or for a trusted proxy the last address of its
/// `X-Forwarded-For` (the one it added itself).
fn client_address(req: &hyper::Request<Incoming>, peer: IpAddr, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    // Only the last entry: the ones before it are whatever the client sent.
    req.headers()
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|a| a.trim().parse::<IpAddr>().ok())
        .map_or(peer, |ip| ip.to_canonical())
}

/// The request's Host, when it is a plain host[:port]; else `localhost`.
fn host(req: &hyper::Request<Incoming>) -> String {
    let given = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let plain = !given.is_empty()
        && given.len() <= 255
        && given
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    if plain {
        given.to_string()
    } else {
        "localhost".to_string()
    }
}
