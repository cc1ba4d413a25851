//! `gitme connect bitbucket --from-file`: connects several instances, at most `--jobs` at a
//! time, and reports one result per instance.
//!
//! Waiting with several pending authorizations: each instance's authorize URL is opened
//! (or printed) as soon as that instance is registered, and each instance then waits for
//! its own authorization for up to `--timeout`, counted from its registration. The waits
//! run concurrently, so a person can approve the URLs in any order. An instance that
//! fails, times out or is denied does not stop the others. With `--no-wait` every instance
//! is registered, its URL printed, and nothing waits.

use std::path::Path;

use futures_util::StreamExt;
use serde::Serialize;

use super::batch_file::{self, InstanceEntry};
use super::browser::{self, BrowserOutcome};
use super::instance_check;
use super::prompt::Prompter;
use super::reauthorize::{self, format_time};
use super::session::{CONNECT_TIMEOUT, REQUEST_TIMEOUT, Session};
use super::{wait, wizard};
use crate::backend::api::{CreateIntegration, Integration};
use crate::bitbucket::BitbucketClient;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::http_client::{HttpOptions, Trust, build_client, load_ca_file};
use crate::instance_url::InstanceUrl;
use crate::integrations::table;
use crate::output::{ColorChoice, Printer, Status};
use crate::settings::ConnectSettings;

/// The result of one instance, one element of the `--json` array.
#[derive(Debug, Serialize)]
pub struct InstanceResult {
    /// The instance URL as the file gives it.
    pub instance_url: String,
    /// Whether this instance reached its goal: connected, or registered with `--no-wait`.
    pub ok: bool,
    /// `connected`, `pending_authorization` (with `--no-wait`) or `failed`.
    pub status: &'static str,
    /// The integration, once registered.
    pub integration_id: Option<String>,
    /// The authorize URL, with `--no-wait`.
    pub authorize_url: Option<String>,
    /// When the authorize URL stops working (RFC 3339), with `--no-wait`.
    pub expires_at: Option<String>,
    /// The Bitbucket user GitMe connected as.
    pub connected_as: Option<String>,
    /// The number of repositories discovery found.
    pub repositories: Option<u64>,
    /// The reason the instance failed.
    pub error: Option<InstanceError>,
}

/// A failed instance's error, as the single-instance flow would print it.
#[derive(Debug, Serialize)]
pub struct InstanceError {
    /// The exit code the single-instance flow would return for this error.
    pub exit_code: u8,
    /// What failed.
    pub message: String,
    /// The underlying causes, outermost first.
    pub causes: Vec<String>,
    /// The fixes, as `hint:` lines would show them.
    pub hints: Vec<String>,
}

/// Connects every instance of the file at `path`.
pub async fn run(settings: ConnectSettings, path: &Path, printer: &Printer) -> CliResult<()> {
    let entries = batch_file::load(path)?;
    let prompter = Prompter::new(settings.interactive, settings.no_input);
    let session = Session::open(&settings, printer).await?;

    printer.heading("GitMe");
    session.check_account(printer).await?;
    wizard::confirm_link(&settings, &prompter)?;

    printer.heading(&format!(
        "Connecting {} instances, {} at a time",
        entries.len(),
        settings.jobs.min(entries.len())
    ));
    let results: Vec<(InstanceResult, Option<ErrorKind>)> = futures_util::stream::iter(entries)
        .map(|entry| provision_reported(&settings, &session, entry, printer))
        .buffered(settings.jobs.max(1))
        .collect()
        .await;

    print_results(&results, settings.json, printer)?;
    summarise(&results)
}

async fn provision_reported(
    settings: &ConnectSettings,
    session: &Session,
    entry: InstanceEntry,
    printer: &Printer,
) -> (InstanceResult, Option<ErrorKind>) {
    let instance_url = entry.instance_url.clone();
    let mut integration_id = None;
    let outcome = provision(settings, session, entry, printer, &mut integration_id).await;
    match outcome {
        Ok(result) => {
            printer.status(
                Status::Ok,
                &format!("{instance_url}: {}", describe(&result)),
            );
            (result, None)
        }
        Err(error) => {
            printer.status(Status::Fail, &format!("{instance_url}: {}", error.message));
            let result = InstanceResult {
                instance_url,
                ok: false,
                status: "failed",
                integration_id,
                authorize_url: None,
                expires_at: None,
                connected_as: None,
                repositories: None,
                error: Some(InstanceError {
                    exit_code: error.kind.exit_code(),
                    message: error.message,
                    causes: error.causes,
                    hints: error.hints,
                }),
            };
            (result, Some(error.kind))
        }
    }
}

/// Runs the single-instance steps for one entry: check, register, authorize, wait and
/// follow discovery. Its own lines go to a quiet printer, so only failures show.
async fn provision(
    settings: &ConnectSettings,
    session: &Session,
    entry: InstanceEntry,
    printer: &Printer,
    integration_id: &mut Option<String>,
) -> CliResult<InstanceResult> {
    let quiet = Printer::new(true, ColorChoice::Never, true);
    let client_secret = entry.read_secret()?;
    let instance = InstanceUrl::parse(&entry.instance_url)
        .map_err(|error| CliError::usage(format!("invalid instance URL: {error}")))?
        .url;
    let instance_session = Session {
        http: instance_http(settings, &entry)?,
        backend: session.backend.clone(),
        sandbox: None,
        instance_url: Some(entry.instance_url.clone()),
        client_id: Some(entry.client_id.clone()),
        client_secret: Some(client_secret.clone()),
    };
    let client = BitbucketClient::new(instance_session.http.clone(), instance.clone());
    instance_check::run(&client, &quiet).await?;

    let request = CreateIntegration {
        instance_url: instance.as_url().clone(),
        client_id: entry.client_id.clone(),
        client_secret,
    };
    // Concurrent prompts would interleave, so each instance decides from the flags alone.
    let no_prompts = Prompter::new(false, true);
    let integration = reauthorize::create_or_reauthorize(
        settings,
        &instance_session,
        &no_prompts,
        request,
        false,
        &quiet,
    )
    .await?;
    *integration_id = Some(integration.id.clone());
    let authorize_url = wizard::check_authorization(&instance_session, &integration)?;

    if settings.no_wait {
        return Ok(InstanceResult {
            instance_url: entry.instance_url,
            ok: true,
            status: "pending_authorization",
            integration_id: Some(integration.id.clone()),
            authorize_url: Some(authorize_url.to_string()),
            expires_at: Some(format_time(integration.expires_at)),
            connected_as: None,
            repositories: None,
            error: None,
        });
    }

    let outcome = if settings.open_browser {
        browser::open(authorize_url, &settings.browser)
    } else {
        BrowserOutcome::NotOpened("`--no-browser` is set".to_string())
    };
    match outcome {
        BrowserOutcome::Opened(how) => printer.info(&format!(
            "  {}: opened the authorization page with {how}",
            entry.instance_url
        )),
        BrowserOutcome::NotOpened(reason) => printer.info(&format!(
            "  {}: open {authorize_url} in a browser and choose Allow (no browser was opened: {reason})",
            entry.instance_url
        )),
    }

    let backend = &instance_session.backend;
    let connected = wait::authorization(backend, &integration, settings.timeout, &quiet).await?;
    let discovered = wait::discovery(backend, connected, &quiet).await?;
    Ok(connected_result(entry.instance_url, &discovered))
}

/// Builds the HTTP client for one instance: the global extra CA plus the instance's own.
fn instance_http(settings: &ConnectSettings, entry: &InstanceEntry) -> CliResult<reqwest::Client> {
    let mut pem = settings
        .extra_ca
        .as_ref()
        .map(|(_, pem)| pem.clone())
        .unwrap_or_default();
    if let Some(path) = &entry.ca_cert {
        let instance_pem = load_ca_file(path).map_err(|error| {
            CliError::usage(format!("cannot use the CA file `{}`", path.display()))
                .caused_by(&error)
        })?;
        pem.push('\n');
        pem.push_str(&instance_pem);
    }
    let options = HttpOptions {
        extra_ca_pem: (!pem.trim().is_empty()).then_some(pem),
        trust: Trust::PlatformAndExtra,
        timeout: REQUEST_TIMEOUT,
        connect_timeout: CONNECT_TIMEOUT,
        use_env_proxy: true,
    };
    build_client(&options)
        .map_err(|error| CliError::failure("cannot set up the HTTP client").caused_by(&error))
}

fn connected_result(instance_url: String, integration: &Integration) -> InstanceResult {
    InstanceResult {
        instance_url,
        ok: true,
        status: "connected",
        integration_id: Some(integration.id.clone()),
        authorize_url: None,
        expires_at: None,
        connected_as: integration
            .connected_as
            .as_ref()
            .map(|user| user.username.clone()),
        repositories: Some(integration.discovery.repositories_found),
        error: None,
    }
}

fn describe(result: &InstanceResult) -> String {
    match (result.status, &result.authorize_url) {
        ("pending_authorization", Some(url)) => format!("waiting for authorization at {url}"),
        _ => {
            let user = result
                .connected_as
                .as_deref()
                .map(|name| format!(" as {name}"))
                .unwrap_or_default();
            format!(
                "connected{user}, {} repositories",
                result.repositories.unwrap_or(0)
            )
        }
    }
}

fn print_results(
    results: &[(InstanceResult, Option<ErrorKind>)],
    json: bool,
    printer: &Printer,
) -> CliResult<()> {
    if json {
        let documents: Vec<&InstanceResult> = results.iter().map(|(result, _)| result).collect();
        let text = serde_json::to_string_pretty(&documents)
            .map_err(|error| CliError::failure("cannot write the JSON result").caused_by(&error))?;
        printer.data(&text);
        return Ok(());
    }
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|(result, _)| {
            let detail = match &result.error {
                Some(error) => error.message.clone(),
                None => describe(result),
            };
            vec![
                result.instance_url.clone(),
                result.status.to_string(),
                result
                    .integration_id
                    .clone()
                    .unwrap_or_else(|| "-".to_string()),
                detail,
            ]
        })
        .collect();
    printer.heading("Results");
    printer.data(&table::render(
        &["INSTANCE", "RESULT", "INTEGRATION", "DETAIL"],
        &rows,
        0,
    ));
    Ok(())
}

/// Returns success when every instance succeeded. Otherwise the error's kind is the
/// instances' shared kind when every one failed the same way, and a general failure when
/// some succeeded or the failures differ.
fn summarise(results: &[(InstanceResult, Option<ErrorKind>)]) -> CliResult<()> {
    let failed: Vec<ErrorKind> = results.iter().filter_map(|(_, kind)| *kind).collect();
    if failed.is_empty() {
        return Ok(());
    }
    let total = results.len();
    let shared = failed
        .first()
        .copied()
        .filter(|first| failed.len() == total && failed.iter().all(|kind| kind == first));
    let kind = shared.unwrap_or(ErrorKind::Failure);
    Err(CliError::new(
        kind,
        format!("{} of {total} instances failed", failed.len()),
    )
    .hint("fix the failed instances and run again with a file that lists only them; connected instances answer `instance_already_connected`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(kind: Option<ErrorKind>) -> (InstanceResult, Option<ErrorKind>) {
        let result = InstanceResult {
            instance_url: "https://a.example".to_string(),
            ok: kind.is_none(),
            status: if kind.is_none() {
                "connected"
            } else {
                "failed"
            },
            integration_id: None,
            authorize_url: None,
            expires_at: None,
            connected_as: None,
            repositories: None,
            error: None,
        };
        (result, kind)
    }

    #[test]
    fn summary_all_succeeded() {
        assert!(summarise(&[result(None), result(None)]).is_ok());
    }

    #[test]
    fn summary_partial_failure_is_general() {
        let error =
            summarise(&[result(None), result(Some(ErrorKind::Instance))]).expect_err("one failed");
        assert_eq!(error.kind, ErrorKind::Failure);
        assert_eq!(error.message, "1 of 2 instances failed");
    }

    #[test]
    fn summary_same_failure_keeps_kind() {
        let error = summarise(&[
            result(Some(ErrorKind::Timeout)),
            result(Some(ErrorKind::Timeout)),
        ])
        .expect_err("all failed");
        assert_eq!(error.kind, ErrorKind::Timeout);
    }

    #[test]
    fn summary_mixed_failures_are_general() {
        let error = summarise(&[
            result(Some(ErrorKind::Timeout)),
            result(Some(ErrorKind::Instance)),
        ])
        .expect_err("all failed");
        assert_eq!(error.kind, ErrorKind::Failure);
    }
}
