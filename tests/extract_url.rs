//! `trawl extract https://…` against a server on 127.0.0.1: robots.txt read once and obeyed,
//! one request a page, redirects followed, and the record the same as from the saved page.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use trawl_tests::server::{Handler, Server};

fn fixture() -> PathBuf {
    trawl_tests::workspace().join("tests/fixtures/bbc.co.uk/2026-03-02-scilly-ferry-fares.html")
}

/// The site: robots.txt keeps us out of /private/; an article, a redirect to it, a 404.
fn site() -> Server {
    let handler: Arc<Handler> = Arc::new(|path: &str, _, _| {
        let page = || std::fs::read(fixture()).unwrap();
        let html = vec![("Content-Type", "text/html; charset=utf-8".to_owned())];
        match path {
            "/robots.txt" => (
                200,
                vec![],
                b"User-agent: *\nDisallow: /private/\n".to_vec(),
            ),
            "/news/a" | "/private/a" => (200, html, page()),
            "/old" => (301, vec![("Location", "/news/a".to_owned())], Vec::new()),
            _ => (404, vec![], b"no".to_vec()),
        }
    });
    Server::start(handler)
}

/// A pack of one rule: the BBC rule, serving 127.0.0.1.
fn rules(dir: &Path) -> PathBuf {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    let text =
        std::fs::read_to_string(trawl_tests::workspace().join("rules/bbc.co.uk.yaml")).unwrap();
    let text = text.replace("hosts: [bbc.co.uk, bbc.com]", "hosts: [127.0.0.1]");
    std::fs::write(rules.join("local.yaml"), text).unwrap();
    rules
}

fn trawl(args: &[&str]) -> Output {
    Command::new(trawl_tests::trawl())
        .args(args)
        .current_dir(trawl_tests::workspace())
        .output()
        .unwrap()
}

fn record(out: &Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = stdout.lines();
    let record = serde_json::from_str(lines.next().expect("a record")).unwrap();
    assert_eq!(lines.next(), None, "one record");
    record
}

#[test]
fn a_url_is_fetched_politely_once_and_extracted_like_the_saved_page() {
    let server = site();
    let dir = trawl_tests::scratch("extract-url");
    let rules = rules(&dir).display().to_string();
    let url = server.url("/news/a");
    let out = trawl(&["extract", "--rules", &rules, &url]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fetched = record(&out);
    assert_eq!(server.count("/robots.txt"), 1);
    assert_eq!(server.count("/news/a"), 1, "one request for the page");
    let fixture = fixture().display().to_string();
    let saved = record(&trawl(&[
        "extract", "--rules", &rules, "--url", &url, &fixture,
    ]));
    assert_eq!(fetched["url"], url.as_str());
    for field in ["site", "title", "authors", "published", "body"] {
        assert_eq!(fetched[field], saved[field], "{field}");
    }
}

#[test]
fn robots_txt_is_obeyed_redirects_followed_and_failures_named() {
    let server = site();
    let dir = trawl_tests::scratch("extract-url-robots");
    let rules = rules(&dir).display().to_string();
    let (private, old, gone) = (
        server.url("/private/a"),
        server.url("/old"),
        server.url("/gone"),
    );
    let out = trawl(&[
        "extract", "--rules", &rules, "--format", "text", &private, &old, &gone,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(server.count("/private/a"), 0, "robots.txt disallows it");
    assert_eq!(server.count("/robots.txt"), 1, "read once for the host");
    assert!(
        stderr.contains(&format!(
            "{private}: not fetched: its site's robots.txt disallows it"
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{gone}: answers 404")), "{stderr}");
    assert!(
        stderr.contains("3 pages: 1 record, 2 failed (2 not fetched)"),
        "{stderr}"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&server.url("/news/a")),
        "the redirect's target is the record's URL: {text}"
    );
}
