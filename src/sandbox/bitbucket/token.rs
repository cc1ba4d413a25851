//! `POST /rest/oauth2/latest/token`: the authorization-code and refresh-token grants.
//!
//! Validation order and error codes follow the decompiled provider plugin: an unknown or
//! expired code is `invalid_request` (RFC 6749 says `invalid_grant`), a redeemed code is
//! `invalid_grant` and revokes every token issued from it, and the client secret is
//! checked last.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::json;

use super::oauth::Parameters;
use super::state::{AppState, TokenPair};

/// An OAuth error response: `{"error","error_description"}`.
struct TokenError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl TokenError {
    fn bad_request(error: &'static str, description: impl Into<String>) -> Self {
        TokenError {
            status: StatusCode::BAD_REQUEST,
            error,
            description: description.into(),
        }
    }

    fn missing(parameter: &str) -> Self {
        Self::bad_request(
            "invalid_request",
            format!("Missing required parameter {parameter}"),
        )
    }

    /// NOTE: the plugin's status for `invalid_client` is unconfirmed; RFC 6749 section
    /// 5.2 requires 401, which is used here.
    fn invalid_client() -> Self {
        TokenError {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_client",
            description: "Client authentication failed: unknown client or wrong secret".into(),
        }
    }
}

impl IntoResponse for TokenError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.error, "error_description": self.description});
        let mut response = (self.status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store, no-cache"),
        );
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        response
    }
}

pub(crate) async fn token(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match exchange(&state, query.as_deref(), &headers, &body) {
        Ok((pair, scope)) => success(&state, &pair, &scope),
        Err(error) => {
            tracing::debug!(
                error = error.error,
                "bitbucket emulator rejected a token request"
            );
            error.into_response()
        }
    }
}

fn exchange(
    state: &AppState,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(TokenPair, String), TokenError> {
    let parameters = read_parameters(query, headers, body)?;
    match parameters.get("grant_type") {
        None => Err(TokenError::missing("grant_type")),
        Some("authorization_code") => redeem_code(state, &parameters),
        Some("refresh_token") => refresh(state, &parameters),
        Some(other) => Err(TokenError::bad_request(
            "unsupported_grant_type",
            format!("Unsupported grant type {other}"),
        )),
    }
}

/// Merges query and form parameters, as servlet request parameters do. A body must be
/// form-encoded: Bitbucket responds with 400 otherwise.
fn read_parameters(
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Parameters, TokenError> {
    let mut parameters = Parameters::parse(query.unwrap_or_default().as_bytes());
    if !body.is_empty() {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let is_form = content_type.split(';').next().is_some_and(|media| {
            media
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
        if !is_form {
            return Err(TokenError::bad_request(
                "invalid_request",
                "The request body must be application/x-www-form-urlencoded",
            ));
        }
        parameters.merge(body);
    }
    Ok(parameters)
}

fn redeem_code(
    state: &AppState,
    parameters: &Parameters,
) -> Result<(TokenPair, String), TokenError> {
    let code = parameters
        .get("code")
        .ok_or_else(|| TokenError::missing("code"))?;
    let redirect_uri = parameters
        .get("redirect_uri")
        .ok_or_else(|| TokenError::missing("redirect_uri"))?;
    let client_id = parameters
        .get("client_id")
        .ok_or_else(|| TokenError::missing("client_id"))?;

    let mut store = state.store();
    let Some(grant) = store.codes.get(code) else {
        return Err(TokenError::bad_request(
            "invalid_request",
            "Authorization code invalid",
        ));
    };
    if grant.redeemed {
        store.revoke_code_tokens(code);
        return Err(TokenError::bad_request(
            "invalid_grant",
            "Authorization code already used; tokens issued from it are revoked",
        ));
    }
    if grant.issued.elapsed() >= state.config.code_ttl {
        return Err(TokenError::bad_request(
            "invalid_request",
            "Authorization code invalid",
        ));
    }
    if grant.client_id != client_id {
        return Err(TokenError::bad_request(
            "invalid_grant",
            "Code was issued to another client",
        ));
    }
    if grant.redirect_uri != redirect_uri {
        return Err(TokenError::bad_request(
            "invalid_grant",
            "redirect_uri does not match the authorization request",
        ));
    }
    if let Some(challenge) = &grant.code_challenge {
        let verified = parameters
            .get("code_verifier")
            .is_some_and(|verifier| challenge.verify(verifier));
        if !verified {
            return Err(TokenError::bad_request(
                "invalid_grant",
                "PKCE verification failed",
            ));
        }
    }
    authenticate_client(state, parameters)?;

    let username = grant.username;
    let scope = grant.scope.clone();
    if let Some(grant) = store.codes.get_mut(code) {
        grant.redeemed = true;
    }
    let pair = store.issue_tokens(client_id, username, &scope, code);
    Ok((pair, scope))
}

fn refresh(state: &AppState, parameters: &Parameters) -> Result<(TokenPair, String), TokenError> {
    let refresh_token = parameters
        .get("refresh_token")
        .ok_or_else(|| TokenError::missing("refresh_token"))?;
    let client_id = parameters
        .get("client_id")
        .ok_or_else(|| TokenError::missing("client_id"))?;

    let mut store = state.store();
    let invalid = || TokenError::bad_request("invalid_grant", "Refresh token invalid");
    let refresh = store
        .refresh_tokens
        .get(refresh_token)
        .ok_or_else(invalid)?;
    if refresh.client_id != client_id {
        return Err(invalid());
    }
    authenticate_client(state, parameters)?;

    let Some(old) = store.revoke_refresh_token(refresh_token) else {
        return Err(invalid());
    };
    let pair = store.issue_tokens(&old.client_id, old.username, &old.scope, &old.code);
    Ok((pair, old.scope))
}

/// Checks `client_id` and `client_secret` (sent as parameters, never with Basic auth).
fn authenticate_client(state: &AppState, parameters: &Parameters) -> Result<(), TokenError> {
    let link = &state.config.link;
    let known = parameters.get("client_id") == Some(link.client_id.as_str());
    let secret_matches = parameters.get("client_secret") == Some(link.client_secret.expose());
    if known && secret_matches {
        Ok(())
    } else {
        Err(TokenError::invalid_client())
    }
}

fn success(state: &AppState, pair: &TokenPair, scope: &str) -> Response {
    let body = json!({
        "access_token": pair.access_token,
        "token_type": "bearer",
        "expires_in": state.config.access_token_ttl.as_secs(),
        "refresh_token": pair.refresh_token,
        "scope": scope,
    });
    let mut response = axum::Json(body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}
