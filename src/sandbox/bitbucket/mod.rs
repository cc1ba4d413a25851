//! A Bitbucket Data Center emulator with the OAuth 2.0 provider plugin.
//!
//! It serves HTTPS on loopback under an optional context path and responds to the requests
//! gitme makes: `/status`, application properties, the OAuth 2.0 browser flow and token
//! endpoint, and the project and repository listings of REST API 1.0. Response shapes
//! follow recordings of Bitbucket 7.11 and the Bitbucket 9.5 OpenAPI spec.
//!
//! The browser flow works like this (see [`oauth`] for the details):
//! `GET /rest/oauth2/latest/authorize` 303s to the consent page. A logged-out browser is
//! sent with 302 to `/login?next=...`, which sets a session cookie and 302s back. The
//! consent page's form POSTs to the consent URL with `decision=allow|deny` and the
//! session's XSRF token, and the emulator 303s straight to the redirect URI with a code or
//! `error=access_denied`.
//!
//! Knobs for diagnostics: [`BitbucketConfig::certificate`] picks a broken server
//! certificate, [`BitbucketConfig::date_offset`] shifts the `Date` header, and
//! [`FaultRule`] injects latency, HTML pages, redirects and other responses.

mod date;
mod faults;
mod login;
mod oauth;
mod pages;
mod rest;
mod seed;
mod state;
mod token;

use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::Request;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use url::Url;

pub use faults::{FaultHandle, FaultRule, RateLimit};
pub use seed::{SANDBOX_PASSWORD, SANDBOX_USERNAME, SECOND_PASSWORD, SECOND_USERNAME, SeedConfig};

use super::tls::{CertificateKind, SandboxTls};
use crate::secret::Secret;
use state::{AppState, Store, random_hex};

/// The registered incoming application link.
#[derive(Debug, Clone)]
pub struct ApplicationLink {
    /// Link name shown on the consent page.
    pub name: String,
    /// Generated client ID.
    pub client_id: String,
    /// Generated client secret.
    pub client_secret: Secret,
    /// Registered redirect URLs, matched exactly.
    pub redirect_uris: Vec<String>,
    /// Scopes the admin ticked.
    pub scopes: Vec<String>,
}

impl ApplicationLink {
    /// Creates a link with a random 32-hex-digit client ID and 64-hex-digit secret, as
    /// Bitbucket generates them.
    pub fn generate(name: &str, redirect_uri: &str, scopes: &[&str]) -> Self {
        ApplicationLink {
            name: name.to_string(),
            client_id: random_hex(16),
            client_secret: Secret::new(random_hex(32)),
            redirect_uris: vec![redirect_uri.to_string()],
            scopes: scopes.iter().map(|scope| scope.to_string()).collect(),
        }
    }
}

/// Emulator settings.
#[derive(Debug, Clone)]
pub struct BitbucketConfig {
    /// The incoming application link.
    pub link: ApplicationLink,
    /// `displayName` in application-properties.
    pub display_name: String,
    /// `version` in application-properties; `buildNumber` is derived from it.
    pub version: String,
    /// Context path such as `/bitbucket`, or empty.
    pub context_path: String,
    pub seed: SeedConfig,
    /// Maximum `limit` of paged REST responses; larger requests are clamped.
    pub max_page_limit: u32,
    /// Lifetime of authorization codes; zero makes every code expired.
    pub code_ttl: Duration,
    /// Lifetime of access tokens, sent as `expires_in`.
    pub access_token_ttl: Duration,
    /// Faults applied from start-up; change them later through [`FaultHandle`].
    pub faults: Vec<FaultRule>,
    /// Also serve plain HTTP on another loopback port, redirecting every request to HTTPS.
    pub http_redirect: bool,
    /// Whether the OAuth 2.0 provider plugin is installed; when false `/rest/oauth2/*`
    /// and the consent servlet return 404.
    pub oauth_provider: bool,
    /// The server certificate the HTTPS listener presents.
    pub certificate: CertificateKind,
    /// Seconds added to the `Date` header of every response, including those of the
    /// plain-HTTP redirect listener; negative values put it in the past.
    pub date_offset: i64,
}

impl BitbucketConfig {
    /// Creates a configuration with the defaults of a fresh Bitbucket 8.19 install.
    pub fn new(link: ApplicationLink) -> Self {
        BitbucketConfig {
            link,
            display_name: "Bitbucket".to_string(),
            version: "8.19.1".to_string(),
            context_path: String::new(),
            seed: SeedConfig::default(),
            max_page_limit: 1000,
            code_ttl: Duration::from_secs(60),
            access_token_ttl: Duration::from_secs(3600),
            faults: Vec::new(),
            http_redirect: false,
            oauth_provider: true,
            certificate: CertificateKind::Valid,
            date_offset: 0,
        }
    }
}

/// A running emulator; dropping it stops its listeners.
pub struct BitbucketEmulator {
    /// `https://127.0.0.1:PORT{context_path}`, without a trailing slash after a context
    /// path. Without one the path is `/`, because `Url` cannot hold an empty path, so
    /// trim a trailing `/` before appending `/rest/...`.
    pub base_url: Url,
    /// The plain-HTTP redirecting listener's base URL, when `http_redirect` is set.
    pub http_redirect_url: Option<Url>,
    faults: FaultHandle,
    link: ApplicationLink,
    handles: Vec<Handle<SocketAddr>>,
}

impl BitbucketEmulator {
    /// Starts serving HTTPS on `listener` with a certificate of `config.certificate`
    /// signed by `tls`.
    pub async fn start(
        listener: TcpListener,
        config: BitbucketConfig,
        tls: &SandboxTls,
    ) -> anyhow::Result<Self> {
        let context_path = normalize_context_path(&config.context_path)?;
        let address = listener
            .local_addr()
            .context("failed to read the emulator listener's address")?;
        let base_url = Url::parse(&format!("https://{address}{context_path}"))
            .context("failed to build the emulator base URL")?;
        let faults = FaultHandle::new(config.faults.clone());
        let link = config.link.clone();
        let http_redirect = config.http_redirect;
        let date_offset = config.date_offset;
        let server_config = tls
            .server_config_for(config.certificate)
            .context("failed to build the emulator's TLS configuration")?;
        let state = AppState {
            seed: Arc::new(seed::Seed::new(config.seed.clone())),
            config: Arc::new(config),
            base_url: base_url.clone(),
            faults: faults.clone(),
            store: Arc::new(Mutex::new(Store::default())),
        };
        let app = build_router(state.clone(), &context_path);

        let handle = Handle::new();
        let server =
            axum_server::from_tcp_rustls(listener, RustlsConfig::from_config(server_config))
                .context("failed to use the emulator listener")?
                .handle(handle.clone());
        tokio::spawn(async move {
            if let Err(error) = server.serve(app.into_make_service()).await {
                tracing::error!(%error, "bitbucket emulator stopped");
            }
        });
        let mut handles = vec![handle];

        let mut http_redirect_url = None;
        if http_redirect {
            let (url, handle) = start_http_redirect(&address, date_offset)?;
            http_redirect_url = Some(url);
            handles.push(handle);
        }
        tracing::info!(%base_url, "bitbucket emulator started");
        Ok(BitbucketEmulator {
            base_url,
            http_redirect_url,
            faults,
            link,
            handles,
        })
    }

    /// Returns the handle that changes faults while the emulator runs.
    pub fn faults(&self) -> FaultHandle {
        self.faults.clone()
    }

    pub fn link(&self) -> &ApplicationLink {
        &self.link
    }
}

impl Drop for BitbucketEmulator {
    fn drop(&mut self) {
        for handle in &self.handles {
            handle.shutdown();
        }
    }
}

/// Checks that a context path is empty or `/segment[/segment...]`, without a trailing
/// slash.
fn normalize_context_path(path: &str) -> anyhow::Result<String> {
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        return Ok(String::new());
    }
    let valid = path.starts_with('/')
        && path[1..].split('/').all(|segment| {
            !segment.is_empty()
                && segment
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || b"-._~".contains(&byte))
        });
    anyhow::ensure!(
        valid,
        "invalid context path {path:?}: expected empty or a path such as /bitbucket"
    );
    Ok(path.to_string())
}

fn build_router(state: AppState, context_path: &str) -> Router {
    let date_offset = state.config.date_offset;
    let mut routes = Router::new()
        .route("/status", get(rest::status))
        .route("/login", get(login::login_page).post(login::login));
    for version in ["1.0", "latest"] {
        routes = routes.merge(rest::routes(version));
    }
    if state.config.oauth_provider {
        routes = routes.merge(oauth::routes());
    }
    let inner = routes
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.faults.clone(),
            faults::apply_faults,
        ))
        .with_state(state);
    let router = if context_path.is_empty() {
        inner
    } else {
        Router::new().nest(context_path, inner).fallback(not_found)
    };
    router.layer(middleware::from_fn_with_state(
        date_offset,
        date::set_date_header,
    ))
}

async fn not_found() -> Response {
    pages::error_page(
        http::StatusCode::NOT_FOUND,
        "Page not found",
        "The page you requested does not exist.",
    )
}

/// Starts the plain-HTTP listener that 301s every request to the HTTPS origin.
fn start_http_redirect(
    https_address: &SocketAddr,
    date_offset: i64,
) -> anyhow::Result<(Url, Handle<SocketAddr>)> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .context("failed to bind the HTTP redirect listener on 127.0.0.1")?;
    let address = listener
        .local_addr()
        .context("failed to read the HTTP redirect listener's address")?;
    let https_origin = format!("https://{https_address}");
    let app = Router::new()
        .fallback(move |request: Request| {
            let origin = https_origin.clone();
            async move { redirect_to_https(&origin, &request) }
        })
        .layer(middleware::from_fn_with_state(
            date_offset,
            date::set_date_header,
        ));
    let handle = Handle::new();
    let server = axum_server::from_tcp(listener)
        .context("failed to use the HTTP redirect listener")?
        .handle(handle.clone());
    tokio::spawn(async move {
        if let Err(error) = server.serve(app.into_make_service()).await {
            tracing::error!(%error, "bitbucket HTTP redirect listener stopped");
        }
    });
    let url = Url::parse(&format!("http://{address}"))
        .context("failed to build the HTTP redirect URL")?;
    Ok((url, handle))
}

fn redirect_to_https(origin: &str, request: &Request) -> Response {
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|value| value.as_str())
        .unwrap_or("/");
    let location = format!("{origin}{path_and_query}");
    (
        http::StatusCode::MOVED_PERMANENTLY,
        [(http::header::LOCATION, location)],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_path_is_normalized() {
        assert_eq!(normalize_context_path("").expect("valid"), "");
        assert_eq!(normalize_context_path("/").expect("valid"), "");
        let nested = normalize_context_path("/git/bitbucket/").expect("valid");
        assert_eq!(nested, "/git/bitbucket");
    }

    #[test]
    fn context_path_rejects_invalid() {
        for path in ["bitbucket", "/a//b", "/a b", "/a?b"] {
            assert!(normalize_context_path(path).is_err(), "{path}");
        }
    }

    #[test]
    fn link_generates_hex_credentials() {
        let link = ApplicationLink::generate("GitMe", "https://127.0.0.1:1/cb", &["REPO_READ"]);
        assert_eq!(link.client_id.len(), 32);
        assert_eq!(link.client_secret.expose().len(), 64);
        let is_hex = |text: &str| text.bytes().all(|byte| byte.is_ascii_hexdigit());
        assert!(is_hex(&link.client_id));
        assert!(is_hex(link.client_secret.expose()));
    }
}
