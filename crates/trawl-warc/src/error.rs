//! What can go wrong reading a WARC file.

use std::fmt;

/// An error reading a WARC stream, with the offset of the record it concerns.
#[derive(Debug)]
pub struct WarcError {
    /// The file offset of the record (or of the position) where it went wrong.
    pub offset: u64,
    /// What went wrong.
    pub kind: WarcErrorKind,
}

/// The kinds of [`WarcError`].
#[derive(Debug)]
pub enum WarcErrorKind {
    /// The stream could not be read (a bad gzip member included).
    Io(std::io::Error),
    /// The stream is not WARC, or a record header is broken.
    Malformed(String),
    /// The stream ends inside a record.
    Truncated,
    /// A page's payload is larger than the limit (`--max-page-size`), before or after its
    /// content coding (gzip, deflate) is undone. The record is passed over; the file goes on.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
}

impl WarcError {
    pub(crate) fn malformed(offset: u64, message: impl Into<String>) -> Self {
        WarcError {
            offset,
            kind: WarcErrorKind::Malformed(message.into()),
        }
    }

    pub(crate) fn too_large(offset: u64, limit: u64) -> Self {
        WarcError {
            offset,
            kind: WarcErrorKind::TooLarge { limit },
        }
    }

    pub(crate) fn truncated(offset: u64) -> Self {
        WarcError {
            offset,
            kind: WarcErrorKind::Truncated,
        }
    }
}

impl From<std::io::Error> for WarcError {
    fn from(error: std::io::Error) -> Self {
        let kind = if error.kind() == std::io::ErrorKind::UnexpectedEof {
            WarcErrorKind::Truncated
        } else {
            WarcErrorKind::Io(error)
        };
        WarcError { offset: 0, kind }
    }
}

impl fmt::Display for WarcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            WarcErrorKind::Io(error) => write!(f, "at offset {}: {error}", self.offset),
            WarcErrorKind::Malformed(message) => write!(f, "at offset {}: {message}", self.offset),
            WarcErrorKind::TooLarge { limit } => write!(
                f,
                "at offset {}: the page is larger than {} MiB; raise the limit with --max-page-size",
                self.offset,
                limit >> 20
            ),
            WarcErrorKind::Truncated => {
                write!(
                    f,
                    "at offset {}: the file ends inside a record",
                    self.offset
                )
            }
        }
    }
}

impl std::error::Error for WarcError {}
