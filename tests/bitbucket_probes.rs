//! The Bitbucket probes and the HTTP client's failure classification, against real HTTPS
//! servers on 127.0.0.1 with certificates from a CA generated for each test.

use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use time::OffsetDateTime;
use time::macros::datetime;

use gitme::bitbucket::{BitbucketClient, BitbucketError};
use gitme::http_client::{FailureKind, HttpOptions, TlsProblem, Trust, build_client, classify};
use gitme::instance_url::InstanceUrl;

const JSON: &str = "application/json;charset=UTF-8";
const PROPERTIES: &str = r#"{"version":"8.19.1","buildNumber":"8019001","buildDate":"1700000000000","displayName":"Bitbucket"}"#;

/// A CA generated for one test, and its PEM for the client to trust.
struct TestCa {
    issuer: Issuer<'static, KeyPair>,
    der: CertificateDer<'static>,
    pem: String,
}

impl TestCa {
    /// Generates a CA with a random name. Distinct names keep webpki from matching one
    /// test CA's certificates against another's trust anchor.
    fn generate() -> TestCa {
        TestCa::generate_named(&format!("gitme test CA {}", rand::random::<u64>()))
    }

    fn generate_named(name: &str) -> TestCa {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        let certificate = params.self_signed(&key).unwrap();
        TestCa {
            pem: certificate.pem(),
            der: certificate.der().clone(),
            issuer: Issuer::new(params, key),
        }
    }

    /// Signs a server certificate for `names`, valid between the two times.
    fn server_config(
        &self,
        names: &[&str],
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Arc<rustls::ServerConfig> {
        let key = KeyPair::generate().unwrap();
        let names: Vec<String> = names.iter().map(|name| name.to_string()).collect();
        let mut params = CertificateParams::new(names).unwrap();
        params.not_before = not_before;
        params.not_after = not_after;
        let certificate = params.signed_by(&key, &self.issuer).unwrap();

        let chain = vec![certificate.der().clone(), self.der.clone()];
        let private_key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, private_key)
            .unwrap();
        Arc::new(config)
    }

    fn loopback_config(&self) -> Arc<rustls::ServerConfig> {
        let now = OffsetDateTime::now_utc();
        let day = time::Duration::days(1);
        self.server_config(&["127.0.0.1", "localhost"], now - day, now + day)
    }
}

fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Serves `router` over HTTPS on 127.0.0.1. The server is ready once this returns,
/// because the listener is bound before it is handed to the server.
fn serve_tls(router: Router, config: Arc<rustls::ServerConfig>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let address = listener.local_addr().unwrap();
    let rustls_config = axum_server::tls_rustls::RustlsConfig::from_config(config);
    let server = axum_server::from_tcp_rustls(listener, rustls_config).unwrap();
    tokio::spawn(server.serve(router.into_make_service()));
    address
}

fn client_trusting(ca_pem: &str, timeout: Duration) -> reqwest::Client {
    install_crypto_provider();
    let options = HttpOptions {
        extra_ca_pem: Some(ca_pem.to_string()),
        trust: Trust::OnlyExtra,
        timeout,
        connect_timeout: timeout,
        use_env_proxy: false,
    };
    build_client(&options).unwrap()
}

/// Starts a server for `router` and returns a Bitbucket client for `https://127.0.0.1:PORT{context}`.
fn bitbucket(router: Router, context: &str) -> BitbucketClient {
    let ca = TestCa::generate();
    let address = serve_tls(router, ca.loopback_config());
    let instance = InstanceUrl::parse(&format!("https://{address}{context}"))
        .unwrap()
        .url;
    BitbucketClient::new(client_trusting(&ca.pem, Duration::from_secs(10)), instance)
}

fn json(status: StatusCode, body: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, JSON)], body).into_response()
}

fn html(status: StatusCode, title: &str) -> Response {
    let body =
        format!("<!DOCTYPE html><html><head><title>{title}</title></head><body></body></html>");
    (
        status,
        [(header::CONTENT_TYPE, "text/html;charset=UTF-8")],
        body,
    )
        .into_response()
}

#[tokio::test]
async fn properties_read_under_context_path() {
    let user_agents = Arc::new(Mutex::new(Vec::new()));
    let seen = user_agents.clone();
    let router = Router::new().route(
        "/bitbucket/rest/api/1.0/application-properties",
        get(move |headers: HeaderMap| async move {
            let agent = headers.get(header::USER_AGENT).cloned();
            seen.lock().unwrap().push(agent);
            json(StatusCode::OK, PROPERTIES)
        }),
    );
    let client = bitbucket(router, "/bitbucket/");

    let properties = client.application_properties().await.unwrap();

    assert_eq!(properties.version, "8.19.1");
    assert_eq!(properties.display_name, "Bitbucket");
    let agents = user_agents.lock().unwrap();
    assert_eq!(agents.len(), 1);
    let expected_agent = format!("gitme/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(agents[0].as_ref().unwrap(), expected_agent.as_str());
}

#[tokio::test]
async fn properties_report_summarises_version() {
    let router = Router::new().route(
        "/rest/api/1.0/application-properties",
        get(|| async { json(StatusCode::OK, PROPERTIES) }),
    );
    let client = bitbucket(router, "");

    let (_, report) = client.probe_application_properties().await.unwrap();

    assert_eq!(report.summary, "Bitbucket 8.19.1 responded");
    assert_eq!(report.exchange.status, 200);
    assert_eq!(report.exchange.content_type.as_deref(), Some(JSON));
}

#[tokio::test]
async fn properties_html_page_is_not_json() {
    let router = Router::new().route(
        "/rest/api/1.0/application-properties",
        get(|| async { html(StatusCode::OK, "Log in - Corporate SSO") }),
    );
    let client = bitbucket(router, "");

    let error = client.application_properties().await.unwrap_err();

    let BitbucketError::NotJson { exchange, .. } = &error else {
        panic!("expected NotJson, got {error:?}");
    };
    assert_eq!(
        exchange.page_title.as_deref(),
        Some("Log in - Corporate SSO")
    );
    assert!(
        error
            .to_string()
            .contains("title \"Log in - Corporate SSO\""),
        "{error}"
    );
    assert!(error.hint().is_some());
}

#[tokio::test]
async fn properties_404_hints_context_path() {
    let client = bitbucket(Router::new(), "");

    let error = client.application_properties().await.unwrap_err();

    assert!(
        matches!(error, BitbucketError::NotFound { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("returned 404"), "{error}");
    assert!(error.hint().unwrap().contains("context path"));
}

#[tokio::test]
async fn properties_redirect_is_not_followed() {
    let router = Router::new().route(
        "/rest/api/1.0/application-properties",
        get(|| async {
            (
                StatusCode::FOUND,
                [(
                    header::LOCATION,
                    "/login?next=/rest/api/1.0/application-properties",
                )],
            )
        }),
    );
    let client = bitbucket(router, "");

    let error = client.application_properties().await.unwrap_err();

    let BitbucketError::Redirected { location, .. } = &error else {
        panic!("expected Redirected, got {error:?}");
    };
    let location = location.as_deref().unwrap();
    assert!(location.starts_with("https://127.0.0.1:"), "{location}");
    assert!(location.contains("/login?next="), "{location}");
    assert!(error.hint().unwrap().contains("login or single sign-on"));
}

#[tokio::test]
async fn properties_without_version_not_bitbucket() {
    let router = Router::new().route(
        "/rest/api/1.0/application-properties",
        get(|| async { json(StatusCode::OK, r#"{"name":"Jira"}"#) }),
    );
    let client = bitbucket(router, "");

    let error = client.application_properties().await.unwrap_err();

    let BitbucketError::NotBitbucket { reason, .. } = &error else {
        panic!("expected NotBitbucket, got {error:?}");
    };
    assert!(reason.contains("`version`"), "{reason}");
}

#[tokio::test]
async fn properties_server_error_is_unexpected() {
    let router = Router::new().route(
        "/rest/api/1.0/application-properties",
        get(|| async { html(StatusCode::BAD_GATEWAY, "502 Bad Gateway") }),
    );
    let client = bitbucket(router, "");

    let error = client.application_properties().await.unwrap_err();

    assert!(
        matches!(error, BitbucketError::UnexpectedStatus { .. }),
        "{error:?}"
    );
    assert!(error.hint().unwrap().contains("server error"));
}

#[tokio::test]
async fn oauth_probe_401_means_installed() {
    let router = Router::new().route(
        "/bb/rest/oauth2/1.0/client",
        get(|| async { StatusCode::UNAUTHORIZED }),
    );
    let client = bitbucket(router, "/bb");

    let report = client.probe_oauth_provider().await.unwrap();

    assert_eq!(report.exchange.status, 401);
    assert!(report.summary.contains("installed"), "{}", report.summary);
}

#[tokio::test]
async fn oauth_probe_404_means_missing() {
    let client = bitbucket(Router::new(), "");

    let error = client.probe_oauth_provider().await.unwrap_err();

    assert!(
        matches!(error, BitbucketError::OAuthProviderMissing { .. }),
        "{error:?}"
    );
    assert!(error.hint().unwrap().contains("7.20"));
}

#[tokio::test]
async fn token_probe_accepts_oauth_error() {
    let forms = Arc::new(Mutex::new(Vec::new()));
    let seen = forms.clone();
    let router = Router::new().route(
        "/rest/oauth2/latest/token",
        post(move |body: String| async move {
            seen.lock().unwrap().push(body);
            json(
                StatusCode::BAD_REQUEST,
                r#"{"error":"invalid_client","error_description":"Client not found"}"#,
            )
        }),
    );
    let client = bitbucket(router, "");

    let report = client.probe_token_endpoint().await.unwrap();

    assert!(
        report.summary.contains("`invalid_client`"),
        "{}",
        report.summary
    );
    let forms = forms.lock().unwrap();
    assert_eq!(forms.len(), 1);
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(forms[0].as_bytes())
        .into_owned()
        .collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    assert_eq!(field("grant_type"), Some("authorization_code"));
    assert_eq!(field("code"), Some("gitme-connectivity-check"));
    assert_eq!(field("client_id"), Some("gitme-connectivity-check"));
    assert_eq!(field("redirect_uri"), Some("https://invalid.example/"));
}

#[tokio::test]
async fn token_probe_rejects_html() {
    let router = Router::new().route(
        "/rest/oauth2/latest/token",
        post(|| async { html(StatusCode::FORBIDDEN, "Access denied") }),
    );
    let client = bitbucket(router, "");

    let error = client.probe_token_endpoint().await.unwrap_err();

    assert!(matches!(error, BitbucketError::NotJson { .. }), "{error:?}");
}

#[tokio::test]
async fn token_probe_404_means_missing() {
    let client = bitbucket(Router::new(), "");

    let error = client.probe_token_endpoint().await.unwrap_err();

    assert!(
        matches!(error, BitbucketError::OAuthProviderMissing { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn token_probe_rejects_json_without_error() {
    let router = Router::new().route(
        "/rest/oauth2/latest/token",
        post(|| async { json(StatusCode::BAD_REQUEST, r#"{"message":"bad"}"#) }),
    );
    let client = bitbucket(router, "");

    let error = client.probe_token_endpoint().await.unwrap_err();

    assert!(
        matches!(error, BitbucketError::UnexpectedBody { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn rest_probe_accepts_401_envelope() {
    let router = Router::new().route(
        "/rest/api/1.0/repos",
        get(|| async {
            json(
                StatusCode::UNAUTHORIZED,
                r#"{"errors":[{"context":null,"message":"You are not permitted to access this resource","exceptionName":"com.atlassian.bitbucket.AuthorisationException"}]}"#,
            )
        }),
    );
    let client = bitbucket(router, "");

    let report = client.probe_rest_api().await.unwrap();

    assert_eq!(report.exchange.status, 401);
    assert!(
        report.summary.contains("requires sign-in"),
        "{}",
        report.summary
    );
}

#[tokio::test]
async fn rest_probe_accepts_paged_envelope() {
    let queries = Arc::new(Mutex::new(Vec::new()));
    let seen = queries.clone();
    let router = Router::new().route(
        "/rest/api/1.0/repos",
        get(move |uri: axum::http::Uri| async move {
            seen.lock().unwrap().push(uri.query().map(str::to_string));
            json(
                StatusCode::OK,
                r#"{"size":1,"limit":1,"isLastPage":false,"values":[{"slug":"x"}],"start":0,"nextPageStart":1}"#,
            )
        }),
    );
    let client = bitbucket(router, "");

    let report = client.probe_rest_api().await.unwrap();

    assert!(
        report
            .summary
            .contains("a public repository on the first page"),
        "{}",
        report.summary
    );
    assert_eq!(
        queries.lock().unwrap().as_slice(),
        [Some("limit=1".to_string())]
    );
}

#[tokio::test]
async fn rest_probe_rejects_missing_envelope() {
    let router = Router::new().route(
        "/rest/api/1.0/repos",
        get(|| async { json(StatusCode::OK, r#"[{"slug":"x"}]"#) }),
    );
    let client = bitbucket(router, "");

    let error = client.probe_rest_api().await.unwrap_err();

    assert!(
        matches!(error, BitbucketError::UnexpectedBody { .. }),
        "{error:?}"
    );
}

/// Sends one GET through a client that trusts `ca_pem` and classifies the failure.
async fn classify_get(
    url: &str,
    ca_pem: &str,
    timeout: Duration,
) -> gitme::http_client::RequestFailure {
    let client = client_trusting(ca_pem, timeout);
    let error = client.get(url).send().await.unwrap_err();
    classify(&error)
}

fn ok_router() -> Router {
    Router::new().route("/", get(|| async { "ok" }))
}

#[tokio::test]
async fn classify_untrusted_ca() {
    let server_ca = TestCa::generate();
    let address = serve_tls(ok_router(), server_ca.loopback_config());
    let other_ca = TestCa::generate();

    let failure = classify_get(
        &format!("https://{address}/"),
        &other_ca.pem,
        Duration::from_secs(10),
    )
    .await;

    assert_eq!(failure.kind, FailureKind::Tls(TlsProblem::UnknownIssuer));
    assert!(failure.hint().unwrap().contains("--ca-cert FILE"));
    assert!(
        failure.detail.contains("UnknownIssuer"),
        "{}",
        failure.detail
    );
}

#[tokio::test]
async fn classify_same_named_ca() {
    let original_ca = TestCa::generate_named("gitme shared CA name");
    let address = serve_tls(ok_router(), original_ca.loopback_config());
    let regenerated_ca = TestCa::generate_named("gitme shared CA name");

    let url = format!("https://{address}/");
    let failure = classify_get(&url, &regenerated_ca.pem, Duration::from_secs(10)).await;

    assert_eq!(failure.kind, FailureKind::Tls(TlsProblem::UnknownIssuer));
}

#[tokio::test]
async fn classify_expired_certificate() {
    let ca = TestCa::generate();
    let config = ca.server_config(
        &["127.0.0.1"],
        datetime!(2000-01-01 0:00 UTC),
        datetime!(2001-01-01 0:00 UTC),
    );
    let address = serve_tls(ok_router(), config);

    let failure = classify_get(
        &format!("https://{address}/"),
        &ca.pem,
        Duration::from_secs(10),
    )
    .await;

    assert_eq!(failure.kind, FailureKind::Tls(TlsProblem::Expired));
}

#[tokio::test]
async fn classify_not_yet_valid_certificate() {
    let ca = TestCa::generate();
    let config = ca.server_config(
        &["127.0.0.1"],
        datetime!(2090-01-01 0:00 UTC),
        datetime!(2091-01-01 0:00 UTC),
    );
    let address = serve_tls(ok_router(), config);

    let failure = classify_get(
        &format!("https://{address}/"),
        &ca.pem,
        Duration::from_secs(10),
    )
    .await;

    assert_eq!(failure.kind, FailureKind::Tls(TlsProblem::NotYetValid));
}

#[tokio::test]
async fn classify_hostname_mismatch() {
    let ca = TestCa::generate();
    let now = OffsetDateTime::now_utc();
    let day = time::Duration::days(1);
    let config = ca.server_config(&["bitbucket.other.test"], now - day, now + day);
    let address = serve_tls(ok_router(), config);

    let failure = classify_get(
        &format!("https://{address}/"),
        &ca.pem,
        Duration::from_secs(10),
    )
    .await;

    assert_eq!(failure.kind, FailureKind::Tls(TlsProblem::HostnameMismatch));
}

#[tokio::test]
async fn classify_connection_refused() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let ca = TestCa::generate();

    let failure = classify_get(
        &format!("https://127.0.0.1:{port}/"),
        &ca.pem,
        Duration::from_secs(10),
    )
    .await;

    assert_eq!(failure.kind, FailureKind::ConnectionRefused);
}

#[tokio::test]
async fn classify_plain_http_port() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, ok_router()).await });
    let ca = TestCa::generate();

    let failure = classify_get(
        &format!("https://{address}/"),
        &ca.pem,
        Duration::from_secs(10),
    )
    .await;

    assert_eq!(failure.kind, FailureKind::Tls(TlsProblem::NotTls));
    assert!(failure.hint().unwrap().contains("HTTPS port"));
}

#[tokio::test]
async fn classify_silent_server_times_out() {
    // The listener accepts connections into its backlog but nothing ever reads them, so
    // the TLS handshake never completes.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let ca = TestCa::generate();

    let failure = classify_get(
        &format!("https://{address}/"),
        &ca.pem,
        Duration::from_millis(300),
    )
    .await;

    assert_eq!(failure.kind, FailureKind::Timeout);
    drop(listener);
}

#[tokio::test]
async fn request_error_names_url() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let ca = TestCa::generate();
    let instance = InstanceUrl::parse(&format!("https://127.0.0.1:{port}/bb"))
        .unwrap()
        .url;
    let client = BitbucketClient::new(client_trusting(&ca.pem, Duration::from_secs(10)), instance);

    let error = client.application_properties().await.unwrap_err();

    let message = error.to_string();
    let expected_url = format!("https://127.0.0.1:{port}/bb/rest/api/1.0/application-properties");
    assert!(
        message.contains(&format!("GET {expected_url} failed")),
        "{message}"
    );
    assert!(message.contains("connection refused"), "{message}");
    assert!(error.hint().unwrap().contains("port"));
}
