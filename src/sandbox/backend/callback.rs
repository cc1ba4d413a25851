//! The browser-facing OAuth callback: consumes the `state`, records Bitbucket's error or
//! exchanges the code, and starts discovery.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::discovery::DiscoveryJob;
use super::exchange::{self, ClientRegistration};
use super::pages;
use super::routes::AppState;
use super::state::{AuthorizationLookup, PendingAuthorization};
use crate::backend::api::{ApiError, ConnectedAs, IntegrationStatus};

#[derive(Deserialize)]
pub(super) struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// Handles the browser's return from Bitbucket's authorize endpoint.
pub(super) async fn callback(
    State(app): State<AppState>,
    params: Result<Query<CallbackParams>, QueryRejection>,
) -> Response {
    let Ok(Query(params)) = params else {
        return pages::bad_callback("The callback URL has a malformed query string.");
    };
    // NOTE: Bitbucket's success redirect echoes `state`, but whether its Deny redirect does is
    // unconfirmed. Without `state` the integration stays pending until `expires_at`.
    let Some(oauth_state) = params.state.as_deref().filter(|state| !state.is_empty()) else {
        return pages::bad_callback("The callback URL has no state parameter.");
    };
    let pending = match app.store.take_authorization(oauth_state) {
        AuthorizationLookup::Pending(pending) => pending,
        AuthorizationLookup::Unknown => {
            return pages::bad_callback(
                "This authorization is unknown or was already used; each link works once.",
            );
        }
        AuthorizationLookup::NotPending(status) => {
            let reason = match status {
                IntegrationStatus::Expired => {
                    "This authorization expired or a newer connect attempt replaced it."
                }
                _ => "This authorization was already completed.",
            };
            return pages::bad_callback(reason);
        }
    };

    if let Some(code) = params.error.as_deref() {
        let description = params.error_description.as_deref();
        app.store.fail_authorization(
            &pending.integration_id,
            authorization_error(code, description),
        );
        tracing::info!(integration_id = %pending.integration_id, error = %code, "Bitbucket returned an authorization error");
        return pages::authorization_failed(code, description);
    }
    let Some(code) = params.code.as_deref().filter(|code| !code.is_empty()) else {
        let error = authorization_error("invalid_request", Some("the callback has no code"));
        app.store.fail_authorization(&pending.integration_id, error);
        tracing::info!(integration_id = %pending.integration_id, "the callback has no code");
        return pages::bad_callback("The callback URL has neither a code nor an error parameter.");
    };
    finish_authorization(&app, pending, code).await
}

/// Exchanges the code, marks the integration connected and starts discovery.
async fn finish_authorization(
    app: &AppState,
    pending: Box<PendingAuthorization>,
    code: &str,
) -> Response {
    let id = pending.integration_id.clone();
    let registration = ClientRegistration {
        instance_url: &pending.instance_url,
        client_id: &pending.client_id,
        client_secret: &pending.client_secret,
        callback_url: &pending.callback_url,
    };
    let exchanged =
        exchange::exchange_code(&app.http, &registration, code, &pending.pkce_verifier).await;
    let access_token = match exchanged {
        Ok(token) => token,
        Err(error) => {
            tracing::warn!(integration_id = %id, error = %error.message, "code exchange failed");
            let message = error.message.clone();
            app.store.fail_authorization(&id, error);
            return pages::exchange_failed(&message);
        }
    };

    let username = exchange::fetch_username(&app.http, &pending.instance_url, &access_token).await;
    if username.is_none() {
        tracing::warn!(integration_id = %id, "Bitbucket sent no X-AUSERNAME header; connected_as stays empty");
    }
    let connected_as = username.map(|username| ConnectedAs { username });
    if !app.store.connect(&id, connected_as) {
        return pages::bad_callback("This authorization expired while the code was exchanged.");
    }
    tracing::info!(integration_id = %id, "integration connected");

    let job = DiscoveryJob {
        store: app.store.clone(),
        integration_id: id,
        http: app.http.clone(),
        instance_url: pending.instance_url,
        access_token,
        concurrency: app.config.discovery_concurrency,
        page_limit: app.config.discovery_page_limit,
        rate_limit_retries: app.config.rate_limit_retries,
        max_retry_after: app.config.max_retry_after,
    };
    tokio::spawn(job.run());
    pages::connected()
}

/// Builds the error stored on an integration when Bitbucket redirected back with `error`.
fn authorization_error(code: &str, description: Option<&str>) -> ApiError {
    if code == "access_denied" {
        return ApiError {
            code: "access_denied".to_owned(),
            message: "The Bitbucket user denied access.".to_owned(),
            hint: Some("Run the connect command again and press Allow in Bitbucket.".to_owned()),
            integration_id: None,
        };
    }
    let detail = description
        .map(|text| format!(": {text}"))
        .unwrap_or_default();
    ApiError {
        code: code.to_owned(),
        message: format!("Bitbucket returned the authorization error {code}{detail}."),
        hint: None,
        integration_id: None,
    }
}
