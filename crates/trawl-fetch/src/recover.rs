//! Picking up after an interrupted run: responses written to a WARC file whose URLs the state
//! does not yet show as fetched are marked fetched, and a record cut short is cut off.

use std::fs::OpenOptions;
use std::path::Path;

use trawl_warc::{HttpResponse, WarcReader};

use crate::{FetchError, State};

/// Reconciles the state with a WARC file: reads the records past the length the state
/// accounts for, marks their responses' URLs fetched, and truncates the file after its last
/// whole record. Returns how many responses were recovered.
pub fn recover(state: &State, path: &Path, name: &str) -> Result<u64, FetchError> {
    let Ok(metadata) = std::fs::metadata(path) else {
        return Ok(0);
    };
    let committed = state.warc_len(name)?;
    let len = metadata.len();
    if len <= committed {
        return Ok(0);
    }
    let io = |e: std::io::Error| FetchError::Warc(format!("{}: {e}", path.display()));
    let mut reader = WarcReader::open_at(path, committed).map_err(io)?;
    let mut good = committed;
    let mut recovered = 0;
    while let Ok(Some(head)) = reader.next_head() {
        let Ok(block) = reader.read_block(usize::MAX) else {
            break;
        };
        if (block.len() as u64) < head.length {
            break;
        }
        let Ok(end) = reader.end_of_record() else {
            break;
        };
        if head.kind() == "response" {
            if let (Some(url), Some(http)) = (head.target_uri(), HttpResponse::parse(&block)) {
                state.done(url, None, http.status, name, head.offset, end)?;
                recovered += 1;
            }
        }
        good = end;
    }
    if good < len {
        let file = OpenOptions::new().write(true).open(path).map_err(io)?;
        file.set_len(good).map_err(io)?;
    }
    state.set_warc_len(name, good)?;
    Ok(recovered)
}
