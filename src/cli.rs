//! The command-line definition: global flags and the subcommands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands::auth::AuthArgs;
use crate::commands::config::ConfigArgs;
use crate::commands::connect::ConnectArgs;
use crate::commands::doctor::DoctorArgs;
use crate::commands::integrations::IntegrationsArgs;
use crate::commands::sandbox::SandboxArgs;
use crate::output::ColorChoice;

/// Connect a self-hosted Bitbucket Data Center instance to GitMe.
#[derive(Debug, Parser)]
#[command(
    name = "gitme",
    version,
    propagate_version = true,
    max_term_width = 100,
    args_override_self = true
)]
pub struct Cli {
    /// Flags every subcommand takes.
    #[command(flatten)]
    pub global: GlobalArgs,

    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand takes.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Log decisions to stderr: -v for debug, -vv for trace (secrets are always redacted).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Print only warnings, errors and the final result.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// When to colour output; a non-empty `NO_COLOR` turns `auto` off.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Read settings from this TOML file instead of `$XDG_CONFIG_HOME/gitme/config.toml`.
    #[arg(
        long,
        global = true,
        env = "GITME_CONFIG",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub config: Option<PathBuf>,

    /// Use the values of this `[profiles.NAME]` table of the config file.
    #[arg(
        long,
        global = true,
        env = "GITME_PROFILE",
        hide_env_values = true,
        value_name = "NAME"
    )]
    pub profile: Option<String>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign in to GitMe, show the signed-in account, or sign out.
    Auth(AuthArgs),
    /// Connect a code host to GitMe.
    Connect(ConnectArgs),
    /// Show or change the config file.
    Config(ConfigArgs),
    /// Check the network path to a Bitbucket instance and GitMe, and print the fix for each problem.
    Doctor(DoctorArgs),
    /// List, show and disconnect the integrations of the GitMe workspace.
    Integrations(IntegrationsArgs),
    /// Run the Bitbucket emulator and the GitMe backend emulator on loopback.
    Sandbox(SandboxArgs),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
