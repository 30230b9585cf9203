//! The explain view as a self-contained HTML report: the page as it renders (scripts
//! removed), every element a field took outlined in that field's colour with a label, removed
//! elements struck through, and the record beside it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use ego_tree::NodeId;
use scraper::{Html, Node};

use super::Explanation;

/// Colours for fields, in order of first appearance.
const PALETTE: &[&str] = &[
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324",
    "#469990", "#800000", "#808000", "#000075",
];

/// Fields with a look of their own, never taken by another: the root is the frame the
/// paragraphs sit in, so it is dashed and the paragraphs are highlighted.
const FIXED: &[(&str, &str, &str)] = &[
    (
        "body.root",
        "#111",
        "outline:4px dashed #111 !important;outline-offset:3px",
    ),
    (
        "body.paragraphs",
        "#ffd400",
        "outline:2px solid #e0a800 !important;background:rgba(255,212,0,.28) !important",
    ),
];

/// Elements with no closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Renders the report for `explanation` of the page `html`.
pub fn render(explanation: &Explanation, html: &Html) -> String {
    let mut colours: Vec<(String, &str)> = Vec::new();
    let mut fields_of: HashMap<NodeId, Vec<String>> = HashMap::new();
    for (node, field) in &explanation.marks {
        if !colours.iter().any(|(f, _)| f == field) {
            let fixed = FIXED.iter().find(|(name, _, _)| name == field);
            let others = colours
                .iter()
                .filter(|(f, _)| !FIXED.iter().any(|(name, _, _)| name == f))
                .count();
            let colour = fixed.map_or(PALETTE[others % PALETTE.len()], |(_, colour, _)| colour);
            colours.push((field.clone(), colour));
        }
        let fields = fields_of.entry(*node).or_default();
        if !fields.contains(field) {
            fields.push(field.clone());
        }
    }
    let mut css = String::from(
        "[data-trawl-removed]{text-decoration:line-through !important;opacity:.45 !important;outline:2px dashed #888 !important}\n\
         [data-trawl-label]::before{content:attr(data-trawl-label);display:inline-block;font:bold 11px/1.4 sans-serif;color:#fff;background:#333;padding:0 4px;margin-right:4px;border-radius:3px;text-decoration:none}\n",
    );
    for (field, colour) in &colours {
        let look = FIXED.iter().find(|(name, _, _)| name == field).map_or_else(
            || format!("outline:3px solid {colour} !important;outline-offset:1px"),
            |(_, _, look)| (*look).to_owned(),
        );
        writeln!(css, "[data-trawl-field~=\"{field}\"]{{{look}}}").expect("String write");
    }
    let page = serialize(
        html,
        &fields_of,
        &explanation.removed,
        &css,
        explanation.url.as_deref(),
    );
    let legend: String = colours
        .iter()
        .map(|(field, colour)| {
            format!(
                "<li><span class=sw style=\"background:{colour}\"></span>{}</li>",
                escape(field)
            )
        })
        .collect();
    let record = serde_json::to_string_pretty(&explanation.record).expect("records are JSON");
    let text = super::text::render(explanation, false);
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>trawl explain: {title}</title>
<style>
body{{margin:0;font:14px/1.45 system-ui,sans-serif;display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);height:100vh}}
iframe{{width:100%;height:100vh;border:0;border-right:1px solid #ccc}}
aside{{overflow:auto;padding:12px 16px}} pre{{white-space:pre-wrap;font-size:12px;background:#f6f6f6;padding:8px}}
.sw{{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle}} ul{{list-style:none;padding:0}}
#status{{font-weight:bold}}
</style></head>
<body data-outlined="pending">
<iframe id="page" sandbox="allow-same-origin" srcdoc="{srcdoc}"></iframe>
<aside>
<h1>{title}</h1>
<p>rule <b>{rule}</b> ({rule_path})</p>
<p id="status">checking outlines…</p>
<h2>Fields</h2><ul>{legend}<li><span class=sw style="background:#888"></span>removed</li></ul>
{sources}<h2>Record</h2><pre>{record}</pre>
<h2>Steps</h2><pre>{text}</pre>
</aside>
<script>
document.getElementById('page').addEventListener('load', function () {{
  var doc = this.contentDocument, n = 0;
  doc.querySelectorAll('[data-trawl-field]').forEach(function (el) {{
    if (doc.defaultView.getComputedStyle(el).outlineStyle !== 'none') n++;
  }});
  document.body.dataset.outlined = String(n);
  document.getElementById('status').textContent = n + ' elements outlined';
}});
</script>
</body></html>
"#,
        title = escape(&explanation.record.title),
        rule = escape(&explanation.rule),
        rule_path = escape(&explanation.rule_path),
        srcdoc = escape(&page),
        legend = legend,
        sources = head_sources(explanation),
        record = escape(&record),
        text = escape(&text),
    )
}

/// Where values read from the page's head (`meta(...)`, `ld(...)`) came from: those elements
/// are not drawn, so they are listed.
fn head_sources(explanation: &Explanation) -> String {
    let items: String = explanation
        .fields
        .iter()
        .flat_map(|field| field.from.iter().map(move |source| (field, source)))
        .map(|(field, source)| {
            let place = match source.block {
                Some(block) => format!("JSON-LD block {block} "),
                None => "meta tag ".to_owned(),
            };
            format!(
                "<li data-trawl-source=\"{}\"><b>{}</b> from {place}<code>{}</code></li>",
                escape(&field.field),
                escape(&field.field),
                escape(&source.element)
            )
        })
        .collect();
    if items.is_empty() {
        String::new()
    } else {
        format!("<h2>Read from the page's head</h2><ul class=sources>{items}</ul>\n")
    }
}

/// The page as HTML with scripts, event handlers and comments removed and the marks added.
fn serialize(
    html: &Html,
    fields_of: &HashMap<NodeId, Vec<String>>,
    removed: &HashSet<NodeId>,
    css: &str,
    base: Option<&str>,
) -> String {
    let mut out = String::from("<!DOCTYPE html>");
    let mut stack = vec![(html.tree.root(), false)];
    while let Some((node, closing)) = stack.pop() {
        match node.value() {
            Node::Element(el) => {
                let name = el.name();
                if closing {
                    write!(out, "</{name}>").expect("String write");
                    continue;
                }
                if matches!(name, "script" | "noscript") {
                    continue;
                }
                write!(out, "<{name}").expect("String write");
                for (attr, value) in el.attrs() {
                    if !attr.starts_with("on") && !attr.starts_with("data-trawl") {
                        write!(out, " {attr}=\"{}\"", escape(value)).expect("String write");
                    }
                }
                if let Some(fields) = fields_of.get(&node.id()) {
                    let list = fields.join(" ");
                    write!(
                        out,
                        " data-trawl-field=\"{}\" data-trawl-label=\"{}\"",
                        escape(&list),
                        escape(&list)
                    )
                    .expect("String write");
                }
                if removed.contains(&node.id()) {
                    out.push_str(" data-trawl-removed=\"\"");
                }
                out.push('>');
                if name == "head" {
                    if let Some(base) = base {
                        write!(out, "<base href=\"{}\">", escape(base)).expect("String write");
                    }
                    write!(out, "<style>{css}</style>").expect("String write");
                }
                if VOID.contains(&name) {
                    continue;
                }
                stack.push((node, true));
                stack.extend(node.children().rev().map(|child| (child, false)));
            }
            Node::Text(text) => {
                let raw = node
                    .parent()
                    .and_then(|p| p.value().as_element())
                    .is_some_and(|p| p.name() == "style");
                if raw {
                    out.push_str(text);
                } else {
                    out.push_str(&escape(text));
                }
            }
            Node::Document | Node::Fragment => {
                stack.extend(node.children().rev().map(|child| (child, false)))
            }
            _ => {}
        }
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
