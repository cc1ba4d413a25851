//! Checks the authorize URL the backend returns before gitme opens it.
//!
//! The admin's browser follows this URL while signed in to Bitbucket, so gitme opens it
//! only when it is exactly the authorization request gitme expects: the instance's own
//! authorize endpoint, GitMe's client and callback, the `REPO_READ` scope and PKCE.

use std::collections::HashSet;

use url::Url;

use crate::backend::api::BITBUCKET_SCOPE;
use crate::instance_url::InstanceUrl;

/// The path of Bitbucket's OAuth 2.0 authorize endpoint under the instance's base URL.
const AUTHORIZE_PATH: &str = "/rest/oauth2/latest/authorize";

/// The query parameters an authorize URL must contain, and the only ones it may contain.
const PARAMETERS: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
];

/// The length of a PKCE S256 code challenge: 32 SHA-256 bytes in unpadded base64url.
const CODE_CHALLENGE_LENGTH: usize = 43;

/// The values an authorize URL must carry.
#[derive(Debug, Clone, Copy)]
pub struct ExpectedAuthorization<'a> {
    /// The Bitbucket instance the link was created on.
    pub instance: &'a InstanceUrl,
    /// The OAuth client ID Bitbucket generated for GitMe's application link.
    pub client_id: &'a str,
    /// GitMe's callback URL, registered as the link's redirect URL.
    pub callback_url: &'a Url,
}

/// A reason to reject an authorize URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorizeUrlError {
    /// The URL does not use HTTPS.
    #[error("the authorize URL uses `{seen}`, expected `https`")]
    NotHttps {
        /// The scheme seen.
        seen: String,
    },
    /// The host or port differs from the instance's.
    #[error("the authorize URL points to `{seen}`, expected the instance `{expected}`")]
    WrongHost {
        /// The instance's host and port.
        expected: String,
        /// The URL's host and port.
        seen: String,
    },
    /// The path is not the instance's authorize endpoint.
    #[error("the authorize URL has the path `{seen}`, expected `{expected}`")]
    WrongPath {
        /// The authorize endpoint's path.
        expected: String,
        /// The path seen.
        seen: String,
    },
    /// The URL contains a user name or password.
    #[error("the authorize URL contains credentials, expected none")]
    Credentials,
    /// The URL has a fragment.
    #[error("the authorize URL has a fragment, expected none")]
    Fragment,
    /// A parameter appears more than once.
    #[error("the authorize URL repeats the parameter `{name}`, expected it once")]
    RepeatedParameter {
        /// The parameter name.
        name: String,
    },
    /// A parameter gitme does not send is present.
    #[error("the authorize URL has the unexpected parameter `{name}`")]
    UnexpectedParameter {
        /// The parameter name.
        name: String,
    },
    /// A required parameter is missing.
    #[error("the authorize URL has no `{name}` parameter, expected `{expected}`")]
    MissingParameter {
        /// The parameter name.
        name: &'static str,
        /// The value expected, or a description of it.
        expected: String,
    },
    /// A parameter has a different value.
    #[error("the authorize URL has `{name}={seen}`, expected `{expected}`")]
    WrongParameter {
        /// The parameter name.
        name: &'static str,
        /// The value expected.
        expected: String,
        /// The value seen.
        seen: String,
    },
    /// `state` is empty.
    #[error("the authorize URL has an empty `state`, expected a random value")]
    EmptyState,
    /// `code_challenge` is not 43 base64url characters.
    #[error("the authorize URL has an invalid `code_challenge`, expected 43 base64url characters")]
    InvalidCodeChallenge,
}

/// Checks that `url` is the authorization request gitme expects, and names the first
/// parameter that differs.
pub fn check_authorize_url(
    url: &Url,
    expected: &ExpectedAuthorization,
) -> Result<(), AuthorizeUrlError> {
    check_origin(url, expected.instance)?;
    let parameters = unique_parameters(url)?;
    let value = |name: &'static str, description: &str| {
        parameters
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .ok_or_else(|| AuthorizeUrlError::MissingParameter {
                name,
                expected: description.to_string(),
            })
    };

    require_equal("response_type", value("response_type", "code")?, "code")?;
    require_equal(
        "client_id",
        value("client_id", expected.client_id)?,
        expected.client_id,
    )?;
    let callback = expected.callback_url.as_str();
    require_equal("redirect_uri", value("redirect_uri", callback)?, callback)?;
    require_equal("scope", value("scope", BITBUCKET_SCOPE)?, BITBUCKET_SCOPE)?;

    if value("state", "a random value")?.is_empty() {
        return Err(AuthorizeUrlError::EmptyState);
    }
    let challenge = value("code_challenge", "43 base64url characters")?;
    if !is_s256_challenge(challenge) {
        return Err(AuthorizeUrlError::InvalidCodeChallenge);
    }
    let method = value("code_challenge_method", "S256")?;
    require_equal("code_challenge_method", method, "S256")
}

/// Checks scheme, credentials, host, port, path and fragment.
fn check_origin(url: &Url, instance: &InstanceUrl) -> Result<(), AuthorizeUrlError> {
    if url.scheme() != "https" {
        return Err(AuthorizeUrlError::NotHttps {
            seen: url.scheme().to_string(),
        });
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(AuthorizeUrlError::Credentials);
    }

    let base = instance.as_url();
    let same_host = url.host() == base.host();
    let same_port = url.port_or_known_default() == base.port_or_known_default();
    if !same_host || !same_port {
        return Err(AuthorizeUrlError::WrongHost {
            expected: instance.host_for_display(),
            seen: host_and_port(url),
        });
    }

    let expected_path = format!("{}{AUTHORIZE_PATH}", instance.context_path());
    if url.path() != expected_path {
        return Err(AuthorizeUrlError::WrongPath {
            expected: expected_path,
            seen: url.path().to_string(),
        });
    }
    if url.fragment().is_some() {
        return Err(AuthorizeUrlError::Fragment);
    }
    Ok(())
}

/// Decodes the query, rejecting repeated and unknown parameters.
fn unique_parameters(url: &Url) -> Result<Vec<(String, String)>, AuthorizeUrlError> {
    let mut seen = HashSet::new();
    let mut parameters = Vec::new();
    for (name, value) in url.query_pairs() {
        if !PARAMETERS.contains(&name.as_ref()) {
            return Err(AuthorizeUrlError::UnexpectedParameter {
                name: name.into_owned(),
            });
        }
        if !seen.insert(name.clone()) {
            return Err(AuthorizeUrlError::RepeatedParameter {
                name: name.into_owned(),
            });
        }
        parameters.push((name.into_owned(), value.into_owned()));
    }
    Ok(parameters)
}

fn require_equal(name: &'static str, seen: &str, expected: &str) -> Result<(), AuthorizeUrlError> {
    if seen == expected {
        Ok(())
    } else {
        Err(AuthorizeUrlError::WrongParameter {
            name,
            expected: expected.to_string(),
            seen: seen.to_string(),
        })
    }
}

fn is_s256_challenge(challenge: &str) -> bool {
    challenge.len() == CODE_CHALLENGE_LENGTH
        && challenge
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

fn host_and_port(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    const CALLBACK: &str = "https://app.gitme.example/self-hosted-integrations/bitbucket/callback";

    fn instance() -> InstanceUrl {
        InstanceUrl::parse("https://bitbucket.example.com:8443/bb")
            .unwrap()
            .url
    }

    fn valid_pairs() -> Vec<(&'static str, String)> {
        vec![
            ("response_type", "code".to_string()),
            ("client_id", "client-123".to_string()),
            ("redirect_uri", CALLBACK.to_string()),
            ("scope", "REPO_READ".to_string()),
            ("state", "random-state".to_string()),
            ("code_challenge", CHALLENGE.to_string()),
            ("code_challenge_method", "S256".to_string()),
        ]
    }

    fn build(base: &str, pairs: &[(&str, String)]) -> Url {
        let mut url = Url::parse(base).unwrap();
        url.query_pairs_mut().extend_pairs(pairs);
        url
    }

    fn authorize_base() -> &'static str {
        "https://bitbucket.example.com:8443/bb/rest/oauth2/latest/authorize"
    }

    fn with_pair(name: &str, value: &str) -> Url {
        let pairs: Vec<(&str, String)> = valid_pairs()
            .into_iter()
            .map(|(key, old)| (key, if key == name { value.to_string() } else { old }))
            .collect();
        build(authorize_base(), &pairs)
    }

    fn without_pair(name: &str) -> Url {
        let pairs: Vec<(&str, String)> = valid_pairs()
            .into_iter()
            .filter(|(key, _)| *key != name)
            .collect();
        build(authorize_base(), &pairs)
    }

    fn check(url: &Url) -> Result<(), AuthorizeUrlError> {
        let instance = instance();
        let callback = Url::parse(CALLBACK).unwrap();
        let expected = ExpectedAuthorization {
            instance: &instance,
            client_id: "client-123",
            callback_url: &callback,
        };
        check_authorize_url(url, &expected)
    }

    #[test]
    fn valid_url_passes() {
        assert_eq!(check(&build(authorize_base(), &valid_pairs())), Ok(()));
    }

    #[test]
    fn rejects_plain_http() {
        let url = build(
            "http://bitbucket.example.com:8443/bb/rest/oauth2/latest/authorize",
            &valid_pairs(),
        );
        assert_eq!(
            check(&url),
            Err(AuthorizeUrlError::NotHttps {
                seen: "http".to_string()
            })
        );
    }

    #[test]
    fn rejects_other_host() {
        let url = build(
            "https://evil.example:8443/bb/rest/oauth2/latest/authorize",
            &valid_pairs(),
        );
        assert_eq!(
            check(&url),
            Err(AuthorizeUrlError::WrongHost {
                expected: "bitbucket.example.com:8443".to_string(),
                seen: "evil.example:8443".to_string(),
            })
        );
    }

    #[test]
    fn rejects_other_port() {
        let url = build(
            "https://bitbucket.example.com/bb/rest/oauth2/latest/authorize",
            &valid_pairs(),
        );
        let error = check(&url).unwrap_err();
        assert!(
            matches!(error, AuthorizeUrlError::WrongHost { .. }),
            "{error:?}"
        );
    }

    #[test]
    fn rejects_missing_context_path() {
        let url = build(
            "https://bitbucket.example.com:8443/rest/oauth2/latest/authorize",
            &valid_pairs(),
        );
        assert_eq!(
            check(&url),
            Err(AuthorizeUrlError::WrongPath {
                expected: "/bb/rest/oauth2/latest/authorize".to_string(),
                seen: "/rest/oauth2/latest/authorize".to_string(),
            })
        );
    }

    #[test]
    fn rejects_credentials() {
        let url = build(
            "https://user:pw@bitbucket.example.com:8443/bb/rest/oauth2/latest/authorize",
            &valid_pairs(),
        );
        assert_eq!(check(&url), Err(AuthorizeUrlError::Credentials));
    }

    #[test]
    fn rejects_fragment() {
        let mut url = build(authorize_base(), &valid_pairs());
        url.set_fragment(Some("x"));
        assert_eq!(check(&url), Err(AuthorizeUrlError::Fragment));
    }

    #[test]
    fn rejects_wrong_response_type() {
        assert_eq!(
            check(&with_pair("response_type", "token")),
            Err(AuthorizeUrlError::WrongParameter {
                name: "response_type",
                expected: "code".to_string(),
                seen: "token".to_string(),
            })
        );
    }

    #[test]
    fn rejects_wrong_client_id() {
        assert_eq!(
            check(&with_pair("client_id", "other")),
            Err(AuthorizeUrlError::WrongParameter {
                name: "client_id",
                expected: "client-123".to_string(),
                seen: "other".to_string(),
            })
        );
    }

    #[test]
    fn rejects_wrong_redirect_uri() {
        let attacker = "https://attacker.example/callback";
        assert_eq!(
            check(&with_pair("redirect_uri", attacker)),
            Err(AuthorizeUrlError::WrongParameter {
                name: "redirect_uri",
                expected: CALLBACK.to_string(),
                seen: attacker.to_string(),
            })
        );
    }

    #[test]
    fn rejects_redirect_uri_with_slash() {
        let with_slash = format!("{CALLBACK}/");
        let error = check(&with_pair("redirect_uri", &with_slash)).unwrap_err();
        assert!(
            matches!(
                error,
                AuthorizeUrlError::WrongParameter {
                    name: "redirect_uri",
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn rejects_wider_scope() {
        assert_eq!(
            check(&with_pair("scope", "REPO_READ REPO_WRITE")),
            Err(AuthorizeUrlError::WrongParameter {
                name: "scope",
                expected: "REPO_READ".to_string(),
                seen: "REPO_READ REPO_WRITE".to_string(),
            })
        );
    }

    #[test]
    fn rejects_empty_state() {
        assert_eq!(
            check(&with_pair("state", "")),
            Err(AuthorizeUrlError::EmptyState)
        );
    }

    #[test]
    fn rejects_short_code_challenge() {
        assert_eq!(
            check(&with_pair("code_challenge", &CHALLENGE[..42])),
            Err(AuthorizeUrlError::InvalidCodeChallenge)
        );
    }

    #[test]
    fn rejects_padded_code_challenge() {
        let padded = format!("{}=", &CHALLENGE[..42]);
        assert_eq!(
            check(&with_pair("code_challenge", &padded)),
            Err(AuthorizeUrlError::InvalidCodeChallenge)
        );
    }

    #[test]
    fn rejects_plain_challenge_method() {
        assert_eq!(
            check(&with_pair("code_challenge_method", "plain")),
            Err(AuthorizeUrlError::WrongParameter {
                name: "code_challenge_method",
                expected: "S256".to_string(),
                seen: "plain".to_string(),
            })
        );
    }

    #[test]
    fn rejects_each_missing_parameter() {
        for name in PARAMETERS {
            let error = check(&without_pair(name)).unwrap_err();
            assert!(
                matches!(&error, AuthorizeUrlError::MissingParameter { name: missing, .. } if missing == name),
                "{name}: {error:?}"
            );
        }
    }

    #[test]
    fn rejects_repeated_parameter() {
        let mut pairs = valid_pairs();
        pairs.push(("client_id", "client-123".to_string()));
        assert_eq!(
            check(&build(authorize_base(), &pairs)),
            Err(AuthorizeUrlError::RepeatedParameter {
                name: "client_id".to_string()
            })
        );
    }

    #[test]
    fn rejects_unknown_parameter() {
        let mut pairs = valid_pairs();
        pairs.push(("prompt", "none".to_string()));
        assert_eq!(
            check(&build(authorize_base(), &pairs)),
            Err(AuthorizeUrlError::UnexpectedParameter {
                name: "prompt".to_string()
            })
        );
    }

    #[test]
    fn accepts_root_instance() {
        let instance = InstanceUrl::parse("https://bitbucket.example.com")
            .unwrap()
            .url;
        let callback = Url::parse(CALLBACK).unwrap();
        let expected = ExpectedAuthorization {
            instance: &instance,
            client_id: "client-123",
            callback_url: &callback,
        };
        let url = build(
            "https://bitbucket.example.com:443/rest/oauth2/latest/authorize",
            &valid_pairs(),
        );
        assert_eq!(check_authorize_url(&url, &expected), Ok(()));
    }
}
