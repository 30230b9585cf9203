//! Generated documentation: the filter reference in the README comes from the registry.

use std::fmt::Write as _;

use trawl_engine::Registry;

/// The marker lines around the generated filter reference in the README.
pub const FILTERS_START: &str = "<!-- filters:start (generated from the registry; TRAWL_UPDATE_DOCS=1 cargo test --test pack) -->";
/// The end marker.
pub const FILTERS_END: &str = "<!-- filters:end -->";

/// The filter reference as a Markdown table: usage, what it does, a worked example.
pub fn filter_reference(registry: &Registry) -> String {
    let mut out = String::from(
        "| filter | what it does | example: page → expression → values |\n|---|---|---|\n",
    );
    for spec in registry.specs() {
        let example = spec.example;
        let output: Vec<String> = example
            .output
            .iter()
            .map(|value| format!("`{value}`"))
            .collect();
        writeln!(
            out,
            "| `{}` | {} | `{}` → `{}` → {} |",
            spec.usage(),
            spec.summary.replace('|', "\\|"),
            escape(example.html),
            escape(example.expr),
            escape(&output.join(", ")),
        )
        .expect("String write");
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('|', "\\|")
}

/// `readme` with the text between the filter markers replaced by `reference`.
pub fn with_filter_reference(readme: &str, reference: &str) -> Option<String> {
    let start = readme.find(FILTERS_START)? + FILTERS_START.len();
    let end = readme.find(FILTERS_END)?;
    Some(format!(
        "{}\n{}{}",
        &readme[..start],
        reference,
        &readme[end..]
    ))
}

/// The rule file JSON Schema as committed in `rules/rule.schema.json`: pretty, newline-ended.
pub fn schema_text() -> String {
    let schema = trawl_rules::rule_schema();
    format!(
        "{}\n",
        serde_json::to_string_pretty(&schema).expect("a schema is JSON")
    )
}
