//! Every flow at `-vv` with a canary client secret and a canary GitMe token: neither may
//! appear in any output, log line, config file or state file.

mod support;

use std::path::Path;

use gitme::secret::Secret;
use support::{TestSandbox, run};

const CANARY_SECRET: &str = "canary-client-secret-5f0d2b7e9a1c";
const CANARY_TOKEN: &str = "canary-gitme-token-8e3a6c1d4b2f";

/// Returns every file under `dir` with its contents, skipping the secret file the test wrote.
fn files_under(dir: &Path, skip: &Path, found: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, skip, found);
        } else if path != skip {
            found.push((
                path.display().to_string(),
                std::fs::read(&path).unwrap_or_default(),
            ));
        }
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[test]
fn canaries_never_leak() {
    let sandbox = TestSandbox::start_with(|bitbucket, backend| {
        bitbucket.link.client_secret = Secret::new(CANARY_SECRET);
        backend.accounts[0].token = Secret::new(CANARY_TOKEN);
    });
    assert_eq!(sandbox.sandbox.admin_token.expose(), CANARY_TOKEN);
    let instance = sandbox.instance_url();

    let mut outputs = Vec::new();
    let mut record = |name: &str, command: &mut std::process::Command| {
        let finished = run(command.arg("-vv"));
        outputs.push((format!("{name} stdout"), finished.stdout.into_bytes()));
        outputs.push((format!("{name} stderr"), finished.stderr.into_bytes()));
        finished.code
    };

    let connected = record("connect --json", sandbox.connect_scripted().arg("--json"));
    assert_eq!(connected, Some(0));
    let no_wait = record(
        "connect --no-wait",
        sandbox
            .connect_scripted()
            .args(["--no-wait", "--reauthorize"]),
    );
    assert_eq!(no_wait, Some(0));
    record(
        "integrations list",
        sandbox.gitme().args(["integrations", "list"]),
    );
    record(
        "doctor",
        sandbox
            .gitme()
            .args(["doctor", "--instance-url", &instance]),
    );
    record(
        "config set",
        sandbox
            .gitme()
            .args(["config", "set", "instance_url", &instance]),
    );
    record("config show", sandbox.gitme().args(["config", "show"]));
    record(
        "auth status",
        sandbox.gitme().args(["auth", "status", "--json"]),
    );
    record(
        "connect with a bad instance",
        sandbox
            .connect_scripted()
            .args(["--instance-url", "https://127.0.0.1:1"]),
    );

    let mut files = Vec::new();
    files_under(sandbox.home.path(), &sandbox.secret_file, &mut files);
    assert!(
        files.iter().any(|(name, _)| name.ends_with("config.toml")),
        "the config file was written: {:?}",
        files.iter().map(|(name, _)| name).collect::<Vec<_>>()
    );
    for (name, bytes) in outputs.iter().chain(files.iter()) {
        assert!(
            !contains(bytes, CANARY_SECRET),
            "client secret found in {name}"
        );
        assert!(
            !contains(bytes, CANARY_TOKEN),
            "GitMe token found in {name}"
        );
    }
}
