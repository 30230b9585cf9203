//! Lists, tables and code inside the article, each read as paragraphs of its kind in
//! reading order: a list item is one paragraph (its nested lists follow it), a table row is
//! one (its cells joined by ` | `), a `<pre>` is one with its line breaks kept.
//!
//! A list or table whose text is mostly links is navigation (a tag list, a table of
//! contents, a calendar) and is left out; a table whose cells hold whole blocks of text or
//! other tables lays out the page and is read like any other container.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Node};
use trawl_engine::{element_text, ParagraphKind};

use crate::stats::Measures;

/// Lists and tables with more of their text in links than this are navigation.
const LINK_DENSITY_MAX: f64 = 0.5;

/// A table cell with more text than this holds a passage of the page, not a datum.
const LAYOUT_CELL_CHARS: u32 = 200;

/// The items of a list that is article text, nested lists after their item; empty for a
/// list that is mostly links.
pub fn list_items(list: ElementRef<'_>, measures: &Measures) -> Vec<(String, ParagraphKind)> {
    let mut out = Vec::new();
    let measure = measures.get(list.id());
    if measure.chars == 0 || measure.link_density() > LINK_DENSITY_MAX {
        return out;
    }
    push_items(list, measures, &mut out);
    out
}

fn push_items(list: ElementRef<'_>, measures: &Measures, out: &mut Vec<(String, ParagraphKind)>) {
    let kind = match list.value().name() {
        "ol" => ParagraphKind::NumberedItem,
        _ => ParagraphKind::ListItem,
    };
    for item in list.children().filter_map(ElementRef::wrap) {
        if item.value().name() != "li" || measures.get(item.id()).furniture {
            continue;
        }
        let nested = nested_lists(item);
        let mut removed: HashSet<NodeId> = furniture_inside(item, measures);
        removed.extend(nested.iter().map(|list| list.id()));
        let text = element_text(item, &removed);
        if !text.is_empty() {
            out.push((text, kind));
        }
        for list in nested {
            if !measures.get(list.id()).furniture {
                push_items(list, measures, out);
            }
        }
    }
}

/// The lists directly inside a list item (not those inside another nested list).
fn nested_lists(item: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut found = Vec::new();
    let mut stack: Vec<ElementRef<'_>> = item.children().filter_map(ElementRef::wrap).collect();
    stack.reverse();
    while let Some(element) = stack.pop() {
        if matches!(element.value().name(), "ul" | "ol") {
            found.push(element);
            continue;
        }
        let children: Vec<ElementRef<'_>> =
            element.children().filter_map(ElementRef::wrap).collect();
        stack.extend(children.into_iter().rev());
    }
    found
}

/// The furniture elements under `element` (an ad label, a hidden note), left out of its text.
pub fn furniture_inside(element: ElementRef<'_>, measures: &Measures) -> HashSet<NodeId> {
    element
        .descendants()
        .skip(1)
        .filter(|node| measures.get(node.id()).furniture)
        .map(|node| node.id())
        .collect()
}

/// The rows of a table, its own (not those of tables nested in its cells).
fn rows(table: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    table
        .children()
        .filter_map(ElementRef::wrap)
        .flat_map(|child| match child.value().name() {
            "thead" | "tbody" | "tfoot" => child.children().filter_map(ElementRef::wrap).collect(),
            _ => vec![child],
        })
        .filter(|row| row.value().name() == "tr")
}

fn cells(row: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    row.children()
        .filter_map(ElementRef::wrap)
        .filter(|cell| matches!(cell.value().name(), "td" | "th"))
}

/// Whether a table lays out the page rather than holding data: it says so
/// (`role=presentation`), or a cell holds another table, a heading, or a column's worth of
/// text.
pub fn is_layout_table(table: ElementRef<'_>, measures: &Measures) -> bool {
    if table.value().attr("role") == Some("presentation") {
        return true;
    }
    rows(table).flat_map(cells).any(|cell| {
        measures.get(cell.id()).chars > LAYOUT_CELL_CHARS
            || cell.descendants().skip(1).any(|node| {
                node.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "table" | "h1" | "h2" | "h3" | "article"))
            })
    })
}

/// The rows of a data table, each its cells' texts joined by ` | `; empty for a table that
/// is mostly links.
pub fn table_rows(table: ElementRef<'_>, measures: &Measures) -> Vec<String> {
    let measure = measures.get(table.id());
    if measure.chars == 0 || measure.link_density() > LINK_DENSITY_MAX {
        return Vec::new();
    }
    rows(table)
        .map(|row| {
            cells(row)
                .map(|cell| element_text(cell, &furniture_inside(cell, measures)))
                .filter(|text| !text.is_empty())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .filter(|row| !row.is_empty())
        .collect()
}

/// The text of a `<pre>` with its line breaks: each line's spaces squashed, blank lines at
/// either end dropped.
pub fn code_text(pre: ElementRef<'_>) -> String {
    let mut raw = String::new();
    for node in pre.descendants() {
        match node.value() {
            Node::Text(text) => raw.push_str(text),
            Node::Element(element) if element.name() == "br" => raw.push('\n'),
            _ => {}
        }
    }
    let lines: Vec<String> = raw
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let first = lines.iter().position(|line| !line.is_empty());
    let last = lines.iter().rposition(|line| !line.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn first<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
        html.select(&Selector::parse(css).unwrap()).next().unwrap()
    }

    #[test]
    fn list_items_in_order_with_nested_lists_after_their_item() {
        let html = Html::parse_document(
            "<ol><li>Heat the oven<ul><li>to 180 degrees</li></ul></li><li>Mix <b>flour</b></li></ol>",
        );
        let measures = Measures::of(&html);
        let items = list_items(first(&html, "ol"), &measures);
        assert_eq!(
            items,
            [
                ("Heat the oven".to_owned(), ParagraphKind::NumberedItem),
                ("to 180 degrees".to_owned(), ParagraphKind::ListItem),
                ("Mix flour".to_owned(), ParagraphKind::NumberedItem),
            ]
        );
    }

    #[test]
    fn a_list_of_links_is_navigation() {
        let html = Html::parse_document(
            "<ul><li><a href=/a>Politics</a></li><li><a href=/b>Sport</a></li></ul>",
        );
        let measures = Measures::of(&html);
        assert!(list_items(first(&html, "ul"), &measures).is_empty());
    }

    #[test]
    fn data_tables_give_rows_and_layout_tables_are_containers() {
        let html = Html::parse_document(
            "<table id=data><thead><tr><th>Town</th><th>Votes</th></tr></thead>\
             <tbody><tr><td>Ely</td><td>1,204</td></tr><tr><td></td><td></td></tr></tbody></table>\
             <table id=layout><tr><td><h2>News</h2><p>Text</p></td></tr></table>",
        );
        let measures = Measures::of(&html);
        let data = first(&html, "#data");
        assert!(!is_layout_table(data, &measures));
        assert_eq!(table_rows(data, &measures), ["Town | Votes", "Ely | 1,204"]);
        assert!(is_layout_table(first(&html, "#layout"), &measures));
    }

    #[test]
    fn code_keeps_its_lines() {
        let html = Html::parse_document("<pre>\n  let x = 1;\n  let y =   2;\n\n</pre>");
        assert_eq!(code_text(first(&html, "pre")), "let x = 1;\nlet y = 2;");
    }
}
