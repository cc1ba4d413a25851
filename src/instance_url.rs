//! Normalising the Bitbucket instance URL an admin types, and joining paths onto it.

// TODO(stub): replaced by the client work.
