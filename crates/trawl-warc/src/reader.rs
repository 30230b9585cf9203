//! Reading WARC records one at a time, block by block, so memory stays flat on any file.

use std::fs::File;
use std::io::{self, BufRead, Read, Seek, SeekFrom};
use std::path::Path;

use crate::source::Source;
use crate::{Headers, WarcError};

/// The longest header section read before a record is called malformed.
const MAX_HEAD: usize = 1 << 20;

/// The named header of a WARC record, before its block is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordHead {
    /// The file offset of the record: for `.warc.gz`, the start of its gzip member.
    pub offset: u64,
    /// The version line, e.g. `WARC/1.1`.
    pub version: String,
    /// The named fields.
    pub headers: Headers,
    /// The block's length, from `Content-Length`.
    pub length: u64,
}

impl RecordHead {
    /// `WARC-Type`, e.g. `response`.
    pub fn kind(&self) -> &str {
        self.headers.get("warc-type").unwrap_or_default()
    }

    /// `WARC-Target-URI`, without the angle brackets some writers put around it.
    pub fn target_uri(&self) -> Option<&str> {
        let uri = self.headers.get("warc-target-uri")?.trim();
        Some(uri.trim_start_matches('<').trim_end_matches('>'))
    }
}

/// A streaming reader of WARC records from `.warc` or `.warc.gz` (gzip recognised by its
/// first bytes, multi-member files included).
///
/// ```
/// use trawl_warc::{WarcReader, WarcRecord, WarcWriter};
///
/// let mut writer = WarcWriter::new(Vec::new(), true);
/// writer.write(&WarcRecord::new("resource").header("WARC-Target-URI", "urn:x").block(b"hi".to_vec())).unwrap();
/// let bytes = writer.into_inner();
///
/// let mut reader = WarcReader::new(bytes.as_slice()).unwrap();
/// let head = reader.next_head().unwrap().unwrap();
/// assert_eq!((head.kind(), head.target_uri()), ("resource", Some("urn:x")));
/// assert_eq!(reader.read_block(usize::MAX).unwrap(), b"hi");
/// assert!(reader.next_head().unwrap().is_none());
/// ```
pub struct WarcReader<R: Read> {
    source: Source<R>,
    /// Bytes of the current block not yet read.
    remaining: u64,
}

impl WarcReader<File> {
    /// Opens a file.
    pub fn open(path: &Path) -> io::Result<Self> {
        WarcReader::new(File::open(path)?)
    }

    /// Opens a file at a record's offset (as [`RecordHead::offset`] gives it).
    pub fn open_at(path: &Path, offset: u64) -> io::Result<Self> {
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(offset))?;
        Ok(WarcReader {
            source: Source::new(file, offset)?,
            remaining: 0,
        })
    }
}

impl<R: Read> WarcReader<R> {
    /// A reader over any byte stream.
    pub fn new(reader: R) -> io::Result<Self> {
        Ok(WarcReader {
            source: Source::new(reader, 0)?,
            remaining: 0,
        })
    }

    /// Whether the stream is gzip.
    pub fn is_gzip(&self) -> bool {
        self.source.is_gzip()
    }

    /// The next record's header, skipping what is left of the current block; `None` at the
    /// end of the stream.
    pub fn next_head(&mut self) -> Result<Option<RecordHead>, WarcError> {
        self.skip_block()?;
        let offset;
        let version = loop {
            // Enter the member holding the next byte before asking where it starts.
            self.source.fill_buf()?;
            let at = self.source.offset();
            let Some(line) = self.read_line(0)? else {
                return Ok(None);
            };
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            if !trimmed.starts_with("WARC/") {
                return Err(WarcError::malformed(
                    at,
                    format!("expected a `WARC/1.x` line, found {:?}", clip(trimmed)),
                ));
            }
            offset = at;
            break trimmed.to_owned();
        };
        let mut text = String::new();
        loop {
            let Some(line) = self.read_line(offset)? else {
                return Err(WarcError::truncated(offset));
            };
            if line.trim().is_empty() {
                break;
            }
            text.push_str(&line);
            if text.len() > MAX_HEAD {
                return Err(WarcError::malformed(
                    offset,
                    "the record header is too long",
                ));
            }
        }
        let headers = Headers::parse_lines(&text);
        let length = headers
            .get("content-length")
            .and_then(|n| n.trim().parse().ok())
            .ok_or_else(|| WarcError::malformed(offset, "no valid Content-Length"))?;
        self.remaining = length;
        Ok(Some(RecordHead {
            offset,
            version,
            headers,
            length,
        }))
    }

    /// Reads the current block, up to `limit` bytes (the rest is skipped with the block).
    pub fn read_block(&mut self, limit: usize) -> Result<Vec<u8>, WarcError> {
        let mut block = Vec::new();
        self.block().take(limit as u64).read_to_end(&mut block)?;
        Ok(block)
    }

    /// The current block as a reader, for reading it in parts.
    pub fn block(&mut self) -> BlockReader<'_, R> {
        BlockReader { reader: self }
    }

    /// Skips the rest of the current block.
    pub fn skip_block(&mut self) -> Result<(), WarcError> {
        let want = self.remaining;
        let skipped = io::copy(&mut self.block(), &mut io::sink())?;
        if skipped < want {
            return Err(WarcError::truncated(self.source.offset()));
        }
        Ok(())
    }

    /// One line, or `None` at the end of the stream; `record` is for errors.
    fn read_line(&mut self, record: u64) -> Result<Option<String>, WarcError> {
        let mut line = Vec::new();
        let n = (&mut self.source)
            .take(MAX_HEAD as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") && n == MAX_HEAD {
            return Err(WarcError::malformed(record, "a header line is too long"));
        }
        Ok(Some(String::from_utf8_lossy(&line).into_owned()))
    }
}

/// The block of the current record, as a reader that ends where the block ends.
pub struct BlockReader<'a, R: Read> {
    reader: &'a mut WarcReader<R>,
}

impl<R: Read> Read for BlockReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let max = (buf.len() as u64).min(self.reader.remaining) as usize;
        if max == 0 {
            return Ok(0);
        }
        let n = self.reader.source.read(&mut buf[..max])?;
        self.reader.remaining -= n as u64;
        Ok(n)
    }
}

impl<R: Read> BufRead for BlockReader<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let remaining = self.reader.remaining;
        let buf = self.reader.source.fill_buf()?;
        let max = (buf.len() as u64).min(remaining) as usize;
        Ok(&buf[..max])
    }

    fn consume(&mut self, amt: usize) {
        self.reader.remaining -= amt as u64;
        self.reader.source.consume(amt);
    }
}

fn clip(text: &str) -> String {
    text.chars().take(60).collect()
}
