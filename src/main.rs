//! The gitme binary: parse the command line, set up logging, TLS and the async runtime,
//! run the subcommand, and turn its error into a message and an exit code.

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use gitme::cli::{Cli, Command};
use gitme::commands;
use gitme::error::CliError;
use gitme::output::Printer;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let printer = Printer::new(cli.global.quiet, cli.global.color, no_color);
    init_logging(cli.global.verbose, printer.uses_color());

    match run(cli, &printer) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            printer.error(&error.message, &error.causes, &error.hints);
            error.exit_code()
        }
    }
}

fn run(cli: Cli, printer: &Printer) -> Result<(), CliError> {
    // reqwest is built without a default TLS provider; ring is the one provider in the tree.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| CliError::failure("cannot start the async runtime").caused_by(&error))?;

    runtime.block_on(async {
        match cli.command {
            Command::Config(args) => commands::config::run(args, &cli.global, printer),
            Command::Auth(args) => commands::auth::run(args, &cli.global, printer).await,
            Command::Connect(args) => commands::connect::run(args, &cli.global, printer).await,
            Command::Doctor(args) => commands::doctor::run(args, &cli.global, printer).await,
            Command::Integrations(args) => {
                commands::integrations::run(args, &cli.global, printer).await
            }
            Command::Sandbox(args) => commands::sandbox::run(args, printer).await,
        }
    })
}

/// Sends `tracing` output to stderr: warnings by default, gitme's debug lines with `-v` and
/// its trace lines with `-vv`. Other crates stay at `warn`, because HTTP libraries can log
/// URLs and headers that carry codes and tokens. `GITME_LOG` overrides the filter.
fn init_logging(verbose: u8, color: bool) {
    let default = match verbose {
        0 => "warn",
        1 => "warn,gitme=debug",
        _ => "warn,gitme=trace",
    };
    let filter = EnvFilter::try_from_env("GITME_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(false)
        .init();
}
