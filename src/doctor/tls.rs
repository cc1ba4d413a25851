//! `instance.tls`: the TLS handshake, once with the platform's trust store and, when
//! `--ca-cert` is given, once with that CA.
//!
//! Every handshake uses a verifier that records the certificate chain the server sent and
//! then hands it to the real verifier, so a rejected chain can still be described. A
//! rejected handshake ends before any application data is sent. Each failure is named:
//! untrusted issuer, incomplete chain (the server sent only its own certificate and its
//! issuer is unknown), self-signed, hostname mismatch, expired and not yet valid. A
//! certificate that expires within 30 days, or that only `--ca-cert` trusts, warns:
//! GitMe's cloud needs a publicly trusted certificate.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ::url::{Host, Url};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::url::Target;
use super::{Context, Finding};

/// The deadline of one handshake, including the TCP connection or tunnel.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);

/// A certificate that expires sooner than this warns.
const EXPIRY_WARNING_DAYS: i64 = 30;

/// The route of the handshake to the server.
#[derive(Debug, Clone)]
pub enum StreamSource {
    /// Directly, to the first of these addresses that accepts.
    Direct(Vec<SocketAddr>),
    /// Through a `CONNECT` tunnel of this proxy.
    Tunnel(Url),
}

/// The reported fields of the leaf certificate.
#[derive(Debug, Clone)]
pub struct LeafInfo {
    /// The subject distinguished name.
    pub subject: String,
    /// The issuer distinguished name.
    pub issuer: String,
    /// DNS names and IP addresses of the subject alternative names.
    pub subject_alt_names: Vec<String>,
    /// Start of validity.
    pub not_before: OffsetDateTime,
    /// End of validity.
    pub not_after: OffsetDateTime,
    /// SHA-256 of the DER, as colon-separated hex.
    pub sha256: String,
}

impl LeafInfo {
    fn describe(&self) -> String {
        format!(
            "subject {}; issuer {}; SANs {}; valid {} to {}; SHA-256 {}",
            self.subject,
            self.issuer,
            if self.subject_alt_names.is_empty() {
                "none".to_string()
            } else {
                self.subject_alt_names.join(", ")
            },
            date(self.not_before),
            date(self.not_after),
            self.sha256
        )
    }
}

/// Parses the fields of a DER certificate that the check reports.
pub fn leaf_info(der: &[u8]) -> Option<LeafInfo> {
    let (_, certificate) = x509_parser::parse_x509_certificate(der).ok()?;
    let mut subject_alt_names = Vec::new();
    if let Ok(Some(extension)) = certificate.subject_alternative_name() {
        for name in &extension.value.general_names {
            match name {
                x509_parser::extensions::GeneralName::DNSName(dns) => {
                    subject_alt_names.push((*dns).to_string());
                }
                x509_parser::extensions::GeneralName::IPAddress(bytes) => {
                    if let Some(address) = ip_from_bytes(bytes) {
                        subject_alt_names.push(address.to_string());
                    }
                }
                _ => {}
            }
        }
    }
    let digest = Sha256::digest(der);
    let sha256 = digest
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    Some(LeafInfo {
        subject: certificate.subject().to_string(),
        issuer: certificate.issuer().to_string(),
        subject_alt_names,
        not_before: certificate.validity().not_before.to_datetime(),
        not_after: certificate.validity().not_after.to_datetime(),
        sha256,
    })
}

fn ip_from_bytes(bytes: &[u8]) -> Option<std::net::IpAddr> {
    match bytes.len() {
        4 => <[u8; 4]>::try_from(bytes).ok().map(std::net::IpAddr::from),
        16 => <[u8; 16]>::try_from(bytes).ok().map(std::net::IpAddr::from),
        _ => None,
    }
}

fn date(moment: OffsetDateTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    moment
        .to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_else(|_| moment.to_string())
}

/// A verifier that stores the chain the server sent, then delegates to `inner`.
#[derive(Debug)]
struct RecordingVerifier {
    inner: Arc<dyn ServerCertVerifier>,
    chain: Arc<Mutex<Vec<CertificateDer<'static>>>>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        {
            let mut chain = super::lock(&self.chain);
            chain.clear();
            chain.push(end_entity.clone().into_owned());
            chain.extend(intermediates.iter().map(|der| der.clone().into_owned()));
        }
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        certificate: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner
            .verify_tls12_signature(message, certificate, signature)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        certificate: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner
            .verify_tls13_signature(message, certificate, signature)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The result of one handshake.
#[derive(Debug)]
pub struct Handshake {
    /// The negotiated protocol version, when the handshake succeeded.
    pub result: Result<String, HandshakeError>,
    /// The chain the server sent, leaf first; empty when none arrived.
    pub chain: Vec<CertificateDer<'static>>,
}

/// The cause of a failed handshake.
#[derive(Debug, Clone)]
pub enum HandshakeError {
    /// The verifier rejected the certificate.
    Certificate(CertificateError),
    /// The server does not speak TLS.
    NotTls(String),
    /// Another TLS error.
    Tls(String),
    /// The connection failed or timed out.
    Connection(String),
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Builds the verifier for the platform's trust store.
pub fn platform_verifier() -> Result<Arc<dyn ServerCertVerifier>, String> {
    rustls_platform_verifier::Verifier::new(provider())
        .map(|verifier| Arc::new(verifier) as Arc<dyn ServerCertVerifier>)
        .map_err(|error| error.to_string())
}

/// Builds a verifier that trusts only the CAs in `pem`.
pub fn extra_ca_verifier(pem: &str) -> Result<Arc<dyn ServerCertVerifier>, String> {
    let mut roots = rustls::RootCertStore::empty();
    let mut reader = pem.as_bytes();
    for item in rustls_pemfile::certs(&mut reader) {
        let der = item.map_err(|error| error.to_string())?;
        roots.add(der).map_err(|error| error.to_string())?;
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
        .build()
        .map(|verifier| verifier as Arc<dyn ServerCertVerifier>)
        .map_err(|error| error.to_string())
}

/// Opens a connection from `source` to `target`.
async fn open_stream(source: &StreamSource, target: &Target) -> Result<TcpStream, String> {
    match source {
        StreamSource::Direct(addresses) => {
            let mut last_error = "no address to connect to".to_string();
            for address in addresses {
                match TcpStream::connect(address).await {
                    Ok(stream) => return Ok(stream),
                    Err(error) => last_error = format!("{address}: {error}"),
                }
            }
            Err(last_error)
        }
        StreamSource::Tunnel(proxy) => {
            super::proxy::open_tunnel(proxy, &super::proxy::authority(target), HANDSHAKE_TIMEOUT)
                .await
                .map_err(|error| error.to_string())
        }
    }
}

/// Returns the server name to send and verify.
pub fn server_name(host: &Host<String>) -> Option<ServerName<'static>> {
    match host {
        Host::Domain(name) => ServerName::try_from(name.clone()).ok(),
        Host::Ipv4(address) => Some(ServerName::IpAddress(std::net::IpAddr::V4(*address).into())),
        Host::Ipv6(address) => Some(ServerName::IpAddress(std::net::IpAddr::V6(*address).into())),
    }
}

/// Runs one handshake with `verifier` and records the chain.
pub async fn handshake(
    source: &StreamSource,
    target: &Target,
    verifier: Arc<dyn ServerCertVerifier>,
    timeout: Duration,
) -> Handshake {
    let chain = Arc::new(Mutex::new(Vec::new()));
    let recording = Arc::new(RecordingVerifier {
        inner: verifier,
        chain: chain.clone(),
    });
    let work = async {
        let Some(name) = server_name(&target.host) else {
            return Err(HandshakeError::Tls(format!(
                "`{}` is not a valid TLS server name",
                target.host
            )));
        };
        let mut config = rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|error| HandshakeError::Tls(error.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(recording)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let stream = open_stream(source, target)
            .await
            .map_err(HandshakeError::Connection)?;
        let connector = TlsConnector::from(Arc::new(config));
        match connector.connect(name, stream).await {
            Ok(tls) => {
                let version = tls
                    .get_ref()
                    .1
                    .protocol_version()
                    .map(|version| match version {
                        rustls::ProtocolVersion::TLSv1_3 => "TLS 1.3".to_string(),
                        rustls::ProtocolVersion::TLSv1_2 => "TLS 1.2".to_string(),
                        other => format!("{other:?}"),
                    })
                    .unwrap_or_else(|| "unknown".to_string());
                Ok(version)
            }
            Err(error) => Err(classify_io(&error)),
        }
    };
    let result = match tokio::time::timeout(timeout, work).await {
        Ok(result) => result,
        Err(_) => Err(HandshakeError::Connection(format!(
            "the handshake timed out after {}",
            super::format_duration(timeout)
        ))),
    };
    let chain = super::lock(&chain).clone();
    Handshake { result, chain }
}

fn classify_io(error: &std::io::Error) -> HandshakeError {
    if let Some(inner) = error.get_ref()
        && let Some(tls) = inner.downcast_ref::<rustls::Error>()
    {
        return match tls {
            rustls::Error::InvalidCertificate(certificate) => {
                HandshakeError::Certificate(certificate.clone())
            }
            rustls::Error::InvalidMessage(_) => HandshakeError::NotTls(tls.to_string()),
            other => HandshakeError::Tls(other.to_string()),
        };
    }
    HandshakeError::Connection(error.to_string())
}

/// Runs the handshakes and judges the certificate.
pub async fn check(context: &Context, target: &Target, source: &StreamSource) -> Finding<()> {
    let timeout = context.step_timeout(HANDSHAKE_TIMEOUT);
    let platform = match platform_verifier() {
        Ok(verifier) => verifier,
        Err(error) => {
            return Finding::fail(
                "cannot load the platform's trust store",
                error,
                Some("install the system CA certificates (ca-certificates)".to_string()),
            );
        }
    };
    let system = handshake(source, target, platform, timeout).await;
    let extra = match (&system.result, &context.options.extra_ca_pem) {
        (Err(HandshakeError::Certificate(_)), Some(pem)) => match extra_ca_verifier(pem) {
            Ok(verifier) => Some(
                handshake(
                    source,
                    target,
                    verifier,
                    context.step_timeout(HANDSHAKE_TIMEOUT),
                )
                .await,
            ),
            Err(error) => {
                return Finding::fail(
                    "cannot use the CA given with --ca-cert",
                    error,
                    Some("pass a PEM file of CA certificates with --ca-cert".to_string()),
                );
            }
        },
        _ => None,
    };

    let chain = if system.chain.is_empty() {
        extra
            .as_ref()
            .map(|extra| extra.chain.clone())
            .unwrap_or_default()
    } else {
        system.chain.clone()
    };
    let leaf = chain.first().and_then(|der| leaf_info(der));
    let host = target.host.to_string();

    let (version, trusted_by_extra) = match (&system.result, extra.as_ref().map(|e| &e.result)) {
        (Ok(version), _) => (version.clone(), false),
        (Err(_), Some(Ok(version))) => (version.clone(), true),
        (Err(system_error), extra_error) => {
            // The --ca-cert handshake gets past the unknown issuer, so its error is the
            // more specific one.
            let error = match extra_error {
                Some(Err(extra_error)) => extra_error,
                _ => system_error,
            };
            return judge_failure(error, leaf.as_ref(), chain.len(), &host, context);
        }
    };

    let mut detail = format!("{version}, chain of {} certificate(s)", chain.len());
    if let Some(leaf) = &leaf {
        detail.push_str(&format!("; {}", leaf.describe()));
    }
    let mut causes = Vec::new();
    let mut fixes = Vec::new();
    if trusted_by_extra {
        causes.push(
            "the certificate is trusted only through --ca-cert, not by the platform's trust \
             store; GitMe's cloud trusts only publicly trusted certificates"
                .to_string(),
        );
        fixes.push(
            "serve a certificate from a public CA (for example Let's Encrypt) on the address \
             GitMe connects to",
        );
    }
    if let Some(leaf) = &leaf {
        let left = leaf.not_after - OffsetDateTime::now_utc();
        if left.whole_days() < EXPIRY_WARNING_DAYS {
            causes.push(format!(
                "expiring soon: the certificate expires on {}, in {} day(s)",
                date(leaf.not_after),
                left.whole_days()
            ));
            fixes.push("renew the certificate before it expires; connections fail the day it does");
        }
    }
    if !causes.is_empty() {
        return Finding::warn(detail, causes.join("; "), fixes.join("; "), ());
    }
    Finding::ok(detail, ())
}

fn judge_failure(
    error: &HandshakeError,
    leaf: Option<&LeafInfo>,
    chain_length: usize,
    host: &str,
    context: &Context,
) -> Finding<()> {
    let mut detail = match leaf {
        Some(leaf) => format!(
            "chain of {chain_length} certificate(s); {}",
            leaf.describe()
        ),
        None => "no certificate received".to_string(),
    };
    let ca_hint = if context.options.extra_ca_pem.is_some() {
        "the CA given with --ca-cert does not trust it either"
    } else {
        "pass the CA that signed it with --ca-cert to check the rest of the chain"
    };
    let (cause, fix) = match error {
        HandshakeError::Certificate(problem) => match problem {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => (
                format!(
                    "expired: the certificate expired on {}",
                    leaf.map(|leaf| date(leaf.not_after))
                        .unwrap_or_else(|| "an earlier date".to_string())
                ),
                "renew the instance's certificate".to_string(),
            ),
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => (
                format!(
                    "not yet valid: the certificate is valid from {}, and the local clock says {}",
                    leaf.map(|leaf| date(leaf.not_before))
                        .unwrap_or_else(|| "a later date".to_string()),
                    date(OffsetDateTime::now_utc())
                ),
                "check this machine's clock (NTP); if it is right, the certificate was issued \
                 with a future start date and must be reissued"
                    .to_string(),
            ),
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                (
                    format!(
                        "hostname mismatch: the certificate is for {}, not {host}",
                        leaf.map(|leaf| leaf.subject_alt_names.join(", "))
                            .filter(|names| !names.is_empty())
                            .unwrap_or_else(|| "other names".to_string())
                    ),
                    "use the host name the certificate names (Bitbucket's base URL under \
                 Administration > Server settings), or reissue the certificate with this name"
                        .to_string(),
                )
            }
            CertificateError::UnknownIssuer | CertificateError::BadSignature => {
                match leaf {
                    Some(leaf) if leaf.subject == leaf.issuer => (
                        format!(
                            "self-signed: the certificate {} signed itself",
                            leaf.subject
                        ),
                        "serve a certificate from a public CA; GitMe's cloud rejects \
                         self-signed certificates"
                            .to_string(),
                    ),
                    // NOTE: a leaf sent alone whose issuer is unknown looks the same to
                    // every client whether the server left out an intermediate or an
                    // untrusted CA signed it directly, so the cause names both.
                    Some(leaf) if chain_length == 1 => (
                        format!(
                            "incomplete chain or untrusted issuer: the server sent only its own \
                             certificate, and its issuer {} is not a trusted root; {ca_hint}",
                            leaf.issuer
                        ),
                        "if the issuer is an intermediate CA, configure the server to send it \
                         after its own certificate (the full chain file); otherwise serve a \
                         certificate from a trusted CA"
                            .to_string(),
                    ),
                    Some(leaf) => (
                        format!(
                            "untrusted issuer: {} is not a trusted CA; {ca_hint}",
                            leaf.issuer
                        ),
                        "serve a certificate from a public CA, or pass the private CA with \
                         --ca-cert"
                            .to_string(),
                    ),
                    None => (
                        "untrusted issuer: the certificate's issuer is not trusted".to_string(),
                        "pass the CA that signed it with --ca-cert".to_string(),
                    ),
                }
            }
            // webpki reports a server certificate that is itself a CA certificate, the
            // usual result of `openssl req -x509` without extensions, as this error.
            CertificateError::Other(other) if format!("{other:?}").contains("CaUsedAsEndEntity") => (
                "CA certificate as server certificate: the server's certificate has \
                 basicConstraints CA:TRUE, so no client accepts it for a server"
                    .to_string(),
                "issue a server (leaf) certificate with basicConstraints CA:FALSE, signed by a \
                 public CA"
                    .to_string(),
            ),
            other => (
                format!("the certificate was rejected: {other:?}"),
                "ask the instance's admin to check its certificate".to_string(),
            ),
        },
        HandshakeError::NotTls(reason) => (
            format!("not TLS: the port does not speak TLS ({reason})"),
            "use the HTTPS port of the instance (Bitbucket's own Tomcat serves plain HTTP on 7990)"
                .to_string(),
        ),
        HandshakeError::Tls(reason) => (
            format!("TLS handshake failed: {reason}"),
            "check the server's TLS settings (TLS 1.2 or 1.3 with modern ciphers)".to_string(),
        ),
        HandshakeError::Connection(reason) => {
            detail = format!("no handshake: {reason}");
            (
                format!("connection failed: {reason}"),
                "check that the instance accepts connections on that port".to_string(),
            )
        }
    };
    Finding::fail(detail, cause, Some(fix))
}
