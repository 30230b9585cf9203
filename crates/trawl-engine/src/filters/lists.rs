//! Filters that pick, reorder or combine values.

use std::collections::HashSet;

use super::{filter, map_text, ArgError, Example, FilterSpec};
use crate::value::Value;

/// The list filters.
pub fn filters() -> Vec<FilterSpec> {
    vec![
        FilterSpec {
            name: "first",
            params: &[],
            summary: "Only the first value.",
            example: Example { html: "<p>a</p><p>b</p>", expr: "p | first | text", output: &["a"] },
            build: |_| Ok(filter(|values, _| values.into_iter().take(1).collect())),
        },
        FilterSpec {
            name: "last",
            params: &[],
            summary: "Only the last value.",
            example: Example { html: "<p>a</p><p>b</p>", expr: "p | last | text", output: &["b"] },
            build: |_| Ok(filter(|mut values, _| values.pop().into_iter().collect())),
        },
        FilterSpec {
            name: "nth",
            params: &["n"],
            summary: "Only the n-th value, counting from 1 (negative counts from the end).",
            example: Example { html: "<p>a</p><p>b</p><p>c</p>", expr: "p | nth(2) | text", output: &["b"] },
            build: |args| {
                let n = args.int(0)?;
                if n == 0 {
                    return Err(ArgError {
                        index: 0,
                        message: "`nth` counts from 1 (and from -1 at the end), so 0 is no position".to_owned(),
                    });
                }
                Ok(filter(move |values, _| {
                    let index = if n > 0 {
                        usize::try_from(n - 1).ok()
                    } else {
                        values.len().checked_sub(usize::try_from(-n).unwrap_or(usize::MAX))
                    };
                    index.and_then(|i| values.into_iter().nth(i)).into_iter().collect()
                }))
            },
        },
        FilterSpec {
            name: "skip",
            params: &["n"],
            summary: "Drops the first n values.",
            example: Example { html: "<p>a</p><p>b</p><p>c</p>", expr: "p | skip(1) | text", output: &["b", "c"] },
            build: |args| {
                let n = args.count(0)?;
                Ok(filter(move |values, _| values.into_iter().skip(n).collect()))
            },
        },
        FilterSpec {
            name: "drop_last",
            params: &["n"],
            summary: "Drops the last n values (a footer line, a signature).",
            example: Example { html: "<p>a</p><p>b</p><p>(dpa)</p>", expr: "p | drop_last(1) | text", output: &["a", "b"] },
            build: |args| {
                let n = args.count(0)?;
                Ok(filter(move |mut values, _| {
                    values.truncate(values.len().saturating_sub(n));
                    values
                }))
            },
        },
        FilterSpec {
            name: "take",
            params: &["n"],
            summary: "Keeps the first n values.",
            example: Example { html: "<p>a</p><p>b</p><p>c</p>", expr: "p | take(2) | text", output: &["a", "b"] },
            build: |args| {
                let n = args.count(0)?;
                Ok(filter(move |values, _| values.into_iter().take(n).collect()))
            },
        },
        FilterSpec {
            name: "without",
            params: &["field"],
            summary: "Drops the values equal (in any case) to a value of another record field, such as the author names some sites put among their keywords: `meta(keywords) | split(',') | without(authors)`. Fields are filled in the order title, subtitle, publisher, authors, topics, then the rest, so a field can name only one before it (the body, images, related and extra fields can name all five). In the example the record's authors are `Ann Lee`.",
            example: Example {
                html: r#"<meta name="author" content="Ann Lee"><meta name="keywords" content="Gaza, Ann Lee, Iran">"#,
                expr: "meta(keywords) | split(',') | without(authors)",
                output: &["Gaza", "Iran"],
            },
            build: |args| {
                let field = args.str(0);
                let field = crate::fields::REFERABLE
                    .iter()
                    .copied()
                    .find(|known| *known == field)
                    .ok_or_else(|| ArgError {
                        index: 0,
                        message: format!("`without` takes a record field: one of {}", crate::fields::REFERABLE.join(", ")),
                    })?;
                Ok(filter(move |values, page| {
                    let known: HashSet<String> = page.field(field).iter().map(|v| v.to_lowercase()).collect();
                    values.into_iter().filter(|v| !known.contains(&crate::normalize::normalize_text(&v.to_text()).to_lowercase())).collect()
                }))
            },
        },
        FilterSpec {
            name: "unique",
            params: &[],
            summary: "Drops values whose text was already seen, keeping the first.",
            example: Example { html: "<a>x</a><a>y</a><a>x</a>", expr: "a | unique | text", output: &["x", "y"] },
            build: |_| {
                Ok(filter(|values, _| {
                    let mut seen = HashSet::new();
                    values.into_iter().filter(|v| seen.insert(v.to_text())).collect()
                }))
            },
        },
        FilterSpec {
            name: "join_adjacent",
            params: &[],
            summary: "Joins runs of elements that directly follow each other as siblings (nothing but whitespace between) into one value, keeping the first one's place: a headline the page splits across two spans reads as one.",
            example: Example {
                html: "<p><span class=h>Ferry</span><span class=h> strike ends</span> text <span class=h>Next</span></p>",
                expr: "span.h | join_adjacent",
                output: &["Ferry strike ends", "Next"],
            },
            build: |_| Ok(filter(|values, _| join_adjacent(values))),
        },
        FilterSpec {
            name: "join",
            params: &["separator?"],
            summary: "Joins all values into one string (default separator: a space).",
            example: Example { html: "<li>a</li><li>b</li>", expr: "li | join(', ')", output: &["a, b"] },
            build: |args| {
                let separator = args.opt_str(0).unwrap_or(" ").to_owned();
                Ok(filter(move |values, _| {
                    if values.is_empty() {
                        return values;
                    }
                    let origin = values[0].clone();
                    let texts: Vec<String> = values.iter().map(Value::to_text).filter(|t| !t.is_empty()).collect();
                    vec![origin.with_text(texts.join(&separator))]
                }))
            },
        },
        FilterSpec {
            name: "split",
            params: &["separator"],
            summary: "Splits each value's text at a separator, trimming the parts and dropping empty ones.",
            example: Example {
                html: r#"<meta name="keywords" content="Ukraine, Russia,,NATO">"#,
                expr: "meta(keywords) | split(',')",
                output: &["Ukraine", "Russia", "NATO"],
            },
            build: |args| {
                let separator = args.str(0).to_owned();
                Ok(filter(move |values, _| {
                    values
                        .into_iter()
                        .flat_map(|v| {
                            let text = v.to_text();
                            text.split(separator.as_str())
                                .map(str::trim)
                                .filter(|part| !part.is_empty())
                                .map(|part| v.with_text(part.to_owned()))
                                .collect::<Vec<_>>()
                        })
                        .collect()
                }))
            },
        },
        FilterSpec {
            name: "trim",
            params: &["characters?"],
            summary: "Trims whitespace, or the given characters, from both ends.",
            example: Example { html: "<p>| Section |</p>", expr: "p | trim('| ')", output: &["Section"] },
            build: |args| {
                let chars: Option<Vec<char>> = args.opt_str(0).map(|s| s.chars().collect());
                Ok(map_text(move |text| {
                    Some(match &chars {
                        Some(chars) => text.trim_matches(chars.as_slice()).to_owned(),
                        None => text.trim().to_owned(),
                    })
                }))
            },
        },
    ]
}

/// Joins runs of sibling elements with only whitespace between them (see `join_adjacent`).
fn join_adjacent(values: Vec<Value<'_>>) -> Vec<Value<'_>> {
    let mut out: Vec<Value<'_>> = Vec::new();
    let mut run: Option<(Value<'_>, String, scraper::ElementRef<'_>)> = None;
    for value in values {
        let Value::Node(node) = value else {
            if let Some((first, text, _)) = run.take() {
                out.push(first.with_text(crate::normalize_text(&text)));
            }
            out.push(value);
            continue;
        };
        let raw: String = node.text().collect();
        match &mut run {
            Some((_, text, last)) if next_element_sibling(*last) == Some(node.id()) => {
                text.push_str(&raw);
                *last = node;
            }
            _ => {
                if let Some((first, text, _)) = run.take() {
                    out.push(first.with_text(crate::normalize_text(&text)));
                }
                run = Some((Value::Node(node), raw, node));
            }
        }
    }
    if let Some((first, text, _)) = run {
        out.push(first.with_text(crate::normalize_text(&text)));
    }
    out
}

/// The next sibling element when only whitespace text lies between.
fn next_element_sibling(node: scraper::ElementRef<'_>) -> Option<ego_tree::NodeId> {
    for sibling in node.next_siblings() {
        match sibling.value() {
            scraper::Node::Element(_) => return Some(sibling.id()),
            scraper::Node::Text(text) if text.trim().is_empty() => {}
            scraper::Node::Comment(_) => {}
            _ => return None,
        }
    }
    None
}
