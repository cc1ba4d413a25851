//! One module per subcommand: its clap arguments and a `run` that resolves settings and
//! calls the domain modules.

pub mod connect;
pub mod integrations;
pub mod sandbox;
