//! The sandbox GitMe backend.

// TODO(stub): replaced by the backend emulator work.

use std::net::TcpListener;

use url::Url;

use super::tls::SandboxTls;

/// Backend emulator settings.
#[derive(Debug, Clone, Default)]
pub struct BackendConfig {}

/// A running backend emulator.
pub struct BackendEmulator {
    /// Base URL, without a trailing slash.
    pub base_url: Url,
}

impl BackendEmulator {
    /// Starts serving HTTPS on `listener`.
    pub async fn start(
        _listener: TcpListener,
        _config: BackendConfig,
        _tls: &SandboxTls,
    ) -> anyhow::Result<Self> {
        anyhow::bail!("not implemented")
    }
}
