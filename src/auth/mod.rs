//! Signing in to GitMe: the device authorization grant ([`device`]), the token store
//! ([`store`]), and the `gitme auth login|status|logout` flows ([`login`], [`status`]).

pub mod device;
pub mod login;
pub mod status;
pub mod store;

use std::path::Path;

use url::Url;

use crate::backend::{BackendClient, BackendError};
use crate::connect::session::{CONNECT_TIMEOUT, REQUEST_TIMEOUT};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::http_client::{HttpOptions, Trust, build_client};
use crate::secret::Secret;
use crate::settings::BackendSettings;
use store::{KeyringError, Resolution, account_for};

/// Builds the error for "no token anywhere". It names the backend, gives the reason the
/// keyring or the token file could not be read, and points at `gitme auth login` and
/// `GITME_TOKEN`.
pub fn not_signed_in_error(backend_url: &Url, resolution: &Resolution) -> CliError {
    let mut error = CliError::new(
        ErrorKind::Auth,
        format!("not signed in to GitMe at {}", account_for(backend_url)),
    );
    if let Some(keyring_error) = &resolution.keyring_error {
        error = error.caused_by(keyring_error);
    }
    if let Some(file_error) = &resolution.file_error {
        error = error.caused_by(file_error);
    }
    error.hint("run `gitme auth login` to sign in, or set `GITME_TOKEN` to a GitMe API token")
}

/// Builds the error for a token the backend rejected with `401 unauthorized`, which means
/// it expired or was revoked.
pub fn rejected_token_error(context: &str, error: &BackendError) -> CliError {
    CliError::new(
        ErrorKind::Auth,
        format!("{context}: the GitMe token was rejected because it expired or was revoked"),
    )
    .caused_by(error)
    .hint("run `gitme auth login` to sign in again")
    .hint("if `GITME_TOKEN` is set, set it to a valid GitMe API token or unset it")
}

/// Builds the error for a keyring that cannot store the token. gitme never falls back to a
/// file on its own, so the error names `--insecure-storage` and `GITME_TOKEN` instead.
pub fn no_keyring_error(error: &KeyringError, insecure_file: Option<&Path>) -> CliError {
    let file = insecure_file
        .map(|path| format!("`{}`", path.display()))
        .unwrap_or_else(|| "a file in gitme's config directory".to_string());
    CliError::new(
        ErrorKind::Auth,
        "cannot store the GitMe token: no usable OS keyring",
    )
    .caused_by(error)
    .hint(format!(
        "run `gitme auth login --insecure-storage` to store the token unencrypted in {file}, \
         readable only by you"
    ))
    .hint("or set `GITME_TOKEN` to a GitMe API token instead of signing in")
}

/// Builds the HTTP client for the backend, trusting the platform roots and the extra CA.
pub fn http_client(backend: &BackendSettings) -> CliResult<reqwest::Client> {
    let options = HttpOptions {
        extra_ca_pem: backend.extra_ca.as_ref().map(|(_, pem)| pem.clone()),
        trust: Trust::PlatformAndExtra,
        timeout: REQUEST_TIMEOUT,
        connect_timeout: CONNECT_TIMEOUT,
        use_env_proxy: true,
    };
    build_client(&options)
        .map_err(|error| CliError::failure("cannot set up the HTTP client").caused_by(&error))
}

/// Builds a backend client that sends `token`.
pub fn backend_client(
    http: &reqwest::Client,
    backend: &BackendSettings,
    token: Secret,
) -> BackendClient {
    BackendClient::new(http.clone(), backend.url.clone(), token)
}

/// Returns the role as the web app shows it.
pub fn role_name(role: crate::backend::api::Role) -> &'static str {
    match role {
        crate::backend::api::Role::AccountAdmin => "Account Admin",
        crate::backend::api::Role::Member => "Member",
    }
}
