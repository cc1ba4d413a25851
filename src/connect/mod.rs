//! The steps of `gitme connect bitbucket`: gather, check, register, authorize, wait, report.

pub mod authorize_check;
pub mod batch;
pub mod batch_file;
pub mod browser;
pub mod instance_check;
pub mod prompt;
pub mod reauthorize;
pub mod report;
pub mod session;
pub mod wait;
pub mod wizard;

use crate::backend::BackendError;
use crate::error::{CliError, ErrorKind};

/// Turns a backend failure into a command-line error whose kind follows the backend's code.
pub fn backend_error(context: &str, error: BackendError) -> CliError {
    let kind = match error.api_code() {
        Some("unauthorized" | "not_account_admin") => ErrorKind::Auth,
        Some("invalid_request" | "not_found") => ErrorKind::Usage,
        _ => ErrorKind::Failure,
    };
    let hint = error.hint();
    let cli_error = CliError::new(kind, format!("{context}: {error}")).hint_opt(hint);
    if error.api_code() == Some("unauthorized") {
        return crate::auth::rejected_token_error(context, &error);
    }
    cli_error
}
