//! RFC 5734 framing over the TLS stream: each frame a 4-byte big-endian
//! length that counts itself, then the XML; bounded in size and in time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rustls::{ServerConnection, StreamOwned};

/// The largest frame read (an EPP command is a few kilobytes).
pub(crate) const MAX_FRAME: u32 = 1 << 20;
/// How long a session waits on its client.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timeouts {
    /// The time a frame has to arrive whole once it has begun.
    pub(crate) read: Duration,
    /// A session with no command for this long is closed.
    pub(crate) idle: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            read: Duration::from_secs(30),
            idle: Duration::from_secs(600),
        }
    }
}
/// How often a blocked read looks at the clock and the stop flag.
const TICK: Duration = Duration::from_millis(500);

pub(super) type Tls = StreamOwned<ServerConnection, TcpStream>;

/// Why reading a frame stopped.
pub(super) enum Stop {
    /// The client closed, timed out, or the server is stopping: just close.
    Quiet,
    /// A length prefix no frame can have: answer 2001, then close.
    BadLength(u32),
}

/// Writes one frame.
pub(super) fn send(tls: &mut Tls, xml: &str) -> std::io::Result<()> {
    let len = u32::try_from(xml.len() + 4).map_err(std::io::Error::other)?;
    let mut frame = Vec::with_capacity(xml.len() + 4);
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(xml.as_bytes());
    tls.write_all(&frame)?;
    tls.flush()
}

/// Reads `buf` whole by `deadline`, looking at the stop flag every tick.
fn fill(tls: &mut Tls, buf: &mut [u8], deadline: Instant, shutdown: &AtomicBool) -> bool {
    let mut got = 0;
    while got < buf.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || shutdown.load(Ordering::SeqCst) {
            return false;
        }
        if tls.sock.set_read_timeout(Some(left.min(TICK))).is_err() {
            return false;
        }
        match tls.read(&mut buf[got..]) {
            Ok(0) => return false,
            Ok(n) => got += n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock
                        | std::io::ErrorKind::TimedOut
                        | std::io::ErrorKind::Interrupted
                ) => {}
            Err(_) => return false,
        }
    }
    true
}

/// Reads one frame: the idle timeout waits for its first byte, the read
/// timeout for the rest.
pub(super) fn read_frame(
    tls: &mut Tls,
    timeouts: Timeouts,
    shutdown: &AtomicBool,
) -> std::result::Result<Vec<u8>, Stop> {
    let mut head = [0u8; 4];
    if !fill(
        tls,
        &mut head[..1],
        Instant::now() + timeouts.idle,
        shutdown,
    ) {
        return Err(Stop::Quiet);
    }
    let deadline = Instant::now() + timeouts.read;
    if !fill(tls, &mut head[1..], deadline, shutdown) {
        return Err(Stop::Quiet);
    }
    let len = u32::from_be_bytes(head);
    if !(5..=MAX_FRAME).contains(&len) {
        return Err(Stop::BadLength(len));
    }
    let mut body = vec![0u8; (len - 4) as usize];
    if !fill(tls, &mut body, deadline, shutdown) {
        return Err(Stop::Quiet);
    }
    Ok(body)
}
