//! `gitme doctor` instance checks against a sandbox started by the test: URL, TCP, HTTP,
//! Bitbucket, OAuth, REST, the JSON document, `--check` and `--timeout`.

mod support;

use std::time::Duration;

use gitme::sandbox::bitbucket::FaultRule;
use support::TestSandbox;
use support::doctor::doctor;

const INSTANCE_CHECKS: [&str; 9] = [
    "instance.url",
    "instance.dns",
    "instance.tcp",
    "instance.tls",
    "instance.http",
    "instance.bitbucket",
    "instance.oauth",
    "instance.rest_api",
    "instance.clock",
];

#[test]
fn instance_checks_pass_on_sandbox() {
    let sandbox = TestSandbox::start();
    let run = doctor(&sandbox, &sandbox.instance_url(), &[]);

    for id in INSTANCE_CHECKS {
        let status = run.status(id);
        // The sandbox CA is trusted only through --ca-cert, which warns by design.
        let expected = if id == "instance.tls" { "warn" } else { "ok" };
        assert_eq!(status, expected, "{id}: {}", run.check(id));
    }
    assert!(run.detail("instance.bitbucket").contains("8.19.1"));
    assert!(run.detail("instance.rest_api").contains("REST API"));
    assert!(
        run.detail("instance.oauth")
            .contains("OAuth token endpoint")
    );
}

#[test]
fn url_http_scheme_fails() {
    let sandbox = TestSandbox::start();
    let plain = sandbox.instance_url().replace("https://", "http://");
    let run = doctor(&sandbox, &plain, &["--check", "instance.url"]);

    assert_eq!(run.status("instance.url"), "fail");
    assert!(run.cause("instance.url").contains("plain http://"));
    assert!(run.fix("instance.url").contains(&sandbox.instance_url()));
    assert_eq!(run.finished.code, Some(4));
}

#[test]
fn url_pasted_path_warns() {
    let sandbox = TestSandbox::start();
    let pasted = format!("{}/projects/PLAT/repos/api/browse", sandbox.instance_url());
    let run = doctor(&sandbox, &pasted, &["--check", "instance.url"]);

    assert_eq!(run.status("instance.url"), "warn");
    assert!(
        run.cause("instance.url")
            .contains("removed the pasted page path")
    );
    assert!(run.fix("instance.url").contains(&sandbox.instance_url()));
}

#[test]
fn tcp_refused_port_fails() {
    let sandbox = TestSandbox::start();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let run = doctor(&sandbox, &format!("https://127.0.0.1:{port}"), &[]);

    assert_eq!(run.status("instance.tcp"), "fail");
    assert!(run.cause("instance.tcp").contains("connection refused"));
    assert_eq!(run.status("instance.tls"), "skip");
    assert!(run.detail("instance.tls").contains("failed"));
    assert_eq!(run.finished.code, Some(4));
}

#[test]
fn http_plain_redirect_warns() {
    let sandbox = TestSandbox::start_with(|bitbucket, _| bitbucket.http_redirect = true);
    let plain = sandbox
        .sandbox
        .bitbucket
        .http_redirect_url
        .clone()
        .expect("redirect listener");
    let plain = plain.as_str().trim_end_matches('/');
    let run = doctor(&sandbox, plain, &[]);

    assert_eq!(run.status("instance.url"), "fail");
    assert_eq!(
        run.status("instance.http"),
        "warn",
        "{}",
        run.check("instance.http")
    );
    assert!(
        run.cause("instance.http")
            .contains("http:// redirects to https://")
    );
    assert!(run.fix("instance.http").contains(&sandbox.instance_url()));
}

#[test]
fn http_html_answer_fails() {
    let sandbox = TestSandbox::start_with(|bitbucket, _| {
        bitbucket.faults = vec![
            FaultRule::new("/rest/api/1.0/application-properties").html_page("Company Portal"),
        ];
    });
    let run = doctor(&sandbox, &sandbox.instance_url(), &[]);

    assert_eq!(run.status("instance.http"), "fail");
    let cause = run.cause("instance.http");
    assert!(cause.contains("HTML where JSON is expected"), "{cause}");
    assert!(cause.contains("Company Portal"), "{cause}");
    assert!(cause.contains("text/html"), "{cause}");
    assert_eq!(run.status("instance.bitbucket"), "skip");
}

#[test]
fn bitbucket_old_version_fails() {
    let sandbox = TestSandbox::start_with(|bitbucket, _| bitbucket.version = "7.19.3".into());
    let run = doctor(&sandbox, &sandbox.instance_url(), &[]);

    assert_eq!(run.status("instance.bitbucket"), "fail");
    assert!(run.cause("instance.bitbucket").contains("7.19.3"));
    assert!(run.cause("instance.bitbucket").contains("7.20 or later"));
    assert_eq!(run.status("instance.oauth"), "skip");
}

#[test]
fn bitbucket_other_server_fails() {
    let sandbox = TestSandbox::start();
    let backend = sandbox.sandbox.backend.base_url.to_string();
    let run = doctor(&sandbox, &backend, &["--check", "instance.bitbucket"]);

    assert_eq!(run.status("instance.bitbucket"), "fail");
    assert!(
        run.detail("instance.bitbucket")
            .contains("application-properties")
    );
}

#[test]
fn bitbucket_missing_context_path_suggested() {
    let sandbox =
        TestSandbox::start_with(|bitbucket, _| bitbucket.context_path = "/bitbucket".into());
    let with_context = sandbox.instance_url();
    let without = with_context.trim_end_matches("/bitbucket");
    let run = doctor(&sandbox, without, &["--check", "instance.bitbucket"]);

    assert_eq!(run.status("instance.bitbucket"), "fail");
    assert!(run.cause("instance.bitbucket").contains("404"));
    assert!(
        run.fix("instance.bitbucket").contains(&with_context),
        "{}",
        run.fix("instance.bitbucket")
    );
}

#[test]
fn oauth_provider_absent_fails() {
    let sandbox = TestSandbox::start_with(|bitbucket, _| bitbucket.oauth_provider = false);
    let run = doctor(
        &sandbox,
        &sandbox.instance_url(),
        &["--check", "instance.oauth"],
    );

    assert_eq!(run.status("instance.oauth"), "fail");
    assert!(
        run.cause("instance.oauth")
            .contains("no OAuth 2.0 provider")
    );
    assert!(run.fix("instance.oauth").contains("7.20"));
}

#[test]
fn rest_html_answer_fails() {
    let sandbox = TestSandbox::start_with(|bitbucket, _| {
        bitbucket.faults = vec![FaultRule::new("/rest/api/1.0/repos").html_page("Log in")];
    });
    let run = doctor(
        &sandbox,
        &sandbox.instance_url(),
        &["--check", "instance.rest_api"],
    );

    assert_eq!(run.status("instance.rest_api"), "fail");
    assert!(run.cause("instance.rest_api").contains("Log in"));
}

#[test]
fn json_document_has_stable_shape() {
    let sandbox = TestSandbox::start();
    let run = doctor(&sandbox, &sandbox.instance_url(), &[]);

    assert_eq!(run.document["schema_version"], 1);
    assert!(run.document["ok"].is_boolean());
    assert_eq!(run.document["instance_url"], sandbox.instance_url());
    for key in ["ok", "warn", "fail", "skip"] {
        assert!(run.document["summary"][key].is_u64(), "summary.{key}");
    }
    let checks = run.document["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), 14);
    for check in checks {
        for key in ["id", "group", "status", "detail"] {
            assert!(check[key].is_string(), "{key} in {check}");
        }
        assert!(check["duration_ms"].is_u64(), "{check}");
        assert!(check.get("cause").is_some(), "{check}");
        assert!(check.get("fix").is_some(), "{check}");
    }
    let callback = format!(
        "{}self-hosted-integrations/bitbucket/callback",
        sandbox.sandbox.backend.base_url
    );
    assert_eq!(run.document["registration"]["callback_url"], callback);
    assert_eq!(run.document["registration"]["scope"], "REPO_READ");
}

#[test]
fn check_flag_limits_run() {
    let sandbox = TestSandbox::start();
    let run = doctor(
        &sandbox,
        &sandbox.instance_url(),
        &["--check", "instance.tls"],
    );

    assert_eq!(
        run.ids(),
        vec![
            "instance.url",
            "instance.dns",
            "instance.tcp",
            "instance.tls",
            "proxy"
        ]
    );
}

#[test]
fn exit_zero_without_failures() {
    let sandbox = TestSandbox::start();
    let run = doctor(
        &sandbox,
        &sandbox.instance_url(),
        &["--check", "instance.rest_api"],
    );

    assert_eq!(run.document["ok"], true, "{}", run.finished.stderr);
    assert_eq!(run.finished.code, Some(0));
}

#[test]
fn unknown_check_is_usage_error() {
    let sandbox = TestSandbox::start();
    let finished = support::run(sandbox.gitme().args(["doctor", "--check", "instance.nope"]));

    assert_eq!(finished.code, Some(2));
    assert!(finished.stderr.contains("instance.nope"));
}

#[test]
fn hanging_request_times_out() {
    let sandbox = TestSandbox::start_with(|bitbucket, _| {
        bitbucket.faults = vec![FaultRule::new("*").latency(Duration::from_secs(60))];
    });
    let run = doctor(&sandbox, &sandbox.instance_url(), &["--timeout", "3s"]);

    assert_eq!(run.finished.code, Some(4));
    assert_eq!(run.status("instance.http"), "fail");
    assert!(
        run.cause("instance.http").contains("timed out"),
        "{}",
        run.check("instance.http")
    );
    assert_eq!(run.status("instance.bitbucket"), "skip");
}

#[test]
fn human_output_groups_checks() {
    let sandbox = TestSandbox::start();
    let mut command = sandbox.gitme();
    command.args(["doctor", "--instance-url", &sandbox.instance_url()]);
    let finished = support::run(&mut command);

    let stderr = &finished.stderr;
    let instance = stderr.find("\nInstance\n").expect("Instance heading");
    let proxy = stderr.find("\nProxy\n").expect("Proxy heading");
    let gitme = stderr.find("\nGitMe\n").expect("GitMe heading");
    assert!(instance < proxy, "{stderr}");
    assert!(proxy < gitme, "{stderr}");
    assert!(stderr.contains("✓ instance.rest_api"), "{stderr}");
    assert!(stderr.contains(" ok, "), "{stderr}");
    assert!(stderr.contains(" skipped"), "{stderr}");
    assert!(finished.stdout.is_empty());
    let token = sandbox.sandbox.admin_token.expose();
    assert!(!stderr.contains(token), "token printed");
}
