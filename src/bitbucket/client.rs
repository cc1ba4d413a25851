//! Anonymous probes of a Bitbucket instance: is it Bitbucket, which version, and do the
//! OAuth 2.0 provider, its token endpoint and the REST API respond.

use reqwest::Method;
use serde_json::Value;
use url::Url;

use crate::bitbucket::error::BitbucketError;
use crate::bitbucket::version::{ApplicationProperties, BitbucketVersion};
use crate::http_client::{HttpExchange, classify, mask_url};
use crate::instance_url::InstanceUrl;

/// The anonymous resource that names the product and its version.
const APPLICATION_PROPERTIES_PATH: &str = "rest/api/1.0/application-properties";
/// The OAuth 2.0 client administration resource. It returns 401 to anonymous callers
/// when the provider is installed, and Git Credential Manager uses it the same way.
const OAUTH_CLIENT_PATH: &str = "rest/oauth2/1.0/client";
/// The OAuth 2.0 token endpoint.
const TOKEN_PATH: &str = "rest/oauth2/latest/token";
/// The global repository search, limited to one result.
const REST_PROBE_PATH: &str = "rest/api/1.0/repos?limit=1";

/// The value sent as `code` and `client_id` in the token-endpoint probe. No real client
/// or authorization code has it, so Bitbucket responds with an OAuth error.
const PROBE_PLACEHOLDER: &str = "gitme-connectivity-check";

/// A client for the Bitbucket instance at one base URL.
#[derive(Debug, Clone)]
pub struct BitbucketClient {
    http: reqwest::Client,
    instance: InstanceUrl,
}

/// The result of a probe that passed: what was seen, and what it means.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProbeReport {
    /// The response the probe judged.
    pub exchange: HttpExchange,
    /// One sentence on what the response shows, such as "the OAuth 2.0 provider is
    /// installed".
    pub summary: String,
}

impl BitbucketClient {
    /// Creates a client. `http` should come from [`crate::http_client::build_client`],
    /// which turns off automatic redirects so that a login redirect stays visible.
    pub fn new(http: reqwest::Client, instance: InstanceUrl) -> Self {
        BitbucketClient { http, instance }
    }

    /// Returns the instance URL.
    pub fn instance(&self) -> &InstanceUrl {
        &self.instance
    }

    /// Returns the HTTP client the probes use.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Fetches `application-properties` anonymously and checks that the response is
    /// Bitbucket's: a 2xx status, a JSON content type and a parsable `version`.
    pub async fn application_properties(&self) -> Result<ApplicationProperties, BitbucketError> {
        self.probe_application_properties()
            .await
            .map(|(properties, _)| properties)
    }

    /// Fetches `application-properties` like [`BitbucketClient::application_properties`]
    /// and also returns the probe report.
    pub async fn probe_application_properties(
        &self,
    ) -> Result<(ApplicationProperties, ProbeReport), BitbucketError> {
        let endpoint = "Bitbucket's application-properties resource";
        let url = self.instance.join(APPLICATION_PROPERTIES_PATH);
        let (exchange, body) = self.send(Method::GET, url, None).await?;
        let expected = "200";
        let exchange = reject_common_failures(endpoint, exchange, expected)?;
        if !(200..300).contains(&exchange.status) {
            return Err(BitbucketError::UnexpectedStatus {
                endpoint,
                exchange: Box::new(exchange),
                expected,
            });
        }

        let not_bitbucket = |exchange: HttpExchange, reason: String| BitbucketError::NotBitbucket {
            exchange: Box::new(exchange),
            reason,
        };
        let Ok(value) = serde_json::from_slice::<Value>(&body) else {
            return Err(not_bitbucket(
                exchange,
                "the body is not valid JSON".to_string(),
            ));
        };
        if !value.get("version").is_some_and(Value::is_string) {
            let reason = "the JSON has no `version` string".to_string();
            return Err(not_bitbucket(exchange, reason));
        }
        let properties: ApplicationProperties = match serde_json::from_value(value) {
            Ok(properties) => properties,
            Err(error) => return Err(not_bitbucket(exchange, error.to_string())),
        };
        let version = match properties.parsed_version() {
            Ok(version) => version,
            Err(error) => return Err(not_bitbucket(exchange, error.to_string())),
        };

        let name = if properties.display_name.is_empty() {
            "Bitbucket"
        } else {
            properties.display_name.as_str()
        };
        let summary = format!("{name} {version} responded");
        Ok((properties, ProbeReport { exchange, summary }))
    }

    /// Checks for the OAuth 2.0 provider with an anonymous `GET rest/oauth2/1.0/client`:
    /// 401 means it is installed, 404 means it is not.
    pub async fn probe_oauth_provider(&self) -> Result<ProbeReport, BitbucketError> {
        let endpoint = "the OAuth 2.0 client resource";
        let url = self.instance.join(OAUTH_CLIENT_PATH);
        let (exchange, _) = self.send(Method::GET, url, None).await?;

        if is_redirect(&exchange) {
            return Err(redirected(endpoint, exchange));
        }
        match exchange.status {
            401 => Ok(ProbeReport {
                exchange,
                summary: "installed (an anonymous request returned 401)".to_string(),
            }),
            404 => Err(BitbucketError::OAuthProviderMissing {
                exchange: Box::new(exchange),
            }),
            _ => Err(BitbucketError::UnexpectedStatus {
                endpoint,
                exchange: Box::new(exchange),
                expected: "401 to an anonymous request",
            }),
        }
    }

    /// Checks that the token endpoint responds, by posting a deliberately invalid
    /// authorization-code grant. A 4xx JSON body with an `error` field passes.
    pub async fn probe_token_endpoint(&self) -> Result<ProbeReport, BitbucketError> {
        let endpoint = "the OAuth 2.0 token endpoint";
        let url = self.instance.join(TOKEN_PATH);
        let form = [
            ("grant_type", "authorization_code"),
            ("code", PROBE_PLACEHOLDER),
            ("client_id", PROBE_PLACEHOLDER),
            ("redirect_uri", "https://invalid.example/"),
        ];
        let (exchange, body) = self.send(Method::POST, url, Some(&form)).await?;

        if exchange.status == 404 {
            return Err(BitbucketError::OAuthProviderMissing {
                exchange: Box::new(exchange),
            });
        }
        let expected = "a 4xx OAuth error to an invalid grant";
        let exchange = reject_common_failures(endpoint, exchange, expected)?;
        if !(400..500).contains(&exchange.status) {
            return Err(BitbucketError::UnexpectedStatus {
                endpoint,
                exchange: Box::new(exchange),
                expected,
            });
        }
        let Some(error_code) =
            json_field(&body, "error").and_then(|error| error.as_str().map(short))
        else {
            return Err(BitbucketError::UnexpectedBody {
                endpoint,
                exchange: Box::new(exchange),
                expected: "a JSON object with an `error` field",
            });
        };

        let summary = format!(
            "the token endpoint responded, rejecting a deliberately invalid grant with `{error_code}`"
        );
        Ok(ProbeReport { exchange, summary })
    }

    /// Checks that the REST API responds with an anonymous `GET rest/api/1.0/repos?limit=1`.
    /// A 200 with the paged envelope, or a 401 or 403 with the `errors` envelope, passes.
    pub async fn probe_rest_api(&self) -> Result<ProbeReport, BitbucketError> {
        let endpoint = "Bitbucket's REST API";
        let url = self.instance.join(REST_PROBE_PATH);
        let (exchange, body) = self.send(Method::GET, url, None).await?;

        let expected = "200, or 401 to an anonymous request";
        let exchange = match exchange.status {
            401 | 403 => reject_non_json(endpoint, exchange)?,
            _ => reject_common_failures(endpoint, exchange, expected)?,
        };
        if !matches!(exchange.status, 200 | 401 | 403) {
            return Err(BitbucketError::UnexpectedStatus {
                endpoint,
                exchange: Box::new(exchange),
                expected,
            });
        }
        let value = serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null);

        if exchange.status == 401 || exchange.status == 403 {
            if !value.get("errors").is_some_and(Value::is_array) {
                return Err(BitbucketError::UnexpectedBody {
                    endpoint,
                    exchange: Box::new(exchange),
                    expected: "the `{\"errors\": [...]}` envelope",
                });
            }
            let summary = format!(
                "the REST API responded and requires sign-in ({} to an anonymous request)",
                exchange.status
            );
            return Ok(ProbeReport { exchange, summary });
        }

        let values = value.get("values").and_then(Value::as_array);
        let has_envelope = value.get("isLastPage").is_some_and(Value::is_boolean);
        let Some(values) = values.filter(|_| has_envelope) else {
            return Err(BitbucketError::UnexpectedBody {
                endpoint,
                exchange: Box::new(exchange),
                expected: "the paged envelope with `values` and `isLastPage`",
            });
        };
        let visibility = if values.is_empty() {
            "no public repository"
        } else {
            "a public repository"
        };
        let summary = format!(
            "the REST API answered an anonymous request with the paged envelope ({visibility} on the first page)"
        );
        Ok(ProbeReport { exchange, summary })
    }

    /// Sends one anonymous request and reads the response.
    async fn send(
        &self,
        method: Method,
        url: Url,
        form: Option<&[(&str, &str)]>,
    ) -> Result<(HttpExchange, Vec<u8>), BitbucketError> {
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(form) = form {
            request = request.form(form);
        }

        tracing::debug!(%method, url = %mask_url(&url), "sending Bitbucket request");
        let response = crate::http_log::send(request).await.map_err(|error| {
            let failure = classify(&error);
            tracing::debug!(%method, url = %mask_url(&url), %failure, "Bitbucket request failed");
            BitbucketError::Request {
                method: method.to_string(),
                url: mask_url(&url),
                failure,
            }
        })?;
        let (exchange, body) = HttpExchange::read(method.as_str(), response).await;
        tracing::debug!(%exchange, "Bitbucket response");
        Ok((exchange, body))
    }
}

/// Rejects the version when it predates the OAuth 2.0 provider.
pub fn require_oauth2_provider(version: BitbucketVersion) -> Result<(), BitbucketError> {
    if version.has_oauth2_provider() {
        Ok(())
    } else {
        Err(BitbucketError::VersionTooOld { version })
    }
}

/// Rejects redirects, 404, 5xx and non-JSON bodies, in that order. Callers check the
/// remaining status codes themselves.
fn reject_common_failures(
    endpoint: &'static str,
    exchange: HttpExchange,
    expected: &'static str,
) -> Result<HttpExchange, BitbucketError> {
    if is_redirect(&exchange) {
        return Err(redirected(endpoint, exchange));
    }
    if exchange.status == 404 {
        return Err(BitbucketError::NotFound {
            endpoint,
            exchange: Box::new(exchange),
        });
    }
    if exchange.status >= 500 {
        return Err(BitbucketError::UnexpectedStatus {
            endpoint,
            exchange: Box::new(exchange),
            expected,
        });
    }
    reject_non_json(endpoint, exchange)
}

fn reject_non_json(
    endpoint: &'static str,
    exchange: HttpExchange,
) -> Result<HttpExchange, BitbucketError> {
    if exchange.is_json() {
        Ok(exchange)
    } else {
        Err(BitbucketError::NotJson {
            endpoint,
            exchange: Box::new(exchange),
        })
    }
}

fn is_redirect(exchange: &HttpExchange) -> bool {
    (300..400).contains(&exchange.status)
}

fn redirected(endpoint: &'static str, exchange: HttpExchange) -> BitbucketError {
    let location = exchange.location.clone();
    BitbucketError::Redirected {
        endpoint,
        exchange: Box::new(exchange),
        location,
    }
}

fn json_field(body: &[u8], name: &str) -> Option<Value> {
    let mut value = serde_json::from_slice::<Value>(body).ok()?;
    value.get_mut(name).map(Value::take)
}

/// Shortens a server-sent code to at most 64 characters for display.
fn short(text: &str) -> String {
    text.chars().take(64).collect()
}
