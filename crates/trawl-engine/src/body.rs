//! Assembling the article body: summary, then sections of paragraphs under sub-headlines,
//! in document order, with removed elements left out.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::{ElementRef, Node};

use crate::normalize::normalize_text;
use crate::observe::Observer;
use crate::page::Page;
use crate::record::{Body, Section};
use crate::rule::BodyProgram;
use crate::value::{element_text, Value};

/// Builds the body from a compiled body section.
pub fn assemble(program: &BodyProgram, page: &Page<'_>, observer: &mut dyn Observer) -> Body {
    observer.field("body.root");
    let found: Vec<ElementRef<'_>> = program
        .root
        .eval_with(page, None, observer)
        .into_iter()
        .filter_map(|value| match value {
            Value::Node(node) => Some(node),
            _ => None,
        })
        .collect();
    // A root inside another root adds nothing and would read its paragraphs twice.
    let ids: HashSet<NodeId> = found.iter().map(|root| root.id()).collect();
    let roots: Vec<ElementRef<'_>> = found
        .into_iter()
        .filter(|root| !root.ancestors().any(|a| ids.contains(&a.id())))
        .collect();
    observer.value("body.root", &|| serde_json::json!(roots.len()));

    let mut removed = HashSet::new();
    if !program.remove.is_empty() {
        observer.field("body.remove");
    }
    for root in &roots {
        for remove in &program.remove {
            removed.extend(
                remove
                    .eval_with(page, Some(*root), observer)
                    .iter()
                    .filter_map(Value::origin),
            );
        }
    }
    observer.value("body.remove", &|| serde_json::json!(removed.len()));
    observer.removed(&removed);

    page.set_removed(removed.clone());
    let body = read_body(program, page, &roots, &removed, observer);
    page.set_removed(HashSet::new());
    body
}

/// Reads summary, paragraphs and headlines, with the removed elements already known.
fn read_body(
    program: &BodyProgram,
    page: &Page<'_>,
    roots: &[ElementRef<'_>],
    removed: &HashSet<NodeId>,
    observer: &mut dyn Observer,
) -> Body {
    let mut summary = Vec::new();
    let mut summary_nodes = HashSet::new();
    if let Some(programs) = &program.summary {
        observer.field("body.summary");
        for value in programs.eval_with(page, None, observer) {
            // Summary elements are kept out of the paragraphs; one element counts once.
            let origin = value.origin();
            if origin.is_some_and(|id| removed.contains(&id)) {
                continue;
            }
            let first_time = origin.is_none_or(|id| summary_nodes.insert(id));
            if first_time || !matches!(value, Value::Node(_)) {
                push_text(&mut summary, text_of(&value, removed));
            }
        }
    }

    let mut paragraphs = Texts::default();
    let mut headlines = Texts::default();
    // Started before the roots are read, so a body with no root still shows them.
    observer.field("body.paragraphs");
    if program.headlines.is_some() {
        observer.field("body.headlines");
    }
    for root in roots {
        observer.field("body.paragraphs");
        let values = program.paragraphs.eval_with(page, Some(*root), observer);
        paragraphs.collect(values, removed);
        if let Some(program) = &program.headlines {
            observer.field("body.headlines");
            headlines.collect(program.eval_with(page, Some(*root), observer), removed);
        }
    }

    let mut sections = vec![Section::default()];
    let mut emitted = HashSet::new();
    for root in roots {
        walk(**root, &mut |id| {
            if removed.contains(&id) || summary_nodes.contains(&id) || !emitted.insert(id) {
                return Visit::Skip;
            }
            if let Some(texts) = headlines.by_node.get(&id) {
                let current = sections.last_mut().expect("there is always a section");
                if !current.paragraphs.is_empty() {
                    sections.push(Section::default());
                }
                let current = sections.last_mut().expect("there is always a section");
                texts
                    .iter()
                    .for_each(|text| push_text(&mut current.headline, text.clone()));
                return Visit::Skip;
            }
            if let Some(texts) = paragraphs.by_node.get(&id) {
                let current = sections.last_mut().expect("there is always a section");
                texts
                    .iter()
                    .for_each(|text| push_text(&mut current.paragraphs, text.clone()));
                return Visit::Skip;
            }
            Visit::Enter
        });
    }
    let current = sections.last_mut().expect("there is always a section");
    paragraphs
        .loose
        .into_iter()
        .for_each(|text| push_text(&mut current.paragraphs, text));
    sections.retain(|section| !section.headline.is_empty() || !section.paragraphs.is_empty());
    Body { summary, sections }
}

/// Texts found by an expression, keyed by the element they came from.
#[derive(Default)]
struct Texts {
    by_node: HashMap<NodeId, Vec<String>>,
    /// Texts with no element (constants, JSON): appended at the end.
    loose: Vec<String>,
}

impl Texts {
    fn collect(&mut self, values: Vec<Value<'_>>, removed: &HashSet<NodeId>) {
        for value in values {
            let text = text_of(&value, removed);
            match value.origin() {
                Some(origin) => self.by_node.entry(origin).or_default().push(text),
                None => self.loose.push(text),
            }
        }
    }
}

fn text_of(value: &Value<'_>, removed: &HashSet<NodeId>) -> String {
    match value {
        Value::Node(node) => element_text(*node, removed),
        other => normalize_text(&other.to_text()),
    }
}

fn push_text(list: &mut Vec<String>, text: String) {
    if !text.is_empty() {
        list.push(text);
    }
}

enum Visit {
    Enter,
    Skip,
}

/// Visits the elements and text under `root` in document order (text for the `blocks`
/// filter, whose values come from text nodes); `Skip` leaves out an element's subtree.
fn walk(root: ego_tree::NodeRef<'_, Node>, visit: &mut impl FnMut(NodeId) -> Visit) {
    let mut stack: Vec<_> = root.children().collect();
    stack.reverse();
    while let Some(node) = stack.pop() {
        if !node.value().is_element() && !node.value().is_text() {
            continue;
        }
        if let Visit::Enter = visit(node.id()) {
            let first = stack.len();
            stack.extend(node.children());
            stack[first..].reverse();
        }
    }
}

#[cfg(test)]
mod tests {
    use trawl_rules::SourceText;

    use crate::{Pack, PageInput, Registry};

    fn paragraphs(rule_body: &str, page: &str) -> Vec<String> {
        let text =
            format!("name: T\nhosts: [t.example]\nfields:\n  title: h1 | text\nbody:\n{rule_body}");
        let source = SourceText {
            path: "t.example.yaml".into(),
            text: text.into(),
        };
        let pack = Pack::from_sources(vec![source], &Registry::standard()).unwrap();
        let input = PageInput {
            bytes: page.as_bytes(),
            url: Some("https://t.example/a"),
            ..PageInput::default()
        };
        pack.extract(&input)
            .unwrap()
            .record
            .body
            .paragraphs()
            .map(str::to_owned)
            .collect()
    }

    /// Regression: `root: main, body` read every paragraph twice.
    #[test]
    fn nested_roots_read_paragraphs_once() {
        let page = "<h1>T</h1><main><p>One.</p><p>Two.</p></main>";
        assert_eq!(paragraphs("  root: main, body\n", page), ["One.", "Two."]);
    }

    #[test]
    fn headlines_open_sections_and_removed_parts_stay_out() {
        let page = "<h1>T</h1><article><p>Lede.</p><div class=ad><p>Buy!</p></div><h2>Sub</h2><p>More <span class=ad>ad</span>text.</p></article>";
        let body = "  root: article\n  remove: [.ad]\n  headlines: h2\n";
        assert_eq!(paragraphs(body, page), ["Lede.", "More text."]);
    }

    /// Regression: `p | text | ...` paragraphs kept the text of removed elements inside them.
    #[test]
    fn filtered_paragraphs_leave_removed_elements_out() {
        let page = "<h1>T</h1><article><p>More <span class=ad>ad</span>text.</p></article>";
        let body = "  root: article\n  remove: [.ad]\n  paragraphs: 'p | text | prepend(\"> \")'\n";
        assert_eq!(paragraphs(body, page), ["> More text."]);
    }

    #[test]
    fn text_between_line_breaks_becomes_paragraphs_in_order() {
        let page = "<h1>T</h1><div id=t>First.<br><br>Second.<h2>Sub</h2>Third.</div>";
        let body = "  root: '#t'\n  paragraphs: ':scope | blocks(h2)'\n  headlines: h2\n";
        assert_eq!(paragraphs(body, page), ["First.", "Second.", "Third."]);
    }
}
