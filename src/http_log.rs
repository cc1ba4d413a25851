//! Debug and trace lines for every request gitme's own HTTP clients send.
//!
//! At debug (`-v`) each request logs its method and URL, and its response the status and
//! the duration. At trace (`-vv`) the request and response headers follow. URLs go
//! through [`mask_url`], and the values of [`REDACTED_HEADERS`] are replaced, so no token,
//! code or cookie reaches the log. Bodies are never logged.

use std::time::Instant;

use reqwest::header::HeaderMap;

use crate::http_client::mask_url;

/// Headers whose values are replaced by `[redacted]` in trace lines.
pub const REDACTED_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Sends `request`, logging the request, the response status and duration, and at trace
/// level both sets of headers.
pub async fn send(request: reqwest::RequestBuilder) -> Result<reqwest::Response, reqwest::Error> {
    let (client, request) = request.build_split();
    let request = request?;
    let method = request.method().clone();
    let url = mask_url(request.url());
    tracing::debug!("HTTP request: {method} {url}");
    tracing::trace!(
        "HTTP request headers: {}",
        format_headers(request.headers())
    );

    let started = Instant::now();
    let result = client.execute(request).await;
    let elapsed_ms = started.elapsed().as_millis();
    match &result {
        Ok(response) => {
            let status = response.status();
            tracing::debug!("HTTP response: {method} {url} returned {status} in {elapsed_ms} ms");
            tracing::trace!(
                "HTTP response headers: {}",
                format_headers(response.headers())
            );
        }
        Err(error) => {
            // reqwest's error text includes the raw URL, which may carry a secret query value.
            let mut error = error.to_string();
            if let Some(raw_url) = result.as_ref().err().and_then(reqwest::Error::url) {
                error = error.replace(raw_url.as_str(), &url);
            }
            tracing::debug!("HTTP request failed: {method} {url} after {elapsed_ms} ms: {error}");
        }
    }
    result
}

/// Formats headers as `name: value` pairs separated by `; `, with secret values redacted.
pub fn format_headers(headers: &HeaderMap) -> String {
    let pairs: Vec<String> = headers
        .iter()
        .map(|(name, value)| {
            let value = if REDACTED_HEADERS.contains(&name.as_str()) {
                "[redacted]".to_string()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            format!("{name}: {value}")
        })
        .collect();
    if pairs.is_empty() {
        "(none)".to_string()
    } else {
        pairs.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderValue, SET_COOKIE};

    use super::*;

    #[test]
    fn headers_redact_credentials() {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer canary"));
        headers.insert(COOKIE, HeaderValue::from_static("session=canary"));
        headers.insert(SET_COOKIE, HeaderValue::from_static("session=canary"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let text = format_headers(&headers);
        assert!(!text.contains("canary"), "{text}");
        assert!(text.contains("authorization: [redacted]"), "{text}");
        assert!(text.contains("content-type: application/json"), "{text}");
    }

    #[test]
    fn headers_empty_placeholder() {
        assert_eq!(format_headers(&HeaderMap::new()), "(none)");
    }
}
