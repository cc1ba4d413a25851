//! The embedded sandbox: a Bitbucket Data Center emulator and a GitMe backend, both
//! serving HTTPS on loopback with certificates from a CA generated at start-up.

pub mod backend;
pub mod bitbucket;
pub mod tls;
pub mod user_agent;
