//! One pass over the page that measures every element: how much text it holds and how much
//! of that is link text. Main-content detection reads these numbers instead of walking
//! subtrees again.

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{Html, Node};

use crate::boilerplate::{is_always_furniture, is_furniture, SKIPPED_TAGS};
use crate::hash::IdMap;

/// Elements whose class never makes them furniture: page-wide wrappers carry all kinds of
/// class names (`has-sidebar`, `no-ads`) and still hold the article.
const WRAPPERS: &[&str] = &["html", "body", "main", "article"];

/// The share of the page's text above which an element is never furniture.
pub const FURNITURE_MAX_SHARE: f64 = 0.4;

/// Text measures of one element.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// Visible characters (whitespace not counted) in the element.
    pub chars: u32,
    /// Of those, the characters inside links.
    pub link_chars: u32,
    /// The visible characters of the element's own text nodes, outside its child elements:
    /// text written loose between `<br>`s.
    pub own_chars: u32,
    /// Commas in the element's text (`,`, `，`, `、`, `،`): clauses, a sign of prose.
    pub commas: u32,
    /// Whether the element is furniture (see [`crate::boilerplate`]) or an element that is
    /// never text (`<nav>`, `<script>`, `<figure>`...).
    pub furniture: bool,
    /// Whether the element or an ancestor is furniture.
    pub in_furniture: bool,
}

/// The commas of the scripts counted in [`Measure::commas`].
const COMMAS: [char; 4] = [',', '，', '、', '،'];

impl Measure {
    /// The share of the text that is link text (0 when there is no text).
    pub fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            f64::from(self.link_chars) / f64::from(self.chars)
        }
    }
}

/// The measures of every element of a page.
pub struct Measures {
    by_node: IdMap<NodeId, Measure>,
}

impl Measures {
    /// Measures every element of `html`: text bottom-up in one traversal, then furniture
    /// top-down. A class that names furniture is believed only for an element holding less
    /// than [`FURNITURE_MAX_SHARE`] of the page's text that is not link text: a wrapper
    /// named `article-ads-wrapper` or `sidebar-grid` that holds the whole article is not a
    /// share bar. Comment threads are furniture up to 85% of the page's text.
    pub fn of(html: &Html) -> Self {
        let mut by_node = IdMap::default();
        // The open elements, with what their subtree has counted so far.
        let mut open: Vec<(NodeId, Measure)> = Vec::new();
        let mut skipping = 0usize;
        let mut in_link = 0usize;
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(element) => {
                        if SKIPPED_TAGS.contains(&element.name()) {
                            skipping += 1;
                        }
                        if element.name() == "a" {
                            in_link += 1;
                        }
                        open.push((node.id(), Measure::default()));
                    }
                    Node::Text(text) if skipping == 0 => {
                        let chars = text.chars().filter(|c| !c.is_whitespace()).count() as u32;
                        if let Some((_, measure)) = open.last_mut() {
                            measure.chars += chars;
                            measure.own_chars += chars;
                            measure.commas += text.matches(COMMAS).count() as u32;
                            if in_link > 0 {
                                measure.link_chars += chars;
                            }
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(element) = node.value() else {
                        continue;
                    };
                    let Some((id, measure)) = open.pop() else {
                        continue;
                    };
                    if SKIPPED_TAGS.contains(&element.name()) {
                        skipping -= 1;
                    }
                    if element.name() == "a" {
                        in_link -= 1;
                    }
                    by_node.insert(id, measure);
                    if let Some((_, parent)) = open.last_mut() {
                        parent.chars += measure.chars;
                        parent.link_chars += measure.link_chars;
                        parent.commas += measure.commas;
                    }
                }
            }
        }
        let root = html.root_element();
        let page = by_node.get(&root.id()).copied().unwrap_or_default();
        let page_text = f64::from(page.chars - page.link_chars);
        for node in root.descendants() {
            let Node::Element(element) = node.value() else {
                continue;
            };
            let inherited = node
                .parent()
                .and_then(|parent| by_node.get(&parent.id()))
                .is_some_and(|parent| parent.in_furniture);
            let Some(measure) = by_node.get_mut(&node.id()) else {
                continue;
            };
            let name = element.name();
            let share = f64::from(measure.chars - measure.link_chars) / page_text.max(1.0);
            let small = share < FURNITURE_MAX_SHARE;
            let named = !WRAPPERS.contains(&name)
                && element.attr("itemprop") != Some("articleBody")
                && is_furniture(element);
            measure.furniture =
                SKIPPED_TAGS.contains(&name) || (named && (small || is_always_furniture(element)));
            measure.in_furniture = inherited || measure.furniture;
        }
        Self { by_node }
    }

    /// The measure of an element (zero for nodes that are not elements).
    pub fn get(&self, id: NodeId) -> Measure {
        self.by_node.get(&id).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Selector;

    #[test]
    fn text_and_link_text_are_counted_per_element() {
        let html = Html::parse_document(
            "<div id=a><p>One two <a href=x>three</a></p><script>ignored()</script></div>",
        );
        let measures = Measures::of(&html);
        let div = html.select(&Selector::parse("#a").unwrap()).next().unwrap();
        let measure = measures.get(div.id());
        assert_eq!(measure.chars, 11);
        assert_eq!(measure.link_chars, 5);
        assert_eq!(measure.own_chars, 0);
        let p = html.select(&Selector::parse("p").unwrap()).next().unwrap();
        assert_eq!(measures.get(p.id()).own_chars, 6);
        assert!((measure.link_density() - 5.0 / 11.0).abs() < 1e-9);
        assert!(!measure.in_furniture);
    }

    #[test]
    fn furniture_is_inherited_but_wrappers_never_are() {
        let html = Html::parse_document(
            "<body class=has-sidebar><div class=share-bar><p id=s>Share</p></div><p id=t>Text of the story</p>\
             <div class=ads-wrapper><p id=w>Most of the text of the page is in here, so it is no ad</p></div></body>",
        );
        let measures = Measures::of(&html);
        let get = |css| {
            let element = html.select(&Selector::parse(css).unwrap()).next().unwrap();
            measures.get(element.id())
        };
        assert!(get("#s").in_furniture);
        assert!(!get("#t").in_furniture);
        assert!(!get("#w").in_furniture);
    }
}
