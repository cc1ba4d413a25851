//! The emulator's OAuth 2.0 browser flow and token endpoint, driven by the built-in
//! user agent over HTTPS on loopback.

mod emulator_support;

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use emulator_support::Sandbox;
use gitme::sandbox::bitbucket::{SANDBOX_PASSWORD, SANDBOX_USERNAME};
use gitme::sandbox::user_agent::{self, Consent, UserAgentOutcome};
use gitme::secret::Secret;
use reqwest::Response;
use serde_json::Value;
use sha2::{Digest, Sha256};
use url::Url;

const STATE: &str = "state-123";
const VERIFIER: &str = "verifier-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG";

fn authorize_url(sandbox: &Sandbox, extra: &[(&str, &str)]) -> Url {
    let link = sandbox.emulator.link();
    let mut url = Url::parse(&sandbox.url("/rest/oauth2/latest/authorize")).expect("URL");
    url.query_pairs_mut()
        .append_pair("client_id", &link.client_id)
        .append_pair("redirect_uri", sandbox.callback.url.as_str())
        .append_pair("response_type", "code")
        .append_pair("scope", "REPO_READ")
        .append_pair("state", STATE)
        .extend_pairs(extra);
    url
}

async fn run_flow(sandbox: &Sandbox, url: &Url, consent: Consent) -> UserAgentOutcome {
    let password = Secret::new(SANDBOX_PASSWORD);
    user_agent::authorize(
        url,
        SANDBOX_USERNAME,
        &password,
        consent,
        &sandbox.tls.ca_pem,
    )
    .await
    .expect("browser flow finishes")
}

/// Runs the browser flow with Allow and returns the delivered code.
async fn obtain_code(sandbox: &Sandbox, extra: &[(&str, &str)]) -> String {
    let url = authorize_url(sandbox, extra);
    run_flow(sandbox, &url, Consent::Allow).await;
    sandbox
        .callback
        .last_value("code")
        .expect("callback got a code")
}

fn code_parameters(sandbox: &Sandbox, code: &str) -> Vec<(String, String)> {
    let link = sandbox.emulator.link();
    vec![
        ("grant_type".into(), "authorization_code".into()),
        ("code".into(), code.into()),
        ("redirect_uri".into(), sandbox.callback.url.to_string()),
        ("client_id".into(), link.client_id.clone()),
        ("client_secret".into(), link.client_secret.expose().into()),
    ]
}

fn with(mut parameters: Vec<(String, String)>, name: &str, value: &str) -> Vec<(String, String)> {
    parameters.retain(|(key, _)| key != name);
    parameters.push((name.into(), value.into()));
    parameters
}

async fn post_token(sandbox: &Sandbox, parameters: &[(String, String)]) -> Response {
    sandbox
        .client
        .post(sandbox.url("/rest/oauth2/latest/token"))
        .form(parameters)
        .send()
        .await
        .expect("token request succeeds")
}

async fn expect_error(response: Response, status: u16, error: &str) {
    assert_eq!(response.status().as_u16(), status);
    let body: Value = response.json().await.expect("JSON error");
    assert_eq!(body["error"], error, "{body}");
    assert!(body["error_description"].is_string(), "{body}");
}

async fn expect_tokens(response: Response) -> Value {
    assert_eq!(response.status().as_u16(), 200);
    let cache_control = response.headers().get("cache-control").cloned();
    assert_eq!(
        cache_control.as_ref().and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    response.json().await.expect("JSON tokens")
}

/// Returns the `X-AUSERNAME` the emulator sends for `token`, `None` when anonymous.
async fn username_for(sandbox: &Sandbox, token: &str) -> Option<String> {
    let response = sandbox
        .client
        .get(sandbox.url("/rest/api/1.0/application-properties"))
        .bearer_auth(token)
        .send()
        .await
        .expect("REST request succeeds");
    assert_eq!(response.status().as_u16(), 200);
    let username = response.headers().get("x-ausername")?;
    Some(username.to_str().expect("ASCII username").to_string())
}

#[tokio::test]
async fn browser_flow_reaches_callback() {
    let sandbox = emulator_support::start(|_| {}).await;
    let url = authorize_url(&sandbox, &[]);
    let outcome = run_flow(&sandbox, &url, Consent::Allow).await;
    assert_eq!(outcome.status, 200);
    assert_eq!(outcome.page_title.as_deref(), Some("GitMe connected"));
    assert_eq!(outcome.final_url.path(), "/callback");
    assert_eq!(sandbox.callback.last_value("state").as_deref(), Some(STATE));
    let code = sandbox.callback.last_value("code").expect("code");
    assert!(!code.is_empty());
}

#[tokio::test]
async fn code_exchange_returns_tokens() {
    let sandbox = emulator_support::start(|_| {}).await;
    let code = obtain_code(&sandbox, &[]).await;
    let tokens = expect_tokens(post_token(&sandbox, &code_parameters(&sandbox, &code)).await).await;
    assert_eq!(tokens["token_type"], "bearer");
    assert_eq!(tokens["expires_in"], 3600);
    assert_eq!(tokens["scope"], "REPO_READ");
    assert!(tokens["refresh_token"].is_string());

    let access_token = tokens["access_token"].as_str().expect("access token");
    let parts: Vec<&str> = access_token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header = URL_SAFE_NO_PAD.decode(parts[0]).expect("base64url header");
    assert_eq!(header, br#"{"alg":"HS256"}"#);
    let payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("base64url payload"))
            .expect("JSON payload");
    assert_eq!(payload["id"].as_str().map(str::len), Some(32));

    let username = username_for(&sandbox, access_token).await;
    assert_eq!(username.as_deref(), Some(SANDBOX_USERNAME));
}

#[tokio::test]
async fn code_reuse_revokes_tokens() {
    let sandbox = emulator_support::start(|_| {}).await;
    let code = obtain_code(&sandbox, &[]).await;
    let parameters = code_parameters(&sandbox, &code);
    let tokens = expect_tokens(post_token(&sandbox, &parameters).await).await;
    let access_token = tokens["access_token"].as_str().expect("access token");
    let refresh_token = tokens["refresh_token"].as_str().expect("refresh token");

    expect_error(
        post_token(&sandbox, &parameters).await,
        400,
        "invalid_grant",
    )
    .await;
    assert_eq!(username_for(&sandbox, access_token).await, None);
    let refresh = with(parameters, "grant_type", "refresh_token");
    let refresh = with(refresh, "refresh_token", refresh_token);
    expect_error(post_token(&sandbox, &refresh).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn expired_code_is_invalid_request() {
    let sandbox = emulator_support::start(|config| config.code_ttl = Duration::ZERO).await;
    let code = obtain_code(&sandbox, &[]).await;
    let response = post_token(&sandbox, &code_parameters(&sandbox, &code)).await;
    expect_error(response, 400, "invalid_request").await;
}

#[tokio::test]
async fn unknown_code_is_invalid_request() {
    let sandbox = emulator_support::start(|_| {}).await;
    let response = post_token(&sandbox, &code_parameters(&sandbox, "no-such-code")).await;
    expect_error(response, 400, "invalid_request").await;
}

#[tokio::test]
async fn redirect_mismatch_is_invalid_grant() {
    let sandbox = emulator_support::start(|_| {}).await;
    let code = obtain_code(&sandbox, &[]).await;
    let parameters = with(
        code_parameters(&sandbox, &code),
        "redirect_uri",
        "https://127.0.0.1:1/other",
    );
    expect_error(
        post_token(&sandbox, &parameters).await,
        400,
        "invalid_grant",
    )
    .await;
}

#[tokio::test]
async fn pkce_s256_accepts_verifier() {
    let sandbox = emulator_support::start(|_| {}).await;
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
    for method in ["S256", "s256"] {
        let extra = [
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", method),
        ];
        let code = obtain_code(&sandbox, &extra).await;
        let parameters = with(code_parameters(&sandbox, &code), "code_verifier", VERIFIER);
        expect_tokens(post_token(&sandbox, &parameters).await).await;
    }
}

#[tokio::test]
async fn pkce_plain_is_default_method() {
    let sandbox = emulator_support::start(|_| {}).await;
    let code = obtain_code(&sandbox, &[("code_challenge", VERIFIER)]).await;
    let parameters = with(code_parameters(&sandbox, &code), "code_verifier", VERIFIER);
    expect_tokens(post_token(&sandbox, &parameters).await).await;
}

#[tokio::test]
async fn pkce_wrong_verifier_is_invalid_grant() {
    let sandbox = emulator_support::start(|_| {}).await;
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
    let extra = [
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    let code = obtain_code(&sandbox, &extra).await;
    let wrong = format!("{VERIFIER}x");
    let parameters = with(code_parameters(&sandbox, &code), "code_verifier", &wrong);
    expect_error(
        post_token(&sandbox, &parameters).await,
        400,
        "invalid_grant",
    )
    .await;
    let missing = code_parameters(&sandbox, &code);
    expect_error(post_token(&sandbox, &missing).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn wrong_secret_is_invalid_client() {
    let sandbox = emulator_support::start(|_| {}).await;
    let code = obtain_code(&sandbox, &[]).await;
    let parameters = with(code_parameters(&sandbox, &code), "client_secret", "wrong");
    expect_error(
        post_token(&sandbox, &parameters).await,
        401,
        "invalid_client",
    )
    .await;
    let parameters = code_parameters(&sandbox, &code)
        .into_iter()
        .filter(|(name, _)| name != "client_secret")
        .collect::<Vec<_>>();
    expect_error(
        post_token(&sandbox, &parameters).await,
        401,
        "invalid_client",
    )
    .await;
}

#[tokio::test]
async fn query_string_parameters_accepted() {
    let sandbox = emulator_support::start(|_| {}).await;
    let code = obtain_code(&sandbox, &[]).await;
    let response = sandbox
        .client
        .post(sandbox.url("/rest/oauth2/latest/token"))
        .query(&code_parameters(&sandbox, &code))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .expect("token request succeeds");
    expect_tokens(response).await;
}

#[tokio::test]
async fn json_body_is_rejected() {
    let sandbox = emulator_support::start(|_| {}).await;
    let response = sandbox
        .client
        .post(sandbox.url("/rest/oauth2/latest/token"))
        .header("content-type", "application/json")
        .body(r#"{"grant_type":"authorization_code"}"#)
        .send()
        .await
        .expect("token request succeeds");
    expect_error(response, 400, "invalid_request").await;
}

#[tokio::test]
async fn unsupported_grant_is_rejected() {
    let sandbox = emulator_support::start(|_| {}).await;
    let parameters = vec![("grant_type".to_string(), "password".to_string())];
    let response = post_token(&sandbox, &parameters).await;
    expect_error(response, 400, "unsupported_grant_type").await;
}

#[tokio::test]
async fn refresh_rotates_tokens() {
    let sandbox = emulator_support::start(|_| {}).await;
    let code = obtain_code(&sandbox, &[]).await;
    let first = expect_tokens(post_token(&sandbox, &code_parameters(&sandbox, &code)).await).await;
    let old_access = first["access_token"].as_str().expect("access token");
    let old_refresh = first["refresh_token"].as_str().expect("refresh token");

    let parameters = with(
        code_parameters(&sandbox, &code),
        "grant_type",
        "refresh_token",
    );
    let parameters = with(parameters, "refresh_token", old_refresh);
    let second = expect_tokens(post_token(&sandbox, &parameters).await).await;
    let new_access = second["access_token"].as_str().expect("access token");
    assert_ne!(new_access, old_access);
    assert_ne!(second["refresh_token"], first["refresh_token"]);

    assert_eq!(username_for(&sandbox, old_access).await, None);
    let username = username_for(&sandbox, new_access).await;
    assert_eq!(username.as_deref(), Some(SANDBOX_USERNAME));
    expect_error(
        post_token(&sandbox, &parameters).await,
        400,
        "invalid_grant",
    )
    .await;
}

#[tokio::test]
async fn unknown_client_gets_400_page() {
    let sandbox = emulator_support::start(|_| {}).await;
    let mut url = authorize_url(&sandbox, &[]);
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .into_owned()
        .map(|(name, value)| match name.as_str() {
            "client_id" => (name, "unknown-client".to_string()),
            _ => (name, value),
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    let outcome = run_flow(&sandbox, &url, Consent::Allow).await;
    assert_eq!(outcome.status, 400);
    assert_eq!(outcome.final_url.path(), "/plugins/servlet/oauth2/consent");
    assert!(sandbox.callback.queries.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn unregistered_redirect_shows_error_page() {
    let sandbox = emulator_support::start(|_| {}).await;
    let mut url = authorize_url(&sandbox, &[]);
    let unregistered = format!("{}?extra=1", sandbox.callback.url);
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .into_owned()
        .map(|(name, value)| match name.as_str() {
            "redirect_uri" => (name, unregistered.clone()),
            _ => (name, value),
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    let outcome = run_flow(&sandbox, &url, Consent::Allow).await;
    assert_eq!(outcome.final_url.path(), "/plugins/servlet/oauth2/error");
    assert_eq!(
        outcome.page_title.as_deref(),
        Some("Authorization failed - Bitbucket")
    );
    assert!(sandbox.callback.queries.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn deny_returns_access_denied() {
    let sandbox = emulator_support::start(|_| {}).await;
    let url = authorize_url(&sandbox, &[]);
    let outcome = run_flow(&sandbox, &url, Consent::Deny).await;
    assert_eq!(outcome.final_url.path(), "/callback");
    let error = sandbox.callback.last_value("error");
    assert_eq!(error.as_deref(), Some("access_denied"));
    assert_eq!(sandbox.callback.last_value("state").as_deref(), Some(STATE));
    assert_eq!(sandbox.callback.last_value("code"), None);
}

#[tokio::test]
async fn wrong_password_fails_login() {
    let sandbox = emulator_support::start(|_| {}).await;
    let url = authorize_url(&sandbox, &[]);
    let password = Secret::new("not-the-password");
    let result = user_agent::authorize(
        &url,
        SANDBOX_USERNAME,
        &password,
        Consent::Allow,
        &sandbox.tls.ca_pem,
    )
    .await;
    let message = format!("{:#}", result.expect_err("login is rejected"));
    assert!(
        message.contains("login as sandbox-admin failed"),
        "{message}"
    );
    assert!(!message.contains("not-the-password"), "{message}");
}

#[tokio::test]
async fn logged_out_consent_redirects_login() {
    let sandbox = emulator_support::start(|_| {}).await;
    let authorize = authorize_url(&sandbox, &[]);
    let response = sandbox
        .client
        .get(authorize)
        .send()
        .await
        .expect("authorize");
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let consent = response.headers()["location"]
        .to_str()
        .expect("ASCII")
        .to_string();
    let consent_prefix = sandbox.url("/plugins/servlet/oauth2/consent?");
    assert!(consent.starts_with(&consent_prefix), "{consent}");

    let response = sandbox.client.get(&consent).send().await.expect("consent");
    assert_eq!(response.status().as_u16(), 302);
    let login = response.headers()["location"].to_str().expect("ASCII");
    let expected_prefix = sandbox.url("/login?next=%2Fplugins%2Fservlet%2Foauth2%2Fconsent%3F");
    assert!(login.starts_with(&expected_prefix), "{login}");
}

#[tokio::test]
async fn invalid_scope_redirects_to_client() {
    let sandbox = emulator_support::start(|_| {}).await;
    let mut url = authorize_url(&sandbox, &[]);
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .into_owned()
        .map(|(name, value)| match name.as_str() {
            "scope" => (name, "REPO_READ REPO_ADMIN".to_string()),
            _ => (name, value),
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    let response = sandbox.client.get(url).send().await.expect("authorize");
    assert_eq!(response.status().as_u16(), 303);
    let location = Url::parse(response.headers()["location"].to_str().expect("ASCII"))
        .expect("absolute Location");
    assert_eq!(location.path(), "/callback");
    let query: Vec<(String, String)> = location.query_pairs().into_owned().collect();
    assert!(query.contains(&("error".into(), "invalid_scope".into())));
    assert!(query.contains(&("state".into(), STATE.into())));
}

#[tokio::test]
async fn missing_parameter_shows_error_page() {
    let sandbox = emulator_support::start(|_| {}).await;
    let url = sandbox.url("/rest/oauth2/latest/authorize?response_type=code&scope=REPO_READ");
    let response = sandbox.client.get(url).send().await.expect("authorize");
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().expect("ASCII");
    let expected = sandbox.url("/plugins/servlet/oauth2/error?errorName=invalid_request&");
    assert!(location.starts_with(&expected), "{location}");
}

#[tokio::test]
async fn client_probe_answers_401() {
    let sandbox = emulator_support::start(|_| {}).await;
    let url = sandbox.url("/rest/oauth2/1.0/client");
    let response = sandbox.client.get(url).send().await.expect("probe");
    assert_eq!(response.status().as_u16(), 401);
}

#[tokio::test]
async fn absent_plugin_answers_404() {
    let sandbox = emulator_support::start(|config| config.oauth_provider = false).await;
    for path in ["/rest/oauth2/1.0/client", "/rest/oauth2/latest/authorize"] {
        let response = sandbox
            .client
            .get(sandbox.url(path))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 404, "{path}");
    }
}
