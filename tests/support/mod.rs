//! A sandbox started in the test process, and a `gitme` command set up to use it.

#![allow(dead_code)]

pub mod dns;
pub mod doctor;

use std::path::PathBuf;
use std::process::Command;

use gitme::backend::api::{APPLICATION_NAME, BITBUCKET_SCOPE};
use gitme::sandbox::Sandbox;
use gitme::sandbox::backend::BackendConfig;
use gitme::sandbox::bitbucket::{ApplicationLink, BitbucketConfig, BitbucketEmulator};
use tempfile::TempDir;

/// A sandbox whose servers run on a runtime owned by the test, plus a private home.
pub struct TestSandbox {
    pub sandbox: Sandbox,
    pub home: TempDir,
    pub ca_file: PathBuf,
    pub secret_file: PathBuf,
    // Dropped last, so the servers stop after everything that uses them.
    runtime: tokio::runtime::Runtime,
}

impl TestSandbox {
    /// Starts a sandbox with default settings.
    pub fn start() -> TestSandbox {
        TestSandbox::start_with(|_, _| {})
    }

    /// Starts a sandbox after `customise` adjusts its settings.
    pub fn start_with(
        customise: impl FnOnce(&mut BitbucketConfig, &mut BackendConfig),
    ) -> TestSandbox {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let sandbox = runtime
            .block_on(Sandbox::start_with(customise))
            .expect("sandbox starts");
        let home = tempfile::tempdir().expect("temporary home");
        let ca_file = home.path().join("ca.pem");
        std::fs::write(&ca_file, &sandbox.tls.ca_pem).expect("write CA");
        let secret_file = home.path().join("client-secret");
        std::fs::write(&secret_file, sandbox.link().client_secret.expose()).expect("write secret");
        TestSandbox {
            sandbox,
            home,
            ca_file,
            secret_file,
            runtime,
        }
    }

    /// Runs `future` on the sandbox's runtime, for servers a test starts next to it.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Starts another Bitbucket emulator with the sandbox's CA whose application link
    /// redirects to the same backend, and writes its client secret to `name.secret` in the
    /// home directory. Drop the result before the sandbox.
    pub fn start_extra_bitbucket(&self, name: &str) -> ExtraBitbucket {
        let callback_url = self.sandbox.backend.callback_url();
        let link =
            ApplicationLink::generate(APPLICATION_NAME, callback_url.as_str(), &[BITBUCKET_SCOPE]);
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind loopback");
        let emulator = self
            .runtime
            .block_on(BitbucketEmulator::start(
                listener,
                BitbucketConfig::new(link),
                &self.sandbox.tls,
            ))
            .expect("extra Bitbucket emulator starts");
        let secret_file = self.home.path().join(format!("{name}.secret"));
        std::fs::write(&secret_file, emulator.link().client_secret.expose()).expect("write secret");
        ExtraBitbucket {
            emulator,
            secret_file,
        }
    }

    /// Returns the instance URL of the Bitbucket emulator.
    pub fn instance_url(&self) -> String {
        self.sandbox
            .bitbucket
            .base_url
            .as_str()
            .trim_end_matches('/')
            .to_string()
    }

    /// Returns a `gitme` command with a private home, no colour, no proxy, no display, the
    /// sandbox's backend, CA and admin token, and `gitme sandbox browser` as the browser.
    pub fn gitme(&self) -> Command {
        let mut command = hermetic_gitme(self.home.path());
        command
            .env("GITME_BACKEND_URL", self.sandbox.backend.base_url.as_str())
            .env("GITME_CA_CERT", &self.ca_file)
            .env("GITME_TOKEN", self.sandbox.admin_token.expose())
            .env(
                "BROWSER",
                format!("{} sandbox browser", gitme_bin().display()),
            );
        command
    }

    /// Returns `gitme connect bitbucket` with every value as a flag, for scripted runs.
    pub fn connect_scripted(&self) -> Command {
        let mut command = self.gitme();
        command.args([
            "connect",
            "bitbucket",
            "--no-input",
            "--yes",
            "--timeout",
            "60s",
            "--instance-url",
            &self.instance_url(),
            "--client-id",
            &self.sandbox.link().client_id,
            "--client-secret-file",
        ]);
        command.arg(&self.secret_file);
        command
    }
}

/// A second Bitbucket emulator that shares a [`TestSandbox`]'s CA and backend.
pub struct ExtraBitbucket {
    pub emulator: BitbucketEmulator,
    pub secret_file: PathBuf,
}

impl ExtraBitbucket {
    /// Returns the instance URL without a trailing slash.
    pub fn instance_url(&self) -> String {
        self.emulator
            .base_url
            .as_str()
            .trim_end_matches('/')
            .to_string()
    }
}

/// Returns the path of the built `gitme` binary.
pub fn gitme_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gitme"))
}

/// Returns a `gitme` command isolated from the user's environment.
pub fn hermetic_gitme(home: &std::path::Path) -> Command {
    let mut command = Command::new(gitme_bin());
    for variable in [
        "GITME_BACKEND_URL",
        "GITME_CA_CERT",
        "GITME_TOKEN",
        "GITME_CONFIG",
        "GITME_INSTANCE_URL",
        "GITME_BITBUCKET_CLIENT_ID",
        "GITME_BITBUCKET_CLIENT_SECRET",
        "GITME_LOG",
        "BROWSER",
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "SSH_CONNECTION",
        "SSH_TTY",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        command.env_remove(variable);
    }
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    command
}

/// The result of a finished command, with its output as text.
pub struct Finished {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `command` with no standard input and collects its output.
pub fn run(command: &mut Command) -> Finished {
    let output = command
        .stdin(std::process::Stdio::null())
        .output()
        .expect("gitme runs");
    Finished {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
