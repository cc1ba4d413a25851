//! The sandbox knobs `gitme doctor` checks against: server certificate kinds, the `Date`
//! offset, redirect faults and the loopback proxy modes.

use std::net::TcpListener;
use std::time::Duration;

use gitme::http_client::{FailureKind, TlsProblem, classify};
use gitme::sandbox::bitbucket::{ApplicationLink, BitbucketConfig, BitbucketEmulator, FaultRule};
use gitme::sandbox::proxy::{LoopbackProxy, ProxyMode};
use gitme::sandbox::tls::{CertificateKind, SandboxTls};
use reqwest::{Certificate, Client, Proxy, redirect};
use time::OffsetDateTime;
use time::macros::format_description;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Emulator {
    tls: SandboxTls,
    bitbucket: BitbucketEmulator,
}

impl Emulator {
    fn url(&self, path: &str) -> String {
        format!(
            "{}{path}",
            self.bitbucket.base_url.as_str().trim_end_matches('/')
        )
    }
}

fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

async fn start_emulator(customise: impl FnOnce(&mut BitbucketConfig)) -> Emulator {
    install_crypto_provider();
    let tls = SandboxTls::generate().expect("sandbox CA");
    let link = ApplicationLink::generate("GitMe", "https://127.0.0.1:1/callback", &["REPO_READ"]);
    let mut config = BitbucketConfig::new(link);
    customise(&mut config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let bitbucket = BitbucketEmulator::start(listener, config, &tls)
        .await
        .expect("emulator starts");
    Emulator { tls, bitbucket }
}

fn client_builder(ca_pem: &str) -> reqwest::ClientBuilder {
    install_crypto_provider();
    let certificate = Certificate::from_pem(ca_pem.as_bytes()).expect("valid CA PEM");
    Client::builder()
        .tls_certs_only([certificate])
        .no_proxy()
        .redirect(redirect::Policy::none())
        .timeout(Duration::from_secs(10))
}

/// Builds a client that trusts only the sandbox root CA and uses no proxy.
fn client(ca_pem: &str) -> Client {
    client_builder(ca_pem).build().expect("client builds")
}

/// Builds a client that trusts only the sandbox root CA and sends HTTPS through `proxy`.
fn proxied_client(ca_pem: &str, proxy: &LoopbackProxy) -> Client {
    let proxy = Proxy::https(proxy.url.as_str()).expect("proxy URL");
    client_builder(ca_pem)
        .proxy(proxy)
        .build()
        .expect("client builds")
}

/// Requests `/status` from an emulator presenting `kind` and returns the failure, if any.
async fn status_failure(kind: CertificateKind) -> Option<FailureKind> {
    let emulator = start_emulator(|config| config.certificate = kind).await;
    let result = client(&emulator.tls.ca_pem)
        .get(emulator.url("/status"))
        .send()
        .await;
    match result {
        Ok(response) => {
            assert_eq!(response.status().as_u16(), 200, "{kind:?}");
            None
        }
        Err(error) => Some(classify(&error).kind),
    }
}

fn parse_http_date(text: &str) -> OffsetDateTime {
    let format = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(text, format)
        .expect("IMF-fixdate")
        .assume_utc()
}

fn date_header(response: &reqwest::Response) -> OffsetDateTime {
    let value = response
        .headers()
        .get(reqwest::header::DATE)
        .expect("Date header")
        .to_str()
        .expect("ASCII Date header");
    parse_http_date(value)
}

#[tokio::test]
async fn certificate_valid_chain_accepted() {
    assert_eq!(status_failure(CertificateKind::Valid).await, None);
}

#[tokio::test]
async fn certificate_expiring_soon_accepted() {
    assert_eq!(status_failure(CertificateKind::ExpiringSoon).await, None);
}

#[tokio::test]
async fn certificate_unknown_ca_rejected() {
    let failure = status_failure(CertificateKind::UnknownCa).await;
    assert_eq!(failure, Some(FailureKind::Tls(TlsProblem::UnknownIssuer)));
}

#[tokio::test]
async fn certificate_self_signed_rejected() {
    let failure = status_failure(CertificateKind::SelfSigned).await;
    assert_eq!(failure, Some(FailureKind::Tls(TlsProblem::UnknownIssuer)));
}

#[tokio::test]
async fn certificate_missing_intermediate_rejected() {
    let failure = status_failure(CertificateKind::MissingIntermediate).await;
    assert_eq!(failure, Some(FailureKind::Tls(TlsProblem::UnknownIssuer)));
}

#[tokio::test]
async fn certificate_wrong_host_rejected() {
    let failure = status_failure(CertificateKind::WrongHost).await;
    assert_eq!(
        failure,
        Some(FailureKind::Tls(TlsProblem::HostnameMismatch))
    );
}

#[tokio::test]
async fn certificate_expired_rejected() {
    let failure = status_failure(CertificateKind::Expired).await;
    assert_eq!(failure, Some(FailureKind::Tls(TlsProblem::Expired)));
}

#[tokio::test]
async fn certificate_not_yet_valid_rejected() {
    let failure = status_failure(CertificateKind::NotYetValid).await;
    assert_eq!(failure, Some(FailureKind::Tls(TlsProblem::NotYetValid)));
}

#[tokio::test]
async fn date_offset_shifts_date_header() {
    let offset = -600;
    let emulator = start_emulator(|config| config.date_offset = offset).await;
    let client = client(&emulator.tls.ca_pem);

    for path in [
        "/status",
        "/rest/api/1.0/application-properties",
        "/no-such-page",
    ] {
        let before = OffsetDateTime::now_utc();
        let response = client
            .get(emulator.url(path))
            .send()
            .await
            .expect("request succeeds");
        let after = OffsetDateTime::now_utc();
        let shifted = date_header(&response) - time::Duration::seconds(offset);
        // The header has whole seconds, so it may be up to one second before `before`.
        assert!(
            shifted >= before - time::Duration::seconds(1),
            "{path}: {shifted} < {before}"
        );
        assert!(shifted <= after, "{path}: {shifted} > {after}");
    }
}

#[tokio::test]
async fn date_default_is_current() {
    let emulator = start_emulator(|_| {}).await;
    let response = client(&emulator.tls.ca_pem)
        .get(emulator.url("/status"))
        .send()
        .await
        .expect("request succeeds");
    let skew = date_header(&response) - OffsetDateTime::now_utc();
    assert!(skew.abs() <= time::Duration::seconds(2), "skew {skew}");
}

#[tokio::test]
async fn date_offset_on_http_redirect() {
    let emulator = start_emulator(|config| {
        config.http_redirect = true;
        config.date_offset = 3600;
    })
    .await;
    let http_url = emulator
        .bitbucket
        .http_redirect_url
        .clone()
        .expect("HTTP redirect listener");
    let response = client(&emulator.tls.ca_pem)
        .get(http_url.join("/status").expect("URL"))
        .send()
        .await
        .expect("request succeeds");
    assert_eq!(response.status().as_u16(), 301);
    let skew = date_header(&response) - OffsetDateTime::now_utc();
    assert!(skew >= time::Duration::seconds(3590), "skew {skew}");
    assert!(skew <= time::Duration::seconds(3610), "skew {skew}");
}

#[tokio::test]
async fn redirect_fault_sends_location() {
    let login = "/login?next=%2Frest%2Fapi%2F1.0%2Fapplication-properties";
    let emulator = start_emulator(|_| {}).await;
    let location = emulator.url(login);
    emulator.bitbucket.faults().set(vec![
        FaultRule::new("/rest/api/1.0/application-properties").redirect(302, location.clone()),
    ]);

    let response = client(&emulator.tls.ca_pem)
        .get(emulator.url("/rest/api/1.0/application-properties"))
        .send()
        .await
        .expect("request succeeds");
    assert_eq!(response.status().as_u16(), 302);
    let sent = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|value| value.to_str().ok());
    assert_eq!(sent, Some(location.as_str()));
}

#[tokio::test]
async fn redirect_fault_to_external_sso() {
    let sso = "https://sso.example.com/adfs/ls/?SAMLRequest=abc";
    let emulator = start_emulator(|config| {
        config.faults = vec![FaultRule::new("/rest/*").redirect(302, sso)];
    })
    .await;
    let response = client(&emulator.tls.ca_pem)
        .get(emulator.url("/rest/api/1.0/repos?limit=1"))
        .send()
        .await
        .expect("request succeeds");
    assert_eq!(response.status().as_u16(), 302);
    let sent = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|value| value.to_str().ok());
    assert_eq!(sent, Some(sso));
}

#[tokio::test]
async fn header_fault_keeps_real_response() {
    let emulator = start_emulator(|config| {
        config.faults = vec![
            FaultRule::new("/status")
                .header("X-Proxy", "corporate")
                .header("bad header", "skipped"),
        ];
    })
    .await;
    let response = client(&emulator.tls.ca_pem)
        .get(emulator.url("/status"))
        .send()
        .await
        .expect("request succeeds");
    assert_eq!(response.status().as_u16(), 200);
    let proxy = response
        .headers()
        .get("x-proxy")
        .and_then(|value| value.to_str().ok());
    assert_eq!(proxy, Some("corporate"));
    let body: serde_json::Value = response.json().await.expect("JSON body");
    assert_eq!(body["state"], "RUNNING");
}

async fn start_proxy(mode: ProxyMode) -> LoopbackProxy {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    LoopbackProxy::start(listener, mode)
        .await
        .expect("proxy starts")
}

#[tokio::test]
async fn proxy_tunnel_reaches_emulator() {
    let emulator = start_emulator(|_| {}).await;
    let proxy = start_proxy(ProxyMode::Tunnel).await;
    let response = proxied_client(&emulator.tls.ca_pem, &proxy)
        .get(emulator.url("/status"))
        .send()
        .await
        .expect("request through the tunnel succeeds");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(proxy.connect_requests(), 1);
}

#[tokio::test]
async fn proxy_deny_connect_fails() {
    let emulator = start_emulator(|_| {}).await;
    let proxy = start_proxy(ProxyMode::DenyConnect).await;
    let error = proxied_client(&emulator.tls.ca_pem, &proxy)
        .get(emulator.url("/status"))
        .send()
        .await
        .expect_err("the proxy rejects CONNECT");
    assert_eq!(classify(&error).kind, FailureKind::Proxy);
    assert_eq!(proxy.connect_requests(), 1);
}

#[tokio::test]
async fn proxy_require_auth_fails() {
    let emulator = start_emulator(|_| {}).await;
    let proxy = start_proxy(ProxyMode::RequireAuth).await;
    let error = proxied_client(&emulator.tls.ca_pem, &proxy)
        .get(emulator.url("/status"))
        .send()
        .await
        .expect_err("the proxy demands credentials");
    assert_eq!(classify(&error).kind, FailureKind::Proxy);
    assert_eq!(proxy.connect_requests(), 1);
}

/// Sends `request` to the proxy over raw TCP and returns its status line.
async fn raw_proxy_status_line(proxy: &LoopbackProxy, request: &str) -> String {
    let address = proxy.url.socket_addrs(|| None).expect("proxy address")[0];
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect to the proxy");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send request");
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response))
        .await
        .expect("the proxy answers in time")
        .expect("read response");
    let text = String::from_utf8_lossy(&response).into_owned();
    text.lines().next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn proxy_tunnel_rejects_remote_target() {
    let proxy = start_proxy(ProxyMode::Tunnel).await;
    let request = "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n";
    let status_line = raw_proxy_status_line(&proxy, request).await;
    assert_eq!(status_line, "HTTP/1.1 403 Forbidden");
    assert_eq!(proxy.connect_requests(), 1);
}

#[tokio::test]
async fn proxy_require_auth_sends_challenge() {
    let proxy = start_proxy(ProxyMode::RequireAuth).await;
    let address = proxy.url.socket_addrs(|| None).expect("proxy address")[0];
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect to the proxy");
    let request = "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n";
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send request");
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response))
        .await
        .expect("the proxy answers in time")
        .expect("read response");
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 407 "), "{text}");
    assert!(text.contains("Proxy-Authenticate: Basic realm="), "{text}");
}
