//! `ptreg epp serve`: EPP over TLS (RFC 5734), one thread per session.
//!
//! Why threads and not an async runtime: an EPP session is a long-lived,
//! strictly sequential exchange (one command, one answer), registrars hold
//! a handful of sessions each, and every command ends in SQLite, which is
//! blocking and has one writer. A thread per session with its own registry
//! connection keeps each command one plain `BEGIN IMMEDIATE` transaction,
//! and the limits below bound the threads. A runtime would add a second
//! way of doing I/O for no gain at this scale.
//!
//! How it stays up against hostile clients:
//! - at most [`MAX_SESSIONS`] sessions, [`MAX_PER_ADDRESS`] from one source
//!   address (more are closed at once, before TLS);
//! - the TLS handshake must finish within [`HANDSHAKE_TIMEOUT`];
//! - a frame (4-byte big-endian length counting itself, then the XML) must
//!   arrive whole within the read timeout (`--read-timeout`, 30 s) of its
//!   first byte; a length under
//!   5 or over [`MAX_FRAME`] is answered 2001 and the connection closed
//!   without reading the rest (the stream cannot be trusted after it);
//! - a session idle for the idle timeout (`--idle-timeout`, 600 s) is
//!   closed;
//! - failed logins slow their address down (`credentials::failure_delay`);
//! - a panic while answering is caught and answered 2400, the cause logged.
//!
//! Client certificates are requested, not required, and not checked
//! against any authority: like Nomulus, the registry pins each
//! registrar's certificates by SHA-256 (checked at login), so a self-signed
//! certificate is as good as any. The client still proves it holds the
//! certificate's key in the handshake.

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{
    DigitallySignedStruct, DistinguishedName, ServerConfig, ServerConnection, SignatureScheme,
    StreamOwned,
};

use super::frame::{MAX_FRAME, Stop, Timeouts, read_frame, send};
use super::login_log::{self, LoginLog};
use super::response::{Code, Response};
use super::{After, Session};
use crate::context::Ctx;
use crate::credentials;
use crate::error::{Error, Result};
use crate::rules::periods::{Time, truncate};
use crate::store::Store;

macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Sessions at once; more are closed at once.
pub(crate) const MAX_SESSIONS: usize = 64;
/// Of those, what one source address may hold.
pub(crate) const MAX_PER_ADDRESS: usize = 8;
/// The time to finish the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// The time to write an answer to a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

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

/// Accepts any client certificate (pinning happens at login) but checks
/// the handshake signatures, so a client must hold the certificate's key.
#[derive(Debug)]
struct PinnedLater {
    schemes: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl ClientCertVerifier for PinnedLater {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> std::result::Result<ClientCertVerified, rustls::Error> {
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.schemes)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.schemes)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.supported_schemes()
    }
}

/// The TLS configuration from PEM files: TLS 1.2 and 1.3 only.
fn tls_config(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(|it| it.collect::<std::result::Result<_, _>>())
        .map_err(|e| Error::usage(format!("--cert {}: {e}", cert.display())))?;
    if certs.is_empty() {
        return Err(Error::usage(format!(
            "--cert {}: no certificate in the file",
            cert.display()
        )));
    }
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| Error::usage(format!("--key {}: {e}", key.display())))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Arc::new(PinnedLater {
        schemes: provider.signature_verification_algorithms,
    });
    let config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| Error::internal(format!("TLS: {e}")))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(certs, key)
        .map_err(|e| Error::usage(format!("--cert/--key: {e}")))?;
    Ok(Arc::new(config))
}

/// Consecutive failed logins per address, and when the last one was.
type Failures = Arc<Mutex<HashMap<IpAddr, (u32, Instant)>>>;
/// Sessions in flight per source address.
type PerAddress = Arc<Mutex<HashMap<IpAddr, usize>>>;

/// What every session thread shares.
#[derive(Clone)]
struct Shared {
    db: std::path::PathBuf,
    tls: Arc<ServerConfig>,
    clock: Clock,
    shutdown: Arc<AtomicBool>,
    failures: Failures,
    timeouts: Timeouts,
    login_log: login_log::Sender,
}

/// Runs the server until SIGTERM or SIGINT.
pub(crate) fn serve(
    listen: &str,
    cert: &Path,
    key: &Path,
    timeouts: Timeouts,
    ctx: &Ctx,
) -> Result<()> {
    drop(Store::open(&ctx.db)?);
    let tls = tls_config(cert, key)?;
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
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&shutdown))?;
        signal_hook::flag::register(signal, Arc::clone(&shutdown))?;
    }
    let log = LoginLog::start(&ctx.db, Arc::clone(&shutdown))?;
    let shared = Shared {
        db: ctx.db.clone(),
        tls,
        clock: Clock {
            start: ctx.now,
            started: Instant::now(),
        },
        shutdown: Arc::clone(&shutdown),
        failures: Arc::default(),
        timeouts,
        login_log: log.sender(),
    };
    note!("ptreg epp: listening on {}", listener.local_addr()?);
    let active = Arc::new(AtomicUsize::new(0));
    let per_address = PerAddress::default();
    while !shutdown.load(Ordering::SeqCst) {
        let (stream, peer) = match listener.accept() {
            Ok(conn) => conn,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            Err(e) => {
                note!("ptreg epp: accept failed: {e}");
                std::thread::sleep(Duration::from_millis(200));
                continue;
            }
        };
        let ip = peer.ip().to_canonical();
        let Some(guard) = Guard::take(&active, &per_address, ip) else {
            drop(stream);
            continue;
        };
        let shared = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("epp-session".into())
            .spawn(move || {
                let _guard = guard;
                session(stream, ip, &shared);
            });
        if let Err(e) = spawned {
            note!("ptreg epp: cannot start a session thread: {e}");
        }
    }
    note!("ptreg epp: stopping");
    let until = Instant::now() + timeouts.read + WRITE_TIMEOUT;
    while active.load(Ordering::SeqCst) > 0 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    // The logins journaled later are written before the server ends.
    drop(shared);
    log.close();
    Ok(())
}

/// Counts a session, in all and for its address, until dropped.
struct Guard {
    active: Arc<AtomicUsize>,
    per_address: PerAddress,
    ip: IpAddr,
}

impl Guard {
    fn take(active: &Arc<AtomicUsize>, per_address: &PerAddress, ip: IpAddr) -> Option<Self> {
        let mut per = per_address.lock().unwrap_or_else(|p| p.into_inner());
        let mine = per.entry(ip).or_insert(0);
        if *mine >= MAX_PER_ADDRESS || active.load(Ordering::SeqCst) >= MAX_SESSIONS {
            if *mine == 0 {
                per.remove(&ip);
            }
            return None;
        }
        *mine += 1;
        active.fetch_add(1, Ordering::SeqCst);
        Some(Guard {
            active: Arc::clone(active),
            per_address: Arc::clone(per_address),
            ip,
        })
    }
}

impl Drop for Guard {
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

/// Serves one session until logout, a timeout, a bad frame or shutdown.
fn session(stream: TcpStream, ip: IpAddr, shared: &Shared) {
    if stream.set_nonblocking(false).is_err() {
        return;
    }
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_read_timeout(Some(HANDSHAKE_TIMEOUT));
    let Ok(conn) = ServerConnection::new(Arc::clone(&shared.tls)) else {
        return;
    };
    let mut tls = StreamOwned::new(conn, stream);
    let deadline = Instant::now() + HANDSHAKE_TIMEOUT;
    while tls.conn.is_handshaking() {
        if Instant::now() > deadline || tls.conn.complete_io(&mut tls.sock).is_err() {
            return;
        }
    }
    let mut store = match Store::open(&shared.db) {
        Ok(s) => s,
        Err(e) => {
            note!("ptreg epp: cannot open the registry: {}", e.human());
            let _ = send(
                &mut tls,
                &Response::new(Code::FailedClosing).render(None, "PTREG-0"),
            );
            return;
        }
    };
    let mut sess = Session {
        registrar: None,
        address: Some(ip),
        cert: tls
            .conn
            .peer_certificates()
            .and_then(|c| c.first())
            .map(|c| credentials::fingerprint(c.as_ref())),
        login_log: Some(shared.login_log.clone()),
    };
    if send(&mut tls, &super::response::greeting(shared.clock.now())).is_err() {
        return;
    }
    loop {
        let frame = match read_frame(&mut tls, shared.timeouts, &shared.shutdown) {
            Ok(f) => f,
            Err(Stop::Quiet) => break,
            Err(Stop::BadLength(n)) => {
                let r = Response::fail(
                    Code::Syntax,
                    format!("a frame length of {n} bytes is outside 5 to {MAX_FRAME}; closing"),
                );
                let _ = send(&mut tls, &r.render(None, "PTREG-FRAME"));
                break;
            }
        };
        let now = shared.clock.now();
        let answered =
            std::panic::catch_unwind(AssertUnwindSafe(|| sess.handle(&mut store, &frame, now)));
        let reply = match answered {
            Ok(r) => r,
            Err(_) => {
                note!("ptreg epp: a command from {ip} panicked; answered 2400");
                super::Reply {
                    xml: Response::new(Code::Failed).render(None, "PTREG-PANIC"),
                    after: After::Continue,
                }
            }
        };
        match reply.after {
            After::LoginFailed => {
                let delay = {
                    let mut f = shared.failures.lock().unwrap_or_else(|p| p.into_inner());
                    if f.len() > 10_000 {
                        f.retain(|_, (_, at)| at.elapsed() < Duration::from_secs(3600));
                    }
                    let e = f.entry(ip).or_insert((0, Instant::now()));
                    e.0 = e.0.saturating_add(1);
                    e.1 = Instant::now();
                    credentials::failure_delay(e.0)
                };
                std::thread::sleep(delay);
            }
            After::LoginOk => {
                shared
                    .failures
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&ip);
            }
            _ => {}
        }
        if send(&mut tls, &reply.xml).is_err() || reply.after == After::Close {
            break;
        }
    }
    tls.conn.send_close_notify();
    let _ = tls.conn.complete_io(&mut tls.sock);
}
