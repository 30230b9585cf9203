//! The generic extractor: a canonical article record from any news page, without a rule.
//!
//! It reads the page trawl has already parsed. Metadata comes from what the page says about
//! itself (JSON-LD, Open Graph, Dublin Core and other meta tags, microdata), then from the
//! visible markup; the body comes from the block of paragraphs with the most text and the
//! fewest links, with known furniture (share bars, newsletter boxes, "Recommended" lists,
//! comment notices, widget errors) left out. Dates, author names and text go through the
//! engine's own parsers, so a generic record reads like a rule's.
//!
//! ```
//! use scraper::Html;
//! use trawl_engine::Page;
//!
//! let html = Html::parse_document(
//!     "<title>Harbour strike ends</title><h1>Harbour strike ends</h1>\
//!      <div class=share><p>Share this article on every network you know of</p></div>\
//!      <div class=story><p>The strike ended on Tuesday, after the council and the union agreed.</p>\
//!      <p>Work at the harbour starts again on Monday, with the night shift first.</p></div>",
//! );
//! let page = Page::new(&html, None, chrono_tz::UTC);
//! let record = trawl_generic::extract(&page);
//! assert_eq!(record.title, "Harbour strike ends");
//! assert_eq!(record.body.paragraphs().count(), 2);
//! ```

pub mod agreement;
mod blocks;
mod body;
mod boilerplate;
mod content;
mod fields;
mod hash;
mod media;
mod meta;
mod site_name;
mod stats;
mod title;
mod tokens;

pub use boilerplate::{is_furniture_heading, is_furniture_text};
pub use tokens::tokens;

use trawl_engine::{MadeBy, Page, Record, Warning};

/// The `site` of records the generic extractor made.
pub const SITE: &str = "generic";

/// The JSON-LD `articleBody` replaces the body read from the markup when that has less
/// than 200 characters or the `articleBody` is this many times longer: the markup then
/// held only a teaser, or the paragraphs a script had not yet rendered.
const LD_BODY_FACTOR: usize = 3;

/// The characters of a body's paragraphs.
fn chars_of(body: &trawl_engine::Body) -> usize {
    body.paragraphs().map(str::len).sum()
}

/// Extracts a record from a parsed page with no rule. The record's `site` is `generic`.
pub fn extract(page: &Page<'_>) -> Record {
    let html = page.html;
    let metas = meta::Metas::of(html);
    let article = fields::article_object(page);
    let measures = stats::Measures::of(html);
    let roots = content::content_roots(html, &measures);
    let title = title::title(
        html,
        &metas,
        article,
        page.url.and_then(|url| url.host_str()),
        &roots,
    );
    let authors = fields::authors(html, &metas, article);
    let descriptions = fields::descriptions(&metas, article);
    let known = body::Known {
        title: &title,
        authors: &authors,
        descriptions: &descriptions,
    };
    let mut body = body::read_body(html, &roots, &measures, &known);
    // Pages that render their text with scripts often still carry it in JSON-LD: its
    // `articleBody` wins when the page's markup gave far less text.
    if let Some(text) = fields::article_body(article) {
        let read = chars_of(&body);
        if read < 200 || chars_of(&text) > LD_BODY_FACTOR * read {
            body = text;
        }
    }
    let mut record = Record {
        url: page.url.map(ToString::to_string).unwrap_or_default(),
        site: SITE.to_owned(),
        extractor: MadeBy::Generic,
        publisher: fields::publisher(&metas, article),
        subtitle: fields::description(&metas, article),
        published: fields::published(page, &metas, article),
        modified: fields::modified(page, &metas, article),
        language: fields::language(html, &metas, article),
        topics: fields::topics(&metas, article),
        images: media::images(&roots, page.url, &metas, article),
        related: media::related(html, page.url),
        title,
        authors,
        body,
        ..Record::default()
    };
    if record.title.is_empty() {
        record.warnings.push(Warning::GenericNoTitle);
    }
    if record.body.is_empty() {
        record.warnings.push(Warning::GenericNoBody);
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn json_ld_article_body_wins_over_a_teaser_in_the_markup() {
        let sentence =
            "The council voted on Tuesday to end the strike at the harbour, after long talks.";
        let ld_body = [sentence; 12].join("\\n");
        let html = Html::parse_document(&format!(
            r#"<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Strike ends",
            "articleBody":"{ld_body}"}}</script><h1>Strike ends</h1>
            <div class=story><p>{sentence}</p><p>Read the whole story in our app, with more.</p></div>"#
        ));
        let page = Page::new(&html, None, chrono_tz::UTC);
        let record = extract(&page);
        assert_eq!(record.body.paragraphs().count(), 12);
    }
}
