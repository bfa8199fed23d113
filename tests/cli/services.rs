//! The systemd units under `systemd/`: `systemd-analyze verify` accepts each
//! (with no warning), the servers run unprivileged with only the capability
//! to bind their low port, the timer catches up on a missed night, and each
//! unit's command line is one this `ptreg` accepts.

use std::path::{Path, PathBuf};

use crate::support::Reg;

const UNITS: &[&str] = &[
    "ptreg-whois.service",
    "ptreg-rdap.service",
    "ptreg-epp.service",
    "ptreg-sweep.service",
    "ptreg-sweep.timer",
];

fn unit(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("systemd")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn keys<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    text.lines()
        .filter_map(|l| l.strip_prefix(key)?.strip_prefix('='))
        .collect()
}

#[test]
fn systemd_analyze_verifies_every_unit() {
    let Ok(out) = std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
    else {
        // scripts/test.sh installs systemd; this runs only where it cannot.
        eprintln!("skipped: systemd-analyze is not installed (apt-get install systemd)");
        return;
    };
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("ptreg");
    let mut paths: Vec<PathBuf> = Vec::new();
    for name in UNITS {
        // The units name the installed binary; verify against this build.
        let text = unit(name).replace("/usr/local/bin/ptreg", bin.to_str().unwrap());
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    let out = std::process::Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .args(&paths)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr, "", "systemd-analyze warns");
}

#[test]
fn servers_run_unprivileged_with_only_their_port() {
    for (name, capability) in [
        ("ptreg-whois.service", true),
        ("ptreg-epp.service", true),
        ("ptreg-rdap.service", false),
        ("ptreg-sweep.service", false),
    ] {
        let text = unit(name);
        assert_eq!(keys(&text, "User"), ["ptreg"], "{name}");
        assert_eq!(keys(&text, "NoNewPrivileges"), ["yes"], "{name}");
        assert_eq!(
            keys(&text, "Environment"),
            ["PTREG_DB=/var/lib/ptreg/registry.db"],
            "{name}"
        );
        let expected: &[&str] = if capability {
            &["CAP_NET_BIND_SERVICE"]
        } else {
            &[""]
        };
        assert_eq!(keys(&text, "CapabilityBoundingSet"), expected, "{name}");
        let ambient = keys(&text, "AmbientCapabilities");
        assert_eq!(ambient.len(), usize::from(capability), "{name}");
    }
    let timer = unit("ptreg-sweep.timer");
    assert_eq!(keys(&timer, "Persistent"), ["true"]);
    assert_eq!(keys(&timer, "OnCalendar").len(), 1);
    assert_eq!(
        keys(&unit("ptreg-sweep.service"), "ExecStart"),
        ["/usr/local/bin/ptreg --quiet sweep"]
    );
}

#[test]
fn each_unit_runs_a_command_line_ptreg_accepts() {
    let reg = Reg::new();
    for name in UNITS.iter().filter(|n| n.ends_with(".service")) {
        let text = unit(name);
        let exec = keys(&text, "ExecStart");
        assert_eq!(exec.len(), 1, "{name}");
        let args: Vec<&str> = exec[0].split_whitespace().skip(1).collect();
        // A server this build does not have yet is checked once it exists.
        let server = args.iter().position(|a| *a == "serve").map(|i| args[i - 1]);
        if let Some(face) = server {
            let has = reg
                .cmd(&[face, "--help"])
                .output()
                .unwrap()
                .status
                .success();
            if !has {
                eprintln!("skipped {name}: this build has no `{face}` command");
                continue;
            }
        }
        let mut with_help = args.clone();
        with_help.push("--help");
        let out = reg.cmd(&with_help).output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
