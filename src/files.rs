//! File helpers shared by the config file, the token file, the sandbox's files and the
//! instances file.

use std::io::Write;
use std::path::Path;

use crate::error::CliError;

/// Writes `contents` to a new file in `path`'s directory, readable only by the user, syncs
/// it, then renames it over `path`. Readers never see a half-written file, and a symbolic
/// link at `path` is replaced rather than written through.
pub fn write_private_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let directory = path.parent().unwrap_or(Path::new("."));
    // tempfile creates the file with mode 0600 on Unix.
    let mut file = tempfile::Builder::new()
        .prefix(".gitme-")
        .tempfile_in(directory)?;
    file.write_all(contents)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// Returns the usage error for a TOML file that does not parse. The parser's own message
/// quotes the offending line, which may contain a pasted secret, so only its short message
/// and the line number are shown. `what` names the file, such as "config file".
pub fn toml_parse_error(what: &str, path: &Path, text: &str, error: &toml::de::Error) -> CliError {
    let line = error
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
    let place = line
        .map(|line| format!(" at line {line}"))
        .unwrap_or_default();
    let mut cli_error = CliError::usage(format!("invalid {what} `{}`{place}", path.display()));
    cli_error.causes.push(error.message().to_string());
    cli_error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_hides_line_text() {
        let text = "backend_url = \"https://b.example\"\nclient_secret = \"leak-me\"\n";
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Only {
            backend_url: String,
        }
        let error = toml::from_str::<Only>(text).unwrap_err();
        let cli_error = toml_parse_error("config file", Path::new("c.toml"), text, &error);
        assert_eq!(cli_error.message, "invalid config file `c.toml` at line 2");
        assert!(
            cli_error
                .causes
                .iter()
                .all(|cause| !cause.contains("leak-me"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("file");
        write_private_atomically(&path, b"one").unwrap();
        write_private_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
