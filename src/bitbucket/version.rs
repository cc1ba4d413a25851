//! Bitbucket's `application-properties` resource and version numbers.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// The body of `GET {base}/rest/api/1.0/application-properties`.
///
/// Atlassian's schema declares every field a string, but some hand-written fixtures use
/// numbers for `buildNumber` and `buildDate`, so both are accepted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationProperties {
    /// The version, for example `8.19.1`.
    pub version: String,
    /// The build number, for example `8019001`.
    #[serde(default, deserialize_with = "string_or_number")]
    pub build_number: String,
    /// The build date in epoch milliseconds, for example `1616539597394`.
    #[serde(default, deserialize_with = "string_or_number")]
    pub build_date: String,
    /// The product name shown in the UI, `Bitbucket` unless an admin changed it.
    #[serde(default)]
    pub display_name: String,
}

impl ApplicationProperties {
    /// Parses [`ApplicationProperties::version`].
    pub fn parsed_version(&self) -> Result<BitbucketVersion, VersionParseError> {
        self.version.parse()
    }
}

fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum StringOrNumber {
        Text(String),
        Number(serde_json::Number),
    }

    Ok(match StringOrNumber::deserialize(deserializer)? {
        StringOrNumber::Text(text) => text,
        StringOrNumber::Number(number) => number.to_string(),
    })
}

/// A Bitbucket version: major, minor and patch. Ordered by major, then minor, then patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct BitbucketVersion {
    /// The major version.
    pub major: u32,
    /// The minor version.
    pub minor: u32,
    /// The patch version, 0 when the version string has only two parts.
    pub patch: u32,
}

impl BitbucketVersion {
    /// The first version with the OAuth 2.0 provider ("incoming application link"):
    /// Bitbucket Server and Data Center 7.20.
    pub const OAUTH2_PROVIDER_MIN: BitbucketVersion = BitbucketVersion::new(7, 20, 0);

    /// Creates a version from its parts.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        BitbucketVersion {
            major,
            minor,
            patch,
        }
    }

    /// Reports whether this version ships the OAuth 2.0 provider.
    pub fn has_oauth2_provider(&self) -> bool {
        *self >= Self::OAUTH2_PROVIDER_MIN
    }
}

impl fmt::Display for BitbucketVersion {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// An error parsing a version string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a version of the form MAJOR.MINOR or MAJOR.MINOR.PATCH")]
pub struct VersionParseError(pub String);

impl std::str::FromStr for BitbucketVersion {
    type Err = VersionParseError;

    /// Parses `8.19.1`, `8.19` or `7.20.0-m1`. A suffix after the numbers, such as `-m1`
    /// or `-SNAPSHOT`, is ignored.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || VersionParseError(text.to_string());
        let trimmed = text.trim();
        let numeric_end = trimmed
            .find(|character: char| !character.is_ascii_digit() && character != '.')
            .unwrap_or(trimmed.len());
        let numeric = trimmed[..numeric_end].trim_end_matches('.');

        let parts: Vec<&str> = numeric.split('.').collect();
        if parts.len() < 2 || parts.len() > 3 {
            return Err(error());
        }
        let number = |part: &str| part.parse::<u32>().map_err(|_| error());
        let major = number(parts[0])?;
        let minor = number(parts[1])?;
        let patch = match parts.get(2) {
            Some(part) => number(part)?,
            None => 0,
        };
        Ok(BitbucketVersion::new(major, minor, patch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_parses_forms() {
        let cases = [
            ("8.19.1", BitbucketVersion::new(8, 19, 1)),
            ("7.20.0-m1", BitbucketVersion::new(7, 20, 0)),
            ("9.4", BitbucketVersion::new(9, 4, 0)),
            (" 7.21.10 ", BitbucketVersion::new(7, 21, 10)),
            ("8.0.0-SNAPSHOT", BitbucketVersion::new(8, 0, 0)),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<BitbucketVersion>(), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn version_rejects_malformed() {
        for text in ["", "8", "abc", "8.x.1", "1.2.3.4", "-1.2"] {
            let result = text.parse::<BitbucketVersion>();
            assert!(result.is_err(), "{text:?} gave {result:?}");
        }
    }

    #[test]
    fn version_orders_numerically() {
        let older: BitbucketVersion = "7.9.0".parse().unwrap();
        let newer: BitbucketVersion = "7.20.0".parse().unwrap();
        assert!(older < newer);
        assert!(!older.has_oauth2_provider());
        assert!(newer.has_oauth2_provider());
        let before_minimum: BitbucketVersion = "7.19.5".parse().unwrap();
        assert!(!before_minimum.has_oauth2_provider());
    }

    #[test]
    fn properties_accept_strings() {
        let json = r#"{"version":"7.11.2","buildNumber":"7011002","buildDate":"1616539597394","displayName":"Bitbucket"}"#;
        let properties: ApplicationProperties = serde_json::from_str(json).unwrap();
        assert_eq!(properties.version, "7.11.2");
        assert_eq!(properties.build_number, "7011002");
        assert_eq!(properties.build_date, "1616539597394");
        assert_eq!(properties.display_name, "Bitbucket");
    }

    #[test]
    fn properties_accept_numbers() {
        let json = r#"{"version":"8.19.1","buildNumber":8019001,"buildDate":1616539597394}"#;
        let properties: ApplicationProperties = serde_json::from_str(json).unwrap();
        assert_eq!(properties.build_number, "8019001");
        assert_eq!(properties.build_date, "1616539597394");
        assert_eq!(properties.display_name, "");
        assert_eq!(
            properties.parsed_version(),
            Ok(BitbucketVersion::new(8, 19, 1))
        );
    }

    #[test]
    fn properties_parse_recorded_fixture() {
        let json = include_str!(
            "../../tests/fixtures/bitbucket-dc/sourcegraph_application-properties_7.11.2.extracted.json"
        );
        let properties: ApplicationProperties = serde_json::from_str(json).unwrap();
        assert_eq!(
            properties.parsed_version(),
            Ok(BitbucketVersion::new(7, 11, 2))
        );
    }
}
