//! `instance.bitbucket`, `instance.oauth` and `instance.rest_api`: the anonymous probes of
//! [`BitbucketClient`], judged as checks. `gitme connect bitbucket` runs this same chain
//! for its reachability step.
//!
//! A 404 from `application-properties` means the URL misses or adds a context path, so
//! the check tries the common one (`/bitbucket`, or the URL without its context path) and
//! names it in the fix when Bitbucket responds there.

use crate::bitbucket::{
    ApplicationProperties, BitbucketClient, BitbucketError, require_oauth2_provider,
};
use crate::http_client::{HttpExchange, classify, mask_url};
use crate::instance_url::InstanceUrl;

use super::{Finding, Run, ids};

/// The context path Bitbucket installs most often use.
const COMMON_CONTEXT_PATH: &str = "/bitbucket";

/// Runs the Bitbucket check, then the OAuth and REST checks at the same time. Returns the
/// application properties when the instance is Bitbucket 7.20 or later.
pub async fn chain(
    run: &Run,
    http: &reqwest::Client,
    instance: &InstanceUrl,
) -> Option<ApplicationProperties> {
    let client = &BitbucketClient::new(http.clone(), instance.clone());
    let properties = run
        .check(ids::BITBUCKET, check_bitbucket(http, client))
        .await;
    if properties.is_none() {
        run.skip(
            &[ids::OAUTH, ids::REST_API],
            "skipped because instance.bitbucket failed",
        );
        return None;
    }
    tokio::join!(
        run.check(ids::OAUTH, check_oauth(http, client)),
        run.check(ids::REST_API, check_rest(client)),
    );
    properties
}

/// Reads `application-properties` and checks the version.
pub async fn check_bitbucket(
    http: &reqwest::Client,
    client: &BitbucketClient,
) -> Finding<ApplicationProperties> {
    let (properties, report) = match client.probe_application_properties().await {
        Ok(found) => found,
        Err(error) => return application_properties_failure(http, client, error).await,
    };
    let build = if properties.build_number.is_empty() {
        String::new()
    } else {
        format!(", build {}", properties.build_number)
    };
    let name = if properties.display_name.is_empty() {
        "Bitbucket"
    } else {
        properties.display_name.as_str()
    };
    let detail = format!(
        "{name} {}{build}: application-properties returned JSON ({})",
        properties.version, report.exchange.url
    );
    let version = match properties.parsed_version() {
        Ok(version) => version,
        Err(error) => {
            return Finding::fail(
                detail,
                format!("cannot read the version `{}`: {error}", properties.version),
                Some("check that the URL points at Bitbucket Data Center".to_string()),
            );
        }
    };
    if let Err(error) = require_oauth2_provider(version) {
        return Finding::fail(
            detail,
            format!("{error}; GitMe needs 7.20 or later"),
            Some(
                "upgrade Bitbucket to 7.20 or later (the OAuth 2.0 incoming application links \
                 arrived in 7.20)"
                    .to_string(),
            ),
        );
    }
    Finding::ok(
        format!("{detail}; 7.20 or later, with the OAuth 2.0 provider"),
        properties,
    )
}

async fn application_properties_failure(
    http: &reqwest::Client,
    client: &BitbucketClient,
    error: BitbucketError,
) -> Finding<ApplicationProperties> {
    let detail = error.to_string();
    match &error {
        BitbucketError::NotFound { .. } => {
            let fix = match try_other_context_path(http, client).await {
                Some(found) => {
                    format!("Bitbucket answers at `{found}`; use that as the instance URL")
                }
                None => error
                    .hint()
                    .unwrap_or_else(|| "include the context path in the instance URL".to_string()),
            };
            Finding::fail(
                detail,
                "application-properties returned 404: the URL misses or adds a context path, \
                 or the server is not Bitbucket",
                Some(fix),
            )
        }
        BitbucketError::NotBitbucket { .. } => Finding::fail(
            detail,
            "not Bitbucket: application-properties did not return Bitbucket's JSON",
            error.hint(),
        ),
        _ => Finding::fail(
            detail,
            format!("application-properties failed: {error}"),
            error.hint(),
        ),
    }
}

/// Tries the URL with the common context path added, or with its context path removed,
/// and returns it when Bitbucket responds there.
async fn try_other_context_path(
    http: &reqwest::Client,
    client: &BitbucketClient,
) -> Option<InstanceUrl> {
    let base = client.instance().as_url();
    let current = base.path().trim_end_matches('/');
    let mut other = base.clone();
    if current.is_empty() {
        other.set_path(COMMON_CONTEXT_PATH);
    } else {
        other.set_path("/");
    }
    let candidate = InstanceUrl::parse(other.as_str()).ok()?.url;
    let probe = BitbucketClient::new(http.clone(), candidate.clone());
    probe.application_properties().await.ok()?;
    Some(candidate)
}

/// Checks the OAuth 2.0 provider, the authorize endpoint and the token endpoint.
pub async fn check_oauth(http: &reqwest::Client, client: &BitbucketClient) -> Finding<()> {
    let (provider, authorize, token) = tokio::join!(
        client.probe_oauth_provider(),
        probe_authorize_endpoint(http, client.instance()),
        client.probe_token_endpoint()
    );
    let mut lines = Vec::new();
    let mut failure: Option<(String, Option<String>)> = None;
    for (name, result) in [
        ("OAuth 2.0 provider", provider.map(|report| report.summary)),
        ("authorize endpoint", authorize),
        ("OAuth token endpoint", token.map(|report| report.summary)),
    ] {
        match result {
            Ok(summary) => lines.push(format!("{name}: {summary}")),
            Err(error) => {
                lines.push(format!("{name}: {error}"));
                failure.get_or_insert((format!("{name}: {error}"), error.hint()));
            }
        }
    }
    let detail = lines.join("; ");
    match failure {
        Some((cause, fix)) => Finding::fail(detail, cause, fix),
        None => Finding::ok(detail, ()),
    }
}

/// Checks that the REST API returns its paged envelope.
pub async fn check_rest(client: &BitbucketClient) -> Finding<()> {
    match client.probe_rest_api().await {
        Ok(report) => Finding::ok(format!("REST API: {}", report.summary), ()),
        Err(error) => Finding::fail(
            format!("REST API: {error}"),
            format!("REST API: {error}"),
            error.hint(),
        ),
    }
}

/// Checks that `rest/oauth2/latest/authorize` exists: any response but 404 or a server
/// error passes, because without parameters Bitbucket rejects the request or sends the
/// browser to its login page.
async fn probe_authorize_endpoint(
    http: &reqwest::Client,
    instance: &InstanceUrl,
) -> Result<String, BitbucketError> {
    let url = instance.join("rest/oauth2/latest/authorize");
    let response = http
        .get(url.clone())
        .send()
        .await
        .map_err(|error| BitbucketError::Request {
            method: "GET".to_string(),
            url: mask_url(&url),
            failure: classify(&error),
        })?;
    let (exchange, _) = HttpExchange::read("GET", response).await;
    if exchange.status == 404 {
        return Err(BitbucketError::OAuthProviderMissing {
            exchange: Box::new(exchange),
        });
    }
    if exchange.status >= 500 {
        return Err(BitbucketError::UnexpectedStatus {
            endpoint: "the OAuth 2.0 authorize endpoint",
            exchange: Box::new(exchange),
            expected: "a 2xx, 3xx or 4xx answer to a request without parameters",
        });
    }
    Ok(format!(
        "the authorize endpoint responded ({} to a request without parameters)",
        exchange.status
    ))
}
