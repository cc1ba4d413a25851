//! `gitme integrations`: list, show, page the repositories of, and disconnect the
//! integrations of the GitMe workspace.

use std::path::PathBuf;

use clap::builder::FalseyValueParser;
use clap::{Args, Subcommand};

use crate::cli::GlobalArgs;
use crate::error::CliResult;
use crate::integrations::{self, Connection};
use crate::output::Printer;
use crate::settings;

/// Arguments of `gitme integrations`.
#[derive(Debug, Args)]
pub struct IntegrationsArgs {
    /// The subcommand.
    #[command(subcommand)]
    pub action: IntegrationsAction,
}

/// The `gitme integrations` subcommands.
#[derive(Debug, Subcommand)]
pub enum IntegrationsAction {
    /// List every integration of the workspace, cloud and self-hosted.
    List(ListArgs),
    /// Show one integration: status, instance, connected user, discovery, sync and last
    /// error.
    Show(ShowArgs),
    /// List the repositories an integration discovered, one page at a time.
    Repos(ReposArgs),
    /// Disconnect a self-hosted Bitbucket integration and delete it from GitMe.
    Disconnect(DisconnectArgs),
}

/// The GitMe backend's URL and the CA to trust for it.
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

/// Arguments of `gitme integrations list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print one JSON document on stdout instead of a table.
    #[arg(long)]
    pub json: bool,

    /// The backend to ask.
    #[command(flatten)]
    pub backend: BackendArgs,
}

/// Arguments of `gitme integrations show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The integration ID, as `gitme integrations list` prints it.
    pub id: String,

    /// Print one JSON document on stdout.
    #[arg(long)]
    pub json: bool,

    /// The backend to ask.
    #[command(flatten)]
    pub backend: BackendArgs,
}

/// Arguments of `gitme integrations repos`.
#[derive(Debug, Args)]
pub struct ReposArgs {
    /// The integration ID, as `gitme integrations list` prints it.
    pub id: String,

    /// The maximum number of repositories to print.
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,

    /// Start after this cursor, as a previous page printed it.
    #[arg(long, value_name = "CURSOR")]
    pub cursor: Option<String>,

    /// Print one JSON document on stdout instead of a table.
    #[arg(long)]
    pub json: bool,

    /// The backend to ask.
    #[command(flatten)]
    pub backend: BackendArgs,
}

/// Arguments of `gitme integrations disconnect`.
#[derive(Debug, Args)]
pub struct DisconnectArgs {
    /// The integration ID, as `gitme integrations list` prints it.
    pub id: String,

    /// Disconnect without asking for confirmation.
    #[arg(long, short = 'y', env = "GITME_YES", hide_env_values = true, value_parser = FalseyValueParser::new())]
    pub yes: bool,

    /// Never prompt; without `--yes` this is an error.
    #[arg(long, env = "GITME_NO_INPUT", hide_env_values = true, value_parser = FalseyValueParser::new())]
    pub no_input: bool,

    /// Print one JSON document on stdout.
    #[arg(long)]
    pub json: bool,

    /// The backend to ask.
    #[command(flatten)]
    pub backend: BackendArgs,
}

/// Runs `gitme integrations`.
pub async fn run(args: IntegrationsArgs, global: &GlobalArgs, printer: &Printer) -> CliResult<()> {
    let config =
        crate::config::load(global.config.as_deref())?.effective(global.profile.as_deref())?;
    let backend = match &args.action {
        IntegrationsAction::List(list) => &list.backend,
        IntegrationsAction::Show(show) => &show.backend,
        IntegrationsAction::Repos(repos) => &repos.backend,
        IntegrationsAction::Disconnect(disconnect) => &disconnect.backend,
    };
    let resolved = settings::resolve_backend(
        backend.backend_url.as_deref(),
        backend.ca_cert.as_deref(),
        &config,
    )?;
    let connection = Connection::open(resolved)?;
    match args.action {
        IntegrationsAction::List(list) => integrations::list(&connection, list.json, printer).await,
        IntegrationsAction::Show(show) => {
            integrations::show(&connection, &show.id, show.json, printer).await
        }
        IntegrationsAction::Repos(repos) => {
            let page = integrations::PageRequest {
                limit: repos.limit,
                cursor: repos.cursor,
            };
            integrations::repos(&connection, &repos.id, page, repos.json, printer).await
        }
        IntegrationsAction::Disconnect(disconnect) => {
            let confirmation = integrations::Confirmation {
                yes: disconnect.yes,
                no_input: disconnect.no_input,
            };
            integrations::disconnect(
                &connection,
                &disconnect.id,
                confirmation,
                disconnect.json,
                printer,
            )
            .await
        }
    }
}
