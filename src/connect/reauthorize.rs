//! New authorizations for integrations that already exist: re-authorizing a connected
//! instance instead of creating a duplicate, renewing an expired authorize URL on
//! `--resume`, and printing a pending authorization for `--no-wait`.

use serde::Serialize;
use time::OffsetDateTime;
use url::Url;

use super::prompt::Prompter;
use super::session::Session;
use crate::backend::api::{CreateIntegration, Integration, IntegrationStatus, RenewAuthorization};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::{Printer, Status};
use crate::settings::ConnectSettings;

/// The JSON document `--no-wait` prints.
#[derive(Debug, Serialize)]
pub struct PendingResult<'a> {
    /// The integration to pass to `--resume`.
    pub integration_id: &'a str,
    /// The URL a person opens to authorize GitMe in Bitbucket.
    pub authorize_url: &'a Url,
    /// When the authorize URL stops working (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// The redirect URL registered on the application link.
    pub callback_url: &'a Url,
}

/// Looks up whether the workspace already has a connected integration for `instance` and,
/// on a terminal without `--reauthorize`, prompts whether to authorize GitMe again.
/// Returns whether the user agreed. A failed lookup is only logged: the registration still catches
/// the conflict.
pub async fn confirm_if_connected(
    settings: &ConnectSettings,
    session: &Session,
    prompter: &Prompter,
    instance: &crate::instance_url::InstanceUrl,
    printer: &Printer,
) -> CliResult<bool> {
    if settings.reauthorize || !prompter.is_interactive() {
        return Ok(false);
    }
    let list = match session.backend.list_integrations().await {
        Ok(list) => list,
        Err(error) => {
            tracing::debug!(%error, "cannot list integrations; the registration will find a conflict");
            return Ok(false);
        }
    };
    let wanted = instance.to_string();
    let existing = list.integrations.into_iter().find(|summary| {
        summary.provider == crate::backend::api::BITBUCKET_DATA_CENTER_PROVIDER
            && summary.status == "connected"
            && crate::instance_url::InstanceUrl::parse(&summary.name)
                .is_ok_and(|normalised| normalised.url.to_string() == wanted)
    });
    let Some(existing) = existing else {
        return Ok(false);
    };
    printer.status(
        Status::Warn,
        &format!(
            "{wanted} is already connected to GitMe as integration {}",
            existing.id
        ),
    );
    let agreed = prompter.confirm(
        "Authorize GitMe again for this instance, keeping the integration?",
        "the re-authorization confirmation",
        "`--reauthorize`",
    )?;
    if agreed {
        return Ok(true);
    }
    Err(CliError::usage(format!(
        "`{wanted}` is already connected to GitMe as integration `{}`",
        existing.id
    ))
    .hint("to authorize GitMe again under the same integration, for example as another Bitbucket user, pass `--reauthorize`")
    .hint(format!("to see the connection, run `gitme integrations show {}`", existing.id)))
}

/// Registers the instance. When the backend returns `instance_already_connected`, starts a
/// re-authorization of the existing integration with `--reauthorize` or after the user
/// agrees at a prompt, and otherwise fails with a usage error that names `--reauthorize`.
pub async fn create_or_reauthorize(
    settings: &ConnectSettings,
    session: &Session,
    prompter: &Prompter,
    request: CreateIntegration,
    already_agreed: bool,
    printer: &Printer,
) -> CliResult<Integration> {
    let spinner = printer.spinner("Registering the application link with GitMe");
    let error = match session.backend.create_integration(&request).await {
        Ok(integration) => {
            spinner.finish(
                Status::Ok,
                &format!("Registered with GitMe as integration {}", integration.id),
            );
            return Ok(integration);
        }
        Err(error) => error,
    };
    let existing = match (error.api_code(), error.integration_id()) {
        (Some("instance_already_connected"), Some(id)) => id.to_string(),
        _ => {
            spinner.finish(Status::Fail, "GitMe did not accept the registration");
            return Err(super::backend_error("cannot register the instance", error));
        }
    };
    spinner.finish(
        Status::Warn,
        &format!(
            "{} is already connected to GitMe as integration {existing}",
            request.instance_url.as_str().trim_end_matches('/')
        ),
    );

    let agreed = settings.reauthorize
        || already_agreed
        || (prompter.is_interactive()
            && prompter.confirm(
                "Authorize GitMe again for this instance, keeping the integration?",
                "the re-authorization confirmation",
                "`--reauthorize`",
            )?);
    if !agreed {
        return Err(CliError::usage(format!(
            "`{}` is already connected to GitMe as integration `{existing}`",
            request.instance_url.as_str().trim_end_matches('/')
        ))
        .hint("to authorize GitMe again under the same integration, for example as another Bitbucket user, pass `--reauthorize`")
        .hint(format!("to see the connection, run `gitme integrations show {existing}`")));
    }

    let renewal = RenewAuthorization {
        client_id: Some(request.client_id),
        client_secret: Some(request.client_secret),
    };
    renew(
        session,
        &existing,
        &renewal,
        printer,
        "Started a re-authorization",
    )
    .await
}

/// Starts a new authorization when the integration's authorize URL expired: its status is
/// `expired`, or it is still `pending_authorization` past `expires_at`.
pub async fn renew_if_expired(
    session: &Session,
    integration: Integration,
    printer: &Printer,
) -> CliResult<Integration> {
    let expired = match integration.status {
        IntegrationStatus::Expired => true,
        IntegrationStatus::PendingAuthorization => {
            integration.expires_at <= OffsetDateTime::now_utc()
        }
        IntegrationStatus::Connected | IntegrationStatus::Failed => false,
    };
    if !expired {
        return Ok(integration);
    }
    // A newer registration replaced this one; renewing it would create a second
    // integration for the same instance.
    if let Some(error) = integration
        .error
        .as_ref()
        .filter(|error| error.code == "superseded")
    {
        return Err(CliError::new(
            crate::error::ErrorKind::Authorization,
            format!(
                "integration {} cannot be resumed: {}",
                integration.id, error.message
            ),
        )
        .hint_opt(error.hint.clone()));
    }
    printer.status(
        Status::Warn,
        &format!(
            "The authorization URL of integration {} expired",
            integration.id
        ),
    );
    let renewal = RenewAuthorization::default();
    renew(
        session,
        &integration.id,
        &renewal,
        printer,
        "Renewed the authorization",
    )
    .await
}

async fn renew(
    session: &Session,
    id: &str,
    renewal: &RenewAuthorization,
    printer: &Printer,
    done: &str,
) -> CliResult<Integration> {
    let spinner = printer.spinner("Requesting a new authorization URL from GitMe");
    match session.backend.renew_authorization(id, renewal).await {
        Ok(integration) => {
            spinner.finish(
                Status::Ok,
                &format!("{done} of integration {}", integration.id),
            );
            Ok(integration)
        }
        Err(error) => {
            spinner.finish(Status::Fail, "GitMe did not start a new authorization");
            Err(super::backend_error(
                &format!("cannot start a new authorization for integration `{id}`"),
                error,
            ))
        }
    }
}

/// Prints a pending authorization for `--no-wait`: the authorize URL alone on stdout (or one
/// JSON document), and the integration id, expiry and resume command on stderr.
pub fn print_pending(integration: &Integration, json: bool, printer: &Printer) -> CliResult<()> {
    let authorize_url = integration
        .authorize_url
        .as_ref()
        .ok_or_else(|| CliError::failure("the GitMe backend returned no authorization URL"))?;
    printer.heading("Authorize GitMe in Bitbucket");
    printer.field("Integration", &integration.id);
    printer.action_field("Authorization URL", authorize_url.as_str());
    printer.field("Expires at", &format_time(integration.expires_at));
    printer.info(&format!(
        "  Hand the URL to a Bitbucket user who can approve it, then run `gitme connect bitbucket --resume {}`.",
        integration.id
    ));
    if json {
        let result = PendingResult {
            integration_id: &integration.id,
            authorize_url,
            expires_at: integration.expires_at,
            callback_url: &integration.callback_url,
        };
        let text = serde_json::to_string_pretty(&result).map_err(|error| {
            CliError::new(ErrorKind::Failure, "cannot write the JSON result").caused_by(&error)
        })?;
        printer.data(&text);
    } else {
        printer.data(authorize_url.as_str());
    }
    Ok(())
}

/// Formats a timestamp as RFC 3339 in whole seconds, or in `time`'s own format if that
/// fails.
pub fn format_time(at: OffsetDateTime) -> String {
    let at = at.replace_nanosecond(0).unwrap_or(at);
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.to_string())
}
