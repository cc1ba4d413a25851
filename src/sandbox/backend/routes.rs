//! The backend's HTTP handlers, token authentication and JSON errors.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use time::OffsetDateTime;
use url::Url;

use super::exchange::{self, ClientRegistration};
use super::failure::ApiFailure;
use super::state::{CreateConflict, NewIntegration, RepositoryKey, Store};
use super::{
    Account, BackendConfig, callback, callback_url, integrations, pages, probe, random_base64,
};
use crate::backend::api::{
    ALL_INTEGRATIONS_PATH, BITBUCKET_SCOPE, CALLBACK_PATH, Discovery, DiscoveryState,
    INTEGRATIONS_PATH, Integration, IntegrationStatus, MAX_WAIT_SECONDS, Me, NextStepLinks,
    PROBE_PATH, RepositoryPage, Role,
};
use crate::secret::Secret;

/// The default and maximum `limit` of the repositories endpoint.
const DEFAULT_REPOSITORY_LIMIT: usize = 100;
const MAX_REPOSITORY_LIMIT: usize = 1000;

const PLAN_CONFIGURATION_PATH: &str = "/settings/plan-configuration";
const BILLING_PATH: &str = "/settings/billing";

/// The state every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(super) config: Arc<BackendConfig>,
    pub(super) store: Arc<Store>,
    pub(super) base_url: Url,
    pub(super) http: reqwest::Client,
    /// The client of the cloud-side probe, built with [`crate::http_client::build_client`].
    pub(super) probe_http: reqwest::Client,
    pub(super) devices: Arc<super::device::DeviceStore>,
    /// The lifetime of new authorize URLs. It starts as `config.authorization_ttl`, and
    /// [`super::BackendEmulator::set_authorization_ttl`] changes it.
    pub(super) authorization_ttl: Arc<Mutex<Duration>>,
}

impl AppState {
    pub fn new(
        config: BackendConfig,
        base_url: Url,
        http: reqwest::Client,
        probe_http: reqwest::Client,
    ) -> Self {
        AppState {
            authorization_ttl: Arc::new(Mutex::new(config.authorization_ttl)),
            config: Arc::new(config),
            store: Arc::new(Store::default()),
            base_url,
            http,
            probe_http,
            devices: Arc::default(),
        }
    }

    /// Returns the lifetime of new authorize URLs.
    pub(super) fn authorization_ttl(&self) -> Duration {
        *self
            .authorization_ttl
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Builds the router of every backend endpoint.
pub(crate) fn router(app: AppState) -> Router {
    let integration_path = format!("{INTEGRATIONS_PATH}/{{id}}");
    let repositories_path = format!("{INTEGRATIONS_PATH}/{{id}}/repositories");
    let authorization_path = format!("{INTEGRATIONS_PATH}/{{id}}/authorization");
    Router::new()
        .route("/api/v1/me", get(me))
        .route(ALL_INTEGRATIONS_PATH, get(integrations::list_all))
        .route(INTEGRATIONS_PATH, axum::routing::post(create_integration))
        .route(PROBE_PATH, axum::routing::post(probe::probe))
        .route(
            &integration_path,
            get(get_integration).delete(integrations::delete),
        )
        .route(
            &authorization_path,
            axum::routing::post(integrations::renew),
        )
        .route(&repositories_path, get(list_repositories))
        .route(CALLBACK_PATH, get(callback::callback))
        .route(
            PLAN_CONFIGURATION_PATH,
            get(|| async { pages::plan_configuration() }),
        )
        .route(BILLING_PATH, get(|| async { pages::billing() }))
        .merge(super::device::router())
        .fallback(|| async { ApiFailure::not_found("No endpoint has this path.") })
        .method_not_allowed_fallback(|| async {
            ApiFailure::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "This endpoint does not accept the request method.",
            )
        })
        .with_state(app)
}

/// Returns the account whose token the `Authorization: Bearer` header carries.
pub(super) fn authenticate<'a>(
    app: &'a AppState,
    headers: &HeaderMap,
) -> Result<&'a Account, ApiFailure> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(ApiFailure::unauthorized)?;
    let configured = app
        .config
        .accounts
        .iter()
        .find(|account| account.token.expose() == token);
    let issued_by_sign_in = || {
        let index = app.devices.account_of(token)?;
        app.config.accounts.get(index)
    };
    configured
        .or_else(issued_by_sign_in)
        .ok_or_else(ApiFailure::unauthorized)
}

async fn me(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Me>, ApiFailure> {
    let account = authenticate(&app, &headers)?;
    Ok(Json(Me {
        user: account.user.clone(),
        workspace: account.workspace.clone(),
        role: account.role,
    }))
}

/// The create request body, read field by field so each error names its field and no
/// error message echoes a value.
struct CreateBody {
    instance_url: Option<String>,
    client_id: Option<String>,
    client_secret: Option<Secret>,
}

fn read_create_body(bytes: &[u8]) -> Result<CreateBody, ApiFailure> {
    let object = read_json_object(bytes)?;
    Ok(CreateBody {
        instance_url: string_field(&object, "instance_url")?,
        client_id: string_field(&object, "client_id")?,
        client_secret: string_field(&object, "client_secret")?.map(Secret::new),
    })
}

/// Parses a request body that must be a JSON object.
pub(super) fn read_json_object(
    bytes: &[u8],
) -> Result<serde_json::Map<String, serde_json::Value>, ApiFailure> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| {
        ApiFailure::invalid_request(&format!("The request body is not valid JSON: {error}"))
    })?;
    match value {
        serde_json::Value::Object(object) => Ok(object),
        _ => Err(ApiFailure::invalid_request(
            "The request body must be a JSON object.",
        )),
    }
}

/// Returns the string field `name`, `None` when it is absent or null, and an error that
/// names the field, not its value, for any other type.
pub(super) fn string_field(
    object: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<Option<String>, ApiFailure> {
    match object.get(name) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(ApiFailure::invalid_request(&format!(
            "{name} must be a string."
        ))),
    }
}

async fn create_integration(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Integration>), ApiFailure> {
    let account = authenticate(&app, &headers)?;
    if account.role != Role::AccountAdmin {
        return Err(ApiFailure::not_account_admin());
    }
    let body = read_create_body(&body)?;
    let instance_url = validate_instance_url(body.instance_url.as_deref())?;
    let client_id = body.client_id.unwrap_or_default().trim().to_owned();
    if client_id.is_empty() {
        return Err(ApiFailure::invalid_request(
            "client_id is missing or blank.",
        ));
    }
    let client_secret = body.client_secret.unwrap_or_else(|| Secret::new(""));
    if client_secret.is_blank() {
        return Err(ApiFailure::invalid_request(
            "client_secret is missing or blank.",
        ));
    }

    let new = new_integration(&app, account, instance_url, client_id, client_secret)?;
    match app.store.create(new) {
        Ok(integration) => {
            tracing::info!(integration_id = %integration.id, instance_url = %integration.instance_url, "integration created");
            Ok((StatusCode::CREATED, Json(integration)))
        }
        Err(CreateConflict::AlreadyConnected { integration_id }) => {
            Err(ApiFailure::already_connected(integration_id))
        }
    }
}

/// Checks and normalises the instance URL: https, a host, no credentials, no query or
/// fragment. The result has no trailing slash, and the context path is kept.
pub(super) fn validate_instance_url(raw: Option<&str>) -> Result<Url, ApiFailure> {
    let raw = raw.map(str::trim).unwrap_or_default();
    if raw.is_empty() {
        return Err(ApiFailure::invalid_request(
            "instance_url is missing or blank.",
        ));
    }
    let invalid = |reason: &str| {
        ApiFailure::invalid_request(&format!("instance_url {raw:?} is invalid: {reason}"))
    };
    let mut url = Url::parse(raw).map_err(|error| invalid(&error.to_string()))?;
    if url.scheme() != "https" {
        return Err(invalid("it must use https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not contain a username or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not contain a query or fragment"));
    }
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&path);
    Ok(url)
}

/// Returns the normalised instance URL as text without a trailing slash.
fn instance_key(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_owned()
}

fn new_integration(
    app: &AppState,
    account: &Account,
    instance_url: Url,
    client_id: String,
    client_secret: Secret,
) -> Result<NewIntegration, ApiFailure> {
    let callback = callback_url(&app.base_url);
    let registration = ClientRegistration {
        instance_url: &instance_url,
        client_id: &client_id,
        client_secret: &client_secret,
        callback_url: &callback,
    };
    let authorization = exchange::authorization(&registration).map_err(|reason| {
        ApiFailure::invalid_request(&format!("instance_url is invalid: {reason}"))
    })?;
    let ttl =
        time::Duration::try_from(app.authorization_ttl()).unwrap_or(time::Duration::minutes(10));
    let view = Integration {
        id: format!("int_{}", random_base64(12)),
        instance_url: instance_url.clone(),
        client_id,
        status: IntegrationStatus::PendingAuthorization,
        revision: 1,
        authorize_url: Some(authorization.authorize_url),
        callback_url: callback,
        scope: BITBUCKET_SCOPE.to_owned(),
        expires_at: OffsetDateTime::now_utc() + ttl,
        error: None,
        connected_as: None,
        discovery: Discovery {
            state: DiscoveryState::NotStarted,
            projects_total: None,
            projects_scanned: 0,
            repositories_found: 0,
        },
        links: next_step_links(&app.base_url),
    };
    Ok(NewIntegration {
        workspace_id: account.workspace.id.clone(),
        instance_key: instance_key(&instance_url),
        view,
        client_secret,
        pkce_verifier: authorization.pkce_verifier,
        oauth_state: authorization.oauth_state,
    })
}

fn next_step_links(app_url: &Url) -> NextStepLinks {
    let mut plan_configuration = app_url.clone();
    plan_configuration.set_path(PLAN_CONFIGURATION_PATH);
    plan_configuration.set_query(Some("integration=connected"));
    let mut billing = app_url.clone();
    billing.set_path(BILLING_PATH);
    NextStepLinks {
        plan_configuration,
        billing,
    }
}

#[derive(Deserialize)]
struct PollParams {
    wait: Option<u64>,
    since: Option<u64>,
}

/// Returns the integration, long-polling when `since` is the current revision or later.
async fn get_integration(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    params: Result<Query<PollParams>, QueryRejection>,
) -> Result<Json<Integration>, ApiFailure> {
    let account = authenticate(&app, &headers)?;
    let Query(params) = params.map_err(|rejection| {
        ApiFailure::invalid_request(&format!(
            "wait and since must be non-negative integers: {}",
            rejection.body_text()
        ))
    })?;
    let workspace_id = &account.workspace.id;
    let (integration, mut revisions) = app
        .store
        .get(workspace_id, &id)
        .ok_or_else(|| ApiFailure::integration_not_found(&id))?;
    let Some(since) = params.since else {
        return Ok(Json(integration));
    };
    if integration.revision > since {
        return Ok(Json(integration));
    }

    let wait = long_poll_wait(&integration, params.wait.unwrap_or(0));
    // Either a change or the timeout ends the wait, and both return the current state.
    let _ = tokio::time::timeout(wait, revisions.wait_for(|revision| *revision > since)).await;
    let (integration, _) = app
        .store
        .get(workspace_id, &id)
        .ok_or_else(|| ApiFailure::integration_not_found(&id))?;
    Ok(Json(integration))
}

/// Returns how long to wait: `wait` seconds clamped to [`MAX_WAIT_SECONDS`], and no later
/// than the expiry of a pending integration, so the poll returns the `expired` status.
fn long_poll_wait(integration: &Integration, wait: u64) -> Duration {
    let wait = Duration::from_secs(wait.min(MAX_WAIT_SECONDS));
    if integration.status != IntegrationStatus::PendingAuthorization {
        return wait;
    }
    let until_expiry = integration.expires_at - OffsetDateTime::now_utc();
    let until_expiry = Duration::try_from(until_expiry).unwrap_or(Duration::ZERO);
    wait.min(until_expiry)
}

#[derive(Deserialize)]
struct RepositoryParams {
    cursor: Option<String>,
    limit: Option<usize>,
}

async fn list_repositories(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    params: Result<Query<RepositoryParams>, QueryRejection>,
) -> Result<Json<RepositoryPage>, ApiFailure> {
    let account = authenticate(&app, &headers)?;
    let Query(params) = params.map_err(|rejection| {
        ApiFailure::invalid_request(&format!(
            "limit must be an integer from 1 to {MAX_REPOSITORY_LIMIT}: {}",
            rejection.body_text()
        ))
    })?;
    let limit = params.limit.unwrap_or(DEFAULT_REPOSITORY_LIMIT);
    if limit == 0 {
        return Err(ApiFailure::invalid_request(&format!(
            "limit must be an integer from 1 to {MAX_REPOSITORY_LIMIT}."
        )));
    }
    let limit = limit.min(MAX_REPOSITORY_LIMIT);
    let after = match params.cursor.as_deref().filter(|cursor| !cursor.is_empty()) {
        Some(cursor) => Some(decode_cursor(cursor).ok_or_else(|| {
            ApiFailure::invalid_request("cursor is invalid; pass a next_cursor value unchanged.")
        })?),
        None => None,
    };
    let (repositories, more) = app
        .store
        .repositories_after(&account.workspace.id, &id, after.as_ref(), limit)
        .ok_or_else(|| ApiFailure::integration_not_found(&id))?;
    let next_cursor = match (more, repositories.last()) {
        (true, Some(last)) => Some(encode_cursor(&(
            last.project_key.clone(),
            last.slug.clone(),
        ))),
        _ => None,
    };
    Ok(Json(RepositoryPage {
        repositories,
        next_cursor,
    }))
}

/// Encodes the key of the last repository of a page as an opaque cursor.
fn encode_cursor(key: &RepositoryKey) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}\n{}", key.0, key.1))
}

fn decode_cursor(cursor: &str) -> Option<RepositoryKey> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (project_key, slug) = text.split_once('\n')?;
    Some((project_key.to_owned(), slug.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips() {
        let key = ("~ALICE".to_owned(), "notes".to_owned());
        assert_eq!(decode_cursor(&encode_cursor(&key)), Some(key));
    }

    #[test]
    fn cursor_rejects_garbage() {
        assert_eq!(decode_cursor("not base64!"), None);
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode("no separator")), None);
    }

    #[test]
    fn instance_url_keeps_context_path() {
        let url = validate_instance_url(Some("https://Git.Example.com/bitbucket/")).expect("valid");
        assert_eq!(instance_key(&url), "https://git.example.com/bitbucket");
    }
}
