//! The headline. A page names it up to five times: og:title (and twitter:title), the
//! JSON-LD headline, the heading it shows above the article and `<title>`. Mostly they
//! agree; where they differ, og:title (the one editors write for sharing) is the default,
//! a tail after a separator that the other sources leave out is cut off
//! (`Headline | Section`), and the heading the reader sees decides between the sources
//! when it agrees with one of them and not with og:title.

use std::collections::HashSet;

use scraper::{ElementRef, Html};
use serde_json::Value as Json;
use trawl_engine::element_text;

use crate::fields::{article_text, decode_entities, visible};
use crate::meta::Metas;
use crate::site_name::{site_names, strip_site};

/// The headline: og:title, else the JSON-LD headline, the shown heading, `<title>`; the
/// site's name after a separator is cut off, and so is a tail the other sources leave out.
/// When the heading shown above the content agrees with another source and not with
/// og:title, that source wins: og:title is then a sharing variant of the headline.
pub fn title(
    html: &Html,
    metas: &Metas,
    article: Option<&Json>,
    host: Option<&str>,
    roots: &[ElementRef<'_>],
) -> String {
    let publisher = article_text(article, "publisher");
    let sites = site_names(metas.first(&["og:site_name"]), publisher.as_deref(), host);
    let cut = |title: String| strip_site(&title, &sites);
    let meta = metas
        .first(&["og:title", "twitter:title", "dc.title"])
        .map(decode_entities)
        .map(cut);
    let headline = article_text(article, "headline").map(cut);
    let twitter = metas
        .first(&["twitter:title"])
        .map(decode_entities)
        .map(cut);
    let document = visible(html, "title").map(cut);
    let mut headings = shown_headings(html, roots);
    let sources: Vec<&str> = [&meta, &headline, &twitter]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    // Of several `<h2>`s, the one that agrees with a source is the headline.
    let at = headings
        .iter()
        .position(|heading| sources.iter().any(|source| heading.agrees_with(source)))
        .unwrap_or(0);
    let shown = (at < headings.len()).then(|| headings.swap_remove(at));
    let others: Vec<&str> = [&headline, &twitter, &document]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .chain(shown.as_ref().map(|shown| shown.text.as_str()))
        .collect();
    let Some(mut chosen) = meta.clone().or_else(|| headline.clone()) else {
        return shown
            .map(|shown| shown.text)
            .or(document)
            .unwrap_or_default();
    };
    // A tail the JSON-LD headline keeps too is the page's own title, not furniture.
    if headline.as_deref() != Some(chosen.as_str()) {
        if let Some(core) = others.iter().find_map(|other| core_of(&chosen, other)) {
            chosen = core.to_owned();
        }
    }
    let Some(shown) = shown else {
        return chosen;
    };
    if same_but_quotes(&chosen, &shown.text) {
        return chosen;
    }
    if shown.agrees_with(&chosen) || shown.extends(&chosen) {
        return chosen;
    }
    // `<title>` does not vote here: it is as often the SEO twin of the heading as a source.
    let confirmed = [&headline, &twitter]
        .into_iter()
        .flatten()
        .find(|other| shown.agrees_with(other));
    match confirmed {
        Some(other) if same_but_quotes(other, &shown.text) => shown.text,
        Some(other) => other.clone(),
        None => chosen,
    }
}

/// The heading shown above the article: its text, and the texts of its parts (a kicker
/// and the headline proper, `<h2><span>Kicker</span><span>Headline</span></h2>`).
struct Shown {
    text: String,
    parts: Vec<String>,
}

impl Shown {
    /// A heading element's text and parts; none for an empty or overlong one.
    fn of(element: ElementRef<'_>) -> Option<Self> {
        let text = element_text(element, &HashSet::new());
        if text.is_empty() || text.chars().count() > HEADING_MAX_CHARS {
            return None;
        }
        let parts = element
            .children()
            .filter_map(ElementRef::wrap)
            .map(|part| element_text(part, &HashSet::new()))
            .filter(|part| !part.is_empty())
            .collect();
        Some(Self { text, parts })
    }

    /// Whether `title` is this heading or one of its parts, but for punctuation, spaces
    /// and case (`Kicker: Headline` is `<span>Kicker</span><span>Headline</span>`).
    fn agrees_with(&self, title: &str) -> bool {
        let title = letters(title);
        !title.is_empty()
            && (letters(&self.text) == title || self.parts.iter().any(|p| letters(p) == title))
    }
}

impl Shown {
    /// Whether this heading is `title` carried on after a space (`Headline cut short`
    /// shown as `Headline cut short in a few more words`): a sharing title cut to length,
    /// which the heading does not contradict.
    fn extends(&self, title: &str) -> bool {
        let (heading, title) = (plain(&self.text), plain(title));
        !title.is_empty()
            && heading.len() > title.len()
            && heading.starts_with(&title)
            && heading[title.len()..].starts_with(' ')
    }
}

/// Letters and digits only, lower-cased.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Headings longer than this are not headlines.
const HEADING_MAX_CHARS: usize = 300;

/// The headings that may be the one shown above the content, best first: the `<h1>`
/// nearest before the article text (the first paragraph of the first content root; else
/// the first `<h1>` after it), leaving out those in
/// breadcrumbs and navigation, which repeat the page's SEO title. When every `<h1>` is
/// such, the `<h2>`s before the content after the breadcrumbs (the headline under the
/// trail), then the breadcrumb's `<h1>`.
fn shown_headings(html: &Html, roots: &[ElementRef<'_>]) -> Vec<Shown> {
    let first_root = roots.first().map(|root| first_paragraph(*root).id());
    let mut before_root = true;
    let mut h1_before = None;
    let mut h1_after = None;
    let mut h2s = Vec::new();
    let mut crumb_h1 = None;
    for node in html.root_element().descendants() {
        if Some(node.id()) == first_root {
            before_root = false;
        }
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let name = element.value().name();
        let wanted = match name {
            "h1" => before_root || h1_after.is_none(),
            "h2" => before_root,
            _ => false,
        };
        if !wanted {
            continue;
        }
        let Some(heading) = Shown::of(element) else {
            continue;
        };
        match (name, in_breadcrumbs(element)) {
            ("h1", true) => {
                crumb_h1 = Some(heading);
                h2s.clear();
            }
            ("h1", false) if before_root => h1_before = Some(heading),
            ("h1", false) => h1_after = Some(heading),
            (_, false) => h2s.push(heading),
            _ => {}
        }
    }
    match h1_before.or(h1_after) {
        Some(h1) => vec![h1],
        None => h2s.into_iter().chain(crumb_h1).collect(),
    }
}

/// Paragraphs shorter than this (characters) do not start the article text.
const PARAGRAPH_MIN_CHARS: usize = 50;

/// The first paragraph under a content root (the root itself when it has none): the
/// headline may sit inside the root, in the article's header.
fn first_paragraph(root: ElementRef<'_>) -> ElementRef<'_> {
    root.descendants()
        .filter_map(ElementRef::wrap)
        .find(|element| {
            element.value().name() == "p"
                && element
                    .text()
                    .map(|t| t.trim().chars().count())
                    .sum::<usize>()
                    >= PARAGRAPH_MIN_CHARS
        })
        .unwrap_or(root)
}

/// Whether an element sits in a breadcrumb trail or in navigation: a `<nav>`, a list item
/// (a headline is never one), or an element whose class or id says `breadcrumb`.
fn in_breadcrumbs(element: ElementRef<'_>) -> bool {
    std::iter::once(element)
        .chain(element.ancestors().filter_map(ElementRef::wrap))
        .any(|element| {
            let value = element.value();
            matches!(value.name(), "nav" | "li")
                || value
                    .attr("class")
                    .into_iter()
                    .chain(value.attr("id"))
                    .any(|name| name.to_ascii_lowercase().contains("breadcrumb"))
        })
}

/// Characters that separate a headline from a tail (`| Section`, `- Site`) or a kicker.
const SEPARATOR_CHARS: &[char] = &[
    '|', '-', '–', '—', ':', '·', '•', '*', '/', '｜', '：', '／',
];

/// `long` cut down to `short` when `short` is in it between separators with a tail after
/// it (`Headline | Section`, `Kicker: Headline - Site`): the other sources leave the tail
/// out, so it is furniture. A kicker alone before the headline (`Kicker: Headline`) is
/// part of the headline and stays.
fn core_of<'s>(long: &str, short: &'s str) -> Option<&'s str> {
    if short.chars().count() < 10 || long.len() <= short.len() {
        return None;
    }
    let at = long.find(short)?;
    let before = long[..at].trim_end();
    let after = long[at + short.len()..].trim_start();
    let separated = |text: &str| text.is_empty() || text.ends_with(SEPARATOR_CHARS);
    let tail = after.starts_with(SEPARATOR_CHARS) && after.chars().count() > 1;
    (tail && separated(before)).then_some(short)
}

/// Whether two titles are the same but for quotes, whitespace and case: spellings of one
/// headline, of which the chosen source's is kept.
fn same_but_quotes(a: &str, b: &str) -> bool {
    let squashed = |text: &str| plain(text).replace(' ', "");
    squashed(a) == squashed(b)
}

/// A title with typographic quotes made plain, spaces normalised and lower-cased.
fn plain(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| match c {
            '‘' | '’' | '‚' | '′' | '`' => '\'',
            '“' | '”' | '„' | '«' | '»' => '"',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::content_roots;
    use crate::stats::Measures;

    fn title_of(page: &str, host: Option<&str>) -> String {
        let html = Html::parse_document(page);
        let measures = Measures::of(&html);
        let roots = content_roots(&html, &measures);
        let metas = Metas::of(&html);
        let page = trawl_engine::Page::new(&html, None, chrono_tz::UTC);
        let article = crate::fields::article_object(&page);
        title(&html, &metas, article, host, &roots)
    }

    const BODY: &str = "<div class=story><p>The strike ended on Tuesday, after the council \
        and the union agreed, and the night shift starts again on Monday.</p>\
        <p>Work at the harbour, closed for three weeks, goes on as before, said the union.</p></div>";

    #[test]
    fn og_title_is_the_default_and_its_site_name_is_cut() {
        let page = format!(
            r#"<title>Harbour strike ends | Example Times</title>
            <meta property="og:title" content="Harbour strike ends - Example Times">
            <h1>Harbour strike ends</h1>{BODY}"#
        );
        assert_eq!(
            title_of(&page, Some("www.example-times.com")),
            "Harbour strike ends"
        );
    }

    #[test]
    fn a_tail_the_other_sources_leave_out_is_cut() {
        let page = format!(
            r#"<meta property="og:title" content="Harbour strike ends after three weeks | Local News">
            <script type="application/ld+json">{{"@type":"NewsArticle",
            "headline":"Harbour strike ends after three weeks"}}</script>{BODY}"#
        );
        assert_eq!(
            title_of(&page, None),
            "Harbour strike ends after three weeks"
        );
        // A kicker before the headline is part of it.
        let page = format!(
            r#"<meta property="og:title" content="Harbour: strike ends after three weeks">
            <h1>strike ends after three weeks</h1>{BODY}"#
        );
        assert_eq!(
            title_of(&page, None),
            "Harbour: strike ends after three weeks"
        );
    }

    #[test]
    fn the_shown_heading_decides_when_it_agrees_with_another_source() {
        let page = format!(
            r#"<meta property="og:title" content="Strike over">
            <script type="application/ld+json">{{"@type":"NewsArticle",
            "headline":"Harbour strike ends after three weeks"}}</script>
            <h1>Harbour strike ends after three weeks</h1>{BODY}"#
        );
        assert_eq!(
            title_of(&page, None),
            "Harbour strike ends after three weeks"
        );
        // A heading that agrees with no source leaves og:title be.
        let page = format!(
            r#"<meta property="og:title" content="Strike over">
            <h1>Harbour strike ends after three weeks</h1>{BODY}"#
        );
        assert_eq!(title_of(&page, None), "Strike over");
    }

    #[test]
    fn breadcrumb_headings_are_not_the_shown_heading() {
        let page = format!(
            r#"<meta property="og:title" content="Strike ends after three weeks">
            <script type="application/ld+json">{{"@type":"NewsArticle",
            "headline":"Harbour: the strike is over"}}</script>
            <nav class=crumbs><a href="/">Home</a><h1>Harbour: the strike is over</h1></nav>
            <header><h2><span class=kicker>Harbour</span> <span>Strike ends after three weeks</span></h2></header>
            {BODY}"#
        );
        assert_eq!(title_of(&page, None), "Strike ends after three weeks");
        let page = format!(
            r#"<meta property="og:title" content="Strike ends after three weeks">
            <script type="application/ld+json">{{"@type":"NewsArticle",
            "headline":"Harbour: the strike is over"}}</script>
            <ol><li><a href="/">Home</a></li><li><h1>Strike ends after three weeks</h1></li></ol>
            <h2>Harbour: the strike is over</h2>{BODY}"#
        );
        assert_eq!(title_of(&page, None), "Harbour: the strike is over");
    }

    #[test]
    fn a_heading_that_carries_on_a_shorter_og_title_does_not_contradict_it() {
        let page = format!(
            r#"<meta property="og:title" content="Harbour strike ends">
            <script type="application/ld+json">{{"@type":"NewsArticle",
            "headline":"Harbour strike ends after three weeks of talks"}}</script>
            <h1>Harbour strike ends after three weeks of talks</h1>{BODY}"#
        );
        assert_eq!(title_of(&page, None), "Harbour strike ends");
    }

    #[test]
    fn the_heading_may_sit_in_the_article_header_inside_the_content_root() {
        let long = "The strike ended on Tuesday, after the council and the union agreed.";
        let page = format!(
            r#"<meta property="og:title" content="Strike over">
            <script type="application/ld+json">{{"@type":"NewsArticle",
            "headline":"Harbour strike ends after three weeks"}}</script>
            <nav class=breadcrumb><h1>Strike over</h1></nav>
            <article><header><h2>Harbour strike ends after three weeks</h2></header>
            <p>{long}</p><p>{long} Again.</p><p>{long} Once more.</p></article>"#
        );
        assert_eq!(
            title_of(&page, None),
            "Harbour strike ends after three weeks"
        );
    }

    #[test]
    fn spellings_of_one_headline_keep_the_chosen_sources_quotes() {
        assert!(same_but_quotes(
            "Kohberger's \"team\"",
            "Kohberger’s “team”"
        ));
        assert!(!same_but_quotes("A story", "Another story"));
        let page = format!(
            r#"<meta property="og:title" content="Kohberger's team speaks to the press">
            <h1>Kohberger’s team speaks to the press</h1>{BODY}"#
        );
        assert_eq!(
            title_of(&page, None),
            "Kohberger's team speaks to the press"
        );
    }
}
