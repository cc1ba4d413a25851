//! `gitme integrations repos`: the repositories an integration discovered, page by page.

use serde::Serialize;

use super::{Connection, to_json};
use crate::backend::api::DiscoveredRepository;
use crate::connect::report;
use crate::error::CliResult;
use crate::output::Printer;

/// The largest page the backend returns.
const MAX_PAGE: u32 = 1000;

/// The part of the list to print.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// The maximum number of repositories to print.
    pub limit: u32,
    /// The position to continue from: a previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// The JSON document `gitme integrations repos --json` prints.
#[derive(Debug, Serialize)]
struct ReposResult<'a> {
    integration_id: &'a str,
    repositories: &'a [DiscoveredRepository],
    /// Pass as `--cursor` for the next page; null after the last repository.
    next_cursor: Option<&'a str>,
}

/// Prints up to `page.limit` repositories of integration `id`, starting after
/// `page.cursor`, as a table on stdout or one JSON document.
pub async fn repos(
    connection: &Connection,
    id: &str,
    page: PageRequest,
    json: bool,
    printer: &Printer,
) -> CliResult<()> {
    let summary = connection.summary(id).await?;
    if summary.provider != crate::backend::api::BITBUCKET_DATA_CENTER_PROVIDER {
        return Err(crate::error::CliError::usage(format!(
            "gitme lists repositories of self-hosted Bitbucket integrations only, and `{id}` is a {} integration",
            summary.provider
        ))
        .hint("see its repositories in the GitMe web app under Settings > Integrations"));
    }
    let limit = page.limit as usize;
    let mut repositories: Vec<DiscoveredRepository> = Vec::new();
    let mut cursor = page.cursor;
    loop {
        let remaining = limit.saturating_sub(repositories.len());
        let request_size = u32::try_from(remaining).unwrap_or(MAX_PAGE).min(MAX_PAGE);
        let fetched = connection
            .backend
            .repositories(id, cursor.as_deref(), request_size)
            .await
            .map_err(|error| {
                crate::connect::backend_error(
                    &format!("cannot read the repositories of integration `{id}`"),
                    error,
                )
            })?;
        repositories.extend(fetched.repositories);
        let advanced = fetched.next_cursor.is_some() && fetched.next_cursor != cursor;
        cursor = fetched.next_cursor;
        if !advanced || repositories.len() >= limit {
            break;
        }
    }

    if json {
        let result = ReposResult {
            integration_id: id,
            repositories: &repositories,
            next_cursor: cursor.as_deref(),
        };
        printer.data(&to_json(&result)?);
        return Ok(());
    }
    printer.data(&report::render_table(&repositories, repositories.len()));
    printer.info(&format!("{} repositories", repositories.len()));
    if let Some(next) = &cursor {
        printer.info(&format!(
            "More follow: run `gitme integrations repos {id} --cursor {next}`"
        ));
    }
    Ok(())
}
