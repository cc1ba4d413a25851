//! Prompts on the terminal, or an error naming the flag when gitme may not prompt.

use dialoguer::theme::SimpleTheme;
use dialoguer::{Confirm, Input, Password};

use crate::error::{CliError, CliResult};
use crate::secret::Secret;

/// Asks the user for values, or explains which flag to pass when prompting is not allowed.
#[derive(Debug, Clone, Copy)]
pub struct Prompter {
    interactive: bool,
    no_input: bool,
}

impl Prompter {
    /// Creates a prompter. `interactive` is true when stdin and stderr are terminals and
    /// `--no-input` was not given, and `no_input` is whether `--no-input` was given.
    pub fn new(interactive: bool, no_input: bool) -> Self {
        Prompter {
            interactive,
            no_input,
        }
    }

    /// Reports whether prompts are allowed.
    pub fn is_interactive(&self) -> bool {
        self.interactive
    }

    /// Asks for a line of text. `validate` returns an error message to ask again.
    pub fn input(
        &self,
        prompt: &str,
        what: &str,
        flag: &str,
        validate: impl Fn(&str) -> Result<(), String>,
    ) -> CliResult<String> {
        if !self.interactive {
            return Err(self.missing(what, flag));
        }
        Input::<String>::with_theme(&SimpleTheme)
            .with_prompt(prompt)
            .validate_with(|text: &String| validate(text))
            .interact_text()
            .map_err(|error| prompt_failed(what, flag, error))
    }

    /// Asks for a secret without echoing it.
    pub fn password(&self, prompt: &str, what: &str, flag: &str) -> CliResult<Secret> {
        if !self.interactive {
            return Err(self.missing(what, flag));
        }
        let value = Password::with_theme(&SimpleTheme)
            .with_prompt(prompt)
            .validate_with(|text: &String| {
                if text.trim().is_empty() {
                    Err("the value is empty")
                } else {
                    Ok(())
                }
            })
            .interact()
            .map_err(|error| prompt_failed(what, flag, error))?;
        Ok(Secret::new(value))
    }

    /// Asks a yes/no question; the default answer is no.
    pub fn confirm(&self, prompt: &str, what: &str, flag: &str) -> CliResult<bool> {
        if !self.interactive {
            return Err(self.missing(what, flag));
        }
        Confirm::with_theme(&SimpleTheme)
            .with_prompt(prompt)
            .default(false)
            .interact()
            .map_err(|error| prompt_failed(what, flag, error))
    }

    /// Returns the error for a value gitme may not prompt for.
    pub fn missing(&self, what: &str, flag: &str) -> CliError {
        let reason = if self.no_input {
            "`--no-input` is set"
        } else {
            "standard input or standard error is not a terminal"
        };
        CliError::usage(format!(
            "missing {what}, and gitme cannot prompt because {reason}"
        ))
        .hint(format!("pass {flag}"))
    }
}

fn prompt_failed(what: &str, flag: &str, error: dialoguer::Error) -> CliError {
    CliError::usage(format!("cannot prompt for {what}"))
        .caused_by(&error)
        .hint(format!("pass {flag}"))
}
