//! A pinned environment for running `ptreg`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary registry: a directory, a file path and a pinned clock.
pub struct Reg {
    pub dir: TempDir,
    pub db: PathBuf,
    pub now: String,
}

impl Reg {
    /// A directory with no registry file yet.
    pub fn empty() -> Reg {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("ptreg.db");
        Reg {
            dir,
            db,
            now: "2026-03-01T09:00:00Z".to_string(),
        }
    }

    /// A registry made by `ptreg init` at the pinned time.
    pub fn new() -> Reg {
        let reg = Reg::empty();
        reg.cmd(&["init"]).assert().success();
        reg
    }

    /// A registry with the fixtures' contacts and registrars loaded.
    pub fn with_fixtures() -> Reg {
        let reg = Reg::new();
        reg.load_fixture_people();
        reg
    }

    /// `ptreg ARGS` with the environment cleared but for the registry and clock.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("ptreg").expect("binary");
        cmd.env_clear()
            .env("PTREG_DB", &self.db)
            .env("PTREG_NOW", &self.now)
            .env("PTREG_ACTOR", "tester")
            .current_dir(self.dir.path())
            .args(args);
        cmd
    }

    /// Runs at another time.
    pub fn at(&self, now: &str, args: &[&str]) -> Command {
        let mut cmd = self.cmd(args);
        cmd.env("PTREG_NOW", now);
        cmd
    }

    /// Runs and returns stdout, asserting success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run");
        assert!(
            out.status.success(),
            "ptreg {args:?} failed with {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// Runs with --json and parses stdout, asserting success.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).expect("JSON on stdout")
    }

    /// Runs expecting exit `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run");
        assert_eq!(
            out.status.code(),
            Some(code),
            "ptreg {args:?}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).expect("utf-8")
    }

    /// Runs expecting exit `code`; returns stdout.
    pub fn out_exit(&self, code: i32, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run");
        assert_eq!(
            out.status.code(),
            Some(code),
            "ptreg {args:?}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// Runs with --json expecting exit `code`; parses stdout.
    pub fn json_exit(&self, code: i32, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.out_exit(code, &all)).expect("JSON on stdout")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Loads fixtures/contacts.csv and fixtures/registrars.csv.
    pub fn load_fixture_people(&self) {
        let contacts = fixture("contacts.csv");
        let registrars = fixture("registrars.csv");
        self.ok(&["contact", "import", path_str(&contacts)]);
        self.ok(&["registrar", "import", path_str(&registrars)]);
    }

    /// Puts in force the fixture policy with each `(from, to)` replaced
    /// (each `from` must occur in it).
    pub fn set_fixture_policy(&self, changes: &[(&str, &str)]) {
        let mut text = std::fs::read_to_string(fixture("policy.toml")).expect("fixture policy");
        for (from, to) in changes {
            assert!(text.contains(from), "the fixture policy has no {from:?}");
            text = text.replace(from, to);
        }
        let file = self.path("changed-policy.toml");
        std::fs::write(&file, text).expect("write the policy");
        self.ok(&["policy", "set", path_str(&file)]);
    }
}

/// A file under fixtures/.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A WHOIS answer without its `%` header (terms of use, time of the
/// answer): the record, or `No match for NAME`, as a test compares it.
pub fn whois_body(text: &str) -> String {
    let mut rest = text;
    while rest.starts_with('%') {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    rest.strip_prefix('\n').unwrap_or(rest).to_string()
}

/// The address a server started with `--listen 127.0.0.1:0` prints on its
/// first line of stderr; the rest of its stderr is drained by a thread, so
/// a full pipe never blocks it.
pub fn listening_address(child: &mut std::process::Child) -> std::net::SocketAddr {
    use std::io::BufRead;
    let stderr = child.stderr.take().expect("stderr piped");
    let mut reader = std::io::BufReader::new(stderr);
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .expect("the server's first line");
    let addr = line
        .trim()
        .rsplit(' ')
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    std::thread::spawn(move || {
        let mut sink = String::new();
        while reader.read_line(&mut sink).is_ok_and(|n| n > 0) {
            sink.clear();
        }
    });
    addr
}
