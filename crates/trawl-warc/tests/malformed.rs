//! Malformed WARC files: a bad record is one error and the records after it are still read;
//! a page over the size limit is one error too.

use std::io::Write;

use trawl_warc::{Pages, WarcErrorKind, WarcReader};

/// One `response` record of a page at `url`, its Content-Length off by `skew` bytes.
fn record(url: &str, payload: &[u8], skew: i64, gzip_payload: bool) -> Vec<u8> {
    let coding = if gzip_payload {
        "Content-Encoding: gzip\r\n"
    } else {
        ""
    };
    let mut block =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{coding}\r\n").into_bytes();
    block.extend_from_slice(payload);
    let length = (block.len() as i64 + skew) as u64;
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-03-07T12:00:00Z\r\nContent-Length: {length}\r\n\r\n"
    )
    .into_bytes();
    out.extend_from_slice(&block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// The URLs of the pages read and the number of errors.
fn read(bytes: &[u8], limit: Option<u64>) -> (Vec<String>, Vec<String>) {
    let mut pages = Pages::new(WarcReader::new(bytes).unwrap());
    if let Some(limit) = limit {
        pages = pages.with_max_page_size(limit);
    }
    let (mut urls, mut errors) = (Vec::new(), Vec::new());
    for (n, page) in pages.enumerate() {
        assert!(n < 100, "the reader does not end");
        match page {
            Ok(page) => urls.push(page.url),
            Err(error) => errors.push(error.to_string()),
        }
    }
    (urls, errors)
}

const PAGE: &[u8] = b"<html><p>A page of the archive.</p></html>";

// The reader stopped at garbage between records: every later record was lost uncounted.
#[test]
fn garbage_between_records_is_one_error_and_the_next_records_are_read() {
    for gzipped in [false, true] {
        let members: Vec<Vec<u8>> = vec![
            record("https://a.example/1", PAGE, 0, false),
            b"\x00\x01 some bytes a broken downloader left\n\nmore of them\n".to_vec(),
            record("https://a.example/2", PAGE, 0, false),
            record("https://a.example/3", PAGE, 0, false),
        ];
        let file: Vec<u8> = members
            .iter()
            .flat_map(|m| if gzipped { gzip(m) } else { m.clone() })
            .collect();
        let (urls, errors) = read(&file, None);
        assert_eq!(
            urls,
            [
                "https://a.example/1",
                "https://a.example/2",
                "https://a.example/3"
            ],
            "gzip: {gzipped}"
        );
        assert_eq!(errors.len(), 1, "gzip: {gzipped}: {errors:?}");
    }
}

// A Content-Length that is too short or too long lost every later record.
#[test]
fn a_wrong_content_length_costs_that_record_only() {
    for skew in [-10, 25] {
        let members = [
            record("https://a.example/1", PAGE, 0, false),
            record("https://a.example/2", PAGE, skew, false),
            record("https://a.example/3", PAGE, 0, false),
            record("https://a.example/4", PAGE, 0, false),
        ];
        let file: Vec<u8> = members.iter().flat_map(|m| gzip(m)).collect();
        let (urls, errors) = read(&file, None);
        assert!(
            urls.ends_with(&["https://a.example/3".into(), "https://a.example/4".into()])
                && urls[0] == "https://a.example/1",
            "skew {skew}: {urls:?}"
        );
        assert_eq!(errors.len(), 1, "skew {skew}: {errors:?}");
    }
}

// A corrupt gzip member ended the file.
#[test]
fn a_corrupt_gzip_member_is_one_error() {
    let mut broken = gzip(&record("https://a.example/2", PAGE, 0, false));
    let middle = broken.len() / 2;
    broken[middle..middle + 8].copy_from_slice(b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8");
    let file: Vec<u8> = [
        gzip(&record("https://a.example/1", PAGE, 0, false)),
        broken,
        gzip(&record("https://a.example/3", PAGE, 0, false)),
    ]
    .concat();
    let (urls, errors) = read(&file, None);
    assert_eq!(urls, ["https://a.example/1", "https://a.example/3"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
}

// A 1 MB gzip payload expanded to 5.3 GB; pages over the fixed limit were "skipped".
#[test]
fn pages_over_the_limit_are_errors_before_and_after_decoding() {
    let bomb = gzip(&vec![b' '; 3 << 20]);
    let file: Vec<u8> = [
        record("https://a.example/1", PAGE, 0, false),
        record("https://a.example/bomb", &bomb, 0, true),
        record(
            "https://a.example/big",
            &vec![b'x'; (1 << 20) + 1],
            0,
            false,
        ),
        record("https://a.example/4", PAGE, 0, false),
    ]
    .iter()
    .flat_map(|m| gzip(m))
    .collect();
    let mut pages =
        Pages::new(WarcReader::new(file.as_slice()).unwrap()).with_max_page_size(1 << 20);
    let results: Vec<_> = (&mut pages).collect();
    assert_eq!(results.len(), 4);
    assert_eq!(results[0].as_ref().unwrap().url, "https://a.example/1");
    assert_eq!(results[3].as_ref().unwrap().url, "https://a.example/4");
    for result in &results[1..3] {
        let error = result.as_ref().unwrap_err();
        assert!(
            matches!(error.kind, WarcErrorKind::TooLarge { limit } if limit == 1 << 20),
            "{error}"
        );
        assert!(error.to_string().contains("larger than 1 MiB"), "{error}");
    }
    let (urls, _) = read(&file, Some(4 << 20));
    assert_eq!(urls.len(), 4);
}
