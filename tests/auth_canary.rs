//! Runs every sign-in flow at `-vv` with a known canary token and checks that the token
//! appears in no output and in no file except the insecure token store.

mod auth_support;
mod support;

use auth_support::{
    device_login, files_containing, gitme_without_keyring, run_with_stdin, token_file,
};
use gitme::secret::Secret;
use support::{Finished, TestSandbox, run};

const CANARY: &str = "gitme_canary_token_5f0c1d2e3a4b";

fn assert_no_secret(step: &str, finished: &Finished, secret: &str) {
    assert!(
        !finished.stdout.contains(secret),
        "{step}: stdout contains the token:\n{}",
        finished.stdout
    );
    assert!(
        !finished.stderr.contains(secret),
        "{step}: stderr contains the token:\n{}",
        finished.stderr
    );
}

#[test]
fn canary_token_never_leaks() {
    let sandbox = TestSandbox::start_with(|_, backend| {
        backend.device_flow.interval_seconds = 0;
        backend.accounts[0].token = Secret::new(CANARY);
    });
    assert_eq!(sandbox.sandbox.admin_token.expose(), CANARY);
    let verbose = |sandbox: &TestSandbox| {
        let mut command = gitme_without_keyring(sandbox);
        command.arg("-vv");
        command
    };

    let login = run_with_stdin(
        verbose(&sandbox).args(["auth", "login", "--with-token", "--insecure-storage"]),
        CANARY,
    );
    assert_eq!(login.code, Some(0), "stderr:\n{}", login.stderr);
    assert!(
        login.stderr.contains("TRACE"),
        "-vv logs at trace:\n{}",
        login.stderr
    );
    assert!(
        login.stderr.contains("authorization: [redacted]"),
        "{}",
        login.stderr
    );
    assert!(
        login
            .stderr
            .contains("HTTP request: GET https://127.0.0.1:"),
        "-v logs each request:\n{}",
        login.stderr
    );
    assert!(
        login.stderr.contains("/api/v1/me returned 200 OK in "),
        "-v logs status and duration:\n{}",
        login.stderr
    );
    assert_no_secret("login --with-token", &login, CANARY);

    let status = run(verbose(&sandbox).args(["auth", "status", "--json"]));
    assert_eq!(status.code, Some(0), "stderr:\n{}", status.stderr);
    assert_no_secret("status", &status, CANARY);

    let mut connect = sandbox.connect_scripted();
    connect
        .env_remove("GITME_TOKEN")
        .env("DBUS_SESSION_BUS_ADDRESS", auth_support::NO_BUS)
        .arg("-vv");
    let connected = run(&mut connect);
    assert_eq!(connected.code, Some(0), "stderr:\n{}", connected.stderr);
    assert_no_secret("connect", &connected, CANARY);

    let store = token_file(&sandbox);
    assert_eq!(
        files_containing(sandbox.home.path(), CANARY),
        vec![store.clone()],
        "only the insecure store holds the token"
    );

    let env_status = run(verbose(&sandbox)
        .env("GITME_TOKEN", CANARY)
        .args(["auth", "status"]));
    assert_eq!(env_status.code, Some(0), "stderr:\n{}", env_status.stderr);
    assert_no_secret("status with GITME_TOKEN", &env_status, CANARY);

    let logout = run(verbose(&sandbox).args(["auth", "logout"]));
    assert_eq!(logout.code, Some(0), "stderr:\n{}", logout.stderr);
    assert_no_secret("logout", &logout, CANARY);
    assert!(files_containing(sandbox.home.path(), CANARY).is_empty());

    // The device flow: the issued token is known only after login stores it.
    let mut device = verbose(&sandbox);
    device.args(["auth", "login", "--insecure-storage", "--no-browser"]);
    let device_run = device_login(&sandbox, &mut device, Some("approve"));
    assert_eq!(
        device_run.finished.code,
        Some(0),
        "stderr:\n{}",
        device_run.finished.stderr
    );
    let text = std::fs::read_to_string(&store).expect("token file");
    let issued = text
        .split('"')
        .find(|part| part.starts_with("gitme_cli_"))
        .expect("issued token in the file")
        .to_string();
    assert_no_secret("device login", &device_run.finished, &issued);
    assert_eq!(files_containing(sandbox.home.path(), &issued), vec![store]);
}
