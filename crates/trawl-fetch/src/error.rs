//! Errors that stop a run (a single URL failing never does: it is counted instead).

use std::fmt;

use crate::StateError;

/// Why a run could not start or go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The state database failed.
    State(StateError),
    /// The WARC file could not be opened or written.
    Warc(String),
    /// A URL given is not an http(s) URL.
    BadUrl(String),
    /// A rule's sources are unusable.
    Sources(String),
}

impl From<StateError> for FetchError {
    fn from(error: StateError) -> Self {
        FetchError::State(error)
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::State(error) => write!(f, "{error}"),
            FetchError::Warc(message) => write!(f, "WARC file: {message}"),
            FetchError::BadUrl(url) => write!(f, "not an http(s) URL: {url}"),
            FetchError::Sources(message) => write!(f, "sources: {message}"),
        }
    }
}

impl std::error::Error for FetchError {}
