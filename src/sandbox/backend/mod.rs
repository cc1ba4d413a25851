//! The sandbox GitMe backend: the same HTTP contract as the real backend
//! (`docs/backend-api.md`), served over HTTPS on loopback.
//!
//! It registers self-hosted Bitbucket integrations, returns the authorize URL, receives the
//! browser callback, exchanges the code at the instance's token endpoint, and discovers the
//! instance's repositories in a background task. Everything lives in memory.

mod callback;
pub mod device;
mod discovery;
mod exchange;
mod failure;
mod integrations;
mod pages;
mod probe;
mod routes;
mod state;

use std::net::TcpListener;
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use url::Url;

use super::tls::SandboxTls;
use crate::backend::api::{CALLBACK_PATH, Role, User, Workspace};
use crate::http_client::{HttpOptions, Trust, build_client};
use crate::secret::Secret;

/// The timeout of each request the backend sends to a Bitbucket instance.
const BITBUCKET_REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// The timeout of establishing a connection to a Bitbucket instance.
const BITBUCKET_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The timeout of each request of the cloud-side probe. The probe sends at most three
/// requests, so it returns well within the 60-second timeout of `BackendClient::probe_instance`.
const PROBE_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// A GitMe user with an API token.
#[derive(Debug, Clone)]
pub struct Account {
    /// The API token, sent as `Authorization: Bearer <token>`.
    pub token: Secret,
    /// The user.
    pub user: User,
    /// The workspace the token belongs to.
    pub workspace: Workspace,
    /// The user's role in that workspace.
    pub role: Role,
}

/// Backend emulator settings.
#[derive(Debug, Clone)]
pub struct BackendConfig {
    /// The accounts whose tokens the backend accepts.
    pub accounts: Vec<Account>,
    /// The CA certificate (PEM) to trust when calling Bitbucket instances; no other CA is
    /// trusted.
    pub trusted_ca_pem: String,
    /// How long an authorize URL stays valid.
    pub authorization_ttl: Duration,
    /// How many projects discovery scans at the same time.
    pub discovery_concurrency: usize,
    /// The `limit` discovery requests on each Bitbucket page.
    pub discovery_page_limit: u32,
    /// The maximum number of retries of one discovery request that Bitbucket rejected with 429.
    pub rate_limit_retries: u32,
    /// The longest `Retry-After` wait discovery honours; longer values are cut to this.
    pub max_retry_after: Duration,
    /// The addresses the backend connects to instances from, returned by the probe as
    /// `source_addresses` for the instance's firewall allowlist.
    pub egress_addresses: Vec<String>,
    /// Device code lifetime, poll interval and forced `slow_down` responses of the sign-in.
    pub device_flow: device::DeviceFlowConfig,
}

impl BackendConfig {
    /// Creates a config with the default settings and two accounts in one workspace: an
    /// account admin (first) and a member (second), each with a random token.
    pub fn new(trusted_ca_pem: String) -> Self {
        let workspace = Workspace {
            id: "ws_sandbox".to_owned(),
            name: "Sandbox Workspace".to_owned(),
            analysis_starts_on: first_day_of_current_month(),
        };
        let admin = Account {
            token: random_token("gitme_admin_"),
            user: User {
                id: "usr_admin".to_owned(),
                name: "Ada Admin".to_owned(),
                email: "ada.admin@example.com".to_owned(),
            },
            workspace: workspace.clone(),
            role: Role::AccountAdmin,
        };
        let member = Account {
            token: random_token("gitme_member_"),
            user: User {
                id: "usr_member".to_owned(),
                name: "Max Member".to_owned(),
                email: "max.member@example.com".to_owned(),
            },
            workspace,
            role: Role::Member,
        };
        BackendConfig {
            accounts: vec![admin, member],
            trusted_ca_pem,
            authorization_ttl: Duration::from_secs(10 * 60),
            discovery_concurrency: 4,
            discovery_page_limit: 100,
            rate_limit_retries: 5,
            max_retry_after: Duration::from_secs(30),
            egress_addresses: vec!["127.0.0.1".to_owned()],
            device_flow: device::DeviceFlowConfig::default(),
        }
    }

    /// Returns the first account with `role`.
    pub fn account(&self, role: Role) -> Option<&Account> {
        self.accounts.iter().find(|account| account.role == role)
    }
}

/// A running backend emulator. The server stops when this value is dropped.
pub struct BackendEmulator {
    /// Base URL such as `https://127.0.0.1:PORT`; its path is `/`.
    pub base_url: Url,
    handle: axum_server::Handle<std::net::SocketAddr>,
    authorization_ttl: std::sync::Arc<std::sync::Mutex<Duration>>,
}

impl BackendEmulator {
    /// Starts serving HTTPS on `listener`, which must already be bound.
    pub async fn start(
        listener: TcpListener,
        config: BackendConfig,
        tls: &SandboxTls,
    ) -> anyhow::Result<Self> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let address = listener
            .local_addr()
            .context("reading the backend listener's address failed")?;
        let base_url = Url::parse(&format!("https://{address}"))
            .context("building the backend base URL failed")?;
        let http = bitbucket_client(&config.trusted_ca_pem)?;
        let probe_http = probe_client(&config.trusted_ca_pem)?;
        let app = routes::AppState::new(config, base_url.clone(), http, probe_http);
        let authorization_ttl = app.authorization_ttl.clone();
        let router = routes::router(app);

        listener
            .set_nonblocking(true)
            .context("setting the backend listener non-blocking failed")?;
        let rustls_config =
            axum_server::tls_rustls::RustlsConfig::from_config(tls.server_config.clone());
        let handle = axum_server::Handle::new();
        let server = axum_server::from_tcp_rustls(listener, rustls_config)
            .context("starting the backend HTTPS server failed")?
            .handle(handle.clone());
        tokio::spawn(async move {
            if let Err(error) = server.serve(router.into_make_service()).await {
                tracing::error!(%error, "the sandbox backend stopped");
            }
        });
        tracing::info!(%base_url, "the sandbox backend started");
        Ok(BackendEmulator {
            base_url,
            handle,
            authorization_ttl,
        })
    }

    /// Changes the lifetime of authorize URLs created or renewed from now on, so a test can
    /// create an already expired URL and then renew it into a usable one.
    pub fn set_authorization_ttl(&self, ttl: Duration) {
        let mut current = self
            .authorization_ttl
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *current = ttl;
    }

    /// Returns the OAuth redirect URL to register on the Bitbucket application link.
    pub fn callback_url(&self) -> Url {
        callback_url(&self.base_url)
    }
}

impl Drop for BackendEmulator {
    fn drop(&mut self) {
        self.handle.shutdown();
    }
}

/// Returns the callback URL of the backend at `base_url`.
fn callback_url(base_url: &Url) -> Url {
    let mut url = base_url.clone();
    url.set_path(CALLBACK_PATH);
    url.set_query(None);
    url
}

/// Builds the client for calls to Bitbucket instances: it trusts only `ca_pem`, ignores
/// proxy settings, follows no redirects and times out.
fn bitbucket_client(ca_pem: &str) -> anyhow::Result<reqwest::Client> {
    let certificate = reqwest::Certificate::from_pem(ca_pem.as_bytes())
        .context("reading the trusted CA certificate (PEM) failed")?;
    reqwest::Client::builder()
        .tls_certs_only([certificate])
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(BITBUCKET_CONNECT_TIMEOUT)
        .timeout(BITBUCKET_REQUEST_TIMEOUT)
        .user_agent(concat!("gitme-sandbox-backend/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("building the HTTP client for Bitbucket failed")
}

/// Builds the client of the cloud-side probe: gitme's own client, trusting only `ca_pem`,
/// ignoring proxy settings and following no redirects.
fn probe_client(ca_pem: &str) -> anyhow::Result<reqwest::Client> {
    let options = HttpOptions {
        extra_ca_pem: Some(ca_pem.to_owned()),
        trust: Trust::OnlyExtra,
        timeout: PROBE_REQUEST_TIMEOUT,
        connect_timeout: BITBUCKET_CONNECT_TIMEOUT,
        use_env_proxy: false,
    };
    build_client(&options).context("building the HTTP client of the probe failed")
}

/// Returns `prefix` followed by 32 random bytes in unpadded base64url.
fn random_token(prefix: &str) -> Secret {
    Secret::new(format!("{prefix}{}", random_base64(32)))
}

/// Returns `len` random bytes in unpadded base64url.
fn random_base64(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Returns the first day of the current UTC month in `YYYY-MM-DD` form.
fn first_day_of_current_month() -> String {
    let today = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-01", today.year(), u8::from(today.month()))
}
