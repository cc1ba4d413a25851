//! `gitme integrations list` and `gitme integrations show`.

use serde::Serialize;

use super::{Connection, format_optional_time, table, to_json};
use crate::backend::api::{
    BITBUCKET_DATA_CENTER_PROVIDER, Hosting, Integration, IntegrationList, IntegrationSummary,
};
use crate::error::CliResult;
use crate::output::Printer;

/// The widest cell of the list table; longer names are shortened with `…`.
const MAX_CELL: usize = 60;

/// The JSON document `gitme integrations show --json` prints.
#[derive(Debug, Serialize)]
struct ShowResult<'a> {
    /// The integration as the workspace listing returns it.
    integration: &'a IntegrationSummary,
    /// The self-hosted Bitbucket integration in full, or null for other providers.
    bitbucket: Option<&'a Integration>,
}

/// Prints every integration of the workspace as a table on stdout, or as
/// `{"integrations": [...]}` with `json`.
pub async fn list(connection: &Connection, json: bool, printer: &Printer) -> CliResult<()> {
    let integrations = connection.summaries().await?;
    if json {
        printer.data(&to_json(&IntegrationList { integrations })?);
        return Ok(());
    }
    if integrations.is_empty() {
        printer
            .info("The workspace has no integrations. Run `gitme connect bitbucket` to add one.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = integrations
        .iter()
        .map(|summary| {
            vec![
                summary.id.clone(),
                summary.provider.clone(),
                hosting_label(summary.hosting).to_string(),
                summary.name.clone(),
                summary.status.clone(),
                connected_as(summary),
                summary.repositories.to_string(),
                summary.sync.state.clone(),
            ]
        })
        .collect();
    printer.data(&table::render(
        &[
            "ID",
            "PROVIDER",
            "HOSTING",
            "NAME",
            "STATUS",
            "CONNECTED AS",
            "REPOS",
            "SYNC",
        ],
        &rows,
        MAX_CELL,
    ));
    Ok(())
}

/// Prints one integration as `label: value` lines on stdout, or as one JSON document.
/// Self-hosted Bitbucket integrations also show their discovery progress and authorization.
pub async fn show(
    connection: &Connection,
    id: &str,
    json: bool,
    printer: &Printer,
) -> CliResult<()> {
    let summary = connection.summary(id).await?;
    let bitbucket = if summary.provider == BITBUCKET_DATA_CENTER_PROVIDER {
        let integration = connection
            .backend
            .integration(id, std::time::Duration::ZERO, None)
            .await
            .map_err(|error| {
                crate::connect::backend_error(&format!("cannot read integration `{id}`"), error)
            })?;
        Some(integration)
    } else {
        None
    };
    if json {
        let result = ShowResult {
            integration: &summary,
            bitbucket: bitbucket.as_ref(),
        };
        printer.data(&to_json(&result)?);
        return Ok(());
    }

    let mut lines = vec![
        ("ID", summary.id.clone()),
        (
            "Provider",
            format!("{} ({})", summary.provider, hosting_label(summary.hosting)),
        ),
        ("Instance", summary.name.clone()),
        ("Status", summary.status.clone()),
        ("Connected as", connected_as(&summary)),
        ("Repositories", summary.repositories.to_string()),
        ("Sync", summary.sync.state.clone()),
        (
            "Last synced",
            format_optional_time(summary.sync.last_synced_at),
        ),
    ];
    if let Some(integration) = &bitbucket {
        let discovery = &integration.discovery;
        let projects = match discovery.projects_total {
            Some(total) => format!("{}/{total} projects scanned", discovery.projects_scanned),
            None => format!("{} projects scanned", discovery.projects_scanned),
        };
        let state = serde_json::to_value(discovery.state)
            .ok()
            .and_then(|value| value.as_str().map(str::to_string))
            .unwrap_or_default();
        lines.push(("Discovery", format!("{state}, {projects}")));
        lines.push(("Client ID", integration.client_id.clone()));
        if let Some(url) = &integration.authorize_url {
            lines.push(("Authorization URL", url.to_string()));
            lines.push((
                "Expires at",
                format_optional_time(Some(integration.expires_at)),
            ));
        }
    }
    let error = summary
        .error
        .as_ref()
        .map(|error| format!("{} ({})", error.message, error.code))
        .unwrap_or_else(|| "-".to_string());
    lines.push(("Last error", error));
    let text: Vec<String> = lines
        .iter()
        .map(|(label, value)| format!("{label}: {value}"))
        .collect();
    printer.data(&text.join("\n"));
    Ok(())
}

fn hosting_label(hosting: Hosting) -> &'static str {
    match hosting {
        Hosting::Cloud => "cloud",
        Hosting::SelfHosted => "self-hosted",
    }
}

fn connected_as(summary: &IntegrationSummary) -> String {
    summary
        .connected_as
        .as_ref()
        .map(|user| user.username.clone())
        .unwrap_or_else(|| "-".to_string())
}
