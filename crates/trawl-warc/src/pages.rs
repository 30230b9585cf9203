//! The pages in a WARC file: every HTML `response` record with status 200, as the extractor
//! and a Python binding want them.

use std::fs::File;
use std::io::{BufRead, Read};
use std::path::Path;

use chrono::{DateTime, Utc};

use crate::http::{head_end, HttpResponse};
use crate::{Headers, RecordHead, WarcError, WarcReader};

/// The largest HTTP head read before the record is skipped as not HTTP.
const MAX_HTTP_HEAD: usize = 1 << 18;
/// The largest page read by default (64 MiB, as `--max-page-size`): its block, and its
/// payload once decoded. A larger one is an error of kind
/// [`TooLarge`](crate::WarcErrorKind::TooLarge) and the file goes on.
pub const MAX_PAGE: u64 = 64 << 20;

/// One archived HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcPage {
    /// The page URL (`WARC-Target-URI`).
    pub url: String,
    /// When it was fetched (`WARC-Date`), when the record says.
    pub date: Option<DateTime<Utc>>,
    /// The HTTP status code.
    pub status: u16,
    /// The HTTP response headers.
    pub headers: Headers,
    /// The payload, transfer and content codings undone.
    pub body: Vec<u8>,
    /// The file offset of the record.
    pub offset: u64,
}

impl WarcPage {
    /// The HTTP Content-Type, e.g. `text/html; charset=ISO-8859-1`.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get("content-type")
    }
}

/// How many records were passed over, by why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Records that are not `response` records (warcinfo, request, metadata, revisit).
    pub not_response: u64,
    /// Responses whose payload is not HTML.
    pub not_html: u64,
    /// Responses with a status other than 200.
    pub status: u64,
    /// Responses without a readable HTTP head, or without a target URI.
    pub not_http: u64,
}

impl Skipped {
    /// All records skipped.
    pub fn total(&self) -> u64 {
        self.not_response + self.not_html + self.status + self.not_http
    }
}

/// An iterator over the HTML pages of a WARC stream; other records are counted in
/// [`Pages::skipped`]. A bad record (malformed, cut short, a page over the size limit, a
/// corrupt gzip member) is one error, and the pages after it still come: the reader goes on
/// at the next `WARC/1.x` line or gzip member. It stops after an error that gets it no
/// further (the file cannot be read).
///
/// ```no_run
/// let mut pages = trawl_warc::Pages::open(std::path::Path::new("CC-NEWS-20240101000000-00000.warc.gz"))?;
/// for page in &mut pages {
///     let page = page?;
///     println!("{} {:?} {} bytes", page.url, page.date, page.body.len());
/// }
/// println!("skipped {}", pages.skipped().total());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Pages<R: Read> {
    reader: WarcReader<R>,
    skipped: Skipped,
    max_page: u64,
    /// Where the reader stood at the last error: a second error there ends the file.
    last_error_at: Option<u64>,
    done: bool,
}

impl Pages<File> {
    /// The pages of a file.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        Ok(Pages::new(WarcReader::open(path)?))
    }
}

impl<R: Read> Pages<R> {
    /// The pages a reader gives.
    pub fn new(reader: WarcReader<R>) -> Self {
        Pages {
            reader,
            skipped: Skipped::default(),
            max_page: MAX_PAGE,
            last_error_at: None,
            done: false,
        }
    }

    /// Pages larger than `bytes` (as archived, or once their gzip or deflate coding is
    /// undone) are errors instead of pages; [`MAX_PAGE`] by default.
    pub fn with_max_page_size(mut self, bytes: u64) -> Self {
        self.max_page = bytes;
        self
    }

    /// The records passed over so far.
    pub fn skipped(&self) -> Skipped {
        self.skipped
    }

    fn next_page(&mut self) -> Result<Option<WarcPage>, WarcError> {
        while let Some(head) = self.reader.next_head()? {
            let offset = head.offset;
            if let Some(page) = self.page(head).map_err(|e| at(e, offset))? {
                return Ok(Some(page));
            }
        }
        Ok(None)
    }

    /// The page in this record, or `None` (counted) when it is not one.
    fn page(&mut self, head: RecordHead) -> Result<Option<WarcPage>, WarcError> {
        if head.kind() != "response" {
            self.skipped.not_response += 1;
            return Ok(None);
        }
        let Some(url) = head.target_uri().map(str::to_owned) else {
            self.skipped.not_http += 1;
            return Ok(None);
        };
        let mut http_head = Vec::new();
        let mut block = self.reader.block();
        while head_end(&http_head).is_none() && http_head.len() < MAX_HTTP_HEAD {
            let n = block.read_until(b'\n', &mut http_head)?;
            if n == 0 {
                break;
            }
        }
        let Some(http) = HttpResponse::parse(&http_head) else {
            self.skipped.not_http += 1;
            return Ok(None);
        };
        if http.status != 200 {
            self.skipped.status += 1;
            return Ok(None);
        }
        if !is_html(
            http.content_type(),
            head.headers.get("WARC-Identified-Payload-Type"),
        ) {
            self.skipped.not_html += 1;
            return Ok(None);
        }
        let payload_length = head.length.saturating_sub(http_head.len() as u64);
        if payload_length > self.max_page {
            return Err(WarcError::too_large(head.offset, self.max_page));
        }
        block.read_to_end(&mut http_head)?;
        let body = http
            .payload(&http_head, self.max_page)
            .ok_or_else(|| WarcError::too_large(head.offset, self.max_page))?;
        let date = head
            .headers
            .get("warc-date")
            .and_then(|d| DateTime::parse_from_rfc3339(d.trim()).ok())
            .map(|d| d.with_timezone(&Utc));
        Ok(Some(WarcPage {
            url,
            date,
            status: http.status,
            headers: http.headers,
            body,
            offset: head.offset,
        }))
    }
}

fn at(mut error: WarcError, offset: u64) -> WarcError {
    if error.offset == 0 {
        error.offset = offset;
    }
    error
}

/// Whether a response is HTML, by its Content-Type (or, without one, the type an archive
/// identified).
fn is_html(content_type: Option<&str>, identified: Option<&str>) -> bool {
    let Some(media) = content_type.or(identified) else {
        return false;
    };
    let media = media.split(';').next().unwrap_or_default().trim();
    media.eq_ignore_ascii_case("text/html") || media.eq_ignore_ascii_case("application/xhtml+xml")
}

impl<R: Read> Iterator for Pages<R> {
    type Item = Result<WarcPage, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_page() {
            Ok(Some(page)) => {
                self.last_error_at = None;
                Some(Ok(page))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(error) => {
                // Go on after the bad record, unless the reader is where it was at the last
                // error: then nothing more can be read.
                let at = self.reader.position();
                self.done = self.last_error_at == Some(at);
                self.last_error_at = Some(at);
                // A page over the limit has a block of the length it says: skip it by that.
                if !matches!(error.kind, crate::WarcErrorKind::TooLarge { .. }) {
                    self.reader.resync();
                }
                Some(Err(error))
            }
        }
    }
}
