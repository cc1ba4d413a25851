//! Request and response types of the GitMe backend API, version 1.
//!
//! Both sides use these types: the client in [`crate::backend`] and the sandbox backend in
//! [`crate::sandbox::backend`]. `docs/backend-api.md` is the written contract; a change here
//! must change that page too.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::secret::Secret;

/// The OAuth 2.0 scope GitMe requests from Bitbucket: read access to projects and
/// repositories, the minimum GitMe uses.
pub const BITBUCKET_SCOPE: &str = "REPO_READ";

/// The name admins give the incoming application link in Bitbucket.
pub const APPLICATION_NAME: &str = "GitMe Performance Tracking";

/// The path of the browser-facing OAuth callback on the backend.
pub const CALLBACK_PATH: &str = "/self-hosted-integrations/bitbucket/callback";

/// The path of the self-hosted Bitbucket integrations collection.
pub const INTEGRATIONS_PATH: &str = "/api/v1/self-hosted-integrations/bitbucket";

/// The maximum long-poll wait the backend honours, in seconds. Larger `wait` values are
/// clamped.
pub const MAX_WAIT_SECONDS: u64 = 30;

/// The error body of every non-2xx API response: `{"error": {...}}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error itself.
    pub error: ApiError,
}

/// One API error: a stable machine code, a message for people and an optional fix.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApiError {
    /// A stable snake_case code, for example `not_account_admin`.
    pub code: String,
    /// A sentence that names what failed.
    pub message: String,
    /// The fix, when the backend has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The id of the integration the error is about, for `instance_already_connected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_id: Option<String>,
}

/// The role of a user in a GitMe workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// May connect and disconnect integrations.
    AccountAdmin,
    /// May view, not connect.
    Member,
}

/// `GET /api/v1/me`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Me {
    /// The signed-in user.
    pub user: User,
    /// The workspace the token belongs to.
    pub workspace: Workspace,
    /// The user's role in that workspace.
    pub role: Role,
}

/// A GitMe user.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    /// Opaque user id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Email address.
    pub email: String,
}

/// A GitMe workspace.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Workspace {
    /// Opaque workspace id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The first day GitMe analyses, in `YYYY-MM-DD` form: the first day of the month the
    /// workspace was set up. Older history needs Historical Analysis.
    pub analysis_starts_on: String,
}

/// `POST /api/v1/self-hosted-integrations/bitbucket` request body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateIntegration {
    /// The instance base URL, normalised, including any context path.
    pub instance_url: Url,
    /// The client ID of the incoming application link.
    pub client_id: String,
    /// The client secret of the incoming application link. Only the backend keeps it.
    pub client_secret: Secret,
}

/// The state of an integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntegrationStatus {
    /// Registered; waiting for the admin to authorize GitMe in Bitbucket.
    PendingAuthorization,
    /// Authorized, the code exchanged and the connection created.
    Connected,
    /// The authorization or the code exchange failed, and `error` contains the reason.
    Failed,
    /// No one authorized before `expires_at`.
    Expired,
}

impl IntegrationStatus {
    /// Reports whether the status can still change.
    pub fn is_final(self) -> bool {
        !matches!(self, IntegrationStatus::PendingAuthorization)
    }
}

/// The state of repository discovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscoveryState {
    /// Waits for the connection.
    NotStarted,
    /// Pages through the instance's projects and repositories.
    Running,
    /// Every project was scanned.
    Completed,
    /// Discovery stopped, and the integration's `error` contains the reason.
    Failed,
}

/// Progress of repository discovery.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Discovery {
    /// The discovery state.
    pub state: DiscoveryState,
    /// The number of projects to scan, once the project list is read.
    pub projects_total: Option<u64>,
    /// The number of projects whose repositories were all listed.
    pub projects_scanned: u64,
    /// The number of repositories found so far.
    pub repositories_found: u64,
}

/// The Bitbucket user GitMe connected as.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConnectedAs {
    /// The Bitbucket username, from the `X-AUSERNAME` response header.
    pub username: String,
}

/// Links into the GitMe web app for the steps after connecting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NextStepLinks {
    /// Plan configuration, the first step after connecting.
    pub plan_configuration: Url,
    /// Settings > Billing & Payment.
    pub billing: Url,
}

/// A self-hosted Bitbucket integration, as every integration endpoint returns it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Integration {
    /// Opaque integration id.
    pub id: String,
    /// The instance base URL.
    pub instance_url: Url,
    /// The client ID of the incoming application link.
    pub client_id: String,
    /// The integration state.
    pub status: IntegrationStatus,
    /// A counter that grows on every change; pass it back as `since` to long-poll.
    pub revision: u64,
    /// The URL to open in the browser; present while the status is `pending_authorization`.
    pub authorize_url: Option<Url>,
    /// The redirect URL to register on the application link, exactly.
    pub callback_url: Url,
    /// The scope requested, `REPO_READ`.
    pub scope: String,
    /// When the authorize URL stops working (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: time::OffsetDateTime,
    /// The reason the integration failed, when it did.
    pub error: Option<ApiError>,
    /// The Bitbucket user GitMe connected as, once connected.
    pub connected_as: Option<ConnectedAs>,
    /// Repository discovery progress.
    pub discovery: Discovery,
    /// Next steps in the GitMe web app.
    pub links: NextStepLinks,
}

/// One repository that discovery found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscoveredRepository {
    /// The project key, `~username` for a personal project.
    pub project_key: String,
    /// The project name.
    pub project_name: String,
    /// The repository slug.
    pub slug: String,
    /// The repository name.
    pub name: String,
    /// Whether the repository is archived.
    pub archived: bool,
    /// Whether the repository sits in a personal project.
    pub personal: bool,
}

/// `GET /api/v1/self-hosted-integrations/bitbucket/{id}/repositories` response body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepositoryPage {
    /// The repositories of this page, ordered by project key, then slug.
    pub repositories: Vec<DiscoveredRepository>,
    /// The cursor of the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The path of the cloud-side reachability probe.
pub const PROBE_PATH: &str = "/api/v1/self-hosted-integrations/bitbucket/probe";

/// `POST /api/v1/self-hosted-integrations/bitbucket/probe` request body: ask GitMe's cloud
/// to reach an instance the way the connection will.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProbeRequest {
    /// The instance base URL, normalised, including any context path.
    pub instance_url: Url,
}

/// The outcome of one cloud-side probe step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeStatus {
    /// The step worked.
    Ok,
    /// The step worked, with something to look at.
    Warn,
    /// The step failed.
    Fail,
}

/// One step of the cloud-side probe, such as `https` or `token_endpoint`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProbeStep {
    /// A stable step id: `https`, `application_properties`, `token_endpoint`, `rest_api`.
    pub id: String,
    /// The step's outcome.
    pub status: ProbeStatus,
    /// The response GitMe's cloud saw.
    pub detail: String,
}

/// `POST /api/v1/self-hosted-integrations/bitbucket/probe` response body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProbeResult {
    /// The instance that was probed.
    pub instance_url: Url,
    /// Whether every step passed, so the connection can work from GitMe's cloud.
    pub reachable: bool,
    /// The steps, in the order they ran.
    pub steps: Vec<ProbeStep>,
    /// The addresses GitMe's cloud connects from, for the instance's allowlist.
    pub source_addresses: Vec<String>,
}

/// The path of the device authorization endpoint (RFC 8628, section 3.1).
pub const DEVICE_CODE_PATH: &str = "/oauth/device/code";

/// The path of the token endpoint that redeems a device code (RFC 8628, section 3.4).
pub const TOKEN_PATH: &str = "/oauth/token";

/// The OAuth 2.0 client ID of the gitme CLI, a public client without a secret.
pub const CLI_CLIENT_ID: &str = "gitme-cli";

/// The scope gitme requests at sign-in: the `/api/v1` endpoints on behalf of the user.
pub const CLI_SCOPE: &str = "api";

/// The `grant_type` of a device access token request.
pub const DEVICE_CODE_GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// `POST /oauth/device/code` response body (RFC 8628, section 3.2).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceCodeResponse {
    /// The code the CLI polls the token endpoint with. Never shown to the user.
    pub device_code: Secret,
    /// The code the user enters at `verification_uri`, such as `WDJB-MJHT`.
    pub user_code: String,
    /// The page where the user signs in and enters the user code.
    pub verification_uri: Url,
    /// `verification_uri` with the user code filled in.
    pub verification_uri_complete: Option<Url>,
    /// Seconds until the device code and the user code expire.
    pub expires_in: u64,
    /// The minimum number of seconds between two polls of the token endpoint.
    pub interval: u64,
}

/// The token endpoint's success response body (RFC 6749, section 5.1).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessTokenResponse {
    /// A GitMe API token, usable as `Authorization: Bearer` on `/api/v1`.
    pub access_token: Secret,
    /// Always `bearer`.
    pub token_type: String,
    /// The granted scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// An OAuth 2.0 error response body of the device and token endpoints (RFC 6749, section
/// 5.2, and RFC 8628, section 3.5).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OAuthErrorResponse {
    /// `authorization_pending`, `slow_down`, `access_denied`, `expired_token`,
    /// `invalid_grant`, `invalid_client`, `invalid_request` or `unsupported_grant_type`.
    pub error: String,
    /// A sentence for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

/// The path of the workspace's list of integrations of every provider.
pub const ALL_INTEGRATIONS_PATH: &str = "/api/v1/integrations";

/// The provider id of self-hosted Bitbucket Server and Data Center integrations in
/// [`IntegrationSummary::provider`].
pub const BITBUCKET_DATA_CENTER_PROVIDER: &str = "bitbucket_data_center";

/// `POST /api/v1/self-hosted-integrations/bitbucket/{id}/authorization` request body: start
/// a new authorization for an existing integration. Both fields are optional; `client_id`
/// requires `client_secret`, because a new application link has a new secret.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RenewAuthorization {
    /// The client ID of a new application link, when it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// A new client secret, when it changed. Only the backend keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
}

/// The place a code host runs: the vendor's cloud or the customer's servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    /// A SaaS code host such as GitHub.com or Bitbucket Cloud.
    Cloud,
    /// A code host the customer runs, such as Bitbucket Data Center.
    SelfHosted,
}

/// The state of an integration's repository synchronisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SyncStatus {
    /// `pending` (not connected yet), `running`, `idle` (the last run completed) or
    /// `failed`. Clients show unknown values as they are.
    pub state: String,
    /// When the last run completed, or null before the first one.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_synced_at: Option<time::OffsetDateTime>,
}

/// One integration of any provider, as `GET /api/v1/integrations` lists it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IntegrationSummary {
    /// Opaque integration id.
    pub id: String,
    /// The provider, such as `github` or [`BITBUCKET_DATA_CENTER_PROVIDER`].
    pub provider: String,
    /// Whether the code host is cloud or self-hosted.
    pub hosting: Hosting,
    /// The instance URL of a self-hosted code host, or the organisation or workspace name
    /// of a cloud one.
    pub name: String,
    /// The status. For self-hosted Bitbucket it is one of the [`IntegrationStatus`]
    /// values, and clients show unknown values as they are.
    pub status: String,
    /// The code-host user GitMe connected as, once connected.
    pub connected_as: Option<ConnectedAs>,
    /// The number of repositories GitMe found.
    pub repositories: u64,
    /// Repository synchronisation.
    pub sync: SyncStatus,
    /// The reason the integration or its last sync failed, when it did.
    pub error: Option<ApiError>,
}

/// `GET /api/v1/integrations` response body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IntegrationList {
    /// Every integration of the workspace, cloud and self-hosted, ordered by id.
    pub integrations: Vec<IntegrationSummary>,
}
