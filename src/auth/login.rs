//! `gitme auth login`: get a token with the device authorization grant or from standard
//! input, check it with `GET /api/v1/me`, and store it.

use std::io::Read;
use std::path::PathBuf;

use super::device::{self, DeviceFlowError};
use super::store::{self, TokenSource};
use super::{backend_client, http_client, no_keyring_error, rejected_token_error, role_name};
use crate::backend::api::{Me, Role};
use crate::connect::browser::{self, BrowserOutcome};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::{Printer, Status};
use crate::secret::Secret;
use crate::settings::{BackendSettings, BrowserEnvironment};

/// Everything `gitme auth login` needs, resolved.
#[derive(Debug)]
pub struct LoginSettings {
    /// The backend to sign in to.
    pub backend: BackendSettings,
    /// Read the token from standard input instead of running the device flow.
    pub with_token: bool,
    /// Store the token in the insecure file instead of the OS keyring.
    pub insecure_storage: bool,
    /// Whether to try to open a browser at the verification page.
    pub open_browser: bool,
    /// The browser-related environment.
    pub browser: BrowserEnvironment,
}

/// The store the token goes to.
enum Destination {
    Keyring,
    File(PathBuf),
}

/// Runs `gitme auth login`.
pub async fn run(settings: LoginSettings, printer: &Printer) -> CliResult<()> {
    let account = settings.backend.account();
    let destination = choose_destination(&settings, &account)?;
    let http = http_client(&settings.backend)?;

    let token = if settings.with_token {
        read_token_from_stdin()?
    } else {
        device_flow(&settings, &http, printer).await?
    };

    let me = verify(&settings.backend, &http, &token, printer).await?;
    let source = store_token(&destination, &account, &token)?;
    printer.status(
        Status::Ok,
        &format!(
            "Signed in to GitMe at {account} as {} ({} of {}); token stored in the {source}",
            me.user.email,
            role_name(me.role),
            me.workspace.name
        ),
    );
    if me.role == Role::Member {
        printer.warn(&format!(
            "{} is a Member of {}, so it cannot connect instances",
            me.user.email, me.workspace.name
        ));
        printer.hint(
            "ask an Account Admin to invite you from Settings > Invite User with the Account \
             Admin role",
        );
    }
    if crate::settings::token_from_env().is_some() {
        printer.warn(
            "`GITME_TOKEN` is set and overrides the stored token; unset it to use this sign-in",
        );
    }
    Ok(())
}

/// Picks the keyring, or the file with `--insecure-storage`, and checks the keyring works
/// before the user spends time in the browser.
fn choose_destination(settings: &LoginSettings, account: &str) -> CliResult<Destination> {
    let file = store::insecure_file_path();
    if settings.insecure_storage {
        return file.map(Destination::File).ok_or_else(|| {
            CliError::failure("cannot store the GitMe token in a file")
                .caused_by(&store::FileStoreError::NoConfigDirectory)
                .hint("set `HOME`, or set `GITME_TOKEN` instead of signing in")
        });
    }
    match store::keyring_probe(account) {
        Ok(()) => Ok(Destination::Keyring),
        Err(error) => Err(no_keyring_error(&error, file.as_deref())),
    }
}

fn read_token_from_stdin() -> CliResult<Secret> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|error| {
            CliError::usage("cannot read the GitMe token from standard input").caused_by(&error)
        })?;
    let token = Secret::new(text.trim());
    if token.is_blank() {
        return Err(
            CliError::usage("the GitMe token from standard input is empty").hint(
                "pipe a GitMe API token into `gitme auth login --with-token`, for example \
                 `gitme auth login --with-token < token.txt`",
            ),
        );
    }
    Ok(token)
}

async fn device_flow(
    settings: &LoginSettings,
    http: &reqwest::Client,
    printer: &Printer,
) -> CliResult<Secret> {
    let backend_url = &settings.backend.url;
    let authorization = device::start(http, backend_url)
        .await
        .map_err(|error| flow_error("cannot start the GitMe sign-in", error))?;

    printer.heading("Sign in to GitMe");
    printer.field("Verification URL", authorization.verification_uri());
    printer.field("User code", authorization.user_code());
    printer.info(&format!(
        "Open the URL, sign in to GitMe and enter the code within {} minutes.",
        authorization.expires_in().as_secs().div_ceil(60)
    ));
    let page = authorization
        .verification_uri_complete()
        .unwrap_or(authorization.verification_uri());
    if settings.open_browser {
        match url::Url::parse(page) {
            Ok(url) => match browser::open(&url, &settings.browser) {
                BrowserOutcome::Opened(how) => {
                    printer.status(Status::Ok, &format!("Opened the page with {how}"));
                }
                BrowserOutcome::NotOpened(why) => {
                    printer.info(&format!("No browser was opened because {why}."));
                }
            },
            Err(error) => tracing::debug!(%error, "the verification URL is not a URL"),
        }
    }

    let spinner = printer.spinner("Waiting for the sign-in in the browser");
    match device::wait_for_token(http, backend_url, &authorization).await {
        Ok(token) => {
            spinner.finish(Status::Ok, "Sign-in approved");
            Ok(token)
        }
        Err(error) => {
            spinner.finish(Status::Fail, "Sign-in failed");
            Err(flow_error("the GitMe sign-in failed", error))
        }
    }
}

fn flow_error(context: &str, error: DeviceFlowError) -> CliError {
    match error {
        DeviceFlowError::Denied => CliError::new(
            ErrorKind::Authorization,
            format!("{context}: access was denied in the browser"),
        )
        .hint("run `gitme auth login` again and press Approve"),
        DeviceFlowError::Expired => CliError::new(
            ErrorKind::Authorization,
            format!("{context}: the user code expired before it was entered"),
        )
        .hint("run `gitme auth login` again and enter the new code before it expires"),
        DeviceFlowError::Request { .. } => CliError::failure(context)
            .caused_by(&error)
            .hint("check that the GitMe backend is reachable, and `--backend-url`"),
        DeviceFlowError::Rejected { .. } | DeviceFlowError::Unexpected { .. } => {
            CliError::failure(context).caused_by(&error)
        }
    }
}

async fn verify(
    backend: &BackendSettings,
    http: &reqwest::Client,
    token: &Secret,
    printer: &Printer,
) -> CliResult<Me> {
    let spinner = printer.spinner("Checking the token with the GitMe backend");
    let client = backend_client(http, backend, token.clone());
    match client.me().await {
        Ok(me) => {
            spinner.clear();
            Ok(me)
        }
        Err(error) => {
            spinner.finish(Status::Fail, "The GitMe backend did not accept the token");
            if error.api_code() == Some("unauthorized") {
                let mut cli_error = rejected_token_error("cannot sign in to GitMe", &error);
                cli_error.hints = vec![
                    "create a new API token in the GitMe web app, or run `gitme auth login` \
                     without `--with-token`"
                        .to_string(),
                ];
                return Err(cli_error);
            }
            Err(crate::connect::backend_error(
                "cannot check the GitMe token",
                error,
            ))
        }
    }
}

/// Stores the token, then removes an older token for the same account from the other
/// store, because the lookup prefers the keyring and an old keyring entry would otherwise
/// hide a new insecure-file token.
fn store_token(destination: &Destination, account: &str, token: &Secret) -> CliResult<TokenSource> {
    match destination {
        Destination::Keyring => match store::keyring_set(account, token) {
            Ok(()) => {
                if let Some(path) = store::insecure_file_path() {
                    // Best effort: a missing or unreadable file contains nothing to hide.
                    let _ = store::file_delete(&path, account);
                }
                Ok(TokenSource::Keyring)
            }
            Err(error) => Err(no_keyring_error(
                &error,
                store::insecure_file_path().as_deref(),
            )),
        },
        Destination::File(path) => {
            store::file_set(path, account, token).map_err(|error| {
                CliError::failure("cannot store the GitMe token").caused_by(&error)
            })?;
            // Best effort: without a keyring there is no older entry to remove.
            let _ = store::keyring_delete(account);
            Ok(TokenSource::InsecureFile(path.clone()))
        }
    }
}
