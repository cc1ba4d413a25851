//! `gitme sandbox`: run the Bitbucket and GitMe emulators in the foreground, and
//! `gitme sandbox browser`: play the sandbox user in a browser.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use url::Url;

use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::{Printer, Status};
use crate::sandbox::Sandbox;
use crate::sandbox::bitbucket::{SANDBOX_PASSWORD, SANDBOX_USERNAME};
use crate::sandbox::user_agent::{self, Consent};
use crate::secret::Secret;

/// Arguments of `gitme sandbox`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SandboxArgs {
    /// Something to do with a running sandbox instead of starting one.
    #[command(subcommand)]
    pub action: Option<SandboxAction>,

    /// Directory for the CA certificate and the client secret file; a new temporary
    /// directory when not given.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Actions on a running sandbox.
#[derive(Debug, Subcommand)]
pub enum SandboxAction {
    /// Sign in to the Bitbucket emulator as the sandbox user and submit the consent page,
    /// as a browser would. Usable as `BROWSER="gitme sandbox browser"`.
    Browser(BrowserArgs),
}

/// Arguments of `gitme sandbox browser`.
#[derive(Debug, Args)]
pub struct BrowserArgs {
    /// The authorization URL gitme printed.
    pub url: Url,

    /// Press Deny instead of Allow.
    #[arg(long)]
    pub deny: bool,

    /// The sandbox CA certificate file that `gitme sandbox` printed.
    #[arg(
        long,
        env = "GITME_CA_CERT",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub ca_cert: PathBuf,
}

/// Runs `gitme sandbox`.
pub async fn run(args: SandboxArgs, printer: &Printer) -> CliResult<()> {
    match args.action {
        Some(SandboxAction::Browser(browser)) => run_browser(browser, printer).await,
        None => serve(args.dir, printer).await,
    }
}

async fn serve(dir: Option<PathBuf>, printer: &Printer) -> CliResult<()> {
    let sandbox = Sandbox::start()
        .await
        .map_err(|error| CliError::from(error.context("cannot start the sandbox")))?;
    // A fresh directory with a random name, readable only by the user and removed when the
    // sandbox stops, unless the user named one.
    let (dir, temporary) = match dir {
        Some(dir) => (dir, None),
        None => {
            let temporary = tempfile::Builder::new()
                .prefix("gitme-sandbox-")
                .tempdir()
                .map_err(|error| {
                    CliError::failure("cannot create a temporary directory for the sandbox")
                        .caused_by(&error)
                })?;
            (temporary.path().to_path_buf(), Some(temporary))
        }
    };
    let (ca_file, secret_file) = write_files(&dir, &sandbox)?;

    printer.heading("Sandbox running; press Ctrl-C to stop");
    printer.field("Bitbucket emulator", sandbox.bitbucket.base_url.as_str());
    printer.field("GitMe backend", sandbox.backend.base_url.as_str());
    printer.field("CA certificate", &ca_file.display().to_string());
    printer.field(
        "Bitbucket sign-in",
        &format!("{SANDBOX_USERNAME} / {SANDBOX_PASSWORD}"),
    );
    printer.field("Client ID", &sandbox.link().client_id);
    printer.field(
        "Member token (not an Account Admin, to try the refusal)",
        sandbox.member_token.expose(),
    );
    printer.field("Client secret file", &secret_file.display().to_string());
    printer.info("\nIn another terminal, set these variables and connect:");
    printer.data(&format!(
        "export GITME_BACKEND_URL={}\nexport GITME_CA_CERT={}\nexport GITME_TOKEN={}\n\
         gitme connect bitbucket --instance-url {} --client-id {} --client-secret-file {}",
        sandbox.backend.base_url,
        shell_quote(&ca_file),
        sandbox.admin_token.expose(),
        sandbox.bitbucket.base_url.as_str().trim_end_matches('/'),
        sandbox.link().client_id,
        shell_quote(&secret_file),
    ));
    printer.info(
        "A browser will warn about the sandbox's private CA; `BROWSER=\"gitme sandbox browser\"` \
         answers the consent page without one.",
    );

    tokio::signal::ctrl_c()
        .await
        .map_err(|error| CliError::failure("cannot wait for Ctrl-C").caused_by(&error))?;
    // The secret file in a directory the user named is removed too; a temporary
    // directory goes with its contents when `temporary` is dropped.
    if temporary.is_none() {
        let _ = std::fs::remove_file(&secret_file);
        let _ = std::fs::remove_file(&ca_file);
    }
    printer.info("Sandbox stopped.");
    Ok(())
}

/// Writes the CA certificate and the client secret (readable only by the user) into `dir`.
fn write_files(dir: &Path, sandbox: &Sandbox) -> CliResult<(PathBuf, PathBuf)> {
    let failed = |path: &Path, error: std::io::Error| {
        CliError::failure(format!("cannot write `{}`", path.display())).caused_by(&error)
    };
    std::fs::create_dir_all(dir).map_err(|error| failed(dir, error))?;
    let ca_file = dir.join("ca.pem");
    let mut ca_pem = sandbox.tls.ca_pem.clone();
    if !ca_pem.ends_with('\n') {
        ca_pem.push('\n');
    }
    crate::files::write_private_atomically(&ca_file, ca_pem.as_bytes())
        .map_err(|error| failed(&ca_file, error))?;
    let secret_file = dir.join("client-secret");
    crate::files::write_private_atomically(
        &secret_file,
        sandbox.link().client_secret.expose().as_bytes(),
    )
    .map_err(|error| failed(&secret_file, error))?;
    Ok((ca_file, secret_file))
}

fn shell_quote(path: &Path) -> String {
    let text = path.display().to_string();
    if text
        .chars()
        .all(|character| character.is_ascii_alphanumeric() || "/._-".contains(character))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

async fn run_browser(args: BrowserArgs, printer: &Printer) -> CliResult<()> {
    let ca_pem = crate::http_client::load_ca_file(&args.ca_cert).map_err(|error| {
        CliError::usage(format!(
            "cannot use the CA file `{}`",
            args.ca_cert.display()
        ))
        .caused_by(&error)
        .hint("pass the CA file `gitme sandbox` printed with `--ca-cert` or `GITME_CA_CERT`")
    })?;
    let consent = if args.deny {
        Consent::Deny
    } else {
        Consent::Allow
    };
    let password = Secret::new(SANDBOX_PASSWORD);
    let outcome = user_agent::authorize(&args.url, SANDBOX_USERNAME, &password, consent, &ca_pem)
        .await
        .map_err(|error| {
            CliError::new(ErrorKind::Failure, "the sandbox browser failed")
                .caused_by(error.as_ref())
        })?;
    let summary = format!(
        "Signed in as {SANDBOX_USERNAME}, pressed {}, landed on {} ({}{})",
        if args.deny { "Deny" } else { "Allow" },
        outcome.final_url.path(),
        outcome.status,
        outcome
            .page_title
            .as_ref()
            .map(|title| format!(", \"{title}\""))
            .unwrap_or_default()
    );
    // An error page means the flow went wrong, for example an unknown client ID or a code
    // exchange the backend could not finish. A script must see that in the exit code.
    if outcome.status >= 400 {
        printer.status(Status::Fail, &summary);
        return Err(CliError::failure(format!(
            "the authorization ended on an error page with status {}",
            outcome.status
        ))
        .hint("check the client ID and secret of the application link"));
    }
    printer.status(Status::Ok, &summary);
    Ok(())
}
