//! The HTML pages the backend shows in the browser: the OAuth callback outcomes and the two
//! web-app pages that the integration's links point at.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// Renders a minimal HTML page with `title` as title and heading and `paragraphs` as text.
/// Every string is HTML-escaped.
pub(crate) fn page(status: StatusCode, title: &str, paragraphs: &[&str]) -> Response {
    let title = escape(title);
    let mut body = String::new();
    for paragraph in paragraphs {
        body.push_str("<p>");
        body.push_str(&escape(paragraph));
        body.push_str("</p>\n");
    }
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
         <title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n{body}</body>\n</html>\n"
    );
    (status, Html(html)).into_response()
}

/// Returns the page after a successful connection.
pub(crate) fn connected() -> Response {
    page(
        StatusCode::OK,
        "GitMe is connected to Bitbucket",
        &[
            "GitMe exchanged the authorization code and is now discovering your repositories.",
            "Return to the terminal to follow the progress.",
        ],
    )
}

/// Returns the page after Bitbucket redirected back with an `error` parameter.
pub(crate) fn authorization_failed(code: &str, description: Option<&str>) -> Response {
    let first = if code == "access_denied" {
        "Access to Bitbucket was denied, so GitMe is not connected.".to_owned()
    } else {
        format!("Bitbucket returned the error {code}, so GitMe is not connected.")
    };
    let detail = description.map(|text| format!("Bitbucket said: {text}"));
    let mut paragraphs = vec![first.as_str()];
    if let Some(detail) = &detail {
        paragraphs.push(detail);
    }
    paragraphs.push("Return to the terminal for the next step.");
    page(StatusCode::OK, "GitMe is not connected", &paragraphs)
}

/// Returns the page after the code exchange at Bitbucket's token endpoint failed.
pub(crate) fn exchange_failed(message: &str) -> Response {
    page(
        StatusCode::BAD_GATEWAY,
        "GitMe could not finish connecting",
        &[message, "Return to the terminal for the next step."],
    )
}

/// Logs and returns the page for a callback request that no pending integration accepts.
pub(crate) fn bad_callback(reason: &str) -> Response {
    tracing::info!(reason, "rejected an OAuth callback request");
    page(
        StatusCode::BAD_REQUEST,
        "This authorization link is not valid",
        &[reason, "Run the connect command in the terminal again."],
    )
}

/// Returns the web app's plan configuration page.
pub(crate) fn plan_configuration() -> Response {
    page(
        StatusCode::OK,
        "Plan configuration",
        &["Choose the repositories and contributors GitMe analyses."],
    )
}

/// Returns the web app's billing page.
pub(crate) fn billing() -> Response {
    page(
        StatusCode::OK,
        "Billing & Payment",
        &["Manage the plan, seats and payment method of this workspace."],
    )
}

/// Escapes the five HTML-significant characters.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_markup_characters() {
        assert_eq!(
            escape(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }
}
