//! The record's scalar fields from what the page says about itself: JSON-LD first, then
//! Open Graph, Dublin Core and other meta tags, microdata, then the visible markup.

use chrono::SecondsFormat;
use scraper::{Html, Selector};
use serde_json::Value as Json;
use trawl_engine::{element_text, normalize_text, parse_date, split_authors, type_matches, Page};

use crate::meta::Metas;

/// JSON-LD types that describe the article itself.
const ARTICLE_TYPES: &[&str] = &["*Article", "BlogPosting", "LiveBlogPosting", "Report"];

/// The page's JSON-LD article object, if it has one.
pub fn article_object<'p>(page: &'p Page<'_>) -> Option<&'p Json> {
    page.jsonld().iter().find(|object| {
        ARTICLE_TYPES
            .iter()
            .any(|pattern| type_matches(object, pattern))
    })
}

/// Text with HTML entities decoded: JSON-LD often carries `&#8217;` or `&quot;` as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return normalize_text(text);
    }
    let fragment = Html::parse_fragment(text);
    normalize_text(&fragment.root_element().text().collect::<String>())
}

/// A JSON value as text: a string, or an object's `name` / `@value`.
fn json_text(json: &Json) -> Option<String> {
    let text = match json {
        Json::String(text) => decode_entities(text),
        Json::Object(map) => map
            .get("name")
            .or_else(|| map.get("@value"))
            .and_then(json_text)?,
        Json::Array(items) => items.iter().find_map(json_text)?,
        Json::Number(number) => number.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// The text at `key` of the article object.
pub fn article_text(article: Option<&Json>, key: &str) -> Option<String> {
    article?.get(key).and_then(json_text)
}

/// The first element matching `css` with non-empty text.
pub fn visible(html: &Html, css: &str) -> Option<String> {
    let selector = Selector::parse(css).expect("a valid built-in selector");
    html.select(&selector)
        .map(|element| element_text(element, &Default::default()))
        .find(|text| !text.is_empty())
}

/// The dek: the JSON-LD description, else og:description or the description meta.
pub fn description(metas: &Metas, article: Option<&Json>) -> Option<String> {
    article_text(article, "description").or_else(|| {
        metas
            .first(&[
                "og:description",
                "description",
                "twitter:description",
                "dc.description",
            ])
            .map(str::to_owned)
    })
}

/// The JSON-LD `articleBody`, one paragraph a line, when it holds more than a teaser.
pub fn article_body(article: Option<&Json>) -> Option<trawl_engine::Body> {
    let text = article?.get("articleBody")?.as_str()?;
    let paragraphs: Vec<String> = text
        .split('\n')
        .map(normalize_text)
        .filter(|line| !line.is_empty())
        .collect();
    (paragraphs.iter().map(String::len).sum::<usize>() >= 200).then(|| trawl_engine::Body {
        summary: Vec::new(),
        sections: vec![trawl_engine::Section {
            paragraphs,
            ..trawl_engine::Section::default()
        }],
    })
}

/// Every description the page gives (JSON-LD, Open Graph, meta, Twitter), without repeats.
pub fn descriptions(metas: &Metas, article: Option<&Json>) -> Vec<String> {
    let mut all: Vec<String> = article_text(article, "description").into_iter().collect();
    for name in ["og:description", "description", "twitter:description"] {
        if let Some(text) = metas.first(&[name]) {
            if !all.iter().any(|known| known == text) {
                all.push(text.to_owned());
            }
        }
    }
    all
}

/// Author names: JSON-LD persons, else author meta tags, else the visible byline.
pub fn authors(html: &Html, metas: &Metas, article: Option<&Json>) -> Vec<String> {
    let mut names = Vec::new();
    let mut raw_persons = Vec::new();
    let mut organisations = Vec::new();
    if let Some(author) = article.and_then(|a| a.get("author")) {
        let entries: Vec<&Json> = match author {
            Json::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for entry in entries {
            let Some(name) = json_text(entry) else {
                continue;
            };
            if entry.get("@type").and_then(Json::as_str) == Some("Organization") {
                organisations.push(name);
                continue;
            }
            let split = split_authors(&name);
            if split.is_empty() {
                raw_persons.push(name);
            }
            names.extend(split);
        }
    }
    // An agency or the newsroom named as the author ("AFP", "ORF.at") is kept when the page
    // names no person: it is who the page says wrote it.
    if names.is_empty() {
        names = raw_persons
            .into_iter()
            .chain(organisations)
            .filter(|name| name.chars().count() <= 60 && !name.contains('@'))
            .collect();
    }
    if names.is_empty() {
        let meta = [
            "author",
            "article:author",
            "dc.creator",
            "parsely-author",
            "byl",
            "sailthru.author",
        ]
        .iter()
        .flat_map(|name| metas.all(name))
        .find(|content| !content.starts_with("http"));
        if let Some(byline) = meta {
            names = split_authors(byline);
        }
    }
    if names.is_empty() {
        let byline = visible(
            html,
            "[itemprop=author] [itemprop=name], [rel=author], [itemprop=author], .byline, .author-name, .author",
        );
        if let Some(byline) = byline.filter(|text| text.chars().count() <= 150) {
            names = split_authors(&byline);
        }
    }
    let mut unique: Vec<String> = Vec::new();
    for name in names {
        if !unique.iter().any(|known| known.eq_ignore_ascii_case(&name)) {
            unique.push(name);
        }
    }
    unique
}

/// A date read by the engine's date parser, as RFC 3339.
fn date(text: &str, page: &Page<'_>) -> Option<String> {
    parse_date(text, None, page.zone)
        .ok()
        .map(|date| date.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

/// The publication date: JSON-LD, meta tags, microdata, then the first `<time datetime>`.
pub fn published(page: &Page<'_>, metas: &Metas, article: Option<&Json>) -> Option<String> {
    let from_ld = article_text(article, "datePublished");
    let from_meta = || {
        metas
            .first(&[
                "article:published_time",
                "og:article:published_time",
                "datepublished",
                "article.published",
                "pubdate",
                "publishdate",
                "publish-date",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date.issued",
                "dcterms.issued",
                "dcterms.created",
                "dc.date",
                "date",
            ])
            .map(str::to_owned)
    };
    let from_markup = || {
        let selector =
            Selector::parse("[itemprop=datePublished], time[datetime]").expect("a valid selector");
        page.html.select(&selector).find_map(|element| {
            let value = element.value();
            value
                .attr("datetime")
                .or_else(|| value.attr("content"))
                .map(str::to_owned)
        })
    };
    from_ld
        .and_then(|text| date(&text, page))
        .or_else(|| from_meta().and_then(|text| date(&text, page)))
        .or_else(|| from_markup().and_then(|text| date(&text, page)))
}

/// The date of the last change: JSON-LD, then meta tags.
pub fn modified(page: &Page<'_>, metas: &Metas, article: Option<&Json>) -> Option<String> {
    article_text(article, "dateModified")
        .or_else(|| {
            metas
                .first(&[
                    "article:modified_time",
                    "og:updated_time",
                    "datemodified",
                    "dcterms.modified",
                ])
                .map(str::to_owned)
        })
        .and_then(|text| date(&text, page))
}

/// The page's language as BCP 47: `<html lang>`, else og:locale, Content-Language, JSON-LD.
pub fn language(html: &Html, metas: &Metas, article: Option<&Json>) -> Option<String> {
    let lang = html.root_element().value().attr("lang").map(str::to_owned);
    lang.or_else(|| {
        metas
            .first(&["og:locale", "content-language", "dc.language", "language"])
            .map(str::to_owned)
    })
    .or_else(|| article_text(article, "inLanguage"))
    .map(|tag| tag.trim().replace('_', "-"))
    .filter(|tag| !tag.is_empty() && tag.len() <= 35)
}

/// Topics: article section and tags, keywords; repeats dropped.
pub fn topics(metas: &Metas, article: Option<&Json>) -> Vec<String> {
    let mut topics: Vec<String> = Vec::new();
    let mut add = |text: &str| {
        let text = normalize_text(text);
        if !text.is_empty() && !topics.iter().any(|known| known.eq_ignore_ascii_case(&text)) {
            topics.push(text);
        }
    };
    metas.all("article:tag").for_each(&mut add);
    match article.and_then(|a| a.get("keywords")) {
        Some(Json::Array(items)) => items.iter().filter_map(json_text).for_each(|t| add(&t)),
        Some(Json::String(list)) => list.split(',').for_each(&mut add),
        _ => {
            if let Some(list) = metas.first(&["news_keywords", "keywords"]) {
                list.split(',').for_each(&mut add);
            }
        }
    }
    topics
}

/// Who published it: the JSON-LD publisher, else og:site_name.
pub fn publisher(metas: &Metas, article: Option<&Json>) -> Option<String> {
    article_text(article, "publisher").or_else(|| {
        metas
            .first(&["og:site_name", "application-name"])
            .map(str::to_owned)
    })
}

/// Whether an element's text is the page's own byline (so it stays out of the body).
pub fn is_byline(text: &str, authors: &[String]) -> bool {
    if text.chars().count() > 150 {
        return false;
    }
    let lower = text.to_lowercase();
    let prefixed = ["by ", "von ", "par ", "por ", "door ", "av ", "af ", "di "]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
        && text.split_whitespace().count() <= 12;
    let names = split_authors(text);
    let same =
        !authors.is_empty() && !names.is_empty() && names.iter().all(|name| authors.contains(name));
    (prefixed && !names.is_empty()) || same
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_in_json_ld_are_decoded() {
        assert_eq!(
            decode_entities("Kohberger&#8217;s &quot;team&quot;"),
            "Kohberger’s \"team\""
        );
    }

    fn page_of(html: &Html) -> Page<'_> {
        Page::new(html, None, chrono_tz::UTC)
    }

    #[test]
    fn json_ld_comes_first_then_meta_then_markup() {
        let html = Html::parse_document(
            r#"<html lang="en-GB"><head><title>Harbour strike ends | Example Times</title>
            <meta property="og:title" content="Harbour strike ends - Example Times">
            <meta name="author" content="Ann Lee and Bo Chan">
            <meta property="article:published_time" content="2024-05-14T08:00:00+01:00">
            </head><body><h1>Harbour strike ends</h1></body></html>"#,
        );
        let metas = Metas::of(&html);
        let page = page_of(&html);
        assert_eq!(authors(&html, &metas, None), ["Ann Lee", "Bo Chan"]);
        assert_eq!(
            published(&page, &metas, None).as_deref(),
            Some("2024-05-14T08:00:00+01:00")
        );
        assert_eq!(language(&html, &metas, None).as_deref(), Some("en-GB"));
    }

    #[test]
    fn a_date_only_in_a_time_element_and_a_byline_only_on_the_page_are_read() {
        let html = Html::parse_document(
            r#"<body><article><h1>Harbour strike ends</h1>
            <p class=byline>By <a rel=author href=/ann>Ann Lee</a></p>
            <time datetime="2024-05-14T08:00:00+01:00">14 May</time>
            <p>The strike ended on Tuesday.</p></article></body>"#,
        );
        let metas = Metas::of(&html);
        let page = page_of(&html);
        assert_eq!(authors(&html, &metas, None), ["Ann Lee"]);
        assert_eq!(
            published(&page, &metas, None).as_deref(),
            Some("2024-05-14T08:00:00+01:00")
        );
    }

    #[test]
    fn organisations_are_not_authors() {
        let html = Html::parse_document(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"H",
            "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Organization","name":"Example Times"}]}</script>"#,
        );
        let page = page_of(&html);
        let metas = Metas::of(&html);
        let article = article_object(&page);
        assert_eq!(authors(&html, &metas, article), ["Ann Lee"]);
    }
}
