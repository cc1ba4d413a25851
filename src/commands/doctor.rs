//! `gitme doctor`: check the network path between this machine, a Bitbucket instance and
//! GitMe, and print the fix for each problem.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::cli::GlobalArgs;
use crate::doctor::{self, report};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::Printer;
use crate::settings::{self, parse_duration};

const LONG_ABOUT: &str = "\
Check the network path between this machine, a Bitbucket Data Center instance and GitMe:
the instance URL, DNS, TCP, TLS, the HTTP redirect chain, Bitbucket's version, the OAuth 2.0
provider, the REST API, the proxy, the clock skew, the GitMe backend, the token's role and
GitMe's own probe of the instance. Each check prints its status, what it saw, and for
problems the cause and the fix.

Without an instance URL (flag, GITME_INSTANCE_URL or the config file), only the GitMe side
is checked. The exit code is 0 when no check failed and 4 when any check failed.";

/// Arguments of `gitme doctor`.
#[derive(Debug, Args)]
#[command(long_about = LONG_ABOUT)]
pub struct DoctorArgs {
    /// Base URL of the Bitbucket instance, including any context path.
    #[arg(
        long,
        env = "GITME_INSTANCE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub instance_url: Option<String>,

    /// GitMe backend URL.
    #[arg(
        long,
        env = "GITME_BACKEND_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub backend_url: Option<String>,

    /// PEM file of a CA to trust in addition to the system roots; a certificate trusted
    /// only through it is reported as a warning.
    #[arg(
        long,
        env = "GITME_CA_CERT",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub ca_cert: Option<PathBuf>,

    /// Deadline of the whole run (`10s`, `1m`); checks still running then fail.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s")]
    pub timeout: Duration,

    /// Print one JSON document with every check on stdout.
    #[arg(long)]
    pub json: bool,

    /// Run only this check and its prerequisites; repeat for more (for example
    /// `--check instance.tls`).
    #[arg(
        long = "check",
        value_name = "ID",
        value_parser = clap::builder::PossibleValuesParser::new(crate::doctor::ids::ALL),
        hide_possible_values = true
    )]
    pub checks: Vec<String>,

    /// Resolve names through this DNS server only (IP:PORT), for example to compare the
    /// VPN's DNS with a public one.
    #[arg(long, value_name = "IP:PORT")]
    pub dns_server: Option<SocketAddr>,

    /// Run every check against a fresh in-process sandbox; its URLs, CA and token replace
    /// the instance URL, backend URL, CA file and token.
    #[arg(long)]
    pub sandbox: bool,
}

/// Runs `gitme doctor`.
pub async fn run(args: DoctorArgs, global: &GlobalArgs, printer: &Printer) -> CliResult<()> {
    let config = crate::config::load(global.config.as_deref())?;
    let mut options = settings::resolve_doctor(&args, &config, global.profile.as_deref())?;

    // The sandbox lives until the run ends.
    let _sandbox = if args.sandbox {
        let sandbox = crate::sandbox::Sandbox::start()
            .await
            .map_err(|error| CliError::from(error.context("cannot start the sandbox")))?;
        options.instance_url = Some(sandbox.bitbucket.base_url.to_string());
        options.backend_url = sandbox.backend.base_url.clone();
        options.extra_ca_pem = Some(sandbox.tls.ca_pem.clone());
        options.token = Some(sandbox.admin_token.clone());
        // The sandbox listens on loopback, where no proxy applies.
        options.proxy = Default::default();
        Some(sandbox)
    } else {
        None
    };

    let planned = doctor::plan(&options.only).map_err(|error| {
        CliError::usage(error.to_string())
            .hint("the check IDs are listed in the message above and in docs/doctor.md")
    })?;
    let live = report::LivePrinter::new(printer.clone(), &planned);
    let report = doctor::run(&options, live.sink())
        .await
        .map_err(|error| CliError::usage(error.to_string()))?;
    live.finish(&report);

    if args.json {
        let backend = options.backend_url.to_string();
        let document = report::json_document(&report, options.instance_url.as_deref(), &backend);
        let text = serde_json::to_string_pretty(&document).map_err(|error| {
            CliError::failure("cannot write the JSON document").caused_by(&error)
        })?;
        printer.data(&text);
    }

    let failed = report.count(doctor::CheckStatus::Fail);
    if failed > 0 {
        let failed_ids: Vec<&str> = report
            .checks
            .iter()
            .filter(|check| check.status == doctor::CheckStatus::Fail)
            .map(|check| check.id)
            .collect();
        return Err(CliError::new(
            ErrorKind::Instance,
            format!("{failed} check(s) failed: {}", failed_ids.join(", ")),
        )
        .hint("fix the causes above and run `gitme doctor` again"));
    }
    Ok(())
}
