//! Web archives as extraction input: a WARC file's HTML pages, in batches so a multi-GB file
//! is extracted in parallel with flat memory.

use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use trawl_engine::PageInput;
use trawl_warc::{Pages, Skipped, WarcError, WarcErrorKind, WarcPage};

use crate::failure::{Cause, Failure};

/// How many pages are read ahead of the extractors.
pub const BATCH: usize = 256;

/// The HTML pages of one WARC file, read a batch at a time.
pub struct ArchivePages {
    path: PathBuf,
    pages: Pages<File>,
}

impl ArchivePages {
    /// Opens a `.warc` or `.warc.gz` file whose pages may be up to `max_page_size` bytes,
    /// as archived or once decoded.
    pub fn open(path: &Path, max_page_size: u64) -> std::io::Result<Self> {
        Ok(ArchivePages {
            path: path.to_owned(),
            pages: Pages::open(path)?.with_max_page_size(max_page_size),
        })
    }

    /// Up to `size` pages, and in their place the records that are bad (malformed, cut
    /// short, a page over the size limit), each a failure naming the file and offset; the
    /// pages after a bad record still come. Empty at the end of the file.
    pub fn next_batch(&mut self, size: usize) -> Vec<Result<WarcPage, Failure>> {
        let mut batch = Vec::with_capacity(size);
        while batch.len() < size {
            match self.pages.next() {
                Some(Ok(page)) => batch.push(Ok(page)),
                Some(Err(error)) => batch.push(Err(self.failure(&error))),
                None => break,
            }
        }
        batch
    }

    fn failure(&self, error: &WarcError) -> Failure {
        let label = format!("{}@{}", self.path.display(), error.offset);
        let detail = match error.kind {
            WarcErrorKind::TooLarge { .. } => format!("{error}"),
            _ => format!("{error}; the reader went on at the next record"),
        };
        Failure::new(label, Cause::of_warc(error), detail)
    }

    /// The records passed over: not responses, not HTML, not status 200.
    pub fn skipped(&self) -> Skipped {
        self.pages.skipped()
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
        "{}: {pages} page(s); skipped {} record(s): {} not responses, {} not HTML, {} not status 200, {} not HTTP",
        path.display(),
        skipped.total(),
        skipped.not_response,
        skipped.not_html,
        skipped.status,
        skipped.not_http
    )
}
