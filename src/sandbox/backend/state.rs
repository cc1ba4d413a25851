//! The in-memory store of integrations, their OAuth `state` values and discovered
//! repositories, with a revision watch per integration for long-polling.
//!
//! The store uses a `std::sync::Mutex` because no lock is held across an `.await`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::{Mutex, MutexGuard};

use time::OffsetDateTime;
use tokio::sync::watch;
use url::Url;

use crate::backend::api::{
    ApiError, ConnectedAs, DiscoveredRepository, Discovery, DiscoveryState, Integration,
    IntegrationStatus,
};
use crate::secret::Secret;

pub(super) mod manage;

/// The sort and deduplication key of a discovered repository: project key, then slug.
pub(crate) type RepositoryKey = (String, String);

/// One integration with the parts the API never returns.
struct Record {
    workspace_id: String,
    view: Integration,
    /// The instance URL without a trailing slash, used to detect the same instance.
    instance_key: String,
    client_secret: Secret,
    pkce_verifier: Secret,
    repositories: BTreeMap<RepositoryKey, DiscoveredRepository>,
    revisions: watch::Sender<u64>,
    /// When discovery last completed.
    synced_at: Option<OffsetDateTime>,
    /// Whether the integration was connected once. A pending re-authorization of such an
    /// integration still owns its instance, so a new create must not replace it.
    ever_connected: bool,
    /// The newer integration that replaced this pending one, if any.
    superseded_by: Option<String>,
}

impl Record {
    /// Increments the revision and wakes every long-poll waiting on this integration.
    fn bump(&mut self) {
        self.view.revision += 1;
        self.revisions.send_replace(self.view.revision);
    }

    /// Marks a pending integration whose authorize URL has expired as `expired`.
    fn expire_if_due(&mut self, now: OffsetDateTime) {
        let pending = self.view.status == IntegrationStatus::PendingAuthorization;
        if pending && now >= self.view.expires_at {
            self.expire();
        }
    }

    fn expire(&mut self) {
        self.view.status = IntegrationStatus::Expired;
        self.view.authorize_url = None;
        self.bump();
    }

    /// Expires a pending integration that a newer create for the same instance replaced,
    /// and names the new one in its error, so a client waiting on it can point there.
    fn supersede(&mut self, newer_id: &str) {
        self.superseded_by = Some(newer_id.to_string());
        self.view.error = Some(crate::backend::api::ApiError {
            code: "superseded".to_string(),
            message: format!(
                "a newer registration for the same instance, integration {newer_id}, replaced this one"
            ),
            hint: Some(format!(
                "wait for the newer one with `gitme connect bitbucket --resume {newer_id}`"
            )),
            integration_id: Some(newer_id.to_string()),
        });
        self.expire();
    }
}

/// A new integration, as the create endpoint builds it.
pub(crate) struct NewIntegration {
    pub workspace_id: String,
    pub view: Integration,
    pub instance_key: String,
    pub client_secret: Secret,
    pub pkce_verifier: Secret,
    pub oauth_state: String,
}

/// A conflict that prevents creating an integration.
pub(crate) enum CreateConflict {
    /// The workspace already has a connected integration for the instance.
    AlreadyConnected { integration_id: String },
}

/// The result of looking up the callback's `state` parameter.
pub(crate) enum AuthorizationLookup {
    /// No integration has this state, or the state was already used.
    Unknown,
    /// The integration exists but no longer waits for authorization.
    NotPending(IntegrationStatus),
    /// The integration waits for this authorization.
    Pending(Box<PendingAuthorization>),
}

/// The parts of a pending integration that the code exchange needs.
pub(crate) struct PendingAuthorization {
    pub integration_id: String,
    pub instance_url: Url,
    pub client_id: String,
    pub client_secret: Secret,
    pub pkce_verifier: Secret,
    pub callback_url: Url,
}

#[derive(Default)]
struct Inner {
    integrations: HashMap<String, Record>,
    /// OAuth `state` value to integration id. Each entry is removed on first use.
    authorization_states: HashMap<String, String>,
}

/// The integrations store.
#[derive(Default)]
pub(crate) struct Store {
    inner: Mutex<Inner>,
}

impl Store {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while the lock was held leaves plain data behind, so keep serving.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Inserts a new pending integration and supersedes (expires) any pending one for the
    /// same instance in the workspace.
    pub fn create(&self, new: NewIntegration) -> Result<Integration, CreateConflict> {
        let mut inner = self.lock();
        let now = OffsetDateTime::now_utc();
        let same_instance = |record: &Record| {
            record.workspace_id == new.workspace_id && record.instance_key == new.instance_key
        };
        let connected = inner.integrations.values().find(|record| {
            let reauthorizing = record.ever_connected
                && record.view.status == IntegrationStatus::PendingAuthorization;
            same_instance(record)
                && (record.view.status == IntegrationStatus::Connected || reauthorizing)
        });
        if let Some(record) = connected {
            let integration_id = record.view.id.clone();
            return Err(CreateConflict::AlreadyConnected { integration_id });
        }
        let new_id = new.view.id.clone();
        let superseded = inner
            .integrations
            .values_mut()
            .filter(|record| same_instance(record));
        for record in superseded {
            record.expire_if_due(now);
            if record.view.status == IntegrationStatus::PendingAuthorization {
                record.supersede(&new_id);
            }
        }

        let (revisions, _) = watch::channel(new.view.revision);
        let id = new.view.id.clone();
        let view = new.view.clone();
        inner
            .authorization_states
            .insert(new.oauth_state, id.clone());
        let record = Record {
            workspace_id: new.workspace_id,
            view: new.view,
            instance_key: new.instance_key,
            client_secret: new.client_secret,
            pkce_verifier: new.pkce_verifier,
            repositories: BTreeMap::new(),
            revisions,
            synced_at: None,
            ever_connected: false,
            superseded_by: None,
        };
        inner.integrations.insert(id, record);
        Ok(view)
    }

    /// Returns the integration `id` of `workspace_id` and a receiver of its revisions.
    pub fn get(&self, workspace_id: &str, id: &str) -> Option<(Integration, watch::Receiver<u64>)> {
        let mut inner = self.lock();
        let record = inner.integrations.get_mut(id)?;
        if record.workspace_id != workspace_id {
            return None;
        }
        record.expire_if_due(OffsetDateTime::now_utc());
        Some((record.view.clone(), record.revisions.subscribe()))
    }

    /// Consumes an OAuth `state` value and returns the integration it belongs to.
    pub fn take_authorization(&self, oauth_state: &str) -> AuthorizationLookup {
        let mut inner = self.lock();
        let Some(id) = inner.authorization_states.remove(oauth_state) else {
            return AuthorizationLookup::Unknown;
        };
        let Some(record) = inner.integrations.get_mut(&id) else {
            return AuthorizationLookup::Unknown;
        };
        record.expire_if_due(OffsetDateTime::now_utc());
        if record.view.status != IntegrationStatus::PendingAuthorization {
            return AuthorizationLookup::NotPending(record.view.status);
        }
        AuthorizationLookup::Pending(Box::new(PendingAuthorization {
            integration_id: id,
            instance_url: record.view.instance_url.clone(),
            client_id: record.view.client_id.clone(),
            client_secret: record.client_secret.clone(),
            pkce_verifier: record.pkce_verifier.clone(),
            callback_url: record.view.callback_url.clone(),
        }))
    }

    /// Marks the integration `failed` with `error`, unless it has already left
    /// `pending_authorization`.
    pub fn fail_authorization(&self, id: &str, error: ApiError) {
        self.update(id, |record| {
            if record.view.status == IntegrationStatus::PendingAuthorization {
                record.view.status = IntegrationStatus::Failed;
                record.view.authorize_url = None;
                record.view.error = Some(error);
                record.bump();
            }
        });
    }

    /// Marks the integration `connected` with discovery `running`. Returns false, and
    /// changes nothing, when the integration no longer waits for authorization.
    pub fn connect(&self, id: &str, connected_as: Option<ConnectedAs>) -> bool {
        let updated = self.update(id, |record| {
            if record.view.status != IntegrationStatus::PendingAuthorization {
                return false;
            }
            record.view.status = IntegrationStatus::Connected;
            record.ever_connected = true;
            record.view.authorize_url = None;
            record.view.error = None;
            record.view.connected_as = connected_as;
            record.view.discovery.state = DiscoveryState::Running;
            record.bump();
            true
        });
        updated.unwrap_or(false)
    }

    /// Applies `change` to the discovery progress and bumps the revision.
    pub fn update_discovery(&self, id: &str, change: impl FnOnce(&mut Discovery)) {
        self.update(id, |record| {
            change(&mut record.view.discovery);
            if record.view.discovery.state == DiscoveryState::Completed {
                record.synced_at = Some(OffsetDateTime::now_utc());
            }
            record.bump();
        });
    }

    /// Adds discovered repositories, replacing entries with the same project key and slug,
    /// and bumps the revision once.
    pub fn add_repositories(&self, id: &str, repositories: Vec<DiscoveredRepository>) {
        self.update(id, |record| {
            for repository in repositories {
                let key = (repository.project_key.clone(), repository.slug.clone());
                record.repositories.insert(key, repository);
            }
            record.view.discovery.repositories_found = record.repositories.len() as u64;
            record.bump();
        });
    }

    /// Marks discovery failed and records why on the integration.
    pub fn fail_discovery(&self, id: &str, error: ApiError) {
        self.update(id, |record| {
            record.view.discovery.state = DiscoveryState::Failed;
            record.view.error = Some(error);
            record.bump();
        });
    }

    /// Returns up to `limit` repositories after `after` in (project key, slug) order, and
    /// whether more follow. Returns `None` when the integration is not in the workspace.
    pub fn repositories_after(
        &self,
        workspace_id: &str,
        id: &str,
        after: Option<&RepositoryKey>,
        limit: usize,
    ) -> Option<(Vec<DiscoveredRepository>, bool)> {
        let inner = self.lock();
        let record = inner.integrations.get(id)?;
        if record.workspace_id != workspace_id {
            return None;
        }
        let lower = match after {
            Some(key) => Bound::Excluded(key.clone()),
            None => Bound::Unbounded,
        };
        let mut range = record.repositories.range((lower, Bound::Unbounded));
        let page: Vec<_> = range.by_ref().take(limit).map(|(_, r)| r.clone()).collect();
        let more = range.next().is_some();
        Some((page, more))
    }

    fn update<R>(&self, id: &str, change: impl FnOnce(&mut Record) -> R) -> Option<R> {
        let mut inner = self.lock();
        let record = inner.integrations.get_mut(id)?;
        Some(change(record))
    }
}
