//! Project knowledge: which files of a repository are its documents (`discover`), what a scan of its
//! history says about them (`drift`: the noise filter, matching changes to documents, severity,
//! confidence, time decay), and the watch that notices a repository's HEAD moving (`watch`). Pure
//! decisions and file reads; the store keeps what they produce and `app` runs them inside its
//! transactions. (A search query is parsed in `domain::search`, since the store reads it.)

pub mod discover;
pub mod drift;
pub mod watch;
