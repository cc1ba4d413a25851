//! Regenerates `completions/` and `man/` from the clap definitions:
//! `cargo run --example generate-assets`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let completions = root.join("completions");
    let man = root.join("man");
    // Stale pages of removed subcommands must go, so the directories start empty.
    for dir in [&completions, &man] {
        if let Err(error) = std::fs::remove_dir_all(dir)
            && error.kind() != std::io::ErrorKind::NotFound
        {
            eprintln!("error: cannot clear `{}`: {error}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    match gitme::assets::generate(&completions, &man) {
        Ok(files) => {
            for file in files {
                println!("{}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot generate completions and man pages: {error}");
            ExitCode::FAILURE
        }
    }
}
