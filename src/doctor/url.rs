//! `instance.url`: the instance URL normalised as `gitme connect` does it.

use ::url::{Host, Url};

use super::Finding;
use crate::instance_url::{InstanceUrl, InstanceUrlError};

/// Changes that only tidy the URL. Any other change (a pasted page or REST path, a
/// converted host name) is worth a warning, because the admin should use the base URL.
const TIDY_CHANGES: &[&str] = &[
    "removed the trailing slash",
    "added `https://`",
    "removed the default port 443",
];

/// The connection target of the network checks.
#[derive(Debug, Clone)]
pub struct Target {
    /// The base URL the checks use: normalised, or as given for `http://`.
    pub url: Url,
    /// The host name or address.
    pub host: Host<String>,
    /// The TCP port.
    pub port: u16,
    /// Whether the URL uses `https://`.
    pub https: bool,
    /// The normalised instance URL, for `https://` only.
    pub instance: Option<InstanceUrl>,
}

impl Target {
    fn from_url(url: Url, instance: Option<InstanceUrl>) -> Option<Target> {
        let host = url.host()?.to_owned();
        let port = url.port_or_known_default()?;
        Some(Target {
            https: url.scheme() == "https",
            url,
            host,
            port,
            instance,
        })
    }
}

/// Normalises `input` and reports what changed.
pub async fn check(input: &str) -> Finding<Target> {
    match InstanceUrl::parse(input) {
        Ok(normalised) => {
            let url = normalised.url.as_url().clone();
            let Some(target) = Target::from_url(url, Some(normalised.url.clone())) else {
                return Finding::fail(
                    format!("`{input}` has no host name"),
                    "the URL has no host name",
                    Some("pass a URL such as `https://bitbucket.example.com`".to_string()),
                );
            };
            let normalised_text = normalised.url.to_string();
            let substantive: Vec<&String> = normalised
                .changes
                .iter()
                .filter(|change| !TIDY_CHANGES.contains(&change.as_str()))
                .collect();
            if normalised.changes.is_empty() {
                Finding::ok(normalised_text, target)
            } else if substantive.is_empty() {
                let detail = format!("{normalised_text} ({})", normalised.changes.join(", "));
                Finding::ok(detail, target)
            } else {
                let detail = format!("{normalised_text} ({})", normalised.changes.join(", "));
                let cause = format!(
                    "the URL given was not the base URL: gitme {}",
                    normalised.changes.join(", ")
                );
                let fix = format!("use `{normalised_text}` as the instance URL");
                Finding::warn(detail, cause, fix, target)
            }
        }
        Err(InstanceUrlError::PlainHttp { suggested, .. }) => Finding::fail(
            format!("{} uses plain http://", input.trim()),
            "the URL uses plain http://, but Bitbucket enables its OAuth 2.0 provider only for \
             an HTTPS base URL, and GitMe connects over HTTPS only",
            Some(format!(
                "use `{suggested}`, or the HTTPS address instance.http found below"
            )),
        ),
        Err(error) => Finding::fail(
            "the instance URL is not usable",
            error.to_string(),
            Some("pass the address you open Bitbucket at with --instance-url".to_string()),
        ),
    }
}

/// Returns the target of a plain `http://` URL, so the network checks can show where
/// its redirect leads. Returns `None` for every other input.
pub fn plain_http_target(input: &str) -> Option<Target> {
    let Err(InstanceUrlError::PlainHttp { .. }) = InstanceUrl::parse(input) else {
        return None;
    };
    let mut url = Url::parse(input.trim()).ok()?;
    if !url.username().is_empty() || url.password().is_some() {
        return None;
    }
    url.set_query(None);
    url.set_fragment(None);
    let path = url.path().trim_end_matches('/').to_string();
    url.set_path(&path);
    Target::from_url(url, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn check_warns_on_pasted_path() {
        let finding = check("https://h/bb/projects/A/repos/x/browse").await;
        assert_eq!(finding.status, super::super::CheckStatus::Warn);
        assert!(
            finding.detail.contains("https://h/bb"),
            "{}",
            finding.detail
        );
    }

    #[tokio::test]
    async fn check_accepts_trailing_slash() {
        let finding = check("https://h/").await;
        assert_eq!(finding.status, super::super::CheckStatus::Ok);
    }

    #[test]
    fn plain_http_keeps_port() {
        let target = plain_http_target("http://127.0.0.1:7990/bb/").expect("target");
        assert_eq!(target.port, 7990);
        assert!(!target.https);
        assert_eq!(target.url.as_str(), "http://127.0.0.1:7990/bb");
    }
}
