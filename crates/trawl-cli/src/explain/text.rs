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

/// Renders an explanation; `color` adds ANSI styles (write it through `anstream`, which
/// strips them where colour is off).
pub fn render(explanation: &Explanation, color: bool) -> String {
    let style = Style { color };
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
    for version in &explanation.versions {
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
    for field in &explanation.fields {
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
                    writeln!(
                        out,
                        "      {:<28} {count:>4}  {}",
                        truncate(&step.step, 28),
                        step.values.join(" · ")
                    )
                    .unwrap();
                }
            }
        }
        let value = field.value.to_string();
        writeln!(out, "  = {}", truncate(&value, 160)).unwrap();
    }
    let warnings = &explanation.record.warnings;
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
