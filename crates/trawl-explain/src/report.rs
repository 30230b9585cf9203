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
                if ACTIVE.contains(&name) || is_refresh(el) {
                    continue;
                }
                write!(out, "<{name}").expect("String write");
                for (attr, value) in el.attrs() {
                    if passive_attribute(attr, value) {
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
                // Only an HTML `<style>`'s text is written as it is: it cannot hold
                // `</style`, or the parser would have ended it there. An SVG or MathML
                // `<style>` is parsed as ordinary text, so `&lt;/style&gt;&lt;img onerror=...&gt;`
                // in it is decoded and, written raw, would become markup.
                let raw = node
                    .parent()
                    .and_then(|p| p.value().as_element())
                    .is_some_and(|p| {
                        p.name() == "style" && &*p.name.ns == "http://www.w3.org/1999/xhtml"
                    })
                    && !text.to_ascii_lowercase().contains("</style");
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

/// Elements left out of the report with everything in them: scripts, frames and plugins,
/// the page's own `<base>` (the report sets one), and SVG animations, which can set an
/// attribute to a `javascript:` URL.
const ACTIVE: &[&str] = &[
    "script",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "portal",
    "base",
    "template",
    "animate",
    "animateMotion",
    "animateTransform",
    "set",
    "handler",
    "listener",
];

/// `<meta http-equiv=refresh>` would navigate the report's frame.
fn is_refresh(el: &scraper::node::Element) -> bool {
    el.name() == "meta"
        && el
            .attr("http-equiv")
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("refresh"))
}

/// Whether an attribute can stay in the report: no event handler (`on...`), no `srcdoc` or
/// `formaction`, no name the serializer could not write back as it is, and no value that is a
/// `javascript:`, `vbscript:` or `data:` URL (an image's `data:image/...` but SVG excepted), as
/// browsers read URLs: case ignored, whitespace and control characters dropped.
fn passive_attribute(name: &str, value: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if name.starts_with("on")
        || name.starts_with("data-trawl")
        || matches!(name.as_str(), "srcdoc" | "formaction" | "http-equiv")
        || name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
    {
        return false;
    }
    let url: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    let image = url.starts_with("data:image/") && !url.starts_with("data:image/svg");
    !(url.starts_with("javascript:")
        || url.starts_with("vbscript:")
        || url.starts_with("data:") && !image)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sanitised(page: &str) -> String {
        let html = trawl_engine::parse_html(page);
        serialize(&html, &HashMap::new(), &HashSet::new(), "", None)
    }

    /// Whether the report's page, parsed again as the browser parses `srcdoc`, holds anything
    /// active: a script, an event handler, a `javascript:` URL, a frame or a refresh.
    fn active_content(report_page: &str) -> Vec<String> {
        let html = Html::parse_document(report_page);
        let mut found = Vec::new();
        for node in html.tree.nodes() {
            let Some(el) = node.value().as_element() else {
                continue;
            };
            if matches!(
                el.name(),
                "script" | "iframe" | "object" | "embed" | "animate" | "set"
            ) {
                found.push(format!("<{}>", el.name()));
            }
            for (name, value) in el.attrs() {
                let squeezed: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if name.starts_with("on")
                    || squeezed.starts_with("javascript:")
                    || squeezed.starts_with("vbscript:")
                    || squeezed.starts_with("data:text")
                    || name == "http-equiv"
                {
                    found.push(format!("{name}={value}"));
                }
            }
        }
        found
    }

    // The explain report carried the page's SVG <style> text raw: decoded `&lt;img onerror&gt;`
    // in it became an element with an event handler.
    #[test]
    fn svg_style_text_is_escaped_and_cannot_become_markup() {
        let page = "<p>x</p><svg><style>&lt;/style&gt;&lt;img src=x onerror=alert(1)&gt;</style></svg><math><style>&lt;/style&gt;&lt;script&gt;alert(2)&lt;/script&gt;</style></math>";
        let out = sanitised(page);
        assert_eq!(active_content(&out), Vec::<String>::new(), "{out}");
        assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"), "{out}");
    }

    // An HTML <style> keeps its CSS as written, so the page still renders.
    #[test]
    fn html_style_text_stays_as_written() {
        let out = sanitised("<style>p > a { color: red }</style><p>x</p>");
        assert!(out.contains("<style>p > a { color: red }</style>"), "{out}");
    }

    #[test]
    fn scripts_handlers_javascript_urls_frames_and_refreshes_are_left_out() {
        let page = r#"<html><head><meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:x"></head>
            <body onload="alert(1)"><script>alert(2)</script><noscript><img src=x onerror=alert(3)></noscript>
            <a href=" JaVa&#x09;ScRiPt:alert(4)">a</a><a href="vbscript:x">b</a>
            <form action="javascript:alert(5)"><button formaction="javascript:alert(6)">c</button></form>
            <iframe srcdoc="<script>alert(7)</script>"></iframe><object data="data:text/html,<script>alert(8)</script>"></object>
            <embed src="javascript:alert(9)"><img src="data:image/svg+xml,<svg onload=alert(10)>">
            <svg><a xlink:href="javascript:alert(11)"><text>d</text></a><animate attributeName="href" to="javascript:alert(12)"/>
            <set attributeName="onmouseover" to="alert(13)"/><script>alert(14)</script><image href="data:text/html,x"/></svg>
            <img src="data:image/png;base64,AAAA" alt="kept"><a href="https://example.com/" title="kept">e</a></body></html>"#;
        let out = sanitised(page);
        assert_eq!(active_content(&out), Vec::<String>::new(), "{out}");
        assert!(!out.contains("alert("), "{out}");
        assert!(out.contains(r#"src="data:image/png;base64,AAAA""#), "{out}");
        assert!(out.contains(r#"href="https://example.com/""#), "{out}");
    }
}
