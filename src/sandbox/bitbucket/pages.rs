//! HTML pages of the emulator: login, OAuth consent and error pages.
//!
//! The markup is minimal but keeps what a browser or the built-in user agent needs:
//! a `<title>`, and forms whose fields are `<input>` elements with `name` and `value`.

use axum::response::{Html, IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

/// Escapes text for use in HTML content and double-quoted attributes.
pub fn escape(text: &str) -> String {
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

/// Wraps `body` in a page titled `title` and responds with `status`.
pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let title = escape(title);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
         <title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n{body}\n</body>\n</html>\n"
    );
    let mut response = (status, Html(html)).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store"),
    );
    response
}

pub fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    page(status, title, &format!("<p>{}</p>", escape(message)))
}

fn hidden_input(name: &str, value: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
        escape(name),
        escape(value)
    )
}

/// Renders the login form, with `error` above it after a failed attempt.
pub fn login_page(action: &str, next: &str, error: Option<&str>) -> Response {
    let error = error
        .map(|message| format!("<p class=\"error\">{}</p>\n", escape(message)))
        .unwrap_or_default();
    let body = format!(
        "{error}<form id=\"login-form\" method=\"post\" action=\"{action}\">\n\
         <label>Username <input type=\"text\" name=\"j_username\"></label>\n\
         <label>Password <input type=\"password\" name=\"j_password\"></label>\n\
         {next}\n<button type=\"submit\">Log in</button>\n</form>",
        action = escape(action),
        next = hidden_input("next", next),
    );
    page(StatusCode::OK, "Log in - Bitbucket", &body)
}

/// Content of the consent page and the fields its form sends back.
pub struct ConsentView<'a> {
    pub action: &'a str,
    pub link_name: &'a str,
    pub user_display_name: &'a str,
    pub scopes: &'a [&'a str],
    pub xsrf_token: &'a str,
    /// The authorize request's parameters, sent back unchanged as hidden fields.
    pub parameters: &'a [(String, String)],
}

pub fn consent_page(view: &ConsentView<'_>) -> Response {
    let scopes: String = view
        .scopes
        .iter()
        .map(|scope| format!("<li>{}</li>", escape(scope)))
        .collect();
    let mut fields = hidden_input("atl_token", view.xsrf_token);
    for (name, value) in view.parameters {
        fields.push_str(&hidden_input(name, value));
    }
    let body = format!(
        "<p><strong>{link}</strong> wants to access your Bitbucket account \
         (signed in as {user}).</p>\n<ul class=\"scopes\">{scopes}</ul>\n\
         <form id=\"consent-form\" method=\"post\" action=\"{action}\">\n{fields}\n\
         <button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\n\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n</form>",
        link = escape(view.link_name),
        user = escape(view.user_display_name),
        action = escape(view.action),
    );
    page(
        StatusCode::OK,
        &format!("Allow {} access? - Bitbucket", view.link_name),
        &body,
    )
}
