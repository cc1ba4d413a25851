//! The HTTP client every gitme request goes through: timeouts, trusted CAs, error causes.
//!
//! [`build_client`] makes a reqwest client that never follows redirects, so callers see a
//! redirect to a login page instead of its HTML. [`classify`] turns a reqwest error into a
//! cause and a fix, and [`HttpExchange`] records what a response looked like for error
//! messages and `gitme doctor`.

use std::error::Error as _;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

/// The `User-Agent` header of every request.
pub const USER_AGENT: &str = concat!("gitme/", env!("CARGO_PKG_VERSION"));

/// The maximum number of body bytes [`HttpExchange::read`] loads. Bitbucket's JSON
/// responses to the probes are far smaller, and a larger HTML page is only excerpted.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The length of [`HttpExchange::body_excerpt`], in characters.
const EXCERPT_CHARS: usize = 200;

/// Query parameters whose values are replaced by `****` in URLs shown to people.
const SECRET_QUERY_PARAMETERS: &[&str] = &[
    "code",
    "code_verifier",
    "client_secret",
    "access_token",
    "refresh_token",
    "token",
    "password",
    "state",
];

/// The set of certificate authorities the client trusts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// The platform's trust store plus `extra_ca_pem`, if given.
    PlatformAndExtra,
    /// Only the certificates in `extra_ca_pem`, for private CAs and the sandbox.
    OnlyExtra,
}

/// Settings of the client [`build_client`] makes.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// PEM text with one or more CA certificates to trust.
    pub extra_ca_pem: Option<String>,
    /// Whether the platform's trust store is used too.
    pub trust: Trust,
    /// Limit for a whole request, from connecting to reading the body.
    pub timeout: Duration,
    /// Limit for the TCP and TLS connection set-up.
    pub connect_timeout: Duration,
    /// Whether `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` from the environment apply.
    pub use_env_proxy: bool,
}

impl Default for HttpOptions {
    /// Platform trust, a 30 s request timeout, a 10 s connect timeout and the
    /// environment's proxy settings.
    fn default() -> Self {
        HttpOptions {
            extra_ca_pem: None,
            trust: Trust::PlatformAndExtra,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            use_env_proxy: true,
        }
    }
}

/// An error building the client or loading a CA file.
#[derive(Debug, thiserror::Error)]
pub enum HttpClientError {
    /// The CA file could not be read.
    #[error("failed to read the CA file `{path}`: {source}")]
    ReadCaFile {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The CA file's contents are not usable.
    #[error("the CA file `{path}` is invalid: {problem}")]
    InvalidCaFile {
        /// The file.
        path: PathBuf,
        /// The problem with its PEM text.
        problem: String,
    },
    /// The CA PEM text given in the options is not usable.
    #[error("the extra CA certificate is invalid: {0}")]
    InvalidCaPem(String),
    /// `Trust::OnlyExtra` was requested without any CA.
    #[error("no CA certificate was given, so a client that trusts only extra CAs trusts nothing")]
    NoTrustedCa,
    /// No rustls crypto provider was installed, so reqwest would panic.
    #[error(
        "no TLS crypto provider is installed; call \
         `rustls::crypto::ring::default_provider().install_default()` at start-up"
    )]
    NoCryptoProvider,
    /// reqwest rejected the configuration.
    #[error("failed to build the HTTP client: {0}")]
    Build(#[source] reqwest::Error),
}

/// Builds the reqwest client for Bitbucket and GitMe requests.
///
/// The client sends `User-Agent: gitme/<version>`, follows no redirects and applies both
/// timeouts. It changes no process-wide state. The ring crypto provider must already be
/// installed, or this returns [`HttpClientError::NoCryptoProvider`].
pub fn build_client(options: &HttpOptions) -> Result<reqwest::Client, HttpClientError> {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        return Err(HttpClientError::NoCryptoProvider);
    }

    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(options.timeout)
        .connect_timeout(options.connect_timeout);
    // reqwest's own reading of the proxy variables ignores some `NO_PROXY` forms that
    // `gitme doctor` honours (`host:port`, `.suffix` against an IP address), so every
    // client applies the doctor's decision instead, and the two always agree.
    builder = builder.no_proxy();
    if options.use_env_proxy {
        let environment = crate::settings::proxy_environment();
        builder = builder.proxy(reqwest::Proxy::custom(
            move |url| match crate::doctor::proxy::decide(&environment, url) {
                crate::doctor::proxy::ProxyDecision::Via { proxy, .. } => Some(proxy),
                _ => None,
            },
        ));
    }

    let extra_certificates = match &options.extra_ca_pem {
        Some(pem) => parse_ca_pem(pem).map_err(HttpClientError::InvalidCaPem)?,
        None => Vec::new(),
    };
    builder = match options.trust {
        Trust::PlatformAndExtra => builder.tls_certs_merge(extra_certificates),
        Trust::OnlyExtra if extra_certificates.is_empty() => {
            return Err(HttpClientError::NoTrustedCa);
        }
        Trust::OnlyExtra => builder.tls_certs_only(extra_certificates),
    };

    builder.build().map_err(HttpClientError::Build)
}

/// Reads a PEM file of CA certificates and checks that each one parses.
pub fn load_ca_file(path: &Path) -> Result<String, HttpClientError> {
    let pem = std::fs::read_to_string(path).map_err(|source| HttpClientError::ReadCaFile {
        path: path.to_path_buf(),
        source,
    })?;
    parse_ca_pem(&pem).map_err(|problem| HttpClientError::InvalidCaFile {
        path: path.to_path_buf(),
        problem,
    })?;
    Ok(pem)
}

/// Parses PEM text into certificates, checking each with the same parser rustls uses for
/// trust anchors. The error is a sentence that names the problem.
fn parse_ca_pem(pem: &str) -> Result<Vec<reqwest::Certificate>, String> {
    let mut reader = pem.as_bytes();
    let mut certificates = Vec::new();
    let mut roots = rustls::RootCertStore::empty();
    for (index, item) in rustls_pemfile::certs(&mut reader).enumerate() {
        let number = index + 1;
        let der = item.map_err(|error| format!("PEM block {number} is malformed: {error}"))?;
        roots
            .add(der.clone())
            .map_err(|error| format!("certificate {number} is not valid X.509: {error}"))?;
        let certificate = reqwest::Certificate::from_der(&der)
            .map_err(|error| format!("certificate {number} was rejected: {error}"))?;
        certificates.push(certificate);
    }
    if certificates.is_empty() {
        return Err("it contains no `-----BEGIN CERTIFICATE-----` block".to_string());
    }
    Ok(certificates)
}

/// The cause of a failed request, for messages and hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFailure {
    /// The class of cause.
    pub kind: FailureKind,
    /// The error chain as text, without the request URL.
    pub detail: String,
}

/// The class of cause of a failed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureKind {
    /// The connection or the whole request took longer than its timeout.
    Timeout,
    /// The host name did not resolve.
    Dns,
    /// Nothing accepted the TCP connection.
    ConnectionRefused,
    /// The TLS handshake failed.
    Tls(TlsProblem),
    /// The configured proxy failed or refused the tunnel.
    Proxy,
    /// Anything else.
    Other,
}

/// The reason a TLS handshake failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsProblem {
    /// The certificate chain does not lead to a trusted CA. A self-signed server
    /// certificate, or one from an untrusted CA named like a trusted one, also gives this.
    UnknownIssuer,
    /// The server certificate has expired.
    Expired,
    /// The server certificate is not valid yet.
    NotYetValid,
    /// The server certificate is not valid for the host name in the URL.
    HostnameMismatch,
    /// The server did not speak TLS, usually because the port serves plain HTTP.
    NotTls,
    /// Another TLS failure, as rustls describes it.
    Other(String),
}

/// Classifies a reqwest error by walking its cause chain.
///
/// reqwest wraps rustls errors in two nested `io::Error`s, and `io::Error::source` skips
/// the error it wraps, so the walk also follows `io::Error::get_ref`.
pub fn classify(error: &reqwest::Error) -> RequestFailure {
    let detail = describe_chain(error);
    let mut kind = None;
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = current {
        if let Some(found) = classify_cause(cause) {
            kind = Some(found);
            break;
        }
        current = cause.source();
    }

    let kind = match kind {
        Some(kind) => kind,
        None if error.is_timeout() => FailureKind::Timeout,
        // NOTE: hyper-util's "dns error" and "tunnel error" wrappers are private types, so
        // they are recognised by their text. A change of wording in hyper-util falls
        // back to `Other`.
        None if detail.contains("dns error") => FailureKind::Dns,
        None if detail.contains("tunnel error") || detail.contains("proxy") => FailureKind::Proxy,
        None => FailureKind::Other,
    };
    RequestFailure { kind, detail }
}

/// Classifies one error of the chain, following `io::Error::get_ref` into wrapped errors.
fn classify_cause(cause: &(dyn std::error::Error + 'static)) -> Option<FailureKind> {
    if let Some(tls) = cause.downcast_ref::<rustls::Error>() {
        return Some(FailureKind::Tls(classify_tls(tls)));
    }
    let io_error = cause.downcast_ref::<io::Error>()?;
    if let Some(inner) = io_error.get_ref()
        && let Some(kind) = classify_cause(inner)
    {
        return Some(kind);
    }
    match io_error.kind() {
        io::ErrorKind::ConnectionRefused => Some(FailureKind::ConnectionRefused),
        io::ErrorKind::TimedOut => Some(FailureKind::Timeout),
        _ => None,
    }
}

fn classify_tls(error: &rustls::Error) -> TlsProblem {
    use rustls::CertificateError;

    match error {
        rustls::Error::InvalidCertificate(certificate) => match certificate {
            // webpki finds the trust anchor by subject name, so a certificate from another
            // CA with the same name, such as a regenerated internal CA, fails its signature
            // check instead. The fix is the same: trust the CA that signed it.
            CertificateError::UnknownIssuer | CertificateError::BadSignature => {
                TlsProblem::UnknownIssuer
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                TlsProblem::Expired
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                TlsProblem::NotYetValid
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                TlsProblem::HostnameMismatch
            }
            other => TlsProblem::Other(other.to_string()),
        },
        rustls::Error::InvalidMessage(_) => TlsProblem::NotTls,
        other => TlsProblem::Other(other.to_string()),
    }
}

/// Joins the messages of the cause chain, leaving out the top error because reqwest puts
/// the request URL, query included, into it.
fn describe_chain(error: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = error.source();
    while let Some(cause) = current {
        let message = cause.to_string();
        // An io::Error displays the error it wraps, which is often the next cause too.
        if !parts.iter().any(|part| part == &message) {
            parts.push(message);
        }
        current = cause.source();
    }
    if parts.is_empty() {
        return top_level_description(error).to_string();
    }
    parts.join(": ")
}

fn top_level_description(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "the request timed out"
    } else if error.is_builder() {
        "the request could not be built"
    } else if error.is_redirect() {
        "the redirect could not be followed"
    } else if error.is_body() || error.is_decode() {
        "the response body could not be read"
    } else {
        "the request failed"
    }
}

impl RequestFailure {
    /// Returns the fix for this cause in words, when there is a known one.
    pub fn hint(&self) -> Option<String> {
        let hint = match &self.kind {
            FailureKind::Timeout => {
                "the instance did not respond in time; check that this machine can reach it \
                 (VPN, firewall, proxy settings) and that the host and port are right"
            }
            FailureKind::Dns => {
                "the host name did not resolve; check it for typos and check that this \
                 machine's DNS knows it, for example with `nslookup`"
            }
            FailureKind::ConnectionRefused => {
                "nothing accepts connections on that port; check the port in the URL \
                 (Bitbucket's own Tomcat listens on 7990 by default, often behind a reverse \
                 proxy that serves HTTPS on 443)"
            }
            FailureKind::Tls(TlsProblem::UnknownIssuer) => {
                "pass the CA that signed the instance's certificate with `--ca-cert FILE`"
            }
            FailureKind::Tls(TlsProblem::Expired) => {
                "the instance's TLS certificate has expired; ask its admin to renew it"
            }
            FailureKind::Tls(TlsProblem::NotYetValid) => {
                "the instance's TLS certificate is not valid yet; check this machine's clock"
            }
            FailureKind::Tls(TlsProblem::HostnameMismatch) => {
                "the certificate is issued for another name; use the host name from \
                 Bitbucket's base URL setting (Administration > Server settings)"
            }
            FailureKind::Tls(TlsProblem::NotTls) => {
                "the port does not serve HTTPS; use the HTTPS port of the instance \
                 (Bitbucket's own Tomcat serves plain HTTP on 7990 by default)"
            }
            FailureKind::Proxy => {
                "the proxy failed; check `HTTPS_PROXY` and `NO_PROXY`, or add the host to \
                 `NO_PROXY` if it is reachable directly"
            }
            FailureKind::Tls(TlsProblem::Other(_)) | FailureKind::Other => return None,
        };
        Some(hint.to_string())
    }
}

impl fmt::Display for RequestFailure {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cause = match &self.kind {
            FailureKind::Timeout => "timed out",
            FailureKind::Dns => "host name not found",
            FailureKind::ConnectionRefused => "connection refused",
            FailureKind::Tls(TlsProblem::UnknownIssuer) => "TLS certificate not trusted",
            FailureKind::Tls(TlsProblem::Expired) => "TLS certificate expired",
            FailureKind::Tls(TlsProblem::NotYetValid) => "TLS certificate not valid yet",
            FailureKind::Tls(TlsProblem::HostnameMismatch) => {
                "TLS certificate not valid for this host name"
            }
            FailureKind::Tls(TlsProblem::NotTls) => "the server did not answer with TLS",
            FailureKind::Tls(TlsProblem::Other(_)) => "TLS handshake failed",
            FailureKind::Proxy => "proxy failed",
            FailureKind::Other => "request failed",
        };
        write!(formatter, "{cause} ({})", self.detail)
    }
}

/// A summary of a request and its response, for error messages and diagnostics.
///
/// Displays as `GET https://… returned 404 (text/html, title "Log in")`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HttpExchange {
    /// The request method, such as `GET`.
    pub method: String,
    /// The request URL, with secret query values and any password masked.
    pub url: String,
    /// The response status code.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The `Location` header, if any, resolved against the request URL and masked.
    pub location: Option<String>,
    /// The first 200 characters of the body with whitespace collapsed. Withheld when the
    /// body contains a token field.
    pub body_excerpt: String,
    /// The `<title>` of an HTML body.
    pub page_title: Option<String>,
}

impl HttpExchange {
    /// Records a response and reads up to [`MAX_BODY_BYTES`] of its body, which it
    /// returns for parsing. A body cut off by the limit or by a read error is returned as
    /// far as it was read.
    pub async fn read(method: &str, mut response: reqwest::Response) -> (HttpExchange, Vec<u8>) {
        let url = response.url().clone();
        let status = response.status().as_u16();
        let content_type = header_text(&response, reqwest::header::CONTENT_TYPE);
        let location = header_text(&response, reqwest::header::LOCATION).map(|location| match url
            .join(&location)
        {
            Ok(resolved) => mask_url(&resolved),
            Err(_) => location,
        });

        let mut body = Vec::new();
        while body.len() < MAX_BODY_BYTES {
            match response.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(error) => {
                    tracing::debug!(url = %mask_url(&url), %error, "reading the response body failed");
                    break;
                }
            }
        }
        body.truncate(MAX_BODY_BYTES);

        let exchange =
            HttpExchange::from_parts(method, &url, status, content_type, location, &body);
        (exchange, body)
    }

    /// Builds an exchange from a response's parts.
    pub fn from_parts(
        method: &str,
        url: &Url,
        status: u16,
        content_type: Option<String>,
        location: Option<String>,
        body: &[u8],
    ) -> HttpExchange {
        let text = String::from_utf8_lossy(body);
        let looks_like_html = content_type
            .as_deref()
            .is_some_and(|value| value.to_ascii_lowercase().contains("html"))
            || text.trim_start().starts_with('<');
        HttpExchange {
            method: method.to_string(),
            url: mask_url(url),
            status,
            content_type,
            location,
            body_excerpt: excerpt(&text),
            page_title: if looks_like_html {
                page_title(&text)
            } else {
                None
            },
        }
    }

    /// Reports whether the content type is JSON (`application/json` or `+json`).
    pub fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(|value| {
            let essence = value.split(';').next().unwrap_or_default().trim();
            let essence = essence.to_ascii_lowercase();
            essence == "application/json" || essence.ends_with("+json")
        })
    }
}

impl fmt::Display for HttpExchange {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{} {} returned {} (",
            self.method, self.url, self.status
        )?;
        match &self.content_type {
            Some(content_type) => write!(formatter, "{content_type}")?,
            None => write!(formatter, "no content type")?,
        }
        if let Some(title) = &self.page_title {
            write!(formatter, ", title \"{title}\"")?;
        }
        write!(formatter, ")")
    }
}

fn header_text(response: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    let value = response.headers().get(name)?;
    Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// Formats a URL for people: secret query values and any password become `****`.
pub fn mask_url(url: &Url) -> String {
    let mut masked = url.clone();
    if masked.password().is_some() {
        // `set_password` fails only for URLs without a host or with the `file` scheme, and
        // those carry no password to mask.
        let _ = masked.set_password(Some("****"));
    }
    if masked.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let secret = SECRET_QUERY_PARAMETERS.contains(&name.to_ascii_lowercase().as_str());
                let value = if secret {
                    "****".to_string()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        masked.query_pairs_mut().clear().extend_pairs(pairs);
    }
    masked.to_string()
}

/// Returns the first [`EXCERPT_CHARS`] characters with whitespace collapsed, or a
/// placeholder when the body carries a token or secret.
fn excerpt(text: &str) -> String {
    let secret_fields = ["access_token", "refresh_token", "client_secret", "id_token"];
    if secret_fields.iter().any(|field| text.contains(field)) {
        return "[body withheld because it contains a token or secret field]".to_string();
    }
    let collapsed = collapse_whitespace(text);
    let mut shortened: String = collapsed.chars().take(EXCERPT_CHARS).collect();
    if shortened.len() < collapsed.len() {
        shortened.push('…');
    }
    shortened
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Extracts the `<title>` text of an HTML page, with whitespace collapsed, the common
/// entities decoded and at most 120 characters.
fn page_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let content_start = open + lower[open..].find('>')? + 1;
    let content_end = content_start + lower[content_start..].find("</title")?;
    let raw = html.get(content_start..content_end)?;

    let decoded = raw
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let title: String = collapse_whitespace(&decoded).chars().take(120).collect();
    if title.is_empty() { None } else { Some(title) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn install_crypto_provider() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }

    fn test_ca_pem() -> String {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.self_signed(&key).unwrap().pem()
    }

    #[test]
    fn build_client_accepts_valid_ca() {
        install_crypto_provider();
        let options = HttpOptions {
            extra_ca_pem: Some(test_ca_pem()),
            trust: Trust::OnlyExtra,
            ..HttpOptions::default()
        };
        assert!(build_client(&options).is_ok());
    }

    #[test]
    fn build_client_rejects_pem_without_certificate() {
        install_crypto_provider();
        let options = HttpOptions {
            extra_ca_pem: Some("not a certificate".to_string()),
            ..HttpOptions::default()
        };
        let error = build_client(&options).unwrap_err();
        assert!(
            matches!(error, HttpClientError::InvalidCaPem(_)),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .contains("no `-----BEGIN CERTIFICATE-----`"),
            "{error}"
        );
    }

    #[test]
    fn build_client_rejects_garbage_certificate() {
        install_crypto_provider();
        let pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        let options = HttpOptions {
            extra_ca_pem: Some(pem.to_string()),
            ..HttpOptions::default()
        };
        let error = build_client(&options).unwrap_err();
        assert!(error.to_string().contains("certificate 1"), "{error}");
    }

    #[test]
    fn build_client_rejects_only_extra_without_ca() {
        install_crypto_provider();
        let options = HttpOptions {
            trust: Trust::OnlyExtra,
            ..HttpOptions::default()
        };
        let error = build_client(&options).unwrap_err();
        assert!(matches!(error, HttpClientError::NoTrustedCa), "{error:?}");
    }

    #[test]
    fn load_ca_file_names_path() {
        let directory = tempfile::tempdir().unwrap();
        let missing = directory.path().join("missing.pem");
        let error = load_ca_file(&missing).unwrap_err();
        assert!(error.to_string().contains("missing.pem"), "{error}");

        let invalid = directory.path().join("invalid.pem");
        std::fs::write(&invalid, "hello").unwrap();
        let error = load_ca_file(&invalid).unwrap_err();
        assert!(
            matches!(error, HttpClientError::InvalidCaFile { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("invalid.pem"), "{error}");

        let valid = directory.path().join("ca.pem");
        let pem = test_ca_pem();
        std::fs::write(&valid, &pem).unwrap();
        assert_eq!(load_ca_file(&valid).unwrap(), pem);
    }

    #[test]
    fn mask_url_hides_secret_values() {
        let url = Url::parse("https://u:pw@h/cb?code=abc&state=xyz&limit=1").unwrap();
        let masked = mask_url(&url);
        assert_eq!(masked, "https://u:****@h/cb?code=****&state=****&limit=1");
    }

    #[test]
    fn page_title_decodes_entities() {
        let html = "<html><head><TITLE>\n  Log in &amp; stay -  Bitbucket\n</TITLE></head>";
        assert_eq!(
            page_title(html).as_deref(),
            Some("Log in & stay - Bitbucket")
        );
        assert_eq!(page_title("<html><title></title></html>"), None);
        assert_eq!(page_title("{\"a\":1}"), None);
    }

    #[test]
    fn excerpt_collapses_and_truncates() {
        let text = format!("a \n\t b {}", "x".repeat(300));
        let shortened = excerpt(&text);
        assert!(shortened.starts_with("a b xxx"), "{shortened}");
        assert_eq!(shortened.chars().count(), EXCERPT_CHARS + 1);
        assert!(shortened.ends_with('…'));
    }

    #[test]
    fn excerpt_withholds_tokens() {
        let shortened = excerpt(r#"{"access_token":"secret-value"}"#);
        assert!(!shortened.contains("secret-value"), "{shortened}");
    }

    #[test]
    fn exchange_display_shows_title() {
        let url = Url::parse("https://h/rest/api/1.0/application-properties").unwrap();
        let body = b"<html><title>Log in</title></html>";
        let exchange =
            HttpExchange::from_parts("GET", &url, 404, Some("text/html".into()), None, body);
        assert_eq!(
            exchange.to_string(),
            "GET https://h/rest/api/1.0/application-properties returned 404 \
             (text/html, title \"Log in\")"
        );
        assert!(!exchange.is_json());
    }

    #[test]
    fn exchange_detects_json_content_type() {
        let url = Url::parse("https://h/").unwrap();
        let json_types = ["application/json;charset=UTF-8", "application/problem+json"];
        for content_type in json_types {
            let exchange =
                HttpExchange::from_parts("GET", &url, 200, Some(content_type.into()), None, b"{}");
            assert!(exchange.is_json(), "{content_type}");
        }
        let exchange = HttpExchange::from_parts("GET", &url, 200, None, None, b"{}");
        assert!(!exchange.is_json());
    }
}
