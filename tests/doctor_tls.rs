//! `gitme doctor` TLS, HTTP login redirect and clock checks against sandboxes with broken
//! certificates, redirects and a shifted `Date` header.

mod support;

use gitme::sandbox::bitbucket::FaultRule;
use gitme::sandbox::tls::{CertificateKind, WRONG_HOST_NAME};
use support::TestSandbox;
use support::doctor::{DoctorRun, doctor};

fn tls_run(kind: CertificateKind) -> DoctorRun {
    let sandbox = TestSandbox::start_with(|bitbucket, _| bitbucket.certificate = kind);
    doctor(
        &sandbox,
        &sandbox.instance_url(),
        &["--check", "instance.tls"],
    )
}

#[test]
fn tls_valid_chain_warns_private_ca() {
    let run = tls_run(CertificateKind::Valid);

    assert_eq!(run.status("instance.tls"), "warn");
    assert!(
        run.cause("instance.tls")
            .contains("trusted only through --ca-cert")
    );
    let detail = run.detail("instance.tls");
    assert!(detail.contains("TLS 1."), "{detail}");
    assert!(detail.contains("chain of 2"), "{detail}");
    assert!(detail.contains("SHA-256"), "{detail}");
    assert!(detail.contains("127.0.0.1"), "{detail}");
}

#[test]
fn tls_unknown_ca_fails() {
    let run = tls_run(CertificateKind::UnknownCa);

    assert_eq!(run.status("instance.tls"), "fail");
    let cause = run.cause("instance.tls");
    assert!(cause.contains("untrusted issuer"), "{cause}");
    assert!(cause.contains("gitme untrusted CA"), "{cause}");
}

#[test]
fn tls_self_signed_fails() {
    let run = tls_run(CertificateKind::SelfSigned);

    assert_eq!(run.status("instance.tls"), "fail");
    assert!(
        run.cause("instance.tls").starts_with("self-signed"),
        "{}",
        run.cause("instance.tls")
    );
}

#[test]
fn tls_wrong_host_fails() {
    let run = tls_run(CertificateKind::WrongHost);

    assert_eq!(run.status("instance.tls"), "fail");
    let cause = run.cause("instance.tls");
    assert!(cause.starts_with("hostname mismatch"), "{cause}");
    assert!(cause.contains(WRONG_HOST_NAME), "{cause}");
}

#[test]
fn tls_expired_fails() {
    let run = tls_run(CertificateKind::Expired);

    assert_eq!(run.status("instance.tls"), "fail");
    let cause = run.cause("instance.tls");
    assert!(cause.starts_with("expired"), "{cause}");
    assert!(cause.contains("2020-01-01"), "{cause}");
}

#[test]
fn tls_not_yet_valid_names_clock() {
    let run = tls_run(CertificateKind::NotYetValid);

    assert_eq!(run.status("instance.tls"), "fail");
    let cause = run.cause("instance.tls");
    assert!(cause.starts_with("not yet valid"), "{cause}");
    assert!(cause.contains("local clock"), "{cause}");
}

#[test]
fn tls_expiring_soon_warns() {
    let run = tls_run(CertificateKind::ExpiringSoon);

    assert_eq!(run.status("instance.tls"), "warn");
    assert!(
        run.cause("instance.tls").contains("expiring soon"),
        "{}",
        run.cause("instance.tls")
    );
}

#[test]
fn tls_missing_intermediate_fails() {
    let run = tls_run(CertificateKind::MissingIntermediate);

    assert_eq!(run.status("instance.tls"), "fail");
    let cause = run.cause("instance.tls");
    assert!(cause.contains("incomplete chain"), "{cause}");
    assert!(cause.contains("gitme sandbox intermediate CA"), "{cause}");
}

#[test]
fn http_login_redirect_fails() {
    let sandbox = TestSandbox::start_with(|bitbucket, _| {
        bitbucket.faults = vec![
            FaultRule::new("/rest/api/1.0/application-properties").redirect(
                302,
                "/login?next=%2Frest%2Fapi%2F1.0%2Fapplication-properties",
            ),
        ];
    });
    let run = doctor(
        &sandbox,
        &sandbox.instance_url(),
        &["--check", "instance.http"],
    );

    assert_eq!(run.status("instance.http"), "fail");
    let cause = run.cause("instance.http");
    assert!(cause.starts_with("login redirect"), "{cause}");
    assert!(cause.contains("/login"), "{cause}");
}

#[test]
fn clock_offset_warns() {
    let sandbox = TestSandbox::start_with(|bitbucket, _| bitbucket.date_offset = 300);
    let run = doctor(
        &sandbox,
        &sandbox.instance_url(),
        &["--check", "instance.clock"],
    );

    assert_eq!(run.status("instance.clock"), "warn");
    assert!(
        run.cause("instance.clock").contains("clock skew"),
        "{}",
        run.cause("instance.clock")
    );
    assert!(run.detail("instance.clock").contains("ahead of"));
}

#[test]
fn clock_in_sync_passes() {
    let sandbox = TestSandbox::start();
    let run = doctor(
        &sandbox,
        &sandbox.instance_url(),
        &["--check", "instance.clock"],
    );

    assert_eq!(run.status("instance.clock"), "ok");
}
