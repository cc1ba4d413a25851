//! `gitme auth login|status|logout`: sign in to GitMe, show who is signed in, sign out.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::auth::login::LoginSettings;
use crate::auth::{login, status};
use crate::cli::GlobalArgs;
use crate::error::CliResult;
use crate::output::Printer;
use crate::settings::{self, BackendSettings, BrowserEnvironment};

/// Arguments of `gitme auth`.
#[derive(Debug, Args)]
pub struct AuthArgs {
    /// The subcommand.
    #[command(subcommand)]
    pub action: AuthAction,
}

/// The `gitme auth` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuthAction {
    /// Sign in to GitMe in a browser (OAuth 2.0 device authorization) and store the token.
    #[command(long_about = LOGIN_LONG_ABOUT)]
    Login(LoginArgs),
    /// Show the signed-in user, workspace, role and where the token comes from.
    Status(StatusArgs),
    /// Remove the stored GitMe token from the keyring and the insecure token file.
    Logout(BackendArgs),
}

const LOGIN_LONG_ABOUT: &str = "\
Sign in to GitMe and store the API token.

gitme prints a verification URL and a user code, opens the URL in a browser where it can,
and waits while you sign in to GitMe and approve. It then checks the token and stores it in
the OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows),
one entry per backend host.

Where no keyring works (headless servers, containers), login stops and says so: pass
--insecure-storage to keep the token in a file readable only by you, or set GITME_TOKEN.
GITME_TOKEN always overrides the stored token.";

/// The backend a `gitme auth` subcommand talks to.
#[derive(Debug, Args)]
pub struct BackendArgs {
    /// GitMe backend URL.
    #[arg(
        long,
        env = "GITME_BACKEND_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub backend_url: Option<String>,

    /// PEM file of a CA to trust, in addition to the system roots, for the backend.
    #[arg(
        long,
        env = "GITME_CA_CERT",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub ca_cert: Option<PathBuf>,
}

/// Arguments of `gitme auth login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The backend to sign in to.
    #[command(flatten)]
    pub backend: BackendArgs,

    /// Read a GitMe API token from standard input instead of signing in in a browser.
    #[arg(long)]
    pub with_token: bool,

    /// Store the token unencrypted in a file readable only by you, instead of the OS
    /// keyring.
    #[arg(long)]
    pub insecure_storage: bool,

    /// Print the verification URL instead of opening a browser.
    #[arg(long, conflicts_with = "with_token")]
    pub no_browser: bool,
}

/// Arguments of `gitme auth status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The backend to check.
    #[command(flatten)]
    pub backend: BackendArgs,

    /// Print one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Runs `gitme auth`.
pub async fn run(args: AuthArgs, global: &GlobalArgs, printer: &Printer) -> CliResult<()> {
    let config =
        crate::config::load(global.config.as_deref())?.effective(global.profile.as_deref())?;
    let resolve = |backend: &BackendArgs| -> CliResult<BackendSettings> {
        settings::resolve_backend(
            backend.backend_url.as_deref(),
            backend.ca_cert.as_deref(),
            &config,
        )
    };
    match args.action {
        AuthAction::Login(login_args) => {
            let login_settings = LoginSettings {
                backend: resolve(&login_args.backend)?,
                with_token: login_args.with_token,
                insecure_storage: login_args.insecure_storage,
                open_browser: !login_args.no_browser,
                browser: BrowserEnvironment::from_env(),
            };
            login::run(login_settings, printer).await
        }
        AuthAction::Status(status_args) => {
            status::run_status(resolve(&status_args.backend)?, status_args.json, printer).await
        }
        AuthAction::Logout(backend) => status::run_logout(resolve(&backend)?, printer),
    }
}
