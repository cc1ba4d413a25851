//! `gitme sandbox` in the foreground, used from a second process as its output describes.

#![cfg(unix)]

mod support;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use support::{gitme_bin, hermetic_gitme, run};

#[test]
fn sandbox_output_drives_connect() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sandbox");
    let mut sandbox = hermetic_gitme(home.path())
        .args(["sandbox", "--dir"])
        .arg(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gitme sandbox");

    // The sandbox prints its `export` lines and the connect command on stdout once both
    // servers listen; reading them is the readiness signal.
    let stdout = sandbox.stdout.take().unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let done = line.starts_with("gitme connect");
            let _ = sender.send(line);
            if done {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    while lines
        .last()
        .is_none_or(|line: &String| !line.starts_with("gitme connect"))
    {
        match receiver.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => lines.push(line),
            Err(error) => {
                let _ = sandbox.kill();
                panic!(
                    "the sandbox printed no connect command ({error}); stdout so far: {lines:?}"
                );
            }
        }
    }

    let mut connect = hermetic_gitme(home.path());
    for line in &lines[..lines.len() - 1] {
        let assignment = line.strip_prefix("export ").expect("an export line");
        let (name, value) = assignment.split_once('=').expect("NAME=value");
        connect.env(name, value);
    }
    let words: Vec<&str> = lines.last().unwrap().split_whitespace().skip(1).collect();
    connect
        .args(&words)
        .args(["--no-input", "--yes", "--timeout", "60s"])
        .env(
            "BROWSER",
            format!("{} sandbox browser", gitme_bin().display()),
        );
    let finished = run(&mut connect);

    let secret_file = dir.join("client-secret");
    let secret = std::fs::read_to_string(&secret_file).unwrap();
    let mode = std::fs::metadata(&secret_file)
        .unwrap()
        .permissions()
        .mode();
    Command::new("kill")
        .args(["-INT", &sandbox.id().to_string()])
        .status()
        .expect("send SIGINT");
    let stopped = sandbox.wait_with_output().expect("sandbox exits");

    assert_eq!(
        finished.code,
        Some(0),
        "connect stderr:\n{}",
        finished.stderr
    );
    assert!(finished.stdout.starts_with("PROJECT"));
    assert_eq!(
        mode & 0o777,
        0o600,
        "the client secret file is readable by others"
    );
    assert!(
        !lines.join("\n").contains(&secret),
        "the sandbox printed the client secret"
    );
    assert_eq!(
        stopped.status.code(),
        Some(0),
        "Ctrl-C stops the sandbox cleanly"
    );
    assert!(String::from_utf8_lossy(&stopped.stderr).contains("Sandbox stopped"));
}
