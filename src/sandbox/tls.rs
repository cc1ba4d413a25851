//! The sandbox's local certificate authority and the server certificates it signs.
//!
//! Every sandbox server presents a leaf certificate signed by one CA generated at start-up,
//! and every sandbox client trusts exactly that CA's PEM, so nothing outside the process
//! can be trusted by accident. `LeafSpec`, `sign_leaf` and `server_config_for` exist so
//! broken certificates (expired, wrong host, missing intermediate) can be added as a few
//! lines each: a `LeafSpec` constructor and a call to `sign_leaf`.

use std::sync::Arc;

use anyhow::Context;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use time::{Duration, OffsetDateTime};

/// Subject alternative names of the loopback server certificate.
const LOOPBACK_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// A local CA generated at start-up, and a server certificate for loopback signed by it.
pub struct SandboxTls {
    /// The CA certificate in PEM form; clients trust exactly this.
    pub ca_pem: String,
    /// A rustls server config whose certificate is valid for `localhost`, `127.0.0.1`
    /// and `::1`.
    pub server_config: Arc<rustls::ServerConfig>,
}

/// Parameters of one leaf certificate signed by the sandbox CA.
struct LeafSpec {
    subject_alt_names: Vec<String>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
}

impl LeafSpec {
    /// A server certificate for loopback, valid from one day ago for 30 days.
    fn loopback() -> Self {
        let now = OffsetDateTime::now_utc();
        LeafSpec {
            subject_alt_names: LOOPBACK_NAMES.iter().map(|name| name.to_string()).collect(),
            not_before: now - Duration::days(1),
            not_after: now + Duration::days(30),
        }
    }
}

/// A signed leaf certificate and its private key, both DER.
struct SignedLeaf {
    certificate: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
}

impl SandboxTls {
    /// Generates a fresh CA and loopback server certificate.
    pub fn generate() -> anyhow::Result<Self> {
        let ca_key = KeyPair::generate().context("failed to generate the sandbox CA key")?;
        let ca_params = ca_params();
        let ca_certificate = ca_params
            .self_signed(&ca_key)
            .context("failed to self-sign the sandbox CA certificate")?;
        let ca = Issuer::new(ca_params, ca_key);

        let leaf = sign_leaf(&ca, &LeafSpec::loopback())?;
        Ok(SandboxTls {
            ca_pem: ca_certificate.pem(),
            server_config: server_config_for(vec![leaf.certificate], leaf.key)?,
        })
    }
}

/// Signs a leaf certificate for `spec` with `ca` and a fresh key.
fn sign_leaf(ca: &Issuer<'_, KeyPair>, spec: &LeafSpec) -> anyhow::Result<SignedLeaf> {
    let mut params = CertificateParams::new(spec.subject_alt_names.clone())
        .context("invalid subject alternative name for a sandbox certificate")?;
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "gitme sandbox server");
    params.distinguished_name = name;
    params.not_before = spec.not_before;
    params.not_after = spec.not_after;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;

    let key = KeyPair::generate().context("failed to generate a server key")?;
    let certificate = params
        .signed_by(&key, ca)
        .context("failed to sign a server certificate with the sandbox CA")?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    Ok(SignedLeaf {
        certificate: certificate.der().clone(),
        key,
    })
}

fn ca_params() -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "gitme sandbox CA");
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let now = OffsetDateTime::now_utc();
    params.not_before = now - Duration::days(1);
    params.not_after = now + Duration::days(365);
    params
}

/// Builds a rustls server config that presents `chain` (leaf first) and speaks HTTP/1.1.
fn server_config_for(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("the ring provider supports no default TLS version")?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("rustls rejected the sandbox server certificate")?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
