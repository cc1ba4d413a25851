//! Faults injected into the emulator's responses, changeable while it runs.
//!
//! One middleware applies the first [`FaultRule`] whose method and path match a request.
//! Adding a knob means one field on `FaultRule`, one setter and a few lines in
//! [`apply_rule`].

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderName, HeaderValue, Method, StatusCode, header};

/// Rejects requests beyond `requests` per window of `retry_after` with 429 and
/// `Retry-After`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in each window.
    pub requests: u32,
    /// Window length, also sent as `Retry-After` in whole seconds (at least 1).
    pub retry_after: Duration,
}

/// One injected fault. Fields left `None` leave that part of the response alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    /// Method to match; `None` matches every method.
    pub method: Option<Method>,
    /// Path relative to the context path: exact, or a prefix when it ends in `*`.
    pub path: String,
    /// Delay before responding.
    pub latency: Option<Duration>,
    /// Status that replaces the real response; a value outside 100 to 999 becomes 200.
    pub status: Option<u16>,
    /// Body that replaces the real response.
    pub body: Option<String>,
    /// Content type of `body`; `text/plain;charset=UTF-8` when absent.
    pub content_type: Option<String>,
    pub rate_limit: Option<RateLimit>,
    /// Headers set on the response, replacing any of the same name. Without `status` or
    /// `body` they are set on the real response.
    pub headers: Vec<(String, String)>,
}

impl FaultRule {
    /// Creates a rule for `path` that changes nothing until a setter adds a fault.
    pub fn new(path: impl Into<String>) -> Self {
        FaultRule {
            method: None,
            path: path.into(),
            latency: None,
            status: None,
            body: None,
            content_type: None,
            rate_limit: None,
            headers: Vec::new(),
        }
    }

    pub fn method(mut self, method: Method) -> Self {
        self.method = Some(method);
        self
    }

    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = Some(latency);
        self
    }

    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub fn body(mut self, body: impl Into<String>, content_type: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self.content_type = Some(content_type.into());
        self
    }

    /// Responds with 200 and an HTML page titled `title`, as a login proxy in front of
    /// Bitbucket would.
    pub fn html_page(self, title: &str) -> Self {
        let title = super::pages::escape(title);
        let page = format!(
            "<!DOCTYPE html><html><head><title>{title}</title></head>\
             <body><h1>{title}</h1></body></html>"
        );
        self.status(200).body(page, "text/html;charset=UTF-8")
    }

    /// Responds with a redirect: `status` (such as 302) and `Location: location`, sent
    /// verbatim. Point it at `{base}/login?next=...` to act like a sign-in wall, or at an
    /// external single sign-on URL.
    pub fn redirect(self, status: u16, location: impl Into<String>) -> Self {
        self.status(status).header("Location", location)
    }

    /// Sets the response header `name` to `value`. A name or value that is not valid in
    /// HTTP is skipped when the rule is applied.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn rate_limit(mut self, requests: u32, retry_after: Duration) -> Self {
        self.rate_limit = Some(RateLimit {
            requests,
            retry_after,
        });
        self
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        if self
            .method
            .as_ref()
            .is_some_and(|expected| expected != method)
        {
            return false;
        }
        match self.path.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == self.path,
        }
    }
}

/// A rule with its rate-limit window.
#[derive(Debug)]
struct ActiveRule {
    rule: FaultRule,
    window_start: Instant,
    window_requests: u32,
}

/// Shared, run-time changeable fault rules of one emulator.
#[derive(Debug, Clone, Default)]
pub struct FaultHandle {
    rules: Arc<Mutex<Vec<ActiveRule>>>,
}

impl FaultHandle {
    pub(crate) fn new(rules: Vec<FaultRule>) -> Self {
        let handle = FaultHandle::default();
        handle.set(rules);
        handle
    }

    /// Replaces all rules and resets their rate-limit windows.
    pub fn set(&self, rules: Vec<FaultRule>) {
        let now = Instant::now();
        *self.lock() = rules
            .into_iter()
            .map(|rule| ActiveRule {
                rule,
                window_start: now,
                window_requests: 0,
            })
            .collect();
    }

    /// Removes all rules.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, Vec<ActiveRule>> {
        // A panic while holding the lock cannot leave the rules half-written, so a
        // poisoned lock is still usable.
        self.rules
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Finds the first matching rule and counts the request against its rate limit.
    /// Returns the rule and whether the request exceeds the limit.
    fn take_match(&self, method: &Method, path: &str) -> Option<(FaultRule, bool)> {
        let mut rules = self.lock();
        let active = rules
            .iter_mut()
            .find(|active| active.rule.matches(method, path))?;
        let mut limited = false;
        if let Some(limit) = &active.rule.rate_limit {
            if active.window_start.elapsed() >= limit.retry_after {
                active.window_start = Instant::now();
                active.window_requests = 0;
            }
            active.window_requests = active.window_requests.saturating_add(1);
            limited = active.window_requests > limit.requests;
        }
        Some((active.rule.clone(), limited))
    }
}

/// Middleware that applies the matching fault rule, then logs the request.
pub(crate) async fn apply_faults(
    State(faults): State<FaultHandle>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    // The path only: the query may contain an authorization code.
    let path = request.uri().path().to_string();
    let response = match faults.take_match(&method, &path) {
        Some((rule, limited)) => apply_rule(rule, limited, request, next).await,
        None => next.run(request).await,
    };
    tracing::debug!(%method, %path, status = response.status().as_u16(), "bitbucket emulator request");
    response
}

async fn apply_rule(rule: FaultRule, limited: bool, request: Request, next: Next) -> Response {
    if let Some(latency) = rule.latency {
        tokio::time::sleep(latency).await;
    }
    if limited && let Some(limit) = &rule.rate_limit {
        return rate_limited(limit);
    }
    if rule.status.is_none() && rule.body.is_none() {
        let mut response = next.run(request).await;
        set_headers(&mut response, &rule.headers);
        return response;
    }
    let status = rule
        .status
        .and_then(|code| StatusCode::from_u16(code).ok())
        .unwrap_or(StatusCode::OK);
    let content_type = rule
        .content_type
        .unwrap_or_else(|| "text/plain;charset=UTF-8".to_string());
    let mut response = (status, rule.body.unwrap_or_default()).into_response();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    set_headers(&mut response, &rule.headers);
    response
}

fn set_headers(response: &mut Response, headers: &[(String, String)]) {
    for (name, value) in headers {
        let parsed = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        );
        match parsed {
            (Ok(name), Ok(value)) => {
                response.headers_mut().insert(name, value);
            }
            _ => tracing::warn!(header = %name, "skipped an invalid fault header"),
        }
    }
}

fn rate_limited(limit: &RateLimit) -> Response {
    let seconds = limit.retry_after.as_secs().max(1);
    // NOTE: Bitbucket's 429 body is not documented; this reuses its errors envelope.
    let body = super::rest::error_body(
        "Too many requests. Try again later.",
        "com.atlassian.bitbucket.ratelimit.RateLimitedException",
    );
    let mut response = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_matches_exact_and_prefix() {
        let exact = FaultRule::new("/status");
        assert!(exact.matches(&Method::GET, "/status"));
        assert!(!exact.matches(&Method::GET, "/status/more"));
        let prefix = FaultRule::new("/rest/*").method(Method::POST);
        assert!(prefix.matches(&Method::POST, "/rest/oauth2/latest/token"));
        assert!(!prefix.matches(&Method::GET, "/rest/oauth2/latest/token"));
        assert!(!prefix.matches(&Method::POST, "/status"));
    }

    #[test]
    fn rate_limit_counts_per_window() {
        let handle = FaultHandle::new(vec![
            FaultRule::new("/*").rate_limit(1, Duration::from_secs(60)),
        ]);
        let first = handle.take_match(&Method::GET, "/status");
        assert_eq!(first.map(|(_, limited)| limited), Some(false));
        let second = handle.take_match(&Method::GET, "/status");
        assert_eq!(second.map(|(_, limited)| limited), Some(true));
    }
}
