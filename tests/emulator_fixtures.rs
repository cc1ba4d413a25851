//! The emulator's responses have the fields and JSON types of recorded Bitbucket responses.

mod emulator_support;

use std::path::Path;

use serde_json::Value;

/// Keys the emulator adds to recorded objects. `archived` arrived in Bitbucket 8.0, after
/// the 7.x recordings. `hierarchyId` is missing from the go-scm files, which were derived
/// from documentation. `description` is optional on projects.
const OPTIONAL_KEYS: [&str; 3] = ["archived", "hierarchyId", "description"];

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bitbucket-dc")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Lists differences in keys and JSON types between `expected` and `actual`; arrays are
/// compared by their first element.
fn shape_differences(expected: &Value, actual: &Value, path: &str, differences: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, expected_value) in expected {
                let child = format!("{path}.{key}");
                match actual.get(key) {
                    Some(actual_value) => {
                        shape_differences(expected_value, actual_value, &child, differences)
                    }
                    None => differences.push(format!("{child} is missing")),
                }
            }
            for key in actual.keys() {
                if !expected.contains_key(key) && !OPTIONAL_KEYS.contains(&key.as_str()) {
                    differences.push(format!("{path}.{key} is not in the fixture"));
                }
            }
        }
        (Value::Array(expected), Value::Array(actual)) => {
            if let (Some(expected), Some(actual)) = (expected.first(), actual.first()) {
                shape_differences(expected, actual, &format!("{path}[0]"), differences);
            }
        }
        _ if type_name(expected) != type_name(actual) => differences.push(format!(
            "{path} is {} but the fixture has {}",
            type_name(actual),
            type_name(expected)
        )),
        _ => {}
    }
}

fn assert_same_shape(fixture_name: &str, actual: &Value) {
    let mut differences = Vec::new();
    shape_differences(&fixture(fixture_name), actual, "$", &mut differences);
    assert!(
        differences.is_empty(),
        "{fixture_name}: {differences:#?}\nactual: {actual}"
    );
}

async fn get_json(sandbox: &emulator_support::Sandbox, path: &str, expected_status: u16) -> Value {
    let response = sandbox
        .client
        .get(sandbox.url(path))
        .send()
        .await
        .expect("request succeeds");
    assert_eq!(response.status().as_u16(), expected_status, "{path}");
    response.json().await.expect("JSON body")
}

#[test]
fn comparer_detects_type_change() {
    let expected: Value = serde_json::json!({"a": [{"b": "1"}], "c": 1});
    let actual: Value = serde_json::json!({"a": [{"b": 1}], "c": 1, "d": true});
    let mut differences = Vec::new();
    shape_differences(&expected, &actual, "$", &mut differences);
    assert_eq!(
        differences,
        vec![
            "$.a[0].b is number but the fixture has string".to_string(),
            "$.d is not in the fixture".to_string(),
        ]
    );
}

#[tokio::test]
async fn application_properties_match_fixture() {
    let sandbox = emulator_support::start(|_| {}).await;
    let body = get_json(&sandbox, "/rest/api/1.0/application-properties", 200).await;
    assert_same_shape(
        "sourcegraph_application-properties_7.11.2.extracted.json",
        &body,
    );
    assert_eq!(body["buildNumber"], "8019001");
}

#[tokio::test]
async fn projects_page_matches_fixtures() {
    let sandbox = emulator_support::start(|_| {}).await;
    let body = get_json(&sandbox, "/rest/api/1.0/projects?limit=100", 200).await;
    assert_same_shape("sourcegraph_projects_limit100_all.extracted.json", &body);
    assert_same_shape("go-scm_stash_orgs.json", &body);
}

#[tokio::test]
async fn project_repos_page_matches_fixtures() {
    let sandbox = emulator_support::start(|_| {}).await;
    let first = get_json(&sandbox, "/rest/api/1.0/projects/OSS/repos?limit=1", 200).await;
    assert_same_shape(
        "sourcegraph_project-repos_limit1_page1.extracted.json",
        &first,
    );
    let start = first["nextPageStart"].as_u64().expect("nextPageStart");
    let path = format!("/rest/api/1.0/projects/OSS/repos?limit=100&start={start}");
    let last = get_json(&sandbox, &path, 200).await;
    assert_same_shape(
        "sourcegraph_project-repos_limit1_page2.extracted.json",
        &last,
    );
    assert_same_shape("go-scm_stash_repos.json", &last);
    assert_same_shape("go-scm_stash_repo.json", &last["values"][0]);
}

#[tokio::test]
async fn not_found_error_matches_fixture() {
    let sandbox = emulator_support::start(|_| {}).await;
    let body = get_json(&sandbox, "/rest/api/1.0/projects/NOPE", 404).await;
    assert_same_shape(
        "sourcegraph_error-404_NoSuchRepository.extracted.json",
        &body,
    );
    assert_eq!(
        body["errors"][0]["exceptionName"],
        "com.atlassian.bitbucket.project.NoSuchProjectException"
    );
}
