//! The GitMe checks: `gitme.backend`, `gitme.token`, `gitme.cloud_probe` and
//! `gitme.registration`.
//!
//! The backend check sends an anonymous `GET /api/v1/me`: any HTTP response shows the
//! backend is reachable over HTTPS. When none arrives, it runs the DNS, TCP and TLS steps
//! on the backend's host, so the detail names the layer that failed.

use std::net::SocketAddr;
use std::time::Duration;

use ::url::Url;

use super::proxy::{ProxyDecision, decide};
use super::url::Target;
use super::{Context, Finding, Run, dns, ids, tcp, tls};
use crate::backend::BackendClient;
use crate::backend::api::{CALLBACK_PATH, ProbeRequest, ProbeStatus, Role};
use crate::http_client::classify;
use crate::instance_url::InstanceUrl;

/// The deadline of one backend request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Returns the redirect URL to register on the application link.
pub fn callback_url(backend: &Url) -> Url {
    let mut url = backend.clone();
    let base = url.path().trim_end_matches('/').to_string();
    url.set_path(&format!("{base}{CALLBACK_PATH}"));
    url
}

/// Runs the GitMe chain.
pub async fn chain(run: &Run, context: &Context) {
    let backend_url = &context.options.backend_url;
    let decision = decide(&context.options.proxy, backend_url);
    let http = match super::http::build_client(
        context.options.extra_ca_pem.as_deref(),
        &decision,
        context.options.timeout.min(REQUEST_TIMEOUT * 3),
    ) {
        Ok(http) => http,
        Err(problem) => {
            run.check(ids::BACKEND, async {
                Finding::<()>::fail("cannot build the HTTP client", problem, None)
            })
            .await;
            run.skip(
                &[ids::TOKEN, ids::CLOUD_PROBE, ids::REGISTRATION],
                "skipped because gitme.backend failed",
            );
            return;
        }
    };

    let reachable = run
        .check(ids::BACKEND, check_backend(context, &http, &decision))
        .await;
    if reachable.is_none() {
        run.skip(
            &[ids::TOKEN, ids::CLOUD_PROBE, ids::REGISTRATION],
            "skipped because gitme.backend failed",
        );
        return;
    }
    let registration = run.check(ids::REGISTRATION, check_registration(backend_url));

    let token_and_probe = async {
        let Some(token) = context.options.token.clone() else {
            run.check(ids::TOKEN, async {
                Finding::<()>::skip(
                    "no GitMe token; run `gitme auth login` as an Account Admin, or set GITME_TOKEN",
                )
            })
            .await;
            run.skip(
                &[ids::CLOUD_PROBE],
                "skipped because no GitMe token is set (run `gitme auth login` or set GITME_TOKEN)",
            );
            return;
        };
        let client = BackendClient::new(http.clone(), backend_url.clone(), token);
        let signed_in = run.check(ids::TOKEN, check_token(&client)).await;
        if signed_in.is_none() {
            run.skip(
                &[ids::CLOUD_PROBE],
                "skipped because gitme.token did not pass",
            );
            return;
        }
        let instance = context
            .options
            .instance_url
            .as_deref()
            .and_then(|input| InstanceUrl::parse(input).ok())
            .map(|normalised| normalised.url);
        match instance {
            Some(instance) => {
                run.check(ids::CLOUD_PROBE, check_cloud_probe(&client, instance))
                    .await;
            }
            None => run.skip(
                &[ids::CLOUD_PROBE],
                "no usable https:// instance URL to probe from GitMe's cloud",
            ),
        }
    };
    tokio::join!(registration, token_and_probe);
}

async fn check_backend(
    context: &Context,
    http: &reqwest::Client,
    decision: &ProxyDecision,
) -> Finding<()> {
    let url = callback_free_url(&context.options.backend_url, "/api/v1/me");
    let request = http
        .get(url.clone())
        .header(reqwest::header::ACCEPT, "application/json")
        .timeout(context.step_timeout(REQUEST_TIMEOUT));
    let route = match decision {
        ProxyDecision::Via { proxy, .. } => {
            format!(" through {}", crate::http_client::mask_url(proxy))
        }
        _ => String::new(),
    };
    match request.send().await {
        Ok(response) => Finding::ok(
            format!(
                "{} answered over HTTPS{route} ({} to an anonymous GET /api/v1/me)",
                context.options.backend_url,
                response.status().as_u16()
            ),
            (),
        ),
        Err(error) => {
            let failure = classify(&error);
            let layers = if matches!(decision, ProxyDecision::Via { .. }) {
                String::new()
            } else {
                describe_layers(context, &context.options.backend_url).await
            };
            Finding::fail(
                format!(
                    "{} is not reachable{route}{layers}",
                    context.options.backend_url
                ),
                format!("the backend request failed: {failure}"),
                Some(crate::backend::client::backend_request_hint(
                    &failure,
                    &context.options.backend_url,
                )),
            )
        }
    }
}

/// Runs the DNS, TCP and TLS steps on `url` and returns them as `; dns: …` text.
async fn describe_layers(context: &Context, url: &Url) -> String {
    let Some(host) = url.host() else {
        return String::new();
    };
    let host = host.to_owned();
    let Some(port) = url.port_or_known_default() else {
        return String::new();
    };

    let resolved = dns::check(context, &host, context.options.dns_server).await;
    let mut text = format!("; dns: {}", resolved.detail);
    let Some(addresses) = resolved.value else {
        return text;
    };
    let sockets: Vec<SocketAddr> = addresses
        .into_iter()
        .map(|address| SocketAddr::new(address, port))
        .collect();

    let connected = tcp::check(context, &sockets).await;
    text.push_str(&format!("; tcp: {}", connected.detail));
    let Some(working) = connected.value else {
        return text;
    };

    let target = Target {
        url: url.clone(),
        host,
        port,
        https: true,
        instance: None,
    };
    let handshake = tls::check(context, &target, &tls::StreamSource::Direct(working)).await;
    text.push_str(&format!(
        "; tls: {}",
        handshake.cause.unwrap_or(handshake.detail)
    ));
    text
}

fn callback_free_url(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let prefix = url.path().trim_end_matches('/').to_string();
    url.set_path(&format!("{prefix}{path}"));
    url
}

async fn check_token(client: &BackendClient) -> Finding<()> {
    match client.me().await {
        Ok(me) => {
            let detail = format!(
                "signed in as {} in the workspace {}, role {}",
                me.user.name,
                me.workspace.name,
                match me.role {
                    Role::AccountAdmin => "Account Admin",
                    Role::Member => "Member",
                }
            );
            match me.role {
                Role::AccountAdmin => Finding::ok(detail, ()),
                Role::Member => Finding::fail(
                    detail,
                    "the token's user is not an Account Admin, and only Account Admins can \
                     connect an instance",
                    Some(
                        "ask an Account Admin to invite you from Settings > Invite User with the \
                         Account Admin role, or use an Account Admin's token"
                            .to_string(),
                    ),
                ),
            }
        }
        Err(error) if error.status().map(|status| status.as_u16()) == Some(401) => Finding::fail(
            format!("GET /api/v1/me returned 401: {error}"),
            "the GitMe token was rejected (401): it is invalid, expired or revoked",
            Some("run `gitme auth login` again, or set GITME_TOKEN to a new API token".to_string()),
        ),
        Err(error) => Finding::fail(
            error.to_string(),
            format!("GET /api/v1/me failed: {error}"),
            error.hint(),
        ),
    }
}

async fn check_cloud_probe(client: &BackendClient, instance: InstanceUrl) -> Finding<()> {
    let request = ProbeRequest {
        instance_url: instance.as_url().clone(),
    };
    match client.probe_instance(&request).await {
        Ok(result) => {
            let steps = result
                .steps
                .iter()
                .map(|step| {
                    let status = match step.status {
                        ProbeStatus::Ok => "ok",
                        ProbeStatus::Warn => "warn",
                        ProbeStatus::Fail => "fail",
                    };
                    format!("{} {status}: {}", step.id, step.detail)
                })
                .collect::<Vec<_>>()
                .join("; ");
            let sources = if result.source_addresses.is_empty() {
                "none listed".to_string()
            } else {
                result.source_addresses.join(", ")
            };
            let detail = format!(
                "GitMe's cloud probed {}: {steps}; source addresses to allowlist: {sources}",
                result.instance_url
            );
            let failed = result
                .steps
                .iter()
                .find(|step| step.status == ProbeStatus::Fail);
            match (result.reachable, failed) {
                (true, _) => Finding::ok(detail, ()),
                (false, Some(step)) => Finding::fail(
                    detail,
                    format!(
                        "GitMe's cloud cannot reach the instance: {} failed: {}",
                        step.id, step.detail
                    ),
                    Some(format!(
                        "allow HTTPS from {sources} to the instance, and publish it under a \
                         public name with a publicly trusted certificate"
                    )),
                ),
                (false, None) => Finding::fail(
                    detail,
                    "GitMe's cloud cannot reach the instance",
                    Some(format!("allow HTTPS from {sources} to the instance")),
                ),
            }
        }
        Err(error) => Finding::fail(
            error.to_string(),
            format!("the cloud-side probe failed: {error}"),
            error.hint(),
        ),
    }
}

async fn check_registration(backend: &Url) -> Finding<()> {
    Finding::ok(
        format!(
            "register the redirect URL {} with the scope {} on the incoming application link",
            callback_url(backend),
            crate::backend::api::BITBUCKET_SCOPE
        ),
        (),
    )
}
