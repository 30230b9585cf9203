//! Writing exchanges and reading them back: with this crate, from each record's offset, and
//! with an independent reader (the `warc` crate).

use std::io::Write;

use chrono::{TimeZone, Utc};
use trawl_warc::{Exchange, Pages, WarcReader, WarcWriter};
use warc::WarcHeader;

fn exchange<'a>(url: &'a str, head: &'a [u8], payload: &'a [u8]) -> Exchange<'a> {
    Exchange {
        url,
        date: Utc.with_ymd_and_hms(2024, 3, 7, 12, 0, 0).unwrap(),
        request: b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
        response_head: head,
        payload,
        ip: Some("127.0.0.1".into()),
        truncated: false,
    }
}

const HTML_HEAD: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n";

fn sample(path: &std::path::Path) -> Vec<u64> {
    let mut writer = WarcWriter::append(path).unwrap();
    writer
        .write_warcinfo("sample.warc.gz", &[("software", "trawl-test")])
        .unwrap();
    let mut offsets = Vec::new();
    for (url, head, body) in [
        (
            "https://example.com/a",
            HTML_HEAD,
            &b"<html>caf\xe9</html>"[..],
        ),
        (
            "https://example.com/feed.xml",
            &b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n"[..],
            b"<rss/>",
        ),
        (
            "https://example.com/gone",
            &b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n"[..],
            b"<p>no",
        ),
        ("https://example.com/b", HTML_HEAD, b"<html>b</html>"),
    ] {
        offsets.push(
            writer
                .write_exchange(&exchange(url, head, body))
                .unwrap()
                .response,
        );
    }
    offsets
}

#[test]
fn pages_are_the_html_200_responses_with_url_date_and_charset() {
    let dir = tempdir();
    let path = dir.join("sample.warc.gz");
    sample(&path);
    let mut pages = Pages::open(&path).unwrap();
    let got: Vec<_> = (&mut pages).map(Result::unwrap).collect();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].url, "https://example.com/a");
    assert_eq!(got[0].body, b"<html>caf\xe9</html>");
    assert_eq!(got[0].content_type(), Some("text/html; charset=ISO-8859-1"));
    assert_eq!(
        got[0].date,
        Some(Utc.with_ymd_and_hms(2024, 3, 7, 12, 0, 0).unwrap())
    );
    let skipped = pages.skipped();
    assert_eq!(
        (skipped.not_response, skipped.not_html, skipped.status),
        (5, 1, 1)
    );
}

#[test]
fn each_record_reads_on_its_own_from_its_offset() {
    let dir = tempdir();
    let path = dir.join("sample.warc.gz");
    let offsets = sample(&path);
    let urls = [
        "https://example.com/a",
        "https://example.com/feed.xml",
        "https://example.com/gone",
        "https://example.com/b",
    ];
    for (offset, url) in offsets.iter().zip(urls) {
        let mut reader = WarcReader::open_at(&path, *offset).unwrap();
        let head = reader.next_head().unwrap().unwrap();
        assert_eq!(
            (head.offset, head.kind(), head.target_uri()),
            (*offset, "response", Some(url))
        );
    }
    let mut reader = WarcReader::open(&path).unwrap();
    let mut seen = Vec::new();
    while let Some(head) = reader.next_head().unwrap() {
        if head.kind() == "response" {
            seen.push(head.offset);
        }
    }
    assert_eq!(seen, offsets);
}

#[test]
fn an_independent_reader_reads_every_record_and_digest() {
    let dir = tempdir();
    let path = dir.join("sample.warc.gz");
    sample(&path);
    let reader = warc::WarcReader::from_path_gzip(&path).unwrap();
    let mut kinds = Vec::new();
    for record in reader.iter_records() {
        let record = record.unwrap();
        let kind = record.header(WarcHeader::WarcType).unwrap().to_string();
        if kind == "response" {
            let block = record.body();
            let head = trawl_warc::HttpResponse::parse(block).unwrap();
            let digest = record
                .header(WarcHeader::PayloadDigest)
                .unwrap()
                .to_string();
            assert_eq!(
                digest,
                trawl_warc::sha1_digest(&block[head.payload_start..])
            );
            assert!(record
                .header(WarcHeader::TargetURI)
                .unwrap()
                .starts_with("https://example.com/"));
        }
        kinds.push(kind);
    }
    assert_eq!(kinds.len(), 9);
    assert_eq!(kinds[0], "warcinfo");
    assert_eq!(&kinds[1..3], ["response", "request"]);
}

// CC-NEWS: one gzip member per record, payload codings removed and the original headers
// renamed, `WARC-Target-URI` without brackets, and records this reader must pass over.
#[test]
fn cc_news_style_files_read_as_they_are() {
    let mut file = Vec::new();
    let records: [(&str, &str, &[u8]); 3] = [
        ("warcinfo", "", b"software: StormCrawler\r\n"),
        ("request", "https://news.example.org/x", b"GET /x HTTP/1.1\r\n\r\n"),
        ("response", "https://news.example.org/x", b"HTTP/1.1 200 OK\r\nX-Crawler-Content-Encoding: gzip\r\nContent-Type: text/html;charset=UTF-8\r\n\r\n<html><title>X</title></html>"),
    ];
    for (kind, uri, block) in records {
        let mut text =
            format!("WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-01-01T00:00:05Z\r\n");
        if !uri.is_empty() {
            text.push_str(&format!("WARC-Target-URI: {uri}\r\n"));
        }
        text.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(block);
        bytes.extend_from_slice(b"\r\n\r\n");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&bytes).unwrap();
        file.extend(gz.finish().unwrap());
    }
    let pages: Vec<_> = Pages::new(WarcReader::new(file.as_slice()).unwrap())
        .map(Result::unwrap)
        .collect();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].url, "https://news.example.org/x");
    assert_eq!(pages[0].body, b"<html><title>X</title></html>");
    assert!(pages[0].offset > 0);
}

#[test]
fn plain_warc_files_and_several_records_in_one_member_read_too() {
    let mut writer = WarcWriter::new(Vec::new(), false);
    writer
        .write_exchange(&exchange("https://example.com/a", HTML_HEAD, b"<p>a"))
        .unwrap();
    writer
        .write_exchange(&exchange("https://example.com/b", HTML_HEAD, b"<p>b"))
        .unwrap();
    let plain = writer.into_inner();
    let urls = |bytes: &[u8]| -> Vec<String> {
        Pages::new(WarcReader::new(bytes).unwrap())
            .map(|p| p.unwrap().url)
            .collect()
    };
    assert_eq!(
        urls(&plain),
        ["https://example.com/a", "https://example.com/b"]
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&plain).unwrap();
    assert_eq!(
        urls(&gz.finish().unwrap()),
        ["https://example.com/a", "https://example.com/b"]
    );
}

#[test]
fn a_file_cut_inside_a_record_is_an_error_after_the_whole_records() {
    let mut writer = WarcWriter::new(Vec::new(), false);
    writer
        .write_exchange(&exchange("https://example.com/a", HTML_HEAD, b"<p>a"))
        .unwrap();
    writer
        .write_exchange(&exchange("https://example.com/b", HTML_HEAD, b"<p>b"))
        .unwrap();
    let bytes = writer.into_inner();
    let cut = &bytes[..bytes.len() - 30];
    let results: Vec<_> = Pages::new(WarcReader::new(cut).unwrap()).collect();
    // The cut is in the last request record: both pages, then the error.
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    assert!(results[2]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("ends inside a record"));
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "trawl-warc-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
