//! What a run tells its caller as it goes: for a progress bar, and for extracting pages as
//! they arrive.

use chrono::{DateTime, Utc};
use url::Url;

/// Something that happened in a run.
#[derive(Debug)]
pub enum Event<'a> {
    /// The number of URLs queued so far changed.
    Queued {
        /// URLs queued in this run so far.
        total: u64,
    },
    /// A URL was dealt with (fetched, skipped or given up).
    Done {
        /// The URL.
        url: &'a Url,
        /// How, in a few words (`200`, `robots.txt`, `timeout`, ...).
        outcome: &'a str,
    },
    /// A page arrived and was archived.
    Page(&'a FetchedPage<'a>),
}

/// A fetched page, as archived.
#[derive(Debug)]
pub struct FetchedPage<'a> {
    /// The URL.
    pub url: &'a Url,
    /// The site it was fetched for, if any.
    pub site: Option<&'a str>,
    /// The HTTP status.
    pub status: u16,
    /// The Content-Type header.
    pub content_type: Option<&'a str>,
    /// The Content-Encoding header (a server may send gzip unasked).
    pub content_encoding: Option<&'a str>,
    /// The body, as archived (content coding not undone).
    pub body: &'a [u8],
    /// When it arrived.
    pub date: DateTime<Utc>,
    /// The WARC file and the response record's offset in it.
    pub warc: &'a str,
    /// The offset.
    pub offset: u64,
}

/// Receives a run's events, from any of its threads.
pub trait Observer: Sync {
    /// Called for each event.
    fn event(&self, event: Event<'_>);
}

/// An observer that ignores everything.
pub struct Quiet;

impl Observer for Quiet {
    fn event(&self, _event: Event<'_>) {}
}
