//! The GitMe backend: its API types and the client gitme uses.

pub mod api;
