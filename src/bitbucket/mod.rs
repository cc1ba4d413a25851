//! A client for the parts of Bitbucket Data Center that gitme and GitMe use.

pub mod client;
pub mod error;
pub mod paging;
pub mod version;

pub use client::{BitbucketClient, ProbeReport, require_oauth2_provider};
pub use error::BitbucketError;
pub use version::{ApplicationProperties, BitbucketVersion, VersionParseError};
