//! The selector language end to end: a rule, a page, the record it gives.

use trawl_rules::SourceText;

use crate::{Pack, PackError, PageInput, Record, Registry};

/// A pack of one rule for `t.example` whose body (after `name` and `hosts`) is `rule`.
pub(crate) fn pack(rule: &str) -> Result<Pack, PackError> {
    let text = format!("name: T\nhosts: [t.example]\n{rule}");
    let source = SourceText {
        path: "t.example.yaml".into(),
        text: text.into(),
    };
    Pack::from_sources(vec![source], &Registry::standard())
}

/// The record `rule` gives for `page` at `https://t.example/a`.
pub(crate) fn record(rule: &str, page: &str) -> Record {
    let pack = pack(rule).unwrap_or_else(|error| panic!("{error}"));
    let input = PageInput {
        bytes: page.as_bytes(),
        url: Some("https://t.example/a"),
        ..PageInput::default()
    };
    pack.extract(&input).unwrap().record
}

fn paragraphs(record: &Record) -> Vec<&str> {
    record.body.paragraphs().collect()
}

#[test]
fn a_group_feeds_its_values_to_the_filters_after_it() {
    let rule =
        "fields:\n  title: h1 | text\n  authors: (.byline | text || meta(author)) | authors\n";
    let page = "<h1>T</h1><meta name=author content='By Ann Lee and Bo Chan'>";
    assert_eq!(record(rule, page).authors, ["Ann Lee", "Bo Chan"]);
    let page = "<h1>T</h1><p class=byline>By Cy Dee</p><meta name=author content='Ann Lee'>";
    assert_eq!(record(rule, page).authors, ["Cy Dee"]);
}

#[test]
fn dot_is_the_current_element_and_scope_an_alias() {
    for paragraphs_expr in ["'. | blocks'", "':scope | blocks'"] {
        let rule = format!(
            "fields:\n  title: h1 | text\nbody:\n  root: '#t'\n  paragraphs: {paragraphs_expr}\n"
        );
        let page = "<h1>T</h1><div id=t>One.<br><br>Two.</div>";
        assert_eq!(paragraphs(&record(&rule, page)), ["One.", "Two."]);
    }
}

/// Regression: a line break in a `meta(...)` name panicked in `check` and `extract`.
#[test]
fn a_line_break_in_a_meta_name_is_an_error_not_a_panic() {
    let error = pack("fields:\n  title: \"meta(og:\\ntitle)\"\n")
        .err()
        .expect("an error");
    assert!(
        error
            .to_string()
            .contains("cannot hold a space or line break"),
        "{error}"
    );
    let error = pack("fields:\n  title: |\n    meta(og:\n    title)\n")
        .err()
        .expect("an error");
    assert!(error.to_string().contains("meta tag name"), "{error}");
}

#[test]
fn a_parsed_html_string_is_a_body_root() {
    let rule = "fields:\n  title: h1 | text\nbody:\n  root: 'script#state | json(story.contentHtml) | parse_html'\n  remove: [.ad]\n  summary: 'script#state | json(story.contentHtml) | parse_html | select(p.lede)'\n  headlines: h2\n";
    let page = r#"<h1>T</h1><p>Outside.</p><script id=state>{"story": {"contentHtml": "<p class=lede>Lede.</p><p>One &amp; two.</p><div class=ad><p>Ad</p></div><h2>Sub</h2><p>Three.</p>"}}</script>"#;
    let record = record(rule, page);
    assert_eq!(record.body.summary, ["Lede."]);
    // `paragraphs()` lists the summary first; the lede is not read twice.
    assert_eq!(paragraphs(&record), ["Lede.", "One & two.", "Three."]);
    assert_eq!(record.body.sections[1].headline, ["Sub"]);
}

#[test]
fn json_ld_strings_have_their_entities_decoded() {
    let rule = "fields:\n  title: ld(NewsArticle.headline)\n";
    let page = r#"<script type="application/ld+json">{"@type": "NewsArticle", "headline": "&quot;Yes&quot; &amp; no"}</script>"#;
    assert_eq!(record(rule, page).title, "\"Yes\" & no");
}

#[test]
fn nth_zero_is_refused() {
    let error = pack("fields:\n  title: p | nth(0)\n")
        .err()
        .expect("an error");
    assert!(error.to_string().contains("counts from 1"), "{error}");
}

#[test]
fn authors_left_out_are_record_warnings() {
    let rule = "fields:\n  title: h1 | text\n  authors: p.byline | authors\n";
    let page = "<h1>T</h1><p class=byline>Ann Lee, Associated Press</p>";
    let record = record(rule, page);
    assert_eq!(record.authors, ["Ann Lee"]);
    assert_eq!(
        record.warnings,
        ["authors: left out `Associated Press` (an organisation; keep it with authors(keep_organisations))"]
    );
    let error = pack("fields:\n  authors: p | authors(keep_orgs)\n")
        .err()
        .expect("an error");
    assert!(
        error.to_string().contains("unknown option `keep_orgs`"),
        "{error}"
    );
}

#[test]
fn without_drops_the_values_of_a_field_filled_before() {
    let rule = "fields:\n  title: h1 | text\n  authors: meta(author) | authors\n  topics: meta(keywords) | split(',') | without(authors)\n";
    let page = "<h1>T</h1><meta name=author content='Ann Lee'><meta name=keywords content='Gaza, ann lee, Iran'>";
    assert_eq!(record(rule, page).topics, ["Gaza", "Iran"]);
    // `authors` is filled before `topics`, never after it.
    let error = pack("fields:\n  title: h1 | text\n  authors: meta(author) | without(topics)\n")
        .err()
        .expect("an error");
    assert!(
        error
            .to_string()
            .contains("`topics` is not filled yet when `authors` is read"),
        "{error}"
    );
    let error = pack("fields:\n  topics: meta(keywords) | without(body)\n")
        .err()
        .expect("an error");
    assert!(
        error.to_string().contains("takes a record field"),
        "{error}"
    );
}

#[test]
fn following_siblings_stop_at_a_boundary() {
    let rule = "fields:\n  title: h1 | text\nbody:\n  root: article\n  remove: ['h2 | contains(Agency)', 'h2 | contains(Agency) | following | until(h2)']\n  headlines: h2\n";
    let page = "<h1>T</h1><article><p>Story.</p><h2>Agency</h2><p>Credit.</p><h2>More</h2><p>Other.</p></article>";
    assert_eq!(paragraphs(&record(rule, page)), ["Story.", "Other."]);
}

/// Regression: an unknown key hid every expression error of the file.
#[test]
fn a_structural_yaml_error_does_not_hide_expression_errors() {
    let error = pack(
        "fields:\n  titel: h1 | text\n  authors: p | athors\nbody:\n  root: article | nth(0)\n",
    )
    .err()
    .expect("errors");
    let text = error.to_string();
    assert!(text.contains("unknown field `titel`"), "{text}");
    assert!(text.contains("unknown filter `athors`"), "{text}");
    assert!(text.contains("counts from 1"), "{text}");
}
