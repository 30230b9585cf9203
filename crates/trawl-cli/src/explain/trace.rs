//! Tracing expressions: the values after each step, and the elements each field took.

use ego_tree::NodeId;
use scraper::ElementRef;
use trawl_engine::{Page, Program, Programs, Value};

use super::{AltTrace, ExprTrace, FieldTrace, StepTrace};

/// How many values a step shows.
const SHOWN: usize = 3;

/// Runs expressions step by step, remembering the elements each field took.
pub(super) struct Tracer<'p, 'a> {
    pub(super) page: &'p Page<'a>,
    pub(super) marks: Vec<(NodeId, String)>,
}

impl<'a> Tracer<'_, 'a> {
    pub(super) fn field(
        &mut self,
        name: &str,
        programs: &Programs,
        scope: Option<ElementRef<'a>>,
        value: serde_json::Value,
    ) -> FieldTrace {
        let expressions = programs
            .0
            .iter()
            .map(|p| self.expr(name, p, scope))
            .collect();
        FieldTrace {
            field: name.to_owned(),
            expressions,
            empty: is_empty(&value),
            value,
        }
    }

    pub(super) fn program_field(
        &mut self,
        name: &str,
        program: &Program,
        scope: Option<ElementRef<'a>>,
        value: serde_json::Value,
    ) -> FieldTrace {
        let expressions = vec![self.expr(name, program, scope)];
        FieldTrace {
            field: name.to_owned(),
            expressions,
            empty: is_empty(&value),
            value,
        }
    }

    fn expr(&mut self, field: &str, program: &Program, scope: Option<ElementRef<'a>>) -> ExprTrace {
        let mut matched_one = false;
        let alternatives = program
            .alternatives
            .iter()
            .map(|step| {
                if matched_one {
                    let steps = std::iter::once(step.source_text.clone())
                        .chain(step.filter_texts().map(str::to_owned))
                        .map(|step| StepTrace {
                            step,
                            count: 0,
                            values: Vec::new(),
                        })
                        .collect();
                    return AltTrace {
                        steps,
                        tried: false,
                        matched: false,
                    };
                }
                let trace = step.trace(self.page, scope);
                let labels = std::iter::once(step.source_text.clone())
                    .chain(step.filter_texts().map(str::to_owned));
                let steps: Vec<StepTrace> = labels
                    .zip(&trace)
                    .map(|(label, values)| StepTrace {
                        step: label,
                        count: values.len(),
                        values: values.iter().take(SHOWN).map(preview).collect(),
                    })
                    .collect();
                let last: Vec<&Value<'a>> = trace
                    .last()
                    .into_iter()
                    .flatten()
                    .filter(|v| !v.is_empty())
                    .collect();
                let matched = !last.is_empty();
                if matched {
                    matched_one = true;
                    for value in last {
                        if let Some(origin) = value.origin() {
                            self.marks.push((origin, field.to_owned()));
                        }
                    }
                }
                AltTrace {
                    steps,
                    tried: true,
                    matched,
                }
            })
            .collect();
        ExprTrace {
            text: program.text.clone(),
            alternatives,
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

/// A value shortened for display: `<h1.headline> text…` for elements, the text otherwise.
fn preview(value: &Value<'_>) -> String {
    let text: String = value.to_text().chars().take(70).collect();
    let text = if text.chars().count() == 70 {
        format!("{text}…")
    } else {
        text
    };
    match value {
        Value::Node(node) => {
            let el = node.value();
            let classes: String = el.classes().take(2).map(|c| format!(".{c}")).collect();
            format!("<{}{classes}> {text}", el.name())
        }
        _ => format!("{text:?}"),
    }
}
