//! The order of `gitme connect bitbucket`: gather, check, register, authorize, wait, report.

use url::Url;

use super::authorize_check::{ExpectedAuthorization, check_authorize_url};
use super::browser::{self, BrowserOutcome};
use super::instance_check::{self, InstanceReport};
use super::prompt::Prompter;
use super::reauthorize;
use super::report::{self, ConnectResult};
use super::session::Session;
use super::wait;
use crate::backend::api::{
    APPLICATION_NAME, BITBUCKET_SCOPE, CreateIntegration, Integration, IntegrationStatus,
};
use crate::bitbucket::BitbucketClient;
use crate::error::{CliError, CliResult};
use crate::instance_url::InstanceUrl;
use crate::output::{Printer, Status};
use crate::sandbox::user_agent::Consent;
use crate::settings::ConnectSettings;

/// Runs the whole connect flow.
pub async fn run(settings: ConnectSettings, printer: &Printer) -> CliResult<()> {
    let prompter = Prompter::new(settings.interactive, settings.no_input);
    let session = Session::open(&settings, printer).await?;

    printer.heading("GitMe");
    let me = session.check_account(printer).await?;

    let (instance_report, integration) = match &settings.resume {
        Some(id) => {
            let integration = resume(&session, id, printer).await?;
            (
                None,
                reauthorize::renew_if_expired(&session, integration, printer).await?,
            )
        }
        None => {
            let (report, integration) = register(&settings, &session, &prompter, printer).await?;
            (Some(report), integration)
        }
    };
    if integration.status == IntegrationStatus::Failed {
        return Err(wait::not_connected(&integration));
    }
    if settings.no_wait && integration.status == IntegrationStatus::PendingAuthorization {
        check_authorization(&session, &integration)?;
        return reauthorize::print_pending(&integration, settings.json, printer);
    }

    let integration = match integration.status {
        IntegrationStatus::PendingAuthorization => {
            authorize(&settings, &session, &integration, printer)?;
            wait::authorization(&session.backend, &integration, settings.timeout, printer).await?
        }
        _ => integration,
    };

    printer.heading("Discovering repositories");
    let integration = wait::discovery(&session.backend, integration, printer).await?;
    let repositories = report::fetch_repositories(&session.backend, &integration.id).await?;

    if settings.json {
        let result = ConnectResult {
            ok: true,
            instance: instance_report.as_ref(),
            integration: &integration,
            counts: report::count(&repositories),
            repositories: &repositories,
            analysis_starts_on: &me.workspace.analysis_starts_on,
        };
        let json = serde_json::to_string_pretty(&result)
            .map_err(|error| CliError::failure("cannot write the JSON result").caused_by(&error))?;
        printer.data(&json);
    } else {
        report::print_human(printer, &me, &integration, &repositories);
    }
    Ok(())
}

/// Gathers the instance and credentials, checks the instance and registers it.
async fn register(
    settings: &ConnectSettings,
    session: &Session,
    prompter: &Prompter,
    printer: &Printer,
) -> CliResult<(InstanceReport, Integration)> {
    check_values_without_prompts(settings, session, prompter)?;
    printer.heading("Bitbucket instance");
    let instance = gather_instance_url(session, prompter, printer)?;
    let client = BitbucketClient::new(session.http.clone(), instance.clone());
    let report = instance_check::run(&client, printer).await?;

    // An instance that is already connected needs no new application link, so the admin
    // hears about it before the setup instructions, not after typing the secret.
    let reauthorize_agreed =
        reauthorize::confirm_if_connected(settings, session, prompter, &instance, printer).await?;
    show_registration(&instance, &session.backend.callback_url(), printer);
    confirm_link(settings, prompter)?;

    let client_id = match &session.client_id {
        Some(id) => id.clone(),
        None => prompter
            .input("Client ID", "the client ID", "`--client-id ID`", |text| {
                if text.trim().is_empty() {
                    Err("the client ID is empty".to_string())
                } else {
                    Ok(())
                }
            })?
            .trim()
            .to_string(),
    };
    let client_secret = match &session.client_secret {
        Some(secret) => secret.clone(),
        None => prompter.password(
            "Client secret (hidden)",
            "the client secret",
            "`--client-secret-file FILE` or `GITME_BITBUCKET_CLIENT_SECRET`",
        )?,
    };

    let request = CreateIntegration {
        instance_url: instance.as_url().clone(),
        client_id,
        client_secret,
    };
    let integration = reauthorize::create_or_reauthorize(
        settings,
        session,
        prompter,
        request,
        reauthorize_agreed,
        printer,
    )
    .await?;
    Ok((report, integration))
}

/// Without prompts, reports a missing value before any network check runs, so a CI job
/// fails at once and names the flag.
fn check_values_without_prompts(
    settings: &ConnectSettings,
    session: &Session,
    prompter: &Prompter,
) -> CliResult<()> {
    if prompter.is_interactive() {
        return Ok(());
    }
    if session.instance_url.is_none() {
        return Err(prompter.missing("the instance URL", "`--instance-url URL`"));
    }
    confirm_link(settings, prompter)?;
    if session.client_id.is_none() {
        return Err(prompter.missing("the client ID", "`--client-id ID`"));
    }
    if session.client_secret.is_none() {
        return Err(prompter.missing(
            "the client secret",
            "`--client-secret-file FILE` or `GITME_BITBUCKET_CLIENT_SECRET`",
        ));
    }
    Ok(())
}

fn gather_instance_url(
    session: &Session,
    prompter: &Prompter,
    printer: &Printer,
) -> CliResult<InstanceUrl> {
    let text = match &session.instance_url {
        Some(text) => text.clone(),
        None => prompter.input(
            "Bitbucket instance URL (https://...)",
            "the instance URL",
            "`--instance-url URL`",
            |text| {
                InstanceUrl::parse(text)
                    .map(|_| ())
                    .map_err(|error| error.to_string())
            },
        )?,
    };
    let normalised = InstanceUrl::parse(&text).map_err(|error| {
        CliError::usage(format!("invalid instance URL: {error}"))
            .hint("give the base URL of Bitbucket, such as https://bitbucket.example.com or https://host/bitbucket")
    })?;
    for change in &normalised.changes {
        printer.info(&format!("  Using {} ({change})", normalised.url));
    }
    printer.field("Instance", &normalised.url.to_string());
    Ok(normalised.url)
}

fn show_registration(instance: &InstanceUrl, callback_url: &Url, printer: &Printer) {
    printer.heading("Create the OAuth 2.0 application in Bitbucket");
    printer.info(
        "In Bitbucket, go to Administration > Applications > Application links > Create link,",
    );
    printer.info("choose External application, direction Incoming, and enter:");
    printer.field("Name", APPLICATION_NAME);
    printer.field("Redirect URL (must match exactly)", callback_url.as_str());
    printer.field("Scope", &format!("{BITBUCKET_SCOPE} (Repositories: Read)"));
    printer.field("Admin page", instance.admin_links_page().as_str());
    printer.info("Then copy the client ID and client secret Bitbucket shows.");
}

pub(crate) fn confirm_link(settings: &ConnectSettings, prompter: &Prompter) -> CliResult<()> {
    if settings.confirmed || settings.sandbox {
        return Ok(());
    }
    let confirmed = prompter.confirm(
        "Does the application link exist in Bitbucket with this redirect URL and scope?",
        "the confirmation that the application link exists",
        "`--yes`",
    )?;
    if confirmed {
        Ok(())
    } else {
        Err(
            CliError::usage("stopped: the application link does not exist yet")
                .hint("create the link as shown above, then run `gitme connect bitbucket` again"),
        )
    }
}

async fn resume(session: &Session, id: &str, printer: &Printer) -> CliResult<Integration> {
    let integration = session
        .backend
        .integration(id, std::time::Duration::ZERO, None)
        .await
        .map_err(|error| super::backend_error(&format!("cannot read integration `{id}`"), error))?;
    printer.status(
        Status::Ok,
        &format!(
            "Resuming integration {} for {}",
            integration.id, integration.instance_url
        ),
    );
    Ok(integration)
}

/// Checks that the authorize URL is the request gitme expects for the integration's
/// instance, client ID and callback, and returns it.
pub(crate) fn check_authorization<'a>(
    session: &Session,
    integration: &'a Integration,
) -> CliResult<&'a Url> {
    let authorize_url = integration
        .authorize_url
        .as_ref()
        .ok_or_else(|| CliError::failure("the GitMe backend returned no authorization URL"))?;
    let instance = InstanceUrl::parse(integration.instance_url.as_str())
        .map_err(|error| {
            CliError::failure(format!(
                "the backend returned an invalid instance URL: {error}"
            ))
        })?
        .url;
    let callback_url = session.backend.callback_url();
    let expected = ExpectedAuthorization {
        instance: &instance,
        client_id: &integration.client_id,
        callback_url: &callback_url,
    };
    check_authorize_url(authorize_url, &expected).map_err(|error| {
        CliError::failure(format!(
            "refusing to open the authorization URL from the backend: {error}"
        ))
        .hint("the URL does not match the instance, client ID, callback or scope; check `--backend-url`")
    })?;
    Ok(authorize_url)
}

/// Checks the authorize URL, then opens it in a browser, hands it to the sandbox's user
/// agent, or prints it for the user to open.
pub(crate) fn authorize(
    settings: &ConnectSettings,
    session: &Session,
    integration: &Integration,
    printer: &Printer,
) -> CliResult<()> {
    let authorize_url = check_authorization(session, integration)?;

    printer.heading("Authorize GitMe in Bitbucket");
    printer.action_field("Authorization URL", authorize_url.as_str());

    // In the sandbox, `--no-input` means no one is at the keyboard, so the built-in user
    // agent handles the consent page instead of a browser.
    let outcome = if !settings.open_browser {
        BrowserOutcome::NotOpened("`--no-browser` is set".to_string())
    } else if settings.no_input && session.sandbox.is_some() {
        BrowserOutcome::NotOpened("`--no-input` is set".to_string())
    } else {
        browser::open(authorize_url, &settings.browser)
    };
    match (outcome, &session.sandbox) {
        (BrowserOutcome::Opened(how), _) => {
            printer.info(&format!(
                "  Opened the page with {how}. Choose Allow in Bitbucket."
            ));
        }
        (BrowserOutcome::NotOpened(reason), Some(sandbox)) => {
            printer.info(&format!(
                "  No browser was opened because {reason}, so gitme's built-in user agent signs in to the sandbox as `{}` and presses Allow.",
                crate::sandbox::bitbucket::SANDBOX_USERNAME
            ));
            let agent = sandbox.user_agent(authorize_url.clone(), Consent::Allow);
            let agent_printer = printer.clone();
            tokio::spawn(async move {
                if let Err(error) = agent.await {
                    agent_printer.status(
                        Status::Fail,
                        &format!("The built-in user agent failed: {error:#}"),
                    );
                }
            });
        }
        (BrowserOutcome::NotOpened(reason), None) => {
            printer.info(&format!(
                "  No browser was opened because {reason}. Open the URL above in a browser where you are signed in to Bitbucket, then choose Allow."
            ));
        }
    }
    Ok(())
}
