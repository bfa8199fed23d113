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
