//! The one object that writes to the terminal.
//!
//! Only data (a JSON document, a table asked for on stdout) goes to stdout; every message,
//! spinner and progress bar goes to stderr. Colour is used only on a terminal, never when
//! `NO_COLOR` is set or `--color never` is given, and never as the only signal: every status
//! line also carries a word or symbol. Spinners and bars draw only when stderr is a terminal.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use console::Style;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// When to use colour, as `--color` sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Colour even when stderr is not a terminal.
    Always,
    /// No colour.
    Never,
}

/// The outcome of a check or step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It worked.
    Ok,
    /// It worked, with something to look at.
    Warn,
    /// It failed.
    Fail,
}

/// The writer of every line the user sees.
#[derive(Debug, Clone)]
pub struct Printer {
    quiet: bool,
    color: bool,
    stderr_is_terminal: bool,
}

impl Printer {
    /// Creates a printer. `no_color_env` is whether `NO_COLOR` is set to a non-empty value.
    pub fn new(quiet: bool, choice: ColorChoice, no_color_env: bool) -> Self {
        let stderr_is_terminal = std::io::stderr().is_terminal();
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stderr_is_terminal && !no_color_env,
        };
        console::set_colors_enabled_stderr(color);
        Printer {
            quiet,
            color,
            stderr_is_terminal,
        }
    }

    /// Reports whether stderr is a terminal, where prompts and progress bars can draw.
    pub fn is_interactive_terminal(&self) -> bool {
        self.stderr_is_terminal
    }

    /// Prints a section heading, such as "Checking the Bitbucket instance".
    pub fn heading(&self, text: &str) {
        if !self.quiet {
            let style = Style::new().bold();
            self.line(&format!("\n{}", self.paint(&style, text)));
        }
    }

    /// Prints a plain line of information.
    pub fn info(&self, text: &str) {
        if !self.quiet {
            self.line(&escape_controls(text));
        }
    }

    /// Prints an indented `label: value` line, for values the user copies.
    pub fn field(&self, label: &str, value: &str) {
        if !self.quiet {
            let style = Style::new().cyan();
            self.line(&format!("  {label}: {}", self.paint(&style, value)));
        }
    }

    /// Prints an indented `label: value` line the user must act on, such as the
    /// authorization URL. Quiet mode still prints it.
    pub fn action_field(&self, label: &str, value: &str) {
        let style = Style::new().cyan();
        self.line(&format!("  {label}: {}", self.paint(&style, value)));
    }

    /// Reports whether this printer colours its output, so logs can follow the same choice.
    pub fn uses_color(&self) -> bool {
        self.color
    }

    /// Prints the outcome of a step with its symbol: `✓`, `!` or `✗`.
    pub fn status(&self, status: Status, text: &str) {
        if self.quiet && status == Status::Ok {
            return;
        }
        self.line(&self.status_line(status, text));
    }

    /// Prints a warning the user should act on. Quiet mode still prints it.
    pub fn warn(&self, text: &str) {
        let style = Style::new().yellow().bold();
        let text = escape_controls(text);
        self.line(&format!("{} {text}", self.paint(&style, "warning:")));
    }

    /// Prints a `hint:` line.
    pub fn hint(&self, text: &str) {
        let style = Style::new().green().bold();
        let text = escape_controls(text);
        self.line(&format!("{} {text}", self.paint(&style, "hint:")));
    }

    /// Prints an error with its causes and hints, the way every command ends on failure.
    pub fn error(&self, message: &str, causes: &[String], hints: &[String]) {
        let style = Style::new().red().bold();
        let message = escape_controls(message);
        self.line(&format!("{} {message}", self.paint(&style, "error:")));
        for cause in causes {
            self.line(&format!("  caused by: {}", escape_controls(cause)));
        }
        for hint in hints {
            self.hint(hint);
        }
    }

    /// Writes data to stdout: the only output meant for pipes.
    pub fn data(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        // A closed stdout (for example `| head`) is not worth a second error.
        let _ = writeln!(stdout, "{}", escape_controls(text));
        let _ = stdout.flush();
    }

    /// Starts a spinner with `message`. It draws only on a terminal; finish it with
    /// [`Spinner::finish`] to print the outcome as a status line.
    pub fn spinner(&self, message: &str) -> Spinner {
        let bar = if self.stderr_is_terminal && !self.quiet {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{spinner} {msg} {elapsed:.dim}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_message(message.to_string());
        Spinner {
            bar,
            printer: self.clone(),
        }
    }

    /// Creates a progress bar of `length` steps, hidden unless stderr is a terminal.
    pub fn progress_bar(&self, length: u64, template: &str) -> ProgressBar {
        if !self.stderr_is_terminal || self.quiet {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar
    }

    fn status_line(&self, status: Status, text: &str) -> String {
        let (symbol, style) = match status {
            Status::Ok => ("✓", Style::new().green()),
            Status::Warn => ("!", Style::new().yellow()),
            Status::Fail => ("✗", Style::new().red()),
        };
        format!("  {} {}", self.paint(&style, symbol), escape_controls(text))
    }

    fn paint(&self, style: &Style, text: &str) -> String {
        let text = escape_controls(text);
        if self.color {
            style.apply_to(text).force_styling(true).to_string()
        } else {
            text.into_owned()
        }
    }

    fn line(&self, text: &str) {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "{text}");
    }
}

/// Replaces control characters other than newline and tab with `\u{..}` escapes, so text
/// from a server or a pasted value cannot move the cursor or change the terminal's colours.
/// gitme's own colours are added after this runs.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|character| character.is_control() && character != '\n' && character != '\t')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let escaped = text
        .chars()
        .map(|character| {
            if character.is_control() && character != '\n' && character != '\t' {
                character.escape_unicode().to_string()
            } else {
                character.to_string()
            }
        })
        .collect();
    std::borrow::Cow::Owned(escaped)
}

/// A running spinner for one step.
pub struct Spinner {
    bar: ProgressBar,
    printer: Printer,
}

impl Spinner {
    /// Replaces the spinner's message.
    pub fn set_message(&self, message: &str) {
        self.bar.set_message(message.to_string());
    }

    /// Clears the spinner and prints the step's outcome.
    pub fn finish(self, status: Status, text: &str) {
        self.bar.finish_and_clear();
        self.printer.status(status, text);
    }

    /// Clears the spinner without printing anything.
    pub fn clear(self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_controls_neutralises_escapes() {
        assert_eq!(escape_controls("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(escape_controls("line\nnext\ttab"), "line\nnext\ttab");
    }
}
