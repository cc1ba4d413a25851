//! The one place that turns flags, environment variables and the config file into settings.
//!
//! Precedence is flag > environment variable > config file > default. clap reads the
//! environment variables that mirror flags through its `env` attributes. This module reads
//! the config file and the few variables that have no flag: `GITME_TOKEN`,
//! `GITME_BITBUCKET_CLIENT_SECRET`, `BROWSER` and the display and SSH variables. Only
//! `main` reads `NO_COLOR` and `GITME_LOG`; nothing deeper in gitme reads `std::env`.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use crate::commands::connect::BitbucketArgs;
use crate::error::{CliError, CliResult};
use crate::output::Printer;
use crate::secret::Secret;

/// The default GitMe backend URL.
pub const DEFAULT_BACKEND_URL: &str = "https://backend.gitdotme.com";

/// The contents of `config.toml`. Every field is optional; no secret is ever stored here.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// GitMe backend URL.
    pub backend_url: Option<String>,
    /// The default Bitbucket instance URL.
    pub instance_url: Option<String>,
    /// A PEM file of a CA to trust in addition to the system roots.
    pub ca_cert: Option<PathBuf>,
}

/// Reads the config file: `explicit` when given (it must exist), otherwise
/// `$XDG_CONFIG_HOME/gitme/config.toml` when it exists.
pub fn load_config(explicit: Option<&Path>) -> CliResult<ConfigFile> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match default_config_path() {
            Some(path) if path.exists() => path,
            _ => return Ok(ConfigFile::default()),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|error| {
        CliError::usage(format!("cannot read the config file `{}`", path.display()))
            .caused_by(&error)
            .hint("check the path given with `--config` or `GITME_CONFIG`")
    })?;
    tracing::debug!(path = %path.display(), "read the config file");
    toml::from_str(&text).map_err(|error| {
        CliError::usage(format!("invalid config file `{}`", path.display()))
            .caused_by(&error)
            .hint("the keys gitme reads are `backend_url`, `instance_url` and `ca_cert`")
    })
}

/// Returns the default config file path for this platform.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("com", "GitMe", "gitme")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

/// The environment variables that decide whether gitme may open a browser.
#[derive(Debug, Clone, Default)]
pub struct BrowserEnvironment {
    /// The `BROWSER` command, when set.
    pub browser_command: Option<String>,
    /// Whether `DISPLAY` or `WAYLAND_DISPLAY` is set (always true off Linux and BSD).
    pub has_display: bool,
    /// Whether the session came in over SSH (`SSH_CONNECTION` or `SSH_TTY`).
    pub over_ssh: bool,
}

impl BrowserEnvironment {
    /// Reads `BROWSER`, the display variables and the SSH variables.
    pub fn from_env() -> Self {
        let non_empty = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
        let has_display = if cfg!(any(target_os = "macos", target_os = "windows")) {
            true
        } else {
            non_empty("DISPLAY") || non_empty("WAYLAND_DISPLAY")
        };
        BrowserEnvironment {
            browser_command: std::env::var("BROWSER")
                .ok()
                .filter(|value| !value.trim().is_empty()),
            has_display,
            over_ssh: non_empty("SSH_CONNECTION") || non_empty("SSH_TTY"),
        }
    }
}

/// Everything `gitme connect bitbucket` needs, resolved.
#[derive(Debug)]
pub struct ConnectSettings {
    /// GitMe backend URL.
    pub backend_url: Url,
    /// The GitMe API token, from `GITME_TOKEN`.
    pub token: Option<Secret>,
    /// The extra CA to trust, in PEM form, and the file it came from.
    pub extra_ca: Option<(PathBuf, String)>,
    /// The instance URL as the user gave it, before normalisation.
    pub instance_url: Option<String>,
    /// The client ID of the application link.
    pub client_id: Option<String>,
    /// The client secret, when it came from a file, stdin or the environment.
    pub client_secret: Option<Secret>,
    /// Whether the application-link confirmation was given with `--yes`.
    pub confirmed: bool,
    /// Whether to try to open a browser.
    pub open_browser: bool,
    /// The browser-related environment.
    pub browser: BrowserEnvironment,
    /// How long to wait for authorization.
    pub timeout: Duration,
    /// Whether to print the result as JSON on stdout.
    pub json: bool,
    /// Whether prompts are allowed: not `--no-input`, and stdin and stderr are terminals.
    pub interactive: bool,
    /// Whether `--no-input` was given.
    pub no_input: bool,
    /// An integration ID to wait for instead of registering a new one.
    pub resume: Option<String>,
    /// Whether to run against an in-process sandbox.
    pub sandbox: bool,
    /// Whether to exit after printing the authorization URL instead of waiting.
    pub no_wait: bool,
    /// Whether to re-authorize an instance that is already connected.
    pub reauthorize: bool,
    /// A TOML file of instances to connect, with `--from-file`.
    pub from_file: Option<PathBuf>,
    /// How many instances of `from_file` to connect at the same time.
    pub jobs: usize,
}

/// Resolves the settings of `gitme connect bitbucket` from its flags, the environment and
/// the config file.
pub fn resolve_connect(
    args: &BitbucketArgs,
    config: &ConfigFile,
    printer: &Printer,
) -> CliResult<ConnectSettings> {
    let backend_text = args
        .backend_url
        .clone()
        .or_else(|| config.backend_url.clone())
        .unwrap_or_else(|| DEFAULT_BACKEND_URL.to_string());
    let backend_url = parse_backend_url(&backend_text)?;

    let ca_path = args.ca_cert.clone().or_else(|| config.ca_cert.clone());
    let extra_ca = match ca_path {
        Some(path) if !args.sandbox => {
            let pem = crate::http_client::load_ca_file(&path).map_err(|error| {
                CliError::usage(format!("cannot use the CA file `{}`", path.display()))
                    .caused_by(&error)
                    .hint("pass a PEM file with `--ca-cert FILE` or `GITME_CA_CERT`")
            })?;
            Some((path, pem))
        }
        _ => None,
    };

    let client_secret = if args.sandbox {
        None
    } else {
        resolve_client_secret(args.client_secret_file.as_deref())?
    };
    let interactive =
        !args.no_input && printer.is_interactive_terminal() && std::io::stdin().is_terminal();
    tracing::debug!(backend = %backend_url, interactive, "resolved connect settings");

    Ok(ConnectSettings {
        backend_url,
        token: std::env::var("GITME_TOKEN")
            .ok()
            .map(Secret::new)
            .filter(|token| !token.is_blank()),
        extra_ca,
        instance_url: args
            .instance_url
            .clone()
            .or_else(|| config.instance_url.clone()),
        client_id: args.client_id.clone().filter(|id| !id.trim().is_empty()),
        client_secret,
        confirmed: args.yes,
        open_browser: !args.no_browser,
        browser: BrowserEnvironment::from_env(),
        timeout: args.timeout,
        json: args.json,
        interactive,
        no_input: args.no_input,
        resume: args.resume.clone(),
        sandbox: args.sandbox,
        no_wait: args.no_wait,
        reauthorize: args.reauthorize,
        from_file: args.from_file.clone(),
        jobs: usize::from(args.jobs),
    })
}

/// What a command that only talks to the GitMe backend needs, resolved.
#[derive(Debug)]
pub struct BackendSettings {
    /// GitMe backend URL.
    pub backend_url: Url,
    /// The GitMe API token, from `GITME_TOKEN`.
    pub token: Option<Secret>,
    /// The extra CA to trust, in PEM form.
    pub extra_ca_pem: Option<String>,
}

/// Resolves the backend URL, CA and token from the flags (`--backend-url`, `--ca-cert`
/// and their environment variables, which clap reads), the config file and `GITME_TOKEN`.
pub fn resolve_backend(
    backend_url: Option<&str>,
    ca_cert: Option<&Path>,
    config: &ConfigFile,
) -> CliResult<BackendSettings> {
    let backend_text = backend_url
        .map(str::to_string)
        .or_else(|| config.backend_url.clone())
        .unwrap_or_else(|| DEFAULT_BACKEND_URL.to_string());
    let backend_url = parse_backend_url(&backend_text)?;
    let ca_path = ca_cert
        .map(Path::to_path_buf)
        .or_else(|| config.ca_cert.clone());
    let extra_ca_pem = match ca_path {
        Some(path) => Some(crate::http_client::load_ca_file(&path).map_err(|error| {
            CliError::usage(format!("cannot use the CA file `{}`", path.display()))
                .caused_by(&error)
                .hint("pass a PEM file with `--ca-cert FILE` or `GITME_CA_CERT`")
        })?),
        None => None,
    };
    Ok(BackendSettings {
        backend_url,
        token: std::env::var("GITME_TOKEN")
            .ok()
            .map(Secret::new)
            .filter(|token| !token.is_blank()),
        extra_ca_pem,
    })
}

fn parse_backend_url(text: &str) -> CliResult<Url> {
    let url = Url::parse(text.trim()).map_err(|error| {
        CliError::usage(format!("invalid GitMe backend URL `{text}`"))
            .caused_by(&error)
            .hint("pass an https:// URL with `--backend-url` or `GITME_BACKEND_URL`")
    })?;
    if url.scheme() != "https" {
        return Err(
            CliError::usage(format!("the GitMe backend URL `{text}` does not use https"))
                .hint("the backend only answers over HTTPS; use an https:// URL"),
        );
    }
    Ok(url)
}

/// Reads the client secret from `--client-secret-file` (`-` is stdin), then from
/// `GITME_BITBUCKET_CLIENT_SECRET`. Returns `None` when neither is given.
fn resolve_client_secret(file: Option<&Path>) -> CliResult<Option<Secret>> {
    let secret = match file {
        Some(path) if path == Path::new("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|error| {
                    CliError::usage("cannot read the client secret from standard input")
                        .caused_by(&error)
                })?;
            Secret::new(text)
        }
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|error| {
                CliError::usage(format!(
                    "cannot read the client secret file `{}`",
                    path.display()
                ))
                .caused_by(&error)
                .hint("write the client secret from the application link to that file, or use `--client-secret-file -` to read it from standard input")
            })?;
            Secret::new(text)
        }
        None => match std::env::var("GITME_BITBUCKET_CLIENT_SECRET") {
            Ok(value) => Secret::new(value),
            Err(_) => return Ok(None),
        },
    };
    if secret.is_blank() {
        let source = match file {
            Some(path) if path == Path::new("-") => "standard input".to_string(),
            Some(path) => format!("the file `{}`", path.display()),
            None => "`GITME_BITBUCKET_CLIENT_SECRET`".to_string(),
        };
        return Err(
            CliError::usage(format!("the client secret from {source} is empty"))
                .hint("copy the client secret from the application link in Bitbucket"),
        );
    }
    Ok(Some(secret))
}

/// Parses a duration such as `90`, `90s`, `10m` or `1h`; a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|character: char| !character.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: u64 = number.parse().map_err(|_| {
        format!("`{text}` is not a duration; use a number with s, m or h, such as `10m`")
    })?;
    let seconds = match unit.trim() {
        "" | "s" => Some(value),
        "m" => value.checked_mul(60),
        "h" => value.checked_mul(3600),
        other => return Err(format!("unknown unit `{other}` in `{text}`; use s, m or h")),
    };
    match seconds {
        Some(0) => Err("the duration must be more than zero".to_string()),
        Some(seconds) => Ok(Duration::from_secs(seconds)),
        None => Err(format!("`{text}` is too long")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_units() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
    }

    #[test]
    fn duration_rejects_bad_input() {
        assert!(parse_duration("").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("5d").is_err());
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("99999999999999999999h").is_err());
    }

    #[test]
    fn backend_url_requires_https() {
        assert!(parse_backend_url("http://backend.example").is_err());
        assert!(parse_backend_url("not a url").is_err());
        assert!(parse_backend_url("https://backend.example").is_ok());
    }
}
