//! A client for the parts of Bitbucket Data Center that gitme and GitMe use.

pub mod paging;
