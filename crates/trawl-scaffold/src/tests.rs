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

use super::{scaffold_site, schema_reference, SamplePage};
use trawl_engine::{PageInput, Record};

/// A paragraph long enough to count as article text.
fn para(n: usize) -> String {
    format!("<p>Paragraph {n} of the story, long enough to count as the article's own text and not a caption or a button.</p>")
}

fn paras(range: std::ops::Range<usize>) -> String {
    range.map(para).collect()
}

fn record(yaml: &str, html: &str, url: &str) -> Record {
    let pack = compile("example.com", yaml);
    pack.extract(&PageInput {
        bytes: html.as_bytes(),
        url: Some(url),
        rule: Some("example.com"),
        ..PageInput::default()
    })
    .expect("a record")
    .record
}

fn site(pages: &[(&str, &str)]) -> String {
    let samples: Vec<SamplePage<'_>> = pages
        .iter()
        .map(|(html, url)| SamplePage {
            html,
            url: Some(url),
        })
        .collect();
    scaffold_site("example.com", &samples, Some("./rule.schema.json")).yaml
}

fn paragraphs(record: &Record) -> Vec<String> {
    record.body.paragraphs().map(str::to_owned).collect()
}

#[test]
fn selectors_hold_on_every_page_given() {
    // The first page dates itself in JSON-LD only, the second in a meta tag only.
    let a = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","headline":"One","datePublished":"2024-05-14T09:00:00+02:00"}}</script></head>
        <body><h1>One</h1><div class="article-text first-kind">{}</div></body></html>"#,
        paras(0..4)
    );
    let b = format!(
        r#"<html><head><meta property="article:published_time" content="2024-06-01T10:00:00+02:00"></head>
        <body><h1>Two</h1><div class="article-text second-kind">{}</div></body></html>"#,
        paras(4..9)
    );
    let yaml = site(&[(&a, "https://example.com/a"), (&b, "https://example.com/b")]);
    assert!(!yaml.contains("versions:"), "{yaml}");
    assert!(yaml.contains("root: 'div.article-text'"), "{yaml}");
    let one = record(&yaml, &a, "https://example.com/a");
    let two = record(&yaml, &b, "https://example.com/b");
    assert_eq!(paragraphs(&one).len(), 4, "{yaml}");
    assert_eq!(paragraphs(&two).len(), 5, "{yaml}");
    assert!(one.published.is_some() && two.published.is_some(), "{yaml}");
}

#[test]
fn pages_without_a_common_root_get_a_version_each() {
    let a = format!(
        r#"<html><body><h1>One</h1><div class="article-body">{}</div><footer>{}</footer></body></html>"#,
        paras(0..4),
        para(90)
    );
    let b = format!(
        r#"<html><body><h1>Two</h1><section class="story-content">{}</section><footer>{}</footer></body></html>"#,
        paras(4..8),
        para(91)
    );
    let yaml = site(&[(&a, "https://example.com/a"), (&b, "https://example.com/b")]);
    assert!(yaml.contains("versions:"), "{yaml}");
    assert!(yaml.contains("when: 'div.article-body'"), "{yaml}");
    assert!(yaml.contains("root: 'section.story-content'"), "{yaml}");
    assert_eq!(
        paragraphs(&record(&yaml, &a, "https://example.com/a")).len(),
        4
    );
    assert_eq!(
        paragraphs(&record(&yaml, &b, "https://example.com/b")).len(),
        4
    );
}

#[test]
fn the_dek_becomes_the_summary() {
    let page = format!(
        r#"<html><body><h1>Harbour strike</h1><p class="standfirst">Dock workers walked out on Tuesday over pay, halting the port for a day.</p>
        <div class="story-body">{}</div></body></html>"#,
        paras(0..4)
    );
    let yaml = site(&[(&page, "https://example.com/a")]);
    assert!(yaml.contains("summary: 'p.standfirst'"), "{yaml}");
    let got = record(&yaml, &page, "https://example.com/a");
    assert_eq!(
        got.body.summary,
        ["Dock workers walked out on Tuesday over pay, halting the port for a day."]
    );
    assert_eq!(paragraphs(&got).len(), 5);
}

#[test]
fn visible_tag_links_become_topics() {
    let page = format!(
        r#"<html><body><h1>Harbour strike</h1><div class="story-body">{}</div>
        <ul class="article-tags"><li><a href="/t/harbour">Harbour</a></li><li><a href="/t/strikes">Strikes</a></li></ul></body></html>"#,
        paras(0..4)
    );
    let yaml = site(&[(&page, "https://example.com/a")]);
    assert!(
        yaml.contains("topics: 'ul.article-tags a | text | unique'"),
        "{yaml}"
    );
    assert_eq!(
        record(&yaml, &page, "https://example.com/a").topics,
        ["Harbour", "Strikes"]
    );
}

// `[class*="ad-"]` matched `article-lead-text` and removed the lead.
#[test]
fn no_removal_matches_the_lead() {
    let lead = "The lead of the story, in a paragraph of its own class, long enough to be the article's text.";
    let page = format!(
        r#"<html><body><h1>Harbour strike</h1><div class="story-body"><p class="article-lead-text">{lead}</p>
        <div class="ad-slot">Advertisement</div><div class="share-tools"><a>Share</a></div>{}</div></body></html>"#,
        paras(0..6)
    );
    let yaml = site(&[(&page, "https://example.com/a")]);
    assert!(yaml.contains("'.ad-slot'"), "{yaml}");
    assert!(yaml.contains("'.share-tools'"), "{yaml}");
    assert!(!yaml.contains("*="), "{yaml}");
    let got = paragraphs(&record(&yaml, &page, "https://example.com/a"));
    assert!(got.iter().any(|p| p == lead), "{yaml}\n{got:?}");
}

#[test]
fn no_date_is_read_from_any_list_item() {
    let undated = format!(
        r#"<html><body><h1>Timeline</h1><div class="story-body">{}<ul><li>14.03.2023: the first walkout</li></ul></div></body></html>"#,
        paras(0..4)
    );
    let yaml = site(&[(&undated, "https://example.com/a")]);
    assert!(!yaml.contains(", li"), "{yaml}");
    assert_eq!(
        record(&yaml, &undated, "https://example.com/a").published,
        None,
        "{yaml}"
    );
    let dated = undated.replace(
        "<h1>",
        r#"<span class="article-date">14.03.2023</span><h1>"#,
    );
    let yaml = site(&[(&dated, "https://example.com/a")]);
    assert!(
        record(&yaml, &dated, "https://example.com/a")
            .published
            .is_some_and(|date| date.starts_with("2023-03-14")),
        "{yaml}"
    );
}

#[test]
fn the_schema_path_is_relative_to_where_the_rule_is_written() {
    let root = std::env::temp_dir().join(format!("trawl-schema-{}", std::process::id()));
    let rules = root.join("rules");
    let elsewhere = root.join("work/new-rules");
    std::fs::create_dir_all(&rules).expect("a temporary folder");
    std::fs::create_dir_all(&elsewhere).expect("a temporary folder");
    std::fs::write(rules.join("rule.schema.json"), "{}").expect("writable");
    assert_eq!(
        schema_reference(&rules).as_deref(),
        Some("./rule.schema.json")
    );
    let up = schema_reference(&elsewhere).expect("the schema above");
    assert_eq!(up, "../../rules/rule.schema.json");
    assert!(elsewhere.join(&up).is_file());
    std::fs::remove_file(rules.join("rule.schema.json")).expect("removable");
    let lone = root.join("lone");
    std::fs::create_dir_all(&lone).expect("a temporary folder");
    // Only a schema above the temporary folder could be found; none is there.
    assert!(schema_reference(&lone).is_none_or(|path| lone.join(path).is_file()));
    let page = format!("<html><body><h1>A</h1>{}</body></html>", paras(0..3));
    let yaml = scaffold_site(
        "example.com",
        &[SamplePage {
            html: &page,
            url: None,
        }],
        None,
    )
    .yaml;
    assert!(!yaml.contains("$schema"), "{yaml}");
    std::fs::remove_dir_all(&root).expect("removable");
}

#[test]
fn every_page_host_is_served() {
    let page = format!(
        "<html><body><h1>A</h1><div class=\"story-body\">{}</div></body></html>",
        paras(0..4)
    );
    let yaml = scaffold_site(
        "example.com",
        &[
            SamplePage {
                html: &page,
                url: Some("https://www.example.com/a"),
            },
            SamplePage {
                html: &page,
                url: Some("https://news.example.com/b"),
            },
            SamplePage {
                html: &page,
                url: Some("https://www.example.co.uk/c"),
            },
        ],
        None,
    )
    .yaml;
    assert!(
        yaml.contains("hosts: ['example.com', 'example.co.uk']"),
        "{yaml}"
    );
}
