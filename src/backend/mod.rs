//! The GitMe backend: its API types and the client gitme uses.

pub mod api;
pub mod client;

pub use client::{BackendClient, BackendError};
