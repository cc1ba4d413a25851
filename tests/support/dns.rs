//! A tiny DNS server on 127.0.0.1 for `gitme doctor --dns-server`, so DNS tests never
//! depend on the machine's resolv.conf.
//!
//! It responds to UDP queries from a fixed table: an IPv4 address for A queries (AAAA gets
//! an empty NOERROR response), NXDOMAIN, SERVFAIL, or no response at all. Unknown names
//! get NXDOMAIN.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr, UdpSocket};

/// The server's response to one name.
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    /// An A record with this address; AAAA queries get no records.
    A(Ipv4Addr),
    /// Response code 3, the name does not exist.
    NxDomain,
    /// Response code 2, the server failed.
    ServFail,
    /// No response, so the client times out.
    Silent,
}

/// A running server; its thread lives until the test process ends.
pub struct DnsServer {
    /// The address to pass to `--dns-server`.
    pub address: SocketAddr,
}

impl DnsServer {
    /// Binds 127.0.0.1:0 and starts responding from `answers` (names without a trailing
    /// dot, lower case).
    pub fn start(answers: &[(&str, Answer)]) -> DnsServer {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("bind the DNS test server");
        let address = socket.local_addr().expect("DNS server address");
        let table: HashMap<String, Answer> = answers
            .iter()
            .map(|(name, answer)| (name.to_ascii_lowercase(), *answer))
            .collect();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 512];
            loop {
                let Ok((length, peer)) = socket.recv_from(&mut buffer) else {
                    return;
                };
                if let Some(response) = respond(&buffer[..length], &table) {
                    let _ = socket.send_to(&response, peer);
                }
            }
        });
        DnsServer { address }
    }
}

/// Builds the response to one query, or `None` to stay silent.
fn respond(query: &[u8], table: &HashMap<String, Answer>) -> Option<Vec<u8>> {
    if query.len() < 12 {
        return None;
    }
    // The question starts after the 12-byte header: labels, then QTYPE and QCLASS.
    let mut position = 12;
    let mut labels = Vec::new();
    loop {
        let length = *query.get(position)? as usize;
        position += 1;
        if length == 0 {
            break;
        }
        let label = query.get(position..position + length)?;
        labels.push(String::from_utf8_lossy(label).to_ascii_lowercase());
        position += length;
    }
    let question_end = position + 4;
    let question = query.get(12..question_end)?;
    let record_type = u16::from_be_bytes([query[position], query[position + 1]]);
    let name = labels.join(".");

    let answer = table.get(&name).copied().unwrap_or(Answer::NxDomain);
    let (response_code, address) = match answer {
        Answer::Silent => return None,
        Answer::NxDomain => (3u8, None),
        Answer::ServFail => (2u8, None),
        Answer::A(address) if record_type == 1 => (0u8, Some(address)),
        Answer::A(_) => (0u8, None),
    };

    let mut response = Vec::with_capacity(64);
    response.extend_from_slice(&query[0..2]);
    // QR=1, opcode 0, RD copied, RA=1, and the response code.
    let recursion_desired = query[2] & 0x01;
    response.push(0x80 | recursion_desired);
    response.push(0x80 | response_code);
    response.extend_from_slice(&1u16.to_be_bytes());
    let answer_count: u16 = if address.is_some() { 1 } else { 0 };
    response.extend_from_slice(&answer_count.to_be_bytes());
    response.extend_from_slice(&0u16.to_be_bytes());
    response.extend_from_slice(&0u16.to_be_bytes());
    response.extend_from_slice(question);
    if let Some(address) = address {
        // A pointer to the name in the question, type A, class IN, TTL 60, 4 bytes.
        response.extend_from_slice(&[0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01]);
        response.extend_from_slice(&60u32.to_be_bytes());
        response.extend_from_slice(&4u16.to_be_bytes());
        response.extend_from_slice(&address.octets());
    }
    Some(response)
}
