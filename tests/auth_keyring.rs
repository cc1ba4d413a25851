//! End-to-end runs of `gitme auth` against a real Secret Service on the session bus.
//!
//! `.ci/run` starts gnome-keyring in a private D-Bus session for these tests. Each test
//! uses its own sandbox, so its keyring account (`127.0.0.1:PORT`) is unique, and each
//! removes its entry again. Where no Secret Service is reachable, the tests print why and
//! pass without checking anything.

mod auth_support;
mod support;

use auth_support::{
    account, device_login, files_containing, gitme_signed_out, run_with_stdin,
    secret_service_available, token_file,
};
use support::{TestSandbox, run};

fn fast_sandbox() -> TestSandbox {
    TestSandbox::start_with(|_, backend| backend.device_flow.interval_seconds = 0)
}

#[test]
fn keyring_login_status_logout() {
    if !secret_service_available() {
        return;
    }
    let sandbox = fast_sandbox();
    let mut command = gitme_signed_out(&sandbox);
    command.args(["auth", "login", "--no-browser"]);
    let login = device_login(&sandbox, &mut command, Some("approve"));
    assert_eq!(
        login.finished.code,
        Some(0),
        "stderr:\n{}",
        login.finished.stderr
    );
    assert!(
        login
            .finished
            .stderr
            .contains("token stored in the keyring"),
        "{}",
        login.finished.stderr
    );

    let stored = gitme::auth::store::keyring_get(&account(&sandbox))
        .expect("keyring readable")
        .expect("token stored");
    assert!(stored.expose().starts_with("gitme_cli_"));
    assert!(!token_file(&sandbox).exists());
    assert!(files_containing(sandbox.home.path(), stored.expose()).is_empty());

    let status = run(gitme_signed_out(&sandbox).args(["auth", "status"]));
    assert_eq!(status.code, Some(0), "stderr:\n{}", status.stderr);
    assert!(
        status.stdout.contains("Token source: keyring"),
        "{}",
        status.stdout
    );
    assert!(
        status.stdout.contains("Role: Account Admin"),
        "{}",
        status.stdout
    );

    let logout = run(gitme_signed_out(&sandbox).args(["auth", "logout"]));
    assert_eq!(logout.code, Some(0), "stderr:\n{}", logout.stderr);
    assert!(
        logout.stderr.contains("from the keyring"),
        "{}",
        logout.stderr
    );
    let after = gitme::auth::store::keyring_get(&account(&sandbox)).expect("keyring readable");
    assert!(after.is_none(), "logout removed the entry");

    let signed_out = run(gitme_signed_out(&sandbox).args(["auth", "status"]));
    assert_eq!(signed_out.code, Some(3), "stderr:\n{}", signed_out.stderr);
}

#[test]
fn keyring_token_used_by_connect() {
    if !secret_service_available() {
        return;
    }
    let sandbox = fast_sandbox();
    let login = run_with_stdin(
        gitme_signed_out(&sandbox).args(["auth", "login", "--with-token"]),
        sandbox.sandbox.admin_token.expose(),
    );
    assert_eq!(login.code, Some(0), "stderr:\n{}", login.stderr);

    let mut connect = sandbox.connect_scripted();
    connect.env_remove("GITME_TOKEN");
    let finished = run(&mut connect);
    let _ = gitme::auth::store::keyring_delete(&account(&sandbox));

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
fn keyring_login_replaces_token() {
    if !secret_service_available() {
        return;
    }
    let sandbox = fast_sandbox();
    for token in [&sandbox.sandbox.member_token, &sandbox.sandbox.admin_token] {
        let login = run_with_stdin(
            gitme_signed_out(&sandbox).args(["auth", "login", "--with-token"]),
            token.expose(),
        );
        assert_eq!(login.code, Some(0), "stderr:\n{}", login.stderr);
    }
    let stored = gitme::auth::store::keyring_get(&account(&sandbox));
    let _ = gitme::auth::store::keyring_delete(&account(&sandbox));

    let stored = stored.expect("keyring readable").expect("token stored");
    assert_eq!(stored.expose(), sandbox.sandbox.admin_token.expose());
}
