//! A built-in browser that signs in to the Bitbucket emulator and fills in the consent page.
//!
//! It plays the Bitbucket admin in the sandbox: it follows redirects by hand, posts the
//! login form when the emulator redirects to it, presses Allow or Deny on the consent page, and
//! follows the final redirect to the client's callback. It understands the emulator's own
//! markup (forms with `id="login-form"` and `id="consent-form"`), not real Bitbucket pages.

use std::time::Duration;

use anyhow::{Context, bail};
use reqwest::redirect::Policy;
use reqwest::{Certificate, Client, Response};
use url::Url;

use crate::secret::Secret;

/// Redirects and form posts allowed before the walk is abandoned.
const MAX_HOPS: usize = 12;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The button the user agent presses on the consent page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    Allow,
    Deny,
}

/// The last page the user agent reached.
#[derive(Debug, Clone)]
pub struct UserAgentOutcome {
    pub final_url: Url,
    pub status: u16,
    /// The page's `<title>`, when it is HTML with one.
    pub page_title: Option<String>,
}

/// The next request of the walk.
enum Step {
    Get(Url),
    PostForm(Url, Vec<(String, String)>),
}

impl Step {
    fn url(&self) -> &Url {
        match self {
            Step::Get(url) | Step::PostForm(url, _) => url,
        }
    }
}

/// Runs the OAuth 2.0 browser flow from `authorize_url` to the page the final redirect
/// leads to, signing in as `username` when the login form appears. Trusts only `ca_pem`.
///
/// Returns an error that names the step and the URL (without its query, which may contain
/// a code) when a request fails, the login is rejected or the walk does not end within
/// 12 hops.
pub async fn authorize(
    authorize_url: &Url,
    username: &str,
    password: &Secret,
    consent: Consent,
    ca_pem: &str,
) -> anyhow::Result<UserAgentOutcome> {
    let client = build_client(ca_pem)?;
    let mut step = Step::Get(authorize_url.clone());
    let mut login_sent = false;
    let mut consent_sent = false;

    for _ in 0..MAX_HOPS {
        let url = step.url().clone();
        let response = send(&client, step).await?;
        let status = response.status();
        if status.is_redirection() {
            step = Step::Get(redirect_target(&url, &response)?);
            continue;
        }
        let html = response
            .text()
            .await
            .map_err(|error| error.without_url())
            .with_context(|| format!("failed to read the page at {}", without_query(&url)))?;

        if let Some(form) = find_form(&html, "login-form", &url) {
            if login_sent {
                bail!(
                    "login as {username} failed at {}: the username or password is incorrect",
                    without_query(&url)
                );
            }
            login_sent = true;
            let mut fields = form.hidden_fields;
            fields.push(("j_username".into(), username.to_string()));
            fields.push(("j_password".into(), password.expose().to_string()));
            step = Step::PostForm(form.action, fields);
            continue;
        }
        if let Some(form) = find_form(&html, "consent-form", &url) {
            if consent_sent {
                bail!("the consent page at {} appeared twice", without_query(&url));
            }
            consent_sent = true;
            let decision = match consent {
                Consent::Allow => "allow",
                Consent::Deny => "deny",
            };
            let mut fields = form.hidden_fields;
            fields.push(("decision".into(), decision.into()));
            step = Step::PostForm(form.action, fields);
            continue;
        }
        return Ok(UserAgentOutcome {
            final_url: url,
            status: status.as_u16(),
            page_title: page_title(&html),
        });
    }
    bail!(
        "the authorization flow from {} did not finish within {MAX_HOPS} redirects and form posts",
        without_query(authorize_url)
    )
}

fn build_client(ca_pem: &str) -> anyhow::Result<Client> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let certificate =
        Certificate::from_pem(ca_pem.as_bytes()).context("the sandbox CA PEM is invalid")?;
    Client::builder()
        .tls_certs_only([certificate])
        .no_proxy()
        .redirect(Policy::none())
        .cookie_store(true)
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .context("failed to build the user agent's HTTP client")
}

async fn send(client: &Client, step: Step) -> anyhow::Result<Response> {
    let (description, request) = match step {
        Step::Get(url) => (format!("GET {}", without_query(&url)), client.get(url)),
        Step::PostForm(url, fields) => (
            format!("POST {}", without_query(&url)),
            client.post(url).form(&fields),
        ),
    };
    request
        .send()
        .await
        .map_err(|error| error.without_url())
        .with_context(|| format!("{description} failed"))
}

fn redirect_target(current: &Url, response: &Response) -> anyhow::Result<Url> {
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .with_context(|| {
            format!(
                "redirect {} from {} has no valid Location header",
                response.status(),
                without_query(current)
            )
        })?;
    current
        .join(location)
        .with_context(|| format!("invalid redirect Location from {}", without_query(current)))
}

/// Returns the URL without query and fragment, safe to show in errors.
fn without_query(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

/// A form's target and its hidden fields.
struct Form {
    action: Url,
    hidden_fields: Vec<(String, String)>,
}

/// Finds the `<form>` with `id` and reads its action (resolved against `page_url`) and
/// hidden inputs.
fn find_form(html: &str, id: &str, page_url: &Url) -> Option<Form> {
    let id_position = html.find(&format!("id=\"{id}\""))?;
    let form_start = html[..id_position].rfind("<form")?;
    let tag_end = form_start + html[form_start..].find('>')?;
    let form_end = tag_end + html[tag_end..].find("</form>")?;
    let form_attributes = attributes(&html[form_start + "<form".len()..tag_end]);
    let action = attribute(&form_attributes, "action").unwrap_or_default();
    let action = page_url.join(&action).ok()?;

    let mut hidden_fields = Vec::new();
    let mut rest = &html[tag_end..form_end];
    while let Some(input_start) = rest.find("<input") {
        let after = &rest[input_start + "<input".len()..];
        let input_end = after.find('>')?;
        let input = attributes(&after[..input_end]);
        if attribute(&input, "type").as_deref() == Some("hidden")
            && let Some(name) = attribute(&input, "name")
        {
            hidden_fields.push((name, attribute(&input, "value").unwrap_or_default()));
        }
        rest = &after[input_end..];
    }
    Some(Form {
        action,
        hidden_fields,
    })
}

fn attribute(attributes: &[(String, String)], name: &str) -> Option<String> {
    attributes
        .iter()
        .find(|(attribute, _)| attribute == name)
        .map(|(_, value)| value.clone())
}

/// Parses `name="value"` pairs of a tag; attributes without a quoted value are skipped.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut parsed = Vec::new();
    let mut rest = tag;
    while let Some(equals) = rest.find("=\"") {
        let name = rest[..equals]
            .rsplit(|character: char| character.is_whitespace())
            .next()
            .unwrap_or_default()
            .to_string();
        let value_start = equals + 2;
        let Some(value_length) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + value_length];
        parsed.push((name, unescape(value)));
        rest = &rest[value_start + value_length + 1..];
    }
    parsed
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn page_title(html: &str) -> Option<String> {
    let start = html.find("<title>")? + "<title>".len();
    let length = html[start..].find("</title>")?;
    Some(unescape(html[start..start + length].trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_reads_hidden_fields() {
        let html = r#"<form id="consent-form" method="post" action="/c?x=1">
            <input type="hidden" name="atl_token" value="a&amp;b">
            <input type="text" name="visible" value="no">
            <input type="hidden" name="state" value="&quot;s&quot;"></form>"#;
        let page = Url::parse("https://127.0.0.1:1/base/page").expect("valid URL");
        let form = find_form(html, "consent-form", &page).expect("form found");
        assert_eq!(form.action.as_str(), "https://127.0.0.1:1/c?x=1");
        assert_eq!(
            form.hidden_fields,
            vec![
                ("atl_token".to_string(), "a&b".to_string()),
                ("state".to_string(), "\"s\"".to_string()),
            ]
        );
    }

    #[test]
    fn title_is_unescaped() {
        let html = "<html><head><title> A &amp; B </title></head></html>";
        assert_eq!(page_title(html).as_deref(), Some("A & B"));
    }

    #[test]
    fn error_url_drops_query() {
        let url = Url::parse("https://127.0.0.1:1/cb?code=secret&state=s").expect("valid URL");
        assert_eq!(without_query(&url), "https://127.0.0.1:1/cb");
    }
}
