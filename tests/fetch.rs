//! `trawl crawl` and `trawl fetch` against servers on 127.0.0.1: robots.txt obeyed, the
//! crawl-delay kept (across runs too), 503 and 429 retried, a refusing host stopped, a killed
//! run resumed without fetching twice, the WARC readable by an independent reader, and
//! extracting the WARC giving the records of the files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use trawl_tests::server::{Handler, Seen, Server};

/// The crawl-delay the test robots.txt asks for.
const CRAWL_DELAY: f64 = 0.3;

fn workspace() -> PathBuf {
    trawl_tests::workspace().to_owned()
}

fn trawl(args: &[&str]) -> Output {
    Command::new(trawl_tests::trawl())
        .args(args)
        .current_dir(workspace())
        .output()
        .unwrap()
}

const POLITE_BUT_QUICK: [&str; 6] = ["--delay", "0.1", "--backoff", "0.2", "--timeout", "5"];

/// The BBC fixtures, which the test site serves as its articles.
fn fixture(n: usize) -> PathBuf {
    let pages = [
        "2024-06-12-canal-lock-explainer.html",
        "2026-03-02-scilly-ferry-fares.html",
    ];
    workspace()
        .join("tests/fixtures/bbc.co.uk")
        .join(pages[n % 2])
}

/// A rule pack of one rule: the BBC rule, serving the test host, with sources on it.
fn rules(dir: &Path, server: &Server) -> PathBuf {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    let text = std::fs::read_to_string(workspace().join("rules/bbc.co.uk.yaml")).unwrap();
    let text = text.split("\n# Where `trawl crawl`").next().unwrap();
    let text = text.replace("hosts: [bbc.co.uk, bbc.com]", "hosts: [127.0.0.1]");
    let sources = format!(
        "sources:\n  feeds: [{}]\n  robots_sitemaps: true\n  articles: /(news|private)/\n",
        server.url("/feed.xml")
    );
    std::fs::write(rules.join("local.yaml"), format!("{text}\n{sources}")).unwrap();
    rules
}

fn html(n: usize) -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    let body = std::fs::read(fixture(n)).unwrap();
    (
        200,
        vec![("Content-Type", "text/html; charset=utf-8".into())],
        body,
    )
}

/// The news site: robots.txt, a feed (with an ETag), a news sitemap, articles, a 503 that
/// recovers, a 429 with Retry-After.
fn news_site(extra_articles: usize, slow: Option<&'static str>) -> Server {
    let feed_paths: Arc<Mutex<Vec<String>>> = Arc::default();
    let paths = feed_paths.clone();
    let port = Arc::new(Mutex::new(0u16));
    let port_in = port.clone();
    let handler: Arc<Handler> = Arc::new(move |path: &str, nth: usize, conditional: bool| {
        let base = format!("http://127.0.0.1:{}", *port_in.lock().unwrap());
        match path {
            "/robots.txt" => (200, vec![], format!("User-agent: *\nDisallow: /private/\nCrawl-delay: {CRAWL_DELAY}\nSitemap: {base}/sitemap-news.xml\n").into_bytes()),
            "/feed.xml" if conditional => (304, vec![], Vec::new()),
            "/feed.xml" => {
                let items: String = paths.lock().unwrap().iter().map(|p| format!("<item><title>{p}</title><link>{base}{p}</link><pubDate>Tue, 14 May 2024 08:00:00 GMT</pubDate></item>")).collect();
                (200, vec![("ETag", "\"v1\"".into()), ("Content-Type", "application/rss+xml".into())], format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>{items}</channel></rss>").into_bytes())
            }
            "/sitemap-news.xml" => (200, vec![("Content-Type", "application/xml".into())], format!(
                r#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>{base}/news/c</loc><news:news><news:publication_date>2024-05-14T09:00:00Z</news:publication_date></news:news></url><url><loc>{base}/about</loc></url></urlset>"#).into_bytes()),
            "/news/flaky" if nth == 1 => (503, vec![], b"busy".to_vec()),
            "/news/limited" if nth == 1 => (429, vec![("Retry-After", "1".into())], b"slow down".to_vec()),
            p if p.starts_with("/news/") => {
                if slow == Some(p) && nth == 1 {
                    std::thread::sleep(Duration::from_secs(2));
                }
                html(p.len())
            }
            _ => (404, vec![], b"no".to_vec()),
        }
    });
    let server = Server::start(handler);
    *port.lock().unwrap() = server.port;
    let mut list = vec![
        "/news/a".to_owned(),
        "/news/b".into(),
        "/private/secret".into(),
        "/news/flaky".into(),
        "/news/limited".into(),
    ];
    list.extend((0..extra_articles).map(|i| format!("/news/extra-{i}")));
    *feed_paths.lock().unwrap() = list;
    server
}

/// Records by URL, from stdout.
fn records(out: &Output) -> BTreeMap<String, serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            (record["url"].as_str().unwrap().to_owned(), record)
        })
        .collect()
}

fn warcs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    files.sort();
    files
}

/// The target URIs of the response records, read with the `warc` crate.
fn archived(files: &[PathBuf]) -> Vec<String> {
    let mut urls = Vec::new();
    for file in files {
        for record in warc::WarcReader::from_path_gzip(file)
            .unwrap()
            .iter_records()
        {
            let record = record.unwrap();
            if record.header(warc::WarcHeader::WarcType).unwrap() == "response" {
                assert!(record.header(warc::WarcHeader::Date).is_some());
                urls.push(
                    record
                        .header(warc::WarcHeader::TargetURI)
                        .unwrap()
                        .into_owned(),
                );
            }
        }
    }
    urls
}

#[test]
fn a_crawl_is_polite_retries_archives_and_extracts_like_the_files() {
    let server = news_site(0, None);
    let dir = trawl_tests::scratch("crawl");
    let rules = rules(&dir, &server);
    // A broken rule beside the good one is left out with a warning; the crawl goes on.
    std::fs::write(
        rules.join("broken.yaml"),
        "name: Broken\nhosts: [broken.example]\nfields:\n  title: h1 | nosuchfilter\n",
    )
    .unwrap();
    let out_dir = dir.join("out");
    let args = |extra: &[&str]| {
        let mut args = vec![
            "crawl",
            "--rules",
            rules.to_str().unwrap(),
            "--warc-dir",
            out_dir.to_str().unwrap(),
            "--since",
            "2024-01-01",
        ];
        args.extend(POLITE_BUT_QUICK);
        args.extend(extra);
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let run = |extra: &[&str]| {
        let args = args(extra);
        trawl(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let out = run(&["--extract"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("warning: rule file").count(),
        1,
        "one warning for the broken rule, though the pack serves sources and records: {stderr}"
    );
    assert!(stderr.contains("broken.yaml:4:"), "{stderr}");

    let seen = server.seen();
    assert_eq!(
        server.count("/private/secret"),
        0,
        "robots.txt disallows it"
    );
    assert!(stderr.contains("1 skipped by robots.txt"), "{stderr}");
    for pair in seen.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap.as_secs_f64() >= CRAWL_DELAY * 0.95,
            "{gap:?} between {} and {}",
            pair[0].path,
            pair[1].path
        );
    }
    assert_eq!(server.count("/news/flaky"), 2, "the 503 is retried");
    assert_eq!(server.count("/news/limited"), 2, "the 429 is retried");
    let limited: Vec<_> = seen.iter().filter(|s| s.path == "/news/limited").collect();
    assert!(
        limited[1].at - limited[0].at >= Duration::from_secs(1),
        "Retry-After: 1 is honoured"
    );
    assert_eq!(
        server.count("/news/c"),
        1,
        "the news sitemap robots.txt lists is read"
    );
    assert_eq!(server.count("/about"), 0, "not an article URL");

    let articles = [
        "/news/a",
        "/news/b",
        "/news/flaky",
        "/news/limited",
        "/news/c",
    ];
    let mut expected: Vec<String> = articles.iter().map(|p| server.url(p)).collect();
    let mut got = archived(&warcs(&out_dir));
    got.retain(|u| u.contains("/news/"));
    expected.sort();
    got.sort();
    assert_eq!(
        got, expected,
        "each article archived once, read back by the warc crate"
    );

    // The records of --extract, of `trawl extract` on the WARC and of the files are the same.
    let from_crawl = records(&out);
    let warc = warcs(&out_dir).remove(0);
    let from_warc = records(&trawl(&[
        "extract",
        "--rules",
        rules.to_str().unwrap(),
        warc.to_str().unwrap(),
    ]));
    assert_eq!(from_crawl, from_warc);
    assert_eq!(from_warc.len(), articles.len());
    let today = chrono::Utc::now().date_naive().to_string();
    for path in articles {
        let url = server.url(path);
        let file = fixture(path.len());
        let from_file = records(&trawl(&[
            "extract",
            "--rules",
            rules.to_str().unwrap(),
            "--url",
            &url,
            "--date",
            &today,
            file.to_str().unwrap(),
        ]));
        assert_eq!(from_warc.get(&url), from_file.get(&url), "{url}");
    }

    // A second run: the feed unchanged (conditional GET), nothing fetched twice.
    let before = server.seen().len();
    let again = run(&[]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let second: Vec<Seen> = server.seen().split_off(before);
    assert!(
        second
            .iter()
            .any(|s| s.path == "/feed.xml" && s.conditional),
        "{second:?}"
    );
    assert!(
        second.iter().all(|s| !s.path.starts_with("/news/")),
        "{second:?}"
    );
    assert!(
        second.iter().all(|s| s.path != "/robots.txt"),
        "robots.txt is kept in the state"
    );
}

#[test]
fn a_killed_crawl_resumes_without_fetching_anything_twice() {
    let server = news_site(4, Some("/news/extra-1"));
    let dir = trawl_tests::scratch("resume");
    let rules = rules(&dir, &server);
    let out_dir = dir.join("out");
    let mut args = vec![
        "crawl".to_owned(),
        "--rules".into(),
        rules.display().to_string(),
        "--warc-dir".into(),
        out_dir.display().to_string(),
        "--since".into(),
        "2024-01-01".into(),
    ];
    args.extend(POLITE_BUT_QUICK.iter().map(|s| s.to_string()));
    let mut child = Command::new(trawl_tests::trawl())
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed while the server holds back its answer for /news/extra-1.
    let start = Instant::now();
    while server.count("/news/extra-1") == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the crawl never got there"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let killed_at = server.seen().last().unwrap().at;
    let before = server.seen().len();

    let out = trawl(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let second = server.seen().split_off(before);
    assert!(
        second[0].at - killed_at >= Duration::from_secs_f64(CRAWL_DELAY * 0.95),
        "the delay holds across runs"
    );

    let urls = archived(&warcs(&out_dir));
    let mut per_url: BTreeMap<&str, usize> = BTreeMap::new();
    for url in urls.iter().filter(|u| u.contains("/news/")) {
        *per_url.entry(url.as_str()).or_default() += 1;
    }
    assert_eq!(per_url.len(), 9, "{per_url:?}");
    assert!(
        per_url.values().all(|n| *n == 1),
        "each article archived once: {per_url:?}"
    );
    for path in [
        "/news/a",
        "/news/b",
        "/news/c",
        "/news/extra-0",
        "/news/extra-2",
        "/news/extra-3",
    ] {
        assert_eq!(server.count(path), 1, "{path} fetched once in all");
    }
    // The one in flight when the run was killed had no answer yet: asked again, archived once.
    assert_eq!(server.count("/news/extra-1"), 2);
}

#[test]
fn fetch_stops_a_host_that_keeps_refusing() {
    let handler: Arc<Handler> = Arc::new(|path: &str, _, _| match path {
        "/robots.txt" => (404, vec![], Vec::new()),
        _ => (403, vec![], b"Forbidden".to_vec()),
    });
    let blocked = Server::start(handler);
    let site = news_site(0, None);
    let dir = trawl_tests::scratch("refusing");
    let list = dir.join("urls.txt");
    let urls: Vec<String> = (0..6).map(|i| blocked.url(&format!("/p/{i}"))).collect();
    std::fs::write(&list, format!("# blocked\n{}\n", urls.join("\n"))).unwrap();
    let warc = dir.join("out.warc.gz");
    let mut args = vec![
        "fetch".to_owned(),
        site.url("/news/a"),
        "--list".into(),
        list.display().to_string(),
        "--warc".into(),
        warc.display().to_string(),
    ];
    args.extend(POLITE_BUT_QUICK.iter().map(|s| s.to_string()));
    let out = trawl(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let pages = blocked
        .seen()
        .iter()
        .filter(|s| s.path.starts_with("/p/"))
        .count();
    assert_eq!(pages, 3, "stopped after three 403s");
    assert!(
        stderr.contains(&format!("stopped host 127.0.0.1:{}", blocked.port)),
        "{stderr}"
    );
    assert!(
        stderr.contains("3 host stopped") && stderr.contains("3 status 403"),
        "{stderr}"
    );
    assert_eq!(archived(&[warc]), [site.url("/news/a")]);
}

#[test]
fn every_bundled_rule_has_sources_whose_article_pattern_takes_its_fixtures() {
    for entry in std::fs::read_dir(workspace().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let source = trawl_rules::SourceText {
            text: std::fs::read_to_string(&path).unwrap().into(),
            path: path.clone(),
        };
        let rule = trawl_rules::parse_rule(&source).unwrap().rule;
        let sources = rule
            .sources
            .unwrap_or_else(|| panic!("{} has no sources", path.display()));
        assert!(
            !sources.feeds.is_empty()
                || !sources.news_sitemaps.is_empty()
                || !sources.sitemaps.is_empty()
                || sources.robots_sitemaps,
            "{}",
            path.display()
        );
        let articles = regex::Regex::new(sources.articles.as_deref().unwrap()).unwrap();
        let domain = path.file_stem().unwrap().to_str().unwrap();
        for fixture in std::fs::read_dir(workspace().join("tests/fixtures").join(domain)).unwrap() {
            let fixture = fixture.unwrap().path();
            if fixture.extension().is_some_and(|e| e == "url") {
                let url = std::fs::read_to_string(&fixture).unwrap();
                assert!(
                    articles.is_match(url.trim()),
                    "{domain}: {} does not match {articles}",
                    url.trim()
                );
            }
        }
    }
}

/// A rule whose only source is `robots_sitemaps: true` gets work: its hosts' robots.txt,
/// the sitemaps it lists, and their articles (issue 24: such rules used to get nothing).
#[test]
fn a_site_whose_only_source_is_robots_sitemaps_is_crawled() {
    let server = news_site(0, None);
    let dir = trawl_tests::scratch("robots-only");
    let sources = trawl_rules::Sources {
        robots_sitemaps: true,
        articles: Some("/news/".into()),
        ..trawl_rules::Sources::default()
    };
    let mut site = trawl_fetch::Site::new("Local", &["127.0.0.1".into()], &sources).unwrap();
    assert_eq!(
        site.robots.iter().map(|u| u.as_str()).collect::<Vec<_>>(),
        ["https://127.0.0.1/robots.txt"],
        "the robots.txt of the rule's host"
    );
    // The test server speaks plain HTTP on a port of its own.
    site.robots = vec![url::Url::parse(&server.url("/robots.txt")).unwrap()];
    let state = trawl_fetch::State::open(&dir.join("state.redb")).unwrap();
    let politeness = trawl_fetch::Politeness {
        delay: Duration::from_millis(50),
        backoff: Duration::from_millis(100),
        ..trawl_fetch::Politeness::default()
    };
    let crawler = trawl_fetch::Crawler::new(
        politeness,
        &state,
        &dir.join("out.warc.gz"),
        trawl_fetch::Limits::default(),
        &trawl_fetch::Quiet,
    )
    .unwrap();
    crawler.add(Arc::new(site).tasks());
    let summary = crawler.run().unwrap();
    assert_eq!(server.count("/robots.txt"), 1);
    assert_eq!(server.count("/sitemap-news.xml"), 1);
    assert_eq!(server.count("/news/c"), 1, "the article the sitemap lists");
    assert_eq!(server.count("/about"), 0, "not an article");
    assert_eq!(summary.fetched, 1, "{summary}");
    assert_eq!(summary.sites["Local"].nothing_fetched(), None);
}

/// A crawl that fetches nothing for a site is an error naming the site and why, never exit 0.
#[test]
fn a_crawl_that_fetches_nothing_for_a_site_fails_naming_it() {
    let dir = trawl_tests::scratch("crawl-nothing");
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    let text = std::fs::read_to_string(workspace().join("rules/bbc.co.uk.yaml")).unwrap();
    let text = text.split("\n# Where `trawl crawl`").next().unwrap();
    // Only robots.txt, over https on 127.0.0.1, where nothing listens.
    let text = text.replace("hosts: [bbc.co.uk, bbc.com]", "hosts: [127.0.0.1]");
    let sources = "sources:\n  robots_sitemaps: true\n  articles: /news/\n";
    std::fs::write(rules.join("local.yaml"), format!("{text}\n{sources}")).unwrap();
    let (rules, warcs) = (rules.display().to_string(), dir.join("warcs"));
    let mut args = vec!["crawl", "--rules", &rules, "--retries", "0"];
    let warcs = warcs.display().to_string();
    args.extend(["--warc-dir", &warcs]);
    args.extend(POLITE_BUT_QUICK);
    let out = trawl(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: nothing fetched for the site BBC News: 1 robots.txt unavailable"),
        "{stderr}"
    );
    assert!(
        stderr.contains("https://127.0.0.1/robots.txt#sitemaps: robots.txt unavailable"),
        "the failed URL is named: {stderr}"
    );
}
