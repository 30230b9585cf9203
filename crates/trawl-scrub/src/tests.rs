//! Scrubbing a made-up page, and every fixture page against its rule.

use std::path::{Path, PathBuf};

use scraper::{Html, Node, Selector};
use trawl_engine::{PageInput, Record};

use super::{scrub_html, ScrubOptions};
use trawl_engine::{Pack, Registry};
use trawl_rules::SourceText;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The rule files of the bundled pack.
fn rule_sources() -> Vec<SourceText> {
    let mut sources: Vec<SourceText> = std::fs::read_dir(workspace().join("rules"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| SourceText {
            text: std::fs::read_to_string(&path).unwrap().into(),
            path,
        })
        .collect();
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    sources
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Short title</title>
<meta name="description" content="A council has voted to close the old harbour bridge after engineers found cracks.">
<meta property="article:published_time" content="2024-05-14T08:00:00Z">
<link rel="stylesheet" href="/site.css">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Council votes to close the harbour bridge after cracks found","description":"Engineers found widening cracks in the supports of the old harbour bridge.","datePublished":"2024-05-14T08:00:00Z","author":{"@type":"Person","name":"Jane Doe"}}</script>
<script>window.tracking = "Engineers found widening cracks";</script>
<style>p { color: red; }</style>
</head><body>
<!-- build 1234 -->
<article class="story" data-id="42">
<h2 class="label">Recommended Stories</h2>
<div class="byline">By Jane Doe</div>
<p id="p1" style="margin: 0" onclick="go()">The council voted on Tuesday evening to close the harbour bridge.</p>
<p id="p2">Engineers said <a href="/cracks">widening cracks</a> had appeared in three supports since March.</p>
<p id="p3">Traffic will be diverted through the town centre, adding about 20 minutes to journeys.</p>
<p id="p4">Городской совет проголосовал за закрытие старого моста через гавань.</p>
<svg class="icon" viewBox="0 0 10 10"><path d="M0 0h10v10H0z"></path></svg>
<img src="/bridge.jpg" alt="The old harbour bridge seen from the northern quay at dawn">
<span class="read">2 min read</span>
</article>
</body></html>"#;

fn scrub(html: &str) -> (String, Html) {
    let (out, _) = scrub_html(html, &ScrubOptions::default());
    let parsed = Html::parse_document(&out);
    (out, parsed)
}

fn text_of(html: &Html, css: &str) -> String {
    let selector = Selector::parse(css).expect("valid selector");
    html.select(&selector)
        .map(|element| element.text().collect::<String>())
        .collect()
}

/// The letter runs of `text`: words as `placeholder` sees them.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .collect()
}

/// Elements and comments in the page.
fn node_count(html: &Html) -> usize {
    html.tree
        .root()
        .descendants()
        .filter(|node| matches!(node.value(), Node::Element(_) | Node::Comment(_)))
        .count()
}

#[test]
fn drops_scripts_styles_comments_and_svg_contents() {
    let (out, html) = scrub(PAGE);
    assert!(out.starts_with("<!DOCTYPE html>"));
    for gone in [
        "window.tracking",
        "color: red",
        "build 1234",
        "<path",
        "site.css",
        "margin: 0",
        "onclick",
    ] {
        assert!(!out.contains(gone), "{gone} is still in\n{out}");
    }
    assert_eq!(text_of(&html, "svg"), "");
    assert_eq!(html.select(&Selector::parse("script").unwrap()).count(), 1);
}

#[test]
fn element_count_drops_only_dropped_nodes() {
    let (_, report) = scrub_html(PAGE, &ScrubOptions::default());
    let (_, scrubbed) = scrub(PAGE);
    let original = node_count(&Html::parse_document(PAGE));
    // The tracking script, the style, the comment, the stylesheet link and the svg's path.
    assert_eq!(report.elements_dropped, 5);
    assert_eq!(node_count(&scrubbed), original - report.elements_dropped);
    assert_eq!(
        report.attributes_scrubbed, 4,
        "style, onclick, alt, description"
    );
}

#[test]
fn json_ld_keeps_keys_and_dates() {
    let (_, html) = scrub(PAGE);
    let before: serde_json::Value = serde_json::from_str(&text_of(
        &Html::parse_document(PAGE),
        r#"script[type="application/ld+json"]"#,
    ))
    .unwrap();
    let after: serde_json::Value =
        serde_json::from_str(&text_of(&html, r#"script[type="application/ld+json"]"#)).unwrap();
    let keys = |value: &serde_json::Value| {
        value
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&before), keys(&after));
    assert_eq!(after["datePublished"], before["datePublished"]);
    // The journalist's name is replaced as in the byline: same shape, not the name.
    assert_eq!(after["author"]["@type"], before["author"]["@type"]);
    assert_ne!(after["author"]["name"], before["author"]["name"]);
    assert_ne!(after["headline"], before["headline"]);
    let shape = |value: &serde_json::Value| {
        value
            .as_str()
            .unwrap()
            .split(' ')
            .map(str::len)
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&after["description"]), shape(&before["description"]));
    assert_eq!(
        shape(&after["author"]["name"]),
        shape(&before["author"]["name"])
    );
}

#[test]
fn keeps_labels_bylines_and_dates() {
    let (out, html) = scrub(PAGE);
    assert_eq!(text_of(&html, "h2"), "Recommended Stories");
    // The byline keeps its shape but not the name.
    let byline = text_of(&html, ".byline");
    assert!(
        byline.starts_with("By ") && byline.ends_with(" Doe"),
        "{byline}"
    );
    assert_ne!(byline, "By Jane Doe");
    assert_eq!(text_of(&html, ".read"), "2 min read");
    assert_eq!(text_of(&html, "title"), "Short title");
    assert!(out.contains(r#"content="2024-05-14T08:00:00Z""#));
    assert!(out.contains(r#"<article class="story" data-id="42">"#));
    assert!(!out.contains("harbour bridge"), "{out}");
}

#[test]
fn prose_keeps_its_shape_but_not_its_words() {
    let original = Html::parse_document(PAGE);
    let (_, html) = scrub(PAGE);
    for id in ["#p1", "#p2", "#p3", "#p4"] {
        let (before, after) = (text_of(&original, id), text_of(&html, id));
        let (old, new) = (words(&before), words(&after));
        assert_eq!(old.len(), new.len(), "{before} / {after}");
        for (old, new) in old.iter().zip(&new) {
            assert_eq!(
                old.chars().count(),
                new.chars().count(),
                "{before} / {after}"
            );
            assert_eq!(
                old.starts_with(char::is_uppercase),
                new.starts_with(char::is_uppercase)
            );
        }
        let digits = |text: &str| {
            text.chars()
                .filter(|c| !c.is_alphabetic())
                .collect::<String>()
        };
        assert_eq!(digits(&before), digits(&after));
        for word in old.iter().filter(|word| word.chars().count() >= 4) {
            assert!(!new.contains(word), "{word} survived in {after}");
        }
    }
    let cyrillic = text_of(&html, "#p4");
    assert!(words(&cyrillic)
        .iter()
        .all(|word| word.chars().all(|c| ('\u{0400}'..='\u{04ff}').contains(&c))));
}

#[test]
fn other_scripts_stay_in_their_script() {
    let page = "<p>Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία σήμερα.</p>\
        <p>政府今天宣布了新的经济措施以支持中小企业的发展。</p>\
        <p>הממשלה הודיעה היום על צעדים חדשים לכלכלה המקומית.</p>";
    let (_, html) = scrub(page);
    let texts: Vec<String> = html
        .select(&Selector::parse("p").unwrap())
        .map(|p| p.text().collect())
        .collect();
    assert!(texts[0]
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| ('\u{0370}'..='\u{03ff}').contains(&c)));
    assert!(texts[1].starts_with(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    assert!(!texts[1].contains("政府今天"));
    assert!(texts[2]
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| ('\u{05d0}'..='\u{05ea}').contains(&c)));
}

/// A word made only of signs that have no replacement once looped for ever.
#[test]
fn words_of_signs_alone_end() {
    let signs = "\u{094d}\u{094d}\u{094d}\u{094d} \u{05b0}\u{05b0}\u{05b0}\u{05b0}";
    assert_eq!(super::placeholder::placeholder(signs, 0, &[]), signs);
}

#[test]
fn same_seed_same_output() {
    let first = scrub_html(
        PAGE,
        &ScrubOptions {
            seed: 7,
            ..ScrubOptions::default()
        },
    );
    assert_eq!(
        first,
        scrub_html(
            PAGE,
            &ScrubOptions {
                seed: 7,
                ..ScrubOptions::default()
            }
        )
    );
    assert_ne!(
        first.0,
        scrub_html(
            PAGE,
            &ScrubOptions {
                seed: 8,
                ..ScrubOptions::default()
            }
        )
        .0
    );
}

/// Every fixture page with its URL, from `tests/fixtures/<domain>/`.
fn fixtures() -> Vec<(PathBuf, String)> {
    let mut pages: Vec<(PathBuf, String)> =
        walkdir::WalkDir::new(workspace().join("tests/fixtures"))
            .into_iter()
            .map(|entry| entry.unwrap().into_path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "html"))
            .map(|path| {
                let url = std::fs::read_to_string(path.with_extension("url"))
                    .expect("a fixture has its URL beside it");
                (path, url.trim().to_owned())
            })
            .collect();
    pages.sort();
    assert!(!pages.is_empty());
    pages
}

fn record(pack: &Pack, html: &str, url: &str) -> Record {
    pack.extract(&PageInput {
        bytes: html.as_bytes(),
        url: Some(url),
        ..PageInput::default()
    })
    .unwrap()
    .record
}

#[test]
fn fixtures_keep_their_records_shape_but_not_their_sentences() {
    let sources = rule_sources();
    let options = ScrubOptions::for_rules(&sources, 0);
    let pack = Pack::from_sources(sources, &Registry::standard()).unwrap();
    let mut problems = Vec::new();
    for (path, url) in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let html = trawl_engine::decode_html(&bytes, None).text;
        let (scrubbed, _) = scrub_html(&html, &options);
        let (before, after) = (record(&pack, &html, &url), record(&pack, &scrubbed, &url));
        let name = path.display();
        let paragraphs = |record: &Record| record.body.paragraphs().count();
        let shape = |r: &Record| {
            (
                paragraphs(r),
                r.authors.len(),
                r.title.is_empty(),
                r.published.is_some(),
            )
        };
        if shape(&before) != shape(&after) {
            problems.push(format!(
                "{name}: (paragraphs, authors, no title, date) {:?} became {:?}",
                shape(&before),
                shape(&after)
            ));
        }
        let page_text: String = Html::parse_document(&scrubbed)
            .root_element()
            .text()
            .collect();
        let page_text = trawl_engine::normalize_text(&page_text);
        for sentence in before.body.paragraphs().filter(|p| p.chars().count() > 40) {
            if page_text.contains(sentence) {
                problems.push(format!("{name} still has: {sentence}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn prose_in_share_link_queries_is_replaced_and_other_urls_stay() {
    let page = r#"<a class="share" href="https://wa.me/?text=Harbour strike ends after the council and the union agree on pay&amp;lang=en">Share</a>
        <a href="https://example.com/share?u=https%3A%2F%2Fexample.com%2Fa&amp;text=Harbour+strike+ends+after+the+council+and+the+union+agree">Share</a>
        <a href="https://example.com/news/harbour-strike-ends?page=2&amp;ref=home">Next</a>"#;
    let (out, _) = scrub_html(page, &ScrubOptions::default());
    for sentence in ["council and the union", "council+and+the+union"] {
        assert!(!out.contains(sentence), "{out}");
    }
    assert!(
        out.contains("lang=en") && out.contains("u=https%3A%2F%2Fexample.com%2Fa"),
        "{out}"
    );
    assert!(
        out.contains(r#"href="https://example.com/news/harbour-strike-ends?page=2&amp;ref=home""#),
        "{out}"
    );
}

#[test]
fn a_sentence_that_holds_a_date_is_prose() {
    let page = "<p><b>Oct. 6, 1923: </b>First football game. The home side defeated the visitors 23-7. Attendance: 12,836.</p><p><time>Published 14 May 2024, 10:32</time></p>";
    let (out, _) = scrub_html(page, &ScrubOptions::default());
    assert!(!out.contains("home side defeated"), "{out}");
    assert!(out.contains("Published 14 May 2024, 10:32"), "{out}");
}

#[test]
fn phrases_and_patterns_rules_test_for_survive_as_the_page_writes_them() {
    let rule = SourceText {
        path: "t.yaml".into(),
        text: r#"body:
  remove: ['p | matches("^Click here")', 'p | matches("^This is a breaking news? story")']
"#
        .into(),
    };
    let options = ScrubOptions::for_rules(&[rule], 0);
    let page = "<p>Click&nbsp;<a href=/x>here</a>&nbsp;to read the whole affidavit and every detail in it.</p>\
        <p>This is a breaking news story and it will be updated as the details come in.</p>";
    let (out, _) = scrub_html(page, &options);
    assert!(out.contains("Click&nbsp;<a href=\"/x\">here</a>"), "{out}");
    assert!(out.contains("This is a breaking news story"), "{out}");
    assert!(
        !out.contains("whole affidavit") && !out.contains("updated as the details"),
        "{out}"
    );
}

#[test]
fn json_in_attributes_is_scrubbed_even_when_it_holds_a_url_with_a_query() {
    let page = r#"<astro-island props='{"image":"https://cdn.example.com/a.jpg?w=800&amp;h=600","caption":"Eight houses, a school and an embassy were hit in the attacks overnight"}'></astro-island>"#;
    let (out, _) = scrub_html(page, &ScrubOptions::default());
    assert!(!out.contains("embassy were hit"), "{out}");
    assert!(out.contains("https://cdn.example.com/a.jpg?w=800"), "{out}");
}
