//! Measures how much the doctor's concurrency saves: the wall time of a full run against a
//! sandbox whose Bitbucket emulator adds 200 ms to every response, next to the wall time
//! of its slowest chain run alone. Run with `cargo bench --bench doctor`; the numbers are
//! recorded in docs/benchmarks.md.

use std::sync::Arc;
use std::time::{Duration, Instant};

use gitme::doctor::{self, CheckOutcome, DoctorOptions, ids};
use gitme::sandbox::Sandbox;
use gitme::sandbox::bitbucket::FaultRule;

/// The latency added to every Bitbucket emulator response.
const LATENCY: Duration = Duration::from_millis(200);

/// Runs per measurement; the median is reported.
const RUNS: usize = 5;

/// The chains that run at the same time, each named by the checks that end it.
const CHAINS: [(&str, &[&str]); 3] = [
    ("instance", &[ids::OAUTH, ids::REST_API, ids::CLOCK]),
    ("proxy", &[ids::PROXY]),
    ("gitme", &[ids::CLOUD_PROBE, ids::REGISTRATION]),
];

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(measure());
}

async fn measure() {
    let sandbox = Sandbox::start_with(|bitbucket, _| {
        bitbucket.faults = vec![FaultRule::new("*").latency(LATENCY)];
    })
    .await
    .expect("sandbox starts");
    let options = DoctorOptions {
        instance_url: Some(sandbox.bitbucket.base_url.to_string()),
        backend_url: sandbox.backend.base_url.clone(),
        token: Some(sandbox.admin_token.clone()),
        extra_ca_pem: Some(sandbox.tls.ca_pem.clone()),
        timeout: Duration::from_secs(60),
        only: Vec::new(),
        dns_server: None,
        proxy: Default::default(),
    };

    let full = median_run(&options).await;
    println!(
        "doctor, every check: {} ms (median of {RUNS})",
        full.as_millis()
    );

    let mut slowest = ("", Duration::ZERO);
    for (name, ends) in CHAINS {
        let mut chain_options = options.clone();
        chain_options.only = ends.iter().map(|id| id.to_string()).collect();
        let alone = median_run(&chain_options).await;
        println!("chain {name} alone: {} ms", alone.as_millis());
        if alone > slowest.1 {
            slowest = (name, alone);
        }
    }
    let ratio = full.as_secs_f64() / slowest.1.as_secs_f64();
    println!(
        "slowest chain: {} at {} ms; wall time / slowest chain = {ratio:.2}",
        slowest.0,
        slowest.1.as_millis()
    );
}

async fn median_run(options: &DoctorOptions) -> Duration {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let sink: doctor::Sink = Arc::new(|_: &CheckOutcome| {});
        let start = Instant::now();
        let report = doctor::run(options, sink).await.expect("known checks");
        times.push(start.elapsed());
        assert!(!report.checks.is_empty());
    }
    times.sort();
    times[RUNS / 2]
}
