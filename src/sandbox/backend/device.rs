//! The sandbox backend's side of the OAuth 2.0 device authorization grant (RFC 8628):
//! `POST /oauth/device/code`, `POST /oauth/token`, the verification page, and two
//! sandbox-only endpoints that approve or deny a user code and revoke an issued token.
//!
//! A device code is redeemed once. The token it yields is a GitMe API token of the
//! account that approved it, and `/api/v1` accepts it like a configured account's token.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::Rng;
use serde::Deserialize;
use url::Url;

use super::failure::ApiFailure;
use super::random_token;
use super::routes::AppState;
use crate::backend::api::{
    AccessTokenResponse, CLI_CLIENT_ID, DEVICE_CODE_GRANT_TYPE, DEVICE_CODE_PATH,
    DeviceCodeResponse, OAuthErrorResponse, Role, TOKEN_PATH,
};
use crate::secret::Secret;

/// The path of the verification page users open in a browser.
pub const VERIFICATION_PATH: &str = "/device";

/// The sandbox-only endpoint that approves or denies a user code.
pub const APPROVE_PATH: &str = "/sandbox/device/approve";

/// The sandbox-only endpoint that revokes an issued token.
pub const REVOKE_PATH: &str = "/sandbox/tokens/revoke";

/// The seconds RFC 8628 adds to the poll interval on each `slow_down`.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);

/// The characters of a user code: consonants only, so no word can form and none look alike
/// (RFC 8628, section 6.1).
const USER_CODE_ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";

/// Device flow settings of the sandbox backend.
#[derive(Debug, Clone)]
pub struct DeviceFlowConfig {
    /// How long a device code and its user code stay valid. Sub-second values work; the
    /// `expires_in` field is rounded up to whole seconds.
    pub code_lifetime: Duration,
    /// The `interval` in seconds. 0 lets tests poll without waiting.
    pub interval_seconds: u64,
    /// The number of polls of each device code that get `slow_down` before any other response.
    pub slow_down_polls: u32,
}

impl Default for DeviceFlowConfig {
    /// 10 minutes, a 5 second interval, no forced `slow_down`.
    fn default() -> Self {
        DeviceFlowConfig {
            code_lifetime: Duration::from_secs(600),
            interval_seconds: 5,
            slow_down_polls: 0,
        }
    }
}

/// The user's decision on the verification page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Pending,
    /// Approved by the account at this index of `BackendConfig::accounts`.
    Approved(usize),
    Denied,
}

struct Grant {
    user_code: String,
    expires_at: Instant,
    interval: Duration,
    last_poll: Option<Instant>,
    polls: u32,
    decision: Decision,
}

#[derive(Default)]
struct Inner {
    /// Device code to grant.
    grants: HashMap<String, Grant>,
    /// User code to device code.
    user_codes: HashMap<String, String>,
    /// Issued token to the index of its account in `BackendConfig::accounts`.
    issued: HashMap<String, usize>,
}

/// Device codes, user codes and the tokens issued for them.
#[derive(Default)]
pub(crate) struct DeviceStore {
    inner: Mutex<Inner>,
}

impl DeviceStore {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while the lock was held leaves plain data behind, so keep serving.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Returns the account index of an issued token that has not been revoked.
    pub(crate) fn account_of(&self, token: &str) -> Option<usize> {
        self.lock().issued.get(token).copied()
    }
}

/// Builds the router of the device flow endpoints.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(DEVICE_CODE_PATH, post(device_code))
        .route(TOKEN_PATH, post(token))
        .route(VERIFICATION_PATH, get(verification_page))
        .route(APPROVE_PATH, post(approve))
        .route(REVOKE_PATH, post(revoke))
}

/// Builds an OAuth error response: `400` (or `401` for `invalid_client`) with
/// `{error, error_description}`.
fn oauth_error(code: &str, description: &str) -> Response {
    let status = if code == "invalid_client" {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::BAD_REQUEST
    };
    let body = OAuthErrorResponse {
        error: code.to_owned(),
        error_description: Some(description.to_owned()),
    };
    (status, Json(body)).into_response()
}

#[derive(Deserialize)]
struct DeviceCodeForm {
    client_id: Option<String>,
    #[allow(dead_code)]
    scope: Option<String>,
}

async fn device_code(
    State(app): State<AppState>,
    form: Result<Form<DeviceCodeForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return oauth_error("invalid_request", "The body must be a form with client_id.");
    };
    if form.client_id.as_deref() != Some(CLI_CLIENT_ID) {
        return oauth_error("invalid_client", "Unknown client_id.");
    }

    let config = &app.config.device_flow;
    let device_code = random_token("gitme_device_");
    let user_code = new_user_code();
    let grant = Grant {
        user_code: user_code.clone(),
        expires_at: Instant::now() + config.code_lifetime,
        interval: Duration::from_secs(config.interval_seconds),
        last_poll: None,
        polls: 0,
        decision: Decision::Pending,
    };
    {
        let mut inner = app.devices.lock();
        inner
            .user_codes
            .insert(user_code.clone(), device_code.expose().to_owned());
        inner.grants.insert(device_code.expose().to_owned(), grant);
    }

    let verification_uri = page_url(&app.base_url, None);
    let verification_uri_complete = page_url(&app.base_url, Some(&user_code));
    tracing::info!(%user_code, "the sandbox backend issued a device code");
    let lifetime = config.code_lifetime;
    let expires_in = lifetime.as_secs() + u64::from(lifetime.subsec_nanos() > 0);
    Json(DeviceCodeResponse {
        device_code,
        user_code,
        verification_uri,
        verification_uri_complete: Some(verification_uri_complete),
        expires_in,
        interval: config.interval_seconds,
    })
    .into_response()
}

fn page_url(base_url: &Url, user_code: Option<&str>) -> Url {
    let mut url = base_url.clone();
    url.set_path(VERIFICATION_PATH);
    url.set_query(None);
    if let Some(user_code) = user_code {
        url.query_pairs_mut().append_pair("user_code", user_code);
    }
    url
}

/// Returns a user code such as `WDJB-MJHT`: 8 characters from [`USER_CODE_ALPHABET`].
fn new_user_code() -> String {
    let mut random = rand::thread_rng();
    let mut pick = || {
        let index = random.gen_range(0..USER_CODE_ALPHABET.len());
        char::from(USER_CODE_ALPHABET[index])
    };
    let first: String = (0..4).map(|_| pick()).collect();
    let second: String = (0..4).map(|_| pick()).collect();
    format!("{first}-{second}")
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: Option<String>,
    device_code: Option<String>,
    client_id: Option<String>,
}

async fn token(
    State(app): State<AppState>,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return oauth_error("invalid_request", "The body must be a form.");
    };
    if form.grant_type.as_deref() != Some(DEVICE_CODE_GRANT_TYPE) {
        return oauth_error(
            "unsupported_grant_type",
            "Only the device_code grant type is supported.",
        );
    }
    if form.client_id.as_deref() != Some(CLI_CLIENT_ID) {
        return oauth_error("invalid_client", "Unknown client_id.");
    }
    let Some(device_code) = form.device_code else {
        return oauth_error("invalid_request", "device_code is missing.");
    };

    let mut inner = app.devices.lock();
    let now = Instant::now();
    let Some(grant) = inner.grants.get_mut(&device_code) else {
        return oauth_error("invalid_grant", "Unknown or already used device_code.");
    };
    if now >= grant.expires_at {
        return oauth_error("expired_token", "The device code has expired.");
    }
    let too_fast = grant
        .last_poll
        .is_some_and(|last| now.duration_since(last) < grant.interval);
    grant.last_poll = Some(now);
    grant.polls += 1;
    if grant.polls <= app.config.device_flow.slow_down_polls || too_fast {
        grant.interval += SLOW_DOWN_STEP;
        tracing::info!(
            polls = grant.polls,
            interval_seconds = grant.interval.as_secs(),
            "the sandbox backend answered slow_down"
        );
        return oauth_error("slow_down", "Poll less often: wait 5 more seconds.");
    }
    match grant.decision {
        Decision::Pending => oauth_error(
            "authorization_pending",
            "The user has not entered the code yet.",
        ),
        Decision::Denied => {
            let user_code = grant.user_code.clone();
            inner.grants.remove(&device_code);
            inner.user_codes.remove(&user_code);
            oauth_error("access_denied", "The user denied the sign-in.")
        }
        Decision::Approved(account) => {
            let user_code = grant.user_code.clone();
            inner.grants.remove(&device_code);
            inner.user_codes.remove(&user_code);
            let access_token = random_token("gitme_cli_");
            inner
                .issued
                .insert(access_token.expose().to_owned(), account);
            Json(AccessTokenResponse {
                access_token,
                token_type: "bearer".to_owned(),
                scope: Some(crate::backend::api::CLI_SCOPE.to_owned()),
            })
            .into_response()
        }
    }
}

#[derive(Deserialize)]
struct PageQuery {
    user_code: Option<String>,
}

async fn verification_page(Query(query): Query<PageQuery>) -> Html<String> {
    let user_code = query.user_code.unwrap_or_default();
    let escaped = html_escape(&user_code);
    Html(format!(
        "<!DOCTYPE html>\n<html><head><title>Sign in to GitMe (sandbox)</title></head><body>\n\
         <h1>Sign in to GitMe</h1>\n\
         <p>Enter the code gitme printed, then approve or deny the sign-in as the sandbox \
         Account Admin.</p>\n\
         <form method=\"post\" action=\"{APPROVE_PATH}\">\n\
         <label>Code <input name=\"user_code\" value=\"{escaped}\"></label>\n\
         <button name=\"decision\" value=\"approve\">Approve</button>\n\
         <button name=\"decision\" value=\"deny\">Deny</button>\n\
         </form></body></html>\n"
    ))
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[derive(Deserialize)]
struct ApproveForm {
    user_code: Option<String>,
    decision: Option<String>,
    /// The user id of the approving account; the first Account Admin when absent.
    account: Option<String>,
}

async fn approve(
    State(app): State<AppState>,
    form: Result<Form<ApproveForm>, FormRejection>,
) -> Result<Json<serde_json::Value>, ApiFailure> {
    let Form(form) = form.map_err(|rejection| {
        ApiFailure::invalid_request(&format!(
            "The body must be a form with user_code and decision: {}",
            rejection.body_text()
        ))
    })?;
    let user_code = form
        .user_code
        .map(|code| code.trim().to_ascii_uppercase())
        .filter(|code| !code.is_empty())
        .ok_or_else(|| ApiFailure::invalid_request("user_code is missing."))?;
    let account_index = match form.account.as_deref() {
        Some(user_id) => app
            .config
            .accounts
            .iter()
            .position(|account| account.user.id == user_id),
        None => app
            .config
            .accounts
            .iter()
            .position(|account| account.role == Role::AccountAdmin),
    }
    .ok_or_else(|| ApiFailure::invalid_request("account is not a sandbox user id."))?;
    let decision = match form.decision.as_deref() {
        Some("approve") => Decision::Approved(account_index),
        Some("deny") => Decision::Denied,
        _ => {
            return Err(ApiFailure::invalid_request(
                "decision must be approve or deny.",
            ));
        }
    };

    let mut inner = app.devices.lock();
    let device_code = inner
        .user_codes
        .get(&user_code)
        .cloned()
        .ok_or_else(|| ApiFailure::not_found("No pending sign-in has this user code."))?;
    let grant = inner
        .grants
        .get_mut(&device_code)
        .ok_or_else(|| ApiFailure::not_found("No pending sign-in has this user code."))?;
    if Instant::now() >= grant.expires_at {
        return Err(ApiFailure::not_found("This user code has expired."));
    }
    grant.decision = decision;
    let status = match decision {
        Decision::Denied => "denied",
        _ => "approved",
    };
    tracing::info!(%user_code, status, "the sandbox backend recorded a sign-in decision");
    Ok(Json(
        serde_json::json!({ "user_code": user_code, "status": status }),
    ))
}

#[derive(Deserialize)]
struct RevokeForm {
    token: Option<Secret>,
}

async fn revoke(
    State(app): State<AppState>,
    form: Result<Form<RevokeForm>, FormRejection>,
) -> Result<Json<serde_json::Value>, ApiFailure> {
    let token = form
        .ok()
        .and_then(|Form(form)| form.token)
        .ok_or_else(|| ApiFailure::invalid_request("token is missing."))?;
    let revoked = app.devices.lock().issued.remove(token.expose()).is_some();
    Ok(Json(serde_json::json!({ "revoked": revoked })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_code_format() {
        let code = new_user_code();
        assert_eq!(code.len(), 9, "{code}");
        assert_eq!(code.as_bytes()[4], b'-', "{code}");
        assert!(
            code.bytes()
                .filter(|byte| *byte != b'-')
                .all(|byte| USER_CODE_ALPHABET.contains(&byte)),
            "{code}"
        );
    }

    #[test]
    fn page_escapes_user_code() {
        assert_eq!(html_escape("<a\"&>"), "&lt;a&quot;&amp;&gt;");
    }
}
