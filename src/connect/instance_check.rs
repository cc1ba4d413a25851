//! The reachability checks the wizard runs on the instance before registering it.
//!
//! HTTPS must answer, `application-properties` must come from Bitbucket 7.20 or later (the
//! first version with the OAuth 2.0 provider), and the provider, the token endpoint and the
//! REST API must respond. GitMe's cloud calls the token endpoint and the REST API, so a
//! failure here would fail the connection later.

use serde::Serialize;

use crate::bitbucket::{ApplicationProperties, BitbucketClient, BitbucketError};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::{Printer, Status};

/// The outcome of one check, for the terminal and the JSON result.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// A stable identifier, such as `bitbucket.version`.
    pub id: &'static str,
    /// `ok`, `warn` or `fail`.
    pub status: &'static str,
    /// What the check saw.
    pub detail: String,
}

/// What the checks learned about the instance.
#[derive(Debug, Clone, Serialize)]
pub struct InstanceReport {
    /// `displayName` from application-properties.
    pub display_name: String,
    /// `version` from application-properties.
    pub version: String,
    /// Every check, in the order it ran.
    pub checks: Vec<CheckResult>,
}

/// Runs every check, printing each outcome, and fails on the first failing group.
pub async fn run(client: &BitbucketClient, printer: &Printer) -> CliResult<InstanceReport> {
    let mut checks = Vec::new();

    // HTTPS and the product come first: nothing else is worth asking a server that is not
    // Bitbucket.
    let spinner = printer.spinner("Reading application-properties over HTTPS");
    let properties = match client.application_properties().await {
        Ok(properties) => properties,
        Err(error) => {
            let text = error.to_string();
            spinner.finish(Status::Fail, &text);
            return Err(instance_error(error));
        }
    };
    let detail = format!(
        "{} {} answers over HTTPS",
        properties.display_name, properties.version
    );
    spinner.finish(Status::Ok, &detail);
    checks.push(passed("bitbucket.https", detail));

    checks.push(check_version(&properties, printer)?);

    // The three endpoint probes are independent, so they run together.
    let spinner = printer.spinner("Checking the OAuth 2.0 provider, token endpoint and REST API");
    let (provider, token, rest) = tokio::join!(
        client.probe_oauth_provider(),
        client.probe_token_endpoint(),
        client.probe_rest_api()
    );
    spinner.clear();
    let probes = [
        ("bitbucket.oauth_provider", "OAuth 2.0 provider", provider),
        ("bitbucket.token_endpoint", "OAuth token endpoint", token),
        ("bitbucket.rest_api", "REST API", rest),
    ];
    let mut first_failure = None;
    for (id, name, result) in probes {
        match result {
            Ok(report) => {
                let detail = format!("{name}: {}", report.summary);
                printer.status(Status::Ok, &detail);
                checks.push(passed(id, detail));
            }
            Err(error) => {
                let detail = format!("{name}: {error}");
                printer.status(Status::Fail, &detail);
                checks.push(CheckResult {
                    id,
                    status: "fail",
                    detail,
                });
                first_failure.get_or_insert(error);
            }
        }
    }
    if let Some(error) = first_failure {
        return Err(instance_error(error));
    }

    Ok(InstanceReport {
        display_name: properties.display_name,
        version: properties.version,
        checks,
    })
}

fn check_version(properties: &ApplicationProperties, printer: &Printer) -> CliResult<CheckResult> {
    let version = properties.parsed_version().map_err(|_| {
        CliError::new(
            ErrorKind::Instance,
            format!(
                "cannot read the Bitbucket version `{}` from application-properties",
                properties.version
            ),
        )
        .hint("check that the URL points at Bitbucket Data Center, not another product")
    })?;
    if !version.has_oauth2_provider() {
        let detail = format!(
            "Bitbucket {} has no OAuth 2.0 provider; 7.20 or later is required",
            properties.version
        );
        printer.status(Status::Fail, &detail);
        return Err(CliError::new(ErrorKind::Instance, detail).hint(
            "upgrade Bitbucket to 7.20 or later (the OAuth 2.0 incoming links arrived in 7.20)",
        ));
    }
    let detail = format!(
        "version {} has the OAuth 2.0 provider (7.20 or later)",
        properties.version
    );
    printer.status(Status::Ok, &detail);
    Ok(passed("bitbucket.version", detail))
}

fn passed(id: &'static str, detail: String) -> CheckResult {
    CheckResult {
        id,
        status: "ok",
        detail,
    }
}

fn instance_error(error: BitbucketError) -> CliError {
    let hint = error.hint();
    CliError::new(
        ErrorKind::Instance,
        format!("the instance check failed: {error}"),
    )
    .hint_opt(hint)
}
