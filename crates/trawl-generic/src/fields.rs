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
fn decode_entities(text: &str) -> String {
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
fn article_text(article: Option<&Json>, key: &str) -> Option<String> {
    article?.get(key).and_then(json_text)
}

/// The first element matching `css` with non-empty text.
fn visible(html: &Html, css: &str) -> Option<String> {
    let selector = Selector::parse(css).expect("a valid built-in selector");
    html.select(&selector)
        .map(|element| element_text(element, &Default::default()))
        .find(|text| !text.is_empty())
}

/// The headline: og:title (the one editors write for sharing, and the one most pages agree
/// on), else the JSON-LD headline, the `<h1>`, `<title>`; the site's name after a separator
/// (`Harbour strike ends | Example Times`) is cut off.
pub fn title(html: &Html, metas: &Metas, article: Option<&Json>, host: Option<&str>) -> String {
    let sites = site_names(metas, article, host);
    let cut = |title: String| strip_site(&title, &sites);
    let h1 = visible(html, "h1");
    let chosen = metas
        .first(&["og:title", "twitter:title", "dc.title"])
        .map(decode_entities)
        .map(cut)
        .or_else(|| article_text(article, "headline").map(cut));
    match (chosen, h1) {
        (Some(meta), Some(h1)) if same_but_quotes(&meta, &h1) => h1,
        (Some(meta), _) => meta,
        (None, Some(h1)) => h1,
        (None, None) => visible(html, "title").map(cut).unwrap_or_default(),
    }
}

/// Names the site goes by, lower-cased letters and digits only: og:site_name, the JSON-LD
/// publisher, and the host's name (`techcrunch` for `www.techcrunch.com`). Not
/// `application-name`: pages fill it with the headline as often as with the site.
fn site_names(metas: &Metas, article: Option<&Json>, host: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    names.extend(metas.first(&["og:site_name"]).map(str::to_owned));
    names.extend(article_text(article, "publisher"));
    if let Some(host) = host {
        let labels: Vec<&str> = host.split('.').collect();
        if labels.len() >= 2 {
            names.push(labels[labels.len() - 2].to_owned());
        }
    }
    names
        .iter()
        .map(|name| squash_name(name))
        .filter(|name| name.chars().count() >= 3)
        .collect()
}

fn squash_name(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What separates a title from the site's name: `|`, dashes, colons, `*` between spaces,
/// and the full-width bar and colon of CJK titles without them.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " : ", " :: ", " · ", " * ", " • ", "｜", "：", " ｜ ",
];

/// Cuts `Title | Site` down to `Title` when the first segment after a separator names the
/// site (`A story | The Gateway Pundit | by Ann Lee`, `A story – DW – 28.04.2023`).
fn strip_site(title: &str, sites: &[String]) -> String {
    let mut cuts: Vec<(usize, usize)> = TITLE_SEPARATORS
        .iter()
        .flat_map(|sep| title.match_indices(sep).map(|(at, sep)| (at, sep.len())))
        .collect();
    cuts.sort_unstable();
    for &(at, len) in &cuts {
        if title[..at].trim().chars().count() < 10 {
            continue;
        }
        let rest = &title[at + len..];
        let next = cuts
            .iter()
            .find(|(other, _)| *other > at)
            .map_or(rest, |&(other, _)| &title[at + len..other.max(at + len)]);
        let segment = squash_name(next);
        let names_site = !segment.is_empty()
            && sites.iter().any(|site| {
                segment.contains(site.as_str())
                    || (segment.chars().count() >= 2 && site.starts_with(&segment))
                    || (segment.chars().count() >= 3 && site.contains(&segment))
            });
        if names_site {
            return title[..at].trim().to_owned();
        }
    }
    title.to_owned()
}

/// Whether two titles are the same but for quotes, whitespace and case: the visible one
/// then wins, as it keeps the typographic quotes meta tags often flatten.
fn same_but_quotes(a: &str, b: &str) -> bool {
    let plain = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '‘' | '’' | '‚' | '′' | '`' => '\'',
                '“' | '”' | '„' | '«' | '»' => '"',
                c => c,
            })
            .flat_map(char::to_lowercase)
            .collect()
    };
    plain(a) == plain(b)
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
            headline: Vec::new(),
            paragraphs,
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
    fn site_names_are_cut_from_titles() {
        let sites = vec!["thegatewaypundit".to_owned(), "techcrunch".to_owned()];
        assert_eq!(
            strip_site("A plot twist | The Gateway Pundit | by Ann Lee", &sites),
            "A plot twist"
        );
        assert_eq!(
            strip_site("Strava taps AI | TechCrunch", &sites),
            "Strava taps AI"
        );
        assert_eq!(
            strip_site("Fires! - Latest news", &sites),
            "Fires! - Latest news"
        );
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
        assert_eq!(
            title(&html, &metas, None, Some("www.example-times.com")),
            "Harbour strike ends"
        );
        assert_eq!(authors(&html, &metas, None), ["Ann Lee", "Bo Chan"]);
        assert_eq!(
            published(&page, &metas, None).as_deref(),
            Some("2024-05-14T08:00:00+01:00")
        );
        assert_eq!(language(&html, &metas, None).as_deref(), Some("en-GB"));
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
        assert_eq!(title(&html, &metas, article, None), "H");
        assert_eq!(authors(&html, &metas, article), ["Ann Lee"]);
    }
}
