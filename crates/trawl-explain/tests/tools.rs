//! The explain tools on a small page: one field, whole values, where head values came from,
//! the report's looks for the body.

use trawl_engine::{parse_html, Pack, PageInput, Registry};
use trawl_explain::{explain, report, text, Explanation};
use trawl_rules::SourceText;

const LONG: &str =
    "This first paragraph runs on well past seventy characters, so a line view cuts it short.";

fn explained() -> (Explanation, scraper::Html) {
    let rule = SourceText {
        path: "t.example.yaml".into(),
        text: "name: T\nhosts: [t.example]\nfields:\n  title: meta(og:title) || h1 | text\n  authors: ld(NewsArticle.author)\nbody:\n  root: article\n  remove: [.ad]\n"
            .into(),
    };
    let pack = Pack::from_sources(vec![rule], &Registry::standard()).unwrap();
    let page = format!(
        r#"<html><head><meta property="og:title" content="Head title"><script type="application/ld+json">{{"@type":"NewsArticle","author":{{"name":"Ann Lee"}}}}</script></head>
        <body><h1>Shown title</h1><article><p>{LONG}</p><p class="ad">Buy</p><p>Second.</p></article></body></html>"#
    );
    let html = parse_html(&page);
    let input = PageInput {
        bytes: page.as_bytes(),
        url: Some("https://t.example/a"),
        ..PageInput::default()
    };
    (explain(&pack, &html, &input).unwrap(), html)
}

#[test]
fn one_field_is_shown_alone_and_whole_on_request() {
    let (explanation, _) = explained();
    let view = text::View {
        field: Some("body.paragraphs"),
        ..text::View::default()
    };
    let short = text::render_view(&explanation, &view);
    assert!(short.contains("body.paragraphs"), "{short}");
    assert!(
        !short.contains("\ntitle"),
        "other fields are left out: {short}"
    );
    let whole = format!("<p> {LONG}");
    assert!(!short.contains(&whole) && short.contains('…'), "{short}");
    let full = text::render_view(&explanation, &text::View { full: true, ..view });
    assert!(full.contains(&whole), "{full}");
    let body = text::render_view(
        &explanation,
        &text::View {
            field: Some("body"),
            ..view
        },
    );
    assert!(
        body.contains("body.root") && body.contains("body.remove"),
        "{body}"
    );
}

#[test]
fn head_values_say_where_they_came_from() {
    let (explanation, html) = explained();
    let all = text::render(&explanation, false);
    assert!(
        all.contains(r#"from <meta property="og:title" content="Head title">"#),
        "{all}"
    );
    assert!(all.contains("from JSON-LD block 1"), "{all}");
    let page = report::render(&explanation, &html);
    assert!(
        page.contains("Read from the page&#x27;s head")
            || page.contains("Read from the page's head")
    );
    assert!(
        page.contains(r#"data-trawl-source="title""#),
        "the report lists the title's meta tag"
    );
    // The root and the paragraphs have looks of their own, not taken from the palette.
    assert!(page.contains("outline:4px dashed #111"));
    assert!(page.contains("background:rgba(255,212,0,.28)"));
}
