//! The instance chain of `gitme doctor`, and the subset `gitme connect bitbucket` runs.
//!
//! `instance.url` → `instance.dns` → `instance.tcp` → `instance.tls` → `instance.http` →
//! `instance.bitbucket` → (`instance.oauth`, `instance.rest_api`), with `instance.clock`
//! after `instance.http` and the proxy check beside DNS and TCP.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::time::Duration;

use super::proxy::ProxyEnvironment;
use super::{
    CheckOutcome, Context, DoctorOptions, Finding, Run, Sink, bitbucket, clock, dns, http, ids,
    proxy, tcp, tls, url,
};

/// Runs the checks `gitme connect bitbucket` needs before registering an instance:
/// `instance.http`, `instance.bitbucket`, `instance.oauth`, `instance.rest_api` and
/// `instance.clock`, with `http` (which makes its own DNS, TCP, TLS and proxy decisions).
/// Returns every outcome in report order and the application properties when the
/// instance is Bitbucket 7.20 or later.
pub async fn run_reachability(
    http: &reqwest::Client,
    instance: &crate::instance_url::InstanceUrl,
    timeout: Duration,
    sink: Sink,
) -> (
    Vec<CheckOutcome>,
    Option<crate::bitbucket::ApplicationProperties>,
) {
    let planned: BTreeSet<&'static str> = [
        ids::HTTP,
        ids::BITBUCKET,
        ids::OAUTH,
        ids::REST_API,
        ids::CLOCK,
    ]
    .into_iter()
    .collect();
    let run = Run::new(planned, sink);
    let options = DoctorOptions {
        instance_url: Some(instance.to_string()),
        backend_url: instance.as_url().clone(),
        token: None,
        extra_ca_pem: None,
        timeout,
        only: Vec::new(),
        dns_server: None,
        proxy: ProxyEnvironment::default(),
    };
    let context = Context::new(&options);
    let url = instance.as_url().clone();
    let target = url::Target {
        host: match url.host() {
            Some(host) => host.to_owned(),
            None => ::url::Host::Domain(String::new()),
        },
        port: url.port_or_known_default().unwrap_or(443),
        https: true,
        instance: Some(instance.clone()),
        url,
    };

    let chain = async {
        let Some(seen) = run
            .check(ids::HTTP, http::check(&context, http, &target))
            .await
        else {
            run.skip(
                &[ids::BITBUCKET, ids::OAUTH, ids::REST_API, ids::CLOCK],
                "skipped because instance.http failed",
            );
            return None;
        };
        let (properties, _) = tokio::join!(
            bitbucket::chain(&run, http, instance),
            run.check(ids::CLOCK, clock::check(seen.date.clone()))
        );
        properties
    };
    let properties = match tokio::time::timeout(timeout, chain).await {
        Ok(properties) => properties,
        Err(_) => {
            run.close_after_deadline(timeout);
            None
        }
    };
    (run.into_outcomes(), properties)
}

/// Runs the instance chain and the proxy check.
pub(super) async fn instance_chain(run: &Run, context: &Context) {
    let Some(input) = context.options.instance_url.clone() else {
        run.skip(
            &[
                ids::URL,
                ids::DNS,
                ids::TCP,
                ids::TLS,
                ids::HTTP,
                ids::BITBUCKET,
                ids::OAUTH,
                ids::REST_API,
                ids::CLOCK,
            ],
            "no instance URL; pass --instance-url or set GITME_INSTANCE_URL",
        );
        run.check(ids::PROXY, proxy::check(context, None)).await;
        return;
    };

    let target = run.check(ids::URL, url::check(&input)).await;
    let target = match target {
        Some(target) => target,
        None => {
            // `instance.url` fails on plain HTTP but still yields a target for diagnosis.
            match url::plain_http_target(&input) {
                Some(target) if run.wants(ids::URL) => target,
                _ => {
                    run.skip(&ids::ALL[1..10], "skipped because instance.url failed");
                    return;
                }
            }
        }
    };

    let decision = proxy::decide(&context.options.proxy, &target.url);
    let (direct, proxied) = tokio::join!(network_prefix(run, context, &target, &decision), async {
        if run.wants(ids::PROXY) {
            run.check(ids::PROXY, proxy::check(context, Some(&target)))
                .await
        } else {
            None
        }
    });

    let stream_source = match (&decision, direct, proxied) {
        (
            proxy::ProxyDecision::Direct { .. } | proxy::ProxyDecision::Invalid { .. },
            Some(addresses),
            _,
        ) => tls::StreamSource::Direct(addresses),
        (proxy::ProxyDecision::Via { proxy, .. }, _, Some(_)) => {
            tls::StreamSource::Tunnel(proxy.clone())
        }
        (proxy::ProxyDecision::Via { .. }, _, None) => {
            run.skip(
                &[
                    ids::TLS,
                    ids::HTTP,
                    ids::BITBUCKET,
                    ids::OAUTH,
                    ids::REST_API,
                    ids::CLOCK,
                ],
                "skipped because the proxy check failed",
            );
            return;
        }
        (proxy::ProxyDecision::Direct { .. } | proxy::ProxyDecision::Invalid { .. }, None, _) => {
            run.skip(
                &[
                    ids::TLS,
                    ids::HTTP,
                    ids::BITBUCKET,
                    ids::OAUTH,
                    ids::REST_API,
                    ids::CLOCK,
                ],
                "skipped because the DNS or TCP check failed",
            );
            return;
        }
    };

    if target.https {
        let tls_ok = run
            .check(ids::TLS, tls::check(context, &target, &stream_source))
            .await;
        if tls_ok.is_none() {
            run.skip(
                &[
                    ids::HTTP,
                    ids::BITBUCKET,
                    ids::OAUTH,
                    ids::REST_API,
                    ids::CLOCK,
                ],
                "skipped because instance.tls failed",
            );
            return;
        }
    } else {
        run.skip(
            &[ids::TLS],
            "the URL uses plain http://, so there is no TLS",
        );
    }

    let reached: &[SocketAddr] = match &stream_source {
        tls::StreamSource::Direct(addresses) => addresses,
        tls::StreamSource::Tunnel(_) => &[],
    };
    let client = match http::client_for(context, &decision, &target, reached) {
        Ok(client) => client,
        Err(problem) => {
            run.check(ids::HTTP, async {
                Finding::<()>::fail(
                    "cannot build the HTTP client",
                    problem,
                    Some("pass a PEM file of CA certificates with --ca-cert".to_string()),
                )
            })
            .await;
            run.skip(
                &[ids::BITBUCKET, ids::OAUTH, ids::REST_API, ids::CLOCK],
                "skipped because instance.http failed",
            );
            return;
        }
    };

    let seen = run
        .check(ids::HTTP, http::check(context, &client, &target))
        .await;
    let Some(seen) = seen else {
        run.skip(
            &[ids::BITBUCKET, ids::OAUTH, ids::REST_API, ids::CLOCK],
            "skipped because instance.http failed",
        );
        return;
    };

    let bitbucket_part = async {
        let Some(instance) = target.instance.clone() else {
            run.skip(
                &[ids::BITBUCKET, ids::OAUTH, ids::REST_API],
                "skipped because the instance URL does not use https://",
            );
            return;
        };
        bitbucket::chain(run, &client, &instance).await;
    };
    let clock_part = async {
        run.check(ids::CLOCK, clock::check(seen.date.clone())).await;
    };
    tokio::join!(bitbucket_part, clock_part);
}

/// Runs DNS and TCP for a direct connection, or skips them when a proxy connects.
/// Returns the addresses that accepted a connection.
async fn network_prefix(
    run: &Run,
    context: &Context,
    target: &url::Target,
    decision: &proxy::ProxyDecision,
) -> Option<Vec<SocketAddr>> {
    if let proxy::ProxyDecision::Via { proxy, .. } = decision {
        let reason = format!(
            "the proxy {} resolves and connects to the instance; see the proxy check",
            crate::http_client::mask_url(proxy)
        );
        run.skip(&[ids::DNS, ids::TCP], &reason);
        return None;
    }
    let addresses = run
        .check(
            ids::DNS,
            dns::check(context, &target.host, context.options.dns_server),
        )
        .await;
    let Some(addresses) = addresses else {
        run.skip(&[ids::TCP], "skipped because instance.dns failed");
        return None;
    };
    let sockets: Vec<SocketAddr> = addresses
        .into_iter()
        .map(|address| SocketAddr::new(address, target.port))
        .collect();
    run.check(ids::TCP, tcp::check(context, &sockets)).await
}
