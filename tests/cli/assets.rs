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

#[test]
fn completions_print_the_committed_scripts() {
    let reg = Reg::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "ptreg.bash"),
        ("zsh", "_ptreg"),
        ("fish", "ptreg.fish"),
    ] {
        let out = reg.cmd(&["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let committed = std::fs::read(root.join("completions").join(file)).unwrap();
        assert!(
            out.stdout == committed,
            "completions {shell} differs from {file}"
        );
    }
    reg.fails(2, &["completions", "tcsh"]);
    // fish offers the list kinds, not files, where `list show` wants one.
    let fish = std::fs::read_to_string(root.join("completions/ptreg.fish")).unwrap();
    assert!(
        fish.lines()
            .any(|l| l.contains("__fish_seen_subcommand_from show")
                && l.contains("-f -a \"geographic protected obscene blocked reserved\"")),
        "{fish}"
    );
}

#[test]
fn the_packaging_step_is_not_a_command_users_see() {
    let reg = Reg::empty();
    let out = reg.cmd(&["-q"]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("requires a subcommand"), "{err}");
    assert!(
        err.contains("completions") && !err.contains("generate-assets"),
        "{err}"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["ptreg.bash", "_ptreg", "ptreg.fish"] {
        let text = std::fs::read_to_string(root.join("completions").join(file)).unwrap();
        assert!(!text.contains("generate-assets"), "{file}");
    }
    assert!(!reg.ok(&["--help"]).contains("generate-assets"));
}

#[test]
fn every_man_page_has_the_sections_a_user_looks_for() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let mut pages = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for section in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "SEE ALSO",
        ] {
            assert!(
                text.contains(&format!(".SH \"{section}\""))
                    || text.contains(&format!(".SH {section}")),
                "{name}: no {section}"
            );
        }
        // Every page of a command that runs shows how to run it.
        let runs = !text.contains(".SH SUBCOMMANDS")
            || name == "ptreg-notices.1"
            || name == "ptreg-whois.1";
        if runs {
            assert!(text.contains(".SH EXAMPLES"), "{name}: no EXAMPLES");
        }
        assert!(
            !text.contains("SPEC"),
            "{name} points outside the repository"
        );
        pages += 1;
    }
    assert!(pages > 50, "{pages} pages");
    let main = std::fs::read_to_string(root.join("ptreg.1")).unwrap();
    assert!(
        main.contains("PTREG_DB") && main.contains("done in part"),
        "{main}"
    );
}

/// The README and docs/ stand alone: every link is to a file of the
/// repository that exists, and nothing points at material a user does not
/// have.
#[test]
fn the_readme_and_docs_stand_alone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        files.push(entry.unwrap().path());
    }
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let shown = file.display();
        assert!(
            !text.contains("SPEC") && !text.contains("../shared"),
            "{shown}"
        );
        for (i, _) in text.match_indices("](") {
            let target = &text[i + 2..];
            let target = &target[..target.find(')').unwrap()];
            if target.starts_with('#') || target.starts_with("https://") {
                continue;
            }
            let path = file
                .parent()
                .unwrap()
                .join(target.split('#').next().unwrap());
            assert!(path.exists(), "{shown}: link to {target} points at nothing");
        }
    }
    // Each document the README names is there.
    for doc in [
        "docs/formats.md",
        "docs/json.md",
        "docs/policy.md",
        "LICENSE",
    ] {
        assert!(root.join(doc).exists(), "{doc}");
    }
    // The help never points outside either.
    let reg = Reg::empty();
    for args in [
        &["--help"][..],
        &["register", "--help"],
        &["import", "--help"],
    ] {
        let help = reg.ok(args);
        assert!(
            !help.contains("SPEC") && !help.contains('§'),
            "{args:?}: {help}"
        );
    }
}
