//! Finding the main content: the element(s) holding the article's paragraphs.
//!
//! Every paragraph-like block with enough text and few links scores for its parent (fully)
//! and for its ancestors up to four levels further (less and less), as Readability does;
//! an element's score is then weighed by its own link density and by what its class and id
//! say (`article-body` up, `sidebar` down). The best element is the content root, joined
//! by those of its siblings that score nearly as well (a body split by an ad slot).

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

use crate::hash::{IdMap, IdSet};
use crate::stats::Measures;

/// Blocks shorter than this (visible characters) do not vote for a content root.
const MIN_VOTING_CHARS: u32 = 25;

/// Words in a class or id that mark the article text.
const CONTENT_WORDS: &[&str] = &[
    "article",
    "articlebody",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "story",
    "text",
    "richtext",
    "prose",
];

/// Whether an element is a paragraph-like block: a `<p>`, or an element holding text of
/// its own and no block children (a `<div>` written as a paragraph).
pub fn is_text_block(element: ElementRef<'_>) -> bool {
    match element.value().name() {
        "p" => true,
        "div" | "section" | "span" | "td" | "font" => {
            let mut own = false;
            for child in element.children() {
                match child.value() {
                    scraper::Node::Text(text) => own |= !text.trim().is_empty(),
                    scraper::Node::Element(child) if is_block_tag(child.name()) => return false,
                    _ => {}
                }
            }
            own
        }
        _ => false,
    }
}

/// Tags that start a new block of text.
pub fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
    )
}

/// The content roots of the page, in document order; empty when nothing reads like text.
pub fn content_roots<'a>(html: &'a Html, measures: &Measures) -> Vec<ElementRef<'a>> {
    let mut scores: IdMap<NodeId, f64> = IdMap::default();
    // The characters of voting blocks under each element, at any depth.
    let mut good: IdMap<NodeId, f64> = IdMap::default();
    for node in html.tree.root().descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let mut measure = measures.get(element.id());
        if !is_text_block(element) {
            // Text written loose between `<br>`s votes with its own characters.
            let loose = measure.own_chars;
            if loose < crate::body::LOOSE_TEXT_CHARS {
                continue;
            }
            measure.chars = loose;
            measure.link_chars = 0;
        }
        if measure.chars < MIN_VOTING_CHARS || measure.link_density() > 0.5 {
            continue;
        }
        if measure.in_furniture {
            continue;
        }
        let commas = f64::from(measure.commas);
        let score = 1.0 + commas + (f64::from(measure.chars) / 100.0).min(3.0);
        for ancestor in element.ancestors() {
            *good.entry(ancestor.id()).or_default() += f64::from(measure.chars);
        }
        for (level, ancestor) in element
            .ancestors()
            .filter(|a| a.value().is_element())
            .take(5)
            .enumerate()
        {
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                n => n as f64 * 3.0,
            };
            *scores.entry(ancestor.id()).or_default() += score / divider;
        }
    }
    let weighed = |id: NodeId, score: f64| {
        let element = html.tree.get(id).and_then(ElementRef::wrap)?;
        let name = element.value().name();
        if name == "html" {
            return None;
        }
        let density = measures.get(id).link_density();
        let furniture = measures.get(id).furniture;
        Some(score * (1.0 - density) * class_weight(element, furniture))
    };
    let mut best: Option<(NodeId, f64)> = None;
    for (&id, &score) in &scores {
        if let Some(score) = weighed(id, score) {
            if best.is_none_or(|(_, top)| score > top) {
                best = Some((id, score));
            }
        }
    }
    let Some((top, top_score)) = best else {
        return Vec::new();
    };
    let top = html
        .tree
        .get(top)
        .and_then(ElementRef::wrap)
        .expect("scored nodes are elements");
    let top = enclose(top, &good, measures);
    // Siblings that score nearly as well are parts of the same body, and so are elements
    // of the same tag and class elsewhere (a body cut into blocks by ads and embeds).
    let threshold = (top_score * 0.2).max(10.0);
    let parent = top.parent().map(|parent| parent.id());
    let class = top
        .value()
        .attr("class")
        .filter(|class| !class.trim().is_empty());
    let same_kind = |element: ElementRef<'_>| {
        class.is_some()
            && element.value().name() == top.value().name()
            && element.value().attr("class") == class
    };
    let mut roots: Vec<ElementRef<'a>> = Vec::new();
    for node in html.tree.root().descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        if element.id() == top.id() {
            roots.push(element);
            continue;
        }
        let sibling = element.parent().map(|p| p.id()) == parent;
        if !(sibling || same_kind(element)) || measures.get(element.id()).in_furniture {
            continue;
        }
        let Some(score) = scores
            .get(&element.id())
            .and_then(|&s| weighed(element.id(), s))
        else {
            continue;
        };
        if (sibling && score >= threshold) || (same_kind(element) && score >= 1.0) {
            roots.push(element);
        }
    }
    // A root inside another root adds nothing.
    let ids: IdSet<NodeId> = roots.iter().map(|root| root.id()).collect();
    roots.retain(|root| !root.ancestors().any(|a| ids.contains(&a.id())));
    roots
}

/// Climbs from the best element to the ancestor that holds the whole body: a step up is
/// taken while it gains more paragraph text than other text (a body whose paragraphs sit
/// in wrappers of their own scores highest on one wrapper).
fn enclose<'a>(
    top: ElementRef<'a>,
    good: &IdMap<NodeId, f64>,
    measures: &Measures,
) -> ElementRef<'a> {
    let good_of = |id: NodeId| good.get(&id).copied().unwrap_or_default();
    let other_of = |id: NodeId| f64::from(measures.get(id).chars) - good_of(id);
    let mut current = top;
    while let Some(parent) = current.parent().and_then(ElementRef::wrap) {
        if matches!(parent.value().name(), "html" | "body") || measures.get(parent.id()).furniture {
            break;
        }
        let gain = good_of(parent.id()) - good_of(current.id());
        let noise = other_of(parent.id()) - other_of(current.id());
        // A wrapper that adds nothing is climbed through; a step that adds text must add
        // twice as much paragraph text as other text.
        let wrapper = gain == 0.0 && noise <= 0.0;
        if !wrapper && (gain <= 0.0 || gain < 2.0 * noise) {
            break;
        }
        current = parent;
    }
    current
}

/// What an element's class and id say about it: above 1 for article text, below for furniture.
fn class_weight(element: ElementRef<'_>, furniture: bool) -> f64 {
    let value = element.value();
    if furniture {
        return 0.3;
    }
    let mut weight = 1.0;
    if matches!(value.name(), "article" | "main") || value.attr("itemprop") == Some("articleBody") {
        weight *= 1.3;
    }
    let names = value.attr("class").into_iter().chain(value.attr("id"));
    let content = names.flat_map(str::split_ascii_whitespace).any(|class| {
        class
            .to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| CONTENT_WORDS.contains(&word))
    });
    if content {
        weight *= 1.25;
    }
    weight
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_densest_block_of_paragraphs_wins_over_link_lists() {
        let long = "A sentence of article text, long enough to count, with commas, here.";
        let page = format!(
            "<body><div id=links><p><a href=a>{long}</a></p><p><a href=b>{long}</a></p></div>\
             <div id=story><p>{long}</p><p>{long}</p><p>{long}</p></div></body>"
        );
        let html = Html::parse_document(&page);
        let roots = content_roots(&html, &Measures::of(&html));
        assert_eq!(roots.len(), 1);
        assert_eq!(roots[0].value().attr("id"), Some("story"));
    }

    #[test]
    fn a_div_with_text_of_its_own_is_a_text_block() {
        let html = Html::parse_fragment("<div>Text <b>bold</b></div><div><p>x</p></div>");
        let divs: Vec<_> = html
            .select(&scraper::Selector::parse("div").unwrap())
            .collect();
        assert!(is_text_block(divs[0]));
        assert!(!is_text_block(divs[1]));
    }
}
