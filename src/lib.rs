//! gitme connects a self-hosted Bitbucket Data Center instance to GitMe and diagnoses the
//! network path between them.
//!
//! The binary in `main.rs` parses the command line and calls [`commands`]; each command
//! resolves its [`settings`] and calls the domain modules: [`connect`] (the wizard's
//! steps), [`bitbucket`] and [`backend`] (the two HTTP APIs), and [`sandbox`] (the
//! emulators). Every line the user sees goes through [`output::Printer`].

pub mod assets;
pub mod auth;
pub mod backend;
pub mod bitbucket;
pub mod cli;
pub mod commands;
pub mod config;
pub mod connect;
pub mod doctor;
pub mod error;
pub mod files;
pub mod http_client;
pub mod http_log;
pub mod instance_url;
pub mod integrations;
pub mod output;
pub mod sandbox;
pub mod secret;
pub mod settings;
