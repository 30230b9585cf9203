//! Why a page gave no record: the causes a batch groups failures by, and one failure with
//! its message.

use std::fmt;

use serde::Serialize;
use trawl_engine::PageError;

/// Why a page gave no record, as the summary groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The input does not exist.
    Missing,
    /// The input could not be read (permissions, not a regular file, a malformed record).
    Unreadable,
    /// A URL given could not be fetched (robots.txt, a status, no answer).
    NotFetched,
    /// The page is larger than `--max-page-size`, as stored or once decoded.
    TooLarge,
    /// No URL was given or found in the page.
    NoUrl,
    /// The URL is not a valid http(s) URL.
    InvalidUrl,
    /// No rule serves the page's host.
    NoRule,
    /// None of the rule's versions fits the page.
    NoVersion,
    /// The rule found neither a title nor a body.
    NoArticle,
}

impl Cause {
    /// The cause of an engine error.
    pub fn of(error: &PageError) -> Cause {
        match error {
            PageError::InvalidUrl(_) => Cause::InvalidUrl,
            PageError::NoUrl => Cause::NoUrl,
            PageError::NoRule { .. }
            | PageError::UnknownRule { .. }
            | PageError::InvalidRule(_) => Cause::NoRule,
            PageError::NoVersion { .. } => Cause::NoVersion,
        }
    }

    /// The cause of an error reading a page: too large, or unreadable.
    pub fn of_read(error: &std::io::Error) -> Cause {
        match trawl_engine::PageTooLarge::of(error) {
            Some(_) => Cause::TooLarge,
            None => Cause::Unreadable,
        }
    }

    /// The cause of an error reading a web archive: a page too large, or a bad record.
    pub fn of_warc(error: &trawl_warc::WarcError) -> Cause {
        match error.kind {
            trawl_warc::WarcErrorKind::TooLarge { .. } => Cause::TooLarge,
            _ => Cause::Unreadable,
        }
    }

    /// A short name for the summary line, e.g. `no rule`.
    pub fn label(self) -> &'static str {
        match self {
            Cause::Missing => "missing",
            Cause::Unreadable => "unreadable",
            Cause::NotFetched => "not fetched",
            Cause::TooLarge => "too large",
            Cause::NoUrl => "no URL",
            Cause::InvalidUrl => "invalid URL",
            Cause::NoRule => "no rule",
            Cause::NoVersion => "no fitting version",
            Cause::NoArticle => "no article found",
        }
    }
}

/// A page that gave no record: which input, why, and the full message.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The input's label (its path, or `<stdin>`).
    pub input: String,
    /// The cause, for grouping.
    pub cause: Cause,
    /// The message printed for it.
    pub message: String,
}

impl Failure {
    /// A failure of `input` for `cause`; the message is `input: detail`.
    pub fn new(input: impl Into<String>, cause: Cause, detail: impl fmt::Display) -> Failure {
        let input = input.into();
        let message = format!("{input}: {detail}");
        Failure {
            input,
            cause,
            message,
        }
    }
}
