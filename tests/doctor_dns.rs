//! `gitme doctor` DNS checks against a DNS server on 127.0.0.1, so the machine's
//! resolv.conf never matters. Every run uses `--check instance.dns`, so nothing connects to
//! the addresses the server hands out.

mod support;

use std::net::Ipv4Addr;

use support::TestSandbox;
use support::dns::{Answer, DnsServer};
use support::doctor::doctor;

fn dns_run(sandbox: &TestSandbox, server: &DnsServer, host: &str) -> support::doctor::DoctorRun {
    let instance = format!("https://{host}:8443");
    let server = server.address.to_string();
    doctor(
        sandbox,
        &instance,
        &[
            "--check",
            "instance.dns",
            "--dns-server",
            &server,
            "--timeout",
            "5s",
        ],
    )
}

#[test]
fn dns_ip_literal_skips_lookup() {
    let sandbox = TestSandbox::start();
    let run = doctor(
        &sandbox,
        &sandbox.instance_url(),
        &["--check", "instance.dns"],
    );

    assert_eq!(run.status("instance.dns"), "ok");
    assert!(run.detail("instance.dns").contains("IP address, no lookup"));
}

#[test]
fn dns_loopback_answer_warns_private() {
    let sandbox = TestSandbox::start();
    let server = DnsServer::start(&[("bitbucket.test", Answer::A(Ipv4Addr::LOCALHOST))]);
    let run = dns_run(&sandbox, &server, "bitbucket.test");

    assert_eq!(
        run.status("instance.dns"),
        "warn",
        "{}",
        run.finished.stdout
    );
    assert!(run.detail("instance.dns").contains("127.0.0.1"));
    assert!(run.cause("instance.dns").contains("private"));
    assert_eq!(run.finished.code, Some(0));
}

#[test]
fn dns_public_answer_passes() {
    let sandbox = TestSandbox::start();
    let server = DnsServer::start(&[("public.test", Answer::A(Ipv4Addr::new(203, 0, 113, 7)))]);
    let run = dns_run(&sandbox, &server, "public.test");

    assert_eq!(run.status("instance.dns"), "ok", "{}", run.finished.stdout);
    assert!(run.detail("instance.dns").contains("203.0.113.7"));
    assert_eq!(run.ids(), vec!["instance.url", "instance.dns"]);
}

#[test]
fn dns_nxdomain_fails() {
    let sandbox = TestSandbox::start();
    let server = DnsServer::start(&[("missing.test", Answer::NxDomain)]);
    let run = dns_run(&sandbox, &server, "missing.test");

    assert_eq!(
        run.status("instance.dns"),
        "fail",
        "{}",
        run.finished.stdout
    );
    assert!(
        run.cause("instance.dns").starts_with("NXDOMAIN"),
        "{}",
        run.cause("instance.dns")
    );
    assert_eq!(run.finished.code, Some(4));
}

#[test]
fn dns_servfail_fails() {
    let sandbox = TestSandbox::start();
    let server = DnsServer::start(&[("broken.test", Answer::ServFail)]);
    let run = dns_run(&sandbox, &server, "broken.test");

    assert_eq!(
        run.status("instance.dns"),
        "fail",
        "{}",
        run.finished.stdout
    );
    assert!(
        run.cause("instance.dns").starts_with("SERVFAIL"),
        "{}",
        run.cause("instance.dns")
    );
}

#[test]
fn dns_silent_server_times_out() {
    let sandbox = TestSandbox::start();
    let server = DnsServer::start(&[("silent.test", Answer::Silent)]);
    let run = dns_run(&sandbox, &server, "silent.test");

    assert_eq!(
        run.status("instance.dns"),
        "fail",
        "{}",
        run.finished.stdout
    );
    assert!(
        run.cause("instance.dns").contains("timed out"),
        "{}",
        run.cause("instance.dns")
    );
}

#[test]
fn dns_server_answer_reaches_instance() {
    let sandbox = TestSandbox::start();
    let server = DnsServer::start(&[("localhost", Answer::A(Ipv4Addr::LOCALHOST))]);
    let instance = sandbox.instance_url().replace("127.0.0.1", "localhost");
    let server = server.address.to_string();
    let run = doctor(
        &sandbox,
        &instance,
        &["--check", "instance.rest_api", "--dns-server", &server],
    );

    assert_eq!(
        run.status("instance.dns"),
        "warn",
        "{}",
        run.check("instance.dns")
    );
    assert!(run.detail("instance.dns").contains(&server));
    // hickory-resolver resolves AAAA for `localhost` itself to ::1, where nothing listens, so the
    // TCP check may warn about that address while IPv4 connects.
    assert_ne!(
        run.status("instance.tcp"),
        "fail",
        "{}",
        run.check("instance.tcp")
    );
    assert!(run.detail("instance.tcp").contains("127.0.0.1:"));
    assert_eq!(
        run.status("instance.http"),
        "ok",
        "{}",
        run.check("instance.http")
    );
    assert_eq!(run.status("instance.rest_api"), "ok");
}
