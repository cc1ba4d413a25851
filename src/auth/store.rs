//! The stores of the GitMe API token: the OS keyring, or, only when the user opts in
//! with `--insecure-storage`, a file readable only by the user.
//!
//! Each backend has its own entry: keyring service [`KEYRING_SERVICE`] with the backend's
//! host (and port, when not 443) as the account, and a key of the same name in the file.
//! `GITME_TOKEN` overrides both; [`resolve_token`] applies that order.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use url::Url;

use crate::secret::Secret;

/// The keyring service name of every gitme entry.
pub const KEYRING_SERVICE: &str = "gitme";

/// The environment variable whose token overrides the stored one.
pub const TOKEN_ENV: &str = "GITME_TOKEN";

/// The file name of the insecure token store, in gitme's config directory.
const INSECURE_FILE_NAME: &str = "tokens.toml";

/// The origin of a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// The `GITME_TOKEN` environment variable.
    Environment,
    /// The OS keyring.
    Keyring,
    /// The insecure token file at this path.
    InsecureFile(PathBuf),
}

impl TokenSource {
    /// Returns a stable machine name: `env`, `keyring` or `insecure_file`.
    pub fn code(&self) -> &'static str {
        match self {
            TokenSource::Environment => "env",
            TokenSource::Keyring => "keyring",
            TokenSource::InsecureFile(_) => "insecure_file",
        }
    }
}

impl fmt::Display for TokenSource {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Environment => write!(formatter, "{TOKEN_ENV}"),
            TokenSource::Keyring => write!(formatter, "keyring"),
            TokenSource::InsecureFile(path) => {
                write!(formatter, "insecure file {}", path.display())
            }
        }
    }
}

/// A keyring operation that failed for a reason other than a missing entry.
#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    /// No keyring can be reached: no store on this platform, or no Secret Service on the
    /// session bus (typical of headless servers and containers).
    #[error("no OS keyring is available: {0}")]
    Unavailable(String),
    /// The keyring exists but refused access, for example because it is locked.
    #[error("the OS keyring refused access (is it locked?): {0}")]
    NoAccess(String),
    /// Any other keyring failure.
    #[error("the OS keyring failed: {0}")]
    Other(String),
}

/// A failure reading or writing the insecure token file.
#[derive(Debug, thiserror::Error)]
pub enum FileStoreError {
    /// gitme found no config directory on this platform (no home directory).
    #[error("no config directory was found for the token file (is HOME set?)")]
    NoConfigDirectory,
    /// Reading or writing the file failed.
    #[error("cannot {action} the token file `{}`: {source}", path.display())]
    Io {
        /// `read` or `write`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not the TOML gitme writes.
    #[error("the token file `{}` is not valid TOML: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The parser's message; it never quotes the file's values.
        message: String,
    },
}

/// Returns the keyring account of a backend: its host, plus `:port` when the URL has a port other
/// than 443, so several backends on one host keep separate tokens.
pub fn account_for(backend_url: &Url) -> String {
    let host = backend_url.host_str().unwrap_or("localhost").to_string();
    match backend_url.port() {
        Some(port) if port != 443 => format!("{host}:{port}"),
        _ => host,
    }
}

/// Returns the path of the insecure token file in gitme's config directory.
pub fn insecure_file_path() -> Option<PathBuf> {
    crate::config::default_path()
        .and_then(|config| config.parent().map(|dir| dir.join(INSECURE_FILE_NAME)))
}

/// The token gitme uses for a backend and where it came from.
#[derive(Debug, Clone)]
pub struct ResolvedToken {
    /// The token.
    pub token: Secret,
    /// The origin of the token.
    pub source: TokenSource,
}

/// The result of [`resolve_token`], with the reasons the stores could not be read.
#[derive(Debug, Default)]
pub struct Resolution {
    /// The token to use, when there is one.
    pub token: Option<ResolvedToken>,
    /// The keyring failure, when the keyring could not be read. The user sees it only when
    /// no token was found elsewhere.
    pub keyring_error: Option<KeyringError>,
    /// The token file failure, when the file could not be read.
    pub file_error: Option<FileStoreError>,
}

/// Finds the token for `account`: `env_token` (the value of `GITME_TOKEN`), then the
/// keyring, then the insecure file. The keyring and the file are not read when
/// `env_token` is given.
pub fn resolve_token(account: &str, env_token: Option<Secret>) -> Resolution {
    if let Some(token) = env_token {
        return Resolution {
            token: Some(ResolvedToken {
                token,
                source: TokenSource::Environment,
            }),
            ..Resolution::default()
        };
    }
    let mut resolution = Resolution::default();
    match keyring_get(account) {
        Ok(Some(token)) => {
            resolution.token = Some(ResolvedToken {
                token,
                source: TokenSource::Keyring,
            });
            return resolution;
        }
        Ok(None) => {}
        Err(error) => {
            tracing::debug!(%error, "reading the keyring failed");
            resolution.keyring_error = Some(error);
        }
    }
    if let Some(path) = insecure_file_path() {
        match file_get(&path, account) {
            Ok(Some(token)) => {
                resolution.token = Some(ResolvedToken {
                    token,
                    source: TokenSource::InsecureFile(path),
                });
            }
            Ok(None) => {}
            Err(error) => {
                tracing::debug!(%error, "reading the token file failed");
                resolution.file_error = Some(error);
            }
        }
    }
    resolution
}

type CredentialStore = Arc<keyring_core::CredentialStore>;

/// Opens the platform's keyring store.
fn open_store() -> Result<CredentialStore, KeyringError> {
    platform_store()
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<CredentialStore, KeyringError> {
    // The zbus store connects to the session bus here, so a missing bus or a missing
    // Secret Service fails now rather than on first use.
    let store = zbus_secret_service_keyring_store::Store::new().map_err(|error| {
        KeyringError::Unavailable(format!("no Secret Service on the session bus: {error}"))
    })?;
    Ok(store)
}

// NOTE: the macOS and Windows stores are compiled only on those platforms; the tests of
// this module ran on Linux only.
#[cfg(target_os = "macos")]
fn platform_store() -> Result<CredentialStore, KeyringError> {
    let store = apple_native_keyring_store::keychain::Store::new().map_err(map_error)?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn platform_store() -> Result<CredentialStore, KeyringError> {
    let store = windows_native_keyring_store::Store::new().map_err(map_error)?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> Result<CredentialStore, KeyringError> {
    Err(KeyringError::Unavailable(
        "gitme has no keyring store for this platform".to_string(),
    ))
}

fn map_error(error: keyring_core::Error) -> KeyringError {
    match &error {
        keyring_core::Error::NoStorageAccess(_) => KeyringError::NoAccess(error.to_string()),
        keyring_core::Error::PlatformFailure(_) | keyring_core::Error::NoDefaultStore => {
            KeyringError::Unavailable(error.to_string())
        }
        _ => KeyringError::Other(error.to_string()),
    }
}

fn entry(store: &CredentialStore, account: &str) -> Result<keyring_core::Entry, KeyringError> {
    keyring_core::Entry::new_in_store(store, KEYRING_SERVICE, account).map_err(map_error)
}

/// Reads the token of `account` from the keyring; `Ok(None)` when there is no entry.
pub fn keyring_get(account: &str) -> Result<Option<Secret>, KeyringError> {
    let store = open_store()?;
    match entry(&store, account)?.get_password() {
        Ok(token) => Ok(Some(Secret::new(token))),
        Err(keyring_core::Error::NoEntry) => Ok(None),
        Err(error) => Err(map_error(error)),
    }
}

/// Stores the token of `account` in the keyring, replacing any earlier one.
pub fn keyring_set(account: &str, token: &Secret) -> Result<(), KeyringError> {
    let store = open_store()?;
    entry(&store, account)?
        .set_password(token.expose())
        .map_err(map_error)
}

/// Removes the token of `account` from the keyring. Returns whether there was one.
pub fn keyring_delete(account: &str) -> Result<bool, KeyringError> {
    let store = open_store()?;
    match entry(&store, account)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring_core::Error::NoEntry) => Ok(false),
        Err(error) => Err(map_error(error)),
    }
}

/// Checks that the keyring can be used: it opens and a read of `account` returns a token
/// or no entry.
pub fn keyring_probe(account: &str) -> Result<(), KeyringError> {
    keyring_get(account).map(|_| ())
}

/// The insecure token file: one token per backend account.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct TokenFile {
    #[serde(default)]
    tokens: BTreeMap<String, String>,
}

fn read_token_file(path: &Path) -> Result<Option<TokenFile>, FileStoreError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(FileStoreError::Io {
                action: "read",
                path: path.to_path_buf(),
                source,
            });
        }
    };
    // toml's error Display quotes the offending line, which may hold a token, so only
    // the position is kept.
    toml::from_str(&text)
        .map(Some)
        .map_err(|error| FileStoreError::Invalid {
            path: path.to_path_buf(),
            message: match error.span() {
                Some(span) => format!("parse error at byte {}", span.start),
                None => "parse error".to_string(),
            },
        })
}

/// Reads the token of `account` from the file at `path`; `Ok(None)` when the file or the
/// entry does not exist.
pub fn file_get(path: &Path, account: &str) -> Result<Option<Secret>, FileStoreError> {
    let Some(file) = read_token_file(path)? else {
        return Ok(None);
    };
    Ok(file
        .tokens
        .get(account)
        .map(|token| Secret::new(token.clone()))
        .filter(|token| !token.is_blank()))
}

/// Stores the token of `account` in the file at `path`, keeping other accounts' tokens.
/// The file is written to a temporary file with mode 0600 in the same directory and
/// renamed over the old one, so a reader never sees a partial file.
pub fn file_set(path: &Path, account: &str, token: &Secret) -> Result<(), FileStoreError> {
    let mut file = read_token_file(path)?.unwrap_or_default();
    file.tokens
        .insert(account.to_string(), token.expose().to_string());
    write_token_file(path, &file)
}

/// Removes the token of `account` from the file at `path`. Returns whether there was one.
/// The file is deleted when no token is left.
pub fn file_delete(path: &Path, account: &str) -> Result<bool, FileStoreError> {
    let Some(mut file) = read_token_file(path)? else {
        return Ok(false);
    };
    if file.tokens.remove(account).is_none() {
        return Ok(false);
    }
    if file.tokens.is_empty() {
        std::fs::remove_file(path).map_err(|source| FileStoreError::Io {
            action: "remove",
            path: path.to_path_buf(),
            source,
        })?;
    } else {
        write_token_file(path, &file)?;
    }
    Ok(true)
}

fn write_token_file(path: &Path, file: &TokenFile) -> Result<(), FileStoreError> {
    let io_error = |source| FileStoreError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    let directory = path.parent().ok_or(FileStoreError::NoConfigDirectory)?;
    create_private_dir(directory).map_err(io_error)?;
    let text = toml::to_string(file).map_err(|error| FileStoreError::Invalid {
        path: path.to_path_buf(),
        message: error.to_string(),
    })?;
    crate::files::write_private_atomically(path, text.as_bytes()).map_err(io_error)
}

fn create_private_dir(directory: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(directory)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_keeps_non_default_port() {
        let url = Url::parse("https://127.0.0.1:8443/").unwrap();
        assert_eq!(account_for(&url), "127.0.0.1:8443");
        let url = Url::parse("https://backend.gitdotme.com").unwrap();
        assert_eq!(account_for(&url), "backend.gitdotme.com");
    }

    #[test]
    fn env_token_wins_without_reading_stores() {
        let resolution = resolve_token("unused.example", Some(Secret::new("from-env")));
        let resolved = resolution.token.expect("token from the environment");
        assert_eq!(resolved.token.expose(), "from-env");
        assert_eq!(resolved.source, TokenSource::Environment);
        assert!(resolution.keyring_error.is_none());
        assert!(resolution.file_error.is_none());
    }

    #[test]
    fn file_store_round_trips() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("nested").join("tokens.toml");
        assert!(file_get(&path, "a").unwrap().is_none());

        file_set(&path, "a", &Secret::new("token-a")).unwrap();
        file_set(&path, "b", &Secret::new("token-b")).unwrap();
        assert_eq!(file_get(&path, "a").unwrap().unwrap().expose(), "token-a");
        assert_eq!(file_get(&path, "b").unwrap().unwrap().expose(), "token-b");

        assert!(file_delete(&path, "a").unwrap());
        assert!(!file_delete(&path, "a").unwrap());
        assert!(file_get(&path, "a").unwrap().is_none());
        assert!(file_delete(&path, "b").unwrap());
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn file_store_mode_0600() {
        use std::os::unix::fs::PermissionsExt;
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("tokens.toml");
        file_set(&path, "a", &Secret::new("token-a")).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn file_store_error_hides_contents() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("tokens.toml");
        std::fs::write(&path, "tokens = canary-value-xyz\n").unwrap();
        let error = file_get(&path, "a").unwrap_err();
        assert!(!error.to_string().contains("canary-value-xyz"), "{error}");
    }
}
