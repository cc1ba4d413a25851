//! The connections a connect run needs: the HTTP client, the backend client, the signed-in
//! account, and, with `--sandbox`, the in-process sandbox that serves them.

use std::time::Duration;

use url::Url;

use crate::backend::BackendClient;
use crate::backend::api::{Me, Role};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::http_client::{HttpOptions, Trust, build_client};
use crate::output::{Printer, Status};
use crate::sandbox::Sandbox;
use crate::secret::Secret;
use crate::settings::ConnectSettings;

/// Timeout of one ordinary HTTP request. Long-polls set their own.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Timeout of a TCP and TLS connection set-up.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The clients and sandbox a connect run uses.
pub struct Session {
    /// The HTTP client for the instance and the backend.
    pub http: reqwest::Client,
    /// The GitMe backend.
    pub backend: BackendClient,
    /// The in-process sandbox, with `--sandbox`. It serves until the session is dropped.
    pub sandbox: Option<Sandbox>,
    /// The instance URL to use, from the flag, the config file or the sandbox.
    pub instance_url: Option<String>,
    /// The client ID to use, from the flag or the sandbox.
    pub client_id: Option<String>,
    /// The client secret to use, from a file, stdin, the environment or the sandbox.
    pub client_secret: Option<Secret>,
}

impl Session {
    /// Starts the sandbox when asked to and builds the clients.
    pub async fn open(settings: &ConnectSettings, printer: &Printer) -> CliResult<Session> {
        if settings.sandbox {
            return Session::open_sandbox(printer).await;
        }
        let options = HttpOptions {
            extra_ca_pem: settings.extra_ca.as_ref().map(|(_, pem)| pem.clone()),
            trust: Trust::PlatformAndExtra,
            timeout: REQUEST_TIMEOUT,
            connect_timeout: CONNECT_TIMEOUT,
            use_env_proxy: true,
        };
        let http = build_client(&options).map_err(|error| {
            CliError::failure("cannot set up the HTTP client").caused_by(&error)
        })?;
        let token = settings.token.clone().ok_or_else(|| {
            crate::auth::not_signed_in_error(&settings.backend_url, &settings.token_resolution)
        })?;
        Ok(Session {
            backend: BackendClient::new(http.clone(), settings.backend_url.clone(), token),
            http,
            sandbox: None,
            instance_url: settings.instance_url.clone(),
            client_id: settings.client_id.clone(),
            client_secret: settings.client_secret.clone(),
        })
    }

    async fn open_sandbox(printer: &Printer) -> CliResult<Session> {
        let spinner = printer.spinner("Starting the sandbox");
        let sandbox = Sandbox::start()
            .await
            .map_err(|error| CliError::from(error.context("cannot start the sandbox")))?;
        spinner.finish(
            Status::Ok,
            &format!(
                "Sandbox running: Bitbucket emulator at {}, GitMe backend at {}",
                sandbox.bitbucket.base_url, sandbox.backend.base_url
            ),
        );
        let options = HttpOptions {
            extra_ca_pem: Some(sandbox.tls.ca_pem.clone()),
            trust: Trust::OnlyExtra,
            timeout: REQUEST_TIMEOUT,
            connect_timeout: CONNECT_TIMEOUT,
            use_env_proxy: false,
        };
        let http = build_client(&options).map_err(|error| {
            CliError::failure("cannot set up the HTTP client").caused_by(&error)
        })?;
        let backend_url: Url = sandbox.backend.base_url.clone();
        Ok(Session {
            backend: BackendClient::new(http.clone(), backend_url, sandbox.admin_token.clone()),
            http,
            instance_url: Some(
                sandbox
                    .bitbucket
                    .base_url
                    .as_str()
                    .trim_end_matches('/')
                    .to_string(),
            ),
            client_id: Some(sandbox.link().client_id.clone()),
            client_secret: Some(sandbox.link().client_secret.clone()),
            sandbox: Some(sandbox),
        })
    }

    /// Checks the GitMe token and that its user may connect instances.
    pub async fn check_account(&self, printer: &Printer) -> CliResult<Me> {
        let spinner = printer.spinner("Checking the GitMe account");
        let me = match self.backend.me().await {
            Ok(me) => me,
            Err(error) => {
                spinner.finish(Status::Fail, "The GitMe account check failed");
                let mut cli_error =
                    crate::connect::backend_error("cannot read the GitMe account", error);
                if cli_error.kind != ErrorKind::Auth && cli_error.kind != ErrorKind::Usage {
                    cli_error = cli_error.hint(format!(
                        "check that the GitMe backend at {} is reachable",
                        self.backend.base_url()
                    ));
                }
                return Err(cli_error);
            }
        };
        if me.role != Role::AccountAdmin {
            spinner.finish(
                Status::Fail,
                &format!(
                    "{} is not an Account Admin of {}",
                    me.user.email, me.workspace.name
                ),
            );
            return Err(CliError::new(
                ErrorKind::Auth,
                format!(
                    "`{}` cannot connect instances: only an Account Admin of workspace `{}` can",
                    me.user.email, me.workspace.name
                ),
            )
            .hint("ask an Account Admin to invite you from Settings > Invite User with the Account Admin role"));
        }
        spinner.finish(
            Status::Ok,
            &format!(
                "Signed in to GitMe as {} (Account Admin of {})",
                me.user.email, me.workspace.name
            ),
        );
        Ok(me)
    }
}
