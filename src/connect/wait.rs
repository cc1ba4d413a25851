//! Waiting for the backend: first for the authorization, then for repository discovery.
//!
//! Both loops long-poll the backend with the last revision seen, so each request returns
//! as soon as something changes and no loop sleeps.

use std::time::{Duration, Instant};

use indicatif::ProgressBar;

use crate::backend::BackendClient;
use crate::backend::api::{DiscoveryState, Integration, IntegrationStatus, MAX_WAIT_SECONDS};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::{Printer, Status};

/// How long discovery may go without any progress before gitme stops waiting.
const DISCOVERY_STALL_LIMIT: Duration = Duration::from_secs(120);

/// How many failed polls in a row the authorization wait survives, so a dropped connection
/// or a backend restart does not end a wait that can go on.
const POLL_RETRIES: u32 = 3;

/// The pause before polling again after a failed poll; it doubles on each retry.
const POLL_RETRY_DELAY: Duration = Duration::from_secs(1);

/// Waits until the integration leaves `pending_authorization`, `timeout` runs out, or the
/// user presses Ctrl-C. Returns the connected integration.
pub async fn authorization(
    backend: &BackendClient,
    integration: &Integration,
    timeout: Duration,
    printer: &Printer,
) -> CliResult<Integration> {
    let spinner = printer.spinner("Waiting for the authorization in the browser");
    let deadline = Instant::now() + timeout;
    let poll = async {
        let mut current = integration.clone();
        let mut failures = 0;
        while !current.status.is_final() {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(timed_out(&current, timeout));
            }
            let wait = remaining.min(Duration::from_secs(MAX_WAIT_SECONDS));
            match backend
                .integration(&current.id, wait, Some(current.revision))
                .await
            {
                Ok(next) => {
                    current = next;
                    failures = 0;
                }
                // Only a request that got no response is worth repeating. An API error is final.
                Err(error @ crate::backend::BackendError::Request { .. })
                    if failures < POLL_RETRIES =>
                {
                    failures += 1;
                    let delay = POLL_RETRY_DELAY * 2u32.pow(failures - 1);
                    tracing::debug!(%error, failures, ?delay, "polling the integration failed; retrying");
                    tokio::time::sleep(delay.min(remaining)).await;
                }
                Err(error) => {
                    return Err(crate::connect::backend_error(
                        "cannot read the integration",
                        error,
                    )
                    .hint(resume_hint(&current)));
                }
            }
        }
        Ok(current)
    };
    let result = tokio::select! {
        result = poll => result,
        _ = tokio::signal::ctrl_c() => Err(interrupted(integration)),
    };
    let current = match result {
        Ok(current) => current,
        Err(error) => {
            spinner.finish(Status::Fail, "The authorization did not finish");
            return Err(error);
        }
    };
    match current.status {
        IntegrationStatus::Connected => {
            let connected_user = current
                .connected_as
                .as_ref()
                .map(|user| format!(" as `{}`", user.username))
                .unwrap_or_default();
            spinner.finish(Status::Ok, &format!("GitMe is connected{connected_user}"));
            Ok(current)
        }
        _ => {
            spinner.finish(Status::Fail, "The authorization did not finish");
            Err(not_connected(&current))
        }
    }
}

/// Follows repository discovery with progress bars until it completes or fails.
pub async fn discovery(
    backend: &BackendClient,
    integration: Integration,
    printer: &Printer,
) -> CliResult<Integration> {
    let projects_bar = printer.progress_bar(
        0,
        "  {bar:30} {pos}/{len} projects scanned, {msg} repositories found",
    );
    let follow = async {
        let mut current = integration;
        let mut last_change = Instant::now();
        loop {
            update_bar(&projects_bar, &current);
            match current.discovery.state {
                DiscoveryState::Completed | DiscoveryState::Failed => return Ok(current),
                DiscoveryState::NotStarted | DiscoveryState::Running => {}
            }
            if last_change.elapsed() > DISCOVERY_STALL_LIMIT {
                return Err(CliError::failure(format!(
                    "repository discovery made no progress for {} seconds",
                    DISCOVERY_STALL_LIMIT.as_secs()
                ))
                .hint(format!(
                    "GitMe keeps discovering in the background; check integration `{}` in the GitMe web app",
                    current.id
                )));
            }
            let next = backend
                .integration(
                    &current.id,
                    Duration::from_secs(MAX_WAIT_SECONDS),
                    Some(current.revision),
                )
                .await
                .map_err(|error| {
                    crate::connect::backend_error("cannot read the discovery progress", error)
                })?;
            if next.revision != current.revision {
                last_change = Instant::now();
            }
            current = next;
        }
    };
    let result = tokio::select! {
        result = follow => result,
        _ = tokio::signal::ctrl_c() => Err(CliError::new(
            ErrorKind::Interrupted,
            "stopped following the repository discovery",
        )
        .hint("GitMe is connected and keeps discovering repositories in the background")),
    };
    projects_bar.finish_and_clear();
    let current = result?;
    let discovery = &current.discovery;
    let summary = format!(
        "Discovery {}: {} projects scanned, {} repositories found",
        match discovery.state {
            DiscoveryState::Completed => "completed",
            _ => "failed",
        },
        discovery.projects_scanned,
        discovery.repositories_found
    );
    if discovery.state == DiscoveryState::Completed {
        printer.status(Status::Ok, &summary);
    } else {
        printer.status(Status::Fail, &summary);
        let mut error = CliError::failure("repository discovery failed");
        if let Some(api_error) = &current.error {
            error = error.hint_opt(api_error.hint.clone());
            error.causes.push(api_error.message.clone());
        }
        return Err(error);
    }
    Ok(current)
}

fn update_bar(bar: &ProgressBar, integration: &Integration) {
    let discovery = &integration.discovery;
    if let Some(total) = discovery.projects_total {
        bar.set_length(total);
    }
    bar.set_position(discovery.projects_scanned);
    bar.set_message(discovery.repositories_found.to_string());
}

fn timed_out(integration: &Integration, timeout: Duration) -> CliError {
    CliError::new(
        ErrorKind::Timeout,
        format!(
            "no one authorized GitMe within {}",
            describe_duration(timeout)
        ),
    )
    .hint(resume_hint(integration))
    .hint("wait longer with `--timeout`, for example `--timeout 30m`")
    .hint(
        "if Bitbucket showed an error page instead of the consent page (for example \
         \"Invalid client\"), the client ID or the link's redirect URL is wrong: fix it and run \
         `gitme connect bitbucket` again",
    )
}

/// Formats a duration in the largest whole unit: `1 second`, `90 seconds`, `10 minutes`.
fn describe_duration(duration: Duration) -> String {
    let seconds = duration.as_secs();
    let (value, unit) = if seconds >= 3600 && seconds.is_multiple_of(3600) {
        (seconds / 3600, "hour")
    } else if seconds >= 60 && seconds.is_multiple_of(60) {
        (seconds / 60, "minute")
    } else {
        (seconds, "second")
    };
    let plural = if value == 1 { "" } else { "s" };
    format!("{value} {unit}{plural}")
}

fn interrupted(integration: &Integration) -> CliError {
    CliError::new(
        ErrorKind::Interrupted,
        "stopped waiting for the authorization",
    )
    .hint(resume_hint(integration))
}

pub(crate) fn resume_hint(integration: &Integration) -> String {
    let expires = crate::connect::reauthorize::format_time(integration.expires_at);
    format!(
        "the authorization link works until {expires} unless a newer connect run for the same instance replaces it; to keep waiting, run `gitme connect bitbucket --resume {}`",
        integration.id
    )
}

/// Returns the error for an integration that ended without a connection.
pub(crate) fn not_connected(integration: &Integration) -> CliError {
    let (code, message, hint) = match &integration.error {
        Some(error) => (
            error.code.as_str(),
            error.message.clone(),
            error.hint.clone(),
        ),
        None => ("", String::new(), None),
    };
    match integration.status {
        IntegrationStatus::Expired if code == "superseded" => CliError::new(
            ErrorKind::Authorization,
            format!("integration {} was replaced: {message}", integration.id),
        )
        .hint_opt(hint),
        IntegrationStatus::Expired => CliError::new(
            ErrorKind::Authorization,
            "the authorization expired before anyone authorized GitMe",
        )
        .hint("run `gitme connect bitbucket` again to get a new authorization link"),
        _ if code == "access_denied" => CliError::new(
            ErrorKind::Authorization,
            "access was denied in Bitbucket, so GitMe is not connected",
        )
        .hint(hint.unwrap_or_else(|| {
            "run `gitme connect bitbucket` again and choose Allow on the Bitbucket consent page"
                .to_string()
        })),
        _ => {
            let mut error = CliError::new(
                ErrorKind::Authorization,
                format!("the connection failed ({code}): {message}"),
            );
            error = error.hint_opt(hint);
            error
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(describe_duration(Duration::from_secs(1)), "1 second");
        assert_eq!(describe_duration(Duration::from_secs(90)), "90 seconds");
        assert_eq!(describe_duration(Duration::from_secs(600)), "10 minutes");
        assert_eq!(describe_duration(Duration::from_secs(3600)), "1 hour");
    }
}
