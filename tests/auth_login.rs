//! End-to-end runs of `gitme auth login|status|logout` that need no keyring: the device
//! flow outcomes, `--with-token`, the insecure file, `GITME_TOKEN` and the no-keyring
//! path. Every command gets a D-Bus address where nothing listens, so none of these tests
//! can reach a real keyring.

mod auth_support;
mod support;

use std::time::Duration;

use auth_support::{device_login, gitme_without_keyring, revoke, run_with_stdin, token_file};
use support::{TestSandbox, run};

/// Starts a sandbox whose backend lets gitme poll the token endpoint without waiting.
fn fast_sandbox() -> TestSandbox {
    TestSandbox::start_with(|_, backend| backend.device_flow.interval_seconds = 0)
}

fn login_insecure(sandbox: &TestSandbox) -> std::process::Command {
    let mut command = gitme_without_keyring(sandbox);
    command.args(["auth", "login", "--insecure-storage", "--no-browser"]);
    command
}

fn stored_token(sandbox: &TestSandbox) -> String {
    let text = std::fs::read_to_string(token_file(sandbox)).expect("token file exists");
    let document: toml::Table = toml::from_str(&text).expect("token file is TOML");
    let account = auth_support::account(sandbox);
    document["tokens"][account.as_str()]
        .as_str()
        .expect("token for the sandbox")
        .to_string()
}

#[test]
fn device_login_approved_signs_in() {
    let sandbox = fast_sandbox();
    let login = device_login(&sandbox, &mut login_insecure(&sandbox), Some("approve"));

    let stderr = &login.finished.stderr;
    assert_eq!(login.finished.code, Some(0), "stderr:\n{stderr}");
    let user_code = login.user_code.expect("user code printed");
    assert_eq!(user_code.len(), 9, "{user_code}");
    assert!(
        stderr.contains("Verification URL: https://127.0.0.1:"),
        "{stderr}"
    );
    assert!(stderr.contains("/device"), "{stderr}");
    assert!(stderr.contains("ada.admin@example.com"), "{stderr}");
    assert!(
        stderr.contains("token stored in the insecure file"),
        "{stderr}"
    );
    assert!(login.finished.stdout.is_empty());

    let status = run(gitme_without_keyring(&sandbox).args(["auth", "status"]));
    assert_eq!(status.code, Some(0), "stderr:\n{}", status.stderr);
    assert!(status.stdout.contains("Ada Admin"), "{}", status.stdout);
    assert!(
        status.stdout.contains("Sandbox Workspace"),
        "{}",
        status.stdout
    );
    assert!(
        status.stdout.contains("Role: Account Admin"),
        "{}",
        status.stdout
    );
    assert!(
        status.stdout.contains("Token source: insecure file"),
        "{}",
        status.stdout
    );
}

#[test]
fn device_login_denied_fails() {
    let sandbox = fast_sandbox();
    let login = device_login(&sandbox, &mut login_insecure(&sandbox), Some("deny"));

    let stderr = &login.finished.stderr;
    assert_eq!(login.finished.code, Some(5), "stderr:\n{stderr}");
    assert!(stderr.contains("access was denied"), "{stderr}");
    assert!(stderr.contains("gitme auth login"), "{stderr}");
    assert!(!token_file(&sandbox).exists());
}

#[test]
fn device_login_expired_fails() {
    let sandbox = TestSandbox::start_with(|_, backend| {
        backend.device_flow.interval_seconds = 0;
        backend.device_flow.code_lifetime = Duration::from_millis(500);
    });
    let login = device_login(&sandbox, &mut login_insecure(&sandbox), None);

    let stderr = &login.finished.stderr;
    assert_eq!(login.finished.code, Some(5), "stderr:\n{stderr}");
    assert!(stderr.contains("expired"), "{stderr}");
    assert!(!token_file(&sandbox).exists());
}

/// The backend answers the first poll with `slow_down` and, because the interval is then
/// 5 seconds, answers `slow_down` again to any poll that comes sooner. The login can only
/// succeed when gitme waits the longer interval, so this test takes about 5 seconds.
#[test]
fn device_login_honours_slow_down() {
    let sandbox = TestSandbox::start_with(|_, backend| {
        backend.device_flow.interval_seconds = 0;
        backend.device_flow.slow_down_polls = 1;
        backend.device_flow.code_lifetime = Duration::from_secs(60);
    });
    let mut command = login_insecure(&sandbox);
    command.arg("-v");
    let login = device_login(&sandbox, &mut command, Some("approve"));

    let stderr = &login.finished.stderr;
    assert_eq!(login.finished.code, Some(0), "stderr:\n{stderr}");
    assert!(
        login.elapsed >= Duration::from_secs(5),
        "{:?}",
        login.elapsed
    );
    assert!(stderr.contains("wait_ms=5000"), "{stderr}");
}

#[test]
fn with_token_stores_file_0600() {
    let sandbox = fast_sandbox();
    let admin_token = sandbox.sandbox.admin_token.expose().to_string();
    let finished = run_with_stdin(
        gitme_without_keyring(&sandbox).args([
            "auth",
            "login",
            "--with-token",
            "--insecure-storage",
        ]),
        &format!("{admin_token}\n"),
    );

    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    assert_eq!(stored_token(&sandbox), admin_token);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(token_file(&sandbox))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
    }
}

#[test]
fn with_token_rejects_unknown_token() {
    let sandbox = fast_sandbox();
    let finished = run_with_stdin(
        gitme_without_keyring(&sandbox).args([
            "auth",
            "login",
            "--with-token",
            "--insecure-storage",
        ]),
        "gitme_not_a_real_token\n",
    );

    assert_eq!(finished.code, Some(3), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("rejected"), "{}", finished.stderr);
    assert!(!token_file(&sandbox).exists());
}

#[test]
fn with_token_rejects_empty_input() {
    let sandbox = fast_sandbox();
    let finished = run_with_stdin(
        gitme_without_keyring(&sandbox).args([
            "auth",
            "login",
            "--with-token",
            "--insecure-storage",
        ]),
        "  \n",
    );

    assert_eq!(finished.code, Some(2), "stderr:\n{}", finished.stderr);
    assert!(finished.stderr.contains("empty"), "{}", finished.stderr);
}

#[test]
fn no_keyring_names_alternatives() {
    let sandbox = fast_sandbox();
    let admin_token = sandbox.sandbox.admin_token.expose().to_string();
    let finished = run_with_stdin(
        gitme_without_keyring(&sandbox).args(["auth", "login", "--with-token"]),
        &admin_token,
    );

    assert_eq!(finished.code, Some(3), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("no usable OS keyring"),
        "{}",
        finished.stderr
    );
    assert!(
        finished.stderr.contains("--insecure-storage"),
        "{}",
        finished.stderr
    );
    assert!(
        finished.stderr.contains("GITME_TOKEN"),
        "{}",
        finished.stderr
    );
    assert!(
        !token_file(&sandbox).exists(),
        "no silent fallback to the file"
    );
}

#[test]
fn no_keyring_device_login_stops_early() {
    let sandbox = fast_sandbox();
    let mut command = gitme_without_keyring(&sandbox);
    command.args(["auth", "login", "--no-browser"]);
    let finished = run(&mut command);

    assert_eq!(finished.code, Some(3), "stderr:\n{}", finished.stderr);
    assert!(
        !finished.stderr.contains("User code"),
        "the device flow must not start without storage:\n{}",
        finished.stderr
    );
}

#[test]
fn status_not_signed_in_exits_3() {
    let sandbox = fast_sandbox();
    let finished = run(gitme_without_keyring(&sandbox).args(["auth", "status"]));

    assert_eq!(finished.code, Some(3), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("not signed in"),
        "{}",
        finished.stderr
    );
    assert!(
        finished.stderr.contains("gitme auth login"),
        "{}",
        finished.stderr
    );

    let json = run(gitme_without_keyring(&sandbox).args(["auth", "status", "--json"]));
    assert_eq!(json.code, Some(3), "stderr:\n{}", json.stderr);
    let document: serde_json::Value =
        serde_json::from_str(&json.stdout).expect("one JSON document");
    assert_eq!(document["signed_in"], false);
}

#[test]
fn status_json_reports_source() {
    let sandbox = fast_sandbox();
    let login = device_login(&sandbox, &mut login_insecure(&sandbox), Some("approve"));
    assert_eq!(
        login.finished.code,
        Some(0),
        "stderr:\n{}",
        login.finished.stderr
    );

    let finished = run(gitme_without_keyring(&sandbox).args(["auth", "status", "--json"]));
    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    let document: serde_json::Value =
        serde_json::from_str(&finished.stdout).expect("one JSON document");
    assert_eq!(document["signed_in"], true);
    assert_eq!(document["user"]["email"], "ada.admin@example.com");
    assert_eq!(document["workspace"]["name"], "Sandbox Workspace");
    assert_eq!(document["role"], "account_admin");
    assert_eq!(document["token_source"]["kind"], "insecure_file");
    assert_eq!(
        document["token_source"]["path"],
        token_file(&sandbox).display().to_string()
    );
}

#[test]
fn env_token_overrides_stored() {
    let sandbox = fast_sandbox();
    let member_token = sandbox.sandbox.member_token.expose().to_string();
    let stored = run_with_stdin(
        gitme_without_keyring(&sandbox).args([
            "auth",
            "login",
            "--with-token",
            "--insecure-storage",
        ]),
        &member_token,
    );
    assert_eq!(stored.code, Some(0), "stderr:\n{}", stored.stderr);
    assert!(stored.stderr.contains("Member"), "{}", stored.stderr);
    assert!(stored.stderr.contains("Invite User"), "{}", stored.stderr);

    let finished = run(gitme_without_keyring(&sandbox)
        .env("GITME_TOKEN", sandbox.sandbox.admin_token.expose())
        .args(["auth", "status"]));
    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stdout.contains("Token source: GITME_TOKEN"),
        "{}",
        finished.stdout
    );
    assert!(
        finished.stdout.contains("Role: Account Admin"),
        "{}",
        finished.stdout
    );
}

#[test]
fn revoked_token_says_login() {
    let sandbox = fast_sandbox();
    let login = device_login(&sandbox, &mut login_insecure(&sandbox), Some("approve"));
    assert_eq!(
        login.finished.code,
        Some(0),
        "stderr:\n{}",
        login.finished.stderr
    );
    revoke(&sandbox, &stored_token(&sandbox));

    let status = run(gitme_without_keyring(&sandbox).args(["auth", "status"]));
    assert_eq!(status.code, Some(3), "stderr:\n{}", status.stderr);
    assert!(
        status.stderr.contains("expired or was revoked"),
        "{}",
        status.stderr
    );
    assert!(
        status.stderr.contains("run `gitme auth login`"),
        "{}",
        status.stderr
    );

    let mut connect = sandbox.connect_scripted();
    connect
        .env_remove("GITME_TOKEN")
        .env("DBUS_SESSION_BUS_ADDRESS", auth_support::NO_BUS);
    let connected = run(&mut connect);
    assert_eq!(connected.code, Some(3), "stderr:\n{}", connected.stderr);
    assert!(
        connected.stderr.contains("run `gitme auth login`"),
        "{}",
        connected.stderr
    );
}

#[test]
fn connect_uses_stored_token() {
    let sandbox = fast_sandbox();
    let login = device_login(&sandbox, &mut login_insecure(&sandbox), Some("approve"));
    assert_eq!(
        login.finished.code,
        Some(0),
        "stderr:\n{}",
        login.finished.stderr
    );

    let mut connect = sandbox.connect_scripted();
    connect
        .env_remove("GITME_TOKEN")
        .env("DBUS_SESSION_BUS_ADDRESS", auth_support::NO_BUS);
    let finished = run(&mut connect);
    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    assert!(
        finished
            .stderr
            .contains("Signed in to GitMe as ada.admin@example.com"),
        "{}",
        finished.stderr
    );
}

#[test]
fn connect_without_token_says_login() {
    let sandbox = fast_sandbox();
    let mut connect = sandbox.connect_scripted();
    connect
        .env_remove("GITME_TOKEN")
        .env("DBUS_SESSION_BUS_ADDRESS", auth_support::NO_BUS);
    let finished = run(&mut connect);

    assert_eq!(finished.code, Some(3), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("not signed in"),
        "{}",
        finished.stderr
    );
    assert!(
        finished.stderr.contains("gitme auth login"),
        "{}",
        finished.stderr
    );
}

#[test]
fn logout_removes_file_token() {
    let sandbox = fast_sandbox();
    let admin_token = sandbox.sandbox.admin_token.expose().to_string();
    let stored = run_with_stdin(
        gitme_without_keyring(&sandbox).args([
            "auth",
            "login",
            "--with-token",
            "--insecure-storage",
        ]),
        &admin_token,
    );
    assert_eq!(stored.code, Some(0), "stderr:\n{}", stored.stderr);

    let finished = run(gitme_without_keyring(&sandbox).args(["auth", "logout"]));
    assert_eq!(finished.code, Some(0), "stderr:\n{}", finished.stderr);
    assert!(
        finished.stderr.contains("from the insecure file"),
        "{}",
        finished.stderr
    );
    assert!(!token_file(&sandbox).exists());

    let again = run(gitme_without_keyring(&sandbox).args(["auth", "logout"]));
    assert_eq!(again.code, Some(0), "stderr:\n{}", again.stderr);
    assert!(
        again.stderr.contains("nothing to remove"),
        "{}",
        again.stderr
    );
}
