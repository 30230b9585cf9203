//! Articles for readers: a record as Markdown or as clean HTML, its body's paragraphs
//! grouped into the blocks their kinds make (a run of list items is one list, a run of table
//! rows one table).

pub mod html;
pub mod markdown;

use trawl_engine::{ParagraphKind, Section};

/// Consecutive paragraphs of one kind that render as one block: a list, a table, a quote.
/// Plain paragraphs, code and embeds are blocks of one paragraph each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// What the paragraphs are.
    pub kind: ParagraphKind,
    /// Their text, in order.
    pub lines: Vec<&'a str>,
}

/// A section's paragraphs as blocks, in order.
///
/// ```
/// use trawl_cli::render::blocks;
/// use trawl_engine::{ParagraphKind, Section};
///
/// let mut section = Section::default();
/// section.push("Intro".into(), ParagraphKind::Paragraph);
/// section.push("one".into(), ParagraphKind::ListItem);
/// section.push("two".into(), ParagraphKind::ListItem);
/// let kinds: Vec<_> = blocks(&section).iter().map(|b| (b.kind, b.lines.len())).collect();
/// assert_eq!(kinds, [(ParagraphKind::Paragraph, 1), (ParagraphKind::ListItem, 2)]);
/// ```
pub fn blocks(section: &Section) -> Vec<Block<'_>> {
    let mut blocks: Vec<Block<'_>> = Vec::new();
    for (index, text) in section.paragraphs.iter().enumerate() {
        let kind = section.kind(index);
        let grouped = matches!(
            kind,
            ParagraphKind::ListItem
                | ParagraphKind::NumberedItem
                | ParagraphKind::TableRow
                | ParagraphKind::Quote
        );
        match blocks.last_mut() {
            Some(last) if grouped && last.kind == kind => last.lines.push(text),
            _ => blocks.push(Block {
                kind,
                lines: vec![text],
            }),
        }
    }
    blocks
}

/// The cells of a table row, as the record joins them (` | `).
pub fn cells(row: &str) -> Vec<&str> {
    row.split(" | ").collect()
}

/// Text without control characters (a terminal escape, a NUL), line breaks kept where
/// `keep_lines` says, else turned into spaces. Plugins may set fields the engine never
/// normalised.
pub fn clean(text: &str, keep_lines: bool) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' if keep_lines => Some('\n'),
            '\t' if keep_lines => Some('\t'),
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}
