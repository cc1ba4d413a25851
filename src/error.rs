//! The error type at the command-line boundary: what failed, why, how to fix it, and the
//! exit code it maps to.
//!
//! Domain modules return their own `thiserror` enums. Commands turn them into a
//! [`CliError`] with a [`ErrorKind`], which decides the exit code; `main` prints the message,
//! the causes and the `hint:` lines once.

use std::fmt;
use std::process::ExitCode;

/// The kind of failure that ended the command. Each kind has its own exit code, documented
/// in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A failure with no more specific kind: network, remote or internal. Exit code 1.
    Failure,
    /// Invalid flags or input: a bad URL, a missing file, a value `--no-input` cannot ask
    /// for. Exit code 2, as clap uses for usage errors.
    Usage,
    /// No GitMe token, a rejected token, or a role that may not connect. Exit code 3.
    Auth,
    /// The Bitbucket instance failed a check: unreachable, not Bitbucket, too old, or an
    /// endpoint that does not respond. Exit code 4.
    Instance,
    /// Authorization ended without a connection: access denied in Bitbucket, the code
    /// exchange failed, or the authorization expired. Exit code 5.
    Authorization,
    /// No one authorized before `--timeout` ran out. Exit code 6.
    Timeout,
    /// Interrupted by Ctrl-C. Exit code 130, as shells report SIGINT.
    Interrupted,
}

impl ErrorKind {
    /// Returns the process exit code of this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Failure => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Auth => 3,
            ErrorKind::Instance => 4,
            ErrorKind::Authorization => 5,
            ErrorKind::Timeout => 6,
            ErrorKind::Interrupted => 130,
        }
    }
}

/// Every exit code gitme uses and its meaning, for the man page.
pub const EXIT_CODES: [(u8, &str); 8] = [
    (0, "success; for `gitme doctor`, no check failed"),
    (
        1,
        "general failure: network, backend or an unexpected answer",
    ),
    (
        2,
        "usage or bad input: a flag, a URL, a missing file, a value `--no-input` cannot ask for",
    ),
    (
        3,
        "not signed in, token rejected, not an Account Admin, or no usable keyring",
    ),
    (
        4,
        "the instance failed a check; for `gitme doctor`, any check failed",
    ),
    (
        5,
        "authorization failed: access denied, code exchange failed, expired or replaced",
    ),
    (6, "timed out waiting for the authorization"),
    (130, "interrupted by Ctrl-C"),
];

/// An error ready to show the user: a message, its causes, and hints with the fix.
#[derive(Debug)]
pub struct CliError {
    /// The kind, which picks the exit code.
    pub kind: ErrorKind,
    /// One sentence that names what failed, on which value.
    pub message: String,
    /// The chain of underlying causes, outermost first.
    pub causes: Vec<String>,
    /// Fixes, each printed on its own `hint:` line.
    pub hints: Vec<String>,
}

impl CliError {
    /// Creates an error of `kind` with `message` and no causes or hints.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CliError {
            kind,
            message: message.into(),
            causes: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// Creates a usage error.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::new(ErrorKind::Usage, message)
    }

    /// Creates a general failure.
    pub fn failure(message: impl Into<String>) -> Self {
        CliError::new(ErrorKind::Failure, message)
    }

    /// Adds a `hint:` line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Adds an optional `hint:` line.
    pub fn hint_opt(mut self, hint: Option<String>) -> Self {
        self.hints.extend(hint);
        self
    }

    /// Adds the source chain of `error` as causes.
    pub fn caused_by(mut self, error: &(dyn std::error::Error + 'static)) -> Self {
        let mut current = Some(error);
        while let Some(error) = current {
            let text = error.to_string();
            // Many errors repeat their source's text in their own message; print it once.
            let repeated = self.causes.last().is_some_and(|last| last.contains(&text));
            if !repeated {
                self.causes.push(text);
            }
            current = error.source();
        }
        self
    }

    /// Returns the exit code for this error.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.kind.exit_code())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

/// Turns an unexpected `anyhow` error into a general failure that keeps its causes.
impl From<anyhow::Error> for CliError {
    fn from(error: anyhow::Error) -> Self {
        let mut chain = error.chain().map(ToString::to_string);
        let message = chain.next().unwrap_or_default();
        CliError {
            kind: ErrorKind::Failure,
            message,
            causes: chain.collect(),
            hints: Vec::new(),
        }
    }
}

/// The result type of command-line code.
pub type CliResult<T> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_distinct() {
        let kinds = [
            ErrorKind::Failure,
            ErrorKind::Usage,
            ErrorKind::Auth,
            ErrorKind::Instance,
            ErrorKind::Authorization,
            ErrorKind::Timeout,
            ErrorKind::Interrupted,
        ];
        let mut codes: Vec<u8> = kinds.iter().map(|kind| kind.exit_code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), kinds.len());
    }

    #[test]
    fn exit_code_table_matches_kinds() {
        for kind in [
            ErrorKind::Failure,
            ErrorKind::Usage,
            ErrorKind::Auth,
            ErrorKind::Instance,
            ErrorKind::Authorization,
            ErrorKind::Timeout,
            ErrorKind::Interrupted,
        ] {
            assert!(EXIT_CODES.iter().any(|(code, _)| *code == kind.exit_code()));
        }
    }

    #[test]
    fn repeated_cause_printed_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        #[derive(Debug, thiserror::Error)]
        #[error("failed to read `x`: {source}")]
        struct Wrapper {
            source: std::io::Error,
        }
        let error = CliError::usage("cannot use `x`").caused_by(&Wrapper { source: io });
        assert_eq!(
            error.causes,
            vec!["failed to read `x`: no such file".to_string()]
        );
    }

    #[test]
    fn anyhow_chain_becomes_causes() {
        let error = anyhow::anyhow!("inner").context("outer");
        let cli_error = CliError::from(error);
        assert_eq!(cli_error.message, "outer");
        assert_eq!(cli_error.causes, vec!["inner".to_string()]);
    }
}
