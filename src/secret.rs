//! A wrapper for secrets (client secrets, access tokens, API tokens) that cannot be printed.
//!
//! `Secret` has no `Display`, its `Debug` prints a fixed placeholder, and the only way to
//! read the value is [`Secret::expose`], so a secret reaches a log line, an error message
//! or a panic only through a deliberate call.

use std::fmt;
use std::io::Read;

/// The largest secret gitme reads from a file or standard input. Bitbucket's client secrets
/// are under 100 bytes, so anything larger is the wrong file, or an endless one such as
/// `/dev/zero`.
pub const MAX_SECRET_BYTES: usize = 64 * 1024;

/// Reads a secret of at most [`MAX_SECRET_BYTES`] of UTF-8 text from `reader`.
pub fn read_secret(reader: impl Read) -> std::io::Result<Secret> {
    let mut buffer = Vec::new();
    reader
        .take(MAX_SECRET_BYTES as u64 + 1)
        .read_to_end(&mut buffer)?;
    if buffer.len() > MAX_SECRET_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "it is longer than {} KiB, far longer than a client secret",
                MAX_SECRET_BYTES / 1024
            ),
        ));
    }
    String::from_utf8(buffer)
        .map(Secret::new)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

/// A string that must never appear in output, logs, config files or panic messages.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value, trimming the line ending that files and pipes usually add.
    pub fn new(value: impl Into<String>) -> Self {
        let mut value = value.into();
        let trimmed_len = value.trim_end_matches(['\r', '\n']).len();
        value.truncate(trimmed_len);
        Secret(value)
    }

    /// Returns the secret value. Call this only where the value leaves the process on
    /// purpose: an HTTP request body or header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Reports whether the value is empty or only whitespace.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Secret([redacted])")
    }
}

/// Serializes the secret value itself, for request bodies sent to the GitMe backend.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_value() {
        let secret = Secret::new("canary-value");
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
    }

    #[test]
    fn new_trims_line_ending() {
        assert_eq!(Secret::new("abc\r\n").expose(), "abc");
        assert_eq!(Secret::new("abc \n").expose(), "abc ");
    }

    #[test]
    fn read_secret_rejects_endless_input() {
        let endless = std::io::repeat(b'a');
        let error = read_secret(endless).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    }

    #[test]
    fn read_secret_accepts_short_text() {
        let secret = read_secret(&b"abc\n"[..]).unwrap();
        assert_eq!(secret.expose(), "abc");
    }

    #[test]
    fn blank_detects_whitespace() {
        assert!(Secret::new("  \n").is_blank());
        assert!(!Secret::new("x").is_blank());
    }
}
