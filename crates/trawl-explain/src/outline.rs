//! `trawl explain --outline SELECTOR`: the element tree under a selector, one line per
//! element with what a rule author weighs when choosing a root, a removal or a paragraph
//! selector: tag, id and classes, text length, paragraphs, link density. Siblings that repeat
//! (the same tag and classes one after another) are folded into one line.

use std::collections::HashSet;

use scraper::{ElementRef, Html, Selector};
use serde::Serialize;
use trawl_engine::element_text;

use crate::find::describe;

/// Elements whose text extraction never reads (as the engine's text skips them); left out.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "button", "head",
];

/// Elements shown although they hold no text: media and the like.
const MEDIA: &[&str] = &[
    "img", "picture", "video", "audio", "iframe", "figure", "embed",
];

/// One element of the outline, or a run of like siblings folded into one.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Line {
    /// `tag#id.class.class`.
    pub element: String,
    /// How many like siblings in a row this line stands for (1: the element alone).
    pub repeats: usize,
    /// Characters of text (whitespace collapsed), over all the siblings folded.
    pub text: usize,
    /// `<p>` elements with text inside, itself included.
    pub paragraphs: usize,
    /// The share of the text inside links, 0 to 1.
    pub link_density: f64,
    /// What is inside (the first sibling's, when folded).
    pub children: Vec<Line>,
}

/// The outline under every element `css` selects, or why the selector cannot be used.
/// `depth` is how many levels below each match are shown.
pub fn outline(html: &Html, css: &str, depth: usize) -> Result<Vec<Line>, String> {
    let selector = trawl_engine::parse_css(css).map_err(|e| format!("`{css}`: {e}"))?;
    Ok(html
        .select(&selector)
        .map(|element| line(element, 1, depth))
        .collect())
}

/// Text, paragraphs and linked text of one element.
struct Measure {
    text: usize,
    paragraphs: usize,
    linked: usize,
}

fn measure(element: ElementRef<'_>) -> Measure {
    let none = HashSet::new();
    let length = |e: ElementRef<'_>| element_text(e, &none).chars().count();
    let p = Selector::parse("p").expect("a valid selector");
    let a = Selector::parse("a").expect("a valid selector");
    let own = |name: &str| usize::from(element.value().name() == name);
    let paragraphs = own("p") * usize::from(length(element) > 0)
        + element.select(&p).filter(|e| length(*e) > 0).count();
    let linked = if element.value().name() == "a" {
        length(element)
    } else {
        // Links inside links are invalid HTML; counted once where the parser nests them.
        element
            .select(&a)
            .filter(|link| {
                !link
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .take_while(|up| up.id() != element.id())
                    .any(|up| up.value().name() == "a")
            })
            .map(length)
            .sum()
    };
    Measure {
        text: length(element),
        paragraphs,
        linked,
    }
}

fn line(element: ElementRef<'_>, repeats: usize, depth: usize) -> Line {
    let m = measure(element);
    Line {
        element: describe(element, usize::MAX),
        repeats,
        text: m.text,
        paragraphs: m.paragraphs,
        link_density: density(m.linked, m.text),
        children: if depth == 0 {
            Vec::new()
        } else {
            children(element, depth - 1)
        },
    }
}

fn density(linked: usize, text: usize) -> f64 {
    if text == 0 {
        0.0
    } else {
        (linked as f64 / text as f64).min(1.0)
    }
}

/// The children worth a line, runs of like siblings folded.
fn children(element: ElementRef<'_>, depth: usize) -> Vec<Line> {
    let shown: Vec<ElementRef<'_>> = element
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|child| !HIDDEN.contains(&child.value().name()))
        .filter(|child| {
            MEDIA.contains(&child.value().name())
                || child.select(&media()).next().is_some()
                || !element_text(*child, &HashSet::new()).trim().is_empty()
        })
        .collect();
    let mut lines = Vec::new();
    let mut i = 0;
    while i < shown.len() {
        let name = describe(shown[i], usize::MAX);
        let run = shown[i..]
            .iter()
            .take_while(|other| describe(**other, usize::MAX) == name)
            .count();
        let mut first = line(shown[i], run, depth);
        if run > 1 {
            let rest: Vec<Measure> = shown[i + 1..i + run].iter().map(|e| measure(*e)).collect();
            let linked = first.link_density * first.text as f64
                + rest.iter().map(|m| m.linked as f64).sum::<f64>();
            first.text += rest.iter().map(|m| m.text).sum::<usize>();
            first.paragraphs += rest.iter().map(|m| m.paragraphs).sum::<usize>();
            first.link_density = density(linked.round() as usize, first.text);
        }
        lines.push(first);
        i += run;
    }
    lines
}

fn media() -> Selector {
    Selector::parse(&MEDIA.join(", ")).expect("a valid selector")
}

/// The outline for a terminal: one line per element, indented by depth.
pub fn render(lines: &[Line], css: &str) -> String {
    let mut out = match lines.len() {
        0 => format!("no element matches `{css}`\n"),
        1 => format!("`{css}` matches 1 element:\n"),
        n => format!("`{css}` matches {n} elements:\n"),
    };
    for (n, root) in lines.iter().enumerate() {
        if lines.len() > 1 {
            out.push_str(&format!("\nmatch {}:\n", n + 1));
        }
        write_line(&mut out, root, 1);
    }
    out
}

fn write_line(out: &mut String, line: &Line, indent: usize) {
    let times = if line.repeats > 1 {
        format!(" ×{}", line.repeats)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "{}{}{times}  text {}  ¶ {}  links {:.0}%{}\n",
        "  ".repeat(indent),
        line.element,
        line.text,
        line.paragraphs,
        line.link_density * 100.0,
        if line.repeats > 1 {
            "  (inside: the first)"
        } else {
            ""
        }
    ));
    for child in &line.children {
        write_line(out, child, indent + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trawl_engine::parse_html;

    const PAGE: &str = r#"<html><body><article class="story">
        <h1>Harbour strike</h1>
        <div class="share"><a href="/s">Share</a> <a href="/t">Tweet</a></div>
        <div class="text"><p>One two three.</p><p>Four five.</p><p>Six <a href="/x">seven</a>.</p></div>
        <ul class="teasers"><li><a href="/a">Alpha</a></li><li><a href="/b">Beta</a></li><li><a href="/c">Gamma</a></li></ul>
        <script>var x = 1;</script><span class="empty"> </span>
        </article></body></html>"#;

    #[test]
    fn each_element_says_its_text_paragraphs_and_links_and_repeats_fold() {
        let html = parse_html(PAGE);
        let lines = outline(&html, "article.story", 3).expect("valid CSS");
        assert_eq!(lines.len(), 1);
        let story = &lines[0];
        assert_eq!(story.element, "article.story");
        assert_eq!(story.paragraphs, 3);
        let names: Vec<&str> = story.children.iter().map(|c| c.element.as_str()).collect();
        assert_eq!(names, ["h1", "div.share", "div.text", "ul.teasers"]);
        let share = &story.children[1];
        assert!(share.link_density > 0.9, "{share:?}");
        let text = &story.children[2];
        assert_eq!(text.paragraphs, 3);
        assert_eq!(text.children.len(), 1, "{text:?}");
        assert_eq!(text.children[0].repeats, 3);
        assert!(
            text.link_density > 0.1 && text.link_density < 0.3,
            "{text:?}"
        );
        let teasers = &story.children[3];
        assert_eq!(teasers.children[0].repeats, 3);
        assert_eq!(teasers.children[0].text, "AlphaBetaGamma".len());
        let shown = render(&lines, "article.story");
        assert!(
            shown.contains("    li ×3  text 14  ¶ 0  links 100%"),
            "{shown}"
        );
    }

    #[test]
    fn depth_limits_the_levels_and_bad_css_is_an_error() {
        let html = parse_html(PAGE);
        let lines = outline(&html, "article", 0).expect("valid CSS");
        assert!(lines[0].children.is_empty());
        assert!(outline(&html, "div[", 1).is_err());
        assert_eq!(render(&[], "nav"), "no element matches `nav`\n");
    }
}
