//! REST API 1.0: `/status`, application properties, and the project and repository lists.
//!
//! An invalid or expired bearer token is treated as anonymous, as the OAuth 2.0 plugin's
//! filter does: anonymous callers see public projects and repositories only.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::{Value, json};

use super::oauth::Parameters;
use super::seed::{Project, Repository, User};
use super::state::{AppState, random_hex};

const DEFAULT_PAGE_LIMIT: usize = 25;
/// A fixed `buildDate`, epoch milliseconds as a string like Bitbucket's.
const BUILD_DATE: &str = "1715040000000";
const SSH_PORT: u16 = 7999;
const NOT_PERMITTED: &str = "You are not permitted to access this resource";
const AUTHORISATION_EXCEPTION: &str = "com.atlassian.bitbucket.AuthorisationException";

pub(crate) fn routes(version: &str) -> Router<AppState> {
    let prefix = format!("/rest/api/{version}");
    Router::new()
        .route(
            &format!("{prefix}/application-properties"),
            get(application_properties),
        )
        .route(&format!("{prefix}/projects"), get(projects))
        .route(&format!("{prefix}/projects/{{key}}"), get(project))
        .route(
            &format!("{prefix}/projects/{{key}}/repos"),
            get(project_repositories),
        )
        .route(&format!("{prefix}/repos"), get(repositories))
}

/// Bitbucket's error envelope with one error and a null context.
pub(crate) fn error_body(message: &str, exception_name: &str) -> axum::Json<Value> {
    axum::Json(json!({"errors": [{
        "context": null,
        "message": message,
        "exceptionName": exception_name,
    }]}))
}

pub(crate) async fn status() -> Response {
    axum::Json(json!({"state": "RUNNING"})).into_response()
}

/// Returns the user of a valid bearer token; the scheme is case-sensitive.
fn caller(state: &AppState, headers: &HeaderMap) -> Option<&'static User> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    state.bearer_user(token)
}

/// Builds a REST response with the headers Bitbucket sends on every one.
fn rest_response(status: StatusCode, body: Value, user: Option<&User>) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    if let Ok(request_id) = HeaderValue::from_str(&format!("@{}", random_hex(6).to_uppercase())) {
        headers.insert("x-arequestid", request_id);
    }
    if let Some(user) = user {
        if let Ok(username) = HeaderValue::from_str(user.username) {
            headers.insert("x-ausername", username);
        }
        headers.insert("x-auserid", HeaderValue::from(user.id));
    }
    response
}

/// An error response in Bitbucket's errors envelope.
struct RestError {
    status: StatusCode,
    body: Value,
    user: Option<&'static User>,
}

impl RestError {
    fn new(
        status: StatusCode,
        message: &str,
        exception: &str,
        user: Option<&'static User>,
    ) -> Self {
        let axum::Json(body) = error_body(message, exception);
        RestError { status, body, user }
    }
}

impl IntoResponse for RestError {
    fn into_response(self) -> Response {
        rest_response(self.status, self.body, self.user)
    }
}

async fn application_properties(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let user = caller(&state, &headers);
    let body = json!({
        "version": state.config.version,
        "buildNumber": build_number(&state.config.version),
        "buildDate": BUILD_DATE,
        "displayName": state.config.display_name,
    });
    rest_response(StatusCode::OK, body, user)
}

/// Encodes `major.minor.patch` as Bitbucket does: 8.19.1 becomes "8019001".
fn build_number(version: &str) -> String {
    let mut parts = version
        .split('.')
        .map(|part| part.parse::<u64>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    let patch = parts.next().unwrap_or(0);
    (major * 1_000_000 + minor * 1_000 + patch).to_string()
}

/// `start` and the applied `limit` of a paged request.
struct PageRequest {
    start: usize,
    limit: usize,
}

impl PageRequest {
    /// Reads `start` and `limit`. A limit above `max` is clamped to it.
    fn parse(parameters: &Parameters, max: u32) -> Result<Self, RestError> {
        let start = parse_integer(parameters, "start")?.unwrap_or(0).max(0) as usize;
        // NOTE: Bitbucket's response to limit=0 or a negative limit is unconfirmed; the
        // emulator applies the default limit.
        let limit = match parse_integer(parameters, "limit")? {
            Some(limit) if limit > 0 => (limit as usize).min(max as usize),
            _ => DEFAULT_PAGE_LIMIT.min(max as usize),
        };
        Ok(PageRequest { start, limit })
    }

    /// Builds a page over the underlying indexes `0..total`. `visible` returns the JSON of
    /// an item the caller may see, and `None` for an item that is hidden or filtered out,
    /// so `nextPageStart` skips hidden items the way Bitbucket's does.
    fn collect(&self, total: usize, visible: impl Fn(usize) -> Option<Value>) -> Value {
        let mut values = Vec::new();
        let mut next_start = None;
        for index in self.start..total {
            let Some(value) = visible(index) else {
                continue;
            };
            if values.len() == self.limit {
                // The page contains `limit >= 1` items, so `last` exists.
                next_start = values.last().map(|(last, _)| last + 1);
                break;
            }
            values.push((index, value));
        }
        let mut page = json!({
            "size": values.len(),
            "limit": self.limit,
            "isLastPage": next_start.is_none(),
            "values": values.into_iter().map(|(_, value)| value).collect::<Vec<_>>(),
            "start": self.start,
        });
        if let Some(next_start) = next_start {
            page["nextPageStart"] = json!(next_start);
        }
        page
    }
}

fn parse_integer(parameters: &Parameters, name: &str) -> Result<Option<i64>, RestError> {
    let Some(raw) = parameters.get(name) else {
        return Ok(None);
    };
    match raw.trim().parse::<i64>() {
        Ok(value) => Ok(Some(value)),
        Err(_) => {
            let body = json!({"errors": [{
                "context": name,
                "message": format!("Invalid value {raw:?} for {name}: expected an integer"),
                "exceptionName": null,
            }]});
            Err(RestError {
                status: StatusCode::BAD_REQUEST,
                body,
                user: None,
            })
        }
    }
}

fn contains_ignoring_case(haystack: &str, needle: Option<&str>) -> bool {
    needle.is_none_or(|needle| {
        haystack
            .to_lowercase()
            .contains(&needle.trim().to_lowercase())
    })
}

fn project_json(state: &AppState, project: &Project) -> Value {
    let (kind, href) = match project.owner {
        Some(owner) => ("PERSONAL", state.url(&format!("/users/{owner}"))),
        None => ("NORMAL", state.url(&format!("/projects/{}", project.key))),
    };
    let mut value = json!({
        "key": project.key,
        "id": project.id,
        "name": project.name,
        "public": project.public,
        "type": kind,
        "links": {"self": [{"href": href}]},
    });
    if let Some(description) = &project.description {
        value["description"] = json!(description);
    }
    value
}

fn repository_json(state: &AppState, repository: &Repository) -> Value {
    let project_path = repository.project.key.to_lowercase();
    let slug = &repository.slug;
    let host = state.base_url.host_str().unwrap_or("127.0.0.1");
    let browse = match repository.project.owner {
        Some(owner) => format!("/users/{owner}/repos/{slug}/browse"),
        None => format!("/projects/{}/repos/{slug}/browse", repository.project.key),
    };
    json!({
        "slug": slug,
        "id": repository.id,
        "name": repository.name,
        "hierarchyId": repository.hierarchy_id(),
        "scmId": "git",
        "state": "AVAILABLE",
        "statusMessage": "Available",
        "forkable": true,
        "project": project_json(state, &repository.project),
        "public": repository.project.public,
        "archived": repository.archived,
        "links": {
            "clone": [
                {"href": state.url(&format!("/scm/{project_path}/{slug}.git")), "name": "http"},
                {"href": format!("ssh://git@{host}:{SSH_PORT}/{project_path}/{slug}.git"), "name": "ssh"},
            ],
            "self": [{"href": state.url(&browse)}],
        },
    })
}

async fn projects(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, RestError> {
    let user = caller(&state, &headers);
    let parameters = Parameters::parse(query.unwrap_or_default().as_bytes());
    let page = PageRequest::parse(&parameters, state.config.max_page_limit)?;
    let name = parameters.get("name");
    let body = page.collect(state.seed.project_count(), |index| {
        let project = state.seed.project(index)?;
        let visible = project.readable_by(user) && contains_ignoring_case(&project.name, name);
        visible.then(|| project_json(&state, &project))
    });
    Ok(rest_response(StatusCode::OK, body, user))
}

/// Finds a project the caller may read, or the error response Bitbucket sends.
fn readable_project(
    state: &AppState,
    key: &str,
    user: Option<&'static User>,
) -> Result<Project, RestError> {
    let Some((project, _)) = state.seed.find_project(key) else {
        let message = format!("Project {key} does not exist.");
        let exception = "com.atlassian.bitbucket.project.NoSuchProjectException";
        return Err(RestError::new(
            StatusCode::NOT_FOUND,
            &message,
            exception,
            user,
        ));
    };
    if !project.readable_by(user) {
        return Err(RestError::new(
            StatusCode::UNAUTHORIZED,
            NOT_PERMITTED,
            AUTHORISATION_EXCEPTION,
            user,
        ));
    }
    Ok(project)
}

async fn project(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> Result<Response, RestError> {
    let user = caller(&state, &headers);
    let project = readable_project(&state, &key, user)?;
    Ok(rest_response(
        StatusCode::OK,
        project_json(&state, &project),
        user,
    ))
}

async fn project_repositories(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, RestError> {
    let user = caller(&state, &headers);
    readable_project(&state, &key, user)?;
    let parameters = Parameters::parse(query.unwrap_or_default().as_bytes());
    let page = PageRequest::parse(&parameters, state.config.max_page_limit)?;
    let range = state.seed.project_repository_range(&key).unwrap_or(0..0);
    let body = page.collect(range.len(), |position| {
        let repository = state.seed.repository(range.start + position)?;
        Some(repository_json(&state, &repository))
    });
    Ok(rest_response(StatusCode::OK, body, user))
}

/// Values of the `archived` filter of `/repos`.
#[derive(Clone, Copy)]
enum ArchivedFilter {
    Active,
    Archived,
    All,
}

impl ArchivedFilter {
    fn parse(value: Option<&str>) -> Option<Self> {
        match value.map(str::to_uppercase).as_deref() {
            None | Some("ACTIVE") => Some(ArchivedFilter::Active),
            Some("ARCHIVED") => Some(ArchivedFilter::Archived),
            Some("ALL") => Some(ArchivedFilter::All),
            Some(_) => None,
        }
    }

    fn accepts(self, archived: bool) -> bool {
        match self {
            ArchivedFilter::Active => !archived,
            ArchivedFilter::Archived => archived,
            ArchivedFilter::All => true,
        }
    }
}

async fn repositories(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, RestError> {
    let user = caller(&state, &headers);
    let parameters = Parameters::parse(query.unwrap_or_default().as_bytes());
    let page = PageRequest::parse(&parameters, state.config.max_page_limit)?;
    let Some(archived) = ArchivedFilter::parse(parameters.get("archived")) else {
        let message = "Invalid archived value: expected ACTIVE, ARCHIVED or ALL";
        let exception = "com.atlassian.bitbucket.validation.ArgumentValidationException";
        return Err(RestError::new(
            StatusCode::BAD_REQUEST,
            message,
            exception,
            user,
        ));
    };
    let name = parameters.get("name");
    let project_name = parameters.get("projectname");
    let project_key = parameters
        .get("projectkey")
        .map(|key| key.trim().to_uppercase());
    let body = page.collect(state.seed.repository_count(), |index| {
        let repository = state.seed.repository(index)?;
        let visible = repository.project.readable_by(user)
            && archived.accepts(repository.archived)
            && contains_ignoring_case(&repository.name, name)
            && contains_ignoring_case(&repository.project.name, project_name)
            && project_key
                .as_ref()
                .is_none_or(|key| *key == repository.project.key);
        visible.then(|| repository_json(&state, &repository))
    });
    Ok(rest_response(StatusCode::OK, body, user))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_number_encodes_version() {
        assert_eq!(build_number("8.19.1"), "8019001");
        assert_eq!(build_number("7.11.2"), "7011002");
    }
}
