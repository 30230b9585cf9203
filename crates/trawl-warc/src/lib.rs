//! WARC 1.1 files, read and written as web archives are.
//!
//! - [`WarcReader`] streams records from `.warc` and `.warc.gz` (one or many gzip members;
//!   CC-NEWS files as they are), one block at a time, so memory stays flat on any file.
//! - [`Pages`] turns a stream into its HTML pages ([`WarcPage`]: URL, fetch date, HTTP
//!   headers, body, offset), counting what it passes over.
//! - [`WarcWriter`] writes records, each one gzip member, so any record can be read on its
//!   own from its offset ([`WarcReader::open_at`]); [`Exchange`] is a fetch as a `response`
//!   and a `request` record with digests.

mod error;
mod exchange;
mod headers;
mod http;
mod pages;
mod reader;
mod source;
mod writer;

pub use error::{WarcError, WarcErrorKind};
pub use exchange::{sha1_digest, Exchange, ExchangeOffsets};
pub use headers::Headers;
pub use http::{decode_content, head_end, HttpResponse};
pub use pages::{Pages, Skipped, WarcPage, MAX_PAGE};
pub use reader::{BlockReader, RecordHead, WarcReader};
pub use writer::{record_id, warc_date, WarcRecord, WarcWriter};
