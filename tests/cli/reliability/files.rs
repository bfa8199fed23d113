//! Output files: no command writes over the registry, its sidecar files or
//! its own input; outputs are created exclusively (a planted file or
//! symlink is never opened), private when they hold personal data, written
//! through FIFOs and devices and never replace a symlink; `-` is standard
//! output; a failed or killed write leaves no temporary file; a full disk
//! says so.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::support::{Reg, fixture, path_str};

use super::harness::{assert_whole, count, run, seed_delegations, spawn, stderr};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn sha(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// The names in `dir` that look like ptreg's temporary files.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".ptreg-") || n.ends_with(".tmp"))
        .collect()
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path_str(path)).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// A registry with people, one domain, and a bad import file.
fn registry() -> Reg {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "padaria.pt", "--registrant", "padaria-lusa"]);
    reg
}

#[test]
fn no_output_may_be_the_registry_its_sidecars_or_an_input() {
    let reg = registry();
    std::fs::write(
        reg.path("bad.csv"),
        "name,registrant,created,expires\nbom.pt,maria-costa,2020-01-01,2027-01-01\nmau..pt,x,2020-01-01,2027-01-01\n",
    )
    .unwrap();
    std::fs::write(
        reg.path("batch.csv"),
        "name,registrant\nnovo.pt,maria-costa\nlisboa.pt,maria-costa\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&reg.db, reg.path("link.db")).unwrap();
    std::fs::hard_link(&reg.db, reg.path("hard.db")).unwrap();
    let contacts = reg.path("c.csv");
    std::fs::copy(fixture("contacts.csv"), &contacts).unwrap();
    std::fs::copy(fixture("registrars.csv"), reg.path("r.csv")).unwrap();
    let before = count(&reg, "SELECT count(*) FROM domain");
    let db_bytes = sha(&reg.db);
    let inputs = [
        sha(&reg.path("bad.csv")),
        sha(&reg.path("batch.csv")),
        sha(&contacts),
    ];
    let cases: &[&[&str]] = &[
        &["zone", "export", "--out", "ptreg.db"],
        &["zone", "export", "--out", "./ptreg.db"],
        &["zone", "export", "--out", "link.db"],
        &["zone", "export", "--out", "hard.db"],
        &["zone", "export", "--out", "ptreg.db-wal"],
        &["export", "--out", "ptreg.db"],
        &["export", "--out", "ptreg.db-shm"],
        &["backup", "ptreg.db-journal"],
        &["backup", "link.db"],
        &["import", "bad.csv", "--reject", "ptreg.db"],
        &["import", "bad.csv", "--reject", "bad.csv"],
        &["import", "bad.csv", "--reject", "./bad.csv"],
        &[
            "--dry-run",
            "register",
            "--batch",
            "batch.csv",
            "--reject",
            "ptreg.db",
        ],
        &["register", "--batch", "batch.csv", "--reject", "batch.csv"],
        &["contact", "import", "c.csv", "--reject", "c.csv"],
        &["registrar", "import", "r.csv", "--reject", "hard.db"],
    ];
    for args in cases {
        let err = reg.fails(2, args);
        assert!(
            err.contains("an output must go to another file"),
            "{args:?}: {err}"
        );
        assert_eq!(sha(&reg.db), db_bytes, "{args:?} changed the registry file");
        assert!(!reg.path("ptreg.db-wal").exists() || count(&reg, "SELECT 1") == 1);
        assert_eq!(
            count(&reg, "SELECT count(*) FROM domain"),
            before,
            "{args:?}"
        );
    }
    let after = [
        sha(&reg.path("bad.csv")),
        sha(&reg.path("batch.csv")),
        sha(&contacts),
    ];
    assert_eq!(after, inputs, "an input was touched");
    assert_eq!(temporaries(reg.dir.path()), Vec::<String>::new());
    assert!(
        std::fs::symlink_metadata(reg.path("link.db"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_whole(&reg, "after every refusal");
}

#[test]
fn outputs_are_private_fresh_files_and_symlinks_are_followed_not_replaced() {
    let reg = registry();
    std::fs::write(
        reg.path("bad.csv"),
        "name,registrant,created,expires\nmau..pt,maria-costa,2020-01-01,2027-01-01\n",
    )
    .unwrap();
    // An existing reject file, world-readable: replaced by a private one.
    let rejects = reg.path("rejects.csv");
    std::fs::write(&rejects, "old\n").unwrap();
    std::fs::set_permissions(&rejects, std::fs::Permissions::from_mode(0o644)).unwrap();
    reg.out_exit(6, &["import", "bad.csv", "--reject", "rejects.csv"]);
    assert_eq!(mode(&rejects), 0o600);
    assert!(
        std::fs::read_to_string(&rejects)
            .unwrap()
            .contains("mau..pt")
    );

    // A symlink given as --out: its target is written, the link stays.
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("registry.jsonl");
    std::fs::write(&target, "old\n").unwrap();
    std::os::unix::fs::symlink(&target, reg.path("export.jsonl")).unwrap();
    reg.ok(&["export", "--out", "export.jsonl"]);
    let link = std::fs::symlink_metadata(reg.path("export.jsonl")).unwrap();
    assert!(link.file_type().is_symlink(), "the symlink was replaced");
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("{\"type\":\"ptreg-export\""), "{text:.80}");
    assert_eq!(mode(&target), 0o600);

    // The zone (public) keeps the mode of the file it replaces.
    let zone = reg.path("pt.zone");
    std::fs::write(&zone, "old").unwrap();
    std::fs::set_permissions(&zone, std::fs::Permissions::from_mode(0o640)).unwrap();
    reg.ok(&["zone", "export", "--out", "pt.zone"]);
    assert_eq!(mode(&zone), 0o640);
    assert!(std::fs::read_to_string(&zone).unwrap().contains("SOA"));

    // A dangling symlink is refused, and nothing is created behind it.
    let missing = elsewhere.path().join("missing.zone");
    std::os::unix::fs::symlink(&missing, reg.path("dangling.zone")).unwrap();
    let err = reg.fails(2, &["zone", "export", "--out", "dangling.zone"]);
    assert!(err.contains("symlink"), "{err}");
    assert!(!missing.exists());
    // A directory is refused.
    reg.fails(2, &["backup", path_str(elsewhere.path())]);
    assert_eq!(temporaries(reg.dir.path()), Vec::<String>::new());
    assert_eq!(temporaries(elsewhere.path()), Vec::<String>::new());
}

/// A planted symlink where a temporary file could go is never written
/// through: temporary names are random and created with `O_EXCL`.
#[test]
fn planted_symlinks_beside_the_target_are_never_followed() {
    let reg = registry();
    let victim = reg.path("victim");
    std::fs::write(&victim, "precious").unwrap();
    // The old fixed names, for the next hundred process ids.
    let next = std::process::id();
    for pid in next..next + 100 {
        for name in [
            format!(".pt.zone.ptreg-{pid}.tmp"),
            format!(".export.jsonl.tmp-{pid}"),
            ".copy.db.ptreg-tmp".to_string(),
        ] {
            let _ = std::os::unix::fs::symlink(&victim, reg.path(&name));
        }
    }
    reg.ok(&["zone", "export", "--out", "pt.zone"]);
    reg.ok(&["export", "--out", "export.jsonl"]);
    reg.ok(&["backup", "copy.db"]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        std::fs::read_to_string(reg.path("pt.zone"))
            .unwrap()
            .contains("SOA")
    );
}

#[test]
fn fifos_and_devices_are_written_through_never_replaced() {
    let reg = registry();
    for args in [
        vec!["export", "--out"],
        vec!["zone", "export", "--out"],
        vec!["backup"],
    ] {
        let fifo = reg.path("pipe");
        let _ = std::fs::remove_file(&fifo);
        mkfifo(&fifo);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        let mut all = args.clone();
        all.push("pipe");
        reg.ok(&all);
        let bytes = reader.join().unwrap();
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo(),
            "{args:?} replaced the FIFO"
        );
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]).into_owned();
        match args[0] {
            "export" => assert!(head.starts_with("{\"type\":\"ptreg-export\""), "{head}"),
            "zone" => assert!(String::from_utf8_lossy(&bytes).contains("SOA"), "{head}"),
            _ => assert!(bytes.starts_with(b"SQLite format 3\0"), "{head}"),
        }
    }
    // /dev/full: written through, the disk is full, the device stays.
    let out = run(&reg, &["export", "--out", "/dev/full"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot write /dev/full: the disk is full"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(temporaries(reg.dir.path()), Vec::<String>::new());
}

#[test]
fn a_dash_is_standard_output() {
    let reg = registry();
    let plain = reg.ok(&["export"]);
    assert_eq!(reg.ok(&["export", "--out", "-"]), plain);
    assert!(!reg.path("-").exists());
    let zone = reg.ok(&["zone", "export", "--out", "-", "--serial", "7"]);
    assert!(zone.contains("SOA"), "{zone}");
    assert_eq!(zone, reg.ok(&["zone", "export", "--serial", "7"]));
    let out = reg.cmd(&["backup", "-"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.starts_with(b"SQLite format 3\0"));
    let copy = reg.path("from-stdout.db");
    std::fs::write(&copy, &out.stdout).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o600)).unwrap();
    let v = reg.json(&["--db", path_str(&copy), "doctor"]);
    assert_eq!(v["ok"], true, "{v}");
    std::fs::write(reg.path("x.csv"), "name,registrant,created,expires\n").unwrap();
    let err = reg.fails(2, &["import", "x.csv", "--reject", "-"]);
    assert!(err.contains("must be a file"), "{err}");
    assert_eq!(temporaries(reg.dir.path()), Vec::<String>::new());
}

/// A killed `export --out` or `backup` leaves its temporary file behind (a
/// SIGKILL runs no code); the next write to the same name removes it, and
/// never the temporary file of a writer still running.
#[test]
fn killed_writers_leave_nothing_after_the_next_run() {
    let reg = Reg::new();
    seed_delegations(&reg, 3000, "2027-02-01T10:00:00Z");
    for args in [vec!["export", "--out", "e.jsonl"], vec!["backup", "b.db"]] {
        let mut killed = 0;
        for delay_ms in [5u64, 20, 60, 120] {
            let mut child = spawn(&reg, &args);
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            if child.try_wait().unwrap().is_none() {
                killed += 1;
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        // A temporary file of a live process (this test) is left alone.
        let live = reg.path(&format!(
            ".{}.ptreg-{}-live.tmp",
            args[args.len() - 1],
            std::process::id()
        ));
        std::fs::write(&live, "in use").unwrap();
        let out = run(&reg, &args);
        assert!(out.status.success(), "{}", stderr(&out));
        let left = temporaries(reg.dir.path());
        assert_eq!(
            left,
            vec![live.file_name().unwrap().to_string_lossy().into_owned()],
            "{args:?} after {killed} kills"
        );
        std::fs::remove_file(&live).unwrap();
    }
    assert_whole(&reg, "after the kills");
}

/// A small file system filled to the last block (tmpfs: needs root; the
/// test says so and passes without it only where mounting is impossible).
struct FullDisk {
    dir: PathBuf,
}

impl FullDisk {
    fn mount(size: &str) -> Option<FullDisk> {
        let dir = tempfile::tempdir().unwrap().keep();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("files: cannot mount a tmpfs here (not root?): full-disk case not run");
            let _ = std::fs::remove_dir(&dir);
            return None;
        }
        Some(FullDisk { dir })
    }

    /// Takes every block left.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.dir.join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
    }

    fn free(&self) {
        let _ = std::fs::remove_file(self.dir.join("filler"));
    }
}

impl Drop for FullDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.dir).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn a_full_disk_says_the_disk_is_full() {
    // Room for a registry with its built-in lists (about 5 MiB, and its WAL).
    let Some(disk) = FullDisk::mount("32m") else {
        return;
    };
    // Outputs on the full disk, the registry elsewhere.
    let reg = registry();
    disk.fill();
    for args in [
        vec![
            "backup".to_string(),
            path_str(&disk.dir.join("b.db")).to_string(),
        ],
        vec![
            "export".into(),
            "--out".into(),
            path_str(&disk.dir.join("e.jsonl")).to_string(),
        ],
        vec![
            "zone".into(),
            "export".into(),
            "--out".into(),
            path_str(&disk.dir.join("pt.zone")).to_string(),
        ],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&reg, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        let file = args[args.len() - 1];
        assert!(
            err.contains(&format!("cannot write {file}: the disk is full")),
            "{args:?}: {err}"
        );
        let left: Vec<String> = std::fs::read_dir(&disk.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "filler")
            .collect();
        assert_eq!(left, Vec::<String>::new(), "{args:?} left files");
    }
    disk.free();

    // The registry on the full disk: every command says so, nothing breaks.
    let db = disk.dir.join("r.db");
    let on_disk = |args: &[&str]| {
        let mut all = vec!["--db", path_str(&db)];
        all.extend_from_slice(args);
        run(&reg, &all)
    };
    assert!(on_disk(&["init"]).status.success());
    let contacts = fixture("contacts.csv");
    assert!(
        on_disk(&["contact", "import", path_str(&contacts)])
            .status
            .success()
    );
    disk.fill();
    for args in [
        &["doctor"][..],
        &["contact", "list"],
        &["register", "cheio.pt", "--registrant", "maria-costa"],
    ] {
        let out = on_disk(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("the disk is full"), "{args:?}: {err}");
        assert!(!err.contains("not a registry file"), "{args:?}: {err}");
    }
    disk.free();
    let out = on_disk(&["--json", "doctor"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
