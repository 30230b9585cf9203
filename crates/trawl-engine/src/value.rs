//! The values flowing through a pipeline: elements, strings and JSON.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Node};

use crate::normalize::normalize_text;

/// One value in a pipeline.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    /// An element of the page.
    Node(ElementRef<'a>),
    /// A string, remembering the element it was read from so the body keeps document order.
    Text(Text),
    /// A JSON value from JSON-LD.
    Json(serde_json::Value),
}

/// A string and the element it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The string.
    pub text: String,
    /// The element it was read from, if any.
    pub origin: Option<NodeId>,
    /// Whether the expression gave it its final form (the `authors` filter split it, or `raw`
    /// said to keep it): the field's own normaliser leaves it as it is. Filters after that
    /// keep the mark.
    pub settled: bool,
}

impl<'a> Value<'a> {
    /// A string with no origin.
    pub fn text(text: impl Into<String>) -> Self {
        Value::Text(Text {
            text: text.into(),
            origin: None,
            settled: false,
        })
    }

    /// Whether the expression gave the value its final form (see [`Text::settled`]).
    pub fn is_settled(&self) -> bool {
        matches!(self, Value::Text(Text { settled: true, .. }))
    }

    /// The value as text marked settled: the field's own normaliser will leave it.
    pub fn settled(&self) -> Self {
        Value::Text(Text {
            text: self.to_text(),
            origin: self.origin(),
            settled: true,
        })
    }

    /// The element this value is or came from.
    pub fn origin(&self) -> Option<NodeId> {
        match self {
            Value::Node(node) => Some(node.id()),
            Value::Text(text) => text.origin,
            Value::Json(_) => None,
        }
    }

    /// The value as text: an element's normalised text, a string, a JSON scalar, or a JSON
    /// object's `name` (so `ld(NewsArticle.author)` reads as names).
    pub fn to_text(&self) -> String {
        match self {
            Value::Node(node) => element_text(*node, &HashSet::new()),
            Value::Text(text) => text.text.clone(),
            Value::Json(json) => json_text(json),
        }
    }

    /// Whether the value counts as nothing: an empty string or JSON null.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Node(_) => false,
            Value::Text(text) => text.text.trim().is_empty(),
            Value::Json(json) => json_text(json).trim().is_empty(),
        }
    }

    /// Replaces the value by a string, keeping its origin and whether it is settled.
    pub fn with_text(&self, text: String) -> Self {
        Value::Text(Text {
            text,
            origin: self.origin(),
            settled: self.is_settled(),
        })
    }
}

fn json_text(json: &serde_json::Value) -> String {
    match json {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Object(map) => map
            .get("name")
            .or_else(|| map.get("@value"))
            .map(json_text)
            .unwrap_or_default(),
        serde_json::Value::Array(items) => {
            items.iter().map(json_text).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

/// Elements whose text is never article text.
pub(crate) const SKIPPED: &[&str] = &["script", "style", "noscript", "template", "svg", "button"];

/// Elements that break text into separate words when they end.
pub(crate) const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// The normalised text of an element, leaving out scripts, styles and the subtrees in
/// `removed`; block elements and `<br>` separate words.
pub fn element_text(element: ElementRef<'_>, removed: &HashSet<NodeId>) -> String {
    let mut raw = String::new();
    let mut stack = vec![(*element, false)];
    while let Some((node, closing)) = stack.pop() {
        if closing {
            raw.push(' ');
            continue;
        }
        match node.value() {
            Node::Text(text) => raw.push_str(text),
            Node::Element(el) => {
                if node.id() != element.id()
                    && (removed.contains(&node.id()) || SKIPPED.contains(&el.name()))
                {
                    continue;
                }
                let block = BLOCKS.contains(&el.name());
                if block {
                    raw.push(' ');
                    stack.push((node, true));
                }
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(|child| (child, false)));
            }
            _ => {}
        }
    }
    normalize_text(&raw)
}

/// The text directly inside an element, not in its child elements.
pub fn own_text(element: ElementRef<'_>) -> String {
    let raw: String = element
        .children()
        .filter_map(|child| child.value().as_text().map(|text| text.to_string()))
        .collect();
    normalize_text(&raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    #[test]
    fn blocks_separate_words_and_scripts_are_skipped() {
        let html = Html::parse_fragment(
            "<div><p>One<br>two</p><p>three <b>four</b></p><script>x()</script></div>",
        );
        let div = html
            .select(&Selector::parse("div").unwrap())
            .next()
            .unwrap();
        assert_eq!(element_text(div, &HashSet::new()), "One two three four");
    }

    #[test]
    fn removed_subtrees_are_left_out() {
        let html = Html::parse_fragment("<p>Keep <span class=ad>Ad</span>this</p>");
        let p = html.select(&Selector::parse("p").unwrap()).next().unwrap();
        let ad = html
            .select(&Selector::parse(".ad").unwrap())
            .next()
            .unwrap();
        assert_eq!(element_text(p, &HashSet::from([ad.id()])), "Keep this");
    }
}
