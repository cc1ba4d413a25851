//! Errors of the Bitbucket client, each with the exchange seen and a fix.

use url::Url;

use crate::bitbucket::version::BitbucketVersion;
use crate::http_client::{HttpExchange, RequestFailure};

/// A failed Bitbucket request or a response that does not look like Bitbucket's.
///
/// Every variant's message names the URL. [`BitbucketError::hint`] gives the next step.
#[derive(Debug, Clone, thiserror::Error)]
pub enum BitbucketError {
    /// The request got no HTTP response.
    #[error("{method} {url} failed: {failure}")]
    Request {
        /// The request method.
        method: String,
        /// The request URL, masked.
        url: String,
        /// The classified cause.
        failure: RequestFailure,
    },
    /// The server redirected the request, often to a login or single sign-on page.
    #[error(
        "{exchange}, a redirect to {}, but {endpoint} does not redirect",
        location.as_deref().unwrap_or("no location")
    )]
    Redirected {
        /// The endpoint in words, such as "Bitbucket's REST API".
        endpoint: &'static str,
        /// The response.
        exchange: Box<HttpExchange>,
        /// The `Location` header, resolved and masked.
        location: Option<String>,
    },
    /// The endpoint does not exist at this URL.
    #[error("{exchange}, so {endpoint} was not found at this URL")]
    NotFound {
        /// The endpoint in words.
        endpoint: &'static str,
        /// The response.
        exchange: Box<HttpExchange>,
    },
    /// The response is not JSON, for example an HTML page from a proxy.
    #[error("{exchange}, but {endpoint} returns JSON{}", excerpt_suffix(exchange))]
    NotJson {
        /// The endpoint in words.
        endpoint: &'static str,
        /// The response.
        exchange: Box<HttpExchange>,
    },
    /// `application-properties` returned JSON that is not Bitbucket's.
    #[error("{exchange}, but the server is not Bitbucket: {reason}")]
    NotBitbucket {
        /// The response.
        exchange: Box<HttpExchange>,
        /// The missing or wrong part of the body.
        reason: String,
    },
    /// The status code is not one the endpoint returns for this request.
    #[error(
        "{exchange}, but {endpoint} was expected to return {expected}{}",
        excerpt_suffix(exchange)
    )]
    UnexpectedStatus {
        /// The endpoint in words.
        endpoint: &'static str,
        /// The response.
        exchange: Box<HttpExchange>,
        /// The status codes expected, in words.
        expected: &'static str,
    },
    /// The JSON body lacks the fields the endpoint returns.
    #[error(
        "{exchange}, but the body is not what {endpoint} returns ({expected}){}",
        excerpt_suffix(exchange)
    )]
    UnexpectedBody {
        /// The endpoint in words.
        endpoint: &'static str,
        /// The response.
        exchange: Box<HttpExchange>,
        /// The body expected, in words.
        expected: &'static str,
    },
    /// `GET rest/oauth2/1.0/client` returned 404: no OAuth 2.0 provider.
    #[error("{exchange}, so the instance has no OAuth 2.0 provider")]
    OAuthProviderMissing {
        /// The response.
        exchange: Box<HttpExchange>,
    },
    /// The instance is older than the first version with the OAuth 2.0 provider.
    #[error(
        "Bitbucket {version} has no OAuth 2.0 provider, which needs Bitbucket {} or later",
        BitbucketVersion::OAUTH2_PROVIDER_MIN
    )]
    VersionTooOld {
        /// The version reported by `application-properties`.
        version: BitbucketVersion,
    },
}

impl BitbucketError {
    /// Returns the next step for the admin, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            BitbucketError::Request { failure, .. } => failure.hint(),
            BitbucketError::Redirected {
                exchange, location, ..
            } => Some(redirect_hint(exchange, location.as_deref())),
            BitbucketError::NotFound { .. } => Some(
                "check the instance URL: if Bitbucket is served under a context path such as \
                 `/bitbucket`, include it, for example `https://host/bitbucket`"
                    .to_string(),
            ),
            BitbucketError::NotJson { .. } => Some(
                "a proxy or login page responded instead of Bitbucket; check the instance URL, \
                 and ask the admin to let `/rest/` requests reach Bitbucket without \
                 single sign-on"
                    .to_string(),
            ),
            BitbucketError::NotBitbucket { .. } => Some(
                "check that the URL is the address of Bitbucket Data Center, not of Jira, \
                 Confluence or Bitbucket Cloud"
                    .to_string(),
            ),
            BitbucketError::OAuthProviderMissing { .. } | BitbucketError::VersionTooOld { .. } => {
                Some(
                    "the OAuth 2.0 provider ships with Bitbucket 7.20 and later; upgrade an \
                     older instance, and on a newer one check under Administration > Manage \
                     apps that its OAuth 2.0 provider app has not been disabled"
                        .to_string(),
                )
            }
            BitbucketError::UnexpectedStatus { exchange, .. } if exchange.status >= 500 => Some(
                "the instance or a proxy in front of it reported a server error; check \
                 Bitbucket's `/status` page under the instance URL, and its logs"
                    .to_string(),
            ),
            BitbucketError::UnexpectedStatus { .. } | BitbucketError::UnexpectedBody { .. } => None,
        }
    }

    /// Returns the HTTP exchange behind the error, when a response arrived.
    pub fn exchange(&self) -> Option<&HttpExchange> {
        match self {
            BitbucketError::Redirected { exchange, .. }
            | BitbucketError::NotFound { exchange, .. }
            | BitbucketError::NotJson { exchange, .. }
            | BitbucketError::NotBitbucket { exchange, .. }
            | BitbucketError::UnexpectedStatus { exchange, .. }
            | BitbucketError::UnexpectedBody { exchange, .. }
            | BitbucketError::OAuthProviderMissing { exchange } => Some(&**exchange),
            BitbucketError::Request { .. } | BitbucketError::VersionTooOld { .. } => None,
        }
    }
}

/// Returns `: <body excerpt>` for a message, or nothing when the page title already
/// identifies the body or the body is empty.
fn excerpt_suffix(exchange: &HttpExchange) -> String {
    if exchange.page_title.is_some() || exchange.body_excerpt.is_empty() {
        String::new()
    } else {
        format!(": {}", exchange.body_excerpt)
    }
}

/// Explains a redirect. A redirect to the same endpoint elsewhere reveals the instance's
/// real base URL, and anything else is most likely a login or single sign-on page.
fn redirect_hint(exchange: &HttpExchange, location: Option<&str>) -> String {
    let Some(location) = location else {
        return "the server sent a redirect without a `Location` header; check the instance \
                URL and any proxy in front of Bitbucket"
            .to_string();
    };
    if let Some(base) = moved_base_url(&exchange.url, location) {
        return format!("the instance redirects to `{base}`; use that as the instance URL");
    }
    format!(
        "the redirect leads to `{location}`, most likely a login or single sign-on page in \
         front of Bitbucket; Bitbucket serves these requests to anonymous callers itself, so ask \
         the admin to let `/rest/` requests through without a login"
    )
}

/// Returns the base URL the instance moved to, when `location` is the requested endpoint
/// under another scheme, host or context path.
fn moved_base_url(requested: &str, location: &str) -> Option<String> {
    let requested = Url::parse(requested).ok()?;
    let location = Url::parse(location).ok()?;
    let endpoint_start = requested.path().find("/rest/")?;
    let endpoint = &requested.path()[endpoint_start..];
    let base_path = location.path().strip_suffix(endpoint)?;

    let mut base = location.clone();
    base.set_path(base_path);
    base.set_query(None);
    base.set_fragment(None);
    let text = base.to_string();
    Some(text.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redirect_exchange(location: &str) -> HttpExchange {
        let url = Url::parse("https://h/rest/api/1.0/application-properties").unwrap();
        HttpExchange::from_parts("GET", &url, 302, None, Some(location.to_string()), b"")
    }

    #[test]
    fn redirect_hint_suggests_moved_base() {
        let location = "https://new.example/bitbucket/rest/api/1.0/application-properties";
        let exchange = redirect_exchange(location);
        let hint = redirect_hint(&exchange, Some(location));
        assert!(hint.contains("`https://new.example/bitbucket`"), "{hint}");
    }

    #[test]
    fn redirect_hint_names_login_page() {
        let location = "https://sso.example/login?next=%2Frest";
        let exchange = redirect_exchange(location);
        let hint = redirect_hint(&exchange, Some(location));
        assert!(hint.contains("login or single sign-on"), "{hint}");
        assert!(hint.contains(location), "{hint}");
    }

    #[test]
    fn version_too_old_message_names_minimum() {
        let error = BitbucketError::VersionTooOld {
            version: BitbucketVersion::new(7, 11, 2),
        };
        assert_eq!(
            error.to_string(),
            "Bitbucket 7.11.2 has no OAuth 2.0 provider, which needs Bitbucket 7.20.0 or later"
        );
    }
}
