//! A record as Markdown (CommonMark): `#` headline, the dek in italics, byline and date,
//! sub-headlines as `##`, lists, numbered lists, quotes, tables and code as Markdown writes
//! them. The record's text is untrusted: every character Markdown would read as markup is
//! escaped, so a paragraph never becomes a heading, a link or raw HTML.

use trawl_engine::{ParagraphKind, Record};

use super::{blocks, cells, clean};

/// A record as a Markdown document.
///
/// ```
/// use trawl_cli::render::markdown::render_markdown;
/// use trawl_engine::Record;
///
/// let record = Record { title: "Hello *world*".into(), authors: vec!["Ann Lee".into()], ..Record::default() };
/// assert!(render_markdown(&record).starts_with("# Hello \\*world\\*\n\nBy Ann Lee\n"));
/// ```
pub fn render_markdown(record: &Record) -> String {
    let mut out = format!("# {}\n", inline(&record.title));
    if let Some(subtitle) = &record.subtitle {
        out.push_str(&format!("\n*{}*\n", inline(subtitle)));
    }
    let byline = byline(record);
    if !byline.is_empty() {
        let mut line = byline.join(" · ");
        guard_start(&mut line);
        out.push_str(&format!("\n{line}\n"));
    }
    if !record.url.is_empty() {
        out.push_str(&format!(
            "\n<{}>\n",
            record.url.replace(['<', '>', ' '], "")
        ));
    }
    for paragraph in &record.body.summary {
        out.push_str(&format!("\n**{}**\n", inline(paragraph)));
    }
    for section in &record.body.sections {
        for headline in &section.headline {
            out.push_str(&format!("\n## {}\n", inline(headline)));
        }
        for block in blocks(section) {
            out.push('\n');
            out.push_str(&block_markdown(block.kind, &block.lines));
        }
    }
    if !record.topics.is_empty() {
        let topics: Vec<String> = record.topics.iter().map(|t| inline(t)).collect();
        out.push_str(&format!("\nTopics: {}\n", topics.join(", ")));
    }
    out
}

/// Authors, publisher and dates, each escaped.
fn byline(record: &Record) -> Vec<String> {
    let mut byline = Vec::new();
    if !record.authors.is_empty() {
        let authors: Vec<String> = record.authors.iter().map(|a| inline(a)).collect();
        byline.push(format!("By {}", authors.join(", ")));
    }
    if let Some(publisher) = &record.publisher {
        byline.push(inline(publisher));
    }
    if let Some(published) = &record.published {
        byline.push(inline(published));
    }
    if let Some(modified) = &record.modified {
        byline.push(format!("updated {}", inline(modified)));
    }
    byline
}

/// One block of the body.
fn block_markdown(kind: ParagraphKind, lines: &[&str]) -> String {
    match kind {
        ParagraphKind::ListItem => lines.iter().map(|l| format!("- {}\n", block(l))).collect(),
        ParagraphKind::NumberedItem => lines
            .iter()
            .enumerate()
            .map(|(n, l)| format!("{}. {}\n", n + 1, block(l)))
            .collect(),
        ParagraphKind::Quote | ParagraphKind::Embed => lines
            .iter()
            .map(|l| format!("> {}\n", block(l)))
            .collect::<Vec<_>>()
            .join(">\n"),
        ParagraphKind::TableRow => table(lines),
        ParagraphKind::Code => code(lines.concat().as_str()),
        ParagraphKind::Paragraph => lines.iter().map(|l| format!("{}\n", block(l))).collect(),
    }
}

/// Table rows as a pipe table, the first row its header.
fn table(rows: &[&str]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| cells(row).iter().map(|c| inline(c)).collect())
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(1);
    let line = |cells: &[String]| {
        let mut cells = cells.to_vec();
        cells.resize(width, String::new());
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = line(&rows[0]);
    out.push_str(&format!("|{}\n", " --- |".repeat(width)));
    for row in &rows[1..] {
        out.push_str(&line(row));
    }
    out
}

/// Code in a fence longer than any run of backticks it holds.
fn code(text: &str) -> String {
    let text = clean(text, true);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}\n{}\n{fence}\n", text.trim_end_matches('\n'))
}

/// Text escaped for a heading or inside a line: every ASCII punctuation mark that can start
/// markup is backslash-escaped.
fn inline(text: &str) -> String {
    escape(text, false)
}

/// Text escaped for the start of a block (a paragraph, a list item, a quote): as [`inline`],
/// and a start that would open a list or an underline too.
fn block(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, block_start: bool) -> String {
    let text = clean(text, false);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    if block_start {
        guard_start(&mut out);
    }
    out
}

/// Escapes a line start that would open a list item or make an underline: `-`, `+`, `=`,
/// `1.`, `1)`.
fn guard_start(line: &mut String) {
    if line.starts_with(['-', '+', '=']) {
        line.insert(0, '\\');
    } else if let Some(end) = line.find(|c: char| !c.is_ascii_digit()).filter(|&n| n > 0) {
        if line[end..].starts_with(['.', ')']) {
            line.insert(end, '\\');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_the_text_stays_text() {
        assert_eq!(block("# not a heading"), "\\# not a heading");
        assert_eq!(block("- not a list"), "\\- not a list");
        assert_eq!(block("1984. A year"), "1984\\. A year");
        assert_eq!(inline("16.05 Uhr"), "16.05 Uhr");
        assert_eq!(
            inline("<script>x</script> [a](javascript:x)"),
            "\\<script\\>x\\</script\\> \\[a\\](javascript:x)"
        );
        assert_eq!(inline("a\nb\u{1b}c"), "a bc");
    }

    #[test]
    fn code_fences_outgrow_the_code() {
        assert_eq!(code("a ``` b"), "````\na ``` b\n````\n");
    }
}
