//! The HTTP client every gitme request goes through: timeouts, trusted CAs, error causes.

// TODO(stub): replaced by the client work.
