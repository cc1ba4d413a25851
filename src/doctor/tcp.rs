//! `instance.tcp`: a TCP connection to every resolved address at once.
//!
//! Each address has its own deadline, so a dead IPv6 path costs at most that deadline and
//! never stalls the run while IPv4 works. The check passes when any address accepts.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use tokio::net::TcpStream;

use super::{Context, Finding};

/// The deadline of one address's connection.
pub const PER_ADDRESS_TIMEOUT: Duration = Duration::from_secs(3);

/// The connection result of one address.
#[derive(Debug, Clone)]
pub struct AddressOutcome {
    /// The address and port.
    pub address: SocketAddr,
    /// `Ok` with the connect time, or the error in words.
    pub result: Result<Duration, String>,
}

/// Connects to every address at once.
pub async fn connect_all(addresses: &[SocketAddr], timeout: Duration) -> Vec<AddressOutcome> {
    let attempts = addresses.iter().map(|address| async move {
        let start = Instant::now();
        let result = match tokio::time::timeout(timeout, TcpStream::connect(address)).await {
            Ok(Ok(_stream)) => Ok(start.elapsed()),
            Ok(Err(error)) if error.kind() == std::io::ErrorKind::ConnectionRefused => {
                Err("connection refused".to_string())
            }
            Ok(Err(error)) => Err(error.to_string()),
            Err(_) => Err(format!(
                "timed out after {}",
                super::format_duration(timeout)
            )),
        };
        AddressOutcome {
            address: *address,
            result,
        }
    });
    join_all(attempts).await
}

/// Checks that some address accepts a connection and returns the ones that did.
pub async fn check(context: &Context, addresses: &[SocketAddr]) -> Finding<Vec<SocketAddr>> {
    let outcomes = connect_all(addresses, context.step_timeout(PER_ADDRESS_TIMEOUT)).await;
    let detail = describe(&outcomes);
    let working: Vec<SocketAddr> = outcomes
        .iter()
        .filter(|outcome| outcome.result.is_ok())
        .map(|outcome| outcome.address)
        .collect();
    if working.is_empty() {
        let refused = outcomes.iter().all(|outcome| {
            outcome
                .result
                .as_ref()
                .is_err_and(|error| error == "connection refused")
        });
        let (cause, fix) = if refused {
            (
                "connection refused: nothing listens on that port".to_string(),
                "check the port in the URL (Bitbucket's own Tomcat listens on 7990, often \
                 behind a reverse proxy that serves HTTPS on 443)",
            )
        } else {
            (
                "no address accepted a TCP connection".to_string(),
                "check the firewall, VPN and security groups between this machine and the \
                 instance",
            )
        };
        return Finding::fail(detail, cause, Some(fix.to_string()));
    }
    if working.len() < outcomes.len() {
        return Finding::warn(
            detail,
            "some addresses did not accept a connection",
            "remove the dead addresses from DNS, or open the firewall for them; clients that \
             try them first wait for their timeout",
            working,
        );
    }
    Finding::ok(detail, working)
}

fn describe(outcomes: &[AddressOutcome]) -> String {
    outcomes
        .iter()
        .map(|outcome| match &outcome.result {
            Ok(elapsed) => format!(
                "{} connected in {} ms",
                outcome.address,
                elapsed.as_millis()
            ),
            Err(error) => format!("{} {error}", outcome.address),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
