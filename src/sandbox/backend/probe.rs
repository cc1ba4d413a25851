//! The cloud-side probe: the backend reaches an instance the way the connection will and
//! reports each step.
//!
//! The steps run in order: `https` (a TLS handshake and any HTTP response),
//! `application_properties` (Bitbucket's JSON with a version), `token_endpoint` (an OAuth
//! JSON error to a deliberately invalid grant) and `rest_api` (the paged or `errors`
//! envelope). After a failed step the later ones are reported as failed with
//! `skipped: <reason>`, because each step needs the previous one to pass.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;

use super::failure::ApiFailure;
use super::routes::{
    AppState, authenticate, read_json_object, string_field, validate_instance_url,
};
use crate::backend::api::{ProbeResult, ProbeStatus, ProbeStep};
use crate::bitbucket::{
    ApplicationProperties, BitbucketClient, BitbucketError, ProbeReport, require_oauth2_provider,
};
use crate::http_client::HttpExchange;
use crate::instance_url::InstanceUrl;

/// The step ids, in the order the steps run.
const STEP_IDS: [&str; 4] = [
    "https",
    "application_properties",
    "token_endpoint",
    "rest_api",
];

/// `POST /api/v1/self-hosted-integrations/bitbucket/probe`: any role may probe.
pub(super) async fn probe(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<ProbeResult>, ApiFailure> {
    let account = authenticate(&app, &headers)?;
    let object = read_json_object(&body)?;
    let validated = validate_instance_url(string_field(&object, "instance_url")?.as_deref())?;
    let instance = InstanceUrl::parse(validated.as_str())
        .map_err(|error| ApiFailure::invalid_request(&format!("instance_url is invalid: {error}")))?
        .url;
    let instance_url = instance.as_url().clone();

    // NOTE: the sandbox probes any address, loopback included. The production backend
    // must refuse private and link-local addresses before it connects.
    let client = BitbucketClient::new(app.probe_http.clone(), instance);
    let steps = run_steps(&client).await;
    let reachable = steps.iter().all(|step| step.status != ProbeStatus::Fail);
    tracing::info!(
        user_id = %account.user.id,
        %instance_url,
        reachable,
        "cloud-side probe finished"
    );
    Ok(Json(ProbeResult {
        instance_url,
        reachable,
        steps,
        source_addresses: app.config.egress_addresses.clone(),
    }))
}

/// Runs every step and marks the ones after a failure as skipped.
async fn run_steps(client: &BitbucketClient) -> Vec<ProbeStep> {
    let mut steps = Vec::with_capacity(STEP_IDS.len());
    if let Err(reason) = run_until_failure(client, &mut steps).await {
        for id in STEP_IDS.iter().skip(steps.len()) {
            steps.push(step(id, ProbeStatus::Fail, format!("skipped: {reason}")));
        }
    }
    steps
}

/// Runs the steps in order, appending each result, and returns why it stopped early.
async fn run_until_failure(
    client: &BitbucketClient,
    steps: &mut Vec<ProbeStep>,
) -> Result<(), &'static str> {
    match client.probe_application_properties().await {
        Err(error @ BitbucketError::Request { .. }) => {
            steps.push(failed("https", &error));
            return Err("the HTTPS request to the instance failed");
        }
        Err(error) => {
            steps.push(https_passed(error.exchange()));
            steps.push(failed("application_properties", &error));
            return Err("application-properties did not return Bitbucket's JSON");
        }
        Ok((properties, report)) => {
            steps.push(https_passed(Some(&report.exchange)));
            steps.push(version_step(&properties, &report));
        }
    }

    match client.probe_token_endpoint().await {
        Ok(report) => steps.push(passed("token_endpoint", &report)),
        Err(error) => {
            steps.push(failed("token_endpoint", &error));
            return Err("the token endpoint check failed");
        }
    }

    match client.probe_rest_api().await {
        Ok(report) => steps.push(passed("rest_api", &report)),
        Err(error) => {
            steps.push(failed("rest_api", &error));
            return Err("the REST API check failed");
        }
    }
    Ok(())
}

fn https_passed(exchange: Option<&HttpExchange>) -> ProbeStep {
    let detail = match exchange {
        Some(exchange) => format!("the TLS handshake succeeded and {exchange}"),
        None => "the TLS handshake succeeded and the instance responded".to_owned(),
    };
    step("https", ProbeStatus::Ok, detail)
}

/// Passes a version with the OAuth 2.0 provider and warns about an older one.
fn version_step(properties: &ApplicationProperties, report: &ProbeReport) -> ProbeStep {
    let id = "application_properties";
    let version = match properties.parsed_version() {
        Ok(version) => version,
        // probe_application_properties has already parsed the version, so this arm is
        // defensive.
        Err(error) => return step(id, ProbeStatus::Fail, error.to_string()),
    };
    match require_oauth2_provider(version) {
        Ok(()) => passed(id, report),
        Err(error) => step(id, ProbeStatus::Warn, describe(&error)),
    }
}

fn passed(id: &str, report: &ProbeReport) -> ProbeStep {
    step(id, ProbeStatus::Ok, report.summary.clone())
}

fn failed(id: &str, error: &BitbucketError) -> ProbeStep {
    step(id, ProbeStatus::Fail, describe(error))
}

/// Describes an error with its fix, when there is one. URLs in it are already masked.
/// The client-side hints speak of this machine and its `--ca-cert` flag, which mean
/// nothing for GitMe's cloud, so request failures get a cloud-side fix instead.
fn describe(error: &BitbucketError) -> String {
    use crate::http_client::{FailureKind, TlsProblem};
    let hint = match error {
        BitbucketError::Request { failure, .. } => match &failure.kind {
            FailureKind::Tls(TlsProblem::UnknownIssuer) => Some(
                "serve a certificate from a public CA: GitMe's cloud trusts only publicly trusted certificates"
                    .to_string(),
            ),
            FailureKind::Timeout | FailureKind::ConnectionRefused | FailureKind::Dns => Some(
                "make the instance reachable from the internet over HTTPS, or allow GitMe's source addresses in its firewall"
                    .to_string(),
            ),
            _ => None,
        },
        _ => error.hint(),
    };
    match hint {
        Some(hint) => format!("{error}. Fix: {hint}"),
        None => error.to_string(),
    }
}

fn step(id: &str, status: ProbeStatus, detail: String) -> ProbeStep {
    ProbeStep {
        id: id.to_owned(),
        status,
        detail,
    }
}
