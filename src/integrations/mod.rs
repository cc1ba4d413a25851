//! Managing the integrations of a GitMe workspace: listing them, showing one, paging its
//! repositories and disconnecting it.

mod disconnect;
mod repos;
pub mod table;
mod view;

pub use disconnect::{Confirmation, disconnect};
pub use repos::{PageRequest, repos};
pub use view::{list, show};

use crate::backend::BackendClient;
use crate::backend::api::IntegrationSummary;
use crate::error::{CliError, CliResult};
use crate::settings::BackendSettings;

/// The backend client the `gitme integrations` subcommands use.
pub struct Connection {
    /// The GitMe backend.
    pub backend: BackendClient,
}

impl Connection {
    /// Builds the HTTP and backend clients with the token from `GITME_TOKEN`, the keyring
    /// or the token file. Fails with the auth exit code when there is none.
    pub fn open(settings: BackendSettings) -> CliResult<Connection> {
        let resolution = crate::settings::resolve_token(&settings.url);
        let token = match &resolution.token {
            Some(resolved) => resolved.token.clone(),
            None => return Err(crate::auth::not_signed_in_error(&settings.url, &resolution)),
        };
        let http = crate::auth::http_client(&settings)?;
        Ok(Connection {
            backend: crate::auth::backend_client(&http, &settings, token),
        })
    }

    /// Returns every integration of the workspace.
    pub async fn summaries(&self) -> CliResult<Vec<IntegrationSummary>> {
        self.backend
            .list_integrations()
            .await
            .map(|list| list.integrations)
            .map_err(|error| crate::connect::backend_error("cannot list the integrations", error))
    }

    /// Returns the listed integration `id`, or an error that points at `gitme integrations
    /// list`.
    pub async fn summary(&self, id: &str) -> CliResult<IntegrationSummary> {
        let summaries = self.summaries().await?;
        summaries
            .into_iter()
            .find(|summary| summary.id == id)
            .ok_or_else(|| {
                CliError::failure(format!("no integration `{id}` exists in this workspace"))
                    .hint("run `gitme integrations list` to see the integration IDs")
            })
    }
}

/// Serializes `value` as pretty JSON for stdout.
fn to_json(value: &impl serde::Serialize) -> CliResult<String> {
    serde_json::to_string_pretty(value)
        .map_err(|error| CliError::failure("cannot write the JSON result").caused_by(&error))
}

/// Formats an optional timestamp as RFC 3339, or `-`.
fn format_optional_time(at: Option<time::OffsetDateTime>) -> String {
    at.map(crate::connect::reauthorize::format_time)
        .unwrap_or_else(|| "-".to_string())
}
