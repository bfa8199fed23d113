//! The WHOIS server under load and abuse, on loopback only: thousands of
//! queries from concurrent clients while slow clients hold connections,
//! others send oversized or binary lines and a cron job writes to the file;
//! and the quota (WHOIS policy 2.5) holds exactly under concurrency.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::whois::sample;

use super::harness::{Server, count, count_reaching, run, set_whois_quota, stderr};

const CLIENTS: usize = 16;
const EACH: usize = 150;

#[test]
fn the_server_answers_thousands_of_queries_while_abused() {
    let reg = sample();
    set_whois_quota(&reg, 1_000_000);
    reg.ok(&[
        "contact",
        "add",
        "cron",
        "--name",
        "Cron Lda",
        "--email",
        "c@c.pt",
        "--phone",
        "+351.210000000",
        "--address",
        "Rua 1",
        "--country",
        "PT",
        "--kind",
        "organization",
    ]);
    let want = crate::support::whois_body(&reg.ok(&["whois", "exemplo.pt"]));
    let mut server = Server::start(&reg);
    let stop = AtomicBool::new(false);
    let wrong = AtomicUsize::new(0);
    let abuse = AtomicUsize::new(0);
    let writes = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        // Slow clients: a byte every 200 ms, reconnecting when cut off.
        for _ in 0..20 {
            let (stop, addr) = (&stop, server.addr);
            s.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Ok(mut c) = TcpStream::connect(addr) else {
                        continue;
                    };
                    while !stop.load(Ordering::Relaxed) && c.write_all(b"e").is_ok() {
                        std::thread::sleep(Duration::from_millis(200));
                    }
                }
            });
        }
        // Oversized and binary lines: `invalid query`, or cut off.
        {
            let (stop, abuse, wrong, server) = (&stop, &abuse, &wrong, &server);
            s.spawn(move || {
                let big = vec![b'x'; 64 * 1024];
                let junk = b"\x00\xff\x16\x03\x01\x02\x00\x01\x00\xfc\x03\x03\r\n".to_vec();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let bytes = if i % 2 == 0 { &big } else { &junk };
                    let reply = server.raw(bytes);
                    if !(reply.is_empty() || reply == "invalid query\n") {
                        wrong.fetch_add(1, Ordering::Relaxed);
                    }
                    abuse.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            });
        }
        // A cron job writing to the same file meanwhile.
        {
            let (stop, writes, reg) = (&stop, &writes, &reg);
            s.spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let name = format!("carga{i}.pt");
                    let out = run(reg, &["register", &name, "--registrant", "cron"]);
                    assert!(out.status.success(), "{}", stderr(&out));
                    writes.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            });
        }
        // The load.
        let load: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let (wrong, server, want) = (&wrong, &server, &want);
                s.spawn(move || {
                    for _ in 0..EACH {
                        if server.query("exemplo.pt") != *want {
                            wrong.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                })
            })
            .collect();
        for l in load {
            l.join().expect("client");
        }
        stop.store(true, Ordering::Relaxed);
    });
    let elapsed = started.elapsed();
    let queries = CLIENTS * EACH;
    eprintln!(
        "whois load: {queries} queries from {CLIENTS} clients in {elapsed:.1?} ({:.0}/s), \
         with 20 slow clients, {} oversized/binary queries and {} registrations meanwhile",
        queries as f64 / elapsed.as_secs_f64(),
        abuse.load(Ordering::Relaxed),
        writes.load(Ordering::Relaxed),
    );
    assert_eq!(wrong.load(Ordering::Relaxed), 0, "wrong answers");
    assert!(writes.load(Ordering::Relaxed) > 0, "the writer never ran");
    assert!(server.alive(), "the server died");
    assert_eq!(server.query("exemplo.pt"), want, "still answering");
    let answered = count_reaching(
        &reg,
        "SELECT count(*) FROM whois_query WHERE outcome = 'answered'",
        (queries + 1) as i64,
    );
    assert_eq!(answered as usize, queries + 1, "every answer logged");
    assert!(elapsed < Duration::from_secs(120), "{elapsed:?}");
}

/// A quota of 40 a day and 120 queries at once from one address: exactly 40
/// are answered, the other 80 are told the address is suspended.
#[test]
fn the_quota_holds_exactly_under_concurrent_clients() {
    let reg = sample();
    set_whois_quota(&reg, 40);
    let server = Server::start(&reg);
    let threads = 8;
    let barrier = Barrier::new(threads);
    let replies: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (barrier, server) = (&barrier, &server);
                s.spawn(move || {
                    barrier.wait();
                    (0..15)
                        .map(|_| server.query("exemplo.pt"))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("client"))
            .collect()
    });
    let answered = replies
        .iter()
        .filter(|r| r.starts_with("Domain: exemplo.pt\n"))
        .count();
    let refused = replies
        .iter()
        .filter(|r| r.starts_with("query limit exceeded: this address is suspended until"))
        .count();
    assert_eq!((answered, refused), (40, 80));
    let logged = |outcome: &str, want: i64| {
        count_reaching(
            &reg,
            &format!("SELECT count(*) FROM whois_query WHERE outcome = '{outcome}'"),
            want,
        )
    };
    assert_eq!((logged("answered", 40), logged("suspended", 80)), (40, 80));
    assert!(
        server
            .query("exemplo.pt")
            .starts_with("query limit exceeded")
    );
    // The command line is not the public service: staff still see it.
    assert!(
        crate::support::whois_body(&reg.ok(&["whois", "exemplo.pt"]))
            .starts_with("Domain: exemplo.pt")
    );
}

/// A TCP connection to `to` from the loopback address `from` (any
/// 127.0.0.0/8 address works on Linux), so one test can be several clients.
fn connect_from(from: std::net::Ipv4Addr, to: std::net::SocketAddr) -> std::io::Result<TcpStream> {
    use std::os::fd::FromRawFd;
    let std::net::SocketAddr::V4(to) = to else {
        panic!("the server listens on IPv4 loopback");
    };
    let sockaddr = |ip: std::net::Ipv4Addr, port: u16| libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: port.to_be(),
        sin_addr: libc::in_addr {
            s_addr: u32::from(ip).to_be(),
        },
        sin_zero: [0; 8],
    };
    let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: a fresh socket owned by the TcpStream at once (closed on
    // drop); bind and connect get valid sockaddr_in values and their size.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let stream = TcpStream::from_raw_fd(fd);
        let local = sockaddr(from, 0);
        if libc::bind(fd, (&raw const local).cast(), len) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let remote = sockaddr(*to.ip(), to.port());
        if libc::connect(fd, (&raw const remote).cast(), len) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(stream)
    }
}

fn query_from(from: std::net::Ipv4Addr, server: &Server, q: &str) -> String {
    use std::io::Read;
    let mut s = connect_from(from, server.addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(format!("{q}\r\n").as_bytes()).unwrap();
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    crate::support::whois_body(&reply)
}

/// Slow clients, however many and from however few addresses, push out
/// only each other: four addresses hold 64 waiting connections each (the
/// whole budget of 256), and still clients from twenty other addresses are
/// answered at once, and so is a new query from a crowded address (its own
/// oldest waiting connection gives way). The quota counts per address.
#[test]
fn slow_clients_push_out_only_each_other() {
    use std::io::Read;
    let reg = sample();
    set_whois_quota(&reg, 1_000_000);
    let want = crate::support::whois_body(&reg.ok(&["whois", "exemplo.pt"]));
    let server = Server::start(&reg);
    let crowds: Vec<std::net::Ipv4Addr> = (11..15).map(|i| [127, 0, 0, i].into()).collect();
    let mut idle: Vec<TcpStream> = Vec::new();
    for &crowd in &crowds {
        for _ in 0..64 {
            let mut s = connect_from(crowd, server.addr).expect("connect");
            let _ = s.write_all(b"exem");
            idle.push(s);
        }
    }
    std::thread::sleep(Duration::from_millis(300));
    for i in 0..20u8 {
        let other = [127, 0, 1, i + 1].into();
        let started = Instant::now();
        assert_eq!(query_from(other, &server, "exemplo.pt"), want, "client {i}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "client {i} waited {:?}",
            started.elapsed()
        );
    }
    assert_eq!(query_from(crowds[0], &server, "exemplo.pt"), want);
    // The connections that gave way were closed without an answer.
    let closed = idle
        .iter_mut()
        .map(|s| {
            s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
            let mut buf = [0u8; 16];
            matches!(s.read(&mut buf), Ok(0))
        })
        .filter(|closed| *closed)
        .count();
    assert!(closed >= 21, "{closed} slow connections closed");
    drop(idle);
    let by_address = |a: &str, want: i64| {
        count_reaching(
            &reg,
            &format!(
                "SELECT count(*) FROM whois_query WHERE address = '{a}' AND outcome = 'answered'"
            ),
            want,
        )
    };
    assert_eq!(by_address("127.0.1.1", 1), 1);
    assert_eq!(by_address("127.0.0.11", 1), 1);
    assert_eq!(
        count(
            &reg,
            "SELECT count(*) FROM whois_query WHERE outcome <> 'answered'"
        ),
        0
    );
}
