//! `trawl explain --find TEXT`: where a text sits in the page, as CSS a rule can use.

use std::collections::HashSet;

use scraper::{ElementRef, Html, Selector};
use serde::Serialize;
use trawl_engine::{element_text, normalize_text};

/// One element holding the text.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    /// The shortest selector of tags, ids and classes (no positions), built from the element
    /// and the ancestors that narrow it, that selects the fewest elements: what a rule can
    /// use, and for a paragraph often all the article's paragraphs.
    pub css: String,
    /// How many elements of the page `css` selects.
    pub css_matches: usize,
    /// The exact path from `body` (or the nearest ancestor with an id), `>`-separated, with
    /// positions among like siblings: this element alone.
    pub path: String,
    /// The ancestors, nearest first, as `tag#id.class.class`.
    pub ancestors: Vec<String>,
    /// The element's text.
    pub text: String,
}

/// Every element of the page's body whose text contains `needle` (case and spacing aside)
/// while none of its children's does: the innermost elements holding it, in document order.
/// Scripts and styles are left out.
pub fn find(html: &Html, needle: &str) -> Vec<Found> {
    let needle = normalize_text(needle).to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let none = HashSet::new();
    let contains = |element: ElementRef<'_>| {
        element_text(element, &none)
            .to_lowercase()
            .contains(&needle)
    };
    let all = Selector::parse("body, body *").expect("a valid selector");
    html.select(&all)
        .filter(|element| {
            !matches!(
                element.value().name(),
                "script" | "style" | "noscript" | "template" | "svg"
            )
        })
        .filter(|element| contains(*element))
        .filter(|element| {
            !element
                .children()
                .filter_map(ElementRef::wrap)
                .any(contains)
        })
        .map(|element| {
            let (css, css_matches) = shortest_css(html, element);
            Found {
                css,
                css_matches,
                path: element_path(element),
                ancestors: element
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .take_while(|a| !matches!(a.value().name(), "html"))
                    .map(|a| describe(a, usize::MAX))
                    .collect(),
                text: element_text(element, &none),
            }
        })
        .collect()
}

/// The found elements for a terminal.
pub fn render(found: &[Found], needle: &str) -> String {
    let mut out = match found.len() {
        0 => format!("no element's text contains {needle:?}\n"),
        1 => format!("1 element contains {needle:?}:\n"),
        n => format!("{n} elements contain {needle:?}:\n"),
    };
    for item in found {
        let matches = match item.css_matches {
            1 => "this element only".to_owned(),
            n => format!("{n} elements; this one alone: the path"),
        };
        let text: String = item.text.chars().take(100).collect();
        let more = if item.text.chars().count() > 100 {
            "…"
        } else {
            ""
        };
        out.push_str(&format!(
            "\n  css:  {}   ({matches})\n  path: {}\n  in:   {}\n  text: {text}{more}\n",
            item.css,
            item.path,
            item.ancestors.join(" < "),
        ));
    }
    out
}

/// `tag#id.class.class`, with at most `classes` classes that CSS can name as written.
pub(crate) fn describe(element: ElementRef<'_>, classes: usize) -> String {
    let el = element.value();
    let mut out = el.name().to_owned();
    if let Some(id) = el.id().filter(|id| plain(id)) {
        out.push('#');
        out.push_str(id);
    }
    // In the order written (`classes()` has none), repeats left out.
    let mut seen: Vec<&str> = Vec::new();
    for class in el
        .attr("class")
        .unwrap_or_default()
        .split_ascii_whitespace()
    {
        if seen.len() < classes && plain(class) && !seen.contains(&class) {
            seen.push(class);
            out.push('.');
            out.push_str(class);
        }
    }
    out
}

/// Whether `name` can be written in CSS without escapes.
fn plain(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The element's own part of a path: its tag, id or first two classes, and its place among
/// like siblings when they would be confused.
fn step(element: ElementRef<'_>) -> String {
    let own = describe(element, 2);
    if element.value().id().is_some_and(plain) {
        return own;
    }
    let name = element.value().name();
    let like: Vec<ElementRef<'_>> = element
        .parent()
        .into_iter()
        .flat_map(|parent| parent.children().filter_map(ElementRef::wrap))
        .filter(|sibling| sibling.value().name() == name)
        .collect();
    if like.len() > 1 {
        let index = like
            .iter()
            .position(|s| s.id() == element.id())
            .unwrap_or(0);
        format!("{own}:nth-of-type({})", index + 1)
    } else {
        own
    }
}

/// The exact path to `element` from the nearest ancestor with an id, else from `body`, each
/// step with its tag, id or first two classes and its place among like siblings:
/// `main#story > article.post.wide > p:nth-of-type(2)`.
pub fn element_path(element: ElementRef<'_>) -> String {
    let mut parts = Vec::new();
    for node in std::iter::once(element).chain(element.ancestors().filter_map(ElementRef::wrap)) {
        let name = node.value().name();
        if name == "html" {
            break;
        }
        parts.push(step(node));
        if name == "body" || node.value().id().is_some_and(plain) {
            break;
        }
    }
    parts.reverse();
    parts.join(" > ")
}

/// The shortest descendant selector, of the element's `describe` and then its ancestors'
/// (nearest first, skipping those that do not narrow it), selecting the fewest elements.
fn shortest_css(html: &Html, element: ElementRef<'_>) -> (String, usize) {
    let count = |css: &str| {
        Selector::parse(css)
            .map(|selector| html.select(&selector).count())
            .unwrap_or(usize::MAX)
    };
    let mut parts = vec![describe(element, 2)];
    let mut best = (parts[0].clone(), count(&parts[0]));
    for ancestor in element.ancestors().filter_map(ElementRef::wrap) {
        if best.1 <= 1 || matches!(ancestor.value().name(), "html" | "body") {
            break;
        }
        parts.insert(0, describe(ancestor, 2));
        let css = parts.join(" ");
        let found = count(&css);
        if found < best.1 {
            best = (css, found);
        } else {
            parts.remove(0);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_innermost_element_with_a_usable_selector() {
        let html = Html::parse_document(
            r#"<body><div id="main"><article class="story big"><p>Intro</p><p class="lead">Some <b>text</b> here</p></article><aside><p>Some text too</p></aside></div></body>"#,
        );
        let found = find(&html, "some  TEXT here");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].css, "p.lead");
        assert_eq!(found[0].css_matches, 1);
        assert_eq!(
            found[0].path,
            "div#main > article.story.big > p.lead:nth-of-type(2)"
        );
        assert_eq!(found[0].ancestors[..2], ["article.story.big", "div#main"]);
        let both = find(&html, "some text");
        assert_eq!(both.len(), 2);
        assert_eq!(both[1].css, "aside p");
        let intro = find(&html, "intro");
        assert_eq!(
            (intro[0].css.as_str(), intro[0].css_matches),
            ("article.story.big p", 2)
        );
    }
}
