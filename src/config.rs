//! The config file: `$XDG_CONFIG_HOME/gitme/config.toml` on Linux, the platform's config
//! directory elsewhere, or the file `--config` names.
//!
//! It contains the backend URL, a default instance, a CA file, and named profiles that set the
//! same values for one instance each. gitme rejects secrets here: the client secret goes to
//! the GitMe backend only, and the GitMe token lives in the environment or the keyring.
//! Writes replace the file atomically and leave it readable by the user only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{CliError, CliResult};

/// The keys `gitme config set` accepts, at the top level and in a profile.
pub const KEYS: [&str; 4] = ["backend_url", "instance_url", "ca_cert", "client_id"];

/// The contents of `config.toml`. Every field is optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// GitMe backend URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend_url: Option<String>,
    /// The default Bitbucket instance URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_url: Option<String>,
    /// A PEM file of a CA to trust in addition to the system roots.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<PathBuf>,
    /// The client ID of the default instance's application link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Named settings for several instances, chosen with `--profile NAME`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub profiles: BTreeMap<String, Profile>,
}

/// The settings of one named profile.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// GitMe backend URL for this profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend_url: Option<String>,
    /// The profile's Bitbucket instance URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_url: Option<String>,
    /// The CA file for this instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<PathBuf>,
    /// The client ID of this instance's application link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

/// A loaded config file and where it came from.
#[derive(Debug, Clone, Default)]
pub struct LoadedConfig {
    /// The file's path; `None` when no file exists and none was named.
    pub path: Option<PathBuf>,
    /// The parsed contents.
    pub file: ConfigFile,
}

impl LoadedConfig {
    /// Returns the effective values: the named profile's values over the top-level ones.
    /// An unknown profile name is a usage error that lists the known ones.
    pub fn effective(&self, profile: Option<&str>) -> CliResult<Profile> {
        let file = &self.file;
        let top = Profile {
            backend_url: file.backend_url.clone(),
            instance_url: file.instance_url.clone(),
            ca_cert: file.ca_cert.clone(),
            client_id: file.client_id.clone(),
        };
        let Some(name) = profile else {
            return Ok(top);
        };
        let Some(selected) = file.profiles.get(name) else {
            let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
            let hint = if known.is_empty() {
                "add one with `gitme config set --profile NAME instance_url URL`".to_string()
            } else {
                format!("known profiles: {}", known.join(", "))
            };
            return Err(CliError::usage(format!("unknown profile `{name}`")).hint(hint));
        };
        Ok(Profile {
            backend_url: selected.backend_url.clone().or(top.backend_url),
            instance_url: selected.instance_url.clone().or(top.instance_url),
            ca_cert: selected.ca_cert.clone().or(top.ca_cert),
            client_id: selected.client_id.clone().or(top.client_id),
        })
    }

    /// Returns the CA file of the profile whose instance URL is `instance_url`, so each
    /// instance can have its own CA without naming the profile.
    pub fn ca_cert_for_instance(&self, instance_url: &str) -> Option<PathBuf> {
        // Both sides are compared after the normalisation `connect` applies, so a pasted
        // browse URL still finds its instance's CA.
        let normalise = |text: &str| match crate::instance_url::InstanceUrl::parse(text) {
            Ok(normalised) => normalised.url.to_string(),
            Err(_) => text.trim().trim_end_matches('/').to_string(),
        };
        let wanted = normalise(instance_url);
        self.file.profiles.values().find_map(|profile| {
            let url = normalise(profile.instance_url.as_deref()?);
            if url == wanted {
                profile.ca_cert.clone()
            } else {
                None
            }
        })
    }
}

/// Returns the default config file path for this platform.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("com", "GitMe", "gitme")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

/// Reads the config file: `explicit` when given (it must exist), otherwise the default
/// path when that file exists.
pub fn load(explicit: Option<&Path>) -> CliResult<LoadedConfig> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match default_path() {
            Some(path) if path.exists() => path,
            _ => return Ok(LoadedConfig::default()),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|error| {
        CliError::usage(format!("cannot read the config file `{}`", path.display()))
            .caused_by(&error)
            .hint("check the path given with `--config` or `GITME_CONFIG`")
    })?;
    tracing::debug!(path = %path.display(), "read the config file");
    let file = toml::from_str(&text).map_err(|error| {
        crate::files::toml_parse_error("config file", &path, &text, &error).hint(format!(
            "the keys gitme reads are {} and `[profiles.NAME]` tables with the same keys",
            KEYS.map(|key| format!("`{key}`")).join(", ")
        ))
    })?;
    Ok(LoadedConfig {
        path: Some(path),
        file,
    })
}

/// Sets `key` to `value` at the top level or in `profile`, creating the profile when needed.
pub fn set(file: &mut ConfigFile, profile: Option<&str>, key: &str, value: &str) -> CliResult<()> {
    let value = Some(validate(key, value)?);
    match profile {
        Some(name) => assign(
            file.profiles.entry(name.to_string()).or_default(),
            key,
            value,
        ),
        None => with_top_level(file, |top| assign(top, key, value)),
    }
}

/// Checks a value before it is stored, so a bad one fails here and not in a later command,
/// and returns the form to store: an instance URL is stored normalised.
fn validate(key: &str, value: &str) -> CliResult<String> {
    let invalid = |reason: String| {
        CliError::usage(format!("invalid value for `{key}`: {reason}"))
            .hint("nothing was written to the config file")
    };
    match key {
        "backend_url" => {
            let url = url::Url::parse(value.trim())
                .map_err(|error| invalid(format!("`{value}` is not a URL ({error})")))?;
            if url.scheme() != "https" {
                return Err(invalid(format!("`{value}` does not use https")));
            }
            Ok(value.trim().to_string())
        }
        "instance_url" => crate::instance_url::InstanceUrl::parse(value)
            .map(|normalised| normalised.url.to_string())
            .map_err(|error| invalid(error.to_string())),
        "client_id" if value.trim().is_empty() => Err(invalid("the client ID is empty".into())),
        "client_id" => Ok(value.trim().to_string()),
        "ca_cert" => {
            crate::http_client::load_ca_file(Path::new(value))
                .map_err(|error| invalid(error.to_string()))?;
            Ok(value.to_string())
        }
        // Unknown keys and secrets get their own messages from `assign`.
        _ => Ok(value.to_string()),
    }
}

/// Removes `key` at the top level or from `profile`.
pub fn unset(file: &mut ConfigFile, profile: Option<&str>, key: &str) -> CliResult<()> {
    match profile {
        Some(name) => match file.profiles.get_mut(name) {
            Some(selected) => assign(selected, key, None),
            None => Err(CliError::usage(format!("unknown profile `{name}`"))),
        },
        None => with_top_level(file, |top| assign(top, key, None)),
    }
}

/// Runs `change` on the top-level values as a [`Profile`], so one function edits both.
fn with_top_level(
    file: &mut ConfigFile,
    change: impl FnOnce(&mut Profile) -> CliResult<()>,
) -> CliResult<()> {
    let mut top = Profile {
        backend_url: file.backend_url.take(),
        instance_url: file.instance_url.take(),
        ca_cert: file.ca_cert.take(),
        client_id: file.client_id.take(),
    };
    let result = change(&mut top);
    file.backend_url = top.backend_url;
    file.instance_url = top.instance_url;
    file.ca_cert = top.ca_cert;
    file.client_id = top.client_id;
    result
}

fn assign(profile: &mut Profile, key: &str, value: Option<String>) -> CliResult<()> {
    match key {
        "backend_url" => profile.backend_url = value,
        "instance_url" => profile.instance_url = value,
        "ca_cert" => profile.ca_cert = value.map(PathBuf::from),
        "client_id" => profile.client_id = value,
        "client_secret" | "token" | "secret" | "password" => {
            return Err(CliError::usage(format!(
                "gitme never stores `{key}` in the config file"
            ))
            .hint("pass the client secret with `--client-secret-file` and the token with `GITME_TOKEN`"));
        }
        other => {
            return Err(
                CliError::usage(format!("unknown config key `{other}`")).hint(format!(
                    "the keys are {}",
                    KEYS.map(|key| format!("`{key}`")).join(", ")
                )),
            );
        }
    }
    Ok(())
}

/// Writes `file` to `path` atomically: a temporary file in the same directory, readable by
/// the user only, renamed over the old one.
pub fn save(path: &Path, file: &ConfigFile) -> CliResult<()> {
    let failed = |error: std::io::Error| {
        CliError::failure(format!("cannot write the config file `{}`", path.display()))
            .caused_by(&error)
    };
    let text = toml::to_string_pretty(file)
        .map_err(|error| CliError::failure("cannot serialize the config file").caused_by(&error))?;
    // A symbolic link keeps pointing at the file it names; the target is what changes.
    let resolved = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let path = resolved.as_path();
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(failed)?;
    crate::files::write_private_atomically(path, text.as_bytes()).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(text: &str) -> LoadedConfig {
        LoadedConfig {
            path: None,
            file: toml::from_str(text).unwrap(),
        }
    }

    #[test]
    fn profile_overrides_top_level() {
        let config = loaded(
            r#"
            backend_url = "https://backend.example"
            instance_url = "https://default.example"
            [profiles.eu]
            instance_url = "https://eu.example"
            "#,
        );
        let effective = config.effective(Some("eu")).unwrap();
        assert_eq!(
            effective.instance_url.as_deref(),
            Some("https://eu.example")
        );
        assert_eq!(
            effective.backend_url.as_deref(),
            Some("https://backend.example")
        );
    }

    #[test]
    fn unknown_profile_lists_known() {
        let config = loaded("[profiles.eu]\ninstance_url = \"https://eu.example\"\n");
        let error = config.effective(Some("us")).unwrap_err();
        assert!(error.hints.iter().any(|hint| hint.contains("eu")));
    }

    #[test]
    fn ca_cert_follows_instance() {
        let config = loaded(
            "[profiles.eu]\ninstance_url = \"https://eu.example/\"\nca_cert = \"/etc/eu.pem\"\n",
        );
        assert_eq!(
            config.ca_cert_for_instance("https://eu.example"),
            Some(PathBuf::from("/etc/eu.pem"))
        );
        assert_eq!(
            config.ca_cert_for_instance("https://eu.example/projects/ABC/repos/x/browse"),
            Some(PathBuf::from("/etc/eu.pem"))
        );
        assert_eq!(config.ca_cert_for_instance("https://other.example"), None);
    }

    #[test]
    fn set_validates_values() {
        let mut file = ConfigFile::default();
        assert!(set(&mut file, None, "backend_url", "http://backend.example").is_err());
        assert!(set(&mut file, None, "client_id", " ").is_err());
        assert!(set(&mut file, None, "ca_cert", "/nonexistent/ca.pem").is_err());
        set(
            &mut file,
            None,
            "instance_url",
            "https://h.example/bb/projects/X/",
        )
        .unwrap();
        assert_eq!(file.instance_url.as_deref(), Some("https://h.example/bb"));
    }

    #[test]
    fn set_rejects_secrets() {
        let mut file = ConfigFile::default();
        assert!(set(&mut file, None, "client_secret", "x").is_err());
        assert!(set(&mut file, None, "colour", "x").is_err());
    }

    #[test]
    fn set_and_unset_round_trip() {
        let mut file = ConfigFile::default();
        set(&mut file, None, "instance_url", "https://a.example").unwrap();
        set(&mut file, Some("eu"), "client_id", "eu-client").unwrap();
        assert_eq!(file.instance_url.as_deref(), Some("https://a.example"));
        assert_eq!(file.profiles["eu"].client_id.as_deref(), Some("eu-client"));
        unset(&mut file, None, "instance_url").unwrap();
        assert_eq!(file.instance_url, None);
    }

    #[test]
    fn save_is_private_and_readable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gitme").join("config.toml");
        let mut file = ConfigFile::default();
        set(&mut file, Some("eu"), "instance_url", "https://eu.example").unwrap();
        save(&path, &file).unwrap();
        let reloaded = load(Some(&path)).unwrap();
        assert_eq!(
            reloaded.file.profiles["eu"].instance_url.as_deref(),
            Some("https://eu.example")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
