//! A wrapper for secrets (client secrets, access tokens, API tokens) that cannot be printed.
//!
//! `Secret` has no `Display`, its `Debug` prints a fixed placeholder, and the only way to
//! read the value is [`Secret::expose`], so a secret reaches a log line, an error message
//! or a panic only through a deliberate call.

use std::fmt;

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
    fn blank_detects_whitespace() {
        assert!(Secret::new("  \n").is_blank());
        assert!(!Secret::new("x").is_blank());
    }
}
