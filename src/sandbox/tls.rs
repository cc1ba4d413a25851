//! The sandbox's local certificate authority and the server certificates it signs.

// TODO(stub): replaced by the emulator work.

use std::sync::Arc;

/// A local CA generated at start-up, and a server certificate for loopback signed by it.
pub struct SandboxTls {
    /// The CA certificate in PEM form; clients trust exactly this.
    pub ca_pem: String,
    /// A rustls server config whose certificate is valid for `localhost`, `127.0.0.1`
    /// and `::1`.
    pub server_config: Arc<rustls::ServerConfig>,
}

impl SandboxTls {
    /// Generates a fresh CA and loopback server certificate.
    pub fn generate() -> anyhow::Result<Self> {
        anyhow::bail!("not implemented")
    }
}
