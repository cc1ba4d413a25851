//! The client side of the OAuth 2.0 device authorization grant (RFC 8628) against the
//! GitMe backend, with the oauth2 crate over gitme's own reqwest client.
//!
//! gitme is a public client (`gitme-cli`, no secret), so `client_id` goes in the form body.
//! The oauth2 crate polls the token endpoint: it waits `interval` seconds between polls,
//! adds 5 seconds on each `slow_down`, and ends with `expired_token` once `expires_in`
//! has passed.

use std::time::Duration;

use oauth2::basic::BasicClient;
use oauth2::{
    AuthType, ClientId, DeviceAuthorizationUrl, DeviceCodeErrorResponse,
    DeviceCodeErrorResponseType, EndpointNotSet, EndpointSet, HttpRequest, HttpResponse,
    RequestTokenError, Scope, StandardDeviceAuthorizationResponse, TokenResponse, TokenUrl,
};
use url::Url;

use crate::backend::api::{CLI_CLIENT_ID, CLI_SCOPE, DEVICE_CODE_PATH, TOKEN_PATH};
use crate::secret::Secret;

/// The shortest wait between two polls. It applies only when the backend sends an
/// `interval` of 0 (the sandbox does in tests), so gitme never polls in a busy loop.
const MIN_POLL_INTERVAL: Duration = Duration::from_millis(100);

type DeviceClient =
    BasicClient<EndpointNotSet, EndpointSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// The reason the device authorization grant ended without a token.
#[derive(Debug, thiserror::Error)]
pub enum DeviceFlowError {
    /// The user pressed Deny on the verification page.
    #[error("the sign-in was denied in the browser")]
    Denied,
    /// The user code expired before the user entered it.
    #[error("the user code expired before anyone entered it")]
    Expired,
    /// The request failed before a response arrived.
    #[error("the request to {url} failed: {detail}")]
    Request {
        /// The endpoint.
        url: String,
        /// The cause.
        detail: String,
    },
    /// The backend returned another OAuth error.
    #[error("the GitMe backend rejected the sign-in with {code}{}", description.as_deref().map(|text| format!(": {text}")).unwrap_or_default())]
    Rejected {
        /// The OAuth `error` code.
        code: String,
        /// The OAuth `error_description`.
        description: Option<String>,
    },
    /// The backend returned a response that is not an OAuth response.
    #[error("unexpected answer from {url}: {detail}")]
    Unexpected {
        /// The endpoint.
        url: String,
        /// The problem with the response.
        detail: String,
    },
}

/// A started device authorization: what to show the user, and what to poll with.
pub struct DeviceAuthorization {
    response: StandardDeviceAuthorizationResponse,
}

impl DeviceAuthorization {
    /// Returns the code the user enters on the verification page.
    pub fn user_code(&self) -> &str {
        self.response.user_code().secret()
    }

    /// Returns the verification page.
    pub fn verification_uri(&self) -> &str {
        self.response.verification_uri().as_str()
    }

    /// Returns the verification page with the user code filled in, when the backend sent it.
    pub fn verification_uri_complete(&self) -> Option<&str> {
        self.response
            .verification_uri_complete()
            .map(|uri| uri.secret().as_str())
    }

    /// Returns how long the user code stays valid.
    pub fn expires_in(&self) -> Duration {
        self.response.expires_in()
    }

    /// Returns the poll interval the backend asked for.
    pub fn interval(&self) -> Duration {
        self.response.interval()
    }
}

/// Joins an absolute path onto the backend URL, keeping any base path.
fn endpoint(backend_url: &Url, path: &str) -> String {
    let mut url = backend_url.clone();
    let base_path = url.path().trim_end_matches('/').to_string();
    url.set_path(&format!("{base_path}{path}"));
    url.set_query(None);
    url.to_string()
}

fn device_client(backend_url: &Url) -> Result<DeviceClient, DeviceFlowError> {
    let device_url = endpoint(backend_url, DEVICE_CODE_PATH);
    let token_url = endpoint(backend_url, TOKEN_PATH);
    let invalid = |url: &str, error: url::ParseError| DeviceFlowError::Unexpected {
        url: url.to_string(),
        detail: format!("invalid endpoint URL: {error}"),
    };
    let device_authorization_url = DeviceAuthorizationUrl::new(device_url.clone())
        .map_err(|error| invalid(&device_url, error))?;
    let token_url = TokenUrl::new(token_url.clone()).map_err(|error| invalid(&token_url, error))?;
    Ok(BasicClient::new(ClientId::new(CLI_CLIENT_ID.to_string()))
        .set_auth_type(AuthType::RequestBody)
        .set_device_authorization_url(device_authorization_url)
        .set_token_uri(token_url))
}

/// Requests a device code and a user code from the backend at `backend_url`.
pub async fn start(
    http: &reqwest::Client,
    backend_url: &Url,
) -> Result<DeviceAuthorization, DeviceFlowError> {
    let client = device_client(backend_url)?;
    let url = endpoint(backend_url, DEVICE_CODE_PATH);
    let send = |request: HttpRequest| send_request(http.clone(), request);
    let response: StandardDeviceAuthorizationResponse = client
        .exchange_device_code()
        .add_scope(Scope::new(CLI_SCOPE.to_string()))
        .request_async(&send)
        .await
        .map_err(|error| match error {
            RequestTokenError::ServerResponse(response) => DeviceFlowError::Rejected {
                code: response.error().as_ref().to_string(),
                description: response.error_description().cloned(),
            },
            other => describe_error(&url, other),
        })?;
    tracing::debug!(
        expires_in = response.expires_in().as_secs(),
        interval = response.interval().as_secs(),
        "the backend issued a device code"
    );
    Ok(DeviceAuthorization { response })
}

/// Polls the token endpoint until the user approves or denies the sign-in, or the user
/// code expires, and returns the GitMe API token.
pub async fn wait_for_token(
    http: &reqwest::Client,
    backend_url: &Url,
    authorization: &DeviceAuthorization,
) -> Result<Secret, DeviceFlowError> {
    let client = device_client(backend_url)?;
    let url = endpoint(backend_url, TOKEN_PATH);
    let send = |request: HttpRequest| send_request(http.clone(), request);
    let sleep = |interval: Duration| {
        let wait = interval.max(MIN_POLL_INTERVAL);
        tracing::debug!(
            wait_ms = wait.as_millis() as u64,
            "waiting before polling the token endpoint again"
        );
        tokio::time::sleep(wait)
    };
    let token = client
        .exchange_device_access_token(&authorization.response)
        .request_async(&send, sleep, None)
        .await
        .map_err(|error| match error {
            RequestTokenError::ServerResponse(response) => poll_error(&response),
            other => describe_error(&url, other),
        })?;
    Ok(Secret::new(token.access_token().secret().clone()))
}

/// Sends one oauth2 request through gitme's reqwest client, with the HTTP debug log.
async fn send_request(
    http: reqwest::Client,
    request: HttpRequest,
) -> Result<HttpResponse, reqwest::Error> {
    let (parts, body) = request.into_parts();
    let builder = http
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body);
    let response = crate::http_log::send(builder).await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    let mut converted = http::Response::new(body.to_vec());
    *converted.status_mut() = status;
    *converted.headers_mut() = headers;
    Ok(converted)
}

fn describe_error<T: oauth2::ErrorResponse + 'static>(
    url: &str,
    error: RequestTokenError<reqwest::Error, T>,
) -> DeviceFlowError {
    match error {
        // The caller handles the backend's OAuth errors, which have a type per endpoint.
        RequestTokenError::ServerResponse(_) => DeviceFlowError::Unexpected {
            url: url.to_string(),
            detail: "an OAuth error response".to_string(),
        },
        RequestTokenError::Request(error) => DeviceFlowError::Request {
            url: url.to_string(),
            detail: request_error_detail(&error),
        },
        // The parse error names the field, never the body, so no token reaches the message.
        RequestTokenError::Parse(error, _) => DeviceFlowError::Unexpected {
            url: url.to_string(),
            detail: format!("not an OAuth response: {error}"),
        },
        RequestTokenError::Other(message) => DeviceFlowError::Unexpected {
            url: url.to_string(),
            detail: message,
        },
    }
}

fn poll_error(response: &DeviceCodeErrorResponse) -> DeviceFlowError {
    match response.error() {
        DeviceCodeErrorResponseType::AccessDenied => DeviceFlowError::Denied,
        DeviceCodeErrorResponseType::ExpiredToken => DeviceFlowError::Expired,
        other => DeviceFlowError::Rejected {
            code: other.as_ref().to_string(),
            description: response.error_description().cloned(),
        },
    }
}

fn request_error_detail(error: &reqwest::Error) -> String {
    crate::http_client::classify(error).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_keeps_base_path() {
        let url = Url::parse("https://example.com/gitme/").unwrap();
        assert_eq!(
            endpoint(&url, TOKEN_PATH),
            "https://example.com/gitme/oauth/token"
        );
        let url = Url::parse("https://127.0.0.1:8443").unwrap();
        assert_eq!(
            endpoint(&url, DEVICE_CODE_PATH),
            "https://127.0.0.1:8443/oauth/device/code"
        );
    }
}
