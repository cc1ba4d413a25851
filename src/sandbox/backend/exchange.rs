//! The OAuth 2.0 side of an integration: building the authorize URL, exchanging the code at
//! Bitbucket's token endpoint and reading the username the token belongs to.
//!
//! Bitbucket Data Center's OAuth provider lives at `{instance}/rest/oauth2/latest/`. Its
//! token endpoint reads `client_id` and `client_secret` as form parameters and has no HTTP
//! Basic client authentication, so the client uses `AuthType::RequestBody`. It returns
//! errors as `{"error", "error_description"}`, which the oauth2 crate parses.

use oauth2::basic::{BasicClient, BasicErrorResponse, BasicErrorResponseType};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, HttpRequest, HttpResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, StandardErrorResponse, TokenResponse, TokenUrl,
};
use url::Url;

use crate::backend::api::{ApiError, BITBUCKET_SCOPE};
use crate::secret::Secret;

/// The path of the authorize endpoint below the instance URL.
const AUTHORIZE_PATH: &str = "rest/oauth2/latest/authorize";

/// The path of the token endpoint below the instance URL.
const TOKEN_PATH: &str = "rest/oauth2/latest/token";

/// An anonymous-allowed REST resource whose response carries `X-AUSERNAME` when the request
/// has a valid token.
const USERNAME_PROBE_PATH: &str = "rest/api/1.0/application-properties";

type OauthClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// A fresh authorize URL with the values the callback needs later.
pub(crate) struct Authorization {
    pub authorize_url: Url,
    pub oauth_state: String,
    pub pkce_verifier: Secret,
}

/// The client registration the exchange uses.
pub(crate) struct ClientRegistration<'a> {
    pub instance_url: &'a Url,
    pub client_id: &'a str,
    pub client_secret: &'a Secret,
    pub callback_url: &'a Url,
}

/// Joins `path` onto the instance URL, keeping any context path such as `/bitbucket`.
pub(crate) fn instance_endpoint(instance_url: &Url, path: &str) -> Result<Url, url::ParseError> {
    let mut base = instance_url.clone();
    if !base.path().ends_with('/') {
        let with_slash = format!("{}/", base.path());
        base.set_path(&with_slash);
    }
    base.join(path)
}

fn oauth_client(registration: &ClientRegistration<'_>) -> Result<OauthClient, String> {
    let endpoint = |path| {
        instance_endpoint(registration.instance_url, path)
            .map(|url| url.to_string())
            .map_err(|error| format!("building the {path} URL failed: {error}"))
    };
    let auth_url = AuthUrl::new(endpoint(AUTHORIZE_PATH)?).map_err(|error| error.to_string())?;
    let token_url = TokenUrl::new(endpoint(TOKEN_PATH)?).map_err(|error| error.to_string())?;
    let redirect_url = RedirectUrl::from_url(registration.callback_url.clone());
    let client = BasicClient::new(ClientId::new(registration.client_id.to_owned()))
        .set_client_secret(ClientSecret::new(
            registration.client_secret.expose().to_owned(),
        ))
        .set_auth_type(AuthType::RequestBody)
        .set_auth_uri(auth_url)
        .set_token_uri(token_url)
        .set_redirect_uri(redirect_url);
    Ok(client)
}

/// Builds the authorize URL with a random single-use `state` and a PKCE S256 challenge.
pub(crate) fn authorization(
    registration: &ClientRegistration<'_>,
) -> Result<Authorization, String> {
    let client = oauth_client(registration)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (authorize_url, state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scope(Scope::new(BITBUCKET_SCOPE.to_owned()))
        .set_pkce_challenge(challenge)
        .url();
    Ok(Authorization {
        authorize_url,
        oauth_state: state.secret().clone(),
        pkce_verifier: Secret::new(verifier.secret().clone()),
    })
}

/// Exchanges an authorization code for an access token.
///
/// The error is the `token_exchange_failed` API error to store on the integration.
pub(crate) async fn exchange_code(
    http: &reqwest::Client,
    registration: &ClientRegistration<'_>,
    code: &str,
    pkce_verifier: &Secret,
) -> Result<Secret, ApiError> {
    let client = oauth_client(registration).map_err(|message| exchange_error(message, None))?;
    // Each call gets its own client handle, so the returned future borrows nothing and the
    // axum handler that awaits it stays Send.
    let send = |request: HttpRequest| send_request(http.clone(), request);
    let response = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.expose().to_owned()))
        .request_async(&send)
        .await;
    match response {
        Ok(token) => Ok(Secret::new(token.access_token().secret().clone())),
        Err(error) => Err(describe_exchange_error(error)),
    }
}

/// Sends one oauth2 request through the backend's reqwest client.
async fn send_request(
    http: reqwest::Client,
    request: HttpRequest,
) -> Result<HttpResponse, reqwest::Error> {
    let (parts, body) = request.into_parts();
    let response = http
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    let mut converted = http::Response::new(body.to_vec());
    *converted.status_mut() = status;
    *converted.headers_mut() = headers;
    Ok(converted)
}

fn describe_exchange_error(
    error: RequestTokenError<reqwest::Error, BasicErrorResponse>,
) -> ApiError {
    match error {
        RequestTokenError::ServerResponse(response) => describe_server_error(&response),
        RequestTokenError::Request(error) => exchange_error(
            format!(
                "The request to Bitbucket's token endpoint failed: {}",
                error_chain(&error)
            ),
            Some("Check that the backend can reach the Bitbucket instance over HTTPS."),
        ),
        RequestTokenError::Parse(error, _) => exchange_error(
            format!("Bitbucket's token endpoint returned a response that is not a token: {error}"),
            Some("Check that the instance URL points at Bitbucket and not at a proxy page."),
        ),
        RequestTokenError::Other(message) => exchange_error(
            format!("Bitbucket's token endpoint returned an unexpected response: {message}"),
            None,
        ),
    }
}

fn describe_server_error(response: &StandardErrorResponse<BasicErrorResponseType>) -> ApiError {
    let code = response.error().as_ref();
    let description = response
        .error_description()
        .map(|text| format!(": {text}"))
        .unwrap_or_default();
    let (meaning, hint) = match response.error() {
        BasicErrorResponseType::InvalidClient => (
            " (the client ID or client secret is wrong)",
            Some("Copy the client secret again from the application link in Bitbucket."),
        ),
        BasicErrorResponseType::InvalidGrant | BasicErrorResponseType::InvalidRequest => (
            " (the authorization code was rejected)",
            Some("Run the connect command again and authorize within a minute."),
        ),
        _ => ("", None),
    };
    exchange_error(
        format!("Bitbucket rejected the code exchange with {code}{meaning}{description}"),
        hint,
    )
}

fn exchange_error(message: String, hint: Option<&str>) -> ApiError {
    ApiError {
        code: "token_exchange_failed".to_owned(),
        message,
        hint: hint.map(str::to_owned),
        integration_id: None,
    }
}

/// Reads the `X-AUSERNAME` header of an authenticated REST call. Returns `None` when the
/// call fails or the header is missing.
pub(crate) async fn fetch_username(
    http: &reqwest::Client,
    instance_url: &Url,
    access_token: &Secret,
) -> Option<String> {
    let url = instance_endpoint(instance_url, USERNAME_PROBE_PATH).ok()?;
    let response = http
        .get(url)
        .bearer_auth(access_token.expose())
        .send()
        .await;
    let response = match response {
        Ok(response) => response,
        Err(error) => {
            tracing::warn!(error = %error_chain(&error), "reading X-AUSERNAME failed");
            return None;
        }
    };
    let username = response.headers().get("x-ausername")?.to_str().ok()?;
    Some(username.to_owned())
}

/// Returns the error's message followed by every cause, separated by `: `.
pub(crate) fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_keeps_context_path() {
        let instance = Url::parse("https://git.example.com/bitbucket").expect("valid URL");
        let token = instance_endpoint(&instance, TOKEN_PATH).expect("joined URL");
        assert_eq!(
            token.as_str(),
            "https://git.example.com/bitbucket/rest/oauth2/latest/token"
        );
    }

    #[test]
    fn endpoint_joins_root_instance() {
        let instance = Url::parse("https://git.example.com").expect("valid URL");
        let token = instance_endpoint(&instance, TOKEN_PATH).expect("joined URL");
        assert_eq!(
            token.as_str(),
            "https://git.example.com/rest/oauth2/latest/token"
        );
    }
}
