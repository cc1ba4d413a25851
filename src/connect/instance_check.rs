//! The reachability checks the wizard runs on the instance before registering it.
//!
//! They are `gitme doctor`'s own checks, run through its runner. They cover the HTTP
//! redirect chain, `application-properties` from Bitbucket 7.20 or later (the first
//! version with the OAuth 2.0 provider), the provider's authorize and token endpoints, the
//! REST API and the clock. GitMe's cloud calls the token endpoint and the REST API, so a
//! failure here would fail the connection later.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::bitbucket::BitbucketClient;
use crate::doctor::{self, CheckOutcome, CheckStatus};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::{Printer, Status};

/// The deadline of the reachability checks together.
const CHECK_TIMEOUT: Duration = Duration::from_secs(60);

/// The outcome of one check, for the terminal and the JSON result.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// The `gitme doctor` check ID, such as `instance.bitbucket`.
    pub id: &'static str,
    /// `ok`, `warn`, `fail` or `skip`.
    pub status: &'static str,
    /// The response the check saw.
    pub detail: String,
}

/// The facts the checks learned about the instance.
#[derive(Debug, Clone, Serialize)]
pub struct InstanceReport {
    /// `displayName` from application-properties.
    pub display_name: String,
    /// `version` from application-properties.
    pub version: String,
    /// Every check, in report order.
    pub checks: Vec<CheckResult>,
}

/// Runs the checks, printing each outcome as it finishes, and fails when any check
/// failed.
pub async fn run(client: &BitbucketClient, printer: &Printer) -> CliResult<InstanceReport> {
    let spinner = printer.spinner("Checking the instance over HTTPS");
    let line_printer = printer.clone();
    let sink: doctor::Sink = Arc::new(move |outcome: &CheckOutcome| {
        print_outcome(&line_printer, outcome);
    });
    let (outcomes, properties) =
        doctor::run_reachability(client.http(), client.instance(), CHECK_TIMEOUT, sink).await;
    spinner.clear();

    if let Some(failed) = outcomes
        .iter()
        .find(|outcome| outcome.status == CheckStatus::Fail)
    {
        let cause = failed
            .cause
            .clone()
            .unwrap_or_else(|| failed.detail.clone());
        let error = CliError::new(
            ErrorKind::Instance,
            format!("the instance check {} failed: {cause}", failed.id),
        )
        .hint_opt(failed.fix.clone());
        return Err(error);
    }
    let Some(properties) = properties else {
        return Err(CliError::new(
            ErrorKind::Instance,
            "the instance check did not read application-properties",
        ));
    };

    Ok(InstanceReport {
        display_name: properties.display_name,
        version: properties.version,
        checks: outcomes
            .into_iter()
            .map(|outcome| CheckResult {
                id: outcome.id,
                status: status_word(outcome.status),
                detail: outcome.detail,
            })
            .collect(),
    })
}

fn print_outcome(printer: &Printer, outcome: &CheckOutcome) {
    let text = format!("{}: {}", outcome.id, outcome.detail);
    match outcome.status {
        CheckStatus::Ok => printer.status(Status::Ok, &text),
        CheckStatus::Warn => printer.status(Status::Warn, &text),
        CheckStatus::Fail => printer.status(Status::Fail, &text),
        CheckStatus::Skip => {
            printer.info(&format!("  - {}: skipped: {}", outcome.id, outcome.detail))
        }
    }
    if outcome.status == CheckStatus::Warn
        && let Some(cause) = &outcome.cause
    {
        printer.info(&format!("      cause: {cause}"));
    }
}

fn status_word(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Ok => "ok",
        CheckStatus::Warn => "warn",
        CheckStatus::Fail => "fail",
        CheckStatus::Skip => "skip",
    }
}
