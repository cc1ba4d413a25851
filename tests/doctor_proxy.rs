//! `gitme doctor` proxy check against a loopback proxy started by the test.

mod support;

use gitme::sandbox::proxy::{LoopbackProxy, ProxyMode};
use support::TestSandbox;
use support::doctor::{DoctorRun, doctor_command};

fn start_proxy(sandbox: &TestSandbox, mode: ProxyMode) -> LoopbackProxy {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    sandbox
        .block_on(LoopbackProxy::start(listener, mode))
        .expect("proxy starts")
}

fn proxied_run(sandbox: &TestSandbox, proxy: &LoopbackProxy, no_proxy: Option<&str>) -> DoctorRun {
    let mut command = sandbox.gitme();
    command
        .args([
            "doctor",
            "--json",
            "--instance-url",
            &sandbox.instance_url(),
        ])
        .env("HTTPS_PROXY", proxy.url.as_str());
    if let Some(no_proxy) = no_proxy {
        command.env("NO_PROXY", no_proxy);
    }
    doctor_command(&mut command)
}

#[test]
fn proxy_none_is_direct() {
    let sandbox = TestSandbox::start();
    let run = support::doctor::doctor(&sandbox, &sandbox.instance_url(), &["--check", "proxy"]);

    assert_eq!(run.status("proxy"), "ok");
    assert!(
        run.detail("proxy").contains("instance: direct"),
        "{}",
        run.detail("proxy")
    );
    assert!(run.detail("proxy").contains("backend: direct"));
}

#[test]
fn proxy_tunnel_carries_checks() {
    let sandbox = TestSandbox::start();
    let proxy = start_proxy(&sandbox, ProxyMode::Tunnel);
    let run = proxied_run(&sandbox, &proxy, None);

    assert_eq!(run.status("proxy"), "ok", "{}", run.check("proxy"));
    assert!(
        run.detail("proxy").contains("CONNECT"),
        "{}",
        run.detail("proxy")
    );
    assert_eq!(run.status("instance.dns"), "skip");
    assert_eq!(
        run.status("instance.tls"),
        "warn",
        "{}",
        run.check("instance.tls")
    );
    assert_eq!(
        run.status("instance.rest_api"),
        "ok",
        "{}",
        run.check("instance.rest_api")
    );
    assert!(proxy.connect_requests() >= 2);
}

#[test]
fn proxy_deny_connect_fails() {
    let sandbox = TestSandbox::start();
    let proxy = start_proxy(&sandbox, ProxyMode::DenyConnect);
    let run = proxied_run(&sandbox, &proxy, None);

    assert_eq!(run.status("proxy"), "fail");
    let cause = run.cause("proxy");
    assert!(cause.starts_with("proxy problem"), "{cause}");
    assert!(cause.contains("refused CONNECT"), "{cause}");
    assert_eq!(run.status("instance.tls"), "skip");
    assert_eq!(run.finished.code, Some(4));
}

#[test]
fn proxy_auth_required_fails() {
    let sandbox = TestSandbox::start();
    let proxy = start_proxy(&sandbox, ProxyMode::RequireAuth);
    let run = proxied_run(&sandbox, &proxy, None);

    assert_eq!(run.status("proxy"), "fail");
    assert!(run.cause("proxy").contains("407"), "{}", run.cause("proxy"));
}

#[test]
fn proxy_no_proxy_match_goes_direct() {
    let sandbox = TestSandbox::start();
    let proxy = start_proxy(&sandbox, ProxyMode::DenyConnect);
    let run = proxied_run(&sandbox, &proxy, Some("localhost,127.0.0.1"));

    assert_eq!(run.status("proxy"), "ok", "{}", run.check("proxy"));
    assert!(
        run.detail("proxy").contains("NO_PROXY entry `127.0.0.1`"),
        "{}",
        run.detail("proxy")
    );
    assert_eq!(run.status("instance.rest_api"), "ok");
    assert_eq!(run.status("gitme.backend"), "ok");
    assert_eq!(proxy.connect_requests(), 0);
}

#[test]
fn no_proxy_port_form_agrees() {
    let sandbox = TestSandbox::start();
    let proxy = start_proxy(&sandbox, ProxyMode::DenyConnect);
    let backend_port = sandbox
        .sandbox
        .backend
        .base_url
        .port()
        .expect("backend port");
    let no_proxy = format!("127.0.0.1:{backend_port}");

    // The doctor reports the backend as reached directly, and the other commands, which share
    // its proxy decision, do reach it directly.
    let run = proxied_run(&sandbox, &proxy, Some(&no_proxy));
    assert!(
        run.detail("proxy").contains("backend: direct"),
        "{}",
        run.detail("proxy")
    );
    let listed = support::run(
        sandbox
            .gitme()
            .args(["integrations", "list"])
            .env("HTTPS_PROXY", proxy.url.as_str())
            .env("NO_PROXY", &no_proxy),
    );
    assert_eq!(listed.code, Some(0), "stderr:\n{}", listed.stderr);
    assert_eq!(
        proxy.connect_requests(),
        1,
        "only the instance went through the proxy"
    );
}

#[test]
fn commands_use_the_proxy() {
    let sandbox = TestSandbox::start();
    let proxy = start_proxy(&sandbox, ProxyMode::DenyConnect);
    let listed = support::run(
        sandbox
            .gitme()
            .args(["integrations", "list"])
            .env("HTTPS_PROXY", proxy.url.as_str()),
    );

    assert_eq!(listed.code, Some(1), "stderr:\n{}", listed.stderr);
    assert_eq!(proxy.connect_requests(), 1);
}
