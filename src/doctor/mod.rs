//! `gitme doctor`: the network and configuration checks between the admin's machine, a
//! Bitbucket Data Center instance and GitMe.
//!
//! Each check has a stable ID, a group, a status (`ok`, `warn`, `fail`, `skip`), a
//! duration, the detail it saw and, for `warn` and `fail`, a cause and a fix. The instance
//! checks form one chain, `instance.url` → `instance.dns` → `instance.tcp` → `instance.tls`
//! → `instance.http` → `instance.bitbucket` → (`instance.oauth`, `instance.rest_api`), with
//! `instance.clock` reading the `Date` header of the HTTP check. A check whose
//! prerequisite failed is reported as `skip` with the reason. The proxy check and the
//! GitMe chain (`gitme.backend` → `gitme.token` → `gitme.cloud_probe`, and
//! `gitme.registration`) run at the same time as the instance chain.
//!
//! Decisions the feature request left open:
//! - An `http://` instance URL fails `instance.url`, but the network checks still run on
//!   it, so `instance.http` can show where its redirect leads. The Bitbucket, OAuth and
//!   REST checks then skip, because Bitbucket serves its OAuth 2.0 provider over HTTPS only.
//! - When a proxy applies to the instance, `instance.dns` and `instance.tcp` skip (the
//!   proxy resolves and connects), the `proxy` check opens a `CONNECT` tunnel, and the TLS
//!   handshake runs through a second tunnel.
//! - Every TLS handshake records the certificate chain before the verifier judges it, so
//!   a rejected chain can still be described. A rejected handshake never carries
//!   application data.
//! - Checks still running when `--timeout` runs out fail with "timed out after …";
//!   checks that had not started are skipped.

pub mod bitbucket;
mod chain;
pub mod clock;
pub mod dns;
pub mod gitme;
pub mod http;
pub mod proxy;
pub mod report;
pub mod tcp;
pub mod tls;
pub mod url;

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::secret::Secret;
pub use chain::run_reachability;
use proxy::ProxyEnvironment;

/// The version of the `--json` document; it changes only when a field changes meaning or
/// goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// Check IDs, stable across releases.
pub mod ids {
    /// URL normalisation.
    pub const URL: &str = "instance.url";
    /// A and AAAA lookups.
    pub const DNS: &str = "instance.dns";
    /// TCP connections to every resolved address.
    pub const TCP: &str = "instance.tcp";
    /// TLS handshake and certificate.
    pub const TLS: &str = "instance.tls";
    /// Redirect chain and content type.
    pub const HTTP: &str = "instance.http";
    /// `application-properties` and the version.
    pub const BITBUCKET: &str = "instance.bitbucket";
    /// The OAuth 2.0 provider, authorize and token endpoints.
    pub const OAUTH: &str = "instance.oauth";
    /// The REST API's paged envelope.
    pub const REST_API: &str = "instance.rest_api";
    /// The skew of the instance's `Date` header.
    pub const CLOCK: &str = "instance.clock";
    /// The proxy decision and its `CONNECT` tunnel.
    pub const PROXY: &str = "proxy";
    /// The GitMe backend over HTTPS.
    pub const BACKEND: &str = "gitme.backend";
    /// The GitMe token and its role.
    pub const TOKEN: &str = "gitme.token";
    /// The backend's own probe of the instance.
    pub const CLOUD_PROBE: &str = "gitme.cloud_probe";
    /// The callback URL and scope to register.
    pub const REGISTRATION: &str = "gitme.registration";

    /// Every check, in report order.
    pub const ALL: [&str; 14] = [
        URL,
        DNS,
        TCP,
        TLS,
        HTTP,
        BITBUCKET,
        OAUTH,
        REST_API,
        CLOCK,
        PROXY,
        BACKEND,
        TOKEN,
        CLOUD_PROBE,
        REGISTRATION,
    ];
}

/// Returns the checks `id` needs before it can run.
pub fn prerequisites(id: &str) -> &'static [&'static str] {
    match id {
        ids::DNS | ids::PROXY => &[ids::URL],
        ids::TCP => &[ids::DNS],
        ids::TLS => &[ids::TCP, ids::PROXY],
        ids::HTTP => &[ids::TLS],
        ids::BITBUCKET | ids::CLOCK => &[ids::HTTP],
        ids::OAUTH | ids::REST_API => &[ids::BITBUCKET],
        ids::TOKEN | ids::REGISTRATION => &[ids::BACKEND],
        ids::CLOUD_PROBE => &[ids::TOKEN, ids::URL],
        _ => &[],
    }
}

/// The heading a check is printed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// The Bitbucket instance.
    Instance,
    /// The proxy decision.
    Proxy,
    /// The GitMe backend.
    Gitme,
}

impl Group {
    /// Returns the group of a check ID.
    pub fn of(id: &str) -> Group {
        if id == ids::PROXY {
            Group::Proxy
        } else if id.starts_with("gitme.") {
            Group::Gitme
        } else {
            Group::Instance
        }
    }

    /// Returns the heading printed above the group.
    pub fn heading(self) -> &'static str {
        match self {
            Group::Instance => "Instance",
            Group::Proxy => "Proxy",
            Group::Gitme => "GitMe",
        }
    }
}

/// The status of a finished check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// It passed.
    Ok,
    /// It passed with something to look at.
    Warn,
    /// It failed.
    Fail,
    /// It did not run, because a prerequisite failed or nothing applies.
    Skip,
}

/// One finished check, as printed and as serialised in the `--json` document.
#[derive(Debug, Clone, Serialize)]
pub struct CheckOutcome {
    /// The stable ID, such as `instance.tls`.
    pub id: &'static str,
    /// The group it is printed under.
    pub group: Group,
    /// The status.
    pub status: CheckStatus,
    /// Wall time of the check in milliseconds.
    pub duration_ms: u64,
    /// The facts the check observed.
    pub detail: String,
    /// The reason for the warning or failure.
    pub cause: Option<String>,
    /// The fix for the cause.
    pub fix: Option<String>,
}

/// The result of one check function: an outcome without ID and duration, and the value
/// its dependants need when it did not fail.
#[derive(Debug)]
pub struct Finding<T> {
    /// The status. A check with nothing to examine returns `Skip`.
    pub status: CheckStatus,
    /// The facts the check observed.
    pub detail: String,
    /// The reason for the warning or failure.
    pub cause: Option<String>,
    /// The fix for the cause.
    pub fix: Option<String>,
    /// The value for dependants, absent when they must skip.
    pub value: Option<T>,
}

impl<T> Finding<T> {
    /// Creates a passed finding.
    pub fn ok(detail: impl Into<String>, value: T) -> Self {
        Finding {
            status: CheckStatus::Ok,
            detail: detail.into(),
            cause: None,
            fix: None,
            value: Some(value),
        }
    }

    /// Creates a warning whose dependants still run.
    pub fn warn(
        detail: impl Into<String>,
        cause: impl Into<String>,
        fix: impl Into<String>,
        value: T,
    ) -> Self {
        Finding {
            status: CheckStatus::Warn,
            detail: detail.into(),
            cause: Some(cause.into()),
            fix: Some(fix.into()),
            value: Some(value),
        }
    }

    /// Creates a failure; its dependants skip.
    pub fn fail(detail: impl Into<String>, cause: impl Into<String>, fix: Option<String>) -> Self {
        Finding {
            status: CheckStatus::Fail,
            detail: detail.into(),
            cause: Some(cause.into()),
            fix,
            value: None,
        }
    }

    /// Creates a skipped finding, for a check that has nothing to look at.
    pub fn skip(reason: impl Into<String>) -> Self {
        Finding {
            status: CheckStatus::Skip,
            detail: reason.into(),
            cause: None,
            fix: None,
            value: None,
        }
    }
}

/// Everything a doctor run needs, resolved from flags, environment and config file.
#[derive(Debug, Clone)]
pub struct DoctorOptions {
    /// The instance URL as given; `None` checks only the GitMe side.
    pub instance_url: Option<String>,
    /// The GitMe backend URL.
    pub backend_url: ::url::Url,
    /// The GitMe API token.
    pub token: Option<Secret>,
    /// PEM text of the CA given with `--ca-cert`.
    pub extra_ca_pem: Option<String>,
    /// The deadline of the whole run.
    pub timeout: Duration,
    /// The checks asked for with `--check`; empty runs every check.
    pub only: Vec<String>,
    /// The DNS server given with `--dns-server`; `None` uses the system configuration.
    pub dns_server: Option<SocketAddr>,
    /// The proxy variables.
    pub proxy: ProxyEnvironment,
}

/// The result of a run.
#[derive(Debug, Clone, Serialize)]
pub struct DoctorReport {
    /// Every check that ran or was skipped, in report order.
    pub checks: Vec<CheckOutcome>,
    /// The callback URL and scope to register in Bitbucket.
    pub registration: Registration,
}

/// The values to register on the incoming application link in Bitbucket.
#[derive(Debug, Clone, Serialize)]
pub struct Registration {
    /// The redirect URL, exactly.
    pub callback_url: String,
    /// The scope to tick.
    pub scope: &'static str,
}

impl DoctorReport {
    /// Counts the checks with `status`.
    pub fn count(&self, status: CheckStatus) -> usize {
        self.checks
            .iter()
            .filter(|check| check.status == status)
            .count()
    }

    /// Reports whether any check failed.
    pub fn has_failures(&self) -> bool {
        self.count(CheckStatus::Fail) > 0
    }

    /// Returns the outcome of one check, when it is in the report.
    pub fn check(&self, id: &str) -> Option<&CheckOutcome> {
        self.checks.iter().find(|check| check.id == id)
    }
}

/// An error in `--check` values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown check `{0}`; the checks are {list}", list = ids::ALL.join(", "))]
pub struct UnknownCheck(pub String);

/// Returns the checks to run: every check, or the ones asked for plus their
/// prerequisites.
pub fn plan(only: &[String]) -> Result<BTreeSet<&'static str>, UnknownCheck> {
    if only.is_empty() {
        return Ok(ids::ALL.into_iter().collect());
    }
    let mut planned = BTreeSet::new();
    let mut pending: Vec<&'static str> = Vec::new();
    for requested in only {
        let id = ids::ALL
            .into_iter()
            .find(|id| *id == requested.trim())
            .ok_or_else(|| UnknownCheck(requested.clone()))?;
        pending.push(id);
    }
    while let Some(id) = pending.pop() {
        if planned.insert(id) {
            pending.extend(prerequisites(id));
        }
    }
    Ok(planned)
}

/// Receives each outcome as its check finishes.
pub type Sink = Arc<dyn Fn(&CheckOutcome) + Send + Sync>;

/// The shared state of one run: which checks are planned, started and finished.
pub struct Run {
    planned: BTreeSet<&'static str>,
    started: Mutex<HashMap<&'static str, Instant>>,
    finished: Mutex<Vec<CheckOutcome>>,
    sink: Sink,
}

impl Run {
    fn new(planned: BTreeSet<&'static str>, sink: Sink) -> Self {
        Run {
            planned,
            started: Mutex::new(HashMap::new()),
            finished: Mutex::new(Vec::new()),
            sink,
        }
    }

    /// Reports whether `id` is planned.
    pub fn wants(&self, id: &str) -> bool {
        self.planned.contains(id)
    }

    /// Runs one check when it is planned, records its outcome and returns its value.
    pub async fn check<T>(
        &self,
        id: &'static str,
        future: impl std::future::Future<Output = Finding<T>>,
    ) -> Option<T> {
        if !self.wants(id) {
            return None;
        }
        let start = Instant::now();
        lock(&self.started).insert(id, start);
        let finding = future.await;
        let value = match finding.status {
            CheckStatus::Fail | CheckStatus::Skip => None,
            CheckStatus::Ok | CheckStatus::Warn => finding.value,
        };
        self.record(CheckOutcome {
            id,
            group: Group::of(id),
            status: finding.status,
            duration_ms: elapsed_ms(start),
            detail: finding.detail,
            cause: finding.cause,
            fix: finding.fix,
        });
        value
    }

    /// Marks each planned check of `skipped` as skipped for `reason`.
    pub fn skip(&self, skipped: &[&'static str], reason: &str) {
        for id in skipped {
            if self.wants(id) {
                self.record(CheckOutcome {
                    id,
                    group: Group::of(id),
                    status: CheckStatus::Skip,
                    duration_ms: 0,
                    detail: reason.to_string(),
                    cause: None,
                    fix: None,
                });
            }
        }
    }

    fn record(&self, outcome: CheckOutcome) {
        let mut finished = lock(&self.finished);
        if finished.iter().any(|done| done.id == outcome.id) {
            return;
        }
        (self.sink)(&outcome);
        finished.push(outcome);
    }

    /// Fails the checks still running and skips the ones not started, after the run's
    /// deadline passed.
    fn close_after_deadline(&self, timeout: Duration) {
        let started = lock(&self.started).clone();
        for id in ids::ALL {
            if !self.wants(id) {
                continue;
            }
            let done = lock(&self.finished).iter().any(|outcome| outcome.id == id);
            if done {
                continue;
            }
            let outcome = match started.get(id) {
                Some(start) => CheckOutcome {
                    id,
                    group: Group::of(id),
                    status: CheckStatus::Fail,
                    duration_ms: elapsed_ms(*start),
                    detail: format!("timed out after {}", format_duration(timeout)),
                    cause: Some(format!(
                        "timed out after {}: the check was still waiting for an answer when \
                         --timeout ran out",
                        format_duration(timeout)
                    )),
                    fix: Some(
                        "check that this machine can reach the host (VPN, firewall, proxy), or \
                         raise --timeout"
                            .to_string(),
                    ),
                },
                None => CheckOutcome {
                    id,
                    group: Group::of(id),
                    status: CheckStatus::Skip,
                    duration_ms: 0,
                    detail: "not started before --timeout ran out".to_string(),
                    cause: None,
                    fix: None,
                },
            };
            self.record(outcome);
        }
    }

    fn into_outcomes(self) -> Vec<CheckOutcome> {
        let mut outcomes = match self.finished.into_inner() {
            Ok(outcomes) => outcomes,
            Err(poisoned) => poisoned.into_inner(),
        };
        outcomes.sort_by_key(|outcome| ids::ALL.iter().position(|id| *id == outcome.id));
        outcomes
    }
}

/// Runs the planned checks, sending each outcome to `sink` as it finishes, and returns the
/// report once every check finished or `options.timeout` ran out.
pub async fn run(options: &DoctorOptions, sink: Sink) -> Result<DoctorReport, UnknownCheck> {
    let planned = plan(&options.only)?;
    let run = Run::new(planned, sink);
    let context = Context::new(options);

    let all_chains = async {
        tokio::join!(
            chain::instance_chain(&run, &context),
            gitme::chain(&run, &context)
        );
    };
    if tokio::time::timeout(options.timeout, all_chains)
        .await
        .is_err()
    {
        run.close_after_deadline(options.timeout);
    }

    Ok(DoctorReport {
        checks: run.into_outcomes(),
        registration: Registration {
            callback_url: gitme::callback_url(&options.backend_url).to_string(),
            scope: crate::backend::api::BITBUCKET_SCOPE,
        },
    })
}

/// Values every check reads, derived once from the options.
pub struct Context {
    /// The options of the run.
    pub options: DoctorOptions,
    /// The run's start, for per-step deadlines.
    pub start: Instant,
}

impl Context {
    fn new(options: &DoctorOptions) -> Self {
        Context {
            options: options.clone(),
            start: Instant::now(),
        }
    }

    /// Returns `step` or the time left before the run's deadline, whichever is shorter.
    pub fn step_timeout(&self, step: Duration) -> Duration {
        let left = self.options.timeout.saturating_sub(self.start.elapsed());
        step.min(left).max(Duration::from_millis(1))
    }
}

/// Locks a mutex, recovering the data of a poisoned one: a check that panicked loses its
/// own outcome but not the others.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

fn elapsed_ms(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Formats a duration as `10s`, `1.5s` or `250ms`.
pub fn format_duration(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1000 {
        format!("{millis}ms")
    } else if millis.is_multiple_of(1000) {
        format!("{}s", millis / 1000)
    } else {
        format!("{:.1}s", duration.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_adds_prerequisites() {
        let planned = plan(&["instance.rest_api".to_string()]).expect("known check");
        for id in [
            ids::URL,
            ids::DNS,
            ids::TCP,
            ids::TLS,
            ids::HTTP,
            ids::BITBUCKET,
            ids::REST_API,
        ] {
            assert!(planned.contains(id), "{id} missing");
        }
        assert!(!planned.contains(ids::OAUTH));
        assert!(!planned.contains(ids::BACKEND));
    }

    #[test]
    fn plan_rejects_unknown_check() {
        let error = plan(&["instance.nope".to_string()]).unwrap_err();
        assert!(error.to_string().contains("instance.tls"));
    }

    #[test]
    fn format_duration_units() {
        assert_eq!(format_duration(Duration::from_secs(10)), "10s");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(format_duration(Duration::from_millis(250)), "250ms");
    }
}
