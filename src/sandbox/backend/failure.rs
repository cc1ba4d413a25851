//! The API's JSON error responses, `{"error": {"code", "message", "hint"?, ...}}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::backend::api::{ApiError, ErrorBody};

/// A non-2xx API response with the `{"error": {...}}` body.
#[derive(Debug)]
pub(crate) struct ApiFailure {
    status: StatusCode,
    error: ApiError,
}

impl ApiFailure {
    pub(super) fn new(status: StatusCode, code: &str, message: &str) -> Self {
        ApiFailure {
            status,
            error: ApiError {
                code: code.to_owned(),
                message: message.to_owned(),
                hint: None,
                integration_id: None,
            },
        }
    }

    pub(super) fn hint(mut self, hint: &str) -> Self {
        self.error.hint = Some(hint.to_owned());
        self
    }

    pub(super) fn unauthorized() -> Self {
        ApiFailure::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "The request has no valid GitMe API token.",
        )
        .hint("Set GITME_TOKEN to an API token from the GitMe web app, or sign in again.")
    }

    pub(super) fn not_account_admin() -> Self {
        ApiFailure::new(
            StatusCode::FORBIDDEN,
            "not_account_admin",
            "Only an Account Admin can connect a Bitbucket instance.",
        )
        .hint(
            "Ask an Account Admin to invite you from Settings > Invite User with the \
             Account Admin role.",
        )
    }

    pub(super) fn invalid_request(message: &str) -> Self {
        ApiFailure::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", message)
    }

    pub(super) fn not_found(message: &str) -> Self {
        ApiFailure::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub(super) fn integration_not_found(id: &str) -> Self {
        ApiFailure::not_found(&format!(
            "No integration with id {id:?} exists in this workspace."
        ))
    }

    /// Returns the error for renewing an integration that a newer registration replaced.
    pub(super) fn superseded(id: &str, newer_id: String) -> Self {
        let mut failure = ApiFailure::new(
            StatusCode::CONFLICT,
            "superseded",
            &format!(
                "Integration {id} was replaced by a newer registration for the same instance, integration {newer_id}."
            ),
        );
        failure.error.hint = Some(format!(
            "Wait for the newer one with `gitme connect bitbucket --resume {newer_id}`."
        ));
        failure.error.integration_id = Some(newer_id);
        failure
    }

    pub(super) fn already_connected(integration_id: String) -> Self {
        let mut failure = ApiFailure::new(
            StatusCode::CONFLICT,
            "instance_already_connected",
            "This Bitbucket instance is already connected to the workspace.",
        )
        .hint(
            "To authorize GitMe again, for example with another Bitbucket user, start a \
             new authorization of the existing integration (gitme connect bitbucket \
             --reauthorize).",
        );
        failure.error.integration_id = Some(integration_id);
        failure
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorBody { error: self.error })).into_response()
    }
}
