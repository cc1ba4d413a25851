//! Checks the authorize URL the backend returns before gitme opens it.

// TODO(stub): replaced by the client work.
