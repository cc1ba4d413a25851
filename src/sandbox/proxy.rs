//! A loopback HTTP proxy for tests of proxy handling: an honest `CONNECT` tunnel, one that
//! rejects `CONNECT`, and one that demands credentials.
//!
//! It reads one request head per connection. Tunnel mode responds to a `CONNECT` to a
//! loopback target with 200, then copies bytes both ways until either side closes.

use std::net::{IpAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::{JoinHandle, JoinSet};
use url::Url;

/// The maximum time to read a request head, and to connect to a tunnel's target.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The maximum lifetime of one tunnel. Tests finish far sooner, and the limit only keeps
/// a stuck client from holding a connection slot forever.
const TUNNEL_TIMEOUT: Duration = Duration::from_secs(120);

/// The maximum size of a request head, in bytes.
const MAX_HEAD_BYTES: usize = 8 * 1024;

/// The maximum number of connections served at the same time. Later ones wait in the
/// listener's backlog.
const MAX_CONNECTIONS: usize = 64;

/// The realm sent in `Proxy-Authenticate` by [`ProxyMode::RequireAuth`].
const AUTH_REALM: &str = "gitme sandbox proxy";

/// The proxy's response to `CONNECT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyMode {
    /// Opens the tunnel when the target is `127.0.0.1`, `::1` or `localhost`, and rejects
    /// any other target with 403.
    Tunnel,
    /// Rejects every `CONNECT` with 403 Forbidden, as a proxy whose policy blocks the host.
    DenyConnect,
    /// Rejects every request with 407 and `Proxy-Authenticate: Basic`, whatever
    /// credentials it carries.
    RequireAuth,
}

/// A running proxy. Dropping it stops the listener and closes every open connection.
pub struct LoopbackProxy {
    /// `http://127.0.0.1:PORT`, the value for `HTTPS_PROXY` or `reqwest::Proxy::https`.
    pub url: Url,
    connect_requests: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl LoopbackProxy {
    /// Starts serving on `listener`, which must already be bound.
    pub async fn start(listener: TcpListener, mode: ProxyMode) -> anyhow::Result<Self> {
        listener
            .set_nonblocking(true)
            .context("failed to make the proxy listener non-blocking")?;
        let address = listener
            .local_addr()
            .context("failed to read the proxy listener's address")?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .context("failed to use the proxy listener")?;
        let url =
            Url::parse(&format!("http://{address}")).context("failed to build the proxy URL")?;
        let connect_requests = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn(accept_loop(listener, mode, connect_requests.clone()));
        tracing::info!(%url, ?mode, "loopback proxy started");
        Ok(LoopbackProxy {
            url,
            connect_requests,
            task,
        })
    }

    /// Returns how many `CONNECT` requests the proxy received, whatever its response.
    pub fn connect_requests(&self) -> usize {
        self.connect_requests.load(Ordering::SeqCst)
    }
}

impl Drop for LoopbackProxy {
    fn drop(&mut self) {
        // Aborting the accept loop drops its JoinSet, which aborts every connection task.
        self.task.abort();
    }
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    mode: ProxyMode,
    connect_requests: Arc<AtomicUsize>,
) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        if connections.len() >= MAX_CONNECTIONS {
            connections.join_next().await;
            continue;
        }
        match listener.accept().await {
            Ok((stream, peer)) => {
                let counter = connect_requests.clone();
                connections.spawn(async move {
                    if let Err(error) = serve_connection(stream, mode, &counter).await {
                        tracing::debug!(%peer, error = %format!("{error:#}"), "proxy connection ended with an error");
                    }
                });
            }
            Err(error) => {
                tracing::warn!(%error, "the loopback proxy failed to accept a connection");
            }
        }
    }
}

async fn serve_connection(
    mut client: TcpStream,
    mode: ProxyMode,
    connect_requests: &AtomicUsize,
) -> anyhow::Result<()> {
    let head = tokio::time::timeout(READ_TIMEOUT, read_head(&mut client))
        .await
        .context("timed out reading the request head")??;
    let request_line = head.lines().next().unwrap_or_default();
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or_default();
    let is_connect = method.eq_ignore_ascii_case("CONNECT");
    if is_connect {
        connect_requests.fetch_add(1, Ordering::SeqCst);
    }
    tracing::debug!(%method, %target, ?mode, "loopback proxy request");

    match mode {
        ProxyMode::RequireAuth => {
            let challenge = format!("Proxy-Authenticate: Basic realm=\"{AUTH_REALM}\"\r\n");
            respond(&mut client, "407 Proxy Authentication Required", &challenge).await
        }
        _ if !is_connect => respond(&mut client, "501 Not Implemented", "").await,
        ProxyMode::DenyConnect => respond(&mut client, "403 Forbidden", "").await,
        ProxyMode::Tunnel => tunnel(client, target).await,
    }
}

/// Reads up to the blank line that ends the request head. Bytes after it are not
/// expected, because clients wait for the `CONNECT` response before sending more.
async fn read_head(client: &mut TcpStream) -> anyhow::Result<String> {
    let mut head = Vec::with_capacity(512);
    let mut buffer = [0u8; 1024];
    while !head.ends_with(b"\r\n\r\n") {
        let read = client.read(&mut buffer).await?;
        anyhow::ensure!(read > 0, "the client closed the connection mid-request");
        head.extend_from_slice(&buffer[..read]);
        anyhow::ensure!(
            head.len() <= MAX_HEAD_BYTES,
            "the request head exceeds {MAX_HEAD_BYTES} bytes"
        );
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

async fn respond(client: &mut TcpStream, status: &str, headers: &str) -> anyhow::Result<()> {
    let response =
        format!("HTTP/1.1 {status}\r\n{headers}Content-Length: 0\r\nConnection: close\r\n\r\n");
    client.write_all(response.as_bytes()).await?;
    client.shutdown().await?;
    Ok(())
}

async fn tunnel(mut client: TcpStream, target: &str) -> anyhow::Result<()> {
    if !is_loopback_target(target) {
        tracing::warn!(%target, "loopback proxy rejected a CONNECT to a non-loopback target");
        return respond(&mut client, "403 Forbidden", "").await;
    }
    let connected = tokio::time::timeout(READ_TIMEOUT, TcpStream::connect(target)).await;
    let mut upstream = match connected {
        Ok(Ok(upstream)) => upstream,
        Ok(Err(error)) => {
            tracing::debug!(%target, %error, "loopback proxy failed to reach the target");
            return respond(&mut client, "502 Bad Gateway", "").await;
        }
        Err(_) => return respond(&mut client, "504 Gateway Timeout", "").await,
    };
    client
        .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        .await?;
    // Either side closing, an I/O error or the time limit ends the tunnel.
    let _ = tokio::time::timeout(
        TUNNEL_TIMEOUT,
        tokio::io::copy_bidirectional(&mut client, &mut upstream),
    )
    .await;
    Ok(())
}

/// Reports whether a `CONNECT` target (`host:port`, IPv6 in brackets) is on loopback:
/// `localhost`, `127.0.0.1` or `::1`, with a port.
fn is_loopback_target(target: &str) -> bool {
    let Some((host, port)) = target.rsplit_once(':') else {
        return false;
    };
    if port.parse::<u16>().is_err() {
        return false;
    }
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let host = host
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or(host);
    matches!(
        host.parse::<IpAddr>(),
        Ok(address) if address == IpAddr::from([127, 0, 0, 1]) || address == IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_target_accepts_loopback() {
        for target in ["127.0.0.1:443", "[::1]:8443", "localhost:1", "LOCALHOST:80"] {
            assert!(is_loopback_target(target), "{target}");
        }
    }

    #[test]
    fn loopback_target_rejects_others() {
        let targets = [
            "example.com:443",
            "127.0.0.2:443",
            "10.0.0.1:443",
            "[::2]:443",
            "127.0.0.1",
            "127.0.0.1:port",
            "localhost.example.com:443",
            "169.254.169.254:80",
        ];
        for target in targets {
            assert!(!is_loopback_target(target), "{target}");
        }
    }
}
