//! `trawl scrub`: turning a real page into a fixture fit to commit.
//!
//! The scrubbed page keeps everything a rule selects on: every element with its tag, id,
//! classes and structural attributes, `<meta>` and `<link>` tags, JSON-LD, dates, numbers, URLs
//! and short labels ("Recommended Stories", "2 min read"). Prose (any text longer than four
//! words or forty characters) is replaced by placeholder text of the same shape: the same words
//! with the same lengths, punctuation, digits, capitalisation and script; no run of 8 original
//! words survives, however short the words. Bylines keep their shape ("By", "and", agency and
//! organisation words) but not their names; `javascript:` links become `javascript:void(0)`. Scripts, styles,
//! comments, `<noscript>`, stylesheet links, inline styles and event handlers are dropped, and
//! `<svg>` and `<iframe>` are emptied (kept as empty elements, so `:has(svg)` still matches).

mod json;
mod placeholder;
mod prose;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashMap;

use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::{Html, Node, StrTendril};
use trawl_engine::parse_html;

use json::scrub_json_strings;
use placeholder::placeholder;
pub use prose::{kept_patterns, kept_phrases, KeptPattern};
use prose::{replaces_text, replaces_value};

/// Options for scrubbing.
///
/// ```
/// use trawl_rules::SourceText;
/// use trawl_scrub::{scrub_html, ScrubOptions};
///
/// let rule = SourceText {
///     path: "example.com.yaml".into(),
///     text: "fields:\n  title: 'h1 | contains(\"Read more\")'\n".into(),
/// };
/// let options = ScrubOptions::for_rules(&[rule], 7);
/// let page = "<p>Read more stories from the harbour every single day</p>";
/// let (fixture, _) = scrub_html(page, &options);
/// assert!(fixture.contains("Read more") && !fixture.contains("harbour"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct ScrubOptions {
    /// Seed for the deterministic placeholder text (default 0).
    pub seed: u64,
    /// Phrases kept verbatim in replaced prose: the literal texts rules test paragraphs for
    /// (`contains("…")`, `matches("^…")`), so a rule that drops a paragraph by its words
    /// still drops it in the fixture. [`ScrubOptions::for_rules`] collects them.
    pub kept_phrases: Vec<String>,
    /// The patterns rules test text with (`matches("^This is a breaking news? story")`):
    /// where one matches a block of text, the match is kept verbatim too (unless it is 8
    /// words or more), so an alternative or an optional letter survives as the page has it.
    pub kept_patterns: Vec<KeptPattern>,
}

impl ScrubOptions {
    /// Options that keep the phrases the rule files in `sources` look for.
    pub fn for_rules(sources: &[trawl_rules::SourceText], seed: u64) -> ScrubOptions {
        ScrubOptions {
            seed,
            kept_phrases: kept_phrases(sources),
            kept_patterns: kept_patterns(sources),
        }
    }
}

/// What was changed, for the command's summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScrubReport {
    /// Text nodes and JSON-LD strings whose prose was replaced.
    pub text_nodes_replaced: usize,
    /// Elements and comments removed, counting those inside removed elements.
    pub elements_dropped: usize,
    /// Attributes removed (`style`, `on*`) or whose prose value was replaced.
    pub attributes_scrubbed: usize,
}

/// Elements whose text flows into the surrounding block: their text is judged with the block's.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
    "sup", "time", "u", "var", "wbr",
];
/// Attributes that hold prose on any element.
const PROSE_ATTRIBUTES: &[&str] = &[
    "alt",
    "title",
    "aria-label",
    "aria-description",
    "placeholder",
];
/// `<link rel>` values of links that only style or speed up the page.
/// Attributes rules select on whose values are never prose, kept as they are (other
/// attributes, `data-*` and non-standard ones such as `description=` included, are scrubbed
/// when they hold prose).
const STRUCTURAL: &[&str] = &[
    "class",
    "id",
    "href",
    "src",
    "srcset",
    "sizes",
    "rel",
    "type",
    "name",
    "property",
    "itemprop",
    "itemtype",
    "itemscope",
    "datetime",
    "lang",
    "role",
    "for",
    "media",
    "charset",
    "http-equiv",
    "content",
];

const DROPPED_LINKS: &[&str] = &["stylesheet", "preload", "modulepreload", "prefetch"];

/// Scrubs a page: same markup rules select on, prose replaced by placeholder text of the same
/// shape. The result is a whole document (with `<!DOCTYPE html>` when the page had one),
/// declaring UTF-8 as its charset.
pub fn scrub_html(html: &str, options: &ScrubOptions) -> (String, ScrubReport) {
    let mut page = parse_html(html);
    let mut report = ScrubReport::default();
    let had_doctype = page
        .tree
        .root()
        .children()
        .any(|node| matches!(node.value(), Node::Doctype(_)));
    report.elements_dropped = drop_nodes(&mut page);
    report.attributes_scrubbed = scrub_attributes(&mut page, options);
    report.text_nodes_replaced = scrub_text(&mut page, options);
    let mut out = String::with_capacity(html.len());
    if had_doctype {
        out.push_str("<!DOCTYPE html>\n");
    }
    out.push_str(&page.root_element().html());
    out.push('\n');
    (out, report)
}

/// What happens to a node and everything inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Disposal {
    Keep,
    Drop,
    /// Keep the element, drop what is inside.
    Empty,
}

fn disposal(node: NodeRef<'_, Node>) -> Disposal {
    let element = match node.value() {
        Node::Comment(_) => return Disposal::Drop,
        Node::Element(element) => element,
        _ => return Disposal::Keep,
    };
    match element.name() {
        "script" if is_json_ld(element) => Disposal::Keep,
        // Script data (`push({"title": …})`) rules capture from: kept, its strings scrubbed.
        "script" if holds_data(node) => Disposal::Keep,
        "script" | "style" | "noscript" => Disposal::Drop,
        "link"
            if element.attr("rel").is_some_and(|rel| {
                rel.split_ascii_whitespace().any(|rel| {
                    DROPPED_LINKS
                        .iter()
                        .any(|dropped| rel.eq_ignore_ascii_case(dropped))
                })
            }) =>
        {
            Disposal::Drop
        }
        "svg" | "iframe" => Disposal::Empty,
        _ => Disposal::Keep,
    }
}

/// Whether a script element embeds JSON data (`{"`), as state hydration scripts do.
fn holds_data(node: NodeRef<'_, Node>) -> bool {
    node.children()
        .any(|child| matches!(child.value(), Node::Text(text) if text.contains("{\"")))
}

fn is_json_ld(element: &Element) -> bool {
    element
        .attr("type")
        .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/ld+json"))
}

/// Removes dropped nodes and the contents of emptied ones; returns how many elements and
/// comments went.
fn drop_nodes(page: &mut Html) -> usize {
    let mut detach = Vec::new();
    let mut dropped = 0;
    for node in page.tree.root().descendants() {
        if node.ancestors().any(|up| disposal(up) != Disposal::Keep) {
            continue;
        }
        let gone: Vec<_> = match disposal(node) {
            Disposal::Keep => continue,
            Disposal::Drop => vec![node],
            Disposal::Empty => node.children().collect(),
        };
        for gone in gone {
            dropped += gone
                .descendants()
                .filter(|inner| matches!(inner.value(), Node::Element(_) | Node::Comment(_)))
                .count();
            detach.push(gone.id());
        }
    }
    for id in detach {
        if let Some(mut node) = page.tree.get_mut(id) {
            node.detach();
        }
    }
    dropped
}

/// Drops inline styles and event handlers, replaces prose in attributes, and declares UTF-8;
/// returns how many attributes were dropped or replaced.
fn scrub_attributes(page: &mut Html, options: &ScrubOptions) -> usize {
    let ids: Vec<_> = page
        .tree
        .root()
        .descendants()
        .map(|node| node.id())
        .collect();
    let mut scrubbed = 0;
    for id in ids {
        if let Some(mut node) = page.tree.get_mut(id) {
            if let Node::Element(element) = node.value() {
                scrubbed += scrub_element_attributes(element, options);
            }
        }
    }
    scrubbed
}

fn scrub_element_attributes(element: &mut Element, options: &ScrubOptions) -> usize {
    let is_meta = element.name() == "meta";
    let content_type = is_meta
        && element
            .attr("http-equiv")
            .is_some_and(|name| name.eq_ignore_ascii_case("content-type"));
    let mut scrubbed = 0;
    let mut kept = Vec::new();
    let names_author = |element: &Element| {
        ["name", "property", "itemprop"].iter().any(|attr| {
            element.attr(attr).is_some_and(|name| {
                let name = name.to_ascii_lowercase();
                name.contains("author") || name.contains("creator")
            })
        })
    };
    let author_meta = is_meta && names_author(element);
    for (name, value) in std::mem::take(&mut element.attrs) {
        let local: &str = &name.local;
        if local.starts_with("on") {
            scrubbed += 1;
            continue;
        }
        if local == "style" {
            // Emptied, not dropped: rules select on its presence (`p[style]`).
            scrubbed += 1;
            kept.push((name, StrTendril::new()));
            continue;
        }
        let value = if is_meta && local == "charset" {
            StrTendril::from("utf-8")
        } else if content_type && local == "content" {
            StrTendril::from("text/html; charset=utf-8")
        } else if local == "href" && value.to_ascii_lowercase().contains("javascript:") {
            // Share buttons carry the headline or a sentence in script (`navigator.share`).
            scrubbed += 1;
            StrTendril::from("javascript:void(0)")
        } else if let Some(url) = prose::scrub_url_query(&value, options) {
            // Share links carry the headline and the lead in their query (`?text=…`).
            scrubbed += 1;
            StrTendril::from(url)
        } else if author_meta && local == "content" {
            scrubbed += 1;
            StrTendril::from(prose::scrub_byline(&value, options))
        } else if (PROSE_ATTRIBUTES.contains(&local) || (is_meta && local == "content"))
            && replaces_value(&value)
        {
            scrubbed += 1;
            StrTendril::from(placeholder(&value, options.seed, &options.kept_phrases))
        } else if !STRUCTURAL.contains(&local) && value.trim_start().starts_with(['{', '[']) {
            // Script configuration in attributes often carries captions and teasers.
            let (json, replaced) = scrub_json_strings(&value, options);
            scrubbed += replaced;
            StrTendril::from(json)
        } else if !STRUCTURAL.contains(&local) && replaces_value(&value) {
            scrubbed += 1;
            StrTendril::from(placeholder(&value, options.seed, &options.kept_phrases))
        } else {
            value
        };
        kept.push((name, value));
    }
    element.attrs = kept.into_iter().collect();
    scrubbed
}

/// One text node, with whether it sits in an inline element of its own (`<time>`, `<a>`).
struct TextNode<Id> {
    id: Id,
    text: String,
    wrapped: bool,
}

/// Replaces prose in text nodes and JSON-LD strings; returns how many were changed.
///
/// Text is judged by block (`<p>`, `<li>`, `<h1>`, ...), so a sentence split by links is prose
/// even when each piece is short. In a prose block, a byline or date in an element of its own
/// is kept.
fn scrub_text(page: &mut Html, options: &ScrubOptions) -> usize {
    let mut replacements = Vec::new();
    let mut blocks: Vec<Vec<TextNode<_>>> = Vec::new();
    let mut block_of = HashMap::new();
    for node in page.tree.root().descendants() {
        let Node::Text(text) = node.value() else {
            continue;
        };
        let Some(parent) = node.parent() else {
            continue;
        };
        if matches!(parent.value(), Node::Element(element) if element.name() == "script") {
            let (scrubbed, count) = scrub_json_strings(text, options);
            if count > 0 {
                replacements.push((node.id(), scrubbed, count));
            }
            continue;
        }
        let Some(block) = node.ancestors().find(|up| is_block(up.value())) else {
            continue;
        };
        let index = *block_of.entry(block.id()).or_insert_with(|| {
            blocks.push(Vec::new());
            blocks.len() - 1
        });
        blocks[index].push(TextNode {
            id: node.id(),
            text: text.to_string(),
            wrapped: parent.id() != block.id(),
        });
    }
    for block in &blocks {
        let whole: String = block.iter().map(|node| node.text.as_str()).collect();
        let byline_block = prose::is_byline(&whole);
        if !replaces_text(&whole) && !byline_block {
            continue;
        }
        let folded = fold_spaces(&whole);
        let matched = prose::pattern_matches(&folded.0, &options.kept_patterns);
        let block_kept: Cow<'_, [String]> = match matched.is_empty() {
            true => Cow::Borrowed(&options.kept_phrases),
            false => options
                .kept_phrases
                .iter()
                .cloned()
                .chain(matched)
                .collect(),
        };
        let spanning = phrases_across_nodes(block, &whole, &folded, &block_kept);
        for (node, pieces) in block.iter().zip(spanning) {
            let byline = byline_block || (node.wrapped && prose::is_byline(&node.text));
            let scrubbed = if byline {
                // Names are real people's: replaced, with what `authors` reads kept.
                prose::scrub_byline(&node.text, options)
            } else if node.wrapped
                && prose::is_date(&node.text)
                && node.text.split_whitespace().count() < 8
            {
                // A date a rule reads is kept, but never a run of 8 words of the page.
                continue;
            } else if pieces.is_empty() {
                placeholder(&node.text, options.seed, &block_kept)
            } else {
                let mut kept = block_kept.to_vec();
                kept.extend(pieces);
                placeholder(&node.text, options.seed, &kept)
            };
            if scrubbed != node.text {
                replacements.push((node.id, scrubbed, 1));
            }
        }
    }
    let mut replaced = 0;
    for (id, scrubbed, count) in replacements {
        if let Some(mut node) = page.tree.get_mut(id) {
            if let Node::Text(text) = node.value() {
                text.text = StrTendril::from(scrubbed);
                replaced += count;
            }
        }
    }
    replaced
}

/// For each node of a block, the pieces of kept phrases found in the block: the part of
/// each occurrence that lies in the node, as the page writes it. Phrases are found with the
/// block's white space folded to single spaces (`folded`, from [`fold_spaces`]), as rules
/// read text, so "Click&nbsp;<a>here</a>"
/// still holds "Click here", and one may run across node boundaries ("sign up for our
/// <a>newsletters</a>").
fn phrases_across_nodes<Id>(
    block: &[TextNode<Id>],
    whole: &str,
    (folded, at): &(String, Vec<usize>),
    kept: &[String],
) -> Vec<Vec<String>> {
    let mut pieces = vec![Vec::new(); block.len()];
    for phrase in kept {
        for (found, _) in folded.match_indices(phrase.as_str()) {
            let (start, end) = (at[found], at[found + phrase.len()]);
            let mut offset = 0;
            for (index, node) in block.iter().enumerate() {
                let (from, to) = (offset, offset + node.text.len());
                offset = to;
                if from >= end || to <= start {
                    continue;
                }
                let piece = &whole[start.max(from)..end.min(to)];
                if !piece.trim().is_empty() {
                    pieces[index].push(piece.to_owned());
                }
            }
        }
    }
    pieces
}

/// `text` with every run of white space (no-break spaces included) as one space, and for each
/// byte of it (and its end) the byte of `text` it came from.
fn fold_spaces(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len() + 1);
    let mut in_space = false;
    for (index, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                folded.push(' ');
                at.push(index);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let start = folded.len();
        folded.push(c);
        at.extend((0..folded.len() - start).map(|byte| index + byte));
    }
    at.push(text.len());
    (folded, at)
}

/// Whether a node bounds a block of text: the document, or an element that is not inline.
fn is_block(node: &Node) -> bool {
    match node {
        Node::Element(element) => !INLINE.contains(&element.name()),
        Node::Document | Node::Fragment => true,
        _ => false,
    }
}
