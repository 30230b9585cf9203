//! The explain view for a terminal: plain text, with colour when asked.

use std::fmt::Write as _;

use super::Explanation;

/// Terminal styles, or none.
#[derive(Debug, Clone, Copy)]
struct Style {
    color: bool,
}

impl Style {
    fn paint(self, style: anstyle::Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_owned()
        }
    }
    fn bold(self, text: &str) -> String {
        self.paint(anstyle::Style::new().bold(), text)
    }
    fn green(self, text: &str) -> String {
        self.paint(anstyle::AnsiColor::Green.on_default(), text)
    }
    fn red(self, text: &str) -> String {
        self.paint(anstyle::AnsiColor::Red.on_default(), text)
    }
    fn dim(self, text: &str) -> String {
        self.paint(anstyle::Style::new().dimmed(), text)
    }
}

/// What to show, and how.
#[derive(Debug, Clone, Copy, Default)]
pub struct View<'a> {
    /// ANSI styles (write the text through `anstream`, which strips them where colour is off).
    pub color: bool,
    /// Whole values, not cut to a line.
    pub full: bool,
    /// Only this field, or the fields under it (`body` shows `body.root`, `body.paragraphs`…).
    pub field: Option<&'a str>,
}

/// Whether `field` is `wanted` or under it (`body.root` is under `body`).
pub fn field_matches(field: &str, wanted: &str) -> bool {
    field == wanted
        || field
            .strip_prefix(wanted)
            .is_some_and(|rest| rest.starts_with('.'))
}

impl View<'_> {
    fn shows(&self, field: &str) -> bool {
        self.field.is_none_or(|wanted| field_matches(field, wanted))
    }

    fn cut(&self, text: &str, width: usize) -> String {
        if self.full {
            text.to_owned()
        } else {
            truncate(text, width)
        }
    }
}

/// Renders an explanation; `color` adds ANSI styles (write it through `anstream`, which
/// strips them where colour is off).
pub fn render(explanation: &Explanation, color: bool) -> String {
    render_view(
        explanation,
        &View {
            color,
            ..View::default()
        },
    )
}

/// Renders the part of an explanation `view` asks for.
pub fn render_view(explanation: &Explanation, view: &View<'_>) -> String {
    let style = Style { color: view.color };
    let mut out = String::new();
    let url = explanation.url.as_deref().unwrap_or("(none)");
    writeln!(
        out,
        "{} {url} ({})",
        style.bold("page"),
        explanation.url_source
    )
    .unwrap();
    writeln!(
        out,
        "{} {} — {} ({})",
        style.bold("rule"),
        explanation.rule,
        explanation.rule_path,
        explanation.rule_reason
    )
    .unwrap();
    let versions = if view.field.is_some() {
        &[][..]
    } else {
        &explanation.versions[..]
    };
    for version in versions {
        let status = if version.chosen {
            style.green("chosen")
        } else if version.fits {
            style.dim("fits, not first")
        } else {
            style.red("does not fit")
        };
        writeln!(
            out,
            "  version {:?}: {status} — {}",
            version.label, version.reason
        )
        .unwrap();
    }
    for field in explanation.fields.iter().filter(|f| view.shows(&f.field)) {
        writeln!(out).unwrap();
        let flag = if field.empty {
            style.red("  EMPTY")
        } else {
            String::new()
        };
        writeln!(out, "{}{flag}", style.bold(&field.field)).unwrap();
        for expr in &field.expressions {
            for (i, alt) in expr.alternatives.iter().enumerate() {
                let head = if i == 0 { "  " } else { "  || " };
                let state = match (alt.tried, alt.matched) {
                    (false, _) => style.dim("not tried"),
                    (true, true) => style.green("matched"),
                    (true, false) => style.red("nothing"),
                };
                let chain: Vec<&str> = alt.steps.iter().map(|s| s.step.as_str()).collect();
                writeln!(out, "{head}{}  [{state}]", chain.join(" | ")).unwrap();
                if !alt.tried {
                    continue;
                }
                for step in &alt.steps {
                    let count = if step.count == 0 {
                        style.red("0")
                    } else {
                        step.count.to_string()
                    };
                    let values: Vec<String> = step
                        .values
                        .iter()
                        .map(|value| {
                            let text = view.cut(&value.text, 70);
                            match &value.element {
                                Some(element) => format!("<{element}> {text}"),
                                None => format!("{text:?}"),
                            }
                        })
                        .collect();
                    writeln!(
                        out,
                        "      {:<28} {count:>4}  {}",
                        truncate(&step.step, 28),
                        values.join(" · ")
                    )
                    .unwrap();
                }
            }
        }
        for source in &field.from {
            match source.block {
                Some(block) => writeln!(
                    out,
                    "  {} JSON-LD block {block}, {}",
                    style.dim("from"),
                    source.element
                ),
                None => writeln!(
                    out,
                    "  {} {}",
                    style.dim("from"),
                    view.cut(&source.element, 150)
                ),
            }
            .unwrap();
        }
        let value = if view.full {
            serde_json::to_string_pretty(&field.value).unwrap_or_default()
        } else {
            truncate(&field.value.to_string(), 160)
        };
        writeln!(out, "  = {value}").unwrap();
    }
    let warnings: Vec<String> = explanation
        .record
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|warning| {
            view.field.is_none_or(|_| {
                warning
                    .split(':')
                    .next()
                    .is_some_and(|head| view.shows(head.trim()))
            })
        })
        .collect();
    if !warnings.is_empty() {
        writeln!(out).unwrap();
        for warning in warnings {
            writeln!(out, "{} {warning}", style.red("warning:")).unwrap();
        }
    }
    out
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let short: String = text.chars().take(width - 1).collect();
        format!("{short}…")
    }
}
