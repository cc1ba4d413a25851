//! A Bitbucket Data Center emulator.

// TODO(stub): replaced by the emulator work.

use std::net::TcpListener;

use url::Url;

use super::tls::SandboxTls;
use crate::secret::Secret;

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

/// Emulator settings.
#[derive(Debug, Clone)]
pub struct BitbucketConfig {
    /// The incoming application link.
    pub link: ApplicationLink,
    /// Version in application-properties.
    pub version: String,
    /// Context path such as `/bitbucket`, or empty.
    pub context_path: String,
}

/// A running emulator.
pub struct BitbucketEmulator {
    /// Base URL including the context path, without a trailing slash.
    pub base_url: Url,
}

impl BitbucketEmulator {
    /// Starts serving HTTPS on `listener`.
    pub async fn start(
        _listener: TcpListener,
        _config: BitbucketConfig,
        _tls: &SandboxTls,
    ) -> anyhow::Result<Self> {
        anyhow::bail!("not implemented")
    }
}
