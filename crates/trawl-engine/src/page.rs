//! A parsed page and what every expression on it can read.

use std::cell::{OnceCell, Ref, RefCell};
use std::collections::HashSet;

use ego_tree::NodeId;

use chrono_tz::Tz;
use scraper::Html;
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
    jsonld: OnceCell<Vec<serde_json::Value>>,
    removed: RefCell<HashSet<NodeId>>,
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
        self.jsonld.get_or_init(|| jsonld::typed_objects(self.html))
    }
}
