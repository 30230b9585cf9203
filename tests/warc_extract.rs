//! `trawl extract` on web archives: every fixture page put in a WARC file gives the same
//! record as the page file, with its URL from `WARC-Target-URI`, its date from `WARC-Date`
//! and its charset from the HTTP Content-Type.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

use chrono::{NaiveDate, TimeZone, Utc};
use trawl_warc::{Exchange, WarcWriter};

fn trawl(args: &[&str]) -> Output {
    Command::new(trawl_tests::trawl())
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("the binary runs")
}

fn workspace() -> PathBuf {
    trawl_tests::workspace().to_owned()
}

/// The fixture pages with their URLs and the day in their file name.
fn fixtures() -> Vec<(PathBuf, String, NaiveDate)> {
    let mut pages = Vec::new();
    for site in std::fs::read_dir(workspace().join("tests/fixtures")).unwrap() {
        for file in std::fs::read_dir(site.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "html") {
                let url = std::fs::read_to_string(path.with_extension("url")).unwrap();
                let name = path.file_name().unwrap().to_str().unwrap();
                let day = NaiveDate::parse_from_str(&name[..10], "%Y-%m-%d").unwrap_or_default();
                pages.push((path, url.trim().to_owned(), day));
            }
        }
    }
    pages.sort();
    pages
}

/// Records by URL.
fn records(out: &Output) -> BTreeMap<String, serde_json::Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            (record["url"].as_str().unwrap().to_owned(), record)
        })
        .collect()
}

/// The text as ISO-8859-1 bytes, when every character fits.
fn latin1(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}

#[test]
fn a_warc_of_the_fixtures_gives_the_records_of_the_files() {
    let dir = std::env::temp_dir().join(format!("trawl-warc-extract-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let warc = dir.join("fixtures.warc.gz");
    let mut writer = WarcWriter::append(&warc).unwrap();
    writer
        .write_warcinfo("fixtures.warc.gz", &[("software", "trawl tests")])
        .unwrap();
    let mut latin1_pages = 0;
    for (path, url, day) in fixtures() {
        let html = std::fs::read_to_string(&path).unwrap();
        // A page in ISO-8859-1 whose <meta> still says UTF-8: the HTTP charset must win.
        let (head, body) = match latin1(&html).filter(|bytes| bytes.len() < html.len()) {
            Some(bytes) => {
                latin1_pages += 1;
                (
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n",
                    bytes,
                )
            }
            None => (
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n",
                html.into_bytes(),
            ),
        };
        let date = Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap());
        let mut exchange = |head: &'static str, payload: &[u8], url: &str| {
            let exchange = Exchange {
                url,
                date,
                request: b"GET / HTTP/1.1\r\n\r\n",
                response_head: head.as_bytes(),
                payload,
                ip: None,
                truncated: false,
            };
            writer.write_exchange(&exchange).unwrap();
        };
        exchange(head, &body, &url);
        exchange(
            "HTTP/1.1 301 Moved Permanently\r\nLocation: /x\r\nContent-Type: text/html\r\n\r\n",
            b"",
            &url,
        );
        exchange(
            "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n",
            b"\xff\xd8",
            &format!("{url}.jpg"),
        );
    }
    drop(writer);
    assert!(latin1_pages > 0, "no fixture tests the HTTP charset");

    let from_files = records(&trawl(&["extract", "tests/fixtures"]));
    let out = trawl(&["extract", warc.to_str().unwrap()]);
    let from_warc = records(&out);
    assert_eq!(from_warc.len(), from_files.len());
    for (url, record) in &from_files {
        assert_eq!(from_warc.get(url), Some(record), "{url}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let count = from_files.len();
    assert!(
        stderr.contains(&format!("{count} page(s); skipped {}", 1 + 5 * count)),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{count} not HTML, {count} not status 200")),
        "{stderr}"
    );
}
