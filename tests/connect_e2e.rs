//! End-to-end runs of the `gitme` binary against a sandbox started by the test.

mod support;

use support::{TestSandbox, hermetic_gitme, run};

#[test]
fn scripted_flow_connects() {
    let sandbox = TestSandbox::start();
    let finished = run(&mut sandbox.connect_scripted());

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let callback = format!(
        "{}self-hosted-integrations/bitbucket/callback",
        sandbox.sandbox.backend.base_url
    );
    assert!(
        finished.stderr.contains(&callback),
        "callback URL missing:\n{}",
        finished.stderr
    );
    assert!(finished.stderr.contains("REPO_READ"));
    assert!(finished.stderr.contains("GitMe Performance Tracking"));
    assert!(finished.stderr.contains("OAuth token endpoint"));
    assert!(finished.stderr.contains("REST API"));
    assert!(finished.stderr.contains("GitMe is connected as"));
    assert!(finished.stderr.contains("Discovery completed"));
    assert!(
        finished
            .stderr
            .contains("plan-configuration?integration=connected")
    );
    assert!(
        finished.stdout.starts_with("PROJECT"),
        "table missing:\n{}",
        finished.stdout
    );
    assert!(finished.stdout.contains("archived"));
    assert!(finished.stdout.contains("personal"));
}

#[test]
fn json_output_is_one_document() {
    let sandbox = TestSandbox::start();
    let finished = run(sandbox.connect_scripted().arg("--json"));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let document: serde_json::Value =
        serde_json::from_str(&finished.stdout).expect("stdout is one JSON document");
    assert_eq!(document["ok"], true);
    assert_eq!(document["integration"]["status"], "connected");
    assert_eq!(document["integration"]["scope"], "REPO_READ");
    assert_eq!(document["integration"]["discovery"]["state"], "completed");
    let repositories = document["repositories"].as_array().expect("repositories");
    assert!(!repositories.is_empty());
    assert_eq!(
        document["counts"]["repositories"].as_u64(),
        Some(repositories.len() as u64)
    );
    assert!(
        document["instance"]["checks"]
            .as_array()
            .is_some_and(|checks| checks.len() >= 5)
    );
}

#[test]
fn sandbox_flag_runs_without_input() {
    let home = tempfile::tempdir().unwrap();
    let finished =
        run(hermetic_gitme(home.path()).args(["connect", "bitbucket", "--sandbox", "--no-input"]));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("built-in user agent"));
    assert!(finished.stderr.contains("REPO_READ"));
    assert!(finished.stdout.starts_with("PROJECT"));
}

#[test]
fn consent_denied_fails() {
    let sandbox = TestSandbox::start();
    let browser = format!("{} sandbox browser --deny", support::gitme_bin().display());
    let finished = run(sandbox.connect_scripted().env("BROWSER", browser));

    assert_eq!(finished.code, Some(5), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("access was denied"),
        "{}",
        finished.stderr
    );
    assert!(finished.stderr.contains("Allow"));
}

#[test]
fn wrong_client_secret_fails_exchange() {
    let sandbox = TestSandbox::start();
    let wrong = sandbox.home.path().join("wrong-secret");
    std::fs::write(&wrong, "not-the-secret\n").unwrap();
    let finished = run(sandbox
        .connect_scripted()
        .arg("--client-secret-file")
        .arg(&wrong));

    assert_eq!(finished.code, Some(5), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("token_exchange_failed"),
        "{}",
        finished.stderr
    );
    assert!(
        finished.stderr.contains("invalid_client"),
        "{}",
        finished.stderr
    );
}

#[test]
fn instance_not_bitbucket_fails() {
    let sandbox = TestSandbox::start();
    // The GitMe backend speaks HTTPS with the same CA, but it is not Bitbucket.
    let not_bitbucket = sandbox.sandbox.backend.base_url.to_string();
    let finished = run(sandbox
        .connect_scripted()
        .args(["--instance-url", &not_bitbucket]));

    assert_eq!(finished.code, Some(4), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("application-properties"),
        "{}",
        finished.stderr
    );
}

#[test]
fn old_version_fails() {
    let sandbox = TestSandbox::start_with(|bitbucket, _| bitbucket.version = "7.19.3".into());
    let finished = run(&mut sandbox.connect_scripted());

    assert_eq!(finished.code, Some(4), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("7.19.3"));
    assert!(finished.stderr.contains("7.20 or later"));
}

#[test]
fn context_path_instance_connects() {
    let sandbox =
        TestSandbox::start_with(|bitbucket, _| bitbucket.context_path = "/bitbucket".into());
    let instance = sandbox.instance_url();
    assert!(instance.ends_with("/bitbucket"), "{instance}");
    // An admin pastes a browse URL; gitme keeps the context path and drops the rest.
    let pasted = format!("{instance}/projects/PLAT/repos/api/browse/");
    let finished = run(sandbox.connect_scripted().args(["--instance-url", &pasted]));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains(&format!("Instance: {instance}")),
        "{}",
        finished.stderr
    );
    assert!(finished.stderr.contains(&format!(
        "{instance}/plugins/servlet/applinks/listApplicationLinks"
    )));
}

#[test]
fn missing_client_id_names_flag() {
    let sandbox = TestSandbox::start();
    let mut command = sandbox.gitme();
    command.args([
        "connect",
        "bitbucket",
        "--no-input",
        "--yes",
        "--instance-url",
        &sandbox.instance_url(),
    ]);
    command
        .arg("--client-secret-file")
        .arg(&sandbox.secret_file);
    let finished = run(&mut command);

    assert_eq!(finished.code, Some(2), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("--client-id"),
        "{}",
        finished.stderr
    );
}

#[test]
fn missing_confirmation_names_yes() {
    let sandbox = TestSandbox::start();
    let mut command = sandbox.gitme();
    command.args([
        "connect",
        "bitbucket",
        "--no-input",
        "--instance-url",
        &sandbox.instance_url(),
    ]);
    let finished = run(&mut command);

    assert_eq!(finished.code, Some(2), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("--yes"), "{}", finished.stderr);
}

#[test]
fn http_instance_url_rejected() {
    let sandbox = TestSandbox::start();
    let finished = run(sandbox
        .connect_scripted()
        .args(["--instance-url", "http://bitbucket.example.com"]));

    assert_eq!(finished.code, Some(2), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("https://bitbucket.example.com"),
        "{}",
        finished.stderr
    );
}

#[test]
fn missing_secret_file_rejected() {
    let sandbox = TestSandbox::start();
    let finished = run(sandbox
        .connect_scripted()
        .args(["--client-secret-file", "/nonexistent/secret"]));

    assert_eq!(finished.code, Some(2), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("/nonexistent/secret"));
}

#[test]
fn member_token_gets_invite_hint() {
    let sandbox = TestSandbox::start();
    let finished = run(sandbox
        .connect_scripted()
        .env("GITME_TOKEN", sandbox.sandbox.member_token.expose()));

    assert_eq!(finished.code, Some(3), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("Invite User"),
        "{}",
        finished.stderr
    );
    assert!(finished.stderr.contains("Account Admin"));
}

#[test]
fn missing_token_fails_with_auth_code() {
    let sandbox = TestSandbox::start();
    let finished = run(sandbox.connect_scripted().env_remove("GITME_TOKEN"));

    assert_eq!(finished.code, Some(3), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("GITME_TOKEN"));
}

#[test]
fn secrets_absent_from_verbose_output() {
    let sandbox = TestSandbox::start();
    let finished = run(sandbox.connect_scripted().args(["-vv", "--json"]));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let secret = sandbox.sandbox.link().client_secret.expose().to_string();
    let token = sandbox.sandbox.admin_token.expose().to_string();
    for (name, text) in [("stdout", &finished.stdout), ("stderr", &finished.stderr)] {
        assert!(!text.contains(&secret), "client secret found in {name}");
        assert!(!text.contains(&token), "GitMe token found in {name}");
    }
}

#[test]
fn json_failure_is_a_document() {
    let sandbox = TestSandbox::start_with(|bitbucket, _| bitbucket.version = "7.19.3".into());
    let finished = run(sandbox.connect_scripted().arg("--json"));

    assert_eq!(finished.code, Some(4), "stderr:\n{}", finished.stderr);
    let document: serde_json::Value =
        serde_json::from_str(&finished.stdout).expect("stdout is one JSON document");
    assert_eq!(document["ok"], false);
    assert_eq!(document["error"]["exit_code"], 4);
    assert!(
        document["error"]["message"]
            .as_str()
            .unwrap()
            .contains("7.19.3")
    );
}

#[test]
fn endless_secret_file_rejected() {
    let sandbox = TestSandbox::start();
    let finished = run(sandbox
        .connect_scripted()
        .args(["--client-secret-file", "/dev/zero"]));

    assert_eq!(finished.code, Some(2), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("longer than 64 KiB"),
        "{}",
        finished.stderr
    );
}

#[test]
fn quiet_still_prints_authorization_url() {
    let sandbox = TestSandbox::start();
    let finished = run(sandbox
        .connect_scripted()
        .args(["-q", "--no-browser", "--timeout", "1s"]));

    assert_eq!(finished.code, Some(6), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("Authorization URL: https://"),
        "{}",
        finished.stderr
    );
    assert!(
        finished
            .stderr
            .contains("no one authorized GitMe within 1 second"),
        "{}",
        finished.stderr
    );
}

#[test]
fn missing_secret_fails_before_checks() {
    let sandbox = TestSandbox::start();
    let mut command = sandbox.gitme();
    command.args([
        "connect",
        "bitbucket",
        "--no-input",
        "--yes",
        "--instance-url",
        &sandbox.instance_url(),
        "--client-id",
        &sandbox.sandbox.link().client_id,
    ]);
    let finished = run(&mut command);

    assert_eq!(finished.code, Some(2), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("--client-secret-file"),
        "{}",
        finished.stderr
    );
    assert!(
        !finished.stderr.contains("OAuth token endpoint"),
        "checks ran first:\n{}",
        finished.stderr
    );
}

#[test]
fn control_characters_escaped() {
    let sandbox = TestSandbox::start_with(|bitbucket, _| {
        bitbucket.display_name = "Bitbucket\u{1b}[31m".into();
    });
    let finished = run(&mut sandbox.connect_scripted());

    assert!(
        !finished.stderr.contains('\u{1b}'),
        "raw escape in:\n{}",
        finished.stderr
    );
    assert!(finished.stderr.contains("\\u{1b}"), "{}", finished.stderr);
}
