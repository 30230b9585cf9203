//! Writing WARC 1.1 records, each its own gzip member so it can be read from its offset.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::Headers;

/// A record to write: its type, named fields and block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// The named fields; `WARC-Type` first.
    pub headers: Headers,
    /// The block.
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// A record of a type (`warcinfo`, `request`, `response`, `resource`, ...).
    pub fn new(kind: &str) -> Self {
        let mut headers = Headers::default();
        headers.push("WARC-Type", kind);
        WarcRecord {
            headers,
            block: Vec::new(),
        }
    }

    /// Adds a field.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push(name, value);
        self
    }

    /// Sets the block.
    pub fn block(mut self, block: Vec<u8>) -> Self {
        self.block = block;
        self
    }
}

/// A new `WARC-Record-ID`: `<urn:uuid:...>`.
pub fn record_id() -> String {
    format!("<urn:uuid:{}>", uuid::Uuid::new_v4())
}

/// A `WARC-Date`: RFC 3339 in UTC, to the second.
pub fn warc_date(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Writes records to a stream, tracking each record's offset.
pub struct WarcWriter<W: Write> {
    out: W,
    position: u64,
    gzip: bool,
}

impl WarcWriter<File> {
    /// Opens `path` for appending (creating it), gzip when it ends in `.gz`. Records already
    /// in it stay; new ones follow.
    pub fn append(path: &Path) -> io::Result<Self> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let position = file.metadata()?.len();
        let gzip = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("gz"));
        Ok(WarcWriter {
            out: file,
            position,
            gzip,
        })
    }

    /// Flushes to the file and asks the system to keep it (after a crash too).
    pub fn sync(&mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out.sync_data()
    }
}

impl<W: Write> WarcWriter<W> {
    /// A writer to `out`, which starts at offset 0; `gzip` writes one member per record.
    pub fn new(out: W, gzip: bool) -> Self {
        WarcWriter {
            out,
            position: 0,
            gzip,
        }
    }

    /// The offset the next record will have.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// The stream written to.
    pub fn into_inner(self) -> W {
        self.out
    }

    /// Writes one record and returns its offset. `WARC-Record-ID`, `WARC-Date` and
    /// `Content-Length` are added when missing; the record is written whole in one call, so
    /// a record is either in the file or not.
    pub fn write(&mut self, record: &WarcRecord) -> io::Result<u64> {
        let mut headers = record.headers.clone();
        if !headers.contains("WARC-Record-ID") {
            headers.push("WARC-Record-ID", record_id());
        }
        if !headers.contains("WARC-Date") {
            headers.push("WARC-Date", warc_date(Utc::now()));
        }
        headers.set("Content-Length", record.block.len().to_string());
        let mut bytes = Vec::with_capacity(record.block.len() + 512);
        bytes.extend_from_slice(b"WARC/1.1\r\n");
        bytes.extend_from_slice(headers.to_lines().as_bytes());
        bytes.extend_from_slice(b"\r\n");
        bytes.extend_from_slice(&record.block);
        bytes.extend_from_slice(b"\r\n\r\n");
        if self.gzip {
            let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
            encoder.write_all(&bytes)?;
            bytes = encoder.finish()?;
        }
        let offset = self.position;
        self.out.write_all(&bytes)?;
        self.out.flush()?;
        self.position += bytes.len() as u64;
        Ok(offset)
    }
}
