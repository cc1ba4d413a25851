//! The one place that turns flags, environment variables and the config file into settings.
//!
//! Precedence is flag > environment variable > config file > default. clap reads the
//! environment variables that mirror flags through its `env` attributes. This module reads
//! the config file and the few variables that have no flag: `GITME_TOKEN`,
//! `GITME_BITBUCKET_CLIENT_SECRET`, `BROWSER`, the display and SSH variables, and for
//! `gitme doctor` the proxy variables `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY`. Only `main`
//! reads `NO_COLOR` and `GITME_LOG`; nothing deeper in gitme reads `std::env`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use url::Url;

use crate::commands::connect::BitbucketArgs;
use crate::commands::doctor::DoctorArgs;
use crate::config::LoadedConfig;
use crate::doctor::DoctorOptions;
use crate::doctor::proxy::ProxyEnvironment;
use crate::error::{CliError, CliResult};
use crate::output::Printer;
use crate::secret::Secret;

/// The default GitMe backend URL.
pub const DEFAULT_BACKEND_URL: &str = "https://backend.gitdotme.com";

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
    /// The GitMe API token: `GITME_TOKEN`, else the token `gitme auth login` stored.
    pub token: Option<Secret>,
    /// The origin of `token`, or the reasons no stored token could be read.
    pub token_resolution: crate::auth::store::Resolution,
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
    config: &LoadedConfig,
    profile: Option<&str>,
    printer: &Printer,
) -> CliResult<ConnectSettings> {
    let values = config.effective(profile)?;
    let backend_text = args
        .backend_url
        .clone()
        .or_else(|| values.backend_url.clone())
        .unwrap_or_else(|| DEFAULT_BACKEND_URL.to_string());
    let backend_url = parse_backend_url(&backend_text)?;

    let instance_url = args
        .instance_url
        .clone()
        .or_else(|| values.instance_url.clone());
    let ca_path = args
        .ca_cert
        .clone()
        .or_else(|| values.ca_cert.clone())
        .or_else(|| {
            instance_url
                .as_deref()
                .and_then(|url| config.ca_cert_for_instance(url))
        });
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
    let mut token_resolution = if args.sandbox {
        crate::auth::store::Resolution::default()
    } else {
        resolve_token(&backend_url)
    };
    if let Some(resolved) = &token_resolution.token {
        tracing::debug!(source = %resolved.source, "resolved the GitMe token");
    }
    let token = token_resolution
        .token
        .as_ref()
        .map(|resolved| resolved.token.clone());
    if token.is_some() {
        token_resolution.keyring_error = None;
    }

    Ok(ConnectSettings {
        backend_url,
        token,
        token_resolution,
        extra_ca,
        instance_url,
        client_id: args
            .client_id
            .clone()
            .or_else(|| values.client_id.clone())
            .filter(|id| !id.trim().is_empty()),
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

/// One setting as `gitme config` shows it: its value and where the value came from.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedSetting {
    /// The config key, such as `backend_url`.
    pub key: &'static str,
    /// The value, or `None` when unset. Secrets are never shown, only whether they are set.
    pub value: Option<String>,
    /// The value's source: an environment variable, a profile, the file or the default.
    pub source: String,
}

/// Resolves the settings `gitme config` shows, with the source of each, following the same
/// precedence as the commands: environment variable > profile > config file > default.
/// Flags are not part of it because they belong to a single command run.
pub fn describe(config: &LoadedConfig, profile: Option<&str>) -> CliResult<Vec<ResolvedSetting>> {
    let file_label = config
        .path
        .as_ref()
        .map(|path| format!("config file `{}`", path.display()))
        .unwrap_or_else(|| "config file".to_string());
    let selected = profile.and_then(|name| config.file.profiles.get(name));
    // Fails on an unknown profile name, as the commands do.
    config.effective(profile)?;
    let file = &config.file;
    let display = |path: &PathBuf| path.display().to_string();
    let candidates = [
        SettingCandidate {
            key: "backend_url",
            variable: "GITME_BACKEND_URL",
            from_profile: selected.and_then(|values| values.backend_url.clone()),
            from_file: file.backend_url.clone(),
            default: Some(DEFAULT_BACKEND_URL),
        },
        SettingCandidate {
            key: "instance_url",
            variable: "GITME_INSTANCE_URL",
            from_profile: selected.and_then(|values| values.instance_url.clone()),
            from_file: file.instance_url.clone(),
            default: None,
        },
        SettingCandidate {
            key: "ca_cert",
            variable: "GITME_CA_CERT",
            from_profile: selected.and_then(|values| values.ca_cert.as_ref().map(display)),
            from_file: file.ca_cert.as_ref().map(display),
            default: None,
        },
        SettingCandidate {
            key: "client_id",
            variable: "GITME_BITBUCKET_CLIENT_ID",
            from_profile: selected.and_then(|values| values.client_id.clone()),
            from_file: file.client_id.clone(),
            default: None,
        },
    ];
    let mut settings: Vec<ResolvedSetting> = candidates
        .into_iter()
        .map(|candidate| candidate.resolve(profile.unwrap_or_default(), &file_label))
        .collect();
    // The token row follows the same lookup as the commands: `GITME_TOKEN`, then the
    // keyring, then the insecure file, for the backend resolved above.
    let backend = settings
        .iter()
        .find(|row| row.key == "backend_url")
        .and_then(|row| row.value.as_deref())
        .and_then(|text| Url::parse(text).ok());
    let token_source = backend
        .as_ref()
        .and_then(|url| resolve_token(url).token)
        .map(|resolved| resolved.source);
    settings.push(ResolvedSetting {
        key: "token",
        value: token_source.as_ref().map(|_| "(set, hidden)".to_string()),
        source: match &token_source {
            Some(source) => source.to_string(),
            None => "not set; run `gitme auth login` or set `GITME_TOKEN`".to_string(),
        },
    });
    Ok(settings)
}

/// The places one setting can come from, before precedence picks one.
struct SettingCandidate {
    key: &'static str,
    variable: &'static str,
    from_profile: Option<String>,
    from_file: Option<String>,
    default: Option<&'static str>,
}

impl SettingCandidate {
    fn resolve(self, profile: &str, file_label: &str) -> ResolvedSetting {
        let variable = self.variable;
        let (value, source) = if let Some(value) = non_empty_env(variable) {
            (Some(value), format!("environment variable `{variable}`"))
        } else if let Some(value) = self.from_profile {
            (Some(value), format!("profile `{profile}` in {file_label}"))
        } else if let Some(value) = self.from_file {
            (Some(value), file_label.to_string())
        } else if let Some(value) = self.default {
            (Some(value.to_string()), "default".to_string())
        } else {
            (None, "not set".to_string())
        };
        ResolvedSetting {
            key: self.key,
            value,
            source,
        }
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

/// Resolves the settings of `gitme doctor` from its flags, the environment and the config
/// file.
pub fn resolve_doctor(
    args: &DoctorArgs,
    config: &LoadedConfig,
    profile: Option<&str>,
) -> CliResult<DoctorOptions> {
    let values = config.effective(profile)?;
    let backend_text = args
        .backend_url
        .clone()
        .or_else(|| values.backend_url.clone())
        .unwrap_or_else(|| DEFAULT_BACKEND_URL.to_string());
    let backend_url = parse_backend_url(&backend_text)?;
    let token = resolve_token(&backend_url)
        .token
        .map(|resolved| resolved.token);
    let instance_url = args
        .instance_url
        .clone()
        .or_else(|| values.instance_url.clone())
        .filter(|url| !url.trim().is_empty());
    let ca_path = args
        .ca_cert
        .clone()
        .or_else(|| values.ca_cert.clone())
        .or_else(|| {
            instance_url
                .as_deref()
                .and_then(|url| config.ca_cert_for_instance(url))
        });
    let extra_ca_pem = match ca_path {
        Some(path) if !args.sandbox => {
            let pem = crate::http_client::load_ca_file(&path).map_err(|error| {
                CliError::usage(format!("cannot use the CA file `{}`", path.display()))
                    .caused_by(&error)
                    .hint("pass a PEM file with `--ca-cert FILE` or `GITME_CA_CERT`")
            })?;
            Some(pem)
        }
        _ => None,
    };
    Ok(DoctorOptions {
        instance_url,
        backend_url,
        token,
        extra_ca_pem,
        timeout: args.timeout,
        only: args.checks.clone(),
        dns_server: args.dns_server,
        proxy: proxy_environment(),
    })
}

/// Reads the proxy variables; the upper-case name wins when both are set.
pub fn proxy_environment() -> ProxyEnvironment {
    let first_set = |names: [&'static str; 2]| {
        names.into_iter().find_map(|name| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
                .map(|value| (name, value))
        })
    };
    ProxyEnvironment {
        https_proxy: first_set(["HTTPS_PROXY", "https_proxy"]),
        all_proxy: first_set(["ALL_PROXY", "all_proxy"]),
        no_proxy: first_set(["NO_PROXY", "no_proxy"]).map(|(_, value)| value),
    }
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

/// Reads a client secret file, with a fix that fits the reason it failed.
pub fn read_secret_file(path: &Path) -> CliResult<Secret> {
    let read = std::fs::File::open(path).and_then(crate::secret::read_secret);
    read.map_err(|error| {
        let hint = match error.kind() {
            std::io::ErrorKind::NotFound => {
                "write the client secret from the application link to that file, or use `--client-secret-file -` to read it from standard input"
            }
            std::io::ErrorKind::PermissionDenied => "make the file readable by this user",
            _ => "the file must contain only the client secret from the application link",
        };
        CliError::usage(format!(
            "cannot read the client secret file `{}`",
            path.display()
        ))
        .caused_by(&error)
        .hint(hint)
    })
}

/// Reads the client secret from `--client-secret-file` (`-` is stdin), then from
/// `GITME_BITBUCKET_CLIENT_SECRET`. Returns `None` when neither is given.
fn resolve_client_secret(file: Option<&Path>) -> CliResult<Option<Secret>> {
    let secret = match file {
        Some(path) if path == Path::new("-") => crate::secret::read_secret(std::io::stdin().lock())
            .map_err(|error| {
                CliError::usage("cannot read the client secret from standard input")
                    .caused_by(&error)
            })?,
        Some(path) => read_secret_file(path)?,
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

/// The GitMe backend a command talks to, resolved from flags, environment and config file.
#[derive(Debug, Clone)]
pub struct BackendSettings {
    /// GitMe backend URL.
    pub url: Url,
    /// The extra CA to trust, in PEM form, and the file it came from.
    pub extra_ca: Option<(PathBuf, String)>,
}

impl BackendSettings {
    /// Returns the keyring account of this backend: its host, and its port when not 443.
    pub fn account(&self) -> String {
        crate::auth::store::account_for(&self.url)
    }
}

/// Resolves the backend URL and the extra CA: the flag (or its environment variable),
/// then the config file's effective values, then [`DEFAULT_BACKEND_URL`] and no extra CA.
pub fn resolve_backend(
    backend_url: Option<&str>,
    ca_cert: Option<&Path>,
    config: &crate::config::Profile,
) -> CliResult<BackendSettings> {
    let backend_text = backend_url
        .map(str::to_string)
        .or_else(|| config.backend_url.clone())
        .unwrap_or_else(|| DEFAULT_BACKEND_URL.to_string());
    let url = parse_backend_url(&backend_text)?;
    let ca_path = ca_cert
        .map(Path::to_path_buf)
        .or_else(|| config.ca_cert.clone());
    let extra_ca = match ca_path {
        Some(path) => {
            let pem = crate::http_client::load_ca_file(&path).map_err(|error| {
                CliError::usage(format!("cannot use the CA file `{}`", path.display()))
                    .caused_by(&error)
                    .hint("pass a PEM file with `--ca-cert FILE` or `GITME_CA_CERT`")
            })?;
            Some((path, pem))
        }
        None => None,
    };
    Ok(BackendSettings { url, extra_ca })
}

/// Finds the GitMe token for the backend at `backend_url`: `GITME_TOKEN`, then the OS
/// keyring, then the insecure token file. See [`crate::auth::store::resolve_token`].
pub fn resolve_token(backend_url: &Url) -> crate::auth::store::Resolution {
    let account = crate::auth::store::account_for(backend_url);
    crate::auth::store::resolve_token(&account, token_from_env())
}

/// Reads `GITME_TOKEN`, ignoring an unset or blank value.
pub fn token_from_env() -> Option<Secret> {
    std::env::var(crate::auth::store::TOKEN_ENV)
        .ok()
        .map(Secret::new)
        .filter(|token| !token.is_blank())
}

/// The maximum duration a flag accepts: 7 days, well past any authorization link's life.
const MAX_DURATION_SECONDS: u64 = 7 * 24 * 3600;

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
        Some(seconds) if seconds > MAX_DURATION_SECONDS => {
            Err(format!("`{text}` is longer than the maximum of 7 days"))
        }
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
