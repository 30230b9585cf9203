//! Recording an extraction as it runs: the [`Observer`] that turns each step the engine
//! reports into the traces `trawl explain` shows, and the elements each field took.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{Html, Node, Selector};
use trawl_engine::{Observer, Program, Value};

use super::{AltTrace, ExprTrace, FieldTrace, Source, StepTrace, ValueView};

/// How many values a step keeps for display.
const SHOWN: usize = 3;

/// Records the steps of one extraction.
pub(super) struct Recorder<'h> {
    /// The page, to describe the `<meta>` and `<script>` elements values came from.
    html: &'h Html,
    /// Each field, in the order it was first read.
    pub(super) fields: Vec<FieldTrace>,
    /// The elements each field took.
    pub(super) marks: Vec<(NodeId, String)>,
    /// The elements the body left out.
    pub(super) removed: HashSet<NodeId>,
    /// The field being read, as an index into `fields`.
    current: Option<usize>,
    /// The elements the current alternative's source read.
    sources: Vec<NodeId>,
}

impl<'h> Recorder<'h> {
    pub(super) fn new(html: &'h Html) -> Self {
        Self {
            html,
            fields: Vec::new(),
            marks: Vec::new(),
            removed: HashSet::new(),
            current: None,
            sources: Vec::new(),
        }
    }

    fn field_mut(&mut self) -> Option<&mut FieldTrace> {
        self.fields.get_mut(self.current?)
    }

    fn alternative_mut(&mut self) -> Option<&mut AltTrace> {
        let expr = self.field_mut()?.expressions.last_mut()?;
        let index = expr.current?;
        expr.alternatives.get_mut(index)
    }

    /// `<meta property="og:title" content="…">`, or a JSON-LD `<script>` and its number.
    fn describe(&self, id: NodeId) -> Option<Source> {
        let node = self.html.tree.get(id)?;
        let Node::Element(element) = node.value() else {
            return None;
        };
        let attrs: String = ["name", "property", "itemprop", "type", "id"]
            .iter()
            .filter_map(|name| Some(format!(" {name}=\"{}\"", element.attr(name)?)))
            .collect();
        let block = (element.name() == "script").then(|| {
            let scripts = Selector::parse(r#"script[type="application/ld+json" i]"#)
                .expect("a valid selector");
            self.html
                .select(&scripts)
                .position(|script| script.id() == id)
                .map_or(0, |index| index + 1)
        });
        let content = element
            .attr("content")
            .map(|content| format!(" content=\"{content}\""))
            .unwrap_or_default();
        Some(Source {
            element: format!("<{}{attrs}{content}>", element.name()),
            block,
            node: id,
        })
    }
}

impl Observer for Recorder<'_> {
    fn field(&mut self, name: &str) {
        let index = match self.fields.iter().position(|f| f.field == name) {
            Some(index) => index,
            None => {
                self.fields.push(FieldTrace {
                    field: name.to_owned(),
                    expressions: Vec::new(),
                    value: serde_json::Value::Null,
                    empty: true,
                    from: Vec::new(),
                });
                self.fields.len() - 1
            }
        };
        self.current = Some(index);
    }

    fn expression(&mut self, program: &Program) {
        let alternatives = program
            .alternatives
            .iter()
            .map(|step| AltTrace {
                steps: std::iter::once(step.source_text.as_str())
                    .chain(step.filter_texts())
                    .map(|label| StepTrace {
                        step: label.to_owned(),
                        count: 0,
                        values: Vec::new(),
                    })
                    .collect(),
                tried: false,
                matched: false,
            })
            .collect();
        if let Some(field) = self.field_mut() {
            field.expressions.push(ExprTrace {
                text: program.text.clone(),
                alternatives,
                current: None,
            });
        }
    }

    fn alternative(&mut self, index: usize) {
        self.sources.clear();
        if let Some(expr) = self
            .field_mut()
            .and_then(|field| field.expressions.last_mut())
        {
            expr.current = Some(index);
            if let Some(alt) = expr.alternatives.get_mut(index) {
                alt.tried = true;
            }
        }
    }

    fn step(&mut self, index: usize, values: &[Value<'_>]) {
        if let Some(step) = self
            .alternative_mut()
            .and_then(|alt| alt.steps.get_mut(index))
        {
            step.count = values.len();
            step.values = values.iter().take(SHOWN).map(view).collect();
        }
    }

    fn sources(&mut self, elements: &[NodeId]) {
        self.sources = elements.to_vec();
    }

    fn matched(&mut self, values: &[Value<'_>]) {
        let Some(name) = self.field_mut().map(|field| field.field.clone()) else {
            return;
        };
        if let Some(alt) = self.alternative_mut() {
            alt.matched = true;
        }
        let sources: Vec<Source> = std::mem::take(&mut self.sources)
            .into_iter()
            .filter_map(|id| self.describe(id))
            .collect();
        for source in &sources {
            self.marks.push((source.node, name.clone()));
        }
        if let Some(field) = self.field_mut() {
            for source in sources {
                if !field.from.iter().any(|known| known.node == source.node) {
                    field.from.push(source);
                }
            }
        }
        let marks = values
            .iter()
            .filter_map(Value::origin)
            .map(|origin| (origin, name.clone()));
        self.marks.extend(marks);
    }

    fn removed(&mut self, elements: &HashSet<NodeId>) {
        self.removed.clone_from(elements);
    }

    fn value(&mut self, field: &str, value: &dyn Fn() -> serde_json::Value) {
        if let Some(trace) = self.fields.iter_mut().find(|f| f.field == field) {
            trace.value = value();
            trace.empty = is_empty(&trace.value);
        }
    }
}

fn is_empty(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => s.is_empty(),
        serde_json::Value::Array(items) => items.is_empty(),
        serde_json::Value::Number(n) => n.as_u64() == Some(0),
        _ => false,
    }
}

/// A value as shown: its element (`h1.headline`) when it is one, and its whole text.
fn view(value: &Value<'_>) -> ValueView {
    let element = match value {
        Value::Node(node) => {
            let el = node.value();
            let classes: String = el
                .attr("class")
                .unwrap_or_default()
                .split_ascii_whitespace()
                .take(2)
                .map(|c| format!(".{c}"))
                .collect();
            Some(format!("{}{classes}", el.name()))
        }
        _ => None,
    };
    ValueView {
        element,
        text: value.to_text(),
    }
}
