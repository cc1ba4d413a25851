//! `proxy`: which proxy applies to the instance and to the backend, and whether it opens
//! a `CONNECT` tunnel to the instance.
//!
//! The variables are read by [`crate::settings`]; this module only matches them. An
//! `https://` target uses `HTTPS_PROXY` (then `https_proxy`, then `ALL_PROXY`), an
//! `http://` target uses `ALL_PROXY`, and `NO_PROXY` (or `no_proxy`) exempts a target.
//! `NO_PROXY` entries are separated by commas: `*` matches every host, `example.com` and
//! `.example.com` match that domain and its subdomains, `host:port` matches one port, and
//! IP addresses and CIDR blocks (`10.0.0.0/8`) match addresses.

use std::net::IpAddr;
use std::time::Duration;

use ::url::{Host, Url};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::url::Target;
use super::{Context, Finding};
use crate::http_client::mask_url;

/// The largest proxy response head the tunnel reads.
const MAX_RESPONSE_HEAD: usize = 16 * 1024;

/// The deadline of one `CONNECT` exchange.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The proxy variables, as [`crate::settings`] read them.
#[derive(Debug, Clone, Default)]
pub struct ProxyEnvironment {
    /// `HTTPS_PROXY`, or `https_proxy` when that is unset, with the variable's name.
    pub https_proxy: Option<(&'static str, String)>,
    /// `ALL_PROXY`, or `all_proxy`.
    pub all_proxy: Option<(&'static str, String)>,
    /// `NO_PROXY`, or `no_proxy`.
    pub no_proxy: Option<String>,
}

/// Whether a request to one URL goes through a proxy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum ProxyDecision {
    /// No proxy applies.
    Direct {
        /// Why: no variable set, or the `NO_PROXY` entry that matched.
        reason: String,
    },
    /// The proxy at `proxy` applies.
    Via {
        /// The proxy URL.
        proxy: Url,
        /// The variable it came from.
        source: &'static str,
    },
    /// The variable is set but is not a usable URL.
    Invalid {
        /// The variable.
        source: &'static str,
        /// The reason it is not usable.
        problem: String,
    },
}

impl ProxyDecision {
    fn describe(&self) -> String {
        match self {
            ProxyDecision::Direct { reason } => format!("direct ({reason})"),
            ProxyDecision::Via { proxy, source } => {
                format!("through {} (from {source})", mask_url(proxy))
            }
            ProxyDecision::Invalid { source, problem } => {
                format!("{source} is invalid: {problem}")
            }
        }
    }
}

/// Decides whether a request to `target` goes through a proxy.
pub fn decide(environment: &ProxyEnvironment, target: &Url) -> ProxyDecision {
    let variable = if target.scheme() == "https" {
        environment
            .https_proxy
            .as_ref()
            .or(environment.all_proxy.as_ref())
    } else {
        environment.all_proxy.as_ref()
    };
    let Some((source, value)) = variable else {
        return ProxyDecision::Direct {
            reason: "no proxy variable is set".to_string(),
        };
    };
    if let Some(no_proxy) = &environment.no_proxy
        && let Some(entry) = no_proxy_match(no_proxy, target)
    {
        return ProxyDecision::Direct {
            reason: format!("NO_PROXY entry `{entry}` matches"),
        };
    }
    let text = value.trim();
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("http://{text}")
    };
    match Url::parse(&with_scheme) {
        Ok(proxy) if proxy.scheme() == "http" && proxy.host().is_some() => {
            ProxyDecision::Via { proxy, source }
        }
        Ok(proxy) => ProxyDecision::Invalid {
            source,
            problem: format!(
                "gitme doctor tunnels through http:// proxies only, not `{}`",
                proxy.scheme()
            ),
        },
        Err(error) => ProxyDecision::Invalid {
            source,
            problem: error.to_string(),
        },
    }
}

/// Returns the `NO_PROXY` entry that matches `target`, if any.
pub fn no_proxy_match(no_proxy: &str, target: &Url) -> Option<String> {
    let host = target.host()?;
    let port = target.port_or_known_default();
    let host_text = match &host {
        Host::Domain(name) => name.trim_end_matches('.').to_ascii_lowercase(),
        Host::Ipv4(address) => address.to_string(),
        Host::Ipv6(address) => address.to_string(),
    };
    let address: Option<IpAddr> = match host {
        Host::Ipv4(address) => Some(IpAddr::V4(address)),
        Host::Ipv6(address) => Some(IpAddr::V6(address)),
        Host::Domain(_) => None,
    };

    for raw in no_proxy.split(',') {
        let entry = raw.trim();
        if entry.is_empty() {
            continue;
        }
        if entry == "*" {
            return Some(entry.to_string());
        }
        if let Some(address) = address {
            if let Ok(network) = entry.parse::<ipnet::IpNet>()
                && network.contains(&address)
            {
                return Some(entry.to_string());
            }
            let bare = entry.trim_start_matches('[').trim_end_matches(']');
            if bare.parse::<IpAddr>().ok() == Some(address) {
                return Some(entry.to_string());
            }
        }
        let (name, entry_port) = split_port(entry);
        if entry_port.is_some() && entry_port != port {
            continue;
        }
        let name = name
            .trim_start_matches('.')
            .trim_start_matches("*.")
            .trim_end_matches('.')
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if host_text == name || host_text.ends_with(&format!(".{name}")) {
            return Some(entry.to_string());
        }
        if let Some(address) = address
            && name
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .ok()
                == Some(address)
        {
            return Some(entry.to_string());
        }
    }
    None
}

/// Splits `host:port` into its parts; an IPv6 address without brackets has no port.
fn split_port(entry: &str) -> (&str, Option<u16>) {
    if let Some(rest) = entry.strip_prefix('[') {
        if let Some((address, tail)) = rest.split_once(']') {
            let port = tail.strip_prefix(':').and_then(|port| port.parse().ok());
            return (address, port);
        }
        return (entry, None);
    }
    match entry.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') => match port.parse() {
            Ok(port) => (name, Some(port)),
            Err(_) => (entry, None),
        },
        _ => (entry, None),
    }
}

/// A failed `CONNECT` tunnel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TunnelError {
    /// The proxy itself did not accept a TCP connection.
    #[error("cannot connect to the proxy {proxy}: {reason}")]
    Unreachable {
        /// The proxy, masked.
        proxy: String,
        /// The I/O error.
        reason: String,
    },
    /// The proxy returned 407.
    #[error("the proxy {proxy} requires authentication (407 Proxy Authentication Required)")]
    AuthenticationRequired {
        /// The proxy, masked.
        proxy: String,
    },
    /// The proxy returned another status.
    #[error("the proxy {proxy} refused CONNECT to {authority}: {status_line}")]
    Refused {
        /// The proxy, masked.
        proxy: String,
        /// `host:port` asked for.
        authority: String,
        /// The proxy's status line.
        status_line: String,
    },
    /// The proxy's response was not HTTP, or the exchange failed halfway.
    #[error("the proxy {proxy} sent no valid answer to CONNECT: {reason}")]
    Invalid {
        /// The proxy, masked.
        proxy: String,
        /// The problem.
        reason: String,
    },
    /// The exchange took longer than its deadline.
    #[error("the proxy {proxy} did not answer CONNECT within {seconds} s")]
    TimedOut {
        /// The proxy, masked.
        proxy: String,
        /// The deadline in seconds.
        seconds: u64,
    },
}

/// Opens a `CONNECT` tunnel to `authority` (`host:port`) through `proxy`. Credentials in
/// the proxy URL are sent as `Proxy-Authorization: Basic`.
pub async fn open_tunnel(
    proxy: &Url,
    authority: &str,
    timeout: Duration,
) -> Result<TcpStream, TunnelError> {
    let masked_proxy = mask_url(proxy);
    let work = async {
        let host = proxy
            .host_str()
            .unwrap_or_default()
            .trim_matches(['[', ']']);
        let port = proxy.port_or_known_default().unwrap_or(80);
        let mut stream =
            TcpStream::connect((host, port))
                .await
                .map_err(|error| TunnelError::Unreachable {
                    proxy: masked_proxy.clone(),
                    reason: error.to_string(),
                })?;
        let mut request = format!(
            "CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: {}\r\n",
            crate::http_client::USER_AGENT
        );
        if !proxy.username().is_empty() {
            use base64::Engine;
            let user = percent_decode(proxy.username());
            let password = percent_decode(proxy.password().unwrap_or_default());
            let credentials =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            request.push_str(&format!("Proxy-Authorization: Basic {credentials}\r\n"));
        }
        request.push_str("\r\n");
        let invalid = |reason: String| TunnelError::Invalid {
            proxy: masked_proxy.clone(),
            reason,
        };
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|error| invalid(error.to_string()))?;

        // Read byte by byte up to the blank line, so no tunnelled byte is consumed.
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            if head.len() >= MAX_RESPONSE_HEAD {
                return Err(invalid("the response head is too long".to_string()));
            }
            let mut byte = [0u8; 1];
            let read = stream
                .read(&mut byte)
                .await
                .map_err(|error| invalid(error.to_string()))?;
            if read == 0 {
                return Err(invalid("the proxy closed the connection".to_string()));
            }
            head.push(byte[0]);
        }
        let text = String::from_utf8_lossy(&head);
        let status_line = text.lines().next().unwrap_or_default().trim().to_string();
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| invalid(format!("unexpected status line `{status_line}`")))?;
        match status {
            200..=299 => Ok(stream),
            407 => Err(TunnelError::AuthenticationRequired {
                proxy: masked_proxy.clone(),
            }),
            _ => Err(TunnelError::Refused {
                proxy: masked_proxy.clone(),
                authority: authority.to_string(),
                status_line,
            }),
        }
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(result) => result,
        Err(_) => Err(TunnelError::TimedOut {
            proxy: masked_proxy.clone(),
            seconds: timeout.as_secs(),
        }),
    }
}

fn percent_decode(text: &str) -> String {
    ::url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// Returns `host:port` of a target for `CONNECT`.
pub fn authority(target: &Target) -> String {
    match &target.host {
        Host::Ipv6(address) => format!("[{address}]:{}", target.port),
        host => format!("{host}:{}", target.port),
    }
}

/// Reports the proxy decisions and, when a proxy applies to the instance, opens a tunnel.
pub async fn check(context: &Context, target: Option<&Target>) -> Finding<()> {
    let environment = &context.options.proxy;
    let backend = decide(environment, &context.options.backend_url);
    let mut parts = Vec::new();
    if let Some(target) = target {
        parts.push(format!(
            "instance: {}",
            decide(environment, &target.url).describe()
        ));
    }
    parts.push(format!("backend: {}", backend.describe()));
    let mut detail = parts.join("; ");

    for decision in [
        target.map(|target| decide(environment, &target.url)),
        Some(backend),
    ]
    .into_iter()
    .flatten()
    {
        if let ProxyDecision::Invalid { source, problem } = decision {
            return Finding::fail(
                detail,
                format!("proxy problem: {source} is not a usable proxy URL: {problem}"),
                Some(format!(
                    "set {source} to a URL such as `http://proxy.example.com:3128`"
                )),
            );
        }
    }

    let Some(target) = target else {
        return Finding::ok(detail, ());
    };
    let ProxyDecision::Via { proxy, source } = decide(environment, &target.url) else {
        return Finding::ok(detail, ());
    };
    let authority = authority(target);
    match open_tunnel(&proxy, &authority, context.step_timeout(CONNECT_TIMEOUT)).await {
        Ok(_) => {
            detail.push_str(&format!("; CONNECT {authority} succeeded"));
            Finding::ok(detail, ())
        }
        Err(error) => {
            let fix = match &error {
                TunnelError::AuthenticationRequired { .. } => format!(
                    "put the proxy credentials in {source} (`http://user:password@proxy:port`), \
                     or add the instance host to NO_PROXY if it is reachable directly"
                ),
                TunnelError::Refused { .. } => format!(
                    "ask the proxy admin to allow CONNECT to {authority}, or add the instance host \
                     to NO_PROXY if it is reachable directly"
                ),
                _ => format!("check {source}, or add the instance host to NO_PROXY"),
            };
            Finding::fail(detail, format!("proxy problem: {error}"), Some(fix))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("valid URL")
    }

    #[test]
    fn no_proxy_forms_match() {
        let cases = [
            ("*", "https://anything.example", true),
            ("example.com", "https://example.com", true),
            ("example.com", "https://git.example.com", true),
            (".example.com", "https://git.example.com", true),
            (".example.com", "https://notexample.com", false),
            ("git.example.com:8443", "https://git.example.com:8443", true),
            ("git.example.com:8443", "https://git.example.com", false),
            ("10.0.0.0/8", "https://10.1.2.3", true),
            ("10.0.0.0/8", "https://11.1.2.3", false),
            ("127.0.0.1", "https://127.0.0.1:9000", true),
            ("::1", "https://[::1]:9000", true),
            ("a.example, b.example", "https://b.example", true),
        ];
        for (no_proxy, target, expected) in cases {
            let matched = no_proxy_match(no_proxy, &url(target)).is_some();
            assert_eq!(matched, expected, "{no_proxy} against {target}");
        }
    }

    #[test]
    fn decide_prefers_https_proxy() {
        let environment = ProxyEnvironment {
            https_proxy: Some(("HTTPS_PROXY", "proxy.example:3128".to_string())),
            all_proxy: Some(("ALL_PROXY", "http://other.example:1".to_string())),
            no_proxy: None,
        };
        let decision = decide(&environment, &url("https://git.example.com"));
        assert_eq!(
            decision,
            ProxyDecision::Via {
                proxy: url("http://proxy.example:3128"),
                source: "HTTPS_PROXY"
            }
        );
    }

    #[test]
    fn decide_honours_no_proxy() {
        let environment = ProxyEnvironment {
            https_proxy: Some(("HTTPS_PROXY", "http://proxy.example:3128".to_string())),
            all_proxy: None,
            no_proxy: Some("git.example.com".to_string()),
        };
        let decision = decide(&environment, &url("https://git.example.com"));
        assert!(
            matches!(decision, ProxyDecision::Direct { .. }),
            "{decision:?}"
        );
    }
}
