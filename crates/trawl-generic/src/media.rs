//! Images (the cover and the figures of the article) and related stories.

use std::collections::HashSet;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value as Json;
use trawl_engine::{element_text, Image, Related};
use url::Url;

use crate::meta::Metas;

/// Class words of blocks that list related or recommended stories.
const RELATED_WORDS: &[&str] = &["related", "recommended", "recommendations", "readmore"];

/// At most this many related stories are kept.
const MAX_RELATED: usize = 20;

fn absolute(base: Option<&Url>, link: &str) -> Option<String> {
    let link = link.trim();
    if link.is_empty() || link.starts_with("data:") {
        return None;
    }
    match base {
        Some(base) => base.join(link).ok().map(|url| url.to_string()),
        None => Url::parse(link).ok().map(|url| url.to_string()),
    }
}

/// The cover (og:image, else the JSON-LD image) and every figure under the roots.
pub fn images(
    roots: &[ElementRef<'_>],
    base: Option<&Url>,
    metas: &Metas,
    article: Option<&Json>,
) -> Vec<Image> {
    let mut images: Vec<Image> = Vec::new();
    let ld_image = article
        .and_then(|a| a.get("image"))
        .and_then(|image| match image {
            Json::String(url) => Some(url.clone()),
            Json::Array(items) => items.iter().find_map(|item| match item {
                Json::String(url) => Some(url.clone()),
                other => other.get("url").and_then(Json::as_str).map(str::to_owned),
            }),
            other => other.get("url").and_then(Json::as_str).map(str::to_owned),
        });
    let cover = metas
        .first(&["og:image", "og:image:url", "twitter:image"])
        .map(str::to_owned)
        .or(ld_image);
    if let Some(url) = cover.and_then(|link| absolute(base, &link)) {
        images.push(Image {
            url,
            is_cover: true,
            ..Image::default()
        });
    }
    let figures = Selector::parse("figure").expect("a valid selector");
    let img = Selector::parse("img").expect("a valid selector");
    let caption = Selector::parse("figcaption").expect("a valid selector");
    for root in roots {
        for figure in root.select(&figures) {
            let Some(picture) = figure.select(&img).next() else {
                continue;
            };
            let value = picture.value();
            let Some(url) = ["src", "data-src", "data-original", "data-lazy-src"]
                .iter()
                .find_map(|attr| value.attr(attr).and_then(|link| absolute(base, link)))
            else {
                continue;
            };
            let caption = figure
                .select(&caption)
                .next()
                .map(|c| element_text(c, &HashSet::new()))
                .filter(|text| !text.is_empty());
            let alt = value
                .attr("alt")
                .map(trawl_engine::normalize_text)
                .filter(|text| !text.is_empty());
            match images.iter_mut().find(|known| known.url == url) {
                Some(known) => {
                    known.caption = known.caption.take().or(caption);
                    known.alt = known.alt.take().or(alt);
                }
                None => images.push(Image {
                    url,
                    caption,
                    alt,
                    credit: None,
                    is_cover: false,
                }),
            }
        }
    }
    images
}

/// Links in blocks named "related" or "recommended", outside the body.
pub fn related(html: &Html, base: Option<&Url>) -> Vec<Related> {
    let links = Selector::parse("a[href]").expect("a valid selector");
    let mut related = Vec::new();
    let mut seen = HashSet::new();
    for node in html.tree.root().descendants() {
        let Some(block) = ElementRef::wrap(node) else {
            continue;
        };
        if !names_related(block)
            || block
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(names_related)
        {
            continue;
        }
        for link in block.select(&links) {
            let title = element_text(link, &HashSet::new());
            if title.chars().count() < 15 || related.len() >= MAX_RELATED {
                continue;
            }
            let url = link
                .value()
                .attr("href")
                .and_then(|href| absolute(base, href));
            if seen.insert(url.clone().unwrap_or_else(|| title.clone())) {
                related.push(Related {
                    title,
                    url,
                    summary: None,
                });
            }
        }
    }
    related
}

fn names_related(element: ElementRef<'_>) -> bool {
    let value = element.value();
    let starts = |class: &str, prefix: &str| {
        class
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    };
    value
        .attr("class")
        .into_iter()
        .chain(value.attr("id"))
        .flat_map(str::split_ascii_whitespace)
        .any(|class| {
            let mut words = class.split(|c: char| !c.is_ascii_alphanumeric());
            words.any(|word| {
                RELATED_WORDS
                    .iter()
                    .any(|known| word.eq_ignore_ascii_case(known))
            }) || starts(class, "related")
                || starts(class, "recommended")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_figures_and_related_links() {
        let html = Html::parse_document(
            r#"<meta property="og:image" content="/cover.jpg">
            <article><figure><img src="a.jpg" alt="Alt"><figcaption>Cap</figcaption></figure></article>
            <section class="recommended-stories"><a href="/other">Another story about the harbour</a><a href="/x">Short</a></section>"#,
        );
        let base = Url::parse("https://example.com/news/1").unwrap();
        let metas = Metas::of(&html);
        let article = Selector::parse("article").unwrap();
        let roots: Vec<_> = html.select(&article).collect();
        let images = images(&roots, Some(&base), &metas, None);
        assert_eq!(images[0].url, "https://example.com/cover.jpg");
        assert!(images[0].is_cover);
        assert_eq!(images[1].caption.as_deref(), Some("Cap"));
        let related = related(&html, Some(&base));
        assert_eq!(related.len(), 1);
        assert_eq!(related[0].url.as_deref(), Some("https://example.com/other"));
    }
}
