//! The wire format between trawl and its plugin host: length-prefixed frames of bytes, so
//! records and plugin answers (valid UTF-8 or not) cross unchanged.
//!
//! | message | direction | payload |
//! |---|---|---|
//! | loaded | host → trawl, once | JSON: one `{"info", "abi"}` or `{"error"}` per library, in order |
//! | call | trawl → host | u32 plugin index, u32 record length, record JSON, config JSON |
//! | answer | host → trawl | tag byte ([`ANSWER`], [`NOTHING`], [`CALL_ERROR`]), then the bytes |

use std::io::{self, Read, Write};

/// The plugin answered; its bytes follow.
pub(super) const ANSWER: u8 = 0;
/// The plugin returned a null pointer.
pub(super) const NOTHING: u8 = 1;
/// The call could not be made; a UTF-8 reason follows.
pub(super) const CALL_ERROR: u8 = 2;

/// No frame is larger than this (1 GiB): a length beyond it means the stream is broken.
const MAX_FRAME: usize = 1 << 30;

/// Writes one frame and flushes it.
pub(super) fn write_frame(out: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    let len = u32::try_from(payload.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "frame over 4 GiB"))?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(payload)?;
    out.flush()
}

/// Reads one frame; `None` when the stream ends between frames.
pub(super) fn read_frame(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame of {len} bytes"),
        ));
    }
    let mut payload = vec![0; len];
    input.read_exact(&mut payload)?;
    Ok(Some(payload))
}

/// A call message: which plugin, the record and the config.
pub(super) fn encode_call(plugin: usize, record: &str, config: &str) -> Vec<u8> {
    let mut payload = Vec::with_capacity(8 + record.len() + config.len());
    payload.extend_from_slice(&(plugin as u32).to_le_bytes());
    payload.extend_from_slice(&(record.len() as u32).to_le_bytes());
    payload.extend_from_slice(record.as_bytes());
    payload.extend_from_slice(config.as_bytes());
    payload
}

/// Reads a call message back: plugin index, record bytes, config bytes.
pub(super) fn decode_call(payload: &[u8]) -> Option<(usize, &[u8], &[u8])> {
    let plugin = u32::from_le_bytes(payload.get(0..4)?.try_into().ok()?) as usize;
    let len = u32::from_le_bytes(payload.get(4..8)?.try_into().ok()?) as usize;
    let record = payload.get(8..8 + len)?;
    let config = payload.get(8 + len..)?;
    Some((plugin, record, config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_and_calls_round_trip() {
        let mut wire = Vec::new();
        write_frame(&mut wire, &encode_call(3, "{\"a\":1}", "null")).unwrap();
        write_frame(&mut wire, b"\xff\xfe").unwrap();
        let mut input = wire.as_slice();
        let call = read_frame(&mut input).unwrap().unwrap();
        assert_eq!(
            decode_call(&call).unwrap(),
            (3, b"{\"a\":1}".as_slice(), b"null".as_slice())
        );
        assert_eq!(read_frame(&mut input).unwrap().unwrap(), b"\xff\xfe");
        assert!(read_frame(&mut input).unwrap().is_none());
    }
}
