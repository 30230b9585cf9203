//! A parsed page and what every expression on it can read.

use std::cell::{Cell, OnceCell, Ref, RefCell};
use std::collections::HashSet;

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

/// The HTML that `parse_html` reads from strings while a page is read (a script's
/// `contentHtml`, say), kept alive as long as the values taken from it.
#[derive(Default)]
pub struct Fragments {
    parsed: elsa::FrozenMap<String, Box<Html>>,
    /// How many node ids the page and its fragments use; the next fragment's start after it.
    ids_used: Cell<Option<usize>>,
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
    /// top-level nodes. The same text gives the same elements each time, and a fragment's
    /// node ids never repeat the page's or another fragment's, so the body and `remove`,
    /// which know elements by id, can mix them.
    pub fn parse_html(&self, text: &str) -> Option<ElementRef<'a>> {
        let fragments = self.fragments?;
        if let Some(html) = fragments.parsed.get(text) {
            return Some(html.root_element());
        }
        let used = fragments
            .ids_used
            .get()
            .unwrap_or_else(|| self.html.tree.nodes().count());
        let mut html = Html::parse_fragment(text);
        html.tree = shifted(&html.tree, used);
        fragments.ids_used.set(Some(html.tree.nodes().count()));
        let html: &'a Html = fragments.parsed.insert(text.to_owned(), Box::new(html));
        Some(html.root_element())
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

/// A copy of `tree` whose nodes, but for the root, get ids after the first `used`: node ids
/// are indices into their tree, so placeholder nodes fill those places. (Roots are document
/// or fragment nodes, never elements or text, so their shared id 1 is never looked up.)
fn shifted(tree: &Tree<Node>, used: usize) -> Tree<Node> {
    let count = tree.nodes().count();
    let mut copy = Tree::with_capacity(tree.root().value().clone(), used + count);
    for _ in 1..used {
        copy.orphan(Node::Fragment);
    }
    let mut stack = vec![(tree.root(), copy.root().id())];
    while let Some((old, new)) = stack.pop() {
        for child in old.children() {
            let mut parent = copy.get_mut(new).expect("a node just made");
            let id = parent.append(child.value().clone()).id();
            stack.push((child, id));
        }
    }
    copy
}
