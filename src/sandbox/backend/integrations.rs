//! The management endpoints: the workspace's integrations of every provider, disconnecting
//! a self-hosted Bitbucket integration, and starting a new authorization for one.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use time::OffsetDateTime;
use time::macros::datetime;

use super::failure::ApiFailure;
use super::routes::{AppState, authenticate};
use super::state::manage::{ListedIntegration, RenewError, Renewal};
use crate::backend::api::{
    BITBUCKET_DATA_CENTER_PROVIDER, ConnectedAs, DiscoveryState, Hosting, Integration,
    IntegrationList, IntegrationStatus, IntegrationSummary, Role, SyncStatus,
};
use crate::secret::Secret;

/// The id of the cloud integration every sandbox workspace lists, so a listing shows cloud
/// and self-hosted integrations together.
pub(crate) const SEEDED_CLOUD_ID: &str = "int_github_sandbox";

/// `GET /api/v1/integrations`: the seeded GitHub integration and every self-hosted
/// Bitbucket integration of the token's workspace.
pub(super) async fn list_all(
    State(app): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<IntegrationList>, ApiFailure> {
    let account = authenticate(&app, &headers)?;
    let mut integrations = vec![seeded_cloud_integration()];
    integrations.extend(
        app.store
            .list(&account.workspace.id)
            .into_iter()
            .map(summarise),
    );
    Ok(Json(IntegrationList { integrations }))
}

/// `DELETE /api/v1/self-hosted-integrations/bitbucket/{id}`: disconnects and deletes the
/// integration. Only an Account Admin may call it.
pub(super) async fn delete(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiFailure> {
    let account = authenticate(&app, &headers)?;
    if account.role != Role::AccountAdmin {
        return Err(ApiFailure::not_account_admin());
    }
    if !app.store.delete(&account.workspace.id, &id) {
        return Err(ApiFailure::integration_not_found(&id));
    }
    tracing::info!(integration_id = %id, "integration deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/self-hosted-integrations/bitbucket/{id}/authorization`: a new authorize
/// URL for the integration, in any status. Only an Account Admin may call it.
pub(super) async fn renew(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<Integration>, ApiFailure> {
    let account = authenticate(&app, &headers)?;
    if account.role != Role::AccountAdmin {
        return Err(ApiFailure::not_account_admin());
    }
    let (client_id, client_secret) = read_renew_body(&body)?;
    let ttl =
        time::Duration::try_from(app.authorization_ttl()).unwrap_or(time::Duration::minutes(10));
    let renewal = Renewal {
        client_id,
        client_secret,
        expires_at: OffsetDateTime::now_utc() + ttl,
    };
    match app.store.renew(&account.workspace.id, &id, renewal) {
        Ok(integration) => {
            tracing::info!(integration_id = %id, "authorization renewed");
            Ok(Json(integration))
        }
        Err(RenewError::NotFound) => Err(ApiFailure::integration_not_found(&id)),
        Err(RenewError::Superseded(newer_id)) => Err(ApiFailure::superseded(&id, newer_id)),
        Err(RenewError::Invalid(reason)) => Err(ApiFailure::invalid_request(&format!(
            "The authorize URL cannot be built: {reason}"
        ))),
    }
}

/// Reads the optional `client_id` and `client_secret`. An empty body means neither. No
/// error message echoes a value.
fn read_renew_body(bytes: &[u8]) -> Result<(Option<String>, Option<Secret>), ApiFailure> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok((None, None));
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| {
        ApiFailure::invalid_request(&format!("The request body is not valid JSON: {error}"))
    })?;
    let Some(object) = value.as_object() else {
        return Err(ApiFailure::invalid_request(
            "The request body must be a JSON object.",
        ));
    };
    let string_field = |name: &str| match object.get(name) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(text)) if text.trim().is_empty() => Err(
            ApiFailure::invalid_request(&format!("{name} must not be blank.")),
        ),
        Some(serde_json::Value::String(text)) => Ok(Some(text.trim().to_owned())),
        Some(_) => Err(ApiFailure::invalid_request(&format!(
            "{name} must be a string."
        ))),
    };
    let client_id = string_field("client_id")?;
    let client_secret = string_field("client_secret")?.map(Secret::new);
    if client_id.is_some() && client_secret.is_none() {
        return Err(ApiFailure::invalid_request(
            "client_secret is required with client_id, because a new application link has a new secret.",
        ));
    }
    Ok((client_id, client_secret))
}

fn summarise(listed: ListedIntegration) -> IntegrationSummary {
    let view = listed.view;
    let sync_state = match (view.status, view.discovery.state) {
        (IntegrationStatus::Connected, DiscoveryState::Running) => "running",
        (IntegrationStatus::Connected, DiscoveryState::Completed) => "idle",
        (IntegrationStatus::Connected, DiscoveryState::Failed) => "failed",
        _ => "pending",
    };
    let status = serde_json::to_value(view.status)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    IntegrationSummary {
        id: view.id,
        provider: BITBUCKET_DATA_CENTER_PROVIDER.to_owned(),
        hosting: Hosting::SelfHosted,
        name: view.instance_url.as_str().trim_end_matches('/').to_owned(),
        status,
        connected_as: view.connected_as,
        repositories: view.discovery.repositories_found,
        sync: SyncStatus {
            state: sync_state.to_owned(),
            last_synced_at: listed.synced_at,
        },
        error: view.error,
    }
}

/// Returns a connected GitHub.com organisation with fixed values.
fn seeded_cloud_integration() -> IntegrationSummary {
    IntegrationSummary {
        id: SEEDED_CLOUD_ID.to_owned(),
        provider: "github".to_owned(),
        hosting: Hosting::Cloud,
        name: "sandbox-org".to_owned(),
        status: "connected".to_owned(),
        connected_as: Some(ConnectedAs {
            username: "sandbox-bot".to_owned(),
        }),
        repositories: 12,
        sync: SyncStatus {
            state: "idle".to_owned(),
            last_synced_at: Some(datetime!(2026-12-01 06:00 UTC)),
        },
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renew_body_empty_keeps_credentials() {
        let (client_id, client_secret) = read_renew_body(b"").expect("empty body accepted");
        assert!(client_id.is_none());
        assert!(client_secret.is_none());
    }

    #[test]
    fn renew_body_reads_both_fields() {
        let body = br#"{"client_id": " new-id ", "client_secret": "new-secret"}"#;
        let (client_id, client_secret) = read_renew_body(body).expect("body accepted");
        assert_eq!(client_id.as_deref(), Some("new-id"));
        assert_eq!(
            client_secret
                .map(|secret| secret.expose().to_owned())
                .as_deref(),
            Some("new-secret")
        );
    }

    #[test]
    fn renew_body_rejects_id_alone() {
        assert!(read_renew_body(br#"{"client_id": "new-id"}"#).is_err());
    }

    #[test]
    fn renew_body_rejects_blank_secret() {
        assert!(read_renew_body(br#"{"client_secret": "  "}"#).is_err());
        assert!(read_renew_body(br#"{"client_secret": 5}"#).is_err());
        assert!(read_renew_body(b"[]").is_err());
    }
}
