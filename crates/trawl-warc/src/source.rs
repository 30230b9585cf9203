//! The byte stream under a WARC reader: plain or gzip, with the file offset of each record.
//!
//! A `.warc.gz` is a series of gzip members, usually one per record (CC-NEWS, and what
//! [`crate::WarcWriter`] writes), so a record can be read on its own from its member's offset.
//! Members are decoded one after the other with a decoder that stops exactly at each member's
//! end, so the offset of the member holding a record is known without reading ahead.

use std::io::{self, BufRead, BufReader, Read};

use flate2::bufread::GzDecoder;

/// A buffered reader that counts the bytes consumed from it.
pub(crate) struct Counting<R> {
    inner: R,
    consumed: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

/// Gzip members decoded one after another; each `read` returns bytes of one member only.
pub(crate) struct Members<R: BufRead> {
    state: Option<MemberState<R>>,
    member_start: u64,
}

enum MemberState<R: BufRead> {
    Between(Counting<R>),
    Inside(GzDecoder<Counting<R>>),
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.state.take().expect("member state is always set") {
                MemberState::Between(mut inner) => {
                    if inner.fill_buf()?.is_empty() {
                        self.state = Some(MemberState::Between(inner));
                        return Ok(0);
                    }
                    self.member_start = inner.consumed;
                    self.state = Some(MemberState::Inside(GzDecoder::new(inner)));
                }
                MemberState::Inside(mut decoder) => match decoder.read(buf) {
                    Ok(0) if !buf.is_empty() => {
                        self.state = Some(MemberState::Between(decoder.into_inner()));
                    }
                    Ok(n) => {
                        self.state = Some(MemberState::Inside(decoder));
                        return Ok(n);
                    }
                    Err(error) => {
                        // A corrupt member, or bytes between members that are none: go on
                        // at the next gzip member after the error.
                        let mut inner = decoder.into_inner();
                        skip_to_member(&mut inner)?;
                        self.state = Some(MemberState::Between(inner));
                        return Err(error);
                    }
                },
            }
        }
    }
}

/// Passes over bytes up to the next gzip magic (`1f 8b`), or to the end of the stream.
fn skip_to_member<R: BufRead>(inner: &mut Counting<R>) -> io::Result<()> {
    loop {
        let buf = inner.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        if let Some(at) = buf.windows(2).position(|pair| pair == [0x1f, 0x8b]) {
            inner.consume(at);
            return Ok(());
        }
        // Keep a last 0x1f, which may start a magic the next buffer ends.
        let keep = usize::from(buf.len() > 1 && buf[buf.len() - 1] == 0x1f);
        let len = buf.len();
        inner.consume(len - keep);
    }
}

/// The decompressed stream of a WARC file and the offsets of its records.
pub(crate) enum Source<R: Read> {
    /// An uncompressed `.warc`.
    Plain(Counting<BufReader<R>>),
    /// A `.warc.gz`.
    Gzip(Box<BufReader<Members<BufReader<R>>>>),
}

impl<R: Read> Source<R> {
    /// Opens a stream, recognising gzip by its magic bytes; `start` is the file offset the
    /// stream begins at (for reading from a record's offset).
    pub(crate) fn new(reader: R, start: u64) -> io::Result<Self> {
        let mut buffered = BufReader::with_capacity(1 << 16, reader);
        let gzip = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let counting = Counting {
            inner: buffered,
            consumed: start,
        };
        Ok(if gzip {
            let members = Members {
                state: Some(MemberState::Between(counting)),
                member_start: start,
            };
            Source::Gzip(Box::new(BufReader::with_capacity(1 << 16, members)))
        } else {
            Source::Plain(counting)
        })
    }

    /// The file offset of the next byte: for gzip, the start of the member it is in (or
    /// the end of the file). Call after `fill_buf` so the member holding the next byte has
    /// been entered.
    pub(crate) fn offset(&self) -> u64 {
        match self {
            Source::Plain(counting) => counting.consumed,
            Source::Gzip(reader) => {
                let members = reader.get_ref();
                match &members.state {
                    Some(MemberState::Between(inner)) => inner.consumed,
                    _ => members.member_start,
                }
            }
        }
    }

    /// How many bytes of the file have been read so far (from where the stream began).
    pub(crate) fn consumed(&self) -> u64 {
        match self {
            Source::Plain(counting) => counting.consumed,
            Source::Gzip(reader) => match &reader.get_ref().state {
                Some(MemberState::Between(inner)) => inner.consumed,
                Some(MemberState::Inside(decoder)) => decoder.get_ref().consumed,
                None => 0,
            },
        }
    }

    /// Whether the stream is gzip.
    pub(crate) fn is_gzip(&self) -> bool {
        matches!(self, Source::Gzip(_))
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Plain(r) => r.read(buf),
            Source::Gzip(r) => r.read(buf),
        }
    }
}

impl<R: Read> BufRead for Source<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Source::Plain(r) => r.fill_buf(),
            Source::Gzip(r) => r.fill_buf(),
        }
    }

    fn consume(&mut self, amt: usize) {
        match self {
            Source::Plain(r) => r.consume(amt),
            Source::Gzip(r) => r.consume(amt),
        }
    }
}
