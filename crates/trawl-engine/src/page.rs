//! A parsed page and what every expression on it can read.

use std::cell::{Cell, OnceCell, Ref, RefCell};
use std::collections::{HashMap, HashSet};

use chrono_tz::Tz;
use ego_tree::{NodeId, Tree};
use scraper::{ElementRef, Html, Node};
use url::Url;

use crate::jsonld;

/// A parsed page, the context every expression is evaluated in.
pub struct Page<'a> {
    /// The parsed document.
    pub html: &'a Html,
    /// The page URL, when known; relative links resolve against it.
    pub url: Option<&'a Url>,
    /// The rule's time zone, for dates written without one.
    pub zone: Tz,
    jsonld: OnceCell<(Vec<serde_json::Value>, Vec<NodeId>)>,
    removed: RefCell<HashSet<NodeId>>,
    fragments: Option<&'a Fragments>,
    warnings: RefCell<Vec<String>>,
    fields: RefCell<Vec<(&'static str, Vec<String>)>>,
}

/// The most nodes the fragments `parse_html` reads may take on one page, all told: a bound
/// on the work (and memory) one page can ask for. Past it, `parse_html` yields nothing more
/// and the record says so.
pub const MAX_FRAGMENT_NODES: usize = 1 << 21;

/// The HTML that `parse_html` reads from strings while a page is read (a script's
/// `contentHtml`, say), kept alive as long as the values taken from it.
#[derive(Default)]
pub struct Fragments {
    /// The trees, one per `parse_html` call: all the strings one call parses share a tree.
    trees: elsa::FrozenVec<Box<Html>>,
    /// Where each string parsed so far is: its tree and the element standing for it.
    parsed: RefCell<HashMap<String, (usize, NodeId)>>,
    /// How many node ids the page and its fragments use; the next tree's start after it.
    ids_used: Cell<Option<usize>>,
    /// The nodes the trees take, all told (the ids they skip included).
    nodes: Cell<usize>,
}

impl Fragments {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<'a> Page<'a> {
    /// A page context.
    pub fn new(html: &'a Html, url: Option<&'a Url>, zone: Tz) -> Self {
        Self {
            html,
            url,
            zone,
            jsonld: OnceCell::new(),
            removed: RefCell::default(),
            fragments: None,
            warnings: RefCell::default(),
            fields: RefCell::default(),
        }
    }

    /// The values of a record field filled so far (`without(authors)` reads them).
    pub fn field(&self, name: &str) -> Vec<String> {
        self.fields
            .borrow()
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, values)| values.clone())
            .unwrap_or_default()
    }

    /// Records a filled field's values for the expressions after it.
    pub(crate) fn set_field(&self, name: &'static str, values: Vec<String>) {
        let mut fields = self.fields.borrow_mut();
        fields.retain(|(known, _)| *known != name);
        fields.push((name, values));
    }

    /// Notes a problem for the record's `warnings` (once per text).
    pub fn warn(&self, warning: String) {
        let mut warnings = self.warnings.borrow_mut();
        if !warnings.contains(&warning) {
            warnings.push(warning);
        }
    }

    /// The warnings noted so far, leaving none.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *self.warnings.borrow_mut())
    }

    /// Lets `parse_html` keep the HTML it parses in `fragments`; without it, `parse_html`
    /// yields nothing.
    pub fn with_fragments(mut self, fragments: &'a Fragments) -> Self {
        self.fragments = Some(fragments);
        self
    }

    /// `text` parsed as an HTML fragment: its root element, whose children are the fragment's
    /// top-level nodes. See [`Page::parse_html_all`].
    pub fn parse_html(&self, text: &str) -> Option<ElementRef<'a>> {
        self.parse_html_all(&[text]).pop().flatten()
    }

    /// Each of `texts` parsed as an HTML fragment: its root element, whose children are the
    /// fragment's top-level nodes. The same text gives the same elements each time, and a
    /// fragment's node ids never repeat the page's or another fragment's, so the body and
    /// `remove`, which know elements by id, can mix them. The texts of one call share one
    /// tree, so parsing many costs their size, not their count times the page's. Past
    /// [`MAX_FRAGMENT_NODES`] on a page, texts give `None` and the page a warning.
    pub fn parse_html_all(&self, texts: &[&str]) -> Vec<Option<ElementRef<'a>>> {
        let Some(fragments) = self.fragments else {
            return vec![None; texts.len()];
        };
        let new: Vec<&str> = {
            let parsed = fragments.parsed.borrow();
            let mut seen = HashSet::new();
            texts
                .iter()
                .copied()
                .filter(|text| !parsed.contains_key(*text) && seen.insert(*text))
                .collect()
        };
        if !new.is_empty() {
            self.parse_fragments(fragments, &new);
        }
        let parsed = fragments.parsed.borrow();
        texts
            .iter()
            .map(|text| {
                let &(tree, id) = parsed.get(*text)?;
                let html: &'a Html = fragments.trees.get(tree)?;
                ElementRef::wrap(html.tree.get(id)?)
            })
            .collect()
    }

    /// Parses `texts` into one new tree whose ids follow those used so far.
    fn parse_fragments(&self, fragments: &'a Fragments, texts: &[&str]) {
        let used = fragments
            .ids_used
            .get()
            .unwrap_or_else(|| self.html.tree.nodes().count());
        let parsed: Vec<Html> = texts
            .iter()
            .map(|text| Html::parse_fragment(text))
            .collect();
        let count: usize = parsed.iter().map(|html| html.tree.nodes().count()).sum();
        let total = fragments.nodes.get() + used + count;
        if total > MAX_FRAGMENT_NODES {
            self.warn(format!(
                "parse_html: the page asks for more than {MAX_FRAGMENT_NODES} nodes of parsed fragments; the rest are left out"
            ));
            return;
        }
        let mut tree = Tree::with_capacity(Node::Fragment, used + count + texts.len());
        for _ in 1..used {
            tree.orphan(Node::Fragment);
        }
        let roots: Vec<NodeId> = parsed
            .iter()
            .map(|html| {
                let mut holder = tree.root_mut();
                let mut holder = holder.append(Node::Fragment);
                copy_into(html.root_element().id(), &html.tree, &mut holder)
            })
            .collect();
        fragments.ids_used.set(Some(tree.nodes().count()));
        fragments.nodes.set(total);
        let index = fragments.trees.len();
        let mut html = Html::new_fragment();
        html.tree = tree;
        fragments.trees.push(Box::new(html));
        let mut known = fragments.parsed.borrow_mut();
        for (text, root) in texts.iter().zip(roots) {
            known.insert((*text).to_owned(), (index, root));
        }
    }

    /// The elements the body section removes, while the body is being read: the `text`
    /// filter leaves them out, so `p | text | ...` paragraphs lose their ads too.
    pub fn removed(&self) -> Ref<'_, HashSet<NodeId>> {
        self.removed.borrow()
    }

    /// Sets the removed elements (the body sets them while it is read, then clears them).
    pub(crate) fn set_removed(&self, removed: HashSet<NodeId>) {
        *self.removed.borrow_mut() = removed;
    }

    /// The page's JSON-LD objects that have an `@type`, parsed on first use.
    pub fn jsonld(&self) -> &[serde_json::Value] {
        &self
            .jsonld
            .get_or_init(|| jsonld::typed_objects(self.html))
            .0
    }

    /// The `<script>` element of each of [`Page::jsonld`]'s objects, in the same order.
    pub fn jsonld_scripts(&self) -> &[NodeId] {
        &self
            .jsonld
            .get_or_init(|| jsonld::typed_objects(self.html))
            .1
    }
}

/// Appends a copy of the subtree at `from` in `tree` under `parent`; returns the copy's id.
/// (The ids before a fragment tree's first are held by placeholder nodes: node ids are
/// indices into their tree. Roots are fragment nodes, never elements or text, so the id
/// they share is never looked up.)
fn copy_into(from: NodeId, tree: &Tree<Node>, parent: &mut ego_tree::NodeMut<'_, Node>) -> NodeId {
    let old = tree.get(from).expect("a node of the tree");
    let top = parent.append(old.value().clone()).id();
    let mut stack = vec![(old, top)];
    let copy = parent.tree();
    while let Some((old, new)) = stack.pop() {
        for child in old.children() {
            let mut at = copy.get_mut(new).expect("a node just made");
            let id = at.append(child.value().clone()).id();
            stack.push((child, id));
        }
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_of(paragraphs: usize) -> Html {
        crate::parse::parse_html(&"<p>Some <b>text</b>.</p>".repeat(paragraphs))
    }

    // `p | parse_html | select(p)` over 2,000 paragraphs took 1.5 GB: every fragment carried a
    // placeholder for each node parsed before it.
    #[test]
    fn the_fragments_of_one_call_share_a_tree_and_keep_their_ids_apart() {
        let html = page_of(20_000);
        let page_nodes = html.tree.nodes().count();
        let page_last = html.tree.nodes().map(|node| node.id()).max().unwrap();
        let fragments = Fragments::new();
        let page = Page::new(&html, None, chrono_tz::UTC).with_fragments(&fragments);
        let texts: Vec<String> = (0..20_000)
            .map(|n| format!("<p>Paragraph {n}</p>"))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let roots = page.parse_html_all(&texts);
        assert_eq!(fragments.trees.len(), 1);
        assert!(fragments.nodes.get() < page_nodes + 8 * texts.len());
        let paragraph = |root: Option<ElementRef<'_>>| {
            let p = root.unwrap().first_child().unwrap();
            (
                p.id(),
                ElementRef::wrap(p).unwrap().text().collect::<String>(),
            )
        };
        let (first, text) = paragraph(roots[0]);
        assert_eq!(text, "Paragraph 0");
        let (last, text) = paragraph(roots[19_999]);
        assert_eq!(text, "Paragraph 19999");
        assert!(first > page_last && last > first);
        let again = page.parse_html(texts[7]).unwrap();
        assert_eq!(again.id(), roots[7].unwrap().id());
        let other = page.parse_html("<p>One more</p>").unwrap();
        assert!(other.first_child().unwrap().id() > last);
    }

    // One parse_html call per element of an `each` still costs a tree per call: the work one
    // page may ask for is bounded, with a warning.
    #[test]
    fn a_page_asking_for_too_many_fragments_gets_a_warning_not_the_memory() {
        let html = page_of(20_000);
        let fragments = Fragments::new();
        let page = Page::new(&html, None, chrono_tz::UTC).with_fragments(&fragments);
        let parsed = (0..2_000)
            .map(|n| page.parse_html(&format!("<p>Fragment {n}</p>")))
            .take_while(Option::is_some)
            .count();
        assert!(parsed > 10 && parsed < 2_000, "{parsed}");
        assert!(fragments.nodes.get() <= MAX_FRAGMENT_NODES);
        let warnings = page.take_warnings();
        assert!(
            warnings[0].starts_with("parse_html: the page asks for more than"),
            "{warnings:?}"
        );
    }
}
