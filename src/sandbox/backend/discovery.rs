//! Repository discovery: lists every project and repository the connected Bitbucket user can
//! read, in a background task after the code exchange.
//!
//! It reads `GET /rest/api/1.0/projects`, then `GET /rest/api/1.0/projects/{key}/repos` for
//! several projects at a time (that resource includes archived repositories), then one pass
//! over `GET /rest/api/1.0/repos?archived=ALL` for the repositories of personal projects,
//! which `/projects` does not list. The revision is bumped once per page, not per
//! repository, so long-polling clients stay cheap on instances with many repositories.

use std::sync::Arc;
use std::time::Duration;

use futures_util::TryStreamExt;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use url::Url;

use super::exchange::{error_chain, instance_endpoint};
use super::state::Store;
use crate::backend::api::{ApiError, DiscoveredRepository, DiscoveryState};
use crate::bitbucket::paging::{Page, Pager, PagingError};
use crate::secret::Secret;

/// The wait before retrying a 429 response that has no usable `Retry-After` header.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);

/// The project type Bitbucket gives personal projects (`~username`).
const PERSONAL_PROJECT_TYPE: &str = "PERSONAL";

/// A project as Bitbucket's REST API returns it; unknown fields are ignored.
#[derive(Debug, Clone, Deserialize)]
struct BitbucketProject {
    key: String,
    name: String,
    #[serde(rename = "type", default)]
    project_type: Option<String>,
}

impl BitbucketProject {
    fn is_personal(&self) -> bool {
        self.project_type.as_deref() == Some(PERSONAL_PROJECT_TYPE) || self.key.starts_with('~')
    }
}

/// A repository as Bitbucket's REST API returns it; unknown fields are ignored.
#[derive(Debug, Deserialize)]
struct BitbucketRepository {
    slug: String,
    name: String,
    /// Missing before Bitbucket 8.0, which added archiving.
    #[serde(default)]
    archived: bool,
    project: BitbucketProject,
}

impl BitbucketRepository {
    fn into_discovered(self) -> DiscoveredRepository {
        let personal = self.project.is_personal();
        DiscoveredRepository {
            project_key: self.project.key,
            project_name: self.project.name,
            slug: self.slug,
            name: self.name,
            archived: self.archived,
            personal,
        }
    }
}

/// Everything one discovery run needs.
pub(crate) struct DiscoveryJob {
    pub store: Arc<Store>,
    pub integration_id: String,
    pub http: reqwest::Client,
    pub instance_url: Url,
    pub access_token: Secret,
    pub concurrency: usize,
    pub page_limit: u32,
    pub rate_limit_retries: u32,
    pub max_retry_after: Duration,
}

impl DiscoveryJob {
    /// Runs discovery to the end and records the outcome on the integration.
    pub async fn run(self) {
        let id = self.integration_id.clone();
        tracing::info!(integration_id = %id, "repository discovery started");
        match self.discover().await {
            Ok(()) => {
                self.store
                    .update_discovery(&id, |discovery| discovery.state = DiscoveryState::Completed);
                tracing::info!(integration_id = %id, "repository discovery completed");
            }
            Err(message) => {
                tracing::warn!(integration_id = %id, error = %message, "repository discovery failed");
                let error = ApiError {
                    code: "discovery_failed".to_owned(),
                    message,
                    hint: Some(
                        "Check that the Bitbucket instance is reachable, then connect again."
                            .to_owned(),
                    ),
                    integration_id: Some(id.clone()),
                };
                self.store.fail_discovery(&id, error);
            }
        }
    }

    async fn discover(&self) -> Result<(), String> {
        let projects: Vec<BitbucketProject> = self.collect("rest/api/1.0/projects", &[]).await?;
        let total = projects.len() as u64;
        self.store
            .update_discovery(&self.integration_id, |discovery| {
                discovery.projects_total = Some(total)
            });

        futures_util::stream::iter(projects.into_iter().map(Ok))
            .try_for_each_concurrent(self.concurrency.max(1), |project| {
                self.scan_project(project)
            })
            .await?;

        self.scan_personal_repositories().await
    }

    /// Lists every repository of one project, archived ones included.
    async fn scan_project(&self, project: BitbucketProject) -> Result<(), String> {
        let path = format!(
            "rest/api/1.0/projects/{}/repos",
            encode_segment(&project.key)
        );
        let mut pager =
            Pager::new(|start| self.fetch_page::<BitbucketRepository>(&path, &[], start));
        while let Some(page) = pager.next_page().await.map_err(describe_paging_error)? {
            let repositories = page
                .values
                .into_iter()
                .map(|r| r.into_discovered())
                .collect();
            self.store
                .add_repositories(&self.integration_id, repositories);
        }
        self.store
            .update_discovery(&self.integration_id, |discovery| {
                discovery.projects_scanned += 1
            });
        Ok(())
    }

    /// Adds the repositories of personal projects from the global repository list.
    async fn scan_personal_repositories(&self) -> Result<(), String> {
        let query = [("archived", "ALL")];
        let path = "rest/api/1.0/repos";
        let mut pager =
            Pager::new(|start| self.fetch_page::<BitbucketRepository>(path, &query, start));
        while let Some(page) = pager.next_page().await.map_err(describe_paging_error)? {
            let personal: Vec<_> = page
                .values
                .into_iter()
                .filter(|repository| repository.project.is_personal())
                .map(BitbucketRepository::into_discovered)
                .collect();
            self.store.add_repositories(&self.integration_id, personal);
        }
        Ok(())
    }

    async fn collect<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Vec<T>, String> {
        Pager::new(|start| self.fetch_page::<T>(path, query, start))
            .collect_all()
            .await
            .map_err(describe_paging_error)
    }

    /// Fetches one page, waiting and retrying while Bitbucket responds with 429.
    async fn fetch_page<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
        start: u64,
    ) -> Result<Page<T>, String> {
        let mut url = instance_endpoint(&self.instance_url, path)
            .map_err(|error| format!("building the URL of {path} failed: {error}"))?;
        url.query_pairs_mut()
            .extend_pairs(query)
            .append_pair("start", &start.to_string())
            .append_pair("limit", &self.page_limit.to_string());

        let mut retries = 0;
        loop {
            let response = self
                .http
                .get(url.clone())
                .bearer_auth(self.access_token.expose())
                .header(reqwest::header::ACCEPT, "application/json")
                .send()
                .await
                .map_err(|error| format!("GET {url} failed: {}", error_chain(&error)))?;
            if response.status() == StatusCode::TOO_MANY_REQUESTS
                && retries < self.rate_limit_retries
            {
                retries += 1;
                let wait = retry_after(&response, self.max_retry_after);
                tracing::info!(%url, retry = retries, wait_seconds = wait.as_secs(), "Bitbucket responded with 429 Too Many Requests; retrying");
                tokio::time::sleep(wait).await;
                continue;
            }
            return read_page(&url, response).await;
        }
    }
}

/// Decodes a page, or describes a non-2xx or non-JSON response.
async fn read_page<T: DeserializeOwned>(
    url: &Url,
    response: reqwest::Response,
) -> Result<Page<T>, String> {
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = response.bytes().await.map_err(|error| {
        format!(
            "reading the response of GET {url} failed: {}",
            error_chain(&error)
        )
    })?;
    if !status.is_success() {
        let detail = bitbucket_error_message(&body).unwrap_or_default();
        return Err(format!("GET {url} returned HTTP {status}{detail}"));
    }
    if !content_type.contains("json") {
        return Err(format!(
            "GET {url} returned {content_type:?} instead of JSON; a proxy or login page may be in front of Bitbucket"
        ));
    }
    serde_json::from_slice(&body)
        .map_err(|error| format!("GET {url} returned JSON that is not a Bitbucket page: {error}"))
}

/// Returns `: <message>` from Bitbucket's `{"errors":[{"message"}]}` error body.
fn bitbucket_error_message(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Errors {
        errors: Vec<Message>,
    }
    #[derive(Deserialize)]
    struct Message {
        message: String,
    }
    let errors: Errors = serde_json::from_slice(body).ok()?;
    let first = errors.errors.into_iter().next()?;
    Some(format!(": {}", first.message))
}

/// Returns the `Retry-After` wait in seconds, capped at `max`. Bitbucket sends whole
/// seconds; an HTTP date or a missing header gives [`DEFAULT_RETRY_AFTER`].
fn retry_after(response: &reqwest::Response, max: Duration) -> Duration {
    let seconds = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    let wait = seconds.map_or(DEFAULT_RETRY_AFTER, Duration::from_secs);
    wait.min(max)
}

fn describe_paging_error(error: PagingError<String>) -> String {
    match error {
        PagingError::Fetch { source, .. } => source,
        other => format!("Bitbucket returned an invalid page: {other}"),
    }
}

/// Percent-encodes a project key for use as one path segment; personal keys start with `~`.
fn encode_segment(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_project_detected_by_type() {
        let project = BitbucketProject {
            key: "~ALICE".to_owned(),
            name: "Alice".to_owned(),
            project_type: Some("PERSONAL".to_owned()),
        };
        assert!(project.is_personal());
    }

    #[test]
    fn normal_project_not_personal() {
        let project = BitbucketProject {
            key: "PLAT".to_owned(),
            name: "Platform".to_owned(),
            project_type: Some("NORMAL".to_owned()),
        };
        assert!(!project.is_personal());
    }

    #[test]
    fn repository_parses_fixture_shape() {
        let json = r#"{"slug":"api","id":1,"name":"API","archived":true,"scmId":"git",
            "project":{"key":"PLAT","id":2,"name":"Platform","type":"NORMAL","public":false}}"#;
        let repository: BitbucketRepository = serde_json::from_str(json).expect("valid repo");
        let discovered = repository.into_discovered();
        assert_eq!(discovered.project_key, "PLAT");
        assert!(discovered.archived);
        assert!(!discovered.personal);
    }

    #[test]
    fn recorded_projects_page_parses() {
        let json = include_str!(
            "../../../tests/fixtures/bitbucket-dc/sourcegraph_projects_limit100_all.extracted.json"
        );
        let page: Page<BitbucketProject> = serde_json::from_str(json).expect("recorded page");
        assert_eq!(page.values.len() as u64, page.size);
        assert!(page.is_last_page);
    }

    #[test]
    fn recorded_repos_page_parses() {
        let json = include_str!(
            "../../../tests/fixtures/bitbucket-dc/sourcegraph_project-repos_limit1_page1.extracted.json"
        );
        let page: Page<BitbucketRepository> = serde_json::from_str(json).expect("recorded page");
        assert!(!page.is_last_page);
        assert!(page.next_page_start.is_some());
        let repository = page.values.into_iter().next().expect("one repository");
        assert_eq!(repository.into_discovered().project_key, "PRIVUSER");
    }

    #[test]
    fn bitbucket_error_message_reads_first() {
        let body = br#"{"errors":[{"context":null,"message":"Project X does not exist.","exceptionName":"x"}]}"#;
        assert_eq!(
            bitbucket_error_message(body).as_deref(),
            Some(": Project X does not exist.")
        );
    }
}
