//! Hostile input through the other doors: stdin, web archives and pages fetched from a
//! hostile server on 127.0.0.1. Each bad page or record fails alone, is counted in the
//! summary, and the good ones beside it still give their records.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use flate2::{write::GzEncoder, Compression};

fn workspace() -> PathBuf {
    trawl_tests::workspace().to_owned()
}

/// A BBC fixture page and its URL.
fn fixture() -> (Vec<u8>, String) {
    let stem = workspace().join("tests/fixtures/bbc.co.uk/2024-06-12-canal-lock-explainer");
    let page = std::fs::read(stem.with_extension("html")).unwrap();
    let url = std::fs::read_to_string(stem.with_extension("url")).unwrap();
    (page, url.trim().to_owned())
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn records(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// A WARC `response` record of `payload` at `url`, with extra HTTP headers, uncompressed.
fn response_plain(url: &str, headers: &str, payload: &[u8]) -> Vec<u8> {
    let mut block =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\r\n")
            .into_bytes();
    block.extend_from_slice(payload);
    let mut record = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-06-12T12:00:00Z\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(&block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

/// [`response_plain`] as one gzip member.
fn response(url: &str, headers: &str, payload: &[u8]) -> Vec<u8> {
    gzip(&response_plain(url, headers, payload))
}

// A 1 GB plain page aborted the batch (SIGABRT), with the good pages beside it lost; stdin
// had no limit either.
#[test]
fn plain_pages_and_stdin_over_the_limit_fail_alone_and_are_counted() {
    let dir = trawl_tests::scratch("hostile-sources-size");
    let (page, url) = fixture();
    std::fs::write(dir.join("a-good.html"), &page).unwrap();
    std::fs::write(dir.join("a-good.url"), &url).unwrap();
    let mut big = page.clone();
    big.resize((2 << 20) + 1, b' ');
    std::fs::write(dir.join("b-big.html"), &big).unwrap();
    std::fs::write(dir.join("b-big.url"), &url).unwrap();
    let errors = dir.join("errors.jsonl");
    let out = Command::new(trawl_tests::trawl())
        .args(["extract", "--max-page-size", "2", "--errors"])
        .arg(&errors)
        .arg(dir.join("a-good.html"))
        .arg(dir.join("b-big.html"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(records(&out).len(), 1, "{stderr}");
    assert!(
        stderr.contains("b-big.html: cannot read: the page is larger than 2 MiB; raise the limit with --max-page-size")
            && stderr.contains("1 failed (1 too large)"),
        "{stderr}"
    );
    let logged = std::fs::read_to_string(&errors).unwrap();
    assert!(
        logged.contains("b-big.html") && logged.contains("too_large"),
        "{logged}"
    );

    let mut child = Command::new(trawl_tests::trawl())
        .args(["extract", "--max-page-size", "2", "--url", &url, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader stops one byte past the limit: the writer may see a broken pipe.
    let _ = child.stdin.take().unwrap().write_all(&big);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("1 too large"), "{stderr}");
}

/// A WARC holding a good page, a gzip bomb, garbage, a record with a wrong length and the
/// good page again.
fn hostile_warc(dir: &Path) -> PathBuf {
    let (page, url) = fixture();
    let bomb = gzip(&vec![b' '; 8 << 20]);
    // Content-Length 100 bytes short: the tail of its block is left before the next record.
    let short = String::from_utf8(response_plain(&format!("{url}?short"), "", &page)).unwrap();
    let length: usize = short
        .lines()
        .find_map(|line| line.strip_prefix("Content-Length: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let short = short.replacen(
        &format!("Content-Length: {length}"),
        &format!("Content-Length: {}", length - 100),
        1,
    );
    let file: Vec<u8> = [
        response(&url, "", &page),
        response(&format!("{url}?bomb"), "Content-Encoding: gzip\r\n", &bomb),
        b"garbage a broken download left between two records\n".to_vec(),
        gzip(short.as_bytes()),
        response(&format!("{url}?again"), "", &page),
    ]
    .concat();
    let path = dir.join("hostile.warc.gz");
    std::fs::write(&path, file).unwrap();
    path
}

// A gzip bomb in a WARC reached 5.3 GB; the reader stopped at the first malformed record,
// losing every later one uncounted; pages over the fixed limit were "skipped", exit 0.
#[test]
fn a_hostile_warc_costs_its_bad_records_only_and_each_is_counted() {
    let dir = trawl_tests::scratch("hostile-sources-warc");
    let warc = hostile_warc(&dir);
    let out = Command::new(trawl_tests::trawl())
        .args(["extract", "--jobs", "1", "--max-page-size", "4"])
        .arg(&warc)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let urls: Vec<String> = records(&out)
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        urls.first().is_some_and(|u| !u.contains('?'))
            && urls.last().is_some_and(|u| u.ends_with("?again")),
        "{urls:?}\n{stderr}"
    );
    assert!(
        stderr.contains("the page is larger than 4 MiB; raise the limit with --max-page-size"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 too large") && stderr.contains("unreadable"),
        "{stderr}"
    );
    let raised = Command::new(trawl_tests::trawl())
        .args(["extract", "--jobs", "1", "--max-page-size", "16"])
        .arg(&warc)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&raised.stderr);
    assert!(!stderr.contains("too large"), "{stderr}");
}

/// A server on 127.0.0.1 answering every page with `body` and `headers` after `pause`, for
/// `count` connections at most; the second value counts the requests for each page.
fn serve(
    count: usize,
    headers: &'static str,
    body: Vec<u8>,
    pause: Duration,
) -> (u16, Arc<Mutex<BTreeMap<String, usize>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count).flatten() {
            let (body, log) = (body.clone(), log.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
                let mut header = String::new();
                while reader.read_line(&mut header).unwrap_or(0) > 2 {
                    header.clear();
                }
                let (status, headers, body) = if path == "/robots.txt" {
                    ("404 Not Found", "", Vec::new())
                } else {
                    *log.lock().unwrap().entry(path).or_default() += 1;
                    std::thread::sleep(pause);
                    ("200 OK", headers, body)
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: text/html; charset=utf-8\r\n{headers}Connection: close\r\n\r\n",
                    body.len()
                );
                let mut stream = stream;
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    (port, seen)
}

// `fetch --extract` read a gzip body a server sent unasked as it came (no limit, no
// decoding), so it disagreed with `extract` over the same WARC.
#[test]
fn fetch_extract_and_extract_agree_on_gzip_pages_and_the_limit() {
    let (page, _) = fixture();
    for (name, body, limit, too_large) in [
        ("small", gzip(&page), "4", false),
        ("bomb", gzip(&vec![b' '; 8 << 20]), "4", true),
    ] {
        let (port, _) = serve(8, "Content-Encoding: gzip\r\n", body, Duration::ZERO);
        let dir = trawl_tests::scratch(&format!("hostile-sources-fetch-{name}"));
        let warc = dir.join("out.warc.gz");
        let fetched = Command::new(trawl_tests::trawl())
            .args([
                "fetch",
                "--extract",
                "--max-page-size",
                limit,
                "--delay",
                "0",
            ])
            .arg(format!("http://127.0.0.1:{port}/news/{name}"))
            .arg("--warc")
            .arg(&warc)
            .output()
            .unwrap();
        let extracted = Command::new(trawl_tests::trawl())
            .args(["extract", "--max-page-size", limit])
            .arg(&warc)
            .output()
            .unwrap();
        let (fetch_err, extract_err) = (
            String::from_utf8_lossy(&fetched.stderr),
            String::from_utf8_lossy(&extracted.stderr),
        );
        let strip = |mut records: Vec<serde_json::Value>| {
            for record in &mut records {
                record.as_object_mut().unwrap().remove("warnings");
            }
            records
        };
        assert_eq!(
            strip(records(&fetched)),
            strip(records(&extracted)),
            "{name}: {fetch_err}\n{extract_err}"
        );
        assert_eq!(
            records(&fetched).len(),
            usize::from(!too_large),
            "{fetch_err}"
        );
        if too_large {
            for stderr in [&fetch_err, &extract_err] {
                assert!(
                    stderr.contains("the page is larger than 4 MiB")
                        && stderr.contains("1 too large"),
                    "{stderr}"
                );
            }
        } else {
            assert_eq!(records(&fetched)[0]["site"], "generic", "{fetch_err}");
        }
    }
}

/// The URLs of the pages in a WARC file.
fn archived(warc: &Path) -> Vec<String> {
    trawl_warc::Pages::open(warc)
        .unwrap()
        .map(|page| page.unwrap().url)
        .collect()
}

// SIGINT, SIGTERM and SIGHUP ended `fetch` with no summary and a JSON array never closed;
// with --extract the records of pages archived were lost, and the next run skipped them.
#[test]
fn a_signal_stops_fetch_cleanly_and_a_second_run_fetches_the_rest_once() {
    let (page, _) = fixture();
    let pages = 8;
    let (port, seen) = serve(64, "", page, Duration::from_millis(300));
    let dir = trawl_tests::scratch("hostile-sources-signal");
    let list = dir.join("urls.txt");
    let urls: Vec<String> = (0..pages)
        .map(|n| format!("http://127.0.0.1:{port}/news/{n}"))
        .collect();
    std::fs::write(&list, urls.join("\n")).unwrap();
    let run = |signal: Option<&str>| {
        let warc = dir.join(format!("out-{}.warc.gz", signal.unwrap_or("rest")));
        let child = Command::new(trawl_tests::trawl())
            .args([
                "fetch",
                "--extract",
                "--format",
                "json",
                "--delay",
                "0",
                "--hosts",
                "1",
            ])
            .arg("--list")
            .arg(&list)
            .arg("--state")
            .arg(dir.join("state"))
            .arg("--warc")
            .arg(&warc)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(signal) = signal {
            let before: usize = seen.lock().unwrap().values().sum();
            let guard = Instant::now() + Duration::from_secs(120);
            while seen.lock().unwrap().values().sum::<usize>() < before + 2 {
                assert!(Instant::now() < guard, "the fetch never started");
                std::thread::sleep(Duration::from_millis(20));
            }
            let status = Command::new("kill")
                .arg(format!("-{signal}"))
                .arg(child.id().to_string())
                .status()
                .unwrap();
            assert!(status.success());
        }
        let out = child.wait_with_output().unwrap();
        (out, warc)
    };
    let mut fetched = Vec::new();
    let signals = [("INT", 130), ("TERM", 143), ("HUP", 129)];
    for (signal, code) in signals {
        let (out, warc) = run(Some(signal));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{signal}: {stderr}");
        assert!(stderr.contains("fetched"), "no summary: {stderr}");
        let records: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{signal}: not a closed JSON array ({e}): {stderr}"));
        let archived = archived(&warc);
        assert_eq!(records.len(), archived.len(), "{signal}: {stderr}");
        fetched.extend(archived);
    }
    assert!(
        fetched.len() < pages,
        "the signals stopped nothing: {fetched:?}"
    );
    let (out, warc) = run(None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fetched.extend(archived(&warc));
    fetched.sort();
    let mut expected = urls.clone();
    expected.sort();
    assert_eq!(fetched, expected);
    assert!(
        seen.lock().unwrap().values().all(|&n| n == 1),
        "a page was fetched twice: {:?}",
        seen.lock().unwrap()
    );
}
