//! `instance.http`: the redirect chain of `application-properties`, followed by hand.
//!
//! The check requests `{base}/rest/api/1.0/application-properties`, an anonymous JSON
//! resource under the base URL, and follows up to 10 redirects itself. An `http://` to
//! `https://` redirect warns and names the HTTPS address to use. A redirect to a login or
//! single sign-on page fails: a path with `login`, `sso`, `saml`, `oauth` or `auth`, or
//! another host. A 2xx HTML page where JSON is expected fails too. Both failures name the
//! final URL, status, content type and page title.

use std::net::SocketAddr;
use std::time::Duration;

use ::url::{Host, Url};

use super::proxy::ProxyDecision;
use super::url::Target;
use super::{Context, Finding};
use crate::http_client::{HttpExchange, USER_AGENT, classify, mask_url};

/// The maximum number of redirects followed.
const MAX_REDIRECTS: usize = 10;

/// The deadline of one request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Path segments that mark a login or single sign-on page.
const LOGIN_MARKERS: &[&str] = &["login", "sso", "saml", "oauth", "auth"];

/// The response details the HTTP check passes to the clock check.
#[derive(Debug, Clone)]
pub struct HttpSeen {
    /// The `Date` header of the last response.
    pub date: Option<String>,
}

/// Builds the client the instance checks use: no redirects, the run's trust and the
/// proxy decision made for the instance. A direct connection to a host name is pinned to
/// the addresses the TCP check reached, so `--dns-server` applies to the HTTP checks too.
pub fn client_for(
    context: &Context,
    decision: &ProxyDecision,
    target: &Target,
    reached: &[SocketAddr],
) -> Result<reqwest::Client, String> {
    let pinned = match (&target.host, decision) {
        (Host::Domain(name), ProxyDecision::Direct { .. }) if !reached.is_empty() => {
            Some((name.as_str(), reached))
        }
        _ => None,
    };
    build_client_pinned(
        context.options.extra_ca_pem.as_deref(),
        decision,
        context.options.timeout.min(REQUEST_TIMEOUT * 3),
        pinned,
    )
}

/// Builds a reqwest client with an explicit proxy decision; `HTTPS_PROXY` and friends are
/// never read here.
pub fn build_client(
    extra_ca_pem: Option<&str>,
    decision: &ProxyDecision,
    timeout: Duration,
) -> Result<reqwest::Client, String> {
    build_client_pinned(extra_ca_pem, decision, timeout, None)
}

/// Builds a client like [`build_client`] that resolves `pinned`'s host name to its
/// addresses instead of querying the system resolver.
fn build_client_pinned(
    extra_ca_pem: Option<&str>,
    decision: &ProxyDecision,
    timeout: Duration,
    pinned: Option<(&str, &[SocketAddr])>,
) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout.min(REQUEST_TIMEOUT));
    builder = match decision {
        ProxyDecision::Via { proxy, .. } => {
            let proxy = reqwest::Proxy::all(proxy.as_str()).map_err(|error| error.to_string())?;
            builder.proxy(proxy)
        }
        ProxyDecision::Direct { .. } | ProxyDecision::Invalid { .. } => builder.no_proxy(),
    };
    if let Some((name, addresses)) = pinned {
        builder = builder.resolve_to_addrs(name, addresses);
    }
    if let Some(pem) = extra_ca_pem {
        let certificates = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
            .map_err(|error| error.to_string())?;
        builder = builder.tls_certs_merge(certificates);
    }
    builder.build().map_err(|error| error.to_string())
}

/// Follows the redirect chain and judges the final response.
pub async fn check(
    context: &Context,
    client: &reqwest::Client,
    target: &Target,
) -> Finding<HttpSeen> {
    let mut url = join(&target.url, "rest/api/1.0/application-properties");
    let mut hops: Vec<String> = Vec::new();
    let mut upgraded_to: Option<Url> = None;
    let mut login_redirect: Option<Url> = None;

    for _ in 0..=MAX_REDIRECTS {
        let request = client
            .get(url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(context.step_timeout(REQUEST_TIMEOUT));
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => {
                let failure = classify(&error);
                hops.push(format!("GET {} failed", mask_url(&url)));
                return Finding::fail(
                    hops.join(" → "),
                    format!("the request failed: {failure}"),
                    failure.hint(),
                );
            }
        };
        let date = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let (exchange, _) = HttpExchange::read("GET", response).await;
        hops.push(format!("{} {}", exchange.status, exchange.url));

        if (300..400).contains(&exchange.status) {
            let Some(next) = exchange
                .location
                .as_deref()
                .and_then(|location| url.join(location).ok())
            else {
                return Finding::fail(
                    hops.join(" → "),
                    format!("a {} redirect without a Location header", exchange.status),
                    Some("check the reverse proxy in front of Bitbucket".to_string()),
                );
            };
            if url.scheme() == "http" && next.scheme() == "https" {
                upgraded_to = Some(next.clone());
            }
            if is_login_page(&url, &next) {
                login_redirect.get_or_insert(next.clone());
            }
            url = next;
            continue;
        }

        let detail = format!("{} ({})", hops.join(" → "), describe(&exchange));
        let seen = HttpSeen { date };
        if let Some(login) = login_redirect {
            return Finding::fail(
                detail,
                format!(
                    "login redirect: the request was redirected to a login or single sign-on page \
                     ({}), final URL {}, status {}, content type {}{}",
                    mask_url(&login),
                    exchange.url,
                    exchange.status,
                    exchange.content_type.as_deref().unwrap_or("none"),
                    title_suffix(&exchange)
                ),
                Some(
                    "ask the admin of the proxy or SSO in front of Bitbucket to let `/rest/` \
                     requests reach Bitbucket without a login; Bitbucket serves them to \
                     anonymous callers itself"
                        .to_string(),
                ),
            );
        }
        if (200..300).contains(&exchange.status) && !exchange.is_json() {
            return Finding::fail(
                detail,
                format!(
                    "HTML where JSON is expected: final URL {}, status {}, content type {}{}",
                    exchange.url,
                    exchange.status,
                    exchange.content_type.as_deref().unwrap_or("none"),
                    title_suffix(&exchange)
                ),
                Some(
                    "a proxy, login page or another application answers at this URL; check the \
                     instance URL and the reverse proxy's routing of `/rest/`"
                        .to_string(),
                ),
            );
        }
        if let Some(https) = upgraded_to {
            let base = base_of(&https);
            return Finding::warn(
                detail,
                format!(
                    "http:// redirects to https://: the server sent the request to {}",
                    mask_url(&https)
                ),
                format!("use `{base}` as the instance URL"),
                seen,
            );
        }
        return Finding::ok(detail, seen);
    }
    Finding::fail(
        hops.join(" → "),
        format!("more than {MAX_REDIRECTS} redirects"),
        Some("check the reverse proxy for a redirect loop".to_string()),
    )
}

/// Joins a path onto a base URL, keeping its context path.
fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let context = base.path().trim_end_matches('/').to_string();
    url.set_path(&format!("{context}/{path}"));
    url
}

/// Returns the base URL of an `application-properties` URL.
fn base_of(url: &Url) -> String {
    let mut base = url.clone();
    let path = base.path().to_string();
    let trimmed = path
        .strip_suffix("/rest/api/1.0/application-properties")
        .unwrap_or(&path)
        .to_string();
    base.set_path(&trimmed);
    base.set_query(None);
    mask_url(&base).trim_end_matches('/').to_string()
}

/// Reports whether a redirect from `from` to `to` leads to a login or SSO page.
fn is_login_page(from: &Url, to: &Url) -> bool {
    if from.host_str() != to.host_str() {
        return true;
    }
    let path = to.path().to_ascii_lowercase();
    path.split('/')
        .any(|segment| LOGIN_MARKERS.iter().any(|marker| segment.contains(marker)))
}

fn describe(exchange: &HttpExchange) -> String {
    format!(
        "{}{}",
        exchange
            .content_type
            .as_deref()
            .unwrap_or("no content type"),
        title_suffix(exchange)
    )
}

fn title_suffix(exchange: &HttpExchange) -> String {
    match &exchange.page_title {
        Some(title) => format!(", title \"{title}\""),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("valid URL")
    }

    #[test]
    fn login_page_detected() {
        let from = url("https://h/rest/api/1.0/application-properties");
        assert!(is_login_page(&from, &url("https://h/login?next=/rest")));
        assert!(is_login_page(&from, &url("https://h/saml/sso")));
        assert!(is_login_page(&from, &url("https://idp.example/")));
        assert!(!is_login_page(
            &from,
            &url("https://h/bb/rest/api/1.0/application-properties")
        ));
    }

    #[test]
    fn base_of_strips_resource() {
        let found = base_of(&url(
            "https://h:8443/bb/rest/api/1.0/application-properties",
        ));
        assert_eq!(found, "https://h:8443/bb");
    }
}
