//! Tests of EPP for registrars: `epp exec` (one document in, one out),
//! `epp serve` over TLS driven by real clients (Net::EPP, epptools) and by
//! hostile frames, and `registrar credentials`.

mod clients;
mod exec;
mod hostile;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Reg, path_str};

/// The password of both test registrars.
pub const PW: &str = "s3cret-pw";

/// A registry with registrars r1 and r2 (EPP credentials `PW`, r1 limited
/// to loopback), contact bea, and r2's names outro.pt and alheio.pt.
pub fn registry() -> Reg {
    let reg = Reg::new();
    reg.ok(&[
        "registrar",
        "add",
        "r1",
        "--name",
        "Registrar Um",
        "--email",
        "r1@example.pt",
        "--address",
        "Rua Nova 1, 1000-001 Lisboa",
    ]);
    reg.ok(&[
        "registrar",
        "add",
        "r2",
        "--name",
        "Registrar Dois",
        "--email",
        "r2@example.pt",
        "--address",
        "Rua Nova 1, 1000-001 Lisboa",
    ]);
    let pw = reg.dir.path().join("pw");
    std::fs::write(&pw, format!("{PW}\n")).unwrap();
    reg.ok(&[
        "registrar",
        "credentials",
        "r1",
        "--password-file",
        path_str(&pw),
        "--allow-from",
        "127.0.0.0/8",
    ]);
    reg.ok(&[
        "registrar",
        "credentials",
        "r2",
        "--password-file",
        path_str(&pw),
    ]);
    reg.ok(&[
        "contact",
        "add",
        "bea",
        "--name",
        "Beatriz Costa",
        "--email",
        "bea@example.pt",
        "--phone",
        "+351.912000000",
        "--address",
        "Rua B 2, Porto",
        "--country",
        "PT",
    ]);
    for name in ["outro.pt", "alheio.pt"] {
        reg.ok(&[
            "register",
            name,
            "--registrant",
            "bea",
            "--manager",
            "r2",
            "--ns",
            "ns1.example.net",
            "--ns",
            "ns2.example.net",
        ]);
    }
    reg
}

/// `ptreg epp exec --registrar ID` with `xml` on stdin: the response.
pub fn exec(reg: &Reg, registrar: &str, xml: &str) -> String {
    let out = reg
        .cmd(&["epp", "exec", "--registrar", registrar])
        .write_stdin(xml.to_string())
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The result code of a response document.
pub fn code(xml: &str) -> u16 {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    doc.descendants()
        .find(|n| n.has_tag_name("result"))
        .and_then(|n| n.attribute("code"))
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no result code in {xml}"))
}

/// A command document around `inner` (the verb element and extension).
pub fn command(inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><command>{inner}<clTRID>TEST-1</clTRID></command></epp>"#
    )
}

/// A self-signed certificate and key made by openssl in `dir`.
pub fn certificate(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let cert = dir.join(format!("{name}.crt"));
    let key = dir.join(format!("{name}.key"));
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-days", "30", "-subj", "/CN=localhost", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("openssl");
    assert!(status.success());
    (cert, key)
}

/// The SHA-256 fingerprint of a PEM certificate, as openssl prints it.
pub fn fingerprint(cert: &Path) -> String {
    let out = Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(cert)
        .output()
        .expect("openssl");
    let text = String::from_utf8(out.stdout).unwrap();
    text.trim().rsplit('=').next().unwrap().to_string()
}

/// A running `epp serve` on a free loopback port; stopped on drop.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    pub cert: PathBuf,
}

impl Server {
    pub fn start(reg: &Reg) -> Server {
        Server::start_with(reg, &[])
    }

    /// A server started with `extra` arguments after the usual ones.
    pub fn start_with(reg: &Reg, extra: &[&str]) -> Server {
        let (cert, key) = certificate(reg.dir.path(), "server");
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("ptreg"))
            .env_clear()
            .env("PTREG_DB", &reg.db)
            .env("PTREG_NOW", &reg.now)
            .args(["epp", "serve", "--listen", "127.0.0.1:0", "--cert"])
            .arg(&cert)
            .arg("--key")
            .arg(&key)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server");
        let addr = crate::support::listening_address(&mut child);
        Server { child, addr, cert }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // SAFETY: signalling our own child process.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a client program to its end, at most `limit`: (status, stdout, stderr).
pub fn run_bounded(mut cmd: Command, limit: Duration) -> (bool, String, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the client");
    let until = Instant::now() + limit;
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if Instant::now() > until {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("client output");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
