//! The interactive wizard in a real pseudo-terminal, answered by its prompts' text.

#![cfg(unix)]

mod support;

use std::time::Duration;

use expectrl::{Expect, Session};
use support::TestSandbox;

/// Collects everything the terminal showed, so the test can search it afterwards.
struct Transcript {
    session: expectrl::session::OsSession,
    text: String,
}

impl Transcript {
    fn expect(&mut self, needle: &str) {
        match self.session.expect(needle) {
            Ok(captures) => self
                .text
                .push_str(&String::from_utf8_lossy(captures.as_bytes())),
            Err(error) => panic!(
                "waiting for {needle:?} failed: {error}\nscreen so far:\n{}",
                self.text
            ),
        }
    }

    /// Sends `line` until `next` appears. A password prompt switches the terminal mode
    /// after printing itself and throws away input typed before the switch, so a single
    /// send can be lost.
    fn send_until(&mut self, line: &str, next: &str) {
        self.session
            .set_expect_timeout(Some(Duration::from_secs(1)));
        for _ in 0..20 {
            self.session.send_line(line).expect("send to the terminal");
            if let Ok(captures) = self.session.expect(next) {
                self.text
                    .push_str(&String::from_utf8_lossy(captures.as_bytes()));
                self.session
                    .set_expect_timeout(Some(Duration::from_secs(60)));
                return;
            }
        }
        panic!("{next:?} never appeared\nscreen so far:\n{}", self.text);
    }
}

#[test]
fn interactive_flow_hides_secret() {
    let sandbox = TestSandbox::start();
    let mut command = sandbox.gitme();
    command.args(["connect", "bitbucket", "--timeout", "60s"]);
    let session = Session::spawn(command).expect("spawn gitme in a pseudo-terminal");
    let mut terminal = Transcript {
        session,
        text: String::new(),
    };
    terminal
        .session
        .set_expect_timeout(Some(Duration::from_secs(60)));

    terminal.expect("Bitbucket instance URL");
    terminal.send_until(&sandbox.instance_url(), "Does the application link exist");
    terminal.send_until("y", "Client ID");
    terminal.send_until(&sandbox.sandbox.link().client_id, "Client secret");
    let secret = sandbox.sandbox.link().client_secret.expose().to_string();
    terminal.send_until(&secret, "Registered with GitMe");
    terminal.expect("Next steps");
    terminal.expect("To connect another instance");

    let status = terminal.session.get_process().wait().expect("gitme exits");
    assert!(
        matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 0)),
        "exit status {status:?}\n{}",
        terminal.text
    );
    assert!(terminal.text.contains("REPO_READ"));
    assert!(terminal.text.contains("GitMe is connected as"));
    assert!(
        !terminal.text.contains(&secret),
        "the client secret was echoed"
    );
}
