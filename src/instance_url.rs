//! Normalising the Bitbucket instance URL an admin types, and joining paths onto it.
//!
//! Admins paste whatever their browser shows: a bare host, a repository page, a REST URL,
//! a URL with a trailing slash. [`InstanceUrl::parse`] turns that into the base URL
//! Bitbucket serves everything under (scheme, host, port and context path) and lists
//! each change it made, so the caller can show them before anything is registered.

use std::fmt;
use std::str::FromStr;

use url::Url;

/// The first path segments of Bitbucket pages and APIs. A pasted URL is cut at the first
/// of these, and everything before it is kept as the context path.
const BITBUCKET_PATH_SEGMENTS: &[&str] = &[
    "rest",
    "projects",
    "plugins",
    "repos",
    "scm",
    "users",
    "admin",
    "login",
    "dashboard",
    "status",
    "account",
    "profile",
];

/// A normalised Bitbucket base URL: `https`, a host, a port only when it is not 443, an
/// optional context path, and no trailing slash, credentials, query or fragment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InstanceUrl(Url);

/// The result of [`InstanceUrl::parse`]: the URL and what normalisation changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    /// The normalised base URL.
    pub url: InstanceUrl,
    /// Each change made to the input, as a phrase such as "removed the trailing slash".
    /// Empty when the input was already normalised.
    pub changes: Vec<String>,
}

/// The maximum input length [`InstanceUrl::parse`] accepts, in characters. Real base URLs are far shorter; the
/// limit keeps a pasted page of text out of error messages.
pub const MAX_INPUT_CHARS: usize = 2048;

/// An error that makes an input unusable as a Bitbucket instance URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstanceUrlError {
    /// The input is empty or only whitespace.
    #[error(
        "the Bitbucket URL is empty; enter the address you open Bitbucket at, \
         for example `https://bitbucket.example.com`"
    )]
    Empty,
    /// The input is longer than any real base URL.
    #[error(
        "the Bitbucket URL is {length} characters long, more than the {MAX_INPUT_CHARS} a base \
         URL needs; enter only the address you open Bitbucket at"
    )]
    TooLong {
        /// The input's length in characters.
        length: usize,
    },
    /// The URL names port 0, which nothing can listen on.
    #[error("`{input}` names port 0; use the port Bitbucket's HTTPS listens on, or none for 443")]
    PortZero {
        /// The input, with any password masked.
        input: String,
    },
    /// The URL parser rejected the input.
    #[error("`{input}` is not a valid URL: {reason}")]
    Unparsable {
        /// The input, with any password masked.
        input: String,
        /// The parser's reason.
        reason: url::ParseError,
    },
    /// The input uses `http://`.
    #[error(
        "`{input}` uses plain HTTP, but Bitbucket enables its OAuth 2.0 provider only for an \
         HTTPS base URL; use `{suggested}`"
    )]
    PlainHttp {
        /// The input, with any password masked.
        input: String,
        /// The same URL with `https://`, normalised.
        suggested: String,
    },
    /// The input contains a user name or password.
    #[error(
        "`{masked}` contains a user name or password; remove them, because gitme signs in \
         through OAuth 2.0 and never sends credentials in the instance URL"
    )]
    Credentials {
        /// The URL with the password replaced by `****`.
        masked: String,
    },
    /// The input has a query string that is not part of a pasted Bitbucket page path.
    #[error("`{url}` has a query string; enter the base URL without it, `{suggested}`")]
    Query {
        /// The URL with the query replaced by `?…`.
        url: String,
        /// The URL without the query.
        suggested: String,
    },
    /// The input has a fragment that is not part of a pasted Bitbucket page path.
    #[error("`{url}` has a fragment (`#…`); enter the base URL without it, `{suggested}`")]
    Fragment {
        /// The URL with the fragment replaced by `#…`.
        url: String,
        /// The URL without the fragment.
        suggested: String,
    },
    /// The URL has no host.
    #[error("`{input}` has no host name; enter a URL such as `https://bitbucket.example.com`")]
    MissingHost {
        /// The input, with any password masked.
        input: String,
    },
    /// The URL uses a scheme other than `https` or `http`.
    #[error("`{input}` uses the scheme `{scheme}`; the Bitbucket URL must start with `https://`")]
    UnsupportedScheme {
        /// The input, with any password masked.
        input: String,
        /// The scheme seen.
        scheme: String,
    },
}

impl InstanceUrl {
    /// Parses and normalises an instance URL typed or pasted by an admin.
    ///
    /// Trims whitespace, adds `https://` to a bare host, cuts a pasted Bitbucket page or
    /// REST path (with its query and fragment) and trailing slashes, drops port 443 and
    /// converts an international host name to its ASCII form. Returns an error for plain
    /// HTTP, credentials, another query or fragment, a missing host or another scheme.
    pub fn parse(input: &str) -> Result<Normalised, InstanceUrlError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(InstanceUrlError::Empty);
        }
        let length = trimmed.chars().count();
        if length > MAX_INPUT_CHARS {
            return Err(InstanceUrlError::TooLong { length });
        }
        let mut changes = Vec::new();

        let with_scheme = if has_scheme(trimmed) {
            trimmed.to_string()
        } else {
            changes.push("added `https://`".to_string());
            format!("https://{trimmed}")
        };
        let mut url = Url::parse(&with_scheme).map_err(|reason| InstanceUrlError::Unparsable {
            input: mask_password_in_text(trimmed),
            reason,
        })?;

        match url.scheme() {
            "https" => {}
            "http" => return Err(plain_http_error(trimmed, &url)),
            scheme => {
                return Err(InstanceUrlError::UnsupportedScheme {
                    input: mask_password_in_text(trimmed),
                    scheme: scheme.to_string(),
                });
            }
        }
        if url.port() == Some(0) {
            return Err(InstanceUrlError::PortZero {
                input: mask_password_in_text(trimmed),
            });
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(InstanceUrlError::Credentials {
                masked: mask_url_password(&url),
            });
        }
        let Some(host) = url.host_str() else {
            return Err(InstanceUrlError::MissingHost {
                input: mask_password_in_text(trimmed),
            });
        };

        if let Some(typed_host) = typed_host(&with_scheme) {
            if !typed_host.is_ascii() {
                changes.push(format!("converted the host `{typed_host}` to `{host}`"));
            }
            if typed_port(&with_scheme) == Some("443") {
                changes.push("removed the default port 443".to_string());
            }
        }

        let cut_page_path = cut_bitbucket_path(&mut url, &mut changes);
        strip_trailing_slashes(&mut url, trimmed, &mut changes);
        remove_query_and_fragment(&mut url, cut_page_path, &mut changes)?;

        Ok(Normalised {
            url: InstanceUrl(url),
            changes,
        })
    }

    /// Returns the base URL. Its path is `/` or the context path without a trailing slash.
    pub fn as_url(&self) -> &Url {
        &self.0
    }

    /// Joins a path, which may contain a query, onto the base URL, keeping the port and
    /// the context path. A leading `/` in `path` is ignored, so `join("/rest/api/1.0")` on
    /// `https://h/bitbucket` gives `https://h/bitbucket/rest/api/1.0`.
    pub fn join(&self, path: &str) -> Url {
        let mut base = self.0.clone();
        let context = self.context_path();
        base.set_path(&format!("{context}/"));

        // The `./` prefix keeps a path such as `a:b` from being read as an absolute URL
        // with its own scheme.
        let relative = format!("./{}", path.trim_start_matches('/'));
        // A `./` reference changes only the path, and the url crate percent-encodes rather
        // than rejects odd path characters, so this fallback to the base URL is defensive.
        base.join(&relative).unwrap_or(base)
    }

    /// Returns the admin page that lists application links, where an admin creates the
    /// incoming OAuth 2.0 link for GitMe.
    pub fn admin_links_page(&self) -> Url {
        self.join("plugins/servlet/applinks/listApplicationLinks")
    }

    /// Returns the host and, when it is not 443, the port, for example
    /// `bitbucket.example.com:8443`. International names stay in their ASCII form.
    pub fn host_for_display(&self) -> String {
        let host = self.0.host_str().unwrap_or_default();
        match self.0.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        }
    }

    /// Returns the context path without a trailing slash, or an empty string when
    /// Bitbucket is served at the root.
    pub fn context_path(&self) -> &str {
        self.0.path().trim_end_matches('/')
    }
}

impl fmt::Display for InstanceUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = self.host_for_display();
        write!(formatter, "https://{host}{}", self.context_path())
    }
}

impl FromStr for InstanceUrl {
    type Err = InstanceUrlError;

    /// Parses like [`InstanceUrl::parse`] and drops the list of changes.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        InstanceUrl::parse(input).map(|normalised| normalised.url)
    }
}

impl serde::Serialize for InstanceUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for InstanceUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Builds the plain-HTTP error with the normalised `https://` form of the same URL.
fn plain_http_error(input: &str, url: &Url) -> InstanceUrlError {
    let mut https = url.clone();
    let suggested = match https.set_scheme("https") {
        Ok(()) => match InstanceUrl::parse(https.as_str()) {
            Ok(normalised) => normalised.url.to_string(),
            Err(_) => mask_url_password(&https),
        },
        Err(()) => mask_url_password(&https),
    };
    InstanceUrlError::PlainHttp {
        input: mask_password_in_text(input),
        suggested,
    }
}

/// Cuts the path at the first known Bitbucket segment. Returns whether it cut anything.
fn cut_bitbucket_path(url: &mut Url, changes: &mut Vec<String>) -> bool {
    let path = url.path().to_string();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let Some(index) = segments
        .iter()
        .position(|segment| BITBUCKET_PATH_SEGMENTS.contains(segment))
    else {
        return false;
    };

    let kept = segments[..index].join("/");
    let removed = segments[index..].join("/");
    let kind = if segments[index] == "rest" {
        "REST path"
    } else {
        "page path"
    };
    changes.push(format!("removed the pasted {kind} `/{removed}`"));
    url.set_path(&format!("/{kept}"));
    true
}

/// Removes trailing slashes, reporting it only when the input itself ended with one.
fn strip_trailing_slashes(url: &mut Url, input: &str, changes: &mut Vec<String>) {
    let path = url.path().to_string();
    let stripped = path.trim_end_matches('/');
    if stripped.len() != path.len() && !stripped.is_empty() {
        url.set_path(stripped);
        changes.push("removed the trailing slash".to_string());
        return;
    }

    // The URL parser always gives a root URL the path `/`, so look at the input to tell
    // `https://h/` from `https://h`.
    let before_query = input.split(['?', '#']).next().unwrap_or(input);
    let input_path_is_root = before_query
        .split("://")
        .nth(1)
        .is_some_and(|rest| rest.trim_end_matches('/').find('/').is_none());
    if stripped.is_empty() && path.len() > 1 {
        url.set_path("/");
    }
    if stripped.is_empty() && input_path_is_root && before_query.ends_with('/') {
        changes.push("removed the trailing slash".to_string());
    }
}

/// Drops the query and fragment when they came with a cut page path, and rejects them
/// otherwise. The query is never echoed because it may contain a token.
fn remove_query_and_fragment(
    url: &mut Url,
    cut_page_path: bool,
    changes: &mut Vec<String>,
) -> Result<(), InstanceUrlError> {
    if url.query().is_some() {
        if !cut_page_path {
            let mut suggested = url.clone();
            suggested.set_query(None);
            suggested.set_fragment(None);
            let displayed = InstanceUrl(url.clone()).to_string();
            return Err(InstanceUrlError::Query {
                url: format!("{displayed}?…"),
                suggested: InstanceUrl(suggested).to_string(),
            });
        }
        url.set_query(None);
        changes.push("removed the query string of the pasted path".to_string());
    }
    if url.fragment().is_some() {
        if !cut_page_path {
            let mut suggested = url.clone();
            suggested.set_fragment(None);
            let displayed = InstanceUrl(suggested).to_string();
            return Err(InstanceUrlError::Fragment {
                url: format!("{displayed}#…"),
                suggested: displayed,
            });
        }
        url.set_fragment(None);
        changes.push("removed the fragment of the pasted path".to_string());
    }
    Ok(())
}

/// Reports whether the text starts with `scheme://`. A `://` later on, as in
/// `host/login?next=https://…`, does not count.
fn has_scheme(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once("://") else {
        return false;
    };
    let mut characters = scheme.chars();
    let starts_with_letter = characters
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic());
    starts_with_letter
        && characters
            .all(|character| character.is_ascii_alphanumeric() || "+-.".contains(character))
}

/// Returns the authority of a URL text (`user:pass@host:port`), without its path.
fn typed_authority(text: &str) -> Option<&str> {
    let rest = text.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Returns the host as typed, before the URL parser converted it.
fn typed_host(text: &str) -> Option<&str> {
    let authority = typed_authority(text)?;
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host_port.starts_with('[') {
        return host_port.split_inclusive(']').next();
    }
    Some(host_port.split(':').next().unwrap_or(host_port))
}

/// Returns the port as typed, if any.
fn typed_port(text: &str) -> Option<&str> {
    let authority = typed_authority(text)?;
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let after_host = match host_port.rfind(']') {
        Some(end) => &host_port[end + 1..],
        None => host_port,
    };
    after_host.rsplit_once(':').map(|(_, port)| port)
}

/// Formats a URL with its password replaced by `****`.
fn mask_url_password(url: &Url) -> String {
    let mut masked = url.clone();
    if masked.password().is_some() {
        // `set_password` fails only for URLs without a host or with the `file` scheme, and
        // those carry no password to mask.
        let _ = masked.set_password(Some("****"));
    }
    masked.to_string()
}

/// Masks a password in unparsed input text such as `user:secret@host`.
fn mask_password_in_text(text: &str) -> String {
    let Some(authority) = typed_authority(text).or_else(|| {
        let end = text.find(['/', '?', '#']).unwrap_or(text.len());
        Some(&text[..end])
    }) else {
        return text.to_string();
    };
    let Some((userinfo, _)) = authority.rsplit_once('@') else {
        return text.to_string();
    };
    let Some((user, _password)) = userinfo.split_once(':') else {
        return text.to_string();
    };
    text.replacen(userinfo, &format!("{user}:****"), 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rejects_port_zero_and_long_input() {
        assert!(matches!(
            super::InstanceUrl::parse("https://bitbucket.example:0"),
            Err(super::InstanceUrlError::PortZero { .. })
        ));
        let long = format!("https://{}.example", "a".repeat(super::MAX_INPUT_CHARS));
        assert!(matches!(
            super::InstanceUrl::parse(&long),
            Err(super::InstanceUrlError::TooLong { .. })
        ));
    }

    use super::*;

    fn normalise(input: &str) -> (String, Vec<String>) {
        let normalised = InstanceUrl::parse(input).expect(input);
        (normalised.url.to_string(), normalised.changes)
    }

    #[test]
    fn parse_normalises_inputs() {
        let cases = [
            (
                "https://bitbucket.example.com",
                "https://bitbucket.example.com",
            ),
            (
                "  https://bitbucket.example.com/  ",
                "https://bitbucket.example.com",
            ),
            ("bitbucket.example.com", "https://bitbucket.example.com"),
            ("host:8443/bitbucket", "https://host:8443/bitbucket"),
            (
                "HTTPS://Bitbucket.Example.COM",
                "https://bitbucket.example.com",
            ),
            ("https://h:443/", "https://h"),
            ("https://h:8443//", "https://h:8443"),
            ("https://h/bitbucket///", "https://h/bitbucket"),
            (
                "https://h/bitbucket/projects/ABC/repos/x/browse",
                "https://h/bitbucket",
            ),
            (
                "https://h/bitbucket/projects/ABC/repos/x/browse?at=refs%2Fheads%2Fmain#L10",
                "https://h/bitbucket",
            ),
            ("https://h/rest/api/1.0/projects", "https://h"),
            (
                "https://h:7443/git/rest/api/1.0/projects/",
                "https://h:7443/git",
            ),
            (
                "https://h/plugins/servlet/applinks/listApplicationLinks",
                "https://h",
            ),
            ("https://h/scm/abc/x.git", "https://h"),
            ("https://h/users/admin", "https://h"),
            ("https://h/admin", "https://h"),
            ("https://h/login?next=/projects", "https://h"),
            ("https://h/dashboard", "https://h"),
            ("https://h/status", "https://h"),
            ("https://h/account", "https://h"),
            ("https://h/profile", "https://h"),
            ("https://h/repos?visibility=public", "https://h"),
            ("https://h/tools/bitbucket", "https://h/tools/bitbucket"),
            ("https://bücher.example", "https://xn--bcher-kva.example"),
            ("https://127.0.0.1:8443", "https://127.0.0.1:8443"),
            ("https://[::1]:8443/bb", "https://[::1]:8443/bb"),
            ("h/login?next=https://other.example/", "https://h"),
        ];
        for (input, expected) in cases {
            let (url, _) = normalise(input);
            assert_eq!(url, expected, "input {input:?}");
        }
    }

    #[test]
    fn parse_reports_changes() {
        let cases: [(&str, &[&str]); 7] = [
            ("https://h", &[]),
            ("https://h/", &["removed the trailing slash"]),
            ("https://h/bitbucket/", &["removed the trailing slash"]),
            ("h", &["added `https://`"]),
            (
                "https://h/rest/api/1.0/projects",
                &["removed the pasted REST path `/rest/api/1.0/projects`"],
            ),
            (
                "https://bücher.example:443",
                &[
                    "converted the host `bücher.example` to `xn--bcher-kva.example`",
                    "removed the default port 443",
                ],
            ),
            (
                "https://h/bb/projects/A/repos/x/browse?at=main",
                &[
                    "removed the pasted page path `/projects/A/repos/x/browse`",
                    "removed the query string of the pasted path",
                ],
            ),
        ];
        for (input, expected) in cases {
            let (_, changes) = normalise(input);
            assert_eq!(changes, expected, "input {input:?}");
        }
    }

    #[test]
    fn parse_rejects_bad_inputs() {
        let cases = [
            ("", InstanceUrlError::Empty),
            ("   ", InstanceUrlError::Empty),
            (
                "https://h?x=1",
                InstanceUrlError::Query {
                    url: "https://h?…".to_string(),
                    suggested: "https://h".to_string(),
                },
            ),
            (
                "https://h/bb#top",
                InstanceUrlError::Fragment {
                    url: "https://h/bb#…".to_string(),
                    suggested: "https://h/bb".to_string(),
                },
            ),
            (
                "ftp://h",
                InstanceUrlError::UnsupportedScheme {
                    input: "ftp://h".to_string(),
                    scheme: "ftp".to_string(),
                },
            ),
            (
                "http://h:7990/bitbucket/",
                InstanceUrlError::PlainHttp {
                    input: "http://h:7990/bitbucket/".to_string(),
                    suggested: "https://h:7990/bitbucket".to_string(),
                },
            ),
            (
                "http://h/rest/api/1.0/projects",
                InstanceUrlError::PlainHttp {
                    input: "http://h/rest/api/1.0/projects".to_string(),
                    suggested: "https://h".to_string(),
                },
            ),
            (
                "https://admin:hunter2@h/bb",
                InstanceUrlError::Credentials {
                    masked: "https://admin:****@h/bb".to_string(),
                },
            ),
            (
                "https://admin@h",
                InstanceUrlError::Credentials {
                    masked: "https://admin@h/".to_string(),
                },
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(InstanceUrl::parse(input), Err(expected), "input {input:?}");
        }
    }

    #[test]
    fn parse_rejects_unparsable_input() {
        let error = InstanceUrl::parse("https://exa mple.com").unwrap_err();
        assert!(
            matches!(error, InstanceUrlError::Unparsable { .. }),
            "{error:?}"
        );
        let error = InstanceUrl::parse("https://h:99999").unwrap_err();
        assert!(
            matches!(error, InstanceUrlError::Unparsable { .. }),
            "{error:?}"
        );
    }

    #[test]
    fn errors_never_echo_password() {
        let inputs = [
            "https://admin:hunter2@h/bb",
            "http://admin:hunter2@h/bb",
            "https://admin:hunter2@exa mple.com",
            "admin:hunter2@h:99999",
            "ftp://admin:hunter2@h",
        ];
        for input in inputs {
            let error = InstanceUrl::parse(input).unwrap_err();
            let message = error.to_string();
            assert!(!message.contains("hunter2"), "{input:?} gave {message}");
            assert!(!format!("{error:?}").contains("hunter2"), "{input:?}");
        }
    }

    #[test]
    fn plain_http_message_suggests_https() {
        let message = InstanceUrl::parse("http://h/bb").unwrap_err().to_string();
        assert!(message.contains("use `https://h/bb`"), "{message}");
    }

    #[test]
    fn join_keeps_context_path_and_port() {
        let cases = [
            ("https://h", "https://h/rest/api/1.0/application-properties"),
            (
                "https://h/",
                "https://h/rest/api/1.0/application-properties",
            ),
            (
                "https://h:8443",
                "https://h:8443/rest/api/1.0/application-properties",
            ),
            (
                "https://h:8443/bitbucket/",
                "https://h:8443/bitbucket/rest/api/1.0/application-properties",
            ),
            (
                "https://h/a/b",
                "https://h/a/b/rest/api/1.0/application-properties",
            ),
        ];
        for (base, expected) in cases {
            let instance = InstanceUrl::parse(base).unwrap().url;
            let joined = instance.join("rest/api/1.0/application-properties");
            assert_eq!(joined.as_str(), expected, "base {base:?}");
            let joined = instance.join("/rest/api/1.0/application-properties");
            assert_eq!(
                joined.as_str(),
                expected,
                "base {base:?} with leading slash"
            );
        }
    }

    #[test]
    fn join_keeps_query() {
        let instance = InstanceUrl::parse("https://h/bb").unwrap().url;
        let joined = instance.join("rest/api/1.0/repos?limit=1");
        assert_eq!(joined.as_str(), "https://h/bb/rest/api/1.0/repos?limit=1");
    }

    #[test]
    fn join_treats_colon_path_as_relative() {
        let instance = InstanceUrl::parse("https://h/bb").unwrap().url;
        assert_eq!(
            instance.join("javascript:x").as_str(),
            "https://h/bb/javascript:x"
        );
    }

    #[test]
    fn admin_links_page_keeps_context() {
        let instance = InstanceUrl::parse("https://h:8443/bb").unwrap().url;
        assert_eq!(
            instance.admin_links_page().as_str(),
            "https://h:8443/bb/plugins/servlet/applinks/listApplicationLinks"
        );
    }

    #[test]
    fn host_for_display_shows_port() {
        let with_port = InstanceUrl::parse("https://h:8443/bb").unwrap().url;
        assert_eq!(with_port.host_for_display(), "h:8443");
        let default_port = InstanceUrl::parse("https://h:443/bb").unwrap().url;
        assert_eq!(default_port.host_for_display(), "h");
    }

    #[test]
    fn serde_round_trips_as_string() {
        let instance = InstanceUrl::parse("https://h:8443/bb/").unwrap().url;
        let json = serde_json::to_string(&instance).unwrap();
        assert_eq!(json, "\"https://h:8443/bb\"");
        let back: InstanceUrl = serde_json::from_str(&json).unwrap();
        assert_eq!(back, instance);
    }
}
