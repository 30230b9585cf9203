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
/// The largest block read as a page; longer ones are skipped (`Skipped::too_large`).
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
    /// Responses larger than [`MAX_PAGE`].
    pub too_large: u64,
}

impl Skipped {
    /// All records skipped.
    pub fn total(&self) -> u64 {
        self.not_response + self.not_html + self.status + self.not_http + self.too_large
    }
}

/// An iterator over the HTML pages of a WARC stream; other records are counted in
/// [`Pages::skipped`]. It stops after the first error.
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
            done: false,
        }
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
        if head.length > MAX_PAGE {
            self.skipped.too_large += 1;
            return Ok(None);
        }
        block.read_to_end(&mut http_head)?;
        let body = http.payload(&http_head);
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
            Ok(Some(page)) => Some(Ok(page)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(error) => {
                self.done = true;
                Some(Err(error))
            }
        }
    }
}
