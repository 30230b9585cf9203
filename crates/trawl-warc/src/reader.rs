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
    /// The offset of the current record (its gzip member's, in a `.warc.gz`).
    record: u64,
    /// A record's version line (and offset) found while passing over bytes that are no
    /// record, to be read by the next call after the error about them.
    found: Option<(u64, String)>,
    /// Whether bytes that are no record are passed over quietly: after an error about the
    /// record they belong to ([`WarcReader::resync`]).
    resyncing: bool,
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
            record: offset,
            found: None,
            resyncing: false,
        })
    }
}

impl<R: Read> WarcReader<R> {
    /// A reader over any byte stream.
    pub fn new(reader: R) -> io::Result<Self> {
        Ok(WarcReader {
            source: Source::new(reader, 0)?,
            remaining: 0,
            record: 0,
            found: None,
            resyncing: false,
        })
    }

    /// How many bytes of the file have been read so far: it grows as the reader gets on.
    pub fn position(&self) -> u64 {
        self.source.consumed()
    }

    /// Whether the stream is gzip.
    pub fn is_gzip(&self) -> bool {
        self.source.is_gzip()
    }

    /// The next record's header, skipping what is left of the current block; `None` at the
    /// end of the stream. Bytes between records that are no record (garbage, or the tail of
    /// a block whose `Content-Length` was too short) are passed over up to the next
    /// `WARC/1.x` line: that is an error, and the next call reads the record found.
    pub fn next_head(&mut self) -> Result<Option<RecordHead>, WarcError> {
        let (offset, version) = match self.found.take() {
            Some(found) => found,
            None => {
                self.skip_block()?;
                match self.version_line()? {
                    Some(found) => found,
                    None => return Ok(None),
                }
            }
        };
        self.resyncing = false;
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
        self.record = offset;
        Ok(Some(RecordHead {
            offset,
            version,
            headers,
            length,
        }))
    }

    /// The next `WARC/1.x` line and its offset, passing over blank lines, and over other
    /// bytes with an error (reporting the record found next time).
    fn version_line(&mut self) -> Result<Option<(u64, String)>, WarcError> {
        let mut garbage = None;
        loop {
            // Enter the member holding the next byte before asking where it starts.
            self.source.fill_buf()?;
            let at = self.source.offset();
            let Some((line, whole)) = self.raw_line()? else {
                return match garbage {
                    Some((start, first)) if !self.resyncing => Err(WarcError::malformed(
                        start,
                        format!("expected a `WARC/1.x` line, found {first:?}; no record after it"),
                    )),
                    _ => Ok(None),
                };
            };
            let line = String::from_utf8_lossy(&line);
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            if !whole || !trimmed.starts_with("WARC/") {
                garbage.get_or_insert_with(|| (at, clip(trimmed)));
                continue;
            }
            let found = (at, trimmed.to_owned());
            return match garbage {
                Some((start, first)) if !self.resyncing => {
                    self.found = Some(found);
                    Err(WarcError::malformed(
                        start,
                        format!(
                            "expected a `WARC/1.x` line, found {first:?}; went on at the next record (offset {at})"
                        ),
                    ))
                }
                _ => Ok(Some(found)),
            };
        }
    }

    /// Leaves the current record after an error about it: what is left of its block is not
    /// skipped by its length (which may be wrong) but passed over, quietly, up to the next
    /// `WARC/1.x` line (in a `.warc.gz`, the next gzip member that holds one).
    pub fn resync(&mut self) {
        self.remaining = 0;
        self.resyncing = true;
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

    /// Skips the rest of the current record and returns where the next one starts (the end
    /// of the file after the last). For a `.warc.gz` with one member per record this is
    /// exact, so a file cut inside a record can be truncated to its whole records.
    pub fn end_of_record(&mut self) -> Result<u64, WarcError> {
        self.skip_block()?;
        loop {
            let buf = self.source.fill_buf()?;
            match buf.first() {
                Some(b'\r' | b'\n') => self.source.consume(1),
                _ => return Ok(self.source.offset()),
            }
        }
    }

    /// One line, or `None` at the end of the stream; `record` is for errors.
    fn read_line(&mut self, record: u64) -> Result<Option<String>, WarcError> {
        match self.raw_line()? {
            None => Ok(None),
            Some((_, false)) => Err(WarcError::malformed(record, "a header line is too long")),
            Some((line, true)) => Ok(Some(String::from_utf8_lossy(&line).into_owned())),
        }
    }

    /// One line of at most [`MAX_HEAD`] bytes and whether it is whole (ends the line or the
    /// stream), or `None` at the end of the stream.
    fn raw_line(&mut self) -> Result<Option<(Vec<u8>, bool)>, WarcError> {
        let mut line = Vec::new();
        let n = (&mut self.source)
            .take(MAX_HEAD as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        let whole = line.ends_with(b"\n") || n < MAX_HEAD;
        Ok(Some((line, whole)))
    }
}

/// The block of the current record, as a reader that ends where the block ends.
pub struct BlockReader<'a, R: Read> {
    reader: &'a mut WarcReader<R>,
}

impl<R: Read> BlockReader<'_, R> {
    /// Fails when the block runs on into a later gzip member that starts a record: its
    /// `Content-Length` is too long, and what follows is the next record, not this block.
    fn check_member(&mut self) -> io::Result<()> {
        let reader = &mut *self.reader;
        if reader.remaining == 0 || !reader.source.is_gzip() {
            return Ok(());
        }
        let starts_record = reader.source.fill_buf()?.starts_with(b"WARC/");
        if starts_record && reader.source.offset() != reader.record {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the record's Content-Length runs {} byte(s) past its gzip member, into the next record",
                    reader.remaining
                ),
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for BlockReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.check_member()?;
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
        self.check_member()?;
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
