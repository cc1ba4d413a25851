//! Scripted provisioning with the built binary: `--no-wait` and `--resume`, `--from-file`
//! and `--reauthorize`, against sandboxes started by the test.

mod support;

use std::time::Duration;

use support::{TestSandbox, run};

fn json_of(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout)
        .unwrap_or_else(|error| panic!("stdout is not JSON: {error}\n{stdout}"))
}

#[test]
fn no_wait_prints_url_only() {
    let sandbox = TestSandbox::start();
    let finished = run(sandbox.connect_scripted().arg("--no-wait"));

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let lines: Vec<&str> = finished.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "stdout:\n{}", finished.stdout);
    assert!(
        lines[0].contains("/rest/oauth2/latest/authorize?"),
        "{}",
        lines[0]
    );
    assert!(finished.stderr.contains("Integration: int_"));
    assert!(finished.stderr.contains("--resume int_"));
    assert!(!finished.stderr.contains("GitMe is connected"));
}

#[test]
fn resume_renews_expired_url() {
    // Every authorize URL expires at once until the test raises the lifetime.
    let sandbox = TestSandbox::start_with(|_, backend| backend.authorization_ttl = Duration::ZERO);
    let registered = run(sandbox.connect_scripted().args(["--no-wait", "--json"]));

    assert_eq!(registered.code, Some(0), "stderr:\n{}", registered.stderr);
    let pending = json_of(&registered.stdout);
    let id = pending["integration_id"]
        .as_str()
        .expect("integration_id")
        .to_string();
    let first_url = pending["authorize_url"]
        .as_str()
        .expect("authorize_url")
        .to_string();
    assert!(pending["expires_at"].as_str().is_some());
    assert!(
        pending["callback_url"]
            .as_str()
            .is_some_and(|url| url.ends_with("/self-hosted-integrations/bitbucket/callback"))
    );

    sandbox
        .sandbox
        .backend
        .set_authorization_ttl(Duration::from_secs(600));
    let mut resume = sandbox.gitme();
    resume.args([
        "connect",
        "bitbucket",
        "--no-input",
        "--timeout",
        "60s",
        "--json",
        "--resume",
        &id,
    ]);
    let resumed = run(&mut resume);

    assert_eq!(resumed.code, Some(0), "stderr:\n{}", resumed.stderr);
    assert!(
        resumed.stderr.contains("expired"),
        "stderr:\n{}",
        resumed.stderr
    );
    assert!(resumed.stderr.contains("Renewed the authorization"));
    assert!(!resumed.stderr.contains(&first_url));
    let document = json_of(&resumed.stdout);
    assert_eq!(document["integration"]["id"], id.as_str());
    assert_eq!(document["integration"]["status"], "connected");
    assert_eq!(document["integration"]["discovery"]["state"], "completed");
}

#[test]
fn resume_no_wait_prints_renewed_url() {
    let sandbox = TestSandbox::start_with(|_, backend| backend.authorization_ttl = Duration::ZERO);
    let registered = run(sandbox.connect_scripted().args(["--no-wait", "--json"]));
    assert_eq!(registered.code, Some(0), "stderr:\n{}", registered.stderr);
    let pending = json_of(&registered.stdout);
    let id = pending["integration_id"]
        .as_str()
        .expect("integration_id")
        .to_string();

    sandbox
        .sandbox
        .backend
        .set_authorization_ttl(Duration::from_secs(600));
    let mut resume = sandbox.gitme();
    resume.args([
        "connect",
        "bitbucket",
        "--no-input",
        "--no-wait",
        "--json",
        "--resume",
        &id,
    ]);
    let renewed = run(&mut resume);

    assert_eq!(renewed.code, Some(0), "stderr:\n{}", renewed.stderr);
    let document = json_of(&renewed.stdout);
    assert_eq!(document["integration_id"], id.as_str());
    assert_ne!(document["authorize_url"], pending["authorize_url"]);
    assert_ne!(document["expires_at"], pending["expires_at"]);
    assert!(!renewed.stderr.contains("GitMe is connected"));
}

#[test]
fn from_file_one_failing_instance() {
    let sandbox = TestSandbox::start();
    let second = sandbox.start_extra_bitbucket("second");
    // The backend speaks HTTPS with the same CA but is not Bitbucket, so its check fails.
    let not_bitbucket = sandbox
        .sandbox
        .backend
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_string();
    let file = sandbox.home.path().join("instances.toml");
    std::fs::write(
        &file,
        format!(
            "[[instance]]\ninstance_url = \"{}\"\nclient_id = \"{}\"\nclient_secret_file = \"client-secret\"\n\n\
             [[instance]]\ninstance_url = \"{not_bitbucket}\"\nclient_id = \"unused\"\nclient_secret_file = \"client-secret\"\n\n\
             [[instance]]\ninstance_url = \"{}\"\nclient_id = \"{}\"\nclient_secret_env = \"SECOND_SECRET\"\n",
            sandbox.instance_url(),
            sandbox.sandbox.link().client_id,
            second.instance_url(),
            second.emulator.link().client_id,
        ),
    )
    .expect("write instances file");
    let mut command = sandbox.gitme();
    command
        .args(["connect", "bitbucket", "--no-input", "--yes", "--json"])
        .args(["--timeout", "60s", "--jobs", "2", "--from-file"])
        .arg(&file)
        .env(
            "SECOND_SECRET",
            second.emulator.link().client_secret.expose(),
        );
    let finished = run(&mut command);

    assert_eq!(finished.code, Some(1), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("1 of 3 instances failed"));
    let results = json_of(&finished.stdout);
    let results = results.as_array().expect("a JSON array");
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["status"], "connected", "{}", finished.stdout);
    assert_eq!(results[0]["instance_url"], sandbox.instance_url().as_str());
    assert!(
        results[0]["repositories"]
            .as_u64()
            .is_some_and(|count| count > 0)
    );
    assert_eq!(results[1]["status"], "failed");
    assert_eq!(results[1]["error"]["exit_code"], 4);
    assert_eq!(results[2]["status"], "connected", "{}", finished.stdout);
    assert_eq!(results[2]["instance_url"], second.instance_url().as_str());
    assert_ne!(results[0]["integration_id"], results[2]["integration_id"]);
}

#[test]
fn from_file_table_lines() {
    let sandbox = TestSandbox::start();
    let file = sandbox.home.path().join("instances.toml");
    std::fs::write(
        &file,
        format!(
            "[[instance]]\ninstance_url = \"{}\"\nclient_id = \"{}\"\nclient_secret_file = \"client-secret\"\n",
            sandbox.instance_url(),
            sandbox.sandbox.link().client_id,
        ),
    )
    .expect("write instances file");
    let mut command = sandbox.gitme();
    command
        .args([
            "connect",
            "bitbucket",
            "--no-input",
            "--yes",
            "--no-wait",
            "--from-file",
        ])
        .arg(&file);
    let finished = run(&mut command);

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let lines: Vec<&str> = finished.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "stdout:\n{}", finished.stdout);
    assert!(lines[0].starts_with("INSTANCE"));
    assert!(lines[1].starts_with(&sandbox.instance_url()));
    assert!(lines[1].contains("pending_authorization"));
}

#[test]
fn from_file_shared_failure_kind() {
    let sandbox = TestSandbox::start();
    let file = sandbox.home.path().join("instances.toml");
    std::fs::write(
        &file,
        "[[instance]]\ninstance_url = \"https://127.0.0.1:9\"\nclient_id = \"a\"\nclient_secret_env = \"MISSING_SECRET_VARIABLE\"\n\n\
         [[instance]]\ninstance_url = \"https://127.0.0.1:10\"\nclient_id = \"b\"\nclient_secret_file = \"missing.secret\"\n",
    )
    .expect("write instances file");
    let mut command = sandbox.gitme();
    command
        .args(["connect", "bitbucket", "--no-input", "--yes", "--from-file"])
        .arg(&file)
        .env_remove("MISSING_SECRET_VARIABLE");
    let finished = run(&mut command);

    assert_eq!(finished.code, Some(2), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("2 of 2 instances failed"));
    assert!(finished.stderr.contains("MISSING_SECRET_VARIABLE"));
}

#[test]
fn from_file_rejects_duplicates() {
    let sandbox = TestSandbox::start();
    let file = sandbox.home.path().join("instances.toml");
    let instance = sandbox.instance_url();
    std::fs::write(
        &file,
        format!(
            "[[instance]]\ninstance_url = \"{instance}\"\nclient_id = \"a\"\nclient_secret_env = \"S\"\n\n\
             [[instance]]\ninstance_url = \"{instance}/rest/api/1.0/projects\"\nclient_id = \"b\"\nclient_secret_env = \"S\"\n"
        ),
    )
    .expect("write instances file");
    let mut command = sandbox.gitme();
    command
        .args(["connect", "bitbucket", "--no-input", "--yes", "--from-file"])
        .arg(&file);
    let finished = run(&mut command);

    assert_eq!(finished.code, Some(2), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("same instance"),
        "{}",
        finished.stderr
    );
}

#[test]
fn reauthorize_keeps_integration() {
    let sandbox = TestSandbox::start();
    let first = run(sandbox.connect_scripted().arg("--json"));
    assert_eq!(first.code, Some(0), "stderr:\n{}", first.stderr);
    let id = json_of(&first.stdout)["integration"]["id"]
        .as_str()
        .expect("integration id")
        .to_string();

    let refused = run(&mut sandbox.connect_scripted());
    assert_eq!(refused.code, Some(2), "stderr:\n{}", refused.stderr);
    assert!(refused.stderr.contains("already connected"));
    assert!(refused.stderr.contains(&id));
    assert!(refused.stderr.contains("--reauthorize"));

    let again = run(sandbox.connect_scripted().args(["--reauthorize", "--json"]));
    assert_eq!(again.code, Some(0), "stderr:\n{}", again.stderr);
    assert!(again.stderr.contains("Started a re-authorization"));
    let document = json_of(&again.stdout);
    assert_eq!(document["integration"]["id"], id.as_str());
    assert_eq!(document["integration"]["status"], "connected");

    let listed = run(sandbox.gitme().args(["integrations", "list", "--json"]));
    assert_eq!(listed.code, Some(0), "stderr:\n{}", listed.stderr);
    let bitbucket_count = json_of(&listed.stdout)["integrations"]
        .as_array()
        .expect("integrations")
        .iter()
        .filter(|summary| summary["provider"] == "bitbucket_data_center")
        .count();
    assert_eq!(bitbucket_count, 1);
}

#[test]
fn reauthorize_twice_keeps_integration() {
    let sandbox = TestSandbox::start();
    let first = run(sandbox.connect_scripted().arg("--json"));
    assert_eq!(first.code, Some(0), "stderr:\n{}", first.stderr);
    let id = json_of(&first.stdout)["integration"]["id"]
        .as_str()
        .expect("integration id")
        .to_string();

    // Two re-authorizations in a row, neither approved: the pending one still owns the
    // instance, so the second renews it instead of registering a new integration.
    for _ in 0..2 {
        let pending =
            run(sandbox
                .connect_scripted()
                .args(["--reauthorize", "--no-wait", "--json"]));
        assert_eq!(pending.code, Some(0), "stderr:\n{}", pending.stderr);
        assert_eq!(json_of(&pending.stdout)["integration_id"], id.as_str());
    }

    let listed = run(sandbox.gitme().args(["integrations", "list", "--json"]));
    let bitbucket_count = json_of(&listed.stdout)["integrations"]
        .as_array()
        .expect("integrations")
        .iter()
        .filter(|summary| summary["provider"] == "bitbucket_data_center")
        .count();
    assert_eq!(bitbucket_count, 1);
}

#[test]
fn resume_superseded_integration_fails() {
    let sandbox = TestSandbox::start();
    let first = run(sandbox.connect_scripted().args(["--no-wait", "--json"]));
    assert_eq!(first.code, Some(0), "stderr:\n{}", first.stderr);
    let old_id = json_of(&first.stdout)["integration_id"]
        .as_str()
        .expect("integration id")
        .to_string();
    let second = run(sandbox.connect_scripted().args(["--no-wait", "--json"]));
    assert_eq!(second.code, Some(0), "stderr:\n{}", second.stderr);
    let new_id = json_of(&second.stdout)["integration_id"]
        .as_str()
        .expect("integration id")
        .to_string();

    let resumed = run(sandbox.gitme().args([
        "connect",
        "bitbucket",
        "--no-input",
        "--timeout",
        "60s",
        "--resume",
        &old_id,
    ]));

    assert_eq!(resumed.code, Some(5), "stderr:\n{}", resumed.stderr);
    assert!(resumed.stderr.contains("replaced"), "{}", resumed.stderr);
    assert!(
        resumed.stderr.contains(&format!("--resume {new_id}")),
        "{}",
        resumed.stderr
    );
}

#[cfg(unix)]
#[test]
fn reauthorize_prompt_in_terminal() {
    use expectrl::{Expect, Session};

    let sandbox = TestSandbox::start();
    let id = json_of(&run(sandbox.connect_scripted().arg("--json")).stdout)["integration"]["id"]
        .as_str()
        .expect("integration id")
        .to_string();
    let mut command = sandbox.gitme();
    command.args([
        "connect",
        "bitbucket",
        "--yes",
        "--timeout",
        "60s",
        "--instance-url",
        &sandbox.instance_url(),
        "--client-id",
        &sandbox.sandbox.link().client_id,
        "--client-secret-file",
    ]);
    command.arg(&sandbox.secret_file);
    let mut session = Session::spawn(command).expect("spawn gitme in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(60)));

    let before_prompt = session
        .expect("Authorize GitMe again")
        .expect("the re-authorization prompt appears");
    // The admin learns about the existing connection before the setup instructions.
    assert!(
        !String::from_utf8_lossy(before_prompt.before())
            .contains("Create the OAuth 2.0 application"),
        "the setup instructions came before the re-authorization prompt"
    );
    session.send_line("y").expect("answer the prompt");
    session
        .expect(format!("Started a re-authorization of integration {id}"))
        .expect("the re-authorization starts");
    session
        .expect("GitMe is connected")
        .expect("the re-authorization completes");
    let status = session.get_process().wait().expect("gitme exits");
    assert!(
        matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 0)),
        "exit status {status:?}"
    );
}

#[test]
fn canary_secrets_stay_hidden() {
    let sandbox = TestSandbox::start();
    let second = sandbox.start_extra_bitbucket("second");
    let file = sandbox.home.path().join("instances.toml");
    std::fs::write(
        &file,
        format!(
            "[[instance]]\ninstance_url = \"{}\"\nclient_id = \"{}\"\nclient_secret_file = \"client-secret\"\n\n\
             [[instance]]\ninstance_url = \"{}\"\nclient_id = \"{}\"\nclient_secret_env = \"SECOND_SECRET\"\n",
            sandbox.instance_url(),
            sandbox.sandbox.link().client_id,
            second.instance_url(),
            second.emulator.link().client_id,
        ),
    )
    .expect("write instances file");
    let second_secret = second.emulator.link().client_secret.expose().to_string();
    let mut batch = sandbox.gitme();
    batch
        .args(["-vv", "connect", "bitbucket", "--no-input", "--yes"])
        .args(["--timeout", "60s", "--from-file"])
        .arg(&file)
        .env("SECOND_SECRET", &second_secret);
    let mut runs = vec![("from-file", run(&mut batch))];
    runs.push((
        "reauthorize",
        run(sandbox
            .connect_scripted()
            .args(["-vv", "--reauthorize", "--json"])),
    ));
    runs.push((
        "no-wait",
        run(sandbox
            .connect_scripted()
            .args(["-vv", "--reauthorize", "--no-wait"])),
    ));
    runs.push((
        "list",
        run(sandbox
            .gitme()
            .args(["-vv", "integrations", "list", "--json"])),
    ));

    let canaries = [
        (
            "first client secret",
            sandbox.sandbox.link().client_secret.expose().to_string(),
        ),
        ("second client secret", second_secret.clone()),
        (
            "GitMe token",
            sandbox.sandbox.admin_token.expose().to_string(),
        ),
    ];
    for (name, finished) in &runs {
        assert_eq!(
            finished.code,
            Some(0),
            "{name} stderr:\n{}",
            finished.stderr
        );
        for (canary, value) in &canaries {
            assert!(
                !finished.stdout.contains(value),
                "{canary} in {name} stdout"
            );
            assert!(
                !finished.stderr.contains(value),
                "{canary} in {name} stderr"
            );
        }
    }
    // The test itself wrote the two secret files; every other file under HOME is gitme's.
    let written_by_test = [sandbox.secret_file.clone(), second.secret_file.clone()];
    for path in files_under(sandbox.home.path()) {
        if written_by_test.contains(&path) {
            continue;
        }
        let contents =
            String::from_utf8_lossy(&std::fs::read(&path).expect("read file")).into_owned();
        for (canary, value) in &canaries {
            assert!(!contents.contains(value), "{canary} in {}", path.display());
        }
    }
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("read directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}
