//! The embedded sandbox: a Bitbucket Data Center emulator and a GitMe backend, both
//! serving HTTPS on loopback with certificates from a CA generated at start-up.
//!
//! The backend's listener is bound first, so the Bitbucket emulator's application link can
//! register the backend's exact callback URL as its redirect URL.

pub mod backend;
pub mod bitbucket;
pub mod proxy;
pub mod tls;
pub mod user_agent;

use std::future::Future;
use std::net::TcpListener;

use anyhow::Context;
use url::Url;

use crate::backend::api::{APPLICATION_NAME, BITBUCKET_SCOPE, CALLBACK_PATH, Role};
use crate::secret::Secret;
use backend::{BackendConfig, BackendEmulator};
use bitbucket::{ApplicationLink, BitbucketConfig, BitbucketEmulator};
use tls::SandboxTls;
use user_agent::{Consent, UserAgentOutcome};

/// A running sandbox. Its servers run on the current tokio runtime until it is dropped
/// or the runtime ends.
pub struct Sandbox {
    /// The local CA and the loopback server certificate.
    pub tls: SandboxTls,
    /// The Bitbucket Data Center emulator.
    pub bitbucket: BitbucketEmulator,
    /// The GitMe backend emulator.
    pub backend: BackendEmulator,
    /// A GitMe API token of an Account Admin.
    pub admin_token: Secret,
    /// A GitMe API token of a workspace member who is not an Account Admin.
    pub member_token: Secret,
}

impl Sandbox {
    /// Starts a sandbox with default settings.
    pub async fn start() -> anyhow::Result<Sandbox> {
        Sandbox::start_with(|_, _| {}).await
    }

    /// Starts a sandbox after `customise` adjusts the emulators' settings, for example to
    /// inject faults, change the Bitbucket version or add a context path.
    pub async fn start_with(
        customise: impl FnOnce(&mut BitbucketConfig, &mut BackendConfig),
    ) -> anyhow::Result<Sandbox> {
        let tls = SandboxTls::generate().context("cannot generate the sandbox CA")?;
        let backend_listener = bind_loopback()?;
        let bitbucket_listener = bind_loopback()?;
        let backend_port = backend_listener.local_addr()?.port();
        let callback_url = format!("https://127.0.0.1:{backend_port}{CALLBACK_PATH}");

        let link = ApplicationLink::generate(APPLICATION_NAME, &callback_url, &[BITBUCKET_SCOPE]);
        let mut bitbucket_config = BitbucketConfig::new(link);
        let mut backend_config = BackendConfig::new(tls.ca_pem.clone());
        customise(&mut bitbucket_config, &mut backend_config);

        let token_of = |role: Role| {
            backend_config
                .accounts
                .iter()
                .find(|account| account.role == role)
                .map(|account| account.token.clone())
                .with_context(|| format!("the sandbox backend has no {role:?} account"))
        };
        let admin_token = token_of(Role::AccountAdmin)?;
        let member_token = token_of(Role::Member)?;

        let backend = BackendEmulator::start(backend_listener, backend_config, &tls)
            .await
            .context("cannot start the GitMe backend emulator")?;
        let bitbucket = BitbucketEmulator::start(bitbucket_listener, bitbucket_config, &tls)
            .await
            .context("cannot start the Bitbucket emulator")?;
        tracing::debug!(bitbucket = %bitbucket.base_url, backend = %backend.base_url, "sandbox started");
        Ok(Sandbox {
            tls,
            bitbucket,
            backend,
            admin_token,
            member_token,
        })
    }

    /// Returns the application link registered in the Bitbucket emulator.
    pub fn link(&self) -> &ApplicationLink {
        self.bitbucket.link()
    }

    /// Returns a future that plays the sandbox user in a browser: it signs in, submits the
    /// consent page with `consent`, and follows the redirect to the backend's callback.
    pub fn user_agent(
        &self,
        authorize_url: Url,
        consent: Consent,
    ) -> impl Future<Output = anyhow::Result<UserAgentOutcome>> + Send + 'static {
        let ca_pem = self.tls.ca_pem.clone();
        async move {
            let password = Secret::new(bitbucket::SANDBOX_PASSWORD);
            user_agent::authorize(
                &authorize_url,
                bitbucket::SANDBOX_USERNAME,
                &password,
                consent,
                &ca_pem,
            )
            .await
        }
    }
}

fn bind_loopback() -> anyhow::Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", 0)).context("cannot bind a loopback port for the sandbox")
}
