//! Parsing HTML with the tree depth bounded, as browsers do.
//!
//! html5ever checks "is there an element in scope" by walking its stack of open elements, so
//! each start tag costs time in proportion to the depth: 100,000 nested `<div>`s took
//! minutes. Like Chromium's parser (which stops nesting at 512), trawl stops nesting at
//! [`MAX_DEPTH`] counted elements: deeper start tags are dropped, with their end tags, so
//! what they held becomes the content of the element at the limit. Elements that a sibling
//! closes (`p`, `li`, `td`, `tr`, ...) are not counted, so a deep table can nest a few times
//! more. Real pages are far shallower, and parse exactly as before.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{local_name, LocalName, TokenizerResult};
use scraper::{Html, HtmlTreeSink};

/// The deepest an element is nested in a parsed page.
pub const MAX_DEPTH: usize = 512;

/// Parses a whole HTML document, like `Html::parse_document`, with nesting bounded at
/// [`MAX_DEPTH`].
pub fn parse_html(text: &str) -> Html {
    let builder = TreeBuilder::new(
        HtmlTreeSink::new(Html::new_document()),
        TreeBuilderOpts::default(),
    );
    let tokenizer = Tokenizer::new(DepthCap::new(builder), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(text.into());
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.builder.sink.finish()
}

/// Sits between the tokenizer and the tree builder, keeping a model of the open elements
/// that stay open until their end tag (a `<p>` or `<li>` closes the one before it, so those
/// are not counted), and dropping start tags that would nest deeper than the limit.
struct DepthCap {
    builder: TreeBuilder<<HtmlTreeSink as TreeSink>::Handle, HtmlTreeSink>,
    open: RefCell<Vec<LocalName>>,
    /// Dropped start tags by name, whose end tags are dropped too.
    dropped: RefCell<HashMap<LocalName, usize>>,
    /// Inside `<svg>` or `<math>`, where `<x/>` closes itself.
    foreign: Cell<usize>,
}

impl DepthCap {
    fn new(builder: TreeBuilder<<HtmlTreeSink as TreeSink>::Handle, HtmlTreeSink>) -> Self {
        Self {
            builder,
            open: RefCell::default(),
            dropped: RefCell::default(),
            foreign: Cell::new(0),
        }
    }

    /// Whether to pass the tag on, keeping the model up to date.
    fn admit(&self, tag: &Tag) -> bool {
        let mut open = self.open.borrow_mut();
        match tag.kind {
            TagKind::StartTag => {
                if !nests(&tag.name) || (tag.self_closing && self.foreign.get() > 0) {
                    return true;
                }
                if open.len() >= MAX_DEPTH && !switches_tokenizer(&tag.name) {
                    *self
                        .dropped
                        .borrow_mut()
                        .entry(tag.name.clone())
                        .or_default() += 1;
                    return false;
                }
                if is_foreign_root(&tag.name) {
                    self.foreign.set(self.foreign.get() + 1);
                }
                open.push(tag.name.clone());
                true
            }
            TagKind::EndTag => {
                if let Some(count) = self.dropped.borrow_mut().get_mut(&tag.name) {
                    if *count > 0 {
                        *count -= 1;
                        return false;
                    }
                }
                if let Some(at) = open.iter().rposition(|name| *name == tag.name) {
                    for name in open.drain(at..) {
                        if is_foreign_root(&name) {
                            self.foreign.set(self.foreign.get().saturating_sub(1));
                        }
                    }
                }
                true
            }
        }
    }
}

impl TokenSink for DepthCap {
    type Handle = <HtmlTreeSink as TreeSink>::Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Self::Handle> {
        if let Token::TagToken(tag) = &token {
            if !self.admit(tag) {
                return TokenSinkResult::Continue;
            }
        }
        self.builder.process_token(token, line_number)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Whether an element of this name stays open until its end tag or an ancestor's: void
/// elements never open, and these others are closed by their next sibling or by the table
/// and document structure.
fn nests(name: &LocalName) -> bool {
    !matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("frame")
            | local_name!("hr")
            | local_name!("image")
            | local_name!("img")
            | local_name!("input")
            | local_name!("keygen")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("html")
            | local_name!("head")
            | local_name!("body")
            | local_name!("p")
            | local_name!("li")
            | local_name!("dd")
            | local_name!("dt")
            | local_name!("option")
            | local_name!("optgroup")
            | local_name!("rb")
            | local_name!("rp")
            | local_name!("rt")
            | local_name!("rtc")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("tbody")
            | local_name!("thead")
            | local_name!("tfoot")
            | local_name!("caption")
            | local_name!("colgroup")
    )
}

/// Elements whose start tag switches the tokenizer to raw text: never dropped (their text
/// would be read as markup), and they hold no elements, so they add no depth below them.
fn switches_tokenizer(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("textarea")
            | local_name!("title")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("plaintext")
    )
}

fn is_foreign_root(name: &LocalName) -> bool {
    matches!(*name, local_name!("svg") | local_name!("math"))
}

#[cfg(test)]
mod tests {
    use scraper::Selector;

    use super::*;

    fn depth_of_deepest(html: &Html) -> usize {
        html.tree
            .nodes()
            .map(|node| node.ancestors().count())
            .max()
            .unwrap_or(0)
    }

    // 100,000 nested <div>s took 340 s: each start tag walked the whole stack.
    #[test]
    fn deep_nesting_is_bounded_and_fast() {
        let n = 100_000;
        let page = format!(
            "<html><body><h1>Deep</h1>{}<p>inside</p>{}<p>after</p></body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        // The tree is bounded in depth, which is what made parsing quadratic (unbounded,
        // 100,000 nested `<div>`s took 340 s); speed is measured with `trawl bench`.
        let html = parse_html(&page);
        assert!(depth_of_deepest(&html) <= MAX_DEPTH + 4);
        let p = Selector::parse("p").unwrap();
        let texts: Vec<String> = html.select(&p).map(|e| e.text().collect()).collect();
        assert_eq!(texts, ["inside", "after"]);
        // The text after the deep part is back at the body, not inside the divs.
        let after = html.select(&p).nth(1).unwrap();
        assert_eq!(
            after.parent().unwrap().value().as_element().unwrap().name(),
            "body"
        );
    }

    #[test]
    fn unclosed_and_mixed_deep_tags_are_bounded_too() {
        for open in [
            "<span>",
            "<b>",
            "<div/>",
            "<ul><li>",
            "<svg><g>",
            "<table><tr><td>",
        ] {
            let page = format!("<body>{}<p>x", open.repeat(20_000));
            let html = parse_html(&page);
            // Cells, rows and list items are not counted (a sibling closes them), so a table
            // nests four elements for each counted one.
            let depth = depth_of_deepest(&html);
            assert!(depth <= 5 * MAX_DEPTH, "{open}: {depth}");
        }
    }

    #[test]
    fn pages_within_the_limit_parse_as_html5ever_parses_them() {
        let pages = [
            "<html><head><title>T</title><script>if (a < b) { document.write('<div>') }</script></head><body><p>one<p>two<ul><li>a<li>b</ul><table><tr><td>c<td>d</table><svg><path d='M0'/><g/></svg><b><i>x</b>y</i></body></html>",
            "<div><div><span>deep</span></div></div><textarea><div></textarea>",
        ];
        for page in pages {
            let nested = format!("{}{page}{}", "<div>".repeat(500), "</div>".repeat(500));
            for page in [page.to_owned(), nested] {
                assert_eq!(parse_html(&page).html(), Html::parse_document(&page).html());
            }
        }
    }
}
