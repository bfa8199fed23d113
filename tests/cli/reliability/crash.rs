//! Crash safety: `ptreg` killed with SIGKILL mid-command leaves the file
//! whole, the command applied whole or not at all, and a re-run finishes it.

use crate::support::Reg;

use super::harness::{count, spawn};

#[test]
fn a_killed_writer_leaves_the_file_whole() {
    let reg = Reg::new();
    let policy = crate::support::fixture("policy.toml");
    let policy = policy.to_str().unwrap();
    // Kill writers at spread-out moments; each command applies whole or not
    // at all: policy versions and journal entries always match one to one.
    for i in 0..30u64 {
        let mut child = spawn(&reg, &["policy", "set", policy]);
        std::thread::sleep(std::time::Duration::from_micros(i * 397 % 6000));
        let _ = child.kill();
        let _ = child.wait();
        let policies = count(&reg, "SELECT COUNT(*) FROM policy");
        let entries = count(&reg, "SELECT COUNT(*) FROM journal");
        assert_eq!(policies, entries, "after kill {i}");
    }
    let v = reg.json(&["doctor"]);
    assert_eq!(v["ok"], true, "{v}");
    // And the registry still takes writes.
    reg.ok(&["policy", "set", policy]);
}
