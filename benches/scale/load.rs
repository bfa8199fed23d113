//! Load clients for the servers (the targets of BENCHMARKS.md), on loopback and bounded in time:
//!
//! - WHOIS (RFC 3912): `clients` threads, each a loop of one query per
//!   connection (the server closes after its answer), for `window`.
//! - RDAP (RFC 7480): `clients` keep-alive HTTP/1.1 connections (hyper),
//!   each a loop of `GET /domain/NAME`, for `window`; latencies kept for the
//!   percentiles.
//! - EPP (RFC 5734): one TLS session (rustls), logged in as a registrar,
//!   then `domain:check`, `domain:info` and `domain:create` one at a time,
//!   each waiting for its answer as a registrar's client does.
//!
//! A read fails when it gets no answer, or not the answer of a registered
//! name (WHOIS without its `Domain:` line, RDAP not 200, EPP not 1000).
//! [`WriteLock`] holds the registry's write lock meanwhile, as a sweep or an
//! import does, to show that reads never wait for a writer.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// What a load run measured.
#[derive(Debug, Default)]
pub struct Load {
    /// Requests answered as expected.
    pub ok: u64,
    /// Requests that got no answer or the wrong one.
    pub failed: u64,
    /// The measured window.
    pub wall: Duration,
    /// Latencies of every request (sorted), when kept.
    pub latencies: Vec<Duration>,
}

impl Load {
    pub fn per_second(&self) -> f64 {
        self.ok as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    /// The `p`-th percentile latency (0..=100), if latencies were kept.
    pub fn percentile(&self, p: f64) -> Option<Duration> {
        if self.latencies.is_empty() {
            return None;
        }
        let i = ((self.latencies.len() - 1) as f64 * p / 100.0).round() as usize;
        Some(self.latencies[i.min(self.latencies.len() - 1)])
    }

    fn merge(parts: Vec<Load>, wall: Duration) -> Load {
        let mut all = Load {
            wall,
            ..Load::default()
        };
        for p in parts {
            all.ok += p.ok;
            all.failed += p.failed;
            all.latencies.extend(p.latencies);
        }
        all.latencies.sort_unstable();
        all
    }
}

/// Waits until something accepts connections on `addr` (bounded).
pub fn wait_for(addr: SocketAddr, within: Duration) -> Res<()> {
    let start = Instant::now();
    while start.elapsed() < within {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("nothing listens on {addr} after {within:?}").into())
}

/// A free loopback port (bound, then released for the server to take).
pub fn free_addr() -> Res<SocketAddr> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?)
}

/// `clients` WHOIS clients querying `names` in turn for `window`.
pub fn whois(addr: SocketAddr, names: &[String], clients: usize, window: Duration) -> Load {
    let names = Arc::new(names.to_vec());
    let start = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|k| {
            let names = Arc::clone(&names);
            std::thread::spawn(move || {
                let mut part = Load::default();
                let mut i = k;
                let mut buf = Vec::with_capacity(4096);
                while start.elapsed() < window {
                    let name = &names[i % names.len()];
                    i += clients;
                    let t = Instant::now();
                    buf.clear();
                    let answered = (|| -> std::io::Result<()> {
                        let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
                        s.set_read_timeout(Some(Duration::from_secs(5)))?;
                        s.write_all(format!("{name}\r\n").as_bytes())?;
                        s.read_to_end(&mut buf)?;
                        Ok(())
                    })();
                    part.latencies.push(t.elapsed());
                    match answered {
                        Ok(()) if contains(&buf, b"Domain:") => part.ok += 1,
                        _ => part.failed += 1,
                    }
                }
                part
            })
        })
        .collect();
    let parts = workers.into_iter().filter_map(|w| w.join().ok()).collect();
    Load::merge(parts, start.elapsed())
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `clients` keep-alive RDAP clients, each on one connection, asking for
/// `names` in turn for `window`. A connection the server closed is opened
/// again (and the request counted as failed).
pub fn rdap(addr: SocketAddr, names: &[String], clients: usize, window: Duration) -> Res<Load> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(clients.min(4))
        .enable_all()
        .build()?;
    let names = Arc::new(names.to_vec());
    rt.block_on(async move {
        let start = Instant::now();
        let mut tasks = Vec::new();
        for k in 0..clients {
            let names = Arc::clone(&names);
            tasks.push(tokio::spawn(async move {
                let mut part = Load::default();
                let mut sender = None;
                let mut i = k;
                while start.elapsed() < window {
                    if sender.is_none() {
                        sender = rdap_connect(addr).await.ok();
                        if sender.is_none() {
                            part.failed += 1;
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        }
                    }
                    let name = &names[i % names.len()];
                    i += clients;
                    let t = Instant::now();
                    let ok = match sender.as_mut() {
                        Some(s) => rdap_get(s, addr, name).await,
                        None => Err("no connection".into()),
                    };
                    part.latencies.push(t.elapsed());
                    match ok {
                        Ok(200) => part.ok += 1,
                        Ok(_) => part.failed += 1,
                        Err(_) => {
                            part.failed += 1;
                            sender = None;
                        }
                    }
                }
                part
            }));
        }
        let mut parts = Vec::new();
        for t in tasks {
            if let Ok(p) = t.await {
                parts.push(p);
            }
        }
        Ok(Load::merge(parts, start.elapsed()))
    })
}

type Sender = hyper::client::conn::http1::SendRequest<http_body_util::Empty<bytes::Bytes>>;

async fn rdap_connect(addr: SocketAddr) -> Res<Sender> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let io = hyper_util::rt::TokioIo::new(stream);
    let (sender, conn) = hyper::client::conn::http1::handshake(io).await?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// One GET; returns the status once the whole body is read.
async fn rdap_get(sender: &mut Sender, addr: SocketAddr, name: &str) -> Res<u16> {
    use http_body_util::BodyExt;
    sender.ready().await?;
    let req = hyper::Request::get(format!("/domain/{name}"))
        .header(hyper::header::HOST, addr.to_string())
        .header(hyper::header::ACCEPT, "application/rdap+json")
        .body(http_body_util::Empty::<bytes::Bytes>::new())?;
    let res = tokio::time::timeout(Duration::from_secs(5), sender.send_request(req)).await??;
    let status = res.status().as_u16();
    let body = res.into_body().collect().await?.to_bytes();
    if status == 200 && !contains(&body, b"\"ldhName\"") {
        return Ok(0);
    }
    Ok(status)
}

const EPP_NS: &str = "urn:ietf:params:xml:ns:epp-1.0";
const DOMAIN_NS: &str = "urn:ietf:params:xml:ns:domain-1.0";

/// A verifier that accepts the server's self-signed certificate: the bench
/// talks to its own server on loopback.
#[derive(Debug)]
struct AnyCert(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AnyCert {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &rustls::pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// One logged-in EPP session.
pub struct Session {
    tls: rustls::StreamOwned<rustls::ClientConnection, TcpStream>,
}

impl Session {
    fn open(addr: SocketAddr, registrar: &str, password: &str) -> Res<Session> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCert(provider)))
            .with_no_client_auth();
        let conn = rustls::ClientConnection::new(Arc::new(config), "localhost".try_into()?)?;
        let tcp = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
        tcp.set_read_timeout(Some(Duration::from_secs(60)))?;
        tcp.set_nodelay(true)?;
        let mut s = Session {
            tls: rustls::StreamOwned::new(conn, tcp),
        };
        s.frame()?; // the greeting
        let (code, reply) = s.exchange(&format!(
            "<login><clID>{registrar}</clID><pw>{password}</pw><options><version>1.0</version>\
             <lang>en</lang></options><svcs><objURI>{DOMAIN_NS}</objURI></svcs></login>"
        ))?;
        if code != 1000 {
            let msg = reply
                .split_once("<msg")
                .and_then(|(_, m)| m.split_once('>'))
                .and_then(|(_, m)| m.split_once("</msg>"))
                .map_or("", |(m, _)| m);
            return Err(format!("EPP login as {registrar}: result {code} {msg}").into());
        }
        Ok(s)
    }

    fn frame(&mut self) -> Res<String> {
        let mut len = [0u8; 4];
        self.tls.read_exact(&mut len)?;
        let n = (u32::from_be_bytes(len) as usize)
            .checked_sub(4)
            .ok_or("EPP frame shorter than its header")?;
        let mut body = vec![0u8; n];
        self.tls.read_exact(&mut body)?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    /// Sends one command; returns the result code of its answer.
    fn call(&mut self, inner: &str) -> Res<u32> {
        Ok(self.exchange(inner)?.0)
    }

    /// Sends one command; returns the result code and the answer.
    fn exchange(&mut self, inner: &str) -> Res<(u32, String)> {
        let doc = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><epp xmlns=\"{EPP_NS}\"><command>{inner}\
             <clTRID>bench</clTRID></command></epp>"
        );
        let len = (doc.len() + 4) as u32;
        self.tls.write_all(&len.to_be_bytes())?;
        self.tls.write_all(doc.as_bytes())?;
        self.tls.flush()?;
        let reply = self.frame()?;
        let code = reply
            .split_once("result code=\"")
            .and_then(|(_, rest)| rest.get(..4))
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        Ok((code, reply))
    }
}

/// Times `count` calls made by `make`, each counted ok on result 1000.
fn timed(s: &mut Session, count: usize, make: impl Fn(usize) -> String) -> Load {
    let mut part = Load::default();
    let start = Instant::now();
    for i in 0..count {
        let t = Instant::now();
        let ok = s.call(&make(i));
        part.latencies.push(t.elapsed());
        match ok {
            Ok(1000) => part.ok += 1,
            _ => part.failed += 1,
        }
    }
    Load::merge(vec![part], start.elapsed())
}

/// Logs in as `registrar` over a new TLS session.
pub fn epp_login(addr: SocketAddr, registrar: &str, password: &str) -> Res<Session> {
    Session::open(addr, registrar, password)
}

impl Session {
    /// `reads` checks, then `reads` infos, of `names` in turn.
    pub fn reads(&mut self, names: &[String], reads: usize) -> (Load, Load) {
        let pick = |i: usize| &names[i % names.len()];
        let check = timed(self, reads, |i| {
            format!(
                "<check><domain:check xmlns:domain=\"{DOMAIN_NS}\"><domain:name>{}</domain:name>\
                 </domain:check></check>",
                pick(i)
            )
        });
        let info = timed(self, reads, |i| {
            format!(
                "<info><domain:info xmlns:domain=\"{DOMAIN_NS}\"><domain:name>{}</domain:name>\
                 </domain:info></info>",
                pick(i)
            )
        });
        (check, info)
    }

    /// `creates` new names registered to `registrant`, tagged `tag` so runs
    /// do not collide.
    pub fn creates(&mut self, creates: usize, registrant: &str, tag: &str) -> Load {
        timed(self, creates, |i| {
            format!(
                "<create><domain:create xmlns:domain=\"{DOMAIN_NS}\"><domain:name>bench{tag}x{i}.pt\
                 </domain:name><domain:registrant>{registrant}</domain:registrant>\
                 <domain:authInfo><domain:pw>bench-code-{i}</domain:pw></domain:authInfo>\
                 </domain:create></create>"
            )
        })
    }

    pub fn logout(mut self) {
        let _ = self.call("<logout/>");
    }
}

/// Holds the registry's write lock (`BEGIN IMMEDIATE`, with uncommitted
/// writes to 1 % of the domain rows, as a sweep makes) until dropped, then
/// rolls back: nothing changes.
pub struct WriteLock {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl WriteLock {
    pub fn take(db: &Path) -> Res<WriteLock> {
        let stop = Arc::new(AtomicBool::new(false));
        let (held_tx, held_rx) = std::sync::mpsc::channel();
        let db = db.to_path_buf();
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let hold = || -> rusqlite::Result<rusqlite::Connection> {
                let conn = rusqlite::Connection::open(&db)?;
                conn.busy_timeout(Duration::from_secs(30))?;
                conn.execute_batch(
                    "BEGIN IMMEDIATE;
                     UPDATE domain SET state_since = state_since WHERE id % 100 = 0;",
                )?;
                Ok(conn)
            };
            match hold() {
                Ok(conn) => {
                    let _ = held_tx.send(Ok(()));
                    while !flag.load(Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    let _ = conn.execute_batch("ROLLBACK");
                }
                Err(e) => {
                    let _ = held_tx.send(Err(e.to_string()));
                }
            }
        });
        match held_rx.recv() {
            Ok(Ok(())) => Ok(WriteLock {
                stop,
                thread: Some(thread),
            }),
            Ok(Err(e)) => Err(format!("taking the write lock: {e}").into()),
            Err(e) => Err(format!("taking the write lock: {e}").into()),
        }
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
