//! Store operations behind the management endpoints: listing, deleting and starting a new
//! authorization for an existing integration.

use time::OffsetDateTime;

use super::{Record, Store};
use crate::backend::api::{Discovery, DiscoveryState, Integration, IntegrationStatus};
use crate::sandbox::backend::exchange::{self, ClientRegistration};
use crate::secret::Secret;

/// An integration with the time its discovery last completed.
pub(crate) struct ListedIntegration {
    pub view: Integration,
    pub synced_at: Option<OffsetDateTime>,
}

/// The reason a new authorization could not start.
pub(crate) enum RenewError {
    /// No integration with this id exists in the workspace.
    NotFound,
    /// A newer registration for the same instance replaced this integration; the value is
    /// the newer integration's id.
    Superseded(String),
    /// The authorize URL could not be built, and the text names the problem.
    Invalid(String),
}

/// The new values of a renewed authorization.
pub(crate) struct Renewal {
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub expires_at: OffsetDateTime,
}

impl Store {
    /// Returns every integration of `workspace_id`, ordered by id.
    pub fn list(&self, workspace_id: &str) -> Vec<ListedIntegration> {
        let mut inner = self.lock();
        let now = OffsetDateTime::now_utc();
        let mut listed: Vec<ListedIntegration> = inner
            .integrations
            .values_mut()
            .filter(|record| record.workspace_id == workspace_id)
            .map(|record| {
                record.expire_if_due(now);
                ListedIntegration {
                    view: record.view.clone(),
                    synced_at: record.synced_at,
                }
            })
            .collect();
        listed.sort_by(|left, right| left.view.id.cmp(&right.view.id));
        listed
    }

    /// Deletes integration `id` of `workspace_id` and its unused OAuth `state` values.
    /// Returns false when no such integration exists.
    pub fn delete(&self, workspace_id: &str, id: &str) -> bool {
        let mut inner = self.lock();
        let owned = inner
            .integrations
            .get(id)
            .is_some_and(|record| record.workspace_id == workspace_id);
        if !owned {
            return false;
        }
        inner.integrations.remove(id);
        inner
            .authorization_states
            .retain(|_, integration_id| integration_id != id);
        true
    }

    /// Starts a new authorization for integration `id`: a new `state`, PKCE verifier and
    /// expiry, and optionally new client credentials. Every earlier `state` of the
    /// integration stops working. A connected integration loses its connection, discovery
    /// and repositories until the new callback succeeds.
    // NOTE: a discovery task still running for the previous connection keeps adding
    // repositories after the reset; nothing cancels it.
    pub fn renew(
        &self,
        workspace_id: &str,
        id: &str,
        renewal: Renewal,
    ) -> Result<Integration, RenewError> {
        let mut inner = self.lock();
        let record = inner
            .integrations
            .get_mut(id)
            .filter(|record| record.workspace_id == workspace_id)
            .ok_or(RenewError::NotFound)?;
        if let Some(newer_id) = &record.superseded_by {
            return Err(RenewError::Superseded(newer_id.clone()));
        }
        let client_id = renewal
            .client_id
            .unwrap_or_else(|| record.view.client_id.clone());
        let client_secret = renewal
            .client_secret
            .unwrap_or_else(|| record.client_secret.clone());
        let registration = ClientRegistration {
            instance_url: &record.view.instance_url,
            client_id: &client_id,
            client_secret: &client_secret,
            callback_url: &record.view.callback_url,
        };
        let authorization = exchange::authorization(&registration).map_err(RenewError::Invalid)?;

        apply_renewal(record, client_id, client_secret, &authorization);
        record.view.expires_at = renewal.expires_at;
        record.bump();
        let view = record.view.clone();
        inner
            .authorization_states
            .retain(|_, integration_id| integration_id != id);
        inner
            .authorization_states
            .insert(authorization.oauth_state, id.to_owned());
        Ok(view)
    }
}

fn apply_renewal(
    record: &mut Record,
    client_id: String,
    client_secret: Secret,
    authorization: &exchange::Authorization,
) {
    record.view.client_id = client_id;
    record.client_secret = client_secret;
    record.pkce_verifier = authorization.pkce_verifier.clone();
    record.view.status = IntegrationStatus::PendingAuthorization;
    record.view.authorize_url = Some(authorization.authorize_url.clone());
    record.view.error = None;
    record.view.connected_as = None;
    record.view.discovery = Discovery {
        state: DiscoveryState::NotStarted,
        projects_total: None,
        projects_scanned: 0,
        repositories_found: 0,
    };
    record.repositories.clear();
    record.synced_at = None;
}
