//! Shell completions and man pages, generated from the clap definitions.
//!
//! `cargo run --example generate-assets` writes them into `completions/` and `man/`, and a
//! test fails when the checked-in files differ from what the current definitions generate.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// The environment variables gitme reads, for the ENVIRONMENT section of `gitme.1`.
const ENVIRONMENT: [(&str, &str); 14] = [
    (
        "GITME_TOKEN",
        "GitMe API token; overrides the token `gitme auth login` stored",
    ),
    ("GITME_BACKEND_URL", "GitMe backend URL (`--backend-url`)"),
    (
        "GITME_INSTANCE_URL",
        "Bitbucket instance URL (`--instance-url`)",
    ),
    ("GITME_CA_CERT", "extra CA file to trust (`--ca-cert`)"),
    (
        "GITME_BITBUCKET_CLIENT_ID",
        "client ID of the application link (`--client-id`)",
    ),
    (
        "GITME_BITBUCKET_CLIENT_SECRET",
        "client secret of the application link",
    ),
    ("GITME_CONFIG", "config file (`--config`)"),
    ("GITME_PROFILE", "config profile (`--profile`)"),
    ("GITME_NO_INPUT", "never prompt (`--no-input`)"),
    ("GITME_LOG", "log filter, overriding `-v` and `-vv`"),
    ("BROWSER", "browser command; `%s` is replaced by the URL"),
    (
        "HTTPS_PROXY, ALL_PROXY, NO_PROXY",
        "proxy settings, also in lower case",
    ),
    ("NO_COLOR", "no colour when set to a non-empty value"),
    (
        "XDG_CONFIG_HOME",
        "directory of `gitme/config.toml` on Linux",
    ),
];

/// Writes `gitme.1` with EXIT STATUS and ENVIRONMENT sections, which clap's definitions
/// cannot express.
fn write_main_page(path: &Path) -> std::io::Result<()> {
    use clap_mangen::roff::{Roff, bold, roman};

    let man = clap_mangen::Man::new(Cli::command());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;

    let mut roff = Roff::default();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in crate::error::EXIT_CODES {
        roff.control("TP", []);
        roff.text([bold(code.to_string())]);
        roff.text([roman(meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in ENVIRONMENT {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(meaning)]);
    }
    roff.to_writer(&mut page)?;
    man.render_version_section(&mut page)?;
    std::fs::write(path, page)
}

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
    write_main_page(&man_dir.join("gitme.1"))?;
    for entry in std::fs::read_dir(man_dir)? {
        written.push(entry?.path());
    }
    written.sort();
    Ok(written)
}
