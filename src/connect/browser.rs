//! Opening the authorization page in the user's browser.
//!
//! The `open` crate does not read `BROWSER`, so gitme runs that command itself. On Linux
//! without `DISPLAY` or `WAYLAND_DISPLAY`, and in any SSH session, gitme launches nothing,
//! because a launcher there could start a text browser inside the admin's terminal. The
//! caller always prints the URL as well.

use std::process::{Command, Stdio};

use url::Url;

use crate::settings::BrowserEnvironment;

/// How long gitme watches a `BROWSER` command for an immediate failure. Browsers that hand
/// the URL to a running instance exit within this time with success.
const EARLY_FAILURE_WINDOW: std::time::Duration = std::time::Duration::from_millis(500);

/// The outcome of trying to open the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserOutcome {
    /// A browser was started, and the text names the launcher.
    Opened(String),
    /// No browser was started, and the text gives the reason.
    NotOpened(String),
}

/// Opens `url` in a browser when the environment allows it.
pub fn open(url: &Url, environment: &BrowserEnvironment) -> BrowserOutcome {
    if let Some(command) = &environment.browser_command {
        return run_browser_command(command, url.as_str());
    }
    if environment.over_ssh {
        return BrowserOutcome::NotOpened("this is an SSH session".to_string());
    }
    if !environment.has_display {
        return BrowserOutcome::NotOpened(
            "there is no display: DISPLAY and WAYLAND_DISPLAY are unset".to_string(),
        );
    }
    match open::that_detached(url.as_str()) {
        Ok(()) => BrowserOutcome::Opened("the system browser".to_string()),
        Err(error) => BrowserOutcome::NotOpened(format!("no browser could be started: {error}")),
    }
}

/// Runs a `BROWSER` command: `%s` is replaced by the URL, otherwise the URL is appended.
/// The command is split on whitespace and run without a shell.
fn run_browser_command(command: &str, url: &str) -> BrowserOutcome {
    let mut words: Vec<String> = command.split_whitespace().map(str::to_string).collect();
    if words.iter().any(|word| word.contains("%s")) {
        for word in &mut words {
            *word = word.replace("%s", url);
        }
    } else {
        words.push(url.to_string());
    }
    let Some((program, arguments)) = words.split_first() else {
        return BrowserOutcome::NotOpened("`BROWSER` is empty".to_string());
    };
    let spawned = Command::new(program)
        .args(arguments)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn();
    match spawned {
        Ok(mut child) => {
            // A command that fails at once (a typo, `false`) did not open anything. The
            // thread also reaps the browser so it does not linger as a zombie.
            let (sender, receiver) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _ = sender.send(child.wait());
            });
            match receiver.recv_timeout(EARLY_FAILURE_WINDOW) {
                Ok(Ok(status)) if !status.success() => BrowserOutcome::NotOpened(format!(
                    "the `BROWSER` command `{program}` failed with {status}"
                )),
                _ => BrowserOutcome::Opened(format!("the `BROWSER` command `{program}`")),
            }
        }
        Err(error) => BrowserOutcome::NotOpened(format!(
            "the `BROWSER` command `{program}` could not be started: {error}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("https://bitbucket.example/rest/oauth2/latest/authorize").unwrap()
    }

    #[test]
    fn ssh_session_opens_nothing() {
        let environment = BrowserEnvironment {
            browser_command: None,
            has_display: true,
            over_ssh: true,
        };
        assert!(matches!(
            open(&url(), &environment),
            BrowserOutcome::NotOpened(_)
        ));
    }

    #[test]
    fn no_display_opens_nothing() {
        let environment = BrowserEnvironment::default();
        assert!(matches!(
            open(&url(), &environment),
            BrowserOutcome::NotOpened(_)
        ));
    }

    #[test]
    fn browser_command_missing_program() {
        let environment = BrowserEnvironment {
            browser_command: Some("/nonexistent/browser --new-tab %s".to_string()),
            has_display: false,
            over_ssh: true,
        };
        let outcome = open(&url(), &environment);
        assert!(
            matches!(outcome, BrowserOutcome::NotOpened(text) if text.contains("/nonexistent/browser"))
        );
    }

    #[test]
    fn browser_command_failing_at_once() {
        let environment = BrowserEnvironment {
            browser_command: Some("false".to_string()),
            has_display: true,
            over_ssh: false,
        };
        assert!(
            matches!(open(&url(), &environment), BrowserOutcome::NotOpened(text) if text.contains("failed"))
        );
    }

    #[test]
    fn browser_command_runs_over_ssh() {
        let environment = BrowserEnvironment {
            browser_command: Some("true".to_string()),
            has_display: false,
            over_ssh: true,
        };
        assert!(matches!(
            open(&url(), &environment),
            BrowserOutcome::Opened(_)
        ));
    }
}
