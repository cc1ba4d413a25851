//! The `--from-file` instances file: one `[[instance]]` table per Bitbucket instance.
//!
//! ```toml
//! [[instance]]
//! instance_url = "https://bitbucket.example.com"
//! client_id = "5d4a1e0b9c7f4a3e8b2d6c1f0a9e8d7c"
//! client_secret_file = "secrets/example"   # relative to this file's directory
//! ca_cert = "private-ca.pem"                # optional, also relative
//!
//! [[instance]]
//! instance_url = "https://git.example.org/bitbucket"
//! client_id = "0a9e8d7c5d4a1e0b9c7f4a3e8b2d6c1f"
//! client_secret_env = "ORG_BITBUCKET_CLIENT_SECRET"
//! ```
//!
//! The file never contains a secret itself: `client_secret` is an unknown key.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{CliError, CliResult};
use crate::secret::Secret;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstancesFile {
    #[serde(default)]
    instance: Vec<InstanceTable>,
}

/// One `[[instance]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstanceTable {
    instance_url: String,
    client_id: String,
    client_secret_file: Option<PathBuf>,
    client_secret_env: Option<String>,
    ca_cert: Option<PathBuf>,
}

/// One instance to connect, with its secret source resolved to a path or variable name.
#[derive(Debug, Clone)]
pub struct InstanceEntry {
    /// The instance URL as written.
    pub instance_url: String,
    /// The client ID of the instance's application link.
    pub client_id: String,
    /// The source of the client secret.
    pub secret_source: SecretSource,
    /// A PEM file of a CA to trust for this instance, resolved against the file's directory.
    pub ca_cert: Option<PathBuf>,
}

/// The source of one instance's client secret.
#[derive(Debug, Clone)]
pub enum SecretSource {
    /// A file, resolved against the instances file's directory.
    File(PathBuf),
    /// An environment variable.
    Env(String),
}

impl InstanceEntry {
    /// Reads the client secret. Each instance reads its own, so one missing secret fails
    /// only that instance.
    pub fn read_secret(&self) -> CliResult<Secret> {
        let (secret, source) = match &self.secret_source {
            SecretSource::File(path) => (
                crate::settings::read_secret_file(path)?,
                format!("the file `{}`", path.display()),
            ),
            SecretSource::Env(name) => {
                let value = std::env::var(name).map_err(|_| {
                    CliError::usage(format!("the environment variable `{name}` is not set"))
                        .hint(format!("set `{name}` to the client secret of the application link, or use `client_secret_file`"))
                })?;
                (Secret::new(value), format!("`{name}`"))
            }
        };
        if secret.is_blank() {
            return Err(CliError::usage(format!(
                "the client secret from {source} is empty"
            )));
        }
        Ok(secret)
    }
}

/// Reads and checks the instances file. Every problem in the file is a usage error, found
/// before any instance is contacted.
pub fn load(path: &Path) -> CliResult<Vec<InstanceEntry>> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        CliError::usage(format!(
            "cannot read the instances file `{}`",
            path.display()
        ))
        .caused_by(&error)
    })?;
    let file: InstancesFile = toml::from_str(&text).map_err(|error| {
        crate::files::toml_parse_error("instances file", path, &text, &error)
            .hint("each `[[instance]]` table takes `instance_url`, `client_id`, `client_secret_file` or `client_secret_env`, and an optional `ca_cert`; a secret itself never goes in the file")
    })?;
    if file.instance.is_empty() {
        return Err(CliError::usage(format!(
            "the instances file `{}` lists no `[[instance]]` table",
            path.display()
        )));
    }
    let base = path.parent().unwrap_or(Path::new("."));
    let entries: Vec<InstanceEntry> = file
        .instance
        .into_iter()
        .enumerate()
        .map(|(index, table)| resolve(table, index + 1, base, path))
        .collect::<CliResult<_>>()?;
    reject_duplicates(&entries, path)?;
    Ok(entries)
}

/// Rejects two entries for the same instance after normalisation, because the second one
/// would only fail as already connected.
fn reject_duplicates(entries: &[InstanceEntry], path: &Path) -> CliResult<()> {
    let mut seen = std::collections::HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        let key = crate::instance_url::InstanceUrl::parse(&entry.instance_url)
            .map(|normalised| normalised.url.to_string())
            .unwrap_or_else(|_| entry.instance_url.trim().to_string());
        if let Some(first) = seen.insert(key.clone(), index + 1) {
            return Err(CliError::usage(format!(
                "instances {first} and {} in `{}` are the same instance, {key}",
                index + 1,
                path.display()
            ))
            .hint("list each instance once"));
        }
    }
    Ok(())
}

fn resolve(
    table: InstanceTable,
    number: usize,
    base: &Path,
    path: &Path,
) -> CliResult<InstanceEntry> {
    let invalid = |problem: &str| {
        CliError::usage(format!(
            "instance {number} in `{}` {problem}",
            path.display()
        ))
    };
    if table.instance_url.trim().is_empty() {
        return Err(invalid("has an empty `instance_url`"));
    }
    if table.client_id.trim().is_empty() {
        return Err(invalid("has an empty `client_id`"));
    }
    let secret_source = match (table.client_secret_file, table.client_secret_env) {
        (Some(file), None) => SecretSource::File(base.join(file)),
        (None, Some(name)) if !name.trim().is_empty() => SecretSource::Env(name),
        (Some(_), Some(_)) => {
            return Err(invalid(
                "sets both `client_secret_file` and `client_secret_env`; keep one",
            ));
        }
        (None, _) => {
            return Err(invalid("needs `client_secret_file` or `client_secret_env`"));
        }
    };
    Ok(InstanceEntry {
        instance_url: table.instance_url.trim().to_string(),
        client_id: table.client_id.trim().to_string(),
        secret_source,
        ca_cert: table.ca_cert.map(|ca| base.join(ca)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("instances.toml");
        std::fs::write(&path, text).expect("write instances file");
        (dir, path)
    }

    #[test]
    fn load_resolves_relative_paths() {
        let (dir, path) = write(
            "[[instance]]\ninstance_url = \"https://a.example\"\nclient_id = \"a\"\n\
             client_secret_file = \"a.secret\"\nca_cert = \"ca.pem\"\n\n\
             [[instance]]\ninstance_url = \"https://b.example\"\nclient_id = \"b\"\n\
             client_secret_env = \"B_SECRET\"\n",
        );
        let entries = load(&path).expect("valid file");
        assert_eq!(entries.len(), 2);
        assert!(
            matches!(&entries[0].secret_source, SecretSource::File(file) if *file == dir.path().join("a.secret"))
        );
        assert_eq!(entries[0].ca_cert, Some(dir.path().join("ca.pem")));
        assert!(matches!(&entries[1].secret_source, SecretSource::Env(name) if name == "B_SECRET"));
    }

    #[test]
    fn load_rejects_inline_secret() {
        let (_dir, path) = write(
            "[[instance]]\ninstance_url = \"https://a.example\"\nclient_id = \"a\"\n\
             client_secret = \"inline\"\n",
        );
        let error = load(&path).expect_err("inline secret rejected");
        assert!(error.message.contains("invalid instances file"));
    }

    #[test]
    fn load_requires_one_secret_source() {
        let (_dir, path) =
            write("[[instance]]\ninstance_url = \"https://a.example\"\nclient_id = \"a\"\n");
        let error = load(&path).expect_err("missing secret source rejected");
        assert!(error.message.contains("client_secret_file"));
    }

    #[test]
    fn load_rejects_empty_file() {
        let (_dir, path) = write("");
        let error = load(&path).expect_err("empty file rejected");
        assert!(error.message.contains("no `[[instance]]`"));
    }
}
