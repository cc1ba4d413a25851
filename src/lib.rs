//! gitme connects a self-hosted Bitbucket Data Center instance to GitMe and diagnoses the
//! network path between them.

pub mod backend;
pub mod bitbucket;
pub mod connect;
pub mod http_client;
pub mod instance_url;
pub mod sandbox;
pub mod secret;
