//! An HTTP exchange as WARC records: a `response` and the `request` that asked for it.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use data_encoding::BASE32;
use sha1::{Digest, Sha1};

use crate::writer::{record_id, warc_date};
use crate::{WarcRecord, WarcWriter};

/// One fetch, as it went over the wire.
#[derive(Debug, Clone)]
pub struct Exchange<'a> {
    /// The URL fetched.
    pub url: &'a str,
    /// When the response arrived.
    pub date: DateTime<Utc>,
    /// The request as sent: request line and headers.
    pub request: &'a [u8],
    /// The response head: status line and headers, ending with the blank line.
    pub response_head: &'a [u8],
    /// The response payload (as received, after transfer decoding).
    pub payload: &'a [u8],
    /// The peer's IP address, when known.
    pub ip: Option<String>,
    /// Set when the payload was cut at the size limit (`WARC-Truncated: length`).
    pub truncated: bool,
}

/// The offsets of the records of one exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExchangeOffsets {
    /// Where the `response` record starts.
    pub response: u64,
    /// Where the `request` record starts.
    pub request: u64,
}

/// `sha1:` and the base32 SHA-1 of `bytes`, as WARC digests are written.
///
/// ```
/// assert_eq!(trawl_warc::sha1_digest(b""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
/// ```
pub fn sha1_digest(bytes: &[u8]) -> String {
    format!("sha1:{}", BASE32.encode(&Sha1::digest(bytes)))
}

impl<W: Write> WarcWriter<W> {
    /// Writes a `warcinfo` record: the software and any other fields, as
    /// `application/warc-fields`.
    pub fn write_warcinfo(&mut self, filename: &str, fields: &[(&str, &str)]) -> io::Result<u64> {
        let block: String = fields
            .iter()
            .map(|(k, v)| format!("{k}: {v}\r\n"))
            .collect();
        self.write(
            &WarcRecord::new("warcinfo")
                .header("WARC-Filename", filename)
                .header("Content-Type", "application/warc-fields")
                .block(block.into_bytes()),
        )
    }

    /// Writes the response record, then the request record concurrent to it.
    pub fn write_exchange(&mut self, exchange: &Exchange<'_>) -> io::Result<ExchangeOffsets> {
        let date = warc_date(exchange.date);
        let response_id = record_id();
        let mut block = exchange.response_head.to_vec();
        block.extend_from_slice(exchange.payload);
        let mut response = WarcRecord::new("response")
            .header("WARC-Record-ID", response_id.clone())
            .header("WARC-Date", date.clone())
            .header("WARC-Target-URI", exchange.url)
            .header("Content-Type", "application/http;msgtype=response")
            .header("WARC-Payload-Digest", sha1_digest(exchange.payload))
            .header("WARC-Block-Digest", sha1_digest(&block));
        if let Some(ip) = &exchange.ip {
            response = response.header("WARC-IP-Address", ip.clone());
        }
        if exchange.truncated {
            response = response.header("WARC-Truncated", "length");
        }
        let response_offset = self.write(&response.block(block))?;
        let request = WarcRecord::new("request")
            .header("WARC-Date", date)
            .header("WARC-Target-URI", exchange.url)
            .header("WARC-Concurrent-To", response_id)
            .header("Content-Type", "application/http;msgtype=request")
            .header("WARC-Block-Digest", sha1_digest(exchange.request))
            .block(exchange.request.to_vec());
        let request_offset = self.write(&request)?;
        Ok(ExchangeOffsets {
            response: response_offset,
            request: request_offset,
        })
    }
}
