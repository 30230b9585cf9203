//! Web archives as extraction input: a WARC file's HTML pages, in batches so a multi-GB file
//! is extracted in parallel with flat memory.

use std::fs::File;
use std::path::Path;

use chrono::NaiveDate;
use trawl_engine::PageInput;
use trawl_warc::{Pages, Skipped, WarcError, WarcPage};

/// How many pages are read ahead of the extractors.
pub const BATCH: usize = 256;

/// The HTML pages of one WARC file, read a batch at a time.
pub struct ArchivePages {
    pages: Pages<File>,
    error: Option<WarcError>,
}

impl ArchivePages {
    /// Opens a `.warc` or `.warc.gz` file.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        Ok(ArchivePages {
            pages: Pages::open(path)?,
            error: None,
        })
    }

    /// Up to `size` pages; empty at the end of the file or after an error ([`Self::error`]).
    pub fn next_batch(&mut self, size: usize) -> Vec<WarcPage> {
        let mut batch = Vec::with_capacity(size);
        while batch.len() < size {
            match self.pages.next() {
                Some(Ok(page)) => batch.push(page),
                Some(Err(error)) => {
                    self.error = Some(error);
                    break;
                }
                None => break,
            }
        }
        batch
    }

    /// The records passed over: not responses, not HTML, not status 200.
    pub fn skipped(&self) -> Skipped {
        self.pages.skipped()
    }

    /// The error that ended the file early, if one did.
    pub fn error(&self) -> Option<&WarcError> {
        self.error.as_ref()
    }
}

/// What the engine needs of an archived page: its bytes, URL, HTTP Content-Type (for the
/// charset) and fetch date (for rule versions), unless `date` overrides it.
pub fn page_input<'a>(
    page: &'a WarcPage,
    rule: Option<&'a str>,
    date: Option<NaiveDate>,
) -> PageInput<'a> {
    PageInput {
        bytes: &page.body,
        url: Some(&page.url),
        content_type: page.content_type(),
        date: date.or_else(|| page.date.map(|d| d.date_naive())),
        rule,
    }
}

/// A page's label in messages: the file, the record's offset and the URL.
pub fn page_label(path: &Path, page: &WarcPage) -> String {
    format!("{}@{} ({})", path.display(), page.offset, page.url)
}

/// A one-line account of what a file's records gave, for stderr.
pub fn skipped_line(path: &Path, pages: u64, skipped: Skipped) -> String {
    format!(
        "{}: {pages} page(s); skipped {} record(s): {} not responses, {} not HTML, {} not status 200, {} not HTTP, {} too large",
        path.display(),
        skipped.total(),
        skipped.not_response,
        skipped.not_html,
        skipped.status,
        skipped.not_http,
        skipped.too_large
    )
}
