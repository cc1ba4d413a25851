//! The sandbox's local certificate authorities and the server certificates they sign.
//!
//! A root CA generated at start-up signs an intermediate CA, which signs the leaf
//! certificates, so a normal server presents the chain leaf -> intermediate and clients
//! trust exactly the root's PEM. Nothing outside the process can be trusted by accident.
//! [`CertificateKind`] selects a broken certificate instead (expired, wrong host, missing
//! intermediate and so on) so tests can see how clients report each one.

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

/// The only subject alternative name of the [`CertificateKind::WrongHost`] certificate. The
/// `.invalid` top-level domain never resolves (RFC 2606).
pub const WRONG_HOST_NAME: &str = "wrong-host.invalid";

/// The number of days an [`CertificateKind::ExpiringSoon`] certificate stays valid.
pub const EXPIRING_SOON_DAYS: i64 = 10;

/// The kind of server certificate a listener presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CertificateKind {
    /// A leaf for `localhost`, `127.0.0.1` and `::1`, signed by the intermediate and
    /// served with it, so the chain is root CA -> intermediate CA -> leaf.
    #[default]
    Valid,
    /// A loopback leaf signed by a CA generated on the fly that no sandbox client trusts.
    UnknownCa,
    /// A self-signed loopback leaf.
    SelfSigned,
    /// A valid chain whose leaf names only [`WRONG_HOST_NAME`].
    WrongHost,
    /// A valid chain whose leaf expired on 2020-01-01.
    Expired,
    /// A valid chain whose leaf becomes valid on 2099-01-01.
    NotYetValid,
    /// A valid chain whose leaf expires in [`EXPIRING_SOON_DAYS`] days.
    ExpiringSoon,
    /// The [`CertificateKind::Valid`] leaf served without its intermediate, so clients
    /// cannot build a path to the root.
    MissingIntermediate,
}

/// The sandbox's root and intermediate CAs, and a loopback server config signed by them.
pub struct SandboxTls {
    /// The root CA certificate in PEM form; clients trust exactly this.
    pub ca_pem: String,
    /// A rustls server config with a [`CertificateKind::Valid`] chain.
    pub server_config: Arc<rustls::ServerConfig>,
    /// The intermediate CA that signs every leaf except the untrusted and self-signed ones.
    intermediate: Issuer<'static, KeyPair>,
    /// The intermediate CA certificate, sent after the leaf in a complete chain.
    intermediate_certificate: CertificateDer<'static>,
}

/// Parameters of one leaf certificate.
struct LeafSpec {
    subject_alt_names: Vec<String>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
}

impl LeafSpec {
    /// Returns the spec of a loopback server certificate, valid from one day ago for 90
    /// days, so the doctor's 30-day expiry warning never fires on a healthy sandbox.
    fn loopback() -> Self {
        let now = OffsetDateTime::now_utc();
        LeafSpec {
            subject_alt_names: LOOPBACK_NAMES.iter().map(|name| name.to_string()).collect(),
            not_before: now - Duration::days(1),
            not_after: now + Duration::days(90),
        }
    }

    fn with_names(mut self, names: &[&str]) -> Self {
        self.subject_alt_names = names.iter().map(|name| name.to_string()).collect();
        self
    }

    fn with_validity(mut self, not_before: OffsetDateTime, not_after: OffsetDateTime) -> Self {
        self.not_before = not_before;
        self.not_after = not_after;
        self
    }
}

/// A signed leaf certificate and its private key, both DER.
struct SignedLeaf {
    certificate: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
}

impl SandboxTls {
    /// Generates a fresh root CA, an intermediate CA signed by it, and a loopback server
    /// config with a [`CertificateKind::Valid`] chain.
    pub fn generate() -> anyhow::Result<Self> {
        let root_key = KeyPair::generate().context("failed to generate the sandbox CA key")?;
        // Path length 1 allows the one intermediate below the root.
        let root_params = ca_params("gitme sandbox CA", 1);
        let root_certificate = root_params
            .self_signed(&root_key)
            .context("failed to self-sign the sandbox CA certificate")?;
        let root = Issuer::new(root_params, root_key);

        let intermediate_key =
            KeyPair::generate().context("failed to generate the intermediate CA key")?;
        let intermediate_params = ca_params("gitme sandbox intermediate CA", 0);
        let intermediate_certificate = intermediate_params
            .signed_by(&intermediate_key, &root)
            .context("failed to sign the intermediate CA certificate")?;
        let intermediate = Issuer::new(intermediate_params, intermediate_key);

        let intermediate_certificate = intermediate_certificate.der().clone();
        let server_config = build_server_config(
            &intermediate,
            &intermediate_certificate,
            CertificateKind::Valid,
        )?;
        Ok(SandboxTls {
            ca_pem: root_certificate.pem(),
            server_config,
            intermediate,
            intermediate_certificate,
        })
    }

    /// Builds a server config that presents a freshly signed certificate of `kind`.
    pub fn server_config_for(
        &self,
        kind: CertificateKind,
    ) -> anyhow::Result<Arc<rustls::ServerConfig>> {
        build_server_config(&self.intermediate, &self.intermediate_certificate, kind)
    }
}

/// Builds a server config that presents a freshly signed certificate of `kind`, signed by
/// `intermediate` unless `kind` needs another issuer.
fn build_server_config(
    intermediate: &Issuer<'_, KeyPair>,
    intermediate_certificate: &CertificateDer<'static>,
    kind: CertificateKind,
) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    let sign = |spec: &LeafSpec| sign_leaf(intermediate, spec);
    let now = OffsetDateTime::now_utc();
    let (leaf, with_intermediate) = match kind {
        CertificateKind::Valid => (sign(&LeafSpec::loopback())?, true),
        CertificateKind::MissingIntermediate => (sign(&LeafSpec::loopback())?, false),
        CertificateKind::WrongHost => {
            let spec = LeafSpec::loopback().with_names(&[WRONG_HOST_NAME]);
            (sign(&spec)?, true)
        }
        CertificateKind::Expired => {
            let spec =
                LeafSpec::loopback().with_validity(utc_date(2019, 1, 1)?, utc_date(2020, 1, 1)?);
            (sign(&spec)?, true)
        }
        CertificateKind::NotYetValid => {
            let spec =
                LeafSpec::loopback().with_validity(utc_date(2099, 1, 1)?, utc_date(2100, 1, 1)?);
            (sign(&spec)?, true)
        }
        CertificateKind::ExpiringSoon => {
            let spec = LeafSpec::loopback().with_validity(
                now - Duration::days(80),
                now + Duration::days(EXPIRING_SOON_DAYS),
            );
            (sign(&spec)?, true)
        }
        CertificateKind::UnknownCa => {
            let untrusted_key =
                KeyPair::generate().context("failed to generate the untrusted CA key")?;
            let untrusted = Issuer::new(ca_params("gitme untrusted CA", 0), untrusted_key);
            (sign_leaf(&untrusted, &LeafSpec::loopback())?, false)
        }
        CertificateKind::SelfSigned => (self_signed_leaf(&LeafSpec::loopback())?, false),
    };

    let mut chain = vec![leaf.certificate];
    if with_intermediate {
        chain.push(intermediate_certificate.clone());
    }
    server_config(chain, leaf.key)
}

/// Signs a leaf certificate for `spec` with `issuer` and a fresh key.
fn sign_leaf(issuer: &Issuer<'_, KeyPair>, spec: &LeafSpec) -> anyhow::Result<SignedLeaf> {
    let params = leaf_params(spec)?;
    let key = KeyPair::generate().context("failed to generate a server key")?;
    let certificate = params
        .signed_by(&key, issuer)
        .context("failed to sign a server certificate")?;
    Ok(SignedLeaf {
        certificate: certificate.der().clone(),
        key: private_key_der(&key),
    })
}

fn self_signed_leaf(spec: &LeafSpec) -> anyhow::Result<SignedLeaf> {
    let mut params = leaf_params(spec)?;
    params.use_authority_key_identifier_extension = false;
    let key = KeyPair::generate().context("failed to generate a server key")?;
    let certificate = params
        .self_signed(&key)
        .context("failed to self-sign a server certificate")?;
    Ok(SignedLeaf {
        certificate: certificate.der().clone(),
        key: private_key_der(&key),
    })
}

fn leaf_params(spec: &LeafSpec) -> anyhow::Result<CertificateParams> {
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
    Ok(params)
}

fn private_key_der(key: &KeyPair) -> PrivateKeyDer<'static> {
    PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()))
}

/// Returns the parameters of a CA named `common_name` that allows `path_length` CAs below
/// it, valid from one day ago for a year.
fn ca_params(common_name: &str, path_length: u8) -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, common_name);
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(path_length));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.use_authority_key_identifier_extension = true;
    let now = OffsetDateTime::now_utc();
    params.not_before = now - Duration::days(1);
    params.not_after = now + Duration::days(365);
    params
}

fn utc_date(year: i32, month: u8, day: u8) -> anyhow::Result<OffsetDateTime> {
    let month = time::Month::try_from(month).context("invalid month")?;
    let date = time::Date::from_calendar_date(year, month, day).context("invalid date")?;
    Ok(date.midnight().assume_utc())
}

/// Builds a rustls server config that presents `chain` (leaf first) and speaks HTTP/1.1.
fn server_config(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_tls_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SandboxTls>();
    }

    #[test]
    fn every_kind_builds_config() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let tls = SandboxTls::generate().expect("sandbox TLS");
        let kinds = [
            CertificateKind::Valid,
            CertificateKind::UnknownCa,
            CertificateKind::SelfSigned,
            CertificateKind::WrongHost,
            CertificateKind::Expired,
            CertificateKind::NotYetValid,
            CertificateKind::ExpiringSoon,
            CertificateKind::MissingIntermediate,
        ];
        for kind in kinds {
            assert!(tls.server_config_for(kind).is_ok(), "{kind:?}");
        }
    }

    #[test]
    fn fixed_dates_are_midnight_utc() {
        let date = utc_date(2020, 1, 1).expect("valid date");
        assert_eq!(date.unix_timestamp(), 1_577_836_800);
        assert!(utc_date(2020, 13, 1).is_err());
    }
}
