//! The README's install steps, run as written (into a scratch prefix in
//! place of /usr/local, with the test build in place of the release one):
//! every file lands, the man pages render, bash completes `ptreg`.

use std::path::Path;

/// The install commands of the README: the first `sh` block of its
/// Install section, without the package and build steps.
fn install_steps() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = &readme[readme.find("## Install").expect("an Install section")..];
    let block = &section[section.find("```sh\n").expect("a sh block") + 6..];
    let block = &block[..block.find("```").unwrap()];
    block
        .lines()
        .map(|l| l.split(" #").next().unwrap().trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with("apt-get") && !l.starts_with("cargo build"))
        .collect()
}

#[test]
fn the_readme_install_steps_work() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let prefix = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("ptreg");
    let steps = install_steps();
    assert!(steps.iter().any(|s| s.contains("man/*.1")), "{steps:?}");
    let script = steps
        .iter()
        .map(|s| {
            s.replace("/usr/local", prefix.path().to_str().unwrap())
                .replace("target/release/ptreg", bin.to_str().unwrap())
        })
        .collect::<Vec<_>>()
        .join("\n");
    let out = std::process::Command::new("bash")
        .args(["-euc", &script])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = prefix.path();
    for file in [
        "bin/ptreg",
        "share/man/man1/ptreg.1",
        "share/man/man1/ptreg-domains.1",
        "share/doc/ptreg/formats.md",
        "share/bash-completion/completions/ptreg",
        "share/zsh/site-functions/_ptreg",
        "share/fish/vendor_completions.d/ptreg.fish",
    ] {
        assert!(p.join(file).exists(), "{file} not installed");
    }
    let version = std::process::Command::new(p.join("bin/ptreg"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("ptreg "));
    // The man page renders where man is installed.
    if let Ok(out) = std::process::Command::new("man")
        .env("MANPATH", p.join("share/man"))
        .env("MANWIDTH", "80")
        .args(["ptreg-domains"])
        .output()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("EXAMPLES") && text.contains("EXIT STATUS"),
            "{text}"
        );
    }
    // bash registers the completion from the installed file.
    let completion = p.join("share/bash-completion/completions/ptreg");
    let out = std::process::Command::new("bash")
        .args([
            "-c",
            &format!("source '{}' && complete -p ptreg", completion.display()),
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("-F _ptreg ptreg"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
