//! The sandbox GitMe backend over real HTTPS on loopback.
//!
//! A small Bitbucket stand-in (token endpoint, `application-properties`, the project and
//! repository lists) runs in this file for the code exchange and discovery tests. It serves
//! fixed pages whose `nextPageStart` skips values and one 429, so the backend's pager and
//! retry run for real.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use gitme::backend::api::{
    DiscoveryState, ErrorBody, Integration, IntegrationStatus, MAX_WAIT_SECONDS, Me,
    RepositoryPage, Role,
};
use gitme::sandbox::backend::{BackendConfig, BackendEmulator};
use gitme::sandbox::tls::SandboxTls;
use serde_json::{Value, json};
use url::Url;

const GOOD_CLIENT_SECRET: &str = "good-client-secret";
const GOOD_CODE: &str = "good-code";
const ACCESS_TOKEN: &str = "bitbucket-access-token";
const BITBUCKET_USERNAME: &str = "sandbox-admin";
/// The page limit for which the stand-in returns an HTML login page instead of projects, as
/// an authenticating proxy in front of Bitbucket would.
const PROXY_PAGE_LIMIT: &str = "7";

// ---------------------------------------------------------------------------------------
// TLS and clients

/// Generates the sandbox's root and intermediate CAs and a loopback leaf signed by them.
fn test_tls() -> SandboxTls {
    let _ = rustls::crypto::ring::default_provider().install_default();
    SandboxTls::generate().expect("sandbox TLS")
}

fn client(ca_pem: &str) -> reqwest::Client {
    let certificate = reqwest::Certificate::from_pem(ca_pem.as_bytes()).expect("CA PEM");
    reqwest::Client::builder()
        .tls_certs_only([certificate])
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(MAX_WAIT_SECONDS + 10))
        .build()
        .expect("client")
}

fn loopback_listener() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").expect("bind loopback")
}

// ---------------------------------------------------------------------------------------
// The backend under test

struct Sandbox {
    backend: BackendEmulator,
    admin_token: String,
    member_token: String,
    http: reqwest::Client,
    tls: SandboxTls,
}

impl Sandbox {
    async fn start() -> Self {
        Sandbox::start_with(|_| {}).await
    }

    async fn start_with(change: impl FnOnce(&mut BackendConfig)) -> Self {
        let tls = test_tls();
        let mut config = BackendConfig::new(tls.ca_pem.clone());
        change(&mut config);
        let admin_token = config
            .account(Role::AccountAdmin)
            .expect("admin")
            .token
            .expose()
            .to_owned();
        let member_token = config
            .account(Role::Member)
            .expect("member")
            .token
            .expose()
            .to_owned();
        let backend = BackendEmulator::start(loopback_listener(), config, &tls)
            .await
            .expect("backend starts");
        Sandbox {
            backend,
            admin_token,
            member_token,
            http: client(&tls.ca_pem),
            tls,
        }
    }

    fn url(&self, path: &str) -> Url {
        self.backend.base_url.join(path).expect("backend URL")
    }

    async fn create(&self, token: &str, body: Value) -> reqwest::Response {
        self.http
            .post(self.url("/api/v1/self-hosted-integrations/bitbucket"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("create request")
    }

    async fn create_pending(&self, instance_url: &str, secret: &str) -> Integration {
        let body =
            json!({"instance_url": instance_url, "client_id": "client-1", "client_secret": secret});
        let response = self.create(&self.admin_token, body).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.expect("integration JSON")
    }

    async fn poll(&self, id: &str, query: &str) -> Integration {
        let url = self.url(&format!(
            "/api/v1/self-hosted-integrations/bitbucket/{id}?{query}"
        ));
        let response = self
            .http
            .get(url)
            .bearer_auth(&self.admin_token)
            .send()
            .await
            .expect("poll");
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("integration JSON")
    }

    async fn callback(&self, query: &[(&str, &str)]) -> (StatusCode, String) {
        let mut url = self.backend.callback_url();
        url.query_pairs_mut().extend_pairs(query);
        let response = self.http.get(url).send().await.expect("callback request");
        let status = response.status();
        (status, response.text().await.expect("callback page"))
    }

    async fn repositories(&self, id: &str, query: &str) -> reqwest::Response {
        let path = format!("/api/v1/self-hosted-integrations/bitbucket/{id}/repositories?{query}");
        self.http
            .get(self.url(&path))
            .bearer_auth(&self.admin_token)
            .send()
            .await
            .expect("list")
    }
}

fn authorize_state(integration: &Integration) -> String {
    let url = integration.authorize_url.as_ref().expect("authorize URL");
    let pairs: HashMap<String, String> = url.query_pairs().into_owned().collect();
    pairs.get("state").expect("state parameter").clone()
}

async fn error_body(response: reqwest::Response) -> ErrorBody {
    response.json().await.expect("error JSON")
}

// ---------------------------------------------------------------------------------------
// A Bitbucket stand-in with fixed data

struct FakeBitbucket {
    base_url: String,
}

fn bitbucket_page(start: u64, values: Vec<Value>, next_page_start: Option<u64>) -> Value {
    let mut page = json!({"size": values.len(), "limit": 2, "isLastPage": next_page_start.is_none(), "start": start, "values": values});
    if let Some(next) = next_page_start {
        page["nextPageStart"] = json!(next);
    }
    page
}

fn project(key: &str, name: &str, project_type: &str) -> Value {
    json!({"key": key, "id": 1, "name": name, "public": false, "type": project_type})
}

fn repository(slug: &str, archived: bool, project: Value) -> Value {
    json!({"slug": slug, "id": 1, "name": slug.to_uppercase(), "scmId": "git", "state": "AVAILABLE", "archived": archived, "project": project})
}

fn authorized(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok())
        == Some(&format!("Bearer {ACCESS_TOKEN}"))
}

fn json_response(value: Value) -> Response {
    (
        [("content-type", "application/json;charset=UTF-8")],
        value.to_string(),
    )
        .into_response()
}

fn start_param(query: &HashMap<String, String>) -> u64 {
    query.get("start").and_then(|s| s.parse().ok()).unwrap_or(0)
}

async fn token(body: String) -> Response {
    let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    if field("client_secret") != GOOD_CLIENT_SECRET {
        let body =
            json!({"error": "invalid_client", "error_description": "unauthenticated client"});
        return (StatusCode::UNAUTHORIZED, json_response(body)).into_response();
    }
    let verifier_ok = field("code_verifier").len() >= 43;
    if field("code") != GOOD_CODE || field("grant_type") != "authorization_code" || !verifier_ok {
        let body = json!({"error": "invalid_grant", "error_description": "bad code"});
        return (StatusCode::BAD_REQUEST, json_response(body)).into_response();
    }
    json_response(
        json!({"access_token": ACCESS_TOKEN, "token_type": "bearer", "expires_in": 3600, "refresh_token": "r", "scope": "REPO_READ"}),
    )
}

async fn application_properties(headers: HeaderMap) -> Response {
    let body = json_response(
        json!({"version": "8.19.1", "buildNumber": "8019001", "buildDate": "1", "displayName": "Bitbucket"}),
    );
    if authorized(&headers) {
        return ([("x-ausername", BITBUCKET_USERNAME)], body).into_response();
    }
    body
}

async fn projects(headers: HeaderMap, Query(query): Query<HashMap<String, String>>) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if query.get("limit").map(String::as_str) == Some(PROXY_PAGE_LIMIT) {
        let login_page = "<html><title>Sign in</title></html>";
        return ([("content-type", "text/html")], login_page).into_response();
    }
    match start_param(&query) {
        0 => json_response(bitbucket_page(
            0,
            vec![project("PLAT", "Platform", "NORMAL")],
            Some(3),
        )),
        3 => json_response(bitbucket_page(
            3,
            vec![project("DATA", "Data", "NORMAL")],
            None,
        )),
        _ => StatusCode::BAD_REQUEST.into_response(),
    }
}

async fn project_repos(
    headers: HeaderMap,
    Path(key): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    rate_limited_once: Arc<AtomicBool>,
) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let plat = project("PLAT", "Platform", "NORMAL");
    match (key.as_str(), start_param(&query)) {
        ("PLAT", 0) => json_response(bitbucket_page(
            0,
            vec![repository("api", false, plat)],
            Some(5),
        )),
        ("PLAT", 5) => json_response(bitbucket_page(
            5,
            vec![repository("legacy", true, plat)],
            None,
        )),
        ("DATA", 0) => {
            if !rate_limited_once.swap(true, Ordering::SeqCst) {
                return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "0")]).into_response();
            }
            let data = project("DATA", "Data", "NORMAL");
            json_response(bitbucket_page(
                0,
                vec![repository("etl", false, data)],
                None,
            ))
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn all_repos(headers: HeaderMap, Query(query): Query<HashMap<String, String>>) -> Response {
    if !authorized(&headers) || query.get("archived").map(String::as_str) != Some("ALL") {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let plat = project("PLAT", "Platform", "NORMAL");
    let alice = project("~ALICE", "Alice", "PERSONAL");
    let values = vec![
        repository("api", false, plat),
        repository("notes", false, alice),
    ];
    json_response(bitbucket_page(0, values, None))
}

impl FakeBitbucket {
    async fn start(tls: &SandboxTls) -> Self {
        let listener = loopback_listener();
        let address = listener.local_addr().expect("address");
        listener.set_nonblocking(true).expect("non-blocking");
        let rate_limited_once = Arc::new(AtomicBool::new(false));
        let router = Router::new()
            .route("/bitbucket/rest/oauth2/latest/token", post(token))
            .route(
                "/bitbucket/rest/api/1.0/application-properties",
                get(application_properties),
            )
            .route("/bitbucket/rest/api/1.0/projects", get(projects))
            .route(
                "/bitbucket/rest/api/1.0/projects/{key}/repos",
                get(move |headers, key, query| {
                    project_repos(headers, key, query, rate_limited_once.clone())
                }),
            )
            .route("/bitbucket/rest/api/1.0/repos", get(all_repos));
        let config = axum_server::tls_rustls::RustlsConfig::from_config(tls.server_config.clone());
        let server = axum_server::from_tcp_rustls(listener, config).expect("fake Bitbucket");
        tokio::spawn(server.serve(router.into_make_service()));
        FakeBitbucket {
            base_url: format!("https://{address}/bitbucket"),
        }
    }
}

/// Long-polls until discovery leaves `running`, at most 20 times.
async fn wait_for_discovery(sandbox: &Sandbox, id: &str) -> Integration {
    let mut integration = sandbox.poll(id, "").await;
    for _ in 0..20 {
        if integration.discovery.state != DiscoveryState::Running {
            break;
        }
        let query = format!("since={}&wait=5", integration.revision);
        integration = sandbox.poll(id, &query).await;
    }
    integration
}

// ---------------------------------------------------------------------------------------
// /me

#[tokio::test]
async fn me_admin_returns_role() {
    let sandbox = Sandbox::start().await;
    let response = sandbox
        .http
        .get(sandbox.url("/api/v1/me"))
        .bearer_auth(&sandbox.admin_token)
        .send()
        .await
        .expect("me");
    assert_eq!(response.status(), StatusCode::OK);
    let me: Me = response.json().await.expect("Me JSON");
    assert_eq!(me.role, Role::AccountAdmin);
    assert_eq!(me.workspace.analysis_starts_on.len(), "2026-12-01".len());
    assert!(me.workspace.analysis_starts_on.ends_with("-01"));
}

#[tokio::test]
async fn me_member_returns_role() {
    let sandbox = Sandbox::start().await;
    let response = sandbox
        .http
        .get(sandbox.url("/api/v1/me"))
        .bearer_auth(&sandbox.member_token)
        .send()
        .await
        .expect("me");
    let me: Me = response.json().await.expect("Me JSON");
    assert_eq!(me.role, Role::Member);
}

#[tokio::test]
async fn me_bad_token_unauthorized() {
    let sandbox = Sandbox::start().await;
    let response = sandbox
        .http
        .get(sandbox.url("/api/v1/me"))
        .bearer_auth("wrong")
        .send()
        .await
        .expect("me");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body = error_body(response).await;
    assert_eq!(body.error.code, "unauthorized");
    assert!(
        body.error
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("GITME_TOKEN")
    );

    let missing = sandbox
        .http
        .get(sandbox.url("/api/v1/me"))
        .send()
        .await
        .expect("me");
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_path_returns_json_404() {
    let sandbox = Sandbox::start().await;
    let response = sandbox
        .http
        .get(sandbox.url("/api/v1/nothing"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_body(response).await.error.code, "not_found");
}

#[tokio::test]
async fn wrong_method_returns_json_405() {
    let sandbox = Sandbox::start().await;
    let response = sandbox
        .http
        .delete(sandbox.url("/api/v1/me"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_body(response).await.error.code, "method_not_allowed");
}

// ---------------------------------------------------------------------------------------
// Create

#[tokio::test]
async fn create_returns_pending_authorize_url() {
    let sandbox = Sandbox::start().await;
    let integration = sandbox
        .create_pending("https://git.example.com/bitbucket/", "s3cret")
        .await;
    assert_eq!(integration.status, IntegrationStatus::PendingAuthorization);
    assert_eq!(
        integration.instance_url.as_str(),
        "https://git.example.com/bitbucket"
    );
    assert_eq!(integration.scope, "REPO_READ");
    assert_eq!(integration.callback_url, sandbox.backend.callback_url());
    assert!(integration.expires_at > time::OffsetDateTime::now_utc() + time::Duration::minutes(9));
    assert_eq!(
        integration.links.plan_configuration.path(),
        "/settings/plan-configuration"
    );
    assert_eq!(
        integration.links.plan_configuration.query(),
        Some("integration=connected")
    );

    let url = integration.authorize_url.as_ref().expect("authorize URL");
    assert_eq!(url.host_str(), Some("git.example.com"));
    assert_eq!(url.path(), "/bitbucket/rest/oauth2/latest/authorize");
    let pairs: HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(pairs.get("client_id").map(String::as_str), Some("client-1"));
    assert_eq!(
        pairs.get("redirect_uri").map(String::as_str),
        Some(sandbox.backend.callback_url().as_str())
    );
    assert_eq!(pairs.get("response_type").map(String::as_str), Some("code"));
    assert_eq!(pairs.get("scope").map(String::as_str), Some("REPO_READ"));
    assert_eq!(
        pairs.get("code_challenge_method").map(String::as_str),
        Some("S256")
    );
    let challenge = pairs.get("code_challenge").expect("code_challenge");
    assert_eq!(
        challenge.len(),
        43,
        "a base64url SHA-256 digest has 43 characters"
    );
    assert!(
        challenge
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    );
    assert!(pairs.get("state").is_some_and(|state| state.len() >= 16));
}

#[tokio::test]
async fn create_states_differ_per_integration() {
    let sandbox = Sandbox::start().await;
    let first = sandbox.create_pending("https://one.example.com", "s").await;
    let second = sandbox.create_pending("https://two.example.com", "s").await;
    assert_ne!(authorize_state(&first), authorize_state(&second));
}

#[tokio::test]
async fn create_rejects_invalid_fields() {
    let sandbox = Sandbox::start().await;
    let cases = [
        (
            json!({"client_id": "c", "client_secret": "s"}),
            "instance_url",
        ),
        (
            json!({"instance_url": "http://git.example.com", "client_id": "c", "client_secret": "s"}),
            "https",
        ),
        (
            json!({"instance_url": "https://u:p@git.example.com", "client_id": "c", "client_secret": "s"}),
            "username or password",
        ),
        (
            json!({"instance_url": "https://git.example.com/?a=1", "client_id": "c", "client_secret": "s"}),
            "query",
        ),
        (
            json!({"instance_url": "https://git.example.com/#top", "client_id": "c", "client_secret": "s"}),
            "fragment",
        ),
        (
            json!({"instance_url": "not a url", "client_id": "c", "client_secret": "s"}),
            "instance_url",
        ),
        (
            json!({"instance_url": "https://git.example.com", "client_id": " ", "client_secret": "s"}),
            "client_id",
        ),
        (
            json!({"instance_url": "https://git.example.com", "client_id": "c", "client_secret": ""}),
            "client_secret",
        ),
        (json!("not an object"), "JSON object"),
        (
            json!({"instance_url": "https://git.example.com", "client_id": "c", "client_secret": 5}),
            "client_secret must be a string",
        ),
    ];
    for (body, expected) in cases {
        let response = sandbox.create(&sandbox.admin_token, body.clone()).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "body {body}"
        );
        let error = error_body(response).await.error;
        assert_eq!(error.code, "invalid_request", "body {body}");
        assert!(
            error.message.contains(expected),
            "message {:?} for body {body}",
            error.message
        );
    }
}

#[tokio::test]
async fn create_member_forbidden() {
    let sandbox = Sandbox::start().await;
    let body =
        json!({"instance_url": "https://git.example.com", "client_id": "c", "client_secret": "s"});
    let response = sandbox.create(&sandbox.member_token, body).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let error = error_body(response).await.error;
    assert_eq!(error.code, "not_account_admin");
    assert!(
        error
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("Settings > Invite User")
    );
}

#[tokio::test]
async fn superseded_pending_reads_expired() {
    let sandbox = Sandbox::start().await;
    let first = sandbox.create_pending("https://git.example.com", "s").await;
    let second = sandbox
        .create_pending("https://git.example.com/", "s")
        .await;
    let first_now = sandbox.poll(&first.id, "").await;
    assert_eq!(first_now.status, IntegrationStatus::Expired);
    assert!(first_now.authorize_url.is_none());
    assert_eq!(
        sandbox.poll(&second.id, "").await.status,
        IntegrationStatus::PendingAuthorization
    );

    let (status, _) = sandbox
        .callback(&[("state", &authorize_state(&first)), ("code", "x")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn pending_past_ttl_reads_expired() {
    let sandbox = Sandbox::start_with(|config| config.authorization_ttl = Duration::ZERO).await;
    let integration = sandbox.create_pending("https://git.example.com", "s").await;
    assert_eq!(
        sandbox.poll(&integration.id, "").await.status,
        IntegrationStatus::Expired
    );
}

// ---------------------------------------------------------------------------------------
// Long-poll

#[tokio::test]
async fn long_poll_behind_returns_at_once() {
    let sandbox = Sandbox::start().await;
    let integration = sandbox.create_pending("https://git.example.com", "s").await;
    let started = Instant::now();
    let polled = sandbox
        .poll(
            &integration.id,
            &format!("since={}&wait=30", integration.revision - 1),
        )
        .await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(polled.revision, integration.revision);
}

#[tokio::test]
async fn long_poll_returns_on_change() {
    let sandbox = Arc::new(Sandbox::start().await);
    let integration = sandbox.create_pending("https://git.example.com", "s").await;
    let query = format!("since={}&wait={MAX_WAIT_SECONDS}", integration.revision);
    let poller = {
        let sandbox = sandbox.clone();
        let id = integration.id.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            (sandbox.poll(&id, &query).await, started.elapsed())
        })
    };
    let (status, page) = sandbox
        .callback(&[
            ("state", &authorize_state(&integration)),
            ("error", "access_denied"),
        ])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("denied"));

    let (polled, elapsed) = poller.await.expect("poller task");
    assert!(
        elapsed < Duration::from_secs(MAX_WAIT_SECONDS),
        "the poll timed out instead of waking"
    );
    assert_eq!(polled.status, IntegrationStatus::Failed);
    assert!(polled.revision > integration.revision);
    let error = polled.error.expect("error");
    assert_eq!(error.code, "access_denied");
    assert!(error.hint.as_deref().unwrap_or("").contains("Allow"));
}

#[tokio::test]
async fn long_poll_unchanged_returns_after_wait() {
    let sandbox = Sandbox::start().await;
    let integration = sandbox.create_pending("https://git.example.com", "s").await;
    let started = Instant::now();
    let polled = sandbox
        .poll(
            &integration.id,
            &format!("since={}&wait=1", integration.revision),
        )
        .await;
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "returned after {:?}",
        started.elapsed()
    );
    assert_eq!(polled.revision, integration.revision);
    assert_eq!(polled.status, IntegrationStatus::PendingAuthorization);
}

#[tokio::test]
async fn long_poll_rejects_bad_wait() {
    let sandbox = Sandbox::start().await;
    let integration = sandbox.create_pending("https://git.example.com", "s").await;
    let url = sandbox.url(&format!(
        "/api/v1/self-hosted-integrations/bitbucket/{}?wait=soon",
        integration.id
    ));
    let response = sandbox
        .http
        .get(url)
        .bearer_auth(&sandbox.admin_token)
        .send()
        .await
        .expect("poll");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn integration_unknown_id_not_found() {
    let sandbox = Sandbox::start().await;
    let url = sandbox.url("/api/v1/self-hosted-integrations/bitbucket/int_missing");
    let response = sandbox
        .http
        .get(url)
        .bearer_auth(&sandbox.admin_token)
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_body(response).await.error.code, "not_found");
}

// ---------------------------------------------------------------------------------------
// Callback

#[tokio::test]
async fn callback_unknown_state_rejected() {
    let sandbox = Sandbox::start().await;
    let (status, page) = sandbox
        .callback(&[("state", "<script>"), ("code", "x")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("<title>"));
    assert!(!page.contains("<script>"));
}

#[tokio::test]
async fn callback_state_single_use() {
    let sandbox = Sandbox::start().await;
    let integration = sandbox.create_pending("https://git.example.com", "s").await;
    let state = authorize_state(&integration);
    let (first, _) = sandbox
        .callback(&[("state", &state), ("error", "access_denied")])
        .await;
    assert_eq!(first, StatusCode::OK);
    let (second, _) = sandbox
        .callback(&[("state", &state), ("error", "access_denied")])
        .await;
    assert_eq!(second, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn callback_other_error_sets_code() {
    let sandbox = Sandbox::start().await;
    let integration = sandbox.create_pending("https://git.example.com", "s").await;
    let state = authorize_state(&integration);
    let query = [
        ("state", state.as_str()),
        ("error", "invalid_scope"),
        ("error_description", "<b>bad</b>"),
    ];
    let (status, page) = sandbox.callback(&query).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("&lt;b&gt;bad&lt;/b&gt;"));
    let polled = sandbox.poll(&integration.id, "").await;
    assert_eq!(polled.status, IntegrationStatus::Failed);
    assert_eq!(polled.error.expect("error").code, "invalid_scope");
}

// ---------------------------------------------------------------------------------------
// Exchange and discovery against the Bitbucket stand-in

#[tokio::test]
async fn exchange_connects_and_discovers() {
    let sandbox = Sandbox::start_with(|config| config.discovery_page_limit = 2).await;
    let bitbucket = FakeBitbucket::start(&sandbox.tls).await;
    let integration = sandbox
        .create_pending(&bitbucket.base_url, GOOD_CLIENT_SECRET)
        .await;
    let (status, page) = sandbox
        .callback(&[
            ("state", &authorize_state(&integration)),
            ("code", GOOD_CODE),
        ])
        .await;
    assert_eq!(status, StatusCode::OK, "page: {page}");

    let done = wait_for_discovery(&sandbox, &integration.id).await;
    assert_eq!(done.status, IntegrationStatus::Connected);
    assert_eq!(
        done.connected_as.expect("connected_as").username,
        BITBUCKET_USERNAME
    );
    assert_eq!(
        done.discovery.state,
        DiscoveryState::Completed,
        "error: {:?}",
        done.error
    );
    assert_eq!(done.discovery.projects_total, Some(2));
    assert_eq!(done.discovery.projects_scanned, 2);
    assert_eq!(done.discovery.repositories_found, 4);
    assert!(done.error.is_none());
}

#[tokio::test]
async fn discovery_html_page_fails() {
    let sandbox = Sandbox::start_with(|config| config.discovery_page_limit = 7).await;
    let bitbucket = FakeBitbucket::start(&sandbox.tls).await;
    let integration = sandbox
        .create_pending(&bitbucket.base_url, GOOD_CLIENT_SECRET)
        .await;
    let state = authorize_state(&integration);
    sandbox
        .callback(&[("state", &state), ("code", GOOD_CODE)])
        .await;

    let done = wait_for_discovery(&sandbox, &integration.id).await;
    assert_eq!(done.status, IntegrationStatus::Connected);
    assert_eq!(done.discovery.state, DiscoveryState::Failed);
    let error = done.error.expect("error");
    assert_eq!(error.code, "discovery_failed");
    assert!(
        error.message.contains("instead of JSON"),
        "message {:?}",
        error.message
    );
}

#[tokio::test]
async fn repositories_page_sorted_with_cursor() {
    let sandbox = Sandbox::start().await;
    let bitbucket = FakeBitbucket::start(&sandbox.tls).await;
    let integration = sandbox
        .create_pending(&bitbucket.base_url, GOOD_CLIENT_SECRET)
        .await;
    sandbox
        .callback(&[
            ("state", &authorize_state(&integration)),
            ("code", GOOD_CODE),
        ])
        .await;
    wait_for_discovery(&sandbox, &integration.id).await;

    let first: RepositoryPage = sandbox
        .repositories(&integration.id, "limit=3")
        .await
        .json()
        .await
        .expect("page");
    let names: Vec<String> = first
        .repositories
        .iter()
        .map(|r| format!("{}/{}", r.project_key, r.slug))
        .collect();
    assert_eq!(names, ["DATA/etl", "PLAT/api", "PLAT/legacy"]);
    assert!(first.repositories[2].archived);
    let cursor = first.next_cursor.expect("next cursor");

    let second: RepositoryPage = sandbox
        .repositories(&integration.id, &format!("limit=3&cursor={cursor}"))
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(second.repositories.len(), 1);
    assert_eq!(second.repositories[0].project_key, "~ALICE");
    assert!(second.repositories[0].personal);
    assert!(second.next_cursor.is_none());
}

#[tokio::test]
async fn connected_instance_conflicts() {
    let sandbox = Sandbox::start().await;
    let bitbucket = FakeBitbucket::start(&sandbox.tls).await;
    let integration = sandbox
        .create_pending(&bitbucket.base_url, GOOD_CLIENT_SECRET)
        .await;
    sandbox
        .callback(&[
            ("state", &authorize_state(&integration)),
            ("code", GOOD_CODE),
        ])
        .await;

    let body = json!({"instance_url": bitbucket.base_url, "client_id": "c", "client_secret": "s"});
    let response = sandbox.create(&sandbox.admin_token, body).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let error = error_body(response).await.error;
    assert_eq!(error.code, "instance_already_connected");
    assert_eq!(
        error.integration_id.as_deref(),
        Some(integration.id.as_str())
    );
    assert!(
        error
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("authorize GitMe again")
    );
}

#[tokio::test]
async fn exchange_wrong_secret_fails() {
    let sandbox = Sandbox::start().await;
    let bitbucket = FakeBitbucket::start(&sandbox.tls).await;
    let integration = sandbox
        .create_pending(&bitbucket.base_url, "wrong-secret")
        .await;
    let (status, _) = sandbox
        .callback(&[
            ("state", &authorize_state(&integration)),
            ("code", GOOD_CODE),
        ])
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    let polled = sandbox.poll(&integration.id, "").await;
    assert_eq!(polled.status, IntegrationStatus::Failed);
    let error = polled.error.expect("error");
    assert_eq!(error.code, "token_exchange_failed");
    assert!(
        error.message.contains("invalid_client"),
        "message {:?}",
        error.message
    );
    assert!(error.message.contains("unauthenticated client"));
    assert!(
        error
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("client secret")
    );
}

#[tokio::test]
async fn exchange_unreachable_instance_fails() {
    let sandbox = Sandbox::start().await;
    // The listener is dropped at once, so nothing listens on this loopback port.
    let closed = loopback_listener().local_addr().expect("address");
    let integration = sandbox
        .create_pending(&format!("https://{closed}"), "s")
        .await;
    let (status, _) = sandbox
        .callback(&[
            ("state", &authorize_state(&integration)),
            ("code", GOOD_CODE),
        ])
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    let error = sandbox
        .poll(&integration.id, "")
        .await
        .error
        .expect("error");
    assert_eq!(error.code, "token_exchange_failed");
}

// ---------------------------------------------------------------------------------------
// Repositories and web-app pages

#[tokio::test]
async fn repositories_empty_without_discovery() {
    let sandbox = Sandbox::start().await;
    let integration = sandbox.create_pending("https://git.example.com", "s").await;
    let response = sandbox.repositories(&integration.id, "").await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: RepositoryPage = response.json().await.expect("page");
    assert!(page.repositories.is_empty());
    assert!(page.next_cursor.is_none());
}

#[tokio::test]
async fn repositories_bad_cursor_rejected() {
    let sandbox = Sandbox::start().await;
    let integration = sandbox.create_pending("https://git.example.com", "s").await;
    let response = sandbox.repositories(&integration.id, "cursor=%21%21").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = error_body(response).await.error;
    assert!(error.message.contains("cursor"));
}

#[tokio::test]
async fn next_step_pages_served() {
    let sandbox = Sandbox::start().await;
    let integration = sandbox.create_pending("https://git.example.com", "s").await;
    for url in [
        integration.links.plan_configuration,
        integration.links.billing,
    ] {
        let response = sandbox.http.get(url.clone()).send().await.expect("page");
        assert_eq!(response.status(), StatusCode::OK, "{url}");
    }
}
