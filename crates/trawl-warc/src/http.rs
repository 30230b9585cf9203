//! The HTTP message inside a WARC `response` block: status line, headers, payload.
//!
//! Archived payloads may still carry their transfer and content codings (chunked, gzip,
//! deflate); [`HttpResponse::payload`] undoes them. Common Crawl removes them and renames the
//! original headers (`X-Crawler-Content-Encoding`), which is read as identity, as it should.

use std::io::Read;

use flate2::read::{MultiGzDecoder, ZlibDecoder};

use crate::Headers;

/// The head of an HTTP response and where its payload starts in the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code, e.g. 200.
    pub status: u16,
    /// The reason phrase, e.g. `OK`.
    pub reason: String,
    /// The response headers.
    pub headers: Headers,
    /// The byte offset in the block where the payload starts.
    pub payload_start: usize,
}

/// Where the HTTP head of `block` ends (just after its blank line), if it has one.
pub fn head_end(block: &[u8]) -> Option<usize> {
    if let Some(at) = find(block, b"\r\n\r\n") {
        return Some(at + 4);
    }
    find(block, b"\n\n").map(|at| at + 2)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

impl HttpResponse {
    /// Parses the status line and headers at the start of `block`; `None` when the block
    /// does not start with an HTTP status line or has no end of headers.
    ///
    /// ```
    /// use trawl_warc::HttpResponse;
    ///
    /// let block = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone";
    /// let head = HttpResponse::parse(block).unwrap();
    /// assert_eq!((head.status, head.headers.get("content-type")), (404, Some("text/html")));
    /// assert_eq!(&block[head.payload_start..], b"<p>gone");
    /// ```
    pub fn parse(block: &[u8]) -> Option<HttpResponse> {
        let end = head_end(block)?;
        let text = String::from_utf8_lossy(&block[..end]);
        let (status_line, rest) = text.split_once('\n')?;
        let mut parts = status_line.trim_end().splitn(3, ' ');
        if !parts.next()?.starts_with("HTTP/") {
            return None;
        }
        let status = parts.next()?.parse().ok()?;
        let reason = parts.next().unwrap_or_default().to_owned();
        Some(HttpResponse {
            status,
            reason,
            headers: Headers::parse_lines(rest),
            payload_start: end,
        })
    }

    /// The Content-Type header, e.g. `text/html; charset=utf-8`.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get("content-type")
    }

    /// The payload of `block` with chunked transfer coding and gzip/deflate content coding
    /// undone; when undoing fails, the payload as it is. `None` when it is larger than
    /// `limit` bytes once decoded: a small gzip payload may expand to gigabytes.
    pub fn payload(&self, block: &[u8], limit: u64) -> Option<Vec<u8>> {
        let raw = &block[self.payload_start.min(block.len())..];
        let chunked = self
            .headers
            .get("transfer-encoding")
            .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
        let body = if chunked {
            dechunk(raw).unwrap_or_else(|| raw.to_vec())
        } else {
            raw.to_vec()
        };
        decode_content(body, self.headers.get("content-encoding"), limit)
    }
}

/// `body` with its content coding (`Content-Encoding`: gzip, x-gzip, deflate) undone, at
/// most `limit` bytes of it: `None` when it is larger, as it is or once decoded. A body that
/// does not decode is kept as it is. The WARC reader and `fetch --extract` share it, so both
/// read a page the same way.
///
/// ```
/// assert_eq!(trawl_warc::decode_content(b"<p>hi".to_vec(), None, 5).unwrap(), b"<p>hi");
/// assert_eq!(trawl_warc::decode_content(b"<p>hi".to_vec(), Some("br"), 4), None);
/// ```
pub fn decode_content(body: Vec<u8>, coding: Option<&str>, limit: u64) -> Option<Vec<u8>> {
    let coding = coding.unwrap_or_default().trim().to_ascii_lowercase();
    let mut out = Vec::new();
    let room = limit.saturating_add(1);
    let decoded = match coding.as_str() {
        "gzip" | "x-gzip" => MultiGzDecoder::new(body.as_slice())
            .take(room)
            .read_to_end(&mut out),
        "deflate" => ZlibDecoder::new(body.as_slice())
            .take(room)
            .read_to_end(&mut out),
        _ => return (body.len() as u64 <= limit).then_some(body),
    };
    match decoded {
        Ok(_) if out.len() as u64 > limit => None,
        Ok(_) => Some(out),
        Err(_) => (body.len() as u64 <= limit).then_some(body),
    }
}

/// Undoes chunked transfer coding; `None` when the chunks are malformed.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    loop {
        let line_end = find(raw, b"\n")?;
        let line = std::str::from_utf8(&raw[..line_end]).ok()?;
        let size_text = line.trim().split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        raw = &raw[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size..)?;
        raw = raw.strip_prefix(b"\r").unwrap_or(raw);
        raw = raw.strip_prefix(b"\n").unwrap_or(raw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn chunked_payloads_are_joined() {
        let block = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n";
        let head = HttpResponse::parse(block).unwrap();
        assert_eq!(head.payload(block, 9).unwrap(), b"Wikipedia");
        assert_eq!(head.payload(block, 8), None);
    }

    #[test]
    fn gzip_payloads_are_decoded() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<html>hi</html>").unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(gz.finish().unwrap());
        let head = HttpResponse::parse(&block).unwrap();
        assert_eq!(head.payload(&block, 1 << 20).unwrap(), b"<html>hi</html>");
    }

    // A 1 MB gzip payload in a WARC expanded to 5.3 GB in memory.
    #[test]
    fn a_gzip_payload_expanding_past_the_limit_is_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&vec![b' '; 4 << 20]).unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(gz.finish().unwrap());
        let head = HttpResponse::parse(&block).unwrap();
        assert_eq!(head.payload(&block, 1 << 20), None);
        assert_eq!(
            head.payload(&block, 4 << 20).map(|p| p.len()),
            Some(4 << 20)
        );
    }

    #[test]
    fn blocks_without_a_status_line_are_not_http() {
        assert_eq!(HttpResponse::parse(b"GET / HTTP/1.1\r\n\r\n"), None);
        assert_eq!(HttpResponse::parse(b"HTTP/1.1 200 OK\r\nno end"), None);
    }
}
