//! What `trawl new` writes, item by item, on small pages made for each case. How well it does
//! on real layouts is measured in `quality.rs`.

use trawl_engine::{Pack, Registry};
use trawl_rules::SourceText;

use super::scaffold_rule;

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
