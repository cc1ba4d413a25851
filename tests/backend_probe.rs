//! The sandbox backend's cloud-side probe, called through `BackendClient::probe_instance`
//! against the Bitbucket emulator of the same sandbox.

use std::net::TcpListener;

use gitme::backend::BackendClient;
use gitme::backend::api::{PROBE_PATH, ProbeRequest, ProbeResult, ProbeStatus, ProbeStep};
use gitme::http_client::{HttpOptions, Trust, build_client};
use gitme::sandbox::Sandbox;
use gitme::sandbox::backend::BackendConfig;
use gitme::sandbox::bitbucket::{BitbucketConfig, FaultRule};
use gitme::sandbox::tls::CertificateKind;
use gitme::secret::Secret;
use url::Url;

const STEP_IDS: [&str; 4] = [
    "https",
    "application_properties",
    "token_endpoint",
    "rest_api",
];

async fn start_sandbox(
    customise: impl FnOnce(&mut BitbucketConfig, &mut BackendConfig),
) -> Sandbox {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Sandbox::start_with(customise)
        .await
        .expect("sandbox starts")
}

fn http_client(sandbox: &Sandbox) -> reqwest::Client {
    let options = HttpOptions {
        extra_ca_pem: Some(sandbox.tls.ca_pem.clone()),
        trust: Trust::OnlyExtra,
        use_env_proxy: false,
        ..HttpOptions::default()
    };
    build_client(&options).expect("client builds")
}

fn backend_client(sandbox: &Sandbox, token: &Secret) -> BackendClient {
    BackendClient::new(
        http_client(sandbox),
        sandbox.backend.base_url.clone(),
        token.clone(),
    )
}

async fn probe(sandbox: &Sandbox, instance_url: Url) -> ProbeResult {
    backend_client(sandbox, &sandbox.admin_token)
        .probe_instance(&ProbeRequest { instance_url })
        .await
        .expect("probe succeeds")
}

fn step<'a>(result: &'a ProbeResult, id: &str) -> &'a ProbeStep {
    result
        .steps
        .iter()
        .find(|step| step.id == id)
        .unwrap_or_else(|| panic!("no step {id} in {:?}", result.steps))
}

fn step_ids(result: &ProbeResult) -> Vec<&str> {
    result.steps.iter().map(|step| step.id.as_str()).collect()
}

#[tokio::test]
async fn probe_healthy_instance_reachable() {
    let sandbox = start_sandbox(|_, _| {}).await;
    let result = probe(&sandbox, sandbox.bitbucket.base_url.clone()).await;

    assert!(result.reachable, "{:?}", result.steps);
    assert_eq!(step_ids(&result), STEP_IDS);
    for step in &result.steps {
        assert_eq!(step.status, ProbeStatus::Ok, "{step:?}");
    }
    assert!(
        step(&result, "https")
            .detail
            .contains("TLS handshake succeeded")
    );
    assert!(
        step(&result, "application_properties")
            .detail
            .contains("8.19.1")
    );
    assert_eq!(result.source_addresses, ["127.0.0.1"]);
    assert_eq!(result.instance_url, sandbox.bitbucket.base_url);
}

#[tokio::test]
async fn probe_keeps_context_path() {
    let sandbox = start_sandbox(|bitbucket, _| bitbucket.context_path = "/bitbucket".into()).await;
    let result = probe(&sandbox, sandbox.bitbucket.base_url.clone()).await;

    assert!(result.reachable, "{:?}", result.steps);
    assert_eq!(result.instance_url.path(), "/bitbucket");
}

#[tokio::test]
async fn probe_old_version_warns() {
    let sandbox = start_sandbox(|bitbucket, _| bitbucket.version = "7.17.4".into()).await;
    let result = probe(&sandbox, sandbox.bitbucket.base_url.clone()).await;

    let properties = step(&result, "application_properties");
    assert_eq!(properties.status, ProbeStatus::Warn, "{properties:?}");
    assert!(
        properties.detail.contains("7.17.4"),
        "{}",
        properties.detail
    );
    assert!(properties.detail.contains("7.20"), "{}", properties.detail);
    assert_eq!(step(&result, "token_endpoint").status, ProbeStatus::Ok);
    assert!(
        result.reachable,
        "a warning alone keeps the instance reachable"
    );
}

#[tokio::test]
async fn probe_without_oauth_provider_fails() {
    let sandbox = start_sandbox(|bitbucket, _| bitbucket.oauth_provider = false).await;
    let result = probe(&sandbox, sandbox.bitbucket.base_url.clone()).await;

    assert!(!result.reachable);
    assert_eq!(
        step(&result, "application_properties").status,
        ProbeStatus::Ok
    );
    let token = step(&result, "token_endpoint");
    assert_eq!(token.status, ProbeStatus::Fail);
    assert!(
        token.detail.contains("no OAuth 2.0 provider"),
        "{}",
        token.detail
    );
    let rest = step(&result, "rest_api");
    assert_eq!(rest.status, ProbeStatus::Fail);
    assert!(rest.detail.starts_with("skipped: "), "{}", rest.detail);
}

#[tokio::test]
async fn probe_html_page_skips_later_steps() {
    let sandbox = start_sandbox(|bitbucket, _| {
        bitbucket.faults =
            vec![FaultRule::new("/rest/api/1.0/application-properties").html_page("Sign in")];
    })
    .await;
    let result = probe(&sandbox, sandbox.bitbucket.base_url.clone()).await;

    assert!(!result.reachable);
    assert_eq!(step_ids(&result), STEP_IDS);
    assert_eq!(step(&result, "https").status, ProbeStatus::Ok);
    let properties = step(&result, "application_properties");
    assert_eq!(properties.status, ProbeStatus::Fail);
    assert!(
        properties.detail.contains("text/html"),
        "{}",
        properties.detail
    );
    assert!(
        properties.detail.contains("Sign in"),
        "{}",
        properties.detail
    );
    for id in ["token_endpoint", "rest_api"] {
        let skipped = step(&result, id);
        assert_eq!(skipped.status, ProbeStatus::Fail, "{id}");
        assert!(
            skipped.detail.starts_with("skipped: "),
            "{id}: {}",
            skipped.detail
        );
    }
}

#[tokio::test]
async fn probe_login_redirect_fails() {
    let sandbox = start_sandbox(|_, _| {}).await;
    let login = format!(
        "{}/login?next=%2Frest%2Fapi%2F1.0%2Fapplication-properties",
        sandbox.bitbucket.base_url.as_str().trim_end_matches('/')
    );
    sandbox.bitbucket.faults().set(vec![
        FaultRule::new("/rest/api/1.0/application-properties").redirect(302, login),
    ]);
    let result = probe(&sandbox, sandbox.bitbucket.base_url.clone()).await;

    let properties = step(&result, "application_properties");
    assert_eq!(properties.status, ProbeStatus::Fail);
    assert!(
        properties.detail.contains("/login"),
        "{}",
        properties.detail
    );
    assert!(!result.reachable);
}

#[tokio::test]
async fn probe_untrusted_certificate_fails_https() {
    let sandbox =
        start_sandbox(|bitbucket, _| bitbucket.certificate = CertificateKind::UnknownCa).await;
    let result = probe(&sandbox, sandbox.bitbucket.base_url.clone()).await;

    assert!(!result.reachable);
    assert_eq!(step_ids(&result), STEP_IDS);
    let https = step(&result, "https");
    assert_eq!(https.status, ProbeStatus::Fail);
    assert!(https.detail.contains("not trusted"), "{}", https.detail);
    for id in ["application_properties", "token_endpoint", "rest_api"] {
        let skipped = step(&result, id);
        assert_eq!(skipped.status, ProbeStatus::Fail, "{id}");
        assert!(
            skipped.detail.starts_with("skipped: "),
            "{id}: {}",
            skipped.detail
        );
    }
}

#[tokio::test]
async fn probe_closed_port_fails_https() {
    let sandbox = start_sandbox(|_, _| {}).await;
    // Bind and drop a listener so the port is very likely closed.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port();
    let url = Url::parse(&format!("https://127.0.0.1:{port}")).expect("URL");
    let result = probe(&sandbox, url).await;

    let https = step(&result, "https");
    assert_eq!(https.status, ProbeStatus::Fail);
    assert!(
        https.detail.contains("connection refused"),
        "{}",
        https.detail
    );
    assert!(!result.reachable);
}

#[tokio::test]
async fn probe_reports_egress_addresses() {
    let addresses = vec!["203.0.113.10".to_owned(), "2001:db8::10".to_owned()];
    let configured = addresses.clone();
    let sandbox = start_sandbox(move |_, backend| backend.egress_addresses = configured).await;
    let result = probe(&sandbox, sandbox.bitbucket.base_url.clone()).await;

    assert_eq!(result.source_addresses, addresses);
}

#[tokio::test]
async fn probe_member_may_probe() {
    let sandbox = start_sandbox(|_, _| {}).await;
    let result = backend_client(&sandbox, &sandbox.member_token)
        .probe_instance(&ProbeRequest {
            instance_url: sandbox.bitbucket.base_url.clone(),
        })
        .await
        .expect("a member may probe");
    assert!(result.reachable, "{:?}", result.steps);
}

#[tokio::test]
async fn probe_unknown_token_unauthorized() {
    let sandbox = start_sandbox(|_, _| {}).await;
    let error = backend_client(&sandbox, &Secret::new("gitme_not_a_token"))
        .probe_instance(&ProbeRequest {
            instance_url: sandbox.bitbucket.base_url.clone(),
        })
        .await
        .expect_err("an unknown token is rejected");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(error.api_code(), Some("unauthorized"));
}

#[tokio::test]
async fn probe_without_token_unauthorized() {
    let sandbox = start_sandbox(|_, _| {}).await;
    let url = sandbox.backend.base_url.join(PROBE_PATH).expect("URL");
    let response = http_client(&sandbox)
        .post(url)
        .json(&serde_json::json!({"instance_url": sandbox.bitbucket.base_url}))
        .send()
        .await
        .expect("request succeeds");
    assert_eq!(response.status().as_u16(), 401);
    let body: serde_json::Value = response.json().await.expect("JSON body");
    assert_eq!(body["error"]["code"], "unauthorized");
}

#[tokio::test]
async fn probe_invalid_url_rejected() {
    let sandbox = start_sandbox(|_, _| {}).await;
    let client = backend_client(&sandbox, &sandbox.admin_token);
    for raw in [
        "http://127.0.0.1:7990",
        "https://user:pw@127.0.0.1/",
        "https://127.0.0.1/?a=b",
    ] {
        let instance_url = Url::parse(raw).expect("URL");
        let error = client
            .probe_instance(&ProbeRequest { instance_url })
            .await
            .expect_err("an invalid URL is rejected");
        assert_eq!(
            error.status().map(|status| status.as_u16()),
            Some(422),
            "{raw}"
        );
        assert_eq!(error.api_code(), Some("invalid_request"), "{raw}");
    }
}

#[tokio::test]
async fn probe_missing_url_rejected() {
    let sandbox = start_sandbox(|_, _| {}).await;
    let url = sandbox.backend.base_url.join(PROBE_PATH).expect("URL");
    let response = http_client(&sandbox)
        .post(url)
        .bearer_auth(sandbox.admin_token.expose())
        .json(&serde_json::json!({"instance_url": 42}))
        .send()
        .await
        .expect("request succeeds");
    assert_eq!(response.status().as_u16(), 422);
    let body: serde_json::Value = response.json().await.expect("JSON body");
    assert_eq!(body["error"]["code"], "invalid_request");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("instance_url"), "{message}");
}
