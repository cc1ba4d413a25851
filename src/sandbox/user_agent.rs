//! A built-in browser that signs in to the Bitbucket emulator and answers the consent page.

// TODO(stub): replaced by the emulator work.
