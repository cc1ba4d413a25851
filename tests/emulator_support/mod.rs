//! Helpers shared by the emulator tests: start the emulator and a callback server on
//! loopback, and build clients that trust only the sandbox CA.

#![allow(dead_code)]

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::RawQuery;
use axum::response::Html;
use axum::routing::get;
use axum_server::tls_rustls::RustlsConfig;
use gitme::sandbox::bitbucket::{ApplicationLink, BitbucketConfig, BitbucketEmulator};
use gitme::sandbox::tls::SandboxTls;
use reqwest::redirect::Policy;
use reqwest::{Certificate, Client};
use url::Url;

pub const SCOPES: [&str; 2] = ["PUBLIC_REPOS", "REPO_READ"];

pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Builds a client that trusts only `ca_pem`, never follows redirects and times out.
pub fn client(ca_pem: &str) -> Client {
    install_crypto_provider();
    let certificate = Certificate::from_pem(ca_pem.as_bytes()).expect("valid CA PEM");
    Client::builder()
        .tls_certs_only([certificate])
        .no_proxy()
        .redirect(Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

/// An HTTPS server on loopback that records the query of every `/callback` request.
pub struct Callback {
    pub url: Url,
    pub queries: Arc<Mutex<Vec<String>>>,
}

impl Callback {
    pub fn last_query(&self) -> Vec<(String, String)> {
        let queries = self.queries.lock().expect("lock");
        let query = queries.last().cloned().unwrap_or_default();
        url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    pub fn last_value(&self, name: &str) -> Option<String> {
        self.last_query()
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }
}

pub fn start_callback(tls: &SandboxTls) -> Callback {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind callback listener");
    let address = listener.local_addr().expect("callback address");
    let queries = Arc::new(Mutex::new(Vec::new()));
    let recorded = queries.clone();
    let app = Router::new().route(
        "/callback",
        get(move |RawQuery(query): RawQuery| {
            let recorded = recorded.clone();
            async move {
                recorded
                    .lock()
                    .expect("lock")
                    .push(query.unwrap_or_default());
                Html("<html><head><title>GitMe connected</title></head></html>")
            }
        }),
    );
    let server = axum_server::from_tcp_rustls(
        listener,
        RustlsConfig::from_config(tls.server_config.clone()),
    )
    .expect("callback server");
    tokio::spawn(server.serve(app.into_make_service()));
    Callback {
        url: Url::parse(&format!("https://{address}/callback")).expect("callback URL"),
        queries,
    }
}

/// A running emulator with its CA and a registered callback.
pub struct Sandbox {
    pub emulator: BitbucketEmulator,
    pub tls: SandboxTls,
    pub callback: Callback,
    pub client: Client,
}

impl Sandbox {
    pub fn url(&self, path: &str) -> String {
        let base = self.emulator.base_url.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }
}

/// Starts an emulator whose link's redirect URI is a recording callback server;
/// `configure` adjusts the default configuration.
pub async fn start(configure: impl FnOnce(&mut BitbucketConfig)) -> Sandbox {
    install_crypto_provider();
    let tls = SandboxTls::generate().expect("sandbox TLS");
    let callback = start_callback(&tls);
    let link = ApplicationLink::generate("GitMe", callback.url.as_str(), &SCOPES);
    let mut config = BitbucketConfig::new(link);
    configure(&mut config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind emulator listener");
    let emulator = BitbucketEmulator::start(listener, config, &tls)
        .await
        .expect("emulator starts");
    let client = client(&tls.ca_pem);
    Sandbox {
        emulator,
        tls,
        callback,
        client,
    }
}

/// Runs the browser flow as `username` and exchanges the code for an access token.
pub async fn access_token(sandbox: &Sandbox, username: &str, password: &str) -> String {
    let link = sandbox.emulator.link();
    let mut url = Url::parse(&sandbox.url("/rest/oauth2/latest/authorize")).expect("URL");
    url.query_pairs_mut()
        .append_pair("client_id", &link.client_id)
        .append_pair("redirect_uri", sandbox.callback.url.as_str())
        .append_pair("response_type", "code")
        .append_pair("scope", "REPO_READ");

    let password = gitme::secret::Secret::new(password);
    gitme::sandbox::user_agent::authorize(
        &url,
        username,
        &password,
        gitme::sandbox::user_agent::Consent::Allow,
        &sandbox.tls.ca_pem,
    )
    .await
    .expect("browser flow finishes");

    let code = sandbox
        .callback
        .last_value("code")
        .expect("callback got a code");
    let parameters = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", sandbox.callback.url.as_str()),
        ("client_id", link.client_id.as_str()),
        ("client_secret", link.client_secret.expose()),
    ];
    let response = sandbox
        .client
        .post(sandbox.url("/rest/oauth2/latest/token"))
        .form(&parameters)
        .send()
        .await
        .expect("token request succeeds");
    assert_eq!(response.status().as_u16(), 200);

    let body: serde_json::Value = response.json().await.expect("JSON tokens");
    body["access_token"]
        .as_str()
        .expect("access token")
        .to_string()
}
