//! The login page and session cookies of the emulator.
//!
//! `POST /login` takes the form fields `j_username`, `j_password` and `next`, sets a
//! session cookie and 302s to `next`, which must be a path on this server. A wrong
//! password renders the login page again with 200 and an error.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use url::form_urlencoded;

use super::oauth::Parameters;
use super::pages;
use super::seed::{User, find_user};
use super::state::{AppState, Session, random_hex};

const SESSION_COOKIE: &str = "BITBUCKETSESSIONID";

pub(crate) async fn login_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Response {
    let parameters = Parameters::parse(query.unwrap_or_default().as_bytes());
    let next = parameters.get("next").unwrap_or("/");
    pages::login_page(&state.url("/login"), next, None)
}

pub(crate) async fn login(State(state): State<AppState>, body: Bytes) -> Response {
    let parameters = Parameters::parse(&body);
    let next = parameters
        .get("next")
        .filter(|next| is_local_path(next))
        .unwrap_or("/");
    let user = parameters
        .get("j_username")
        .and_then(find_user)
        .filter(|user| parameters.get("j_password") == Some(user.password));
    let Some(user) = user else {
        let username = parameters.get("j_username").unwrap_or_default();
        tracing::debug!(username, "bitbucket emulator rejected a login");
        let message = "Your username and password are incorrect. Please try again.";
        return pages::login_page(&state.url("/login"), next, Some(message));
    };

    let session_id = random_hex(16);
    state.store().sessions.insert(
        session_id.clone(),
        Session {
            username: user.username,
            xsrf_token: random_hex(20),
        },
    );
    let cookie_path = match state.base_url.path() {
        "" | "/" => "/",
        path => path,
    };
    let cookie = format!(
        "{SESSION_COOKIE}={session_id}; Path={cookie_path}; Secure; HttpOnly; SameSite=Lax"
    );
    let location = state.url(next);
    let mut response = (StatusCode::FOUND, [(header::LOCATION, location)]).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Accepts only a path on this server, so the login form cannot redirect elsewhere.
fn is_local_path(next: &str) -> bool {
    next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')
}

/// Returns the logged-in user and a copy of their session.
pub(crate) fn session_user(
    state: &AppState,
    headers: &HeaderMap,
) -> Option<(&'static User, Session)> {
    let session_id = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())?;
    let store = state.store();
    let session = store.sessions.get(&session_id)?;
    let user = find_user(session.username)?;
    Some((
        user,
        Session {
            username: session.username,
            xsrf_token: session.xsrf_token.clone(),
        },
    ))
}

pub(crate) fn redirect_to_login(state: &AppState, next: &str) -> Response {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("next", next)
        .finish();
    let location = state.url(&format!("/login?{query}"));
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}
