//! `man/` and `completions/` must match the clap definitions.

use std::path::Path;

use crate::support::Reg;

fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["man", "completions"] {
        let mut entries: Vec<_> = std::fs::read_dir(dir.join(sub))
            .unwrap_or_else(|e| panic!("{sub}/ missing: {e}"))
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for p in entries {
            let name = format!("{sub}/{}", p.file_name().unwrap().to_string_lossy());
            out.push((name, std::fs::read(&p).expect("read")));
        }
    }
    out
}

#[test]
fn man_pages_and_completions_are_up_to_date() {
    let reg = Reg::empty();
    let fresh = reg.path("assets");
    reg.cmd(&["generate-assets", fresh.to_str().unwrap()])
        .assert()
        .success();
    let committed = read_tree(Path::new(env!("CARGO_MANIFEST_DIR")));
    let generated = read_tree(&fresh);
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&generated),
        "man/ or completions/ files differ; run `cargo run -- generate-assets`"
    );
    for ((name, a), (_, b)) in committed.iter().zip(&generated) {
        assert!(
            a == b,
            "{name} is out of date; run `cargo run -- generate-assets`"
        );
    }
}
