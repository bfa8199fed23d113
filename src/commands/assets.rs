//! `ptreg generate-assets DIR` (hidden): writes `man/` and `completions/`
//! from the clap definitions, so packaging never drifts from `--help`.

use std::path::Path;

use clap_complete::Shell;

use crate::cli::GenerateAssetsArgs;
use crate::error::{Error, Result};

pub(crate) fn run(args: GenerateAssetsArgs) -> Result<()> {
    write_all(&args.dir)
}

pub(crate) fn write_all(dir: &Path) -> Result<()> {
    let man = dir.join("man");
    let completions = dir.join("completions");
    std::fs::create_dir_all(&man)?;
    std::fs::create_dir_all(&completions)?;
    let cmd = crate::cli::command();
    clap_mangen::generate_to(cmd.clone(), &man)
        .map_err(|e| Error::internal("writing man pages failed").with_cause(e))?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut cmd.clone(), "ptreg", &completions)
            .map_err(|e| Error::internal("writing completions failed").with_cause(e))?;
    }
    Ok(())
}
