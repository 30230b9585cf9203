//! Filters that read elements: their text, attributes, markup and relatives.

use std::collections::HashSet;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Node, Selector};

use super::{filter, ArgError, Example, FilterSpec};
use crate::normalize::normalize_text;
use crate::value::{element_text, own_text, Text, Value, BLOCKS, SKIPPED};

/// The element filters.
pub fn filters() -> Vec<FilterSpec> {
    vec![
        FilterSpec {
            name: "text",
            params: &[],
            summary: "The text of each element, whitespace collapsed; scripts, styles and (in the body) removed elements left out.",
            example: Example {
                html: "<h1> Hello <b>world</b> </h1>",
                expr: "h1 | text",
                output: &["Hello world"],
            },
            build: |_| {
                Ok(filter(|values, page| {
                    let removed = page.removed();
                    values
                        .into_iter()
                        .map(|v| match v {
                            Value::Node(node) => v.with_text(element_text(node, &removed)),
                            other => other.with_text(other.to_text()),
                        })
                        .collect()
                }))
            },
        },
        FilterSpec {
            name: "own_text",
            params: &[],
            summary: "The text directly inside each element, without its child elements' text.",
            example: Example {
                html: "<p class=byline>By <a>Ann Lee</a> Staff</p>",
                expr: "p.byline | own_text",
                output: &["By Staff"],
            },
            build: |_| {
                Ok(filter(|values, _| {
                    values
                        .into_iter()
                        .map(|v| match v {
                            Value::Node(node) => v.with_text(own_text(node)),
                            other => other,
                        })
                        .collect()
                }))
            },
        },
        FilterSpec {
            name: "attr",
            params: &["name"],
            summary: "The value of an attribute of each element; elements without it are dropped.",
            example: Example {
                html: r#"<time datetime="2022-01-28T10:31:00Z">Jan 28</time>"#,
                expr: "time | attr(datetime)",
                output: &["2022-01-28T10:31:00Z"],
            },
            build: |args| {
                let name = args.str(0).to_owned();
                Ok(filter(move |values, _| {
                    values
                        .into_iter()
                        .filter_map(|v| match &v {
                            Value::Node(node) => {
                                node.attr(&name).map(|a| v.with_text(a.to_owned()))
                            }
                            _ => None,
                        })
                        .collect()
                }))
            },
        },
        FilterSpec {
            name: "html",
            params: &[],
            summary: "The inner HTML of each element.",
            example: Example {
                html: "<div id=x><b>bold</b> move</div>",
                expr: "#x | html",
                output: &["<b>bold</b> move"],
            },
            build: |_| Ok(filter(|values, _| markup(values, ElementRef::inner_html))),
        },
        FilterSpec {
            name: "outer_html",
            params: &[],
            summary: "The HTML of each element, its own tag included.",
            example: Example {
                html: "<div><i>a</i></div>",
                expr: "i | outer_html",
                output: &["<i>a</i>"],
            },
            build: |_| Ok(filter(|values, _| markup(values, ElementRef::html))),
        },
        FilterSpec {
            name: "select",
            params: &["css"],
            summary: "The descendants of each element that match a CSS selector.",
            example: Example {
                html: "<p class=byline>By <a>Ann Lee</a> and <a>Bo Chan</a></p>",
                expr: "p.byline | select(a) | text",
                output: &["Ann Lee", "Bo Chan"],
            },
            build: |args| {
                let selector = css(args.str(0))?;
                Ok(filter(move |values, _| {
                    let mut seen = HashSet::new();
                    values
                        .iter()
                        .filter_map(|v| match v {
                            Value::Node(node) => Some(node.select(&selector)),
                            _ => None,
                        })
                        .flatten()
                        .filter(|node| seen.insert(node.id()))
                        .map(Value::Node)
                        .collect()
                }))
            },
        },
        FilterSpec {
            name: "blocks",
            params: &["skip?"],
            summary: "Splits each element's text into blocks at `<br>` and block elements, for text written loose between line breaks; elements matching `skip` are left out and also split. Each block keeps its place in the page, so sub-headlines between blocks still open sections.",
            example: Example {
                html: "<div id=t>First line<br>second <b>line</b><br><br><span class=ad>Ad</span>third</div>",
                expr: "#t | blocks(.ad)",
                output: &["First line", "second line", "third"],
            },
            build: |args| {
                let skip = args.opt_str(0).map(css).transpose()?;
                Ok(filter(move |values, _| {
                    values
                        .iter()
                        .filter_map(|v| match v {
                            Value::Node(node) => Some(text_blocks(*node, skip.as_ref())),
                            _ => None,
                        })
                        .flatten()
                        .collect()
                }))
            },
        },
        FilterSpec {
            name: "parse_html",
            params: &[],
            summary: "Parses each string (or each element's raw text, such as a script's) as HTML and yields the fragment's root element, to select in or to use as the body `root`. The same HTML is parsed once per page.",
            example: Example {
                html: r#"<script id=state>{"contentHtml": "<p>First.</p><p>Second &amp; last.</p>"}</script>"#,
                expr: "#state | json(contentHtml) | parse_html | select(p) | text",
                output: &["First.", "Second & last."],
            },
            build: |_| {
                Ok(filter(|values, page| {
                    let texts: Vec<String> = values
                        .iter()
                        .map(|v| match v {
                            Value::Node(node) => node.text().collect::<String>(),
                            other => other.to_text(),
                        })
                        .collect();
                    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                    page.parse_html_all(&texts)
                        .into_iter()
                        .flatten()
                        .map(Value::Node)
                        .collect()
                }))
            },
        },
        FilterSpec {
            name: "following",
            params: &["css?"],
            summary: "The sibling elements after each element, in page order, those matching a CSS selector if one is given: the paragraphs after an agency footer's `<h2>`. Stop them at a boundary with `until`.",
            example: Example {
                html: "<div><p>Story.</p><h2>Agency</h2><p>Credit one.</p><p>Credit two.</p><h2>More</h2><p>Other.</p></div>",
                expr: "h2 | contains(Agency) | following | until(h2) | text",
                output: &["Credit one.", "Credit two."],
            },
            build: |args| {
                let only = args.opt_str(0).map(css).transpose()?;
                Ok(filter(move |values, _| siblings(values, only.as_ref(), true)))
            },
        },
        FilterSpec {
            name: "preceding",
            params: &["css?"],
            summary: "The sibling elements before each element, in page order (the nearest last), those matching a CSS selector if one is given.",
            example: Example {
                html: "<div><h2>Intro</h2><p>One.</p><p>Two.</p><p class=end>End</p></div>",
                expr: ".end | preceding(p) | text",
                output: &["One.", "Two."],
            },
            build: |args| {
                let only = args.opt_str(0).map(css).transpose()?;
                Ok(filter(move |values, _| siblings(values, only.as_ref(), false)))
            },
        },
        FilterSpec {
            name: "until",
            params: &["css"],
            summary: "The values before the first element matching a CSS selector; it and all after it are dropped.",
            example: Example {
                html: "<p>One.</p><p>Two.</p><p class=footer>Footer</p><p>Three.</p>",
                expr: "p | until(.footer) | text",
                output: &["One.", "Two."],
            },
            build: |args| {
                let boundary = css(args.str(0))?;
                Ok(filter(move |values, _| {
                    values
                        .into_iter()
                        .take_while(|v| !matches!(v, Value::Node(node) if boundary.matches(node)))
                        .collect()
                }))
            },
        },
        FilterSpec {
            name: "parent",
            params: &[],
            summary: "The parent element of each element.",
            example: Example {
                html: "<figure><img src=a.jpg><figcaption>Cap</figcaption></figure>",
                expr: "img | parent | select(figcaption) | text",
                output: &["Cap"],
            },
            build: |_| {
                Ok(filter(|values, _| {
                    values
                        .iter()
                        .filter_map(|v| match v {
                            Value::Node(node) => {
                                node.parent().and_then(ElementRef::wrap).map(Value::Node)
                            }
                            _ => None,
                        })
                        .collect()
                }))
            },
        },
    ]
}

/// The text of `element` cut at line breaks and block elements; each block remembers the
/// text node it starts with.
fn text_blocks<'a>(element: ElementRef<'a>, skip: Option<&Selector>) -> Vec<Value<'a>> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut origin = None;
    let mut flush = |current: &mut String, origin: &mut Option<NodeId>| {
        let text = normalize_text(current);
        if !text.is_empty() {
            blocks.push(Value::Text(Text {
                text,
                origin: *origin,
                settled: false,
            }));
        }
        current.clear();
        *origin = None;
    };
    let mut stack: Vec<(NodeRef<'a, Node>, bool)> =
        element.children().rev().map(|c| (c, false)).collect();
    while let Some((node, closing)) = stack.pop() {
        if closing {
            flush(&mut current, &mut origin);
            continue;
        }
        match node.value() {
            Node::Text(text) => {
                if origin.is_none() && !text.trim().is_empty() {
                    origin = Some(node.id());
                }
                current.push_str(text);
            }
            Node::Element(el) => {
                let name = el.name();
                let skipped = skip
                    .is_some_and(|skip| ElementRef::wrap(node).is_some_and(|e| skip.matches(&e)));
                if skipped || name == "br" || name == "hr" || BLOCKS.contains(&name) {
                    flush(&mut current, &mut origin);
                }
                if skipped || SKIPPED.contains(&name) {
                    continue;
                }
                if BLOCKS.contains(&name) {
                    stack.push((node, true));
                }
                stack.extend(node.children().rev().map(|c| (c, false)));
            }
            _ => {}
        }
    }
    flush(&mut current, &mut origin);
    blocks
}

/// The sibling elements after (or before) each element, in page order, each once.
fn siblings<'a>(values: Vec<Value<'a>>, only: Option<&Selector>, after: bool) -> Vec<Value<'a>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for value in values {
        let Value::Node(node) = value else { continue };
        let mut found: Vec<ElementRef<'a>> = if after {
            node.next_siblings().filter_map(ElementRef::wrap).collect()
        } else {
            node.prev_siblings().filter_map(ElementRef::wrap).collect()
        };
        if !after {
            found.reverse();
        }
        out.extend(
            found
                .into_iter()
                .filter(|sibling| only.is_none_or(|only| only.matches(sibling)))
                .filter(|sibling| seen.insert(sibling.id()))
                .map(Value::Node),
        );
    }
    out
}

fn markup<'a>(values: Vec<Value<'a>>, render: fn(&ElementRef<'a>) -> String) -> Vec<Value<'a>> {
    values
        .into_iter()
        .filter_map(|v| match &v {
            Value::Node(node) => Some(v.with_text(render(node))),
            _ => None,
        })
        .collect()
}

/// Parses a CSS selector given as a filter argument.
pub(crate) fn css(text: &str) -> Result<Selector, ArgError> {
    crate::css::parse_css(text).map_err(|message| ArgError { index: 0, message })
}
