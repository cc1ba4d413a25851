//! `gitme connect bitbucket`: the wizard that connects a Bitbucket Data Center instance.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::FalseyValueParser;
use clap::{Args, Subcommand};

use crate::cli::GlobalArgs;
use crate::config;
use crate::connect::{batch, wizard};
use crate::error::CliResult;
use crate::output::Printer;
use crate::settings::{self, parse_duration};

/// Arguments of `gitme connect`.
#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// The code host to connect.
    #[command(subcommand)]
    pub provider: Provider,
}

/// Code hosts gitme connects.
#[derive(Debug, Subcommand)]
pub enum Provider {
    /// Connect a self-hosted Bitbucket Server or Data Center instance.
    #[command(long_about = BITBUCKET_LONG_ABOUT)]
    Bitbucket(BitbucketArgs),
}

const BITBUCKET_LONG_ABOUT: &str = "\
Connect a self-hosted Bitbucket Server or Data Center instance (7.20 or later) to GitMe.

The wizard checks that the instance answers over HTTPS, shows the OAuth 2.0 application to
create in Bitbucket, registers its client ID and secret with GitMe, opens the authorization
page in a browser, waits for GitMe to finish the connection, and lists the repositories GitMe
discovered. Every prompt has a flag, so CI can run it with --no-input.

--no-wait registers the instance, prints the authorization URL and exits, and --resume ID
waits later, renewing the URL when it expired. --from-file connects several instances.
An instance that is already connected is authorized again under the same integration with
--reauthorize.

The GitMe token comes from GITME_TOKEN, else from `gitme auth login`.";

/// Arguments of `gitme connect bitbucket`.
#[derive(Debug, Args)]
pub struct BitbucketArgs {
    /// Base URL of the Bitbucket instance, including any context path
    /// (https://bitbucket.example.com/bitbucket).
    #[arg(
        long,
        env = "GITME_INSTANCE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub instance_url: Option<String>,

    /// Client ID of the incoming application link created in Bitbucket.
    #[arg(
        long,
        env = "GITME_BITBUCKET_CLIENT_ID",
        hide_env_values = true,
        value_name = "ID"
    )]
    pub client_id: Option<String>,

    /// Read the client secret from FILE, or from standard input when FILE is `-`. The
    /// GITME_BITBUCKET_CLIENT_SECRET environment variable is the other non-interactive way.
    #[arg(long, value_name = "FILE")]
    pub client_secret_file: Option<PathBuf>,

    /// GitMe backend URL.
    #[arg(
        long,
        env = "GITME_BACKEND_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub backend_url: Option<String>,

    /// PEM file of a CA to trust, in addition to the system roots, for the instance and the
    /// backend.
    #[arg(
        long,
        env = "GITME_CA_CERT",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub ca_cert: Option<PathBuf>,

    /// Confirm that the application link exists in Bitbucket without asking.
    #[arg(long, short = 'y', env = "GITME_YES", hide_env_values = true, value_parser = FalseyValueParser::new())]
    pub yes: bool,

    /// Print the authorization URL instead of opening a browser.
    #[arg(long, env = "GITME_NO_BROWSER", hide_env_values = true, value_parser = FalseyValueParser::new())]
    pub no_browser: bool,

    /// How long to wait for the authorization in the browser (`90s`, `10m`, `1h`).
    #[arg(
        long,
        env = "GITME_TIMEOUT",
        hide_env_values = true,
        value_name = "DURATION",
        value_parser = parse_duration,
        default_value = "10m"
    )]
    pub timeout: Duration,

    /// Register and print the authorization URL and integration ID, then exit without
    /// waiting; `--resume ID` waits later.
    #[arg(long, env = "GITME_NO_WAIT", hide_env_values = true, value_parser = FalseyValueParser::new())]
    pub no_wait: bool,

    /// When the instance is already connected, authorize GitMe again under the existing
    /// integration instead of stopping.
    #[arg(
        long,
        env = "GITME_REAUTHORIZE",
        hide_env_values = true,
        value_parser = FalseyValueParser::new(),
        conflicts_with = "resume"
    )]
    pub reauthorize: bool,

    /// Connect every instance listed in this TOML file (`[[instance]]` tables with
    /// `instance_url`, `client_id`, `client_secret_file` or `client_secret_env`, and an
    /// optional `ca_cert`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["resume", "sandbox"])]
    pub from_file: Option<PathBuf>,

    /// How many instances of `--from-file` to connect at the same time.
    #[arg(
        long,
        env = "GITME_JOBS",
        hide_env_values = true,
        value_name = "N",
        default_value_t = 4,
        value_parser = clap::value_parser!(u16).range(1..=64)
    )]
    pub jobs: u16,

    /// Print one JSON document with the result on stdout; progress stays on stderr.
    #[arg(long)]
    pub json: bool,

    /// Never prompt; a missing value is an error that names its flag.
    #[arg(long, env = "GITME_NO_INPUT", hide_env_values = true, value_parser = FalseyValueParser::new())]
    pub no_input: bool,

    /// Wait for an integration that was already registered, by its ID, instead of
    /// registering a new one.
    #[arg(long, value_name = "ID")]
    pub resume: Option<String>,

    /// Start the Bitbucket and GitMe emulators on loopback and connect to them. The
    /// sandbox supplies the instance URL, backend URL, CA, token and client credentials.
    #[arg(long, conflicts_with = "resume")]
    pub sandbox: bool,
}

/// Runs `gitme connect`.
pub async fn run(args: ConnectArgs, global: &GlobalArgs, printer: &Printer) -> CliResult<()> {
    match args.provider {
        Provider::Bitbucket(args) => {
            let json = args.json;
            let result = run_bitbucket(&args, global, printer).await;
            // A script reading `--json` gets a document on failure too; the batch mode
            // prints its own array, which already carries each instance's error.
            if let Err(error) = &result
                && json
                && args.from_file.is_none()
            {
                printer.data(&error_document(error).to_string());
            }
            result
        }
    }
}

async fn run_bitbucket(
    args: &BitbucketArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> CliResult<()> {
    let config = config::load(global.config.as_deref())?;
    let connect_settings =
        settings::resolve_connect(args, &config, global.profile.as_deref(), printer)?;
    match connect_settings.from_file.clone() {
        Some(path) => batch::run(connect_settings, &path, printer).await,
        None => wizard::run(connect_settings, printer).await,
    }
}

/// Returns the `--json` document of a failed run: `ok` false and the error as `main`
/// prints it.
fn error_document(error: &crate::error::CliError) -> serde_json::Value {
    serde_json::json!({
        "ok": false,
        "error": {
            "exit_code": error.kind.exit_code(),
            "message": error.message,
            "causes": error.causes,
            "hints": error.hints,
        }
    })
}
