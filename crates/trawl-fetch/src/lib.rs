//! Fetching pages politely into WARC files, and crawling sites from their feeds and
//! sitemaps, resumably.
//!
//! A [`Crawler`] takes [`Task`]s (pages, feeds, sitemaps), keeps one queue per host and
//! fetches from several hosts at once, one request at a time per host, waiting
//! max(`Crawl-delay`, [`Politeness::delay`]) between two. robots.txt is obeyed; 429 and 5xx
//! answers are retried with a backoff that honours `Retry-After`; a host that keeps refusing
//! (403/429) is stopped. Each exchange is written to the WARC file, then recorded in the
//! [`State`] (an embedded database), so a run stopped at any point goes on where it stopped.
//! The library never prints: it reports [`Event`]s to an [`Observer`] and returns a
//! [`Summary`].

mod client;
mod config;
mod crawler;
mod discover;
mod error;
mod events;
mod listing;
mod one;
mod process;
mod recover;
mod retry;
mod robots;
mod state;
mod summary;
mod task;

pub use client::{Client, NetError, Response, Validators};
pub use config::{Politeness, DEFAULT_USER_AGENT};
pub use crawler::Crawler;
pub use error::FetchError;
pub use events::{Event, FetchedPage, Observer, Quiet};
pub use listing::{parse_date, read_feed, read_sitemap, Listed, Sitemap};
pub use one::{OneError, OnePage, PageFetcher};
pub use recover::recover;
pub use retry::{backoff, is_retryable, retry_after};
pub use robots::{host_key, robots_url, Robots};
pub use state::{HostState, State, StateError, UrlState, UrlStatus};
pub use summary::{SiteOutcome, Summary};
pub use task::{Limits, Site, SourceKind, Task, TaskKind};
