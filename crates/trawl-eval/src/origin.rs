//! Where an extracted paragraph came from, for `trawl eval --diff`.
//!
//! The record keeps texts, not elements. [`ParagraphSources`] watches the extraction as an
//! [`Observer`] and keeps, for every value the body's `summary` and `paragraphs` expressions
//! matched, the path of the element it was read from: the same run that made the record,
//! not a second evaluation beside it.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html};
use trawl_engine::{element_text, Observer, Value};
use trawl_explain::find::element_path;

use super::compare::squash;

/// The elements behind a record's body paragraphs: squashed text to the element's path.
pub struct ParagraphSources<'h> {
    html: &'h Html,
    body_field: bool,
    removed: HashSet<NodeId>,
    seen: HashSet<(NodeId, String)>,
    paths: Vec<(String, String)>,
}

impl<'h> ParagraphSources<'h> {
    /// An observer for an extraction of `html`.
    pub fn new(html: &'h Html) -> ParagraphSources<'h> {
        ParagraphSources {
            html,
            body_field: false,
            removed: HashSet::new(),
            seen: HashSet::new(),
            paths: Vec::new(),
        }
    }

    /// The element a paragraph came from: the one with the same text, else the first whose
    /// text holds it (a paragraph filter may shorten what the element says).
    pub fn path_of(&self, paragraph: &str) -> Option<&str> {
        let wanted = squash(paragraph);
        if wanted.is_empty() {
            return None;
        }
        let path_where = |found: &dyn Fn(&str) -> bool| {
            self.paths
                .iter()
                .find(|(text, _)| found(text))
                .map(|(_, path)| path.as_str())
        };
        path_where(&|text| text == wanted).or_else(|| path_where(&|text| text.contains(&wanted)))
    }
}

impl Observer for ParagraphSources<'_> {
    fn field(&mut self, name: &str) {
        self.body_field = matches!(name, "body.summary" | "body.paragraphs");
    }

    fn removed(&mut self, elements: &HashSet<NodeId>) {
        self.removed.clone_from(elements);
    }

    fn matched(&mut self, values: &[Value<'_>]) {
        if !self.body_field {
            return;
        }
        for value in values {
            // A block of loose text (`blocks`) starts in a text node: its element holds it.
            let Some(element) = value
                .origin()
                .and_then(|id| self.html.tree.get(id))
                .and_then(|node| {
                    ElementRef::wrap(node).or_else(|| node.ancestors().find_map(ElementRef::wrap))
                })
            else {
                continue;
            };
            let text = match value {
                Value::Node(node) => element_text(*node, &self.removed),
                other => other.to_text(),
            };
            // One element can give several paragraphs (`blocks`), each its own text.
            if self.seen.insert((element.id(), squash(&text))) {
                self.paths.push((squash(&text), element_path(element)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use trawl_engine::{parse_html, Pack, PageInput, Registry};
    use trawl_rules::SourceText;

    use super::ParagraphSources;

    #[test]
    fn a_paragraph_maps_to_the_element_it_was_read_from() {
        let rule = SourceText {
            path: "t.example.yaml".into(),
            text: "name: T\nhosts: [t.example]\nfields:\n  title: h1 | text\nbody:\n  root: article\n  remove: [.ad]\n  paragraphs: p, div.note\n".into(),
        };
        let pack = Pack::from_sources(vec![rule], &Registry::standard()).unwrap();
        let page = r#"<h1>T</h1><main id="story"><article class="post wide"><p>One.</p><div class="note">Two <span class="ad">buy</span>now.</div><p>Three.</p></article></main>"#;
        let html = parse_html(page);
        let input = PageInput {
            bytes: page.as_bytes(),
            url: Some("https://t.example/a"),
            ..PageInput::default()
        };
        let mut sources = ParagraphSources::new(&html);
        let record = pack
            .extract_parsed(&html, &input, &mut sources)
            .unwrap()
            .record;
        assert_eq!(record.body.paragraphs().count(), 3);
        assert_eq!(
            sources.path_of("Three."),
            Some("main#story > article.post.wide > p:nth-of-type(2)")
        );
        assert_eq!(
            sources.path_of("Two now."),
            Some("main#story > article.post.wide > div.note")
        );
        assert_eq!(sources.path_of("Four."), None);
    }

    #[test]
    fn loose_text_blocks_map_to_the_element_holding_them() {
        let rule = SourceText {
            path: "t.example.yaml".into(),
            text: "name: T\nhosts: [t.example]\nfields:\n  title: h1 | text\nbody:\n  root: body\n  paragraphs: '#story | blocks'\n".into(),
        };
        let pack = Pack::from_sources(vec![rule], &Registry::standard()).unwrap();
        let page =
            r#"<h1>T</h1><div id="story">One.<br><span class="em">Two.</span><br>Three.</div>"#;
        let html = parse_html(page);
        let input = PageInput {
            bytes: page.as_bytes(),
            url: Some("https://t.example/a"),
            ..PageInput::default()
        };
        let mut sources = ParagraphSources::new(&html);
        pack.extract_parsed(&html, &input, &mut sources).unwrap();
        assert_eq!(sources.path_of("Two."), Some("div#story > span.em"));
        assert_eq!(sources.path_of("Three."), Some("div#story"));
    }
}
