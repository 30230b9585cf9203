//! Reading the body out of the content roots: the summary, then paragraphs under their
//! sub-headlines in document order, with furniture, captions and the byline left out.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html};
use trawl_engine::{element_text, Body, ParagraphKind, Section};

use crate::blocks::{code_text, furniture_inside, is_layout_table, list_items, table_rows};
use crate::boilerplate::{is_furniture_heading, is_furniture_text};
use crate::content::{is_block_tag, is_text_block};
use crate::fields::is_byline;
use crate::stats::Measures;

/// What the body reader needs to know besides the roots.
pub struct Known<'k> {
    /// The headline, so a repeated headline is not a paragraph.
    pub title: &'k str,
    /// The author names, so the byline is not a paragraph.
    pub authors: &'k [String],
    /// The page's descriptions, to find the summary among the visible elements.
    pub descriptions: &'k [String],
}

/// Words in a class or id that mark a standfirst.
const SUMMARY_WORDS: &[&str] = &[
    "lead",
    "lede",
    "intro",
    "teaser",
    "standfirst",
    "summary",
    "dek",
    "deck",
    "excerpt",
    "abstract",
    "subtitle",
    "subheadline",
    "description",
    "kicker",
    "chapo",
    "entradilla",
];

/// Paragraphs longer than this are text even when they are mostly links.
const LINKED_TEXT_CHARS: u32 = 250;

/// Reads the body under `roots`.
pub fn read_body(
    html: &Html,
    roots: &[ElementRef<'_>],
    measures: &Measures,
    known: &Known<'_>,
) -> Body {
    let summary_node = summary_element(html, roots, measures, known);
    let mut reader = Reader {
        measures,
        known,
        skip: summary_node.iter().map(|node| node.id()).collect(),
        sections: vec![Section::default()],
        seen: HashSet::new(),
        root: None,
    };
    for root in roots {
        reader.walk(*root);
    }
    let summary = summary_node
        .map(|node| element_text(node, &HashSet::new()))
        .filter(|text| !text.is_empty())
        .into_iter()
        .collect();
    let mut sections = reader.sections;
    sections.retain(|section| !section.paragraphs.is_empty());
    Body { summary, sections }
}

/// Elements holding at least this much text of their own (visible characters outside child
/// elements) are read as runs of text between `<br>`s and blocks.
pub const LOOSE_TEXT_CHARS: u32 = 100;

/// What the reader still has to read: an element, or a run of loose text (all bold: a
/// sub-headline).
enum Item<'a> {
    Element(ElementRef<'a>),
    Run(String),
    Heading(String),
}

/// Whether an element's class has `word` as a whole word (`id-r-component br`).
fn has_class_word(element: &scraper::node::Element, word: &str) -> bool {
    element.attr("class").is_some_and(|class| {
        class
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|part| part.eq_ignore_ascii_case(word))
    })
}

/// A bold run too long, or ending like a sentence, is emphasis, not a sub-headline.
fn is_stub_heading(text: &str) -> bool {
    text.chars().count() > 100 || text.ends_with(['.', '!', '?', ':', ';'])
}

struct Reader<'r, 'k> {
    measures: &'r Measures,
    known: &'r Known<'k>,
    skip: HashSet<NodeId>,
    sections: Vec<Section>,
    seen: HashSet<String>,
    /// The root being read.
    root: Option<NodeId>,
}

impl Reader<'_, '_> {
    fn walk(&mut self, root: ElementRef<'_>) {
        self.root = Some(root.id());
        let mut stack = vec![Item::Element(root)];
        while let Some(item) = stack.pop() {
            let element = match item {
                Item::Element(element) => element,
                Item::Run(text) => {
                    self.push_paragraph(text);
                    continue;
                }
                Item::Heading(text) => {
                    if !is_furniture_heading(&text) && !is_furniture_text(&text) {
                        self.push_headline(text);
                    }
                    continue;
                }
            };
            if self.skip.contains(&element.id()) {
                continue;
            }

            let name = element.value().name();
            if element.id() != root.id() && self.measures.get(element.id()).furniture {
                continue;
            }
            match name {
                "h1" | "dl" => continue,
                "h2" | "h3" | "h4" | "h5" | "h6" => {
                    self.headline(element);
                    continue;
                }
                "ul" | "ol" => {
                    for (text, kind) in list_items(element, self.measures) {
                        self.push_block(text, kind);
                    }
                    continue;
                }
                "table" if !is_layout_table(element, self.measures) => {
                    for row in table_rows(element, self.measures) {
                        self.push_block(row, ParagraphKind::TableRow);
                    }
                    continue;
                }
                "pre" => {
                    self.push_block(code_text(element), ParagraphKind::Code);
                    continue;
                }
                _ => {}
            }
            // A `<p>` is one paragraph by its markup, blank lines and all; a `<div>` of text
            // has no other paragraph marks than its blank lines.
            if is_text_block(element) && (name == "p" || !self.has_blank_line(element)) {
                self.paragraph(element);
                continue;
            }
            let items = if self.measures.get(element.id()).own_chars >= LOOSE_TEXT_CHARS {
                self.runs(element)
            } else {
                element
                    .children()
                    .filter_map(ElementRef::wrap)
                    .map(Item::Element)
                    .collect()
            };
            stack.extend(items.into_iter().rev());
        }
    }

    /// Whether the element's own text has a blank line in it: two `<br>`s with nothing but
    /// white space or empty elements (an ad slot) between them. Its text is then several
    /// paragraphs, as a browser shows it.
    fn has_blank_line(&self, element: ElementRef<'_>) -> bool {
        let mut after_break = false;
        for child in element.children() {
            match child.value() {
                scraper::Node::Text(text) if !text.trim().is_empty() => after_break = false,
                scraper::Node::Element(value) if value.name() == "br" => {
                    if after_break {
                        return true;
                    }
                    after_break = true;
                }
                scraper::Node::Element(_) if self.measures.get(child.id()).chars > 0 => {
                    after_break = false;
                }
                _ => {}
            }
        }
        false
    }

    /// The children of an element that holds text of its own between `<br>`s and blocks:
    /// the runs of text and inline elements become paragraphs, blocks are read in turn.
    /// Where the text has blank lines, they part paragraphs, and a single `<br>` after a
    /// line that does not end a sentence only wraps it (a story typed into a `<div>` or
    /// `<td>`, its lines broken by hand).
    fn runs<'a>(&self, element: ElementRef<'a>) -> Vec<Item<'a>> {
        let blank_lines = self.has_blank_line(element);
        let mut after_break = false;
        let mut items = Vec::new();
        let mut run = String::new();
        // Whether the run so far is all bold: then it is a sub-headline.
        let mut bold = true;
        let flush = |run: &mut String, bold: &mut bool, items: &mut Vec<Item<'a>>| {
            let text = trawl_engine::normalize_text(run);
            run.clear();
            if !text.is_empty() {
                items.push(if *bold && !is_stub_heading(&text) {
                    Item::Heading(text)
                } else {
                    Item::Run(text)
                });
            }
            *bold = true;
        };
        for child in element.children() {
            match child.value() {
                scraper::Node::Text(text) => {
                    bold &= text.trim().is_empty();
                    after_break &= text.trim().is_empty();
                    run.push_str(text);
                }
                scraper::Node::Element(value) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let chars = self.measures.get(child.id()).chars;
                    if value.name() == "br" || (chars == 0 && has_class_word(value, "br")) {
                        if blank_lines && !after_break && !ends_sentence(&run) {
                            run.push(' ');
                        } else {
                            flush(&mut run, &mut bold, &mut items);
                        }
                        after_break = true;
                    } else if is_block_tag(value.name()) {
                        flush(&mut run, &mut bold, &mut items);
                        after_break = false;
                        items.push(Item::Element(child));
                    } else if !self.measures.get(child.id()).furniture && chars > 0 {
                        after_break = false;
                        bold &= matches!(value.name(), "b" | "strong")
                            || has_class_word(value, "strong")
                            || has_class_word(value, "bold");
                        run.push(' ');
                        run.push_str(&element_text(child, &HashSet::new()));
                        run.push(' ');
                    }
                }
                _ => {}
            }
        }
        flush(&mut run, &mut bold, &mut items);
        items
    }

    /// A run of loose text, through the same checks as a paragraph's text.
    fn push_paragraph(&mut self, text: String) {
        if is_furniture_text(&text)
            || text == self.known.title
            || is_byline(&text, self.known.authors)
            || is_stub(&text)
            || !self.seen.insert(text.clone())
        {
            return;
        }
        let current = self.sections.last_mut().expect("there is always a section");
        current.push(text, ParagraphKind::Paragraph);
    }

    /// A list item, table row or code block: kept however short (a step of a recipe, a
    /// cell of a table), but not furniture text nor a repeat of the title or the byline.
    fn push_block(&mut self, text: String, kind: ParagraphKind) {
        if text.is_empty()
            || text == self.known.title
            || is_furniture_text(&text)
            || is_byline(&text, self.known.authors)
        {
            return;
        }
        let current = self.sections.last_mut().expect("there is always a section");
        current.push(text, kind);
    }

    fn headline(&mut self, element: ElementRef<'_>) {
        let text = element_text(element, &HashSet::new());
        let measure = self.measures.get(element.id());
        if text.is_empty()
            || text.chars().count() > 200
            || measure.link_density() > 0.5
            || is_furniture_heading(&text)
            || is_furniture_text(&text)
        {
            return;
        }
        self.push_headline(text);
    }

    /// Opens a section with this sub-headline (or adds it to the current one's).
    fn push_headline(&mut self, text: String) {
        let current = self.sections.last_mut().expect("there is always a section");
        if !current.paragraphs.is_empty() {
            self.sections.push(Section::default());
        }
        let current = self.sections.last_mut().expect("there is always a section");
        current.headline.push(text);
    }

    fn paragraph(&mut self, element: ElementRef<'_>) {
        let measure = self.measures.get(element.id());
        if measure.chars == 0 || (measure.link_density() > 0.5 && measure.chars < LINKED_TEXT_CHARS)
        {
            return;
        }
        // Furniture inside a paragraph (a hidden "opens new tab", an ad label) stays out.
        let text = element_text(element, &furniture_inside(element, self.measures));
        if text.is_empty()
            || is_caption(element, self.measures)
            || text == self.known.title
            || is_furniture_text(&text)
            || is_byline(&text, self.known.authors)
            || !self.seen.insert(text.clone())
        {
            return;
        }
        if is_bold_heading(element, &text) {
            let current = self.sections.last_mut().expect("there is always a section");
            if !current.paragraphs.is_empty() {
                self.sections.push(Section::default());
            }
            let current = self.sections.last_mut().expect("there is always a section");
            current.headline.push(text);
            return;
        }
        if is_stub(&text) {
            return;
        }
        let kind = match self.in_quote(element) {
            true => ParagraphKind::Quote,
            false => ParagraphKind::Paragraph,
        };
        let current = self.sections.last_mut().expect("there is always a section");
        current.push(text, kind);
    }

    /// Whether the element is a `<blockquote>` or inside one, within the root being read.
    fn in_quote(&self, element: ElementRef<'_>) -> bool {
        std::iter::once(*element)
            .chain(element.ancestors())
            .take_while(|node| Some(node.id()) != self.root)
            .any(|node| {
                node.value()
                    .as_element()
                    .is_some_and(|e| e.name() == "blockquote")
            })
    }
}

/// Whether text ends like a sentence (a full stop, a question, a closing quote).
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', '…', ':', '"', '“', '”', '»', '«', ')', '\''])
}

/// A short line that does not end like a sentence ("Live", "3 min", "Drucken", a name
/// under a quote) is page furniture, not a paragraph. Scripts written without spaces
/// (Chinese, Japanese) are left alone: their word counts say nothing.
fn is_stub(text: &str) -> bool {
    let chars = text.chars().count();
    chars <= 60
        && text.split_whitespace().count() <= 8
        && !text.ends_with([
            '.', '!', '?', '…', ':', ';', '"', '“', '”', '»', '«', ')', ']', '\'',
        ])
        && !text
            .chars()
            .any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF))
}

/// A paragraph alone beside an image in its container is the image's caption.
fn is_caption(element: ElementRef<'_>, measures: &Measures) -> bool {
    let Some(parent) = element.parent().and_then(ElementRef::wrap) else {
        return false;
    };
    if measures.get(parent.id()).chars != measures.get(element.id()).chars {
        return false;
    }
    parent.children().filter_map(ElementRef::wrap).any(|child| {
        matches!(child.value().name(), "img" | "picture")
            || child
                .children()
                .filter_map(ElementRef::wrap)
                .any(|grandchild| matches!(grandchild.value().name(), "img" | "picture"))
    })
}

/// A short paragraph that is all bold and ends without a full stop reads as a sub-headline.
fn is_bold_heading(element: ElementRef<'_>, text: &str) -> bool {
    if text.chars().count() > 100 || text.ends_with(['.', ':', '?', '!', '"', '”', '“', '»', '«'])
    {
        return false;
    }
    let mut children = element
        .children()
        .filter(|child| !child.value().as_text().is_some_and(|t| t.trim().is_empty()));
    let Some(only) = children.next() else {
        return false;
    };
    children.next().is_none()
        && only
            .value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "strong" | "b"))
}

/// The standfirst: the element whose text is one of the page's descriptions, else an
/// element named like a standfirst before the first paragraph of the body.
fn summary_element<'a>(
    html: &'a Html,
    roots: &[ElementRef<'a>],
    measures: &Measures,
    known: &Known<'_>,
) -> Option<ElementRef<'a>> {
    let squash = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
    let wanted: Vec<String> = known
        .descriptions
        .iter()
        .map(|d| squash(d))
        .filter(|d| d.chars().count() >= 30)
        .collect();
    let lengths: Vec<u32> = wanted.iter().map(|d| d.chars().count() as u32).collect();
    let body = html
        .root_element()
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body")?;
    let first_root = roots.first().copied();
    let holding: crate::hash::IdSet<NodeId> = roots
        .iter()
        .flat_map(|root| std::iter::once(**root).chain(root.ancestors()))
        .map(|node| node.id())
        .collect();
    let holds_a_root = |element: ElementRef<'_>| holding.contains(&element.id());
    let mut before_root = true;
    let mut named = None;
    for node in body.descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        if first_root.is_some_and(|root| root.id() == element.id()) {
            before_root = false;
        }
        let measure = measures.get(element.id());
        if measure.in_furniture || measure.chars < 30 || holds_a_root(element) {
            continue;
        }
        if lengths.contains(&measure.chars) {
            let text = squash(&element_text(element, &HashSet::new()));
            if wanted.contains(&text) {
                return Some(innermost(element, measure.chars, measures));
            }
        }
        if before_root
            && named.is_none()
            && measure.chars <= 800
            && measure.link_density() < 0.3
            && has_summary_name(element)
        {
            named = Some(innermost(element, measure.chars, measures));
        }
    }
    named
}

/// The deepest element under `element` that holds all of its text.
fn innermost<'a>(element: ElementRef<'a>, chars: u32, measures: &Measures) -> ElementRef<'a> {
    let mut current = element;
    loop {
        let next = current
            .children()
            .filter_map(ElementRef::wrap)
            .find(|child| measures.get(child.id()).chars == chars);
        match next {
            Some(child) => current = child,
            None => return current,
        }
    }
}

fn has_summary_name(element: ElementRef<'_>) -> bool {
    let value = element.value();
    if matches!(
        value.name(),
        "html" | "body" | "main" | "article" | "section"
    ) {
        return false;
    }
    value
        .attr("class")
        .into_iter()
        .chain(value.attr("id"))
        .flat_map(str::split_ascii_whitespace)
        .any(|class| {
            class
                .to_ascii_lowercase()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| SUMMARY_WORDS.contains(&word))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::content_roots;

    #[test]
    fn text_between_line_breaks_is_read_as_paragraphs() {
        let page = format!(
            "<body><div class=story>{LONG}<br><br>{LONG} Two.<div class=ad-slot>Ad</div>{LONG} Three.<br>\
             <h2>Later</h2>{LONG} Four.</div></body>"
        );
        let known = Known {
            title: "T",
            authors: &[],
            descriptions: &[],
        };
        let body = body_of(&page, &known);
        let paragraphs: Vec<&str> = body.paragraphs().collect();
        assert_eq!(paragraphs.len(), 4, "{paragraphs:?}");
        assert!(paragraphs[1].ends_with("Two."));
        assert_eq!(body.sections[1].headline, ["Later"]);
    }

    #[test]
    fn blank_lines_split_a_div_of_text_but_not_a_paragraph() {
        let known = Known {
            title: "T",
            authors: &[],
            descriptions: &[],
        };
        let count = |inner: &str| {
            let page = format!("<body><article>{inner}</article></body>");
            body_of(&page, &known).paragraphs().count()
        };
        // An empty ad slot between the two breaks is still a blank line.
        assert_eq!(
            count(&format!(
                "<div>{LONG} One.<br><ins class=slot></ins>\n<br>{LONG} Two.</div>"
            )),
            2
        );
        assert_eq!(count(&format!("<div>{LONG} One.<br>{LONG} Two.</div>")), 1);
        assert_eq!(count(&format!("<p>{LONG} One.<br><br>{LONG} Two.</p>")), 1);
    }

    const NO_ONE: Known<'static> = Known {
        title: "T",
        authors: &[],
        descriptions: &[],
    };

    /// The paragraphs of a body with their kinds, in reading order.
    fn kinds_of(body: &Body) -> Vec<(String, ParagraphKind)> {
        body.sections
            .iter()
            .flat_map(|s| (0..s.paragraphs.len()).map(|i| (s.paragraphs[i].clone(), s.kind(i))))
            .collect()
    }

    #[test]
    fn a_list_between_paragraphs_is_kept_in_reading_order() {
        let page = format!(
            "<body><article><p>{LONG}</p><ul><li>Bread</li><li>Two <b>eggs</b></li></ul>\
             <ol><li>Mix them</li></ol><p>{LONG} Then.</p></article></body>"
        );
        let body = body_of(&page, &NO_ONE);
        let kinds: Vec<ParagraphKind> = kinds_of(&body).into_iter().map(|(_, k)| k).collect();
        use ParagraphKind::*;
        assert_eq!(
            kinds,
            [Paragraph, ListItem, ListItem, NumberedItem, Paragraph]
        );
        assert_eq!(kinds_of(&body)[2].0, "Two eggs");
    }

    #[test]
    fn a_data_table_is_kept_as_rows() {
        let page = format!(
            "<body><article><p>{LONG}</p><table><tr><th>Town</th><th>Turnout</th></tr>\
             <tr><td>Ely</td><td>61%</td></tr></table><p>{LONG} Then.</p></article></body>"
        );
        let rows: Vec<(String, ParagraphKind)> = kinds_of(&body_of(&page, &NO_ONE))
            .into_iter()
            .filter(|(_, kind)| *kind == ParagraphKind::TableRow)
            .collect();
        assert_eq!(
            rows,
            [
                ("Town | Turnout".to_owned(), ParagraphKind::TableRow),
                ("Ely | 61%".to_owned(), ParagraphKind::TableRow)
            ]
        );
    }

    #[test]
    fn a_story_of_text_and_breaks_in_a_layout_table_is_read() {
        let page = format!(
            "<body><table><tr><td class=menu><a href=/>Home</a></td><td>{LONG}<br>\
             The harbour opens again on Monday, with the night shift first, and the ferries<br>\
             sail at nine. Again.<br><br>{LONG} Last.</td></tr></table></body>"
        );
        let paragraphs: Vec<String> = body_of(&page, &NO_ONE)
            .paragraphs()
            .map(str::to_owned)
            .collect();
        // The blank line parts paragraphs, and so does a break after a sentence; a break
        // in the middle of one only wraps a line.
        assert_eq!(paragraphs.len(), 3, "{paragraphs:?}");
        assert!(paragraphs[1].ends_with("the ferries sail at nine. Again."));
    }

    #[test]
    fn a_quote_is_tagged_and_related_posts_stay_out() {
        let page = format!(
            "<body><article><p>{LONG}</p><blockquote><p>{LONG} Quoted.</p></blockquote>\
             <div class=related-posts><h3>More stories</h3><p>{LONG} Elsewhere.</p></div>\
             <p>{LONG} End.</p></article></body>"
        );
        let body = body_of(&page, &NO_ONE);
        let kinds = kinds_of(&body);
        assert_eq!(kinds.len(), 3, "{kinds:?}");
        assert_eq!(kinds[1].1, ParagraphKind::Quote);
        assert!(kinds.iter().all(|(text, _)| !text.ends_with("Elsewhere.")));
    }

    fn body_of(page: &str, known: &Known<'_>) -> Body {
        let html = Html::parse_document(page);
        let measures = Measures::of(&html);
        let roots = content_roots(&html, &measures);
        read_body(&html, &roots, &measures, known)
    }

    const LONG: &str =
        "The council met on Tuesday, and after a long debate, it voted to end the strike.";

    #[test]
    fn sections_summary_and_furniture() {
        let page = format!(
            "<body><h1>Strike ends</h1><p class=standfirst>What the harbour strike cost the town and who paid for it.</p>\
             <div class=story><p>By Ann Lee</p><p>{LONG}</p><div class=share-bar><p>Share this article</p></div>\
             <h2>What comes next</h2><p>{LONG} Again.</p><p>Advertisement</p><figure><figcaption>A caption, long enough to vote, yes.</figcaption></figure>\
             <p><strong>A bold sub-headline</strong></p><p>{LONG} Once more.</p></div></body>"
        );
        let authors = ["Ann Lee".to_owned()];
        let known = Known {
            title: "Strike ends",
            authors: &authors,
            descriptions: &[],
        };
        let body = body_of(&page, &known);
        assert_eq!(
            body.summary,
            ["What the harbour strike cost the town and who paid for it."]
        );
        let outline: Vec<(Vec<String>, usize)> = body
            .sections
            .iter()
            .map(|s| (s.headline.clone(), s.paragraphs.len()))
            .collect();
        assert_eq!(
            outline,
            [
                (vec![], 1),
                (vec!["What comes next".to_owned()], 1),
                (vec!["A bold sub-headline".to_owned()], 1)
            ]
        );
    }
}
