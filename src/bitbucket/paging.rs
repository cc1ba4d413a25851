//! Bitbucket's paged-API envelope and a pager that follows `nextPageStart`.

// TODO(stub): replaced by the backend emulator work.
