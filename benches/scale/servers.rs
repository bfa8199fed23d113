//! The directory servers under load, on loopback: `rdap serve` with 8
//! keep-alive clients looking up domains, and `whois serve` with 8 clients
//! (one connection per query, as RFC 3912 has it), each for a few seconds
//! over a sample of the registry's delegated names. On a copy of the
//! registry whose policy raises the per-source quota (every client is
//! 127.0.0.1).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// What one load run measured.
pub struct Load {
    pub rate: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub wrong: usize,
    pub requests: usize,
}

/// Up to `n` delegated names spread over the registry.
pub fn sample_names(db: &Path, n: usize) -> Res<Vec<String>> {
    let conn = Connection::open(db)?;
    let max: i64 = conn.query_row("SELECT max(id) FROM domain", [], |r| r.get(0))?;
    let step = (max / n as i64).max(1);
    let mut stmt = conn.prepare(
        "SELECT name FROM domain WHERE id >= ?1 AND state = 'registered' ORDER BY id LIMIT 1",
    )?;
    let mut names = Vec::new();
    for i in 0..n as i64 {
        if let Ok(name) = stmt.query_row([i * step], |r| r.get::<_, String>(0)) {
            names.push(name);
        }
    }
    names.dedup();
    Ok(names)
}

/// A server child on a free loopback port; killed on drop.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
}

impl Server {
    pub fn start(ptreg: &str, db: &Path, now: &str, args: &[&str]) -> Res<Server> {
        let mut child = Command::new(ptreg)
            .args(args)
            .env("PTREG_DB", db)
            .env("PTREG_NOW", now)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()?;
        let mut line = String::new();
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let mut reader = BufReader::new(stderr);
        reader.read_line(&mut line)?;
        let addr = line
            .trim()
            .rsplit(' ')
            .next()
            .and_then(|a| a.parse().ok())
            .ok_or_else(|| format!("no address in {line:?}"))?;
        std::thread::spawn(move || {
            let mut sink = String::new();
            while reader.read_line(&mut sink).is_ok_and(|n| n > 0) {
                sink.clear();
            }
        });
        Ok(Server { child, addr })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn summarize(results: Vec<(Vec<Duration>, usize)>, elapsed: Duration) -> Load {
    let wrong = results.iter().map(|(_, w)| w).sum();
    let mut times: Vec<Duration> = results.into_iter().flat_map(|(t, _)| t).collect();
    times.sort();
    let at = |q: usize| {
        times
            .get((times.len() * q / 100).min(times.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Load {
        rate: times.len() as f64 / elapsed.as_secs_f64(),
        p50: at(50),
        p99: at(99),
        wrong,
        requests: times.len(),
    }
}

/// `clients` keep-alive connections, each looking up the names in turn.
pub fn rdap(addr: SocketAddr, names: &[String], clients: usize, time: Duration) -> Load {
    let started = Instant::now();
    let results = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                s.spawn(move || {
                    let mut times = Vec::new();
                    let mut wrong = 0;
                    let Ok(stream) = TcpStream::connect(addr) else {
                        return (times, 1);
                    };
                    let _ = stream.set_nodelay(true);
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                    let mut conn = BufReader::new(stream);
                    let mut i = c;
                    while started.elapsed() < time {
                        let name = &names[i % names.len()];
                        i += clients;
                        let request =
                            format!("GET /domain/{name} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
                        let t = Instant::now();
                        if conn.get_mut().write_all(request.as_bytes()).is_err() {
                            wrong += 1;
                            break;
                        }
                        match response(&mut conn) {
                            Some((200, body)) if body.contains(name.as_str()) => {}
                            _ => wrong += 1,
                        }
                        times.push(t.elapsed());
                    }
                    (times, wrong)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    summarize(results, started.elapsed())
}

/// `clients` clients, one connection per query.
pub fn whois(addr: SocketAddr, names: &[String], clients: usize, time: Duration) -> Load {
    let started = Instant::now();
    let results = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                s.spawn(move || {
                    let mut times = Vec::new();
                    let mut wrong = 0;
                    let mut i = c;
                    while started.elapsed() < time {
                        let name = &names[i % names.len()];
                        i += clients;
                        let t = Instant::now();
                        let reply = (|| -> std::io::Result<String> {
                            let mut s = TcpStream::connect(addr)?;
                            s.set_read_timeout(Some(Duration::from_secs(10)))?;
                            s.write_all(format!("{name}\r\n").as_bytes())?;
                            let mut reply = String::new();
                            s.read_to_string(&mut reply)?;
                            Ok(reply)
                        })();
                        match reply {
                            Ok(text) if text.contains(&format!("\nDomain: {name}\n")) => {}
                            _ => wrong += 1,
                        }
                        times.push(t.elapsed());
                    }
                    (times, wrong)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    summarize(results, started.elapsed())
}

/// One HTTP/1.1 response with a Content-Length body.
fn response(conn: &mut BufReader<TcpStream>) -> Option<(u16, String)> {
    let mut line = String::new();
    conn.read_line(&mut line).ok()?;
    let status = line.split(' ').nth(1)?.parse().ok()?;
    let mut length = 0;
    loop {
        line.clear();
        conn.read_line(&mut line).ok()?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().ok()?;
        }
    }
    let mut body = vec![0u8; length];
    conn.read_exact(&mut body).ok()?;
    String::from_utf8(body).ok().map(|b| (status, b))
}
