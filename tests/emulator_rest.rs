//! The emulator's REST API 1.0: paging, permissions, seed size, faults, context path and
//! the HTTP redirect listener.

mod emulator_support;

use std::time::Duration;

use emulator_support::Sandbox;
use gitme::sandbox::bitbucket::{
    FaultRule, SANDBOX_PASSWORD, SANDBOX_USERNAME, SECOND_PASSWORD, SECOND_USERNAME, SeedConfig,
};
use http::Method;
use reqwest::Response;
use serde_json::Value;

async fn get(sandbox: &Sandbox, path: &str, token: Option<&str>) -> Response {
    let mut request = sandbox.client.get(sandbox.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request succeeds")
}

async fn get_json(sandbox: &Sandbox, path: &str, token: Option<&str>) -> Value {
    let response = get(sandbox, path, token).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response.json().await.expect("JSON body")
}

fn strings(page: &Value, field: &str) -> Vec<String> {
    page["values"]
        .as_array()
        .expect("values array")
        .iter()
        .map(|value| value[field].as_str().expect("string field").to_string())
        .collect()
}

async fn admin_token(sandbox: &Sandbox) -> String {
    emulator_support::access_token(sandbox, SANDBOX_USERNAME, SANDBOX_PASSWORD).await
}

#[tokio::test]
async fn status_reports_running() {
    let sandbox = emulator_support::start(|_| {}).await;
    let body = get_json(&sandbox, "/status", None).await;
    assert_eq!(body, serde_json::json!({"state": "RUNNING"}));
}

#[tokio::test]
async fn application_properties_headers() {
    let sandbox = emulator_support::start(|_| {}).await;
    let token = admin_token(&sandbox).await;
    let path = "/rest/api/1.0/application-properties";
    let response = get(&sandbox, path, Some(&token)).await;
    let headers = response.headers();
    assert_eq!(headers["content-type"], "application/json;charset=UTF-8");
    assert_eq!(headers["cache-control"], "private, no-cache");
    assert!(headers.contains_key("x-arequestid"));
    assert_eq!(headers["x-ausername"], SANDBOX_USERNAME);
    assert_eq!(headers["x-auserid"], "1");

    let anonymous = get(&sandbox, path, None).await;
    assert_eq!(anonymous.status().as_u16(), 200);
    assert!(!anonymous.headers().contains_key("x-ausername"));
}

#[tokio::test]
async fn projects_paging_skips_hidden() {
    let sandbox = emulator_support::start(|config| config.seed.projects = 8).await;
    let token = admin_token(&sandbox).await;

    let first = get_json(&sandbox, "/rest/api/1.0/projects?limit=3", Some(&token)).await;
    assert_eq!(strings(&first, "key"), ["DATA", "MOB", "OSS"]);
    assert_eq!(first["nextPageStart"], 3);
    assert_eq!(first["isLastPage"], false);

    // SEC at index 4 is hidden from the admin, so the page spans indexes 3 to 5.
    let path = "/rest/api/1.0/projects?limit=2&start=3";
    let second = get_json(&sandbox, path, Some(&token)).await;
    assert_eq!(strings(&second, "key"), ["PLAT", "WEB"]);
    assert_eq!(second["start"], 3);
    assert_eq!(second["size"], 2);
    assert_eq!(second["nextPageStart"], 6);

    let path = "/rest/api/1.0/projects?limit=25&start=6";
    let last = get_json(&sandbox, path, Some(&token)).await;
    assert_eq!(strings(&last, "key"), ["P00007", "P00008"]);
    assert_eq!(last["isLastPage"], true);
    assert!(last.get("nextPageStart").is_none());
}

#[tokio::test]
async fn second_user_sees_fewer_projects() {
    let sandbox = emulator_support::start(|_| {}).await;
    let token = emulator_support::access_token(&sandbox, SECOND_USERNAME, SECOND_PASSWORD).await;
    let all = get_json(&sandbox, "/rest/api/1.0/projects", Some(&token)).await;
    assert_eq!(strings(&all, "key"), ["DATA", "OSS", "PLAT"]);

    let page = get_json(
        &sandbox,
        "/rest/api/1.0/projects?limit=1&start=1",
        Some(&token),
    )
    .await;
    assert_eq!(strings(&page, "key"), ["OSS"]);
    assert_eq!(page["nextPageStart"], 3);

    let response = get(&sandbox, "/rest/api/1.0/projects/WEB", Some(&token)).await;
    assert_eq!(response.status().as_u16(), 401);
}

#[tokio::test]
async fn limit_is_clamped_and_echoed() {
    let sandbox = emulator_support::start(|config| config.max_page_limit = 3).await;
    let token = admin_token(&sandbox).await;
    let cases = [
        ("limit=100", 3),
        ("limit=2", 2),
        ("limit=0", 3),
        ("limit=-5", 3),
    ];
    for (query, expected) in cases {
        let path = format!("/rest/api/1.0/repos?{query}");
        let page = get_json(&sandbox, &path, Some(&token)).await;
        assert_eq!(page["limit"], expected, "{query}");
        assert_eq!(page["size"], expected, "{query}");
    }
    let response = get(&sandbox, "/rest/api/1.0/repos?limit=many", Some(&token)).await;
    assert_eq!(response.status().as_u16(), 400);
}

#[tokio::test]
async fn default_limit_is_25() {
    let sandbox = emulator_support::start(|_| {}).await;
    let token = admin_token(&sandbox).await;
    let page = get_json(&sandbox, "/rest/api/1.0/repos", Some(&token)).await;
    assert_eq!(page["limit"], 25);
    assert_eq!(page["size"], 25);
}

#[tokio::test]
async fn archived_hidden_by_default() {
    let sandbox = emulator_support::start(|_| {}).await;
    let token = admin_token(&sandbox).await;
    let archived = |page: &Value| -> Vec<bool> {
        page["values"]
            .as_array()
            .expect("values")
            .iter()
            .map(|repository| repository["archived"].as_bool().expect("archived flag"))
            .collect()
    };

    let active = get_json(&sandbox, "/rest/api/1.0/repos?limit=1000", Some(&token)).await;
    assert!(!archived(&active).contains(&true));
    let path = "/rest/api/1.0/repos?limit=1000&archived=ARCHIVED";
    let only_archived = get_json(&sandbox, path, Some(&token)).await;
    assert!(!archived(&only_archived).is_empty());
    assert!(!archived(&only_archived).contains(&false));
    let path = "/rest/api/1.0/repos?limit=1000&archived=ALL";
    let all = get_json(&sandbox, path, Some(&token)).await;
    assert_eq!(
        archived(&all).len(),
        archived(&active).len() + archived(&only_archived).len()
    );

    let project = get_json(&sandbox, "/rest/api/1.0/projects/PLAT/repos", Some(&token)).await;
    assert!(archived(&project).contains(&true));
    assert!(archived(&project).contains(&false));
}

#[tokio::test]
async fn repos_filters_by_project_and_name() {
    let sandbox = emulator_support::start(|_| {}).await;
    let token = admin_token(&sandbox).await;
    let path = "/rest/api/1.0/repos?projectkey=plat&name=SERVICE";
    let page = get_json(&sandbox, path, Some(&token)).await;
    assert_eq!(strings(&page, "slug"), ["billing-service"]);
}

#[tokio::test]
async fn personal_projects_are_owner_only() {
    let sandbox = emulator_support::start(|_| {}).await;
    let token = admin_token(&sandbox).await;
    let path = "/rest/api/1.0/repos?limit=1000";
    let page = get_json(&sandbox, path, Some(&token)).await;
    let slugs = strings(&page, "slug");
    assert!(slugs.contains(&"dotfiles".to_string()));
    assert!(!slugs.contains(&"notes".to_string()));

    let own = get_json(
        &sandbox,
        "/rest/api/1.0/projects/~SANDBOX-ADMIN",
        Some(&token),
    )
    .await;
    assert_eq!(own["type"], "PERSONAL");
    let repos = get_json(
        &sandbox,
        "/rest/api/1.0/projects/~SANDBOX-ADMIN/repos",
        Some(&token),
    )
    .await;
    assert_eq!(strings(&repos, "slug"), ["dotfiles", "scratch"]);

    let other = get(&sandbox, "/rest/api/1.0/projects/~JDOE", Some(&token)).await;
    assert_eq!(other.status().as_u16(), 401);

    let projects = get_json(&sandbox, "/rest/api/1.0/projects", Some(&token)).await;
    let types = strings(&projects, "type");
    assert!(types.iter().all(|kind| kind == "NORMAL"), "{types:?}");
}

#[tokio::test]
async fn invalid_bearer_is_anonymous() {
    let sandbox = emulator_support::start(|_| {}).await;
    let token = admin_token(&sandbox).await;
    for scheme in ["Bearer not-a-token".to_string(), format!("bearer {token}")] {
        let response = sandbox
            .client
            .get(sandbox.url("/rest/api/1.0/repos?limit=1000"))
            .header("authorization", scheme.as_str())
            .send()
            .await
            .expect("request succeeds");
        assert_eq!(response.status().as_u16(), 200);
        assert!(!response.headers().contains_key("x-ausername"));
        let page: Value = response.json().await.expect("JSON");
        let projects: Vec<&str> = page["values"]
            .as_array()
            .expect("values")
            .iter()
            .map(|repository| repository["project"]["key"].as_str().expect("key"))
            .collect();
        assert!(!projects.is_empty());
        assert!(projects.iter().all(|key| *key == "OSS"), "{projects:?}");
    }

    let response = get(&sandbox, "/rest/api/1.0/projects/PLAT", Some("not-a-token")).await;
    assert_eq!(response.status().as_u16(), 401);
    let body: Value = response.json().await.expect("JSON");
    let expected = serde_json::json!({"errors": [{
        "context": null,
        "message": "You are not permitted to access this resource",
        "exceptionName": "com.atlassian.bitbucket.AuthorisationException",
    }]});
    assert_eq!(body, expected);
}

#[tokio::test]
async fn large_seed_pages_all_repos() {
    let sandbox = emulator_support::start(|config| {
        config.seed = SeedConfig {
            projects: 50,
            repositories_per_project: 1000,
            archived_every: 6,
        };
    })
    .await;
    let token = admin_token(&sandbox).await;
    let mut start = 0;
    let mut count = 0;
    let mut pages = 0;
    loop {
        let path = format!("/rest/api/1.0/repos?limit=1000&start={start}");
        let page = get_json(&sandbox, &path, Some(&token)).await;
        count += page["size"].as_u64().expect("size");
        pages += 1;
        if page["isLastPage"] == true {
            break;
        }
        start = page["nextPageStart"].as_u64().expect("nextPageStart");
    }
    // The admin reads 44 of the 50 projects, because SEC and the numbered ids 9, 19, 29,
    // 39 and 49 are hidden. Each project has 166 archived repositories out of 1000, and
    // the admin owns 2 personal ones.
    assert_eq!(count, 44 * 834 + 2);
    assert_eq!(pages, 37);
}

#[tokio::test]
async fn fault_latency_still_answers() {
    let sandbox = emulator_support::start(|config| {
        config.faults = vec![FaultRule::new("/status").latency(Duration::from_millis(50))];
    })
    .await;
    let body = get_json(&sandbox, "/status", None).await;
    assert_eq!(body["state"], "RUNNING");
}

#[tokio::test]
async fn fault_status_replaces_answer() {
    let sandbox = emulator_support::start(|_| {}).await;
    let faults = sandbox.emulator.faults();
    faults.set(vec![FaultRule::new("/rest/api/1.0/*").status(503)]);
    let response = get(&sandbox, "/rest/api/1.0/projects", None).await;
    assert_eq!(response.status().as_u16(), 503);
    let unaffected = get(&sandbox, "/status", None).await;
    assert_eq!(unaffected.status().as_u16(), 200);

    faults.clear();
    let response = get(&sandbox, "/rest/api/1.0/projects", None).await;
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn fault_method_limits_rule() {
    let sandbox = emulator_support::start(|_| {}).await;
    let rule = FaultRule::new("/status").method(Method::POST).status(500);
    sandbox.emulator.faults().set(vec![rule]);
    let response = get(&sandbox, "/status", None).await;
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn fault_html_page_body() {
    let sandbox = emulator_support::start(|_| {}).await;
    let rule = FaultRule::new("/rest/api/1.0/application-properties").html_page("Sign in");
    sandbox.emulator.faults().set(vec![rule]);
    let response = get(&sandbox, "/rest/api/1.0/application-properties", None).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/html;charset=UTF-8"
    );
    let body = response.text().await.expect("text");
    assert!(body.contains("<title>Sign in</title>"), "{body}");
}

#[tokio::test]
async fn fault_rate_limit_sends_retry_after() {
    let sandbox = emulator_support::start(|_| {}).await;
    let rule = FaultRule::new("/rest/*").rate_limit(2, Duration::from_secs(30));
    sandbox.emulator.faults().set(vec![rule]);
    for _ in 0..2 {
        let response = get(&sandbox, "/rest/api/1.0/projects", None).await;
        assert_eq!(response.status().as_u16(), 200);
    }
    let response = get(&sandbox, "/rest/api/1.0/projects", None).await;
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "30");
}

#[tokio::test]
async fn context_path_prefixes_everything() {
    let sandbox = emulator_support::start(|config| config.context_path = "/bitbucket".into()).await;
    let base = sandbox.emulator.base_url.as_str();
    assert!(base.ends_with("/bitbucket"), "{base}");

    let mut root = sandbox.emulator.base_url.clone();
    root.set_path("/status");
    let response = sandbox.client.get(root).send().await.expect("request");
    assert_eq!(response.status().as_u16(), 404);
    let body = get_json(&sandbox, "/status", None).await;
    assert_eq!(body["state"], "RUNNING");

    let page = get_json(&sandbox, "/rest/api/1.0/repos?limit=1", None).await;
    let href = page["values"][0]["links"]["self"][0]["href"]
        .as_str()
        .expect("href");
    assert!(href.starts_with(&format!("{base}/projects/")), "{href}");

    let token = admin_token(&sandbox).await;
    let response = get(&sandbox, "/rest/api/1.0/projects", Some(&token)).await;
    assert_eq!(response.headers()["x-ausername"], SANDBOX_USERNAME);
}

#[tokio::test]
async fn http_listener_redirects_to_https() {
    let sandbox = emulator_support::start(|config| config.http_redirect = true).await;
    let mut url = sandbox
        .emulator
        .http_redirect_url
        .clone()
        .expect("HTTP redirect listener");
    url.set_path("/rest/api/1.0/projects");
    url.set_query(Some("limit=1"));
    let response = sandbox.client.get(url).send().await.expect("request");
    assert_eq!(response.status().as_u16(), 301);
    let expected = sandbox.url("/rest/api/1.0/projects?limit=1");
    assert_eq!(response.headers()["location"], expected.as_str());
}

#[tokio::test]
async fn certificate_covers_localhost() {
    let sandbox = emulator_support::start(|_| {}).await;
    let mut url = sandbox.emulator.base_url.clone();
    url.set_host(Some("localhost")).expect("valid host");
    url.set_path("/status");
    let response = sandbox
        .client
        .get(url)
        .send()
        .await
        .expect("TLS accepts localhost");
    assert_eq!(response.status().as_u16(), 200);
}
