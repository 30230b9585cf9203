//! Generated documentation: the filter reference in the README comes from the registry.

use std::fmt::Write as _;

use trawl_engine::Registry;

/// The marker lines around the generated filter reference in the README.
pub const FILTERS_START: &str = "<!-- filters:start (generated from the registry; TRAWL_UPDATE_DOCS=1 cargo test --test pack) -->";
/// The end marker.
pub const FILTERS_END: &str = "<!-- filters:end -->";

/// The marker lines around the generated table of bundled sites in the README.
pub const SITES_START: &str =
    "<!-- sites:start (generated from rules/; TRAWL_UPDATE_DOCS=1 cargo test --test pack) -->";
/// The end marker.
pub const SITES_END: &str = "<!-- sites:end -->";

/// The bundled sites as a Markdown table: name, hosts, rule file, versions, plugins.
pub fn sites_table(pack: &trawl_engine::Pack) -> String {
    let mut out =
        String::from("| site | hosts | rule | layouts | plugins |\n|---|---|---|---|---|\n");
    for rule in pack.rules() {
        let file = rule
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let versions: Vec<&str> = rule.versions.iter().map(|v| v.label.as_str()).collect();
        let plugins: Vec<&str> = rule.plugins.iter().map(|p| p.name.as_str()).collect();
        writeln!(
            out,
            "| {} | {} | [`{file}`](rules/{file}) | {} | {} |",
            rule.name,
            rule.hosts.join(", "),
            versions.join("; "),
            if plugins.is_empty() {
                "".to_owned()
            } else {
                plugins.join(", ")
            },
        )
        .expect("String write");
    }
    out
}

/// `text` with the part between `start` and `end` replaced by `generated`.
pub fn replace_between(text: &str, start: &str, end: &str, generated: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = text.find(end)?;
    Some(format!("{}\n{}{}", &text[..from], generated, &text[to..]))
}

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

/// The rule file JSON Schema as committed in `rules/rule.schema.json`: pretty, newline-ended.
pub fn schema_text() -> String {
    let schema = trawl_rules::rule_schema();
    format!(
        "{}\n",
        serde_json::to_string_pretty(&schema).expect("a schema is JSON")
    )
}
