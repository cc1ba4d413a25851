//! The steps of `gitme connect bitbucket`.

pub mod authorize_check;
