//! `gitme config`: show the resolved settings and where each came from, or change the
//! config file.

use clap::{Args, Subcommand};

use crate::cli::GlobalArgs;
use crate::config;
use crate::error::{CliError, CliResult};
use crate::output::Printer;
use crate::settings;

/// Arguments of `gitme config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The action; `show` when omitted.
    #[command(subcommand)]
    pub action: Option<ConfigAction>,
}

/// Actions on the config file.
#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Show every setting, its value and where the value came from.
    Show {
        /// Print one JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Set a key (`backend_url`, `instance_url`, `ca_cert`, `client_id`), in the profile
    /// `--profile` names or at the top level.
    Set {
        /// The key to set.
        key: String,
        /// The value.
        value: String,
    },
    /// Remove a key, from the profile `--profile` names or from the top level.
    Unset {
        /// The key to remove.
        key: String,
    },
    /// Print the config file's path.
    Path,
}

/// Runs `gitme config`.
pub fn run(args: ConfigArgs, global: &GlobalArgs, printer: &Printer) -> CliResult<()> {
    let profile = global.profile.as_deref();
    match args.action.unwrap_or(ConfigAction::Show { json: false }) {
        ConfigAction::Show { json } => show(global, profile, json, printer),
        ConfigAction::Set { key, value } => change(global, printer, |file| {
            config::set(file, profile, &key, &value)
        }),
        ConfigAction::Unset { key } => {
            change(global, printer, |file| config::unset(file, profile, &key))
        }
        ConfigAction::Path => {
            printer.data(&config_path(global)?.display().to_string());
            Ok(())
        }
    }
}

fn show(
    global: &GlobalArgs,
    profile: Option<&str>,
    json: bool,
    printer: &Printer,
) -> CliResult<()> {
    let loaded = config::load(global.config.as_deref())?;
    let resolved = settings::describe(&loaded, profile)?;
    if json {
        let document = serde_json::json!({
            "config_file": config_path(global).ok(),
            "config_file_exists": loaded.path.is_some(),
            "profile": profile,
            "settings": resolved,
        });
        printer.data(&document.to_string());
        return Ok(());
    }
    let path = config_path(global)?;
    let state = if loaded.path.is_some() {
        ""
    } else {
        " (does not exist)"
    };
    printer.info(&format!("Config file: {}{state}", path.display()));
    if let Some(name) = profile {
        printer.info(&format!("Profile: {name}"));
    }
    let width = resolved.iter().map(|row| row.key.len()).max().unwrap_or(0);
    let lines: Vec<String> = resolved
        .iter()
        .map(|row| {
            let value = row.value.as_deref().unwrap_or("-");
            format!("{:width$}  {value}  ({})", row.key, row.source)
        })
        .collect();
    printer.data(&lines.join("\n"));
    Ok(())
}

fn change(
    global: &GlobalArgs,
    printer: &Printer,
    edit: impl FnOnce(&mut config::ConfigFile) -> CliResult<()>,
) -> CliResult<()> {
    let path = config_path(global)?;
    let mut loaded = if path.exists() {
        config::load(Some(&path))?
    } else {
        config::LoadedConfig::default()
    };
    let before = toml::to_string(&loaded.file).ok();
    edit(&mut loaded.file)?;
    if before.is_some() && before == toml::to_string(&loaded.file).ok() {
        printer.info(&format!("Nothing to change in {}", path.display()));
        return Ok(());
    }
    config::save(&path, &loaded.file)?;
    printer.info(&format!("Updated {}", path.display()));
    Ok(())
}

fn config_path(global: &GlobalArgs) -> CliResult<std::path::PathBuf> {
    global
        .config
        .clone()
        .or_else(config::default_path)
        .ok_or_else(|| {
            CliError::failure("cannot find the config directory of this platform")
                .hint("name a file with `--config FILE`")
        })
}
