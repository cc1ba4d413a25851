//! `gitme integrations disconnect`: deletes a self-hosted Bitbucket integration after a
//! confirmation.

use serde::Serialize;

use super::{Connection, to_json};
use crate::backend::api::BITBUCKET_DATA_CENTER_PROVIDER;
use crate::connect::prompt::Prompter;
use crate::error::{CliError, CliResult};
use crate::output::{Printer, Status};

/// The user's confirmation flags.
#[derive(Debug, Clone, Copy)]
pub struct Confirmation {
    /// `--yes`: confirmed in advance.
    pub yes: bool,
    /// `--no-input`: never prompt.
    pub no_input: bool,
}

/// The JSON document `gitme integrations disconnect --json` prints.
#[derive(Debug, Serialize)]
struct DisconnectResult<'a> {
    integration_id: &'a str,
    name: &'a str,
    disconnected: bool,
}

/// Asks for confirmation unless `--yes` is given, then disconnects integration `id`.
/// Without a terminal or with `--no-input`, a missing `--yes` is an error that names it.
pub async fn disconnect(
    connection: &Connection,
    id: &str,
    confirmation: Confirmation,
    json: bool,
    printer: &Printer,
) -> CliResult<()> {
    let summary = connection.summary(id).await?;
    if summary.provider != BITBUCKET_DATA_CENTER_PROVIDER {
        return Err(CliError::usage(format!(
            "gitme disconnects only self-hosted Bitbucket integrations, and `{id}` is a {} integration",
            summary.provider
        ))
        .hint("disconnect it in the GitMe web app under Settings > Integrations"));
    }
    if !confirmation.yes {
        let interactive = !confirmation.no_input
            && printer.is_interactive_terminal()
            && std::io::IsTerminal::is_terminal(&std::io::stdin());
        let prompter = Prompter::new(interactive, confirmation.no_input);
        let confirmed = prompter.confirm(
            &format!(
                "Disconnect {} ({id})? GitMe stops analysing its repositories",
                summary.name
            ),
            "the confirmation to disconnect",
            "`--yes`",
        )?;
        if !confirmed {
            return Err(CliError::usage(format!(
                "stopped: integration `{id}` stays connected"
            )));
        }
    }

    connection
        .backend
        .delete_integration(id)
        .await
        .map_err(|error| {
            crate::connect::backend_error(&format!("cannot disconnect integration `{id}`"), error)
        })?;
    printer.status(
        Status::Ok,
        &format!("Disconnected integration {id} ({})", summary.name),
    );
    if json {
        let result = DisconnectResult {
            integration_id: id,
            name: &summary.name,
            disconnected: true,
        };
        printer.data(&to_json(&result)?);
    }
    Ok(())
}
