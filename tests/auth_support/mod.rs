//! Helpers for the sign-in tests: a `gitme` command without `GITME_TOKEN`, a device login
//! driven through the sandbox's approve endpoint, and a check for a working Secret Service.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gitme::sandbox::backend::device::{APPROVE_PATH, REVOKE_PATH};

use crate::support::{Finished, TestSandbox};

/// A D-Bus address where nothing listens, so no keyring is reachable.
pub const NO_BUS: &str = "unix:path=/nonexistent/gitme-test-bus";

/// Returns `gitme` for `sandbox` with no `GITME_TOKEN` and the backend and CA as
/// environment variables.
pub fn gitme_signed_out(sandbox: &TestSandbox) -> Command {
    let mut command = sandbox.gitme();
    command.env_remove("GITME_TOKEN");
    command
}

/// Returns `gitme` that cannot reach any keyring.
pub fn gitme_without_keyring(sandbox: &TestSandbox) -> Command {
    let mut command = gitme_signed_out(sandbox);
    command.env("DBUS_SESSION_BUS_ADDRESS", NO_BUS);
    command
}

/// Returns the keyring account gitme uses for the sandbox backend.
pub fn account(sandbox: &TestSandbox) -> String {
    gitme::auth::store::account_for(&sandbox.sandbox.backend.base_url)
}

/// Returns the insecure token file under the sandbox's private home.
pub fn token_file(sandbox: &TestSandbox) -> PathBuf {
    sandbox
        .home
        .path()
        .join("config")
        .join("gitme")
        .join("tokens.toml")
}

/// Reports whether a Secret Service responds on this process's session bus, printing the
/// reason when it does not.
pub fn secret_service_available() -> bool {
    let _ = rustls::crypto::ring::default_provider().install_default();
    match gitme::auth::store::keyring_probe("gitme-test-probe") {
        Ok(()) => true,
        Err(error) => {
            eprintln!("skipped: no Secret Service is reachable ({error})");
            false
        }
    }
}

/// What a device login run produced.
pub struct DeviceLogin {
    pub finished: Finished,
    pub user_code: Option<String>,
    pub elapsed: Duration,
}

/// Runs `command` (a `gitme auth login` without `--with-token`), reads the user code from
/// its stderr and, when `decision` is given, sends it to the sandbox's approve endpoint.
pub fn device_login(
    sandbox: &TestSandbox,
    command: &mut Command,
    decision: Option<&str>,
) -> DeviceLogin {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gitme starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let mut lines = BufReader::new(stderr).lines();
    let mut collected = String::new();
    let mut user_code = None;
    for line in lines.by_ref() {
        let line = line.expect("stderr is UTF-8");
        collected.push_str(&line);
        collected.push('\n');
        if let Some(code) = line.trim().strip_prefix("User code: ") {
            user_code = Some(code.trim().to_string());
            break;
        }
    }
    if let (Some(code), Some(decision)) = (&user_code, decision) {
        decide(sandbox, code, decision);
    }
    for line in lines {
        collected.push_str(&line.expect("stderr is UTF-8"));
        collected.push('\n');
    }
    let output = child.wait_with_output().expect("gitme exits");
    DeviceLogin {
        finished: Finished {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: collected,
        },
        user_code,
        elapsed: started.elapsed(),
    }
}

/// Approves or denies `user_code` as the sandbox's Account Admin.
pub fn decide(sandbox: &TestSandbox, user_code: &str, decision: &str) {
    let status = post_form(
        sandbox,
        APPROVE_PATH,
        &[("user_code", user_code), ("decision", decision)],
    );
    assert_eq!(status, 200, "the approve endpoint accepted {user_code}");
}

/// Revokes a token the sandbox issued at sign-in.
pub fn revoke(sandbox: &TestSandbox, token: &str) {
    let status = post_form(sandbox, REVOKE_PATH, &[("token", token)]);
    assert_eq!(status, 200, "the revoke endpoint answered");
}

fn post_form(sandbox: &TestSandbox, path: &str, form: &[(&str, &str)]) -> u16 {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let certificate =
        reqwest::Certificate::from_pem(sandbox.sandbox.tls.ca_pem.as_bytes()).expect("CA");
    let client = reqwest::Client::builder()
        .tls_certs_only([certificate])
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("HTTP client");
    let url = sandbox.sandbox.backend.base_url.join(path).expect("URL");
    runtime.block_on(async {
        let response = client.post(url).form(form).send().await.expect("POST");
        response.status().as_u16()
    })
}

/// Returns every file under `directory` whose contents include `needle`.
pub fn files_containing(directory: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if std::fs::read(&path)
                .map(|bytes| String::from_utf8_lossy(&bytes).contains(needle))
                .unwrap_or(false)
            {
                found.push(path);
            }
        }
    }
    found
}

/// Runs `command` with `input` on its standard input and collects its output.
pub fn run_with_stdin(command: &mut Command, input: &str) -> Finished {
    use std::io::Write;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gitme starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("gitme exits");
    Finished {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
