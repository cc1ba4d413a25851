//! `instance.dns`: A and AAAA lookups, distinguished by outcome.
//!
//! NXDOMAIN (the name does not exist), SERVFAIL (the server failed to resolve the name) and a
//! timeout each get their own cause. A name whose every address is private, loopback,
//! link-local or carrier-grade NAT resolves only inside a private network, which GitMe's
//! cloud cannot reach, so it warns.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use ::url::Host;
use hickory_resolver::TokioResolver;
use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::RData;

use super::{Context, Finding};

/// The deadline of the A and AAAA lookups together.
const DNS_TIMEOUT: Duration = Duration::from_secs(5);

/// The outcome of one record type's lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupOutcome {
    /// Addresses found.
    Found(Vec<IpAddr>),
    /// The name exists but has no record of this type.
    NoRecords,
    /// NXDOMAIN: the name does not exist.
    NxDomain,
    /// SERVFAIL: the server failed to resolve the name.
    ServFail,
    /// Another response code, such as REFUSED.
    Refused(String),
    /// No response before the deadline.
    TimedOut,
    /// Anything else.
    Error(String),
}

impl LookupOutcome {
    fn describe(&self) -> String {
        match self {
            LookupOutcome::Found(addresses) => addresses
                .iter()
                .map(IpAddr::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            LookupOutcome::NoRecords => "no records".to_string(),
            LookupOutcome::NxDomain => "NXDOMAIN".to_string(),
            LookupOutcome::ServFail => "SERVFAIL".to_string(),
            LookupOutcome::Refused(code) => code.clone(),
            LookupOutcome::TimedOut => "timed out".to_string(),
            LookupOutcome::Error(error) => error.clone(),
        }
    }
}

/// Resolves `host` through `server`, or through the system configuration.
pub async fn check(
    context: &Context,
    host: &Host<String>,
    server: Option<SocketAddr>,
) -> Finding<Vec<IpAddr>> {
    let name = match host {
        Host::Ipv4(address) => {
            return Finding::ok(
                format!("{address} is an IP address, no lookup"),
                vec![IpAddr::V4(*address)],
            );
        }
        Host::Ipv6(address) => {
            return Finding::ok(
                format!("{address} is an IP address, no lookup"),
                vec![IpAddr::V6(*address)],
            );
        }
        Host::Domain(name) => name.clone(),
    };
    let timeout = context.step_timeout(DNS_TIMEOUT);
    let resolver = match build_resolver(server, timeout) {
        Ok(resolver) => resolver,
        Err(error) => {
            return Finding::fail(
                format!("cannot set up DNS lookups for {name}"),
                format!("the system DNS configuration is not usable: {error}"),
                Some("pass a DNS server with --dns-server IP:PORT".to_string()),
            );
        }
    };
    let (v4, v6) = resolve(&resolver, &name, timeout).await;
    judge(&name, server, &v4, &v6)
}

/// Runs the A and AAAA lookups at the same time.
pub async fn resolve(
    resolver: &TokioResolver,
    name: &str,
    timeout: Duration,
) -> (LookupOutcome, LookupOutcome) {
    // A trailing dot makes the name absolute, so no search domain is tried.
    let absolute = format!("{}.", name.trim_end_matches('.'));
    let v4 = async {
        match tokio::time::timeout(timeout, resolver.ipv4_lookup(absolute.as_str())).await {
            Err(_) => LookupOutcome::TimedOut,
            Ok(result) => classify(result.map(|lookup| addresses(lookup.answers()))),
        }
    };
    let v6 = async {
        match tokio::time::timeout(timeout, resolver.ipv6_lookup(absolute.as_str())).await {
            Err(_) => LookupOutcome::TimedOut,
            Ok(result) => classify(result.map(|lookup| addresses(lookup.answers()))),
        }
    };
    tokio::join!(v4, v6)
}

fn addresses(records: &[hickory_resolver::proto::rr::Record]) -> Vec<IpAddr> {
    records
        .iter()
        .filter_map(|record| match &record.data {
            RData::A(address) => Some(IpAddr::V4(address.0)),
            RData::AAAA(address) => Some(IpAddr::V6(address.0)),
            _ => None,
        })
        .collect()
}

fn classify(result: Result<Vec<IpAddr>, NetError>) -> LookupOutcome {
    match result {
        Ok(addresses) if addresses.is_empty() => LookupOutcome::NoRecords,
        Ok(addresses) => LookupOutcome::Found(addresses),
        Err(NetError::Dns(DnsError::NoRecordsFound(no_records))) => {
            match no_records.response_code {
                ResponseCode::NXDomain => LookupOutcome::NxDomain,
                ResponseCode::ServFail => LookupOutcome::ServFail,
                ResponseCode::NoError => LookupOutcome::NoRecords,
                other => LookupOutcome::Refused(other.to_string()),
            }
        }
        Err(NetError::Dns(DnsError::ResponseCode(ResponseCode::ServFail))) => {
            LookupOutcome::ServFail
        }
        Err(NetError::Dns(DnsError::ResponseCode(ResponseCode::NXDomain))) => {
            LookupOutcome::NxDomain
        }
        Err(NetError::Dns(DnsError::ResponseCode(code))) => {
            LookupOutcome::Refused(code.to_string())
        }
        Err(NetError::Timeout) => LookupOutcome::TimedOut,
        Err(error) => LookupOutcome::Error(error.to_string()),
    }
}

fn build_resolver(
    server: Option<SocketAddr>,
    timeout: Duration,
) -> Result<TokioResolver, NetError> {
    let mut builder = match server {
        Some(server) => {
            let mut udp = ConnectionConfig::udp();
            udp.port = server.port();
            let mut tcp = ConnectionConfig::tcp();
            tcp.port = server.port();
            let name_server = NameServerConfig::new(server.ip(), true, vec![udp, tcp]);
            let config = ResolverConfig::from_name_servers(vec![name_server]);
            let mut builder =
                TokioResolver::builder_with_config(config, TokioRuntimeProvider::default());
            builder.options_mut().use_hosts_file = ResolveHosts::Never;
            builder
        }
        None => TokioResolver::builder_tokio()?,
    };
    let options: &mut ResolverOpts = builder.options_mut();
    options.timeout = timeout;
    options.attempts = 1;
    options.cache_size = 0;
    builder.build()
}

/// Turns the two lookups into a finding.
fn judge(
    name: &str,
    server: Option<SocketAddr>,
    v4: &LookupOutcome,
    v6: &LookupOutcome,
) -> Finding<Vec<IpAddr>> {
    let through = match server {
        Some(server) => format!(" through {server}"),
        None => String::new(),
    };
    let detail = format!(
        "{name}{through}: A {}; AAAA {}",
        v4.describe(),
        v6.describe()
    );
    let mut found: Vec<IpAddr> = Vec::new();
    for outcome in [v4, v6] {
        if let LookupOutcome::Found(addresses) = outcome {
            found.extend(addresses);
        }
    }
    if !found.is_empty() {
        if found.iter().all(|address| is_internal(*address)) {
            return Finding::warn(
                detail,
                "every address is private, loopback, link-local or carrier-grade NAT \
                 (100.64.0.0/10), so the name resolves only inside a private network that \
                 GitMe's cloud cannot reach",
                "publish the instance under a public address (a reverse proxy or load \
                 balancer), and check the public DNS answer, for example with \
                 --dns-server 1.1.1.1:53",
                found,
            );
        }
        return Finding::ok(detail, found);
    }

    let either = |wanted: &LookupOutcome| v4 == wanted || v6 == wanted;
    let scope = match server {
        Some(server) => format!("the DNS server {server}"),
        None => "this machine's DNS".to_string(),
    };
    if either(&LookupOutcome::NxDomain) {
        Finding::fail(
            detail,
            format!("NXDOMAIN: {scope} says the name {name} does not exist"),
            Some(
                "check the host name for typos; a name that resolves only on the VPN needs \
                 the VPN connected"
                    .to_string(),
            ),
        )
    } else if either(&LookupOutcome::ServFail) {
        Finding::fail(
            detail,
            format!("SERVFAIL: {scope} failed to answer for {name}"),
            Some(
                "the DNS server or the domain's authoritative servers are failing; try \
                 another server with --dns-server, or ask the DNS admin"
                    .to_string(),
            ),
        )
    } else if either(&LookupOutcome::TimedOut) {
        Finding::fail(
            detail,
            format!("timed out: {scope} did not answer for {name}"),
            Some("check the DNS server address and that UDP and TCP port 53 reach it".to_string()),
        )
    } else {
        Finding::fail(
            detail,
            format!("{scope} returned no address for {name}"),
            Some("add an A or AAAA record for the host".to_string()),
        )
    }
}

/// Reports whether an address is reachable only inside a private network.
pub fn is_internal(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(address) => is_internal_v4(address),
        IpAddr::V6(address) => {
            if let Some(mapped) = address.to_ipv4_mapped() {
                return is_internal_v4(mapped);
            }
            is_internal_v6(address)
        }
    }
}

fn is_internal_v4(address: Ipv4Addr) -> bool {
    let [first, second, ..] = address.octets();
    let carrier_grade_nat = first == 100 && (64..128).contains(&second);
    address.is_private()
        || address.is_loopback()
        || address.is_link_local()
        || address.is_unspecified()
        || carrier_grade_nat
}

fn is_internal_v6(address: Ipv6Addr) -> bool {
    let first = address.segments()[0];
    let unique_local = (first & 0xfe00) == 0xfc00;
    let link_local = (first & 0xffc0) == 0xfe80;
    address.is_loopback() || address.is_unspecified() || unique_local || link_local
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_ranges() {
        for text in [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "127.0.0.1",
            "169.254.1.1",
            "100.64.0.1",
            "100.127.255.255",
            "::1",
            "fe80::1",
            "fd00::1",
        ] {
            let address: IpAddr = text.parse().expect("address");
            assert!(is_internal(address), "{text}");
        }
        for text in ["203.0.113.7", "100.128.0.1", "8.8.8.8", "2001:db8::1"] {
            let address: IpAddr = text.parse().expect("address");
            assert!(!is_internal(address), "{text}");
        }
    }

    #[test]
    fn judge_tells_causes_apart() {
        let nx = judge(
            "h",
            None,
            &LookupOutcome::NxDomain,
            &LookupOutcome::NxDomain,
        );
        assert!(nx.cause.as_deref().unwrap_or("").starts_with("NXDOMAIN"));
        let servfail = judge(
            "h",
            None,
            &LookupOutcome::ServFail,
            &LookupOutcome::ServFail,
        );
        assert!(
            servfail
                .cause
                .as_deref()
                .unwrap_or("")
                .starts_with("SERVFAIL")
        );
        let timeout = judge(
            "h",
            None,
            &LookupOutcome::TimedOut,
            &LookupOutcome::TimedOut,
        );
        assert!(
            timeout
                .cause
                .as_deref()
                .unwrap_or("")
                .starts_with("timed out")
        );
    }
}
