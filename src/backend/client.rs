//! The client gitme uses to call the GitMe backend API.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use super::api::{
    ALL_INTEGRATIONS_PATH, ApiError, CreateIntegration, ErrorBody, INTEGRATIONS_PATH, Integration,
    IntegrationList, MAX_WAIT_SECONDS, Me, PROBE_PATH, ProbeRequest, ProbeResult,
    RenewAuthorization, RepositoryPage,
};
use crate::http_client::{RequestFailure, classify};
use crate::secret::Secret;

/// Extra time a long-poll request gets on top of its `wait`, for the network.
const LONG_POLL_MARGIN: Duration = Duration::from_secs(15);

/// A failed backend call.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// The request did not get an answer: DNS, TCP, TLS, proxy or timeout.
    #[error("{method} {url} failed: {}", failure.detail)]
    Request {
        /// The request method.
        method: Method,
        /// The request URL.
        url: Url,
        /// The classified cause.
        failure: RequestFailure,
    },
    /// The backend responded with its JSON error shape.
    #[error("the GitMe backend rejected {method} {url} ({status}): {}", error.message)]
    Api {
        /// The request method.
        method: Method,
        /// The request URL.
        url: Url,
        /// The HTTP status.
        status: StatusCode,
        /// The error the backend returned.
        error: ApiError,
    },
    /// The backend responded with something that is not the API's JSON.
    #[error("unexpected answer from the GitMe backend to {method} {url}: {status}, {detail}")]
    Unexpected {
        /// The request method.
        method: Method,
        /// The request URL.
        url: Url,
        /// The HTTP status.
        status: StatusCode,
        /// The content type and the start of the body.
        detail: String,
    },
}

impl BackendError {
    /// Returns the backend's machine error code, when it sent one.
    pub fn api_code(&self) -> Option<&str> {
        match self {
            BackendError::Api { error, .. } => Some(&error.code),
            _ => None,
        }
    }

    /// Returns the integration the backend's error is about, such as the existing
    /// integration of `instance_already_connected`.
    pub fn integration_id(&self) -> Option<&str> {
        match self {
            BackendError::Api { error, .. } => error.integration_id.as_deref(),
            _ => None,
        }
    }

    /// Returns the HTTP status, when the backend responded.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            BackendError::Api { status, .. } | BackendError::Unexpected { status, .. } => {
                Some(*status)
            }
            BackendError::Request { .. } => None,
        }
    }

    /// Returns the fix, when one is known.
    pub fn hint(&self) -> Option<String> {
        match self {
            BackendError::Request { failure, url, .. } => Some(backend_request_hint(failure, url)),
            BackendError::Api { error, .. } => error.hint.clone(),
            BackendError::Unexpected { .. } => Some(
                "check `--backend-url`: it must point at the GitMe backend, not the web app"
                    .to_string(),
            ),
        }
    }
}

/// Calls the GitMe backend with a bearer token.
#[derive(Clone)]
pub struct BackendClient {
    http: reqwest::Client,
    base_url: Url,
    token: Secret,
}

impl BackendClient {
    /// Creates a client for the backend at `base_url`.
    pub fn new(http: reqwest::Client, base_url: Url, token: Secret) -> Self {
        BackendClient {
            http,
            base_url,
            token,
        }
    }

    /// Returns the backend's base URL.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// Returns the browser-facing OAuth callback URL of this backend.
    pub fn callback_url(&self) -> Url {
        self.url(super::api::CALLBACK_PATH)
    }

    /// `GET /api/v1/me`: the signed-in user, workspace and role.
    pub async fn me(&self) -> Result<Me, BackendError> {
        self.send(Method::GET, self.url("/api/v1/me"), None::<&()>, None)
            .await
    }

    /// Registers the application link's credentials for an instance.
    pub async fn create_integration(
        &self,
        request: &CreateIntegration,
    ) -> Result<Integration, BackendError> {
        self.send(
            Method::POST,
            self.url(INTEGRATIONS_PATH),
            Some(request),
            None,
        )
        .await
    }

    /// Reads an integration, long-polling up to `wait` for a revision newer than `since`.
    pub async fn integration(
        &self,
        id: &str,
        wait: Duration,
        since: Option<u64>,
    ) -> Result<Integration, BackendError> {
        let wait_seconds = wait.as_secs().min(MAX_WAIT_SECONDS);
        let mut url = self.integration_url(id, None);
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("wait", &wait_seconds.to_string());
            if let Some(since) = since {
                query.append_pair("since", &since.to_string());
            }
        }
        let timeout = Duration::from_secs(wait_seconds) + LONG_POLL_MARGIN;
        self.send(Method::GET, url, None::<&()>, Some(timeout))
            .await
    }

    /// Reads one page of the repositories an integration discovered.
    pub async fn repositories(
        &self,
        id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<RepositoryPage, BackendError> {
        let mut url = self.integration_url(id, Some("repositories"));
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("limit", &limit.to_string());
            if let Some(cursor) = cursor {
                query.append_pair("cursor", cursor);
            }
        }
        self.send(Method::GET, url, None::<&()>, None).await
    }

    /// Asks GitMe's cloud to reach the instance and report what it saw. The probe makes
    /// several requests to the instance, so it gets a longer timeout.
    pub async fn probe_instance(
        &self,
        request: &ProbeRequest,
    ) -> Result<ProbeResult, BackendError> {
        let timeout = Duration::from_secs(60);
        self.send(
            Method::POST,
            self.url(PROBE_PATH),
            Some(request),
            Some(timeout),
        )
        .await
    }

    /// Starts a new authorization for integration `id`: renews an expired authorize URL,
    /// or re-authorizes a connected integration under the same id.
    pub async fn renew_authorization(
        &self,
        id: &str,
        request: &RenewAuthorization,
    ) -> Result<Integration, BackendError> {
        let url = self.integration_url(id, Some("authorization"));
        self.send(Method::POST, url, Some(request), None).await
    }

    /// Lists every integration of the workspace, cloud and self-hosted.
    pub async fn list_integrations(&self) -> Result<IntegrationList, BackendError> {
        let url = self.url(ALL_INTEGRATIONS_PATH);
        self.send(Method::GET, url, None::<&()>, None).await
    }

    /// Disconnects the self-hosted Bitbucket integration `id` and deletes it.
    pub async fn delete_integration(&self, id: &str) -> Result<(), BackendError> {
        let url = self.integration_url(id, None);
        self.send(Method::DELETE, url, None::<&()>, None).await
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.base_url.clone();
        let base_path = url.path().trim_end_matches('/').to_string();
        url.set_path(&format!("{base_path}{path}"));
        url
    }

    fn integration_url(&self, id: &str, tail: Option<&str>) -> Url {
        let mut url = self.url(INTEGRATIONS_PATH);
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.push(id);
            if let Some(tail) = tail {
                segments.push(tail);
            }
        }
        url
    }

    async fn send<B: serde::Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
        timeout: Option<Duration>,
    ) -> Result<T, BackendError> {
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .bearer_auth(self.token.expose())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(body) = body {
            request = request.json(body);
        }
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        let response =
            crate::http_log::send(request)
                .await
                .map_err(|error| BackendError::Request {
                    method: method.clone(),
                    url: url.clone(),
                    failure: classify(&error),
                })?;
        let status = response.status();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = response
            .bytes()
            .await
            .map_err(|error| BackendError::Request {
                method: method.clone(),
                url: url.clone(),
                failure: classify(&error),
            })?;
        let unexpected = |detail: String| BackendError::Unexpected {
            method: method.clone(),
            url: url.clone(),
            status,
            detail,
        };
        if status == StatusCode::NO_CONTENT {
            // A 204 has no body; only a `()` result accepts `null`.
            return serde_json::from_slice(b"null")
                .map_err(|error| unexpected(format!("no body: {error}")));
        }
        if !content_type.starts_with("application/json") {
            return Err(unexpected(describe_body(&content_type, &bytes)));
        }
        if status.is_success() {
            return serde_json::from_slice(&bytes)
                .map_err(|error| unexpected(format!("invalid JSON: {error}")));
        }
        match serde_json::from_slice::<ErrorBody>(&bytes) {
            Ok(body) => Err(BackendError::Api {
                method,
                url,
                status,
                error: body.error,
            }),
            Err(_) => Err(unexpected(describe_body(&content_type, &bytes))),
        }
    }
}

/// Returns the fix for a backend request that got no response. The generic hints of
/// [`RequestFailure`] name the Bitbucket instance, so the backend has its own.
pub fn backend_request_hint(failure: &RequestFailure, url: &Url) -> String {
    use crate::http_client::{FailureKind, TlsProblem};
    let origin = url.origin().ascii_serialization();
    let check = format!(
        "check the GitMe backend URL `{origin}`, set by `--backend-url`, `GITME_BACKEND_URL` or the config file"
    );
    match &failure.kind {
        FailureKind::Tls(TlsProblem::UnknownIssuer) => format!(
            "{check}; if a proxy or a private CA signs its certificate, pass that CA with `--ca-cert FILE`"
        ),
        FailureKind::Proxy => {
            format!("{check}; the proxy failed, so check `HTTPS_PROXY` and `NO_PROXY`")
        }
        FailureKind::Timeout => format!("{check}; it did not respond in time"),
        _ => format!("{check}, and that this machine can reach it"),
    }
}

fn describe_body(content_type: &str, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let excerpt: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let excerpt: String = excerpt.chars().take(120).collect();
    let content_type = if content_type.is_empty() {
        "no content type"
    } else {
        content_type
    };
    format!("{content_type}, body starts with `{excerpt}`")
}
