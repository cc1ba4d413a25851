//! `gitme integrations` with the built binary against a sandbox started by the test.

mod support;

use std::time::Duration;

use expectrl::{Expect, Session};
use support::{TestSandbox, run};

fn json_of(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout)
        .unwrap_or_else(|error| panic!("stdout is not JSON: {error}\n{stdout}"))
}

/// Connects the sandbox instance and returns the integration id.
fn connect(sandbox: &TestSandbox) -> String {
    let finished = run(sandbox.connect_scripted().arg("--json"));
    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    json_of(&finished.stdout)["integration"]["id"]
        .as_str()
        .expect("integration id")
        .to_string()
}

fn listed_ids(sandbox: &TestSandbox) -> Vec<String> {
    let finished = run(sandbox.gitme().args(["integrations", "list", "--json"]));
    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    json_of(&finished.stdout)["integrations"]
        .as_array()
        .expect("integrations")
        .iter()
        .filter_map(|summary| summary["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn list_shows_cloud_and_self_hosted() {
    let sandbox = TestSandbox::start();
    let id = connect(&sandbox);
    let finished = run(sandbox.gitme().args(["integrations", "list"]));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let lines: Vec<&str> = finished.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "stdout:\n{}", finished.stdout);
    assert!(lines[0].starts_with("ID"));
    let github = lines.iter().find(|line| line.contains("github"));
    assert!(github.is_some_and(|line| line.contains("cloud")));
    let bitbucket = lines.iter().find(|line| line.starts_with(&id));
    assert!(bitbucket.is_some_and(|line| line.contains("bitbucket_data_center")));
    assert!(bitbucket.is_some_and(|line| line.contains("self-hosted")));
    assert!(bitbucket.is_some_and(|line| line.contains("connected")));
}

#[test]
fn list_json_has_every_provider() {
    let sandbox = TestSandbox::start();
    let id = connect(&sandbox);
    let finished = run(sandbox.gitme().args(["integrations", "list", "--json"]));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let document = json_of(&finished.stdout);
    let integrations = document["integrations"].as_array().expect("integrations");
    let bitbucket = integrations
        .iter()
        .find(|summary| summary["id"] == id.as_str())
        .expect("the connected integration is listed");
    assert_eq!(bitbucket["hosting"], "self_hosted");
    assert_eq!(bitbucket["name"], sandbox.instance_url().as_str());
    assert_eq!(bitbucket["sync"]["state"], "idle");
    assert!(bitbucket["sync"]["last_synced_at"].is_string());
    assert!(
        integrations
            .iter()
            .any(|summary| summary["provider"] == "github" && summary["hosting"] == "cloud")
    );
}

#[test]
fn show_reports_connection() {
    let sandbox = TestSandbox::start();
    let id = connect(&sandbox);
    let finished = run(sandbox.gitme().args(["integrations", "show", &id]));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let stdout = &finished.stdout;
    assert!(stdout.contains(&format!("ID: {id}")), "{stdout}");
    assert!(stdout.contains("Status: connected"), "{stdout}");
    assert!(stdout.contains(&format!("Instance: {}", sandbox.instance_url())));
    assert!(stdout.contains("Connected as: "), "{stdout}");
    assert!(!stdout.contains("Connected as: -"), "{stdout}");
    assert!(stdout.contains("Discovery: completed"), "{stdout}");
    assert!(stdout.contains("Sync: idle"), "{stdout}");
    assert!(stdout.contains("Last error: -"), "{stdout}");
}

#[test]
fn show_json_includes_details() {
    let sandbox = TestSandbox::start();
    let id = connect(&sandbox);
    let finished = run(sandbox
        .gitme()
        .args(["integrations", "show", &id, "--json"]));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let document = json_of(&finished.stdout);
    assert_eq!(document["integration"]["id"], id.as_str());
    assert_eq!(document["bitbucket"]["status"], "connected");
    assert_eq!(document["bitbucket"]["discovery"]["state"], "completed");
}

#[test]
fn show_cloud_has_no_details() {
    let sandbox = TestSandbox::start();
    let finished =
        run(sandbox
            .gitme()
            .args(["integrations", "show", "int_github_sandbox", "--json"]));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let document = json_of(&finished.stdout);
    assert_eq!(document["integration"]["provider"], "github");
    assert!(document["bitbucket"].is_null());
}

#[test]
fn show_unknown_id_fails() {
    let sandbox = TestSandbox::start();
    let finished = run(sandbox
        .gitme()
        .args(["integrations", "show", "int_missing"]));

    assert_eq!(finished.code, Some(1), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("int_missing"));
    assert!(finished.stderr.contains("gitme integrations list"));
}

#[test]
fn repos_pages_with_cursor() {
    let sandbox = TestSandbox::start();
    let id = connect(&sandbox);
    let first = run(sandbox
        .gitme()
        .args(["integrations", "repos", &id, "--limit", "3", "--json"]));

    assert_eq!(first.code, Some(0), "stderr:\n{}", first.stderr);
    let page = json_of(&first.stdout);
    let repositories = page["repositories"].as_array().expect("repositories");
    assert_eq!(repositories.len(), 3);
    let cursor = page["next_cursor"]
        .as_str()
        .expect("a next cursor")
        .to_string();

    let second = run(sandbox.gitme().args([
        "integrations",
        "repos",
        &id,
        "--limit",
        "3",
        "--json",
        "--cursor",
        &cursor,
    ]));
    assert_eq!(second.code, Some(0), "stderr:\n{}", second.stderr);
    let next = json_of(&second.stdout);
    let next_repositories = next["repositories"].as_array().expect("repositories");
    assert!(!next_repositories.is_empty());
    assert_ne!(next_repositories[0], repositories[0]);
    assert_ne!(next_repositories[0], repositories[2]);
}

#[test]
fn repos_table_limits_rows() {
    let sandbox = TestSandbox::start();
    let id = connect(&sandbox);
    let finished = run(sandbox
        .gitme()
        .args(["integrations", "repos", &id, "--limit", "2"]));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let lines: Vec<&str> = finished.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "stdout:\n{}", finished.stdout);
    assert!(lines[0].starts_with("PROJECT"));
    assert!(finished.stderr.contains("--cursor"));
}

#[test]
fn disconnect_no_input_needs_yes() {
    let sandbox = TestSandbox::start();
    let id = connect(&sandbox);
    let finished = run(sandbox
        .gitme()
        .args(["integrations", "disconnect", &id, "--no-input"]));

    assert_eq!(finished.code, Some(2), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("--yes"), "{}", finished.stderr);
    assert!(listed_ids(&sandbox).contains(&id));
}

#[test]
fn disconnect_yes_removes_integration() {
    let sandbox = TestSandbox::start();
    let id = connect(&sandbox);
    let finished =
        run(sandbox
            .gitme()
            .args(["integrations", "disconnect", &id, "--yes", "--json"]));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let document = json_of(&finished.stdout);
    assert_eq!(document["integration_id"], id.as_str());
    assert_eq!(document["disconnected"], true);
    assert!(!listed_ids(&sandbox).contains(&id));
}

#[test]
fn disconnect_reads_gitme_yes() {
    let sandbox = TestSandbox::start();
    let id = connect(&sandbox);
    let refused = run(sandbox
        .gitme()
        .args(["integrations", "disconnect", &id])
        .env("GITME_YES", "0"));
    assert_eq!(refused.code, Some(2), "stderr:\n{}", refused.stderr);
    assert!(listed_ids(&sandbox).contains(&id));

    let confirmed = run(sandbox
        .gitme()
        .args(["integrations", "disconnect", &id])
        .env("GITME_YES", "1"));
    assert_eq!(confirmed.code, Some(0), "stderr:\n{}", confirmed.stderr);
    assert!(!listed_ids(&sandbox).contains(&id));
}

#[test]
fn disconnect_cloud_rejected() {
    let sandbox = TestSandbox::start();
    let finished =
        run(sandbox
            .gitme()
            .args(["integrations", "disconnect", "int_github_sandbox", "--yes"]));

    assert_eq!(finished.code, Some(2), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("web app"));
}

#[test]
fn disconnect_member_not_allowed() {
    let sandbox = TestSandbox::start();
    let id = connect(&sandbox);
    let finished = run(sandbox
        .gitme()
        .args(["integrations", "disconnect", &id, "--yes"])
        .env("GITME_TOKEN", sandbox.sandbox.member_token.expose()));

    assert_eq!(finished.code, Some(3), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("Account Admin"));
    assert!(listed_ids(&sandbox).contains(&id));
}

#[test]
fn list_without_token_fails() {
    let sandbox = TestSandbox::start();
    let finished = run(sandbox
        .gitme()
        .args(["integrations", "list"])
        .env_remove("GITME_TOKEN"));

    assert_eq!(finished.code, Some(3), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("GITME_TOKEN"));
}

#[cfg(unix)]
#[test]
fn disconnect_prompt_confirms() {
    let sandbox = TestSandbox::start();
    let id = connect(&sandbox);
    let mut command = sandbox.gitme();
    command.args(["integrations", "disconnect", &id]);
    let mut session = Session::spawn(command).expect("spawn gitme in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(60)));

    session
        .expect(format!("Disconnect {}", sandbox.instance_url()))
        .expect("the confirmation prompt appears");
    session.send_line("y").expect("answer the prompt");
    session
        .expect(format!("Disconnected integration {id}"))
        .expect("the disconnect is reported");
    let status = session.get_process().wait().expect("gitme exits");
    assert!(
        matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 0)),
        "exit status {status:?}"
    );
    assert!(!listed_ids(&sandbox).contains(&id));
}
