//! The OAuth 2.0 provider plugin's browser flow, login and token endpoint.
//!
//! Browser flow, following the decompiled `com.atlassian.oauth2` provider plugin:
//! 1. `GET /rest/oauth2/latest/authorize` checks the requested scopes against the link
//!    (303 to the redirect URI with `error=invalid_scope`), then requires `client_id`,
//!    `redirect_uri`, `response_type` and `scope` (303 to the HTML error page), then 303s
//!    to the consent page with the same parameters.
//! 2. `GET /plugins/servlet/oauth2/consent` 302s a logged-out browser to
//!    `/login?next=<consent path and query>`, returns 400 for an unknown client, and
//!    otherwise renders a form carrying the parameters and the session's XSRF token.
//! 3. The form POSTs to the consent URL with `decision=allow` or `decision=deny`. The real
//!    plugin calls authorize again with the consent page as `Referer`. The emulator does
//!    those checks in the POST and 303s straight to the result: the redirect URI with
//!    `code` and `state`, the redirect URI with `error=access_denied`, or the error page
//!    when the client or the redirect URI is not registered.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::routing::post;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use url::Url;
use url::form_urlencoded;

use super::login::{redirect_to_login, session_user};
use super::pages::{self, ConsentView};
use super::rest::error_body;
use super::seed::User;
use super::state::{AppState, ChallengeMethod, CodeChallenge, CodeGrant, random_hex};

const CONSENT_PATH: &str = "/plugins/servlet/oauth2/consent";
const ERROR_PATH: &str = "/plugins/servlet/oauth2/error";
/// Authorize parameters forwarded to the consent page, in the plugin's order.
const FORWARDED_PARAMETERS: [&str; 7] = [
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "code_challenge_method",
    "code_challenge",
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/rest/oauth2/1.0/client", get(client_list))
        .route("/rest/oauth2/latest/authorize", get(authorize))
        .route("/rest/oauth2/latest/token", post(super::token::token))
        .route(CONSENT_PATH, get(consent_page).post(consent_decision))
        .route(ERROR_PATH, get(error_page))
}

/// Request parameters, first value wins.
pub(crate) struct Parameters(HashMap<String, String>);

impl Parameters {
    pub fn parse(encoded: &[u8]) -> Self {
        let mut parameters = Parameters(HashMap::new());
        parameters.merge(encoded);
        parameters
    }

    /// Adds the parameters of `encoded` that are not set yet.
    pub fn merge(&mut self, encoded: &[u8]) {
        for (name, value) in form_urlencoded::parse(encoded) {
            self.0
                .entry(name.into_owned())
                .or_insert(value.into_owned());
        }
    }

    /// Returns a parameter's value; blank values count as missing.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.trim().is_empty())
    }

    fn forwarded(&self) -> Vec<(String, String)> {
        FORWARDED_PARAMETERS
            .iter()
            .filter_map(|name| Some((name.to_string(), self.get(name)?.to_string())))
            .collect()
    }
}

/// Serves the client-management endpoint, which rejects anonymous callers with 401.
/// Clients use that 401 to detect that the plugin is installed.
async fn client_list() -> Response {
    let body = error_body(
        "You are not permitted to access this resource",
        "com.atlassian.bitbucket.AuthorisationException",
    );
    (StatusCode::UNAUTHORIZED, body).into_response()
}

async fn authorize(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let parameters = Parameters::parse(query.unwrap_or_default().as_bytes());
    if let Some(redirect) = scope_error_redirect(&state, &parameters) {
        return redirect;
    }
    let required = ["client_id", "redirect_uri", "response_type", "scope"];
    if let Some(missing) = required.iter().find(|name| parameters.get(name).is_none()) {
        let description = format!("Missing required parameter {missing}");
        return error_page_redirect(&state, "invalid_request", &description);
    }
    let mut consent = state.url(CONSENT_PATH);
    consent.push('?');
    consent.push_str(&encode(&parameters.forwarded()));
    see_other(&consent)
}

/// Redirects to the client with `invalid_scope` when a requested scope is not on the link.
/// Like the plugin, this runs before the redirect URI is checked, and passes unknown
/// clients through.
fn scope_error_redirect(state: &AppState, parameters: &Parameters) -> Option<Response> {
    let scope = parameters.get("scope")?;
    let redirect_uri = parameters.get("redirect_uri")?;
    if parameters.get("client_id") != Some(state.config.link.client_id.as_str()) {
        return None;
    }
    let link_scopes = &state.config.link.scopes;
    let invalid = scope
        .split_whitespace()
        .any(|requested| !link_scopes.iter().any(|allowed| allowed == requested));
    if !invalid {
        return None;
    }
    let description = format!("The requested scope is not allowed: {scope}");
    client_error_redirect(redirect_uri, "invalid_scope", &description, parameters)
}

async fn consent_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = query.unwrap_or_default();
    let parameters = Parameters::parse(query.as_bytes());
    if parameters
        .get("redirect_uri")
        .is_none_or(|uri| Url::parse(uri).is_err())
    {
        let message = "The redirect_uri parameter is missing or not a valid URL.";
        return pages::error_page(StatusCode::PRECONDITION_FAILED, "Invalid request", message);
    }
    let Some((user, session)) = session_user(&state, &headers) else {
        return redirect_to_login(&state, &format!("{CONSENT_PATH}?{query}"));
    };
    if parameters.get("client_id") != Some(state.config.link.client_id.as_str()) {
        let message = "The client does not exist. Ask your administrator to check the link.";
        return pages::error_page(StatusCode::BAD_REQUEST, "Invalid client", message);
    }
    let scopes: Vec<&str> = parameters
        .get("scope")
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let action = state.url(CONSENT_PATH);
    pages::consent_page(&ConsentView {
        action: &action,
        link_name: &state.config.link.name,
        user_display_name: user.display_name,
        scopes: &scopes,
        xsrf_token: &session.xsrf_token,
        parameters: &parameters.forwarded(),
    })
}

async fn consent_decision(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let parameters = Parameters::parse(&body);
    let Some((user, session)) = session_user(&state, &headers) else {
        let query = encode(&parameters.forwarded());
        return redirect_to_login(&state, &format!("{CONSENT_PATH}?{query}"));
    };
    if parameters.get("atl_token") != Some(session.xsrf_token.as_str()) {
        return error_page_redirect(
            &state,
            "invalid_request",
            "The XSRF token is missing or invalid",
        );
    }
    if parameters.get("client_id") != Some(state.config.link.client_id.as_str()) {
        return error_page_redirect(&state, "invalid_request", "Invalid client_id");
    }
    let Some(redirect_uri) = parameters.get("redirect_uri").filter(|uri| {
        state
            .config
            .link
            .redirect_uris
            .iter()
            .any(|registered| registered == uri)
    }) else {
        return error_page_redirect(&state, "invalid_request", "Invalid redirect_uri");
    };
    match parameters.get("decision") {
        Some("allow") => allow(&state, user, redirect_uri, &parameters),
        Some("deny") => {
            // NOTE: whether the plugin adds error_description and state here is unconfirmed.
            let description = "The user denied access to their account";
            client_error_redirect(redirect_uri, "access_denied", description, &parameters)
                .unwrap_or_else(|| {
                    error_page_redirect(&state, "invalid_request", "Invalid redirect_uri")
                })
        }
        _ => pages::error_page(
            StatusCode::BAD_REQUEST,
            "Invalid request",
            "The decision parameter must be allow or deny.",
        ),
    }
}

/// Issues an authorization code after the user pressed Allow.
fn allow(
    state: &AppState,
    user: &'static User,
    redirect_uri: &str,
    parameters: &Parameters,
) -> Response {
    let code_challenge = match parse_code_challenge(parameters) {
        Ok(challenge) => challenge,
        Err(description) => return error_page_redirect(state, "invalid_request", description),
    };
    let invalid = || error_page_redirect(state, "invalid_request", "Invalid redirect_uri");
    match parameters.get("response_type") {
        Some("code") => {}
        Some(_) => {
            let description = "Only the response type code is supported";
            return client_error_redirect(
                redirect_uri,
                "unsupported_response_type",
                description,
                parameters,
            )
            .unwrap_or_else(invalid);
        }
        None => {
            let description = "Missing required parameter response_type";
            return client_error_redirect(redirect_uri, "invalid_request", description, parameters)
                .unwrap_or_else(invalid);
        }
    }
    if let Some(redirect) = scope_error_redirect(state, parameters) {
        return redirect;
    }

    let code = random_hex(32);
    state.store().codes.insert(
        code.clone(),
        CodeGrant {
            client_id: state.config.link.client_id.clone(),
            redirect_uri: redirect_uri.to_string(),
            scope: parameters.get("scope").unwrap_or_default().to_string(),
            username: user.username,
            code_challenge,
            issued: std::time::Instant::now(),
            redeemed: false,
            tokens: Vec::new(),
        },
    );
    let mut pairs = vec![("code", code.as_str())];
    pairs.extend(parameters.get("state").map(|value| ("state", value)));
    redirect_with(redirect_uri, &pairs).unwrap_or_else(invalid)
}

/// Reads PKCE parameters. The method defaults to `plain` when a challenge comes without
/// one, as in the plugin.
fn parse_code_challenge(parameters: &Parameters) -> Result<Option<CodeChallenge>, &'static str> {
    let method = parameters.get("code_challenge_method");
    let Some(challenge) = parameters.get("code_challenge") else {
        return match method {
            Some(_) => Err("code_challenge_method was sent without code_challenge"),
            None => Ok(None),
        };
    };
    // NOTE: case sensitivity of the method name is unconfirmed; python-social-auth sends
    // lowercase `s256`, so both spellings are accepted.
    let method = match method {
        None | Some("plain") => ChallengeMethod::Plain,
        Some("S256") | Some("s256") => ChallengeMethod::S256,
        Some(_) => return Err("Unsupported code_challenge_method"),
    };
    Ok(Some(CodeChallenge {
        method,
        challenge: challenge.to_string(),
    }))
}

async fn error_page(RawQuery(query): RawQuery) -> Response {
    let parameters = Parameters::parse(query.unwrap_or_default().as_bytes());
    let name = parameters.get("errorName").unwrap_or("unknown_error");
    let description = parameters.get("errorDescription").unwrap_or_default();
    // NOTE: the plugin's error page status is unconfirmed; a rendered template usually
    // returns 200.
    pages::error_page(
        StatusCode::OK,
        "Authorization failed - Bitbucket",
        &format!("{name}: {description}"),
    )
}

fn error_page_redirect(state: &AppState, error: &str, description: &str) -> Response {
    tracing::debug!(
        error,
        description,
        "bitbucket emulator sent the OAuth error page"
    );
    let query = encode(&[
        ("errorName".to_string(), error.to_string()),
        ("errorDescription".to_string(), description.to_string()),
    ]);
    see_other(&state.url(&format!("{ERROR_PATH}?{query}")))
}

/// Redirects to the client with an OAuth error, echoing `state` when it is present.
fn client_error_redirect(
    redirect_uri: &str,
    error: &str,
    description: &str,
    parameters: &Parameters,
) -> Option<Response> {
    let mut pairs = vec![("error", error), ("error_description", description)];
    pairs.extend(parameters.get("state").map(|value| ("state", value)));
    redirect_with(redirect_uri, &pairs)
}

fn redirect_with(redirect_uri: &str, pairs: &[(&str, &str)]) -> Option<Response> {
    let mut url = Url::parse(redirect_uri).ok()?;
    url.query_pairs_mut().extend_pairs(pairs);
    Some(see_other(url.as_str()))
}

/// Builds a 303 with the plugin's no-cache headers.
fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(header::LOCATION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

fn encode(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}
