//! One module per subcommand: its clap arguments and a `run` that resolves settings and
//! calls the domain modules.

pub mod auth;
pub mod config;
pub mod connect;
pub mod doctor;
pub mod integrations;
pub mod sandbox;
