//! The scaffold against the bundled fixtures: a rule written from a fixture page must agree
//! with the bundled rule's record on title, publication instant and most body paragraphs.

use std::path::{Path, PathBuf};

use trawl_engine::{Pack, PageInput, Record, Registry};
use trawl_rules::SourceText;

use super::scaffold_rule;
use crate::eval::{parse_instant, squash};
use crate::rule_pack::load_pack;

fn compile(domain: &str, yaml: &str) -> Pack {
    let source = SourceText {
        path: format!("{domain}.yaml").into(),
        text: yaml.into(),
    };
    match Pack::from_sources(vec![source], &Registry::standard()) {
        Ok(pack) => pack,
        Err(error) => panic!("the scaffold for {domain} does not compile: {error:?}\n{yaml}"),
    }
}

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut pages = Vec::new();
    for dir in std::fs::read_dir(&root)
        .expect("the fixtures folder")
        .flatten()
    {
        let domain = dir.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(dir.path())
            .expect("a fixture folder")
            .flatten()
        {
            let path = file.path();
            if path.extension().is_some_and(|ext| ext == "html") {
                pages.push((domain.clone(), path));
            }
        }
    }
    pages.sort();
    pages
}

fn extract(pack: &Pack, bytes: &[u8], url: &str) -> Record {
    let input = PageInput {
        bytes,
        url: Some(url),
        ..PageInput::default()
    };
    pack.extract(&input).expect("a record").record
}

/// The share of `expected` paragraphs found in `got`, whitespace aside.
fn recall(got: &Record, expected: &Record) -> f64 {
    let got: Vec<String> = got.body.paragraphs().map(squash).collect();
    let wanted: Vec<String> = expected.body.paragraphs().map(squash).collect();
    let found = wanted.iter().filter(|p| got.contains(p)).count();
    found as f64 / wanted.len().max(1) as f64
}

#[test]
fn scaffolds_agree_with_the_bundled_rules_on_every_fixture() {
    let bundled = load_pack(None).expect("the bundled pack compiles");
    let pages = fixtures();
    assert!(pages.len() >= 10, "fixtures found: {}", pages.len());
    let mut problems = Vec::new();
    for (domain, path) in &pages {
        let bytes = std::fs::read(path).expect("a fixture page");
        let url = std::fs::read_to_string(path.with_extension("url")).expect("a .url file");
        let url = url.trim();
        let html = String::from_utf8_lossy(&bytes);
        // The page's own host: the BBC fixtures live under bbc.co.uk but are bbc.com pages.
        let host = url.split('/').nth(2).unwrap_or(domain);
        let host = host.strip_prefix("www.").unwrap_or(host);
        let scaffold = scaffold_rule(host, &html, Some(url));
        let got = extract(&compile(host, &scaffold.yaml), &bytes, url);
        let want = extract(&bundled, &bytes, url);
        let name = path.display();
        if squash(&got.title) != squash(&want.title) {
            problems.push(format!(
                "{name}: title {:?}, bundled {:?}",
                got.title, want.title
            ));
        }
        let instant = |record: &Record| record.published.as_deref().and_then(parse_instant);
        if instant(&got) != instant(&want) {
            problems.push(format!(
                "{name}: published {:?}, bundled {:?}",
                got.published, want.published
            ));
        }
        let share = recall(&got, &want);
        if share < 0.7 {
            problems.push(format!(
                "{name}: body recall {:.0}%\n{}",
                share * 100.0,
                scaffold.yaml
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_rule_starts_with_the_schema_and_a_review_notice() {
    let page = r#"<html lang="en-GB"><head><meta property="og:site_name" content="Example News">
        <meta property="og:title" content="A headline"></head><body><h1>A headline</h1>
        <div class="story-body"><p>First paragraph, long enough to count as article text in the page, surely.</p>
        <p>Second paragraph, also long enough to count as article text in the page, surely.</p></div></body></html>"#;
    let scaffold = scaffold_rule("example.com", page, Some("https://example.com/a"));
    let mut lines = scaffold.yaml.lines();
    assert_eq!(
        lines.next(),
        Some("# yaml-language-server: $schema=./rule.schema.json")
    );
    assert!(lines
        .next()
        .is_some_and(|line| line.contains("trawl new") && line.contains("https://example.com/a")));
    assert!(
        scaffold.yaml.contains("name: 'Example News'"),
        "{}",
        scaffold.yaml
    );
    assert!(
        scaffold.yaml.contains("language: en\n"),
        "{}",
        scaffold.yaml
    );
    assert!(
        scaffold.yaml.contains("root: 'div.story-body'"),
        "{}",
        scaffold.yaml
    );
    assert!(
        scaffold
            .yaml
            .contains("title: 'meta(og:title) || h1 | text'"),
        "{}",
        scaffold.yaml
    );
    compile("example.com", &scaffold.yaml);
}

#[test]
fn an_empty_page_still_gives_a_rule_that_compiles() {
    let scaffold = scaffold_rule("example.org", "", None);
    assert!(
        scaffold.yaml.contains("hosts: ['example.org']"),
        "{}",
        scaffold.yaml
    );
    compile("example.org", &scaffold.yaml);
}

#[test]
fn offsets_map_to_zones() {
    use super::probe::{offset_minutes, zone_for};
    assert_eq!(offset_minutes("2024-05-14T09:12:00+02:00"), Some(120));
    assert_eq!(offset_minutes("2024-05-14T09:12:00.000Z"), Some(0));
    assert_eq!(offset_minutes("2024-05-14T09:12:00-0500"), Some(-300));
    assert_eq!(offset_minutes("2024-05-14"), None);
    assert_eq!(zone_for(120, "de", "de"), Some("Europe/Berlin"));
    assert_eq!(zone_for(330, "en", "com"), Some("Asia/Kolkata"));
}
