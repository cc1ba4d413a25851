//! `gitme auth status` (who the token belongs to and where it came from) and
//! `gitme auth logout` (remove the stored token).

use serde_json::json;

use super::store::{self, TokenSource};
use super::{backend_client, http_client, not_signed_in_error, rejected_token_error, role_name};
use crate::backend::api::Me;
use crate::error::{CliError, CliResult};
use crate::output::{Printer, Status};
use crate::settings::BackendSettings;

/// Runs `gitme auth status`. Fails with the auth exit code when no token is found or the
/// backend rejects it; with `json`, stdout gets one document in both cases.
pub async fn run_status(backend: BackendSettings, json: bool, printer: &Printer) -> CliResult<()> {
    let result = check(&backend).await;
    let account = backend.account();
    match &result {
        Ok((me, source)) => {
            if json {
                printer.data(&status_json(&backend, Some((me, source)), None).to_string());
            } else {
                // The account lines are the command's result, so they go to stdout where
                // `gitme auth status | grep Role` finds them.
                printer.status(Status::Ok, &format!("Signed in to GitMe at {account}"));
                printer.data(&format!(
                    "User: {} <{}>\nWorkspace: {}\nRole: {}\nToken source: {source}",
                    me.user.name,
                    me.user.email,
                    me.workspace.name,
                    role_name(me.role)
                ));
            }
        }
        Err(error) => {
            if json {
                printer.data(&status_json(&backend, None, Some(&error.message)).to_string());
            }
        }
    }
    result.map(|_| ())
}

async fn check(backend: &BackendSettings) -> CliResult<(Me, TokenSource)> {
    let resolution = crate::settings::resolve_token(&backend.url);
    let Some(resolved) = resolution.token.clone() else {
        return Err(not_signed_in_error(&backend.url, &resolution));
    };
    let http = http_client(backend)?;
    let client = backend_client(&http, backend, resolved.token.clone());
    match client.me().await {
        Ok(me) => Ok((me, resolved.source)),
        Err(error) if error.api_code() == Some("unauthorized") => {
            let context = format!("the GitMe token from the {} was rejected", resolved.source);
            let mut cli_error = rejected_token_error(&context, &error);
            if resolved.source == TokenSource::Environment {
                cli_error.hints = vec![
                    "set `GITME_TOKEN` to a valid GitMe API token, or unset it to use the \
                     token `gitme auth login` stores"
                        .to_string(),
                ];
            }
            Err(cli_error)
        }
        Err(error) => Err(crate::connect::backend_error(
            "cannot read the GitMe account",
            error,
        )),
    }
}

fn status_json(
    backend: &BackendSettings,
    signed_in: Option<(&Me, &TokenSource)>,
    error: Option<&str>,
) -> serde_json::Value {
    match signed_in {
        Some((me, source)) => json!({
            "signed_in": true,
            "backend_url": backend.url.as_str(),
            "user": me.user,
            "workspace": me.workspace,
            "role": me.role,
            "token_source": source_json(source),
        }),
        None => json!({
            "signed_in": false,
            "backend_url": backend.url.as_str(),
            "error": error,
        }),
    }
}

fn source_json(source: &TokenSource) -> serde_json::Value {
    match source {
        TokenSource::InsecureFile(path) => {
            json!({"kind": source.code(), "path": path.display().to_string()})
        }
        _ => json!({"kind": source.code()}),
    }
}

/// Runs `gitme auth logout`: removes the token of this backend from the keyring and from
/// the insecure file, and prints what it removed. It does not touch `GITME_TOKEN`.
pub fn run_logout(backend: BackendSettings, printer: &Printer) -> CliResult<()> {
    let account = backend.account();
    let mut removed = Vec::new();
    let mut failures = Vec::new();

    match store::keyring_delete(&account) {
        Ok(true) => removed.push(TokenSource::Keyring),
        Ok(false) => {}
        // Without a keyring there is no token in it, so this is logged only at debug level.
        Err(store::KeyringError::Unavailable(reason)) => {
            tracing::debug!(%reason, "no keyring to remove a token from");
        }
        Err(error) => failures.push(CliError::failure("").caused_by(&error)),
    }
    if let Some(path) = store::insecure_file_path() {
        match store::file_delete(&path, &account) {
            Ok(true) => removed.push(TokenSource::InsecureFile(path)),
            Ok(false) => {}
            Err(error) => failures.push(CliError::failure("").caused_by(&error)),
        }
    }

    for source in &removed {
        printer.status(
            Status::Ok,
            &format!("Removed the GitMe token for {account} from the {source}"),
        );
    }
    if removed.is_empty() && failures.is_empty() {
        printer.status(
            Status::Warn,
            &format!("No stored GitMe token for {account}; nothing to remove"),
        );
    }
    if crate::settings::token_from_env().is_some() {
        printer.warn("`GITME_TOKEN` is still set, so gitme keeps using it until you unset it");
    }
    if !failures.is_empty() {
        let mut error = CliError::failure(format!(
            "cannot remove every stored GitMe token for {account}"
        ));
        for failure in failures {
            error.causes.extend(failure.causes);
        }
        return Err(error);
    }
    Ok(())
}
