//! `gitme doctor` GitMe checks: backend, token and role, the cloud-side probe and the
//! registration values.

mod support;

use support::TestSandbox;
use support::doctor::{doctor, doctor_command};

#[test]
fn gitme_checks_pass_with_admin() {
    let sandbox = TestSandbox::start();
    let run = doctor(&sandbox, &sandbox.instance_url(), &[]);

    for id in [
        "gitme.backend",
        "gitme.token",
        "gitme.cloud_probe",
        "gitme.registration",
    ] {
        assert_eq!(run.status(id), "ok", "{id}: {}", run.check(id));
    }
    assert!(run.detail("gitme.token").contains("Account Admin"));
    assert!(run.detail("gitme.cloud_probe").contains("allowlist"));
    assert!(run.detail("gitme.registration").contains("REPO_READ"));
    assert_eq!(run.finished.code, Some(0), "{}", run.finished.stderr);
}

#[test]
fn gitme_missing_token_skips() {
    let sandbox = TestSandbox::start();
    let mut command = sandbox.gitme();
    command
        .args([
            "doctor",
            "--json",
            "--instance-url",
            &sandbox.instance_url(),
        ])
        .env_remove("GITME_TOKEN");
    let run = doctor_command(&mut command);

    assert_eq!(run.status("gitme.token"), "skip");
    assert!(run.detail("gitme.token").contains("set GITME_TOKEN"));
    assert_eq!(run.status("gitme.cloud_probe"), "skip");
}

#[test]
fn gitme_member_role_fails() {
    let sandbox = TestSandbox::start();
    let mut command = sandbox.gitme();
    command
        .args([
            "doctor",
            "--json",
            "--instance-url",
            &sandbox.instance_url(),
        ])
        .env("GITME_TOKEN", sandbox.sandbox.member_token.expose());
    let run = doctor_command(&mut command);

    assert_eq!(run.status("gitme.token"), "fail");
    assert!(run.cause("gitme.token").contains("not an Account Admin"));
    assert!(run.fix("gitme.token").contains("Settings > Invite User"));
    assert_eq!(run.finished.code, Some(4));
}

#[test]
fn gitme_bad_token_fails() {
    let sandbox = TestSandbox::start();
    let mut command = sandbox.gitme();
    command
        .args([
            "doctor",
            "--json",
            "--instance-url",
            &sandbox.instance_url(),
        ])
        .env("GITME_TOKEN", "not-a-real-token");
    let run = doctor_command(&mut command);

    assert_eq!(run.status("gitme.token"), "fail");
    assert!(
        run.cause("gitme.token").contains("401"),
        "{}",
        run.check("gitme.token")
    );
    assert!(!run.finished.stdout.contains("not-a-real-token"));
    assert!(!run.finished.stderr.contains("not-a-real-token"));
}

#[test]
fn gitme_probe_unreachable_fails() {
    let sandbox = TestSandbox::start();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let run = doctor(
        &sandbox,
        &format!("https://127.0.0.1:{port}"),
        &["--check", "gitme.cloud_probe"],
    );

    assert_eq!(
        run.status("gitme.cloud_probe"),
        "fail",
        "{}",
        run.check("gitme.cloud_probe")
    );
    assert!(
        run.cause("gitme.cloud_probe").contains("cannot reach"),
        "{}",
        run.cause("gitme.cloud_probe")
    );
}

#[test]
fn gitme_backend_unreachable_fails() {
    let sandbox = TestSandbox::start();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let mut command = sandbox.gitme();
    command
        .args(["doctor", "--json", "--check", "gitme.backend"])
        .env("GITME_BACKEND_URL", format!("https://127.0.0.1:{port}"));
    let run = doctor_command(&mut command);

    assert_eq!(run.status("gitme.backend"), "fail");
    assert!(
        run.detail("gitme.backend").contains("tcp:"),
        "{}",
        run.detail("gitme.backend")
    );
    assert!(run.detail("gitme.backend").contains("connection refused"));
}

#[test]
fn gitme_only_without_instance() {
    let sandbox = TestSandbox::start();
    let mut command = sandbox.gitme();
    command.args(["doctor", "--json"]);
    let run = doctor_command(&mut command);

    assert_eq!(run.status("instance.url"), "skip");
    assert!(run.detail("instance.url").contains("no instance URL"));
    assert_eq!(run.status("gitme.token"), "ok");
    assert_eq!(run.status("gitme.cloud_probe"), "skip");
}
