//! Shell completions and man pages, generated from the clap definitions.
//!
//! `cargo run --example generate-assets` writes them into `completions/` and `man/`, and a
//! test fails when the checked-in files differ from what the current definitions generate.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// The shells gitme ships completions for.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

/// Writes completion scripts into `completions_dir` and man pages for `gitme` and every
/// subcommand into `man_dir`. Returns the files written.
pub fn generate(completions_dir: &Path, man_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(completions_dir)?;
    std::fs::create_dir_all(man_dir)?;
    let mut written = Vec::new();
    for shell in SHELLS {
        let mut command = Cli::command();
        written.push(clap_complete::generate_to(
            shell,
            &mut command,
            "gitme",
            completions_dir,
        )?);
    }
    clap_mangen::generate_to(Cli::command(), man_dir)?;
    for entry in std::fs::read_dir(man_dir)? {
        written.push(entry?.path());
    }
    written.sort();
    Ok(written)
}
