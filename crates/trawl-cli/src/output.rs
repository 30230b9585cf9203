//! Output formats for records: JSON Lines, a JSON array, YAML documents, readable text,
//! Markdown, an HTML page of articles.

use std::io::{self, Write};

use clap::ValueEnum;
use trawl_engine::Record;

use crate::render::html::{document_start, render_article, DOCUMENT_END};
use crate::render::markdown::render_markdown;

/// How records are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// One JSON object a line.
    #[default]
    Jsonl,
    /// One pretty JSON array of all records.
    Json,
    /// YAML documents separated by `---`.
    Yaml,
    /// A readable article: title, byline, date, paragraphs.
    Text,
    /// Markdown: `#` headline, byline, `##` sub-headlines, lists, quotes, tables, code;
    /// records separated by `---`.
    #[value(alias = "md")]
    Markdown,
    /// One HTML page, an `<article>` per record; all text escaped.
    Html,
}

/// Writes records one at a time in a format.
pub struct RecordWriter<W: Write> {
    out: W,
    format: Format,
    count: usize,
}

impl<W: Write> RecordWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W, format: Format) -> Self {
        Self {
            out,
            format,
            count: 0,
        }
    }

    /// Writes one record.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        let first = self.count == 0;
        self.count += 1;
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, record)?;
                writeln!(self.out)
            }
            Format::Json => {
                write!(self.out, "{}", if first { "[\n" } else { ",\n" })?;
                serde_json::to_writer_pretty(&mut self.out, record)?;
                Ok(())
            }
            Format::Yaml => {
                writeln!(self.out, "---")?;
                let yaml = serde_yaml::to_string(record).map_err(io::Error::other)?;
                write!(self.out, "{yaml}")
            }
            Format::Text => {
                if !first {
                    writeln!(self.out, "\n{}\n", "=".repeat(72))?;
                }
                write!(self.out, "{}", render_text(record))
            }
            Format::Markdown => {
                if !first {
                    writeln!(self.out, "\n---\n")?;
                }
                write!(self.out, "{}", render_markdown(record))
            }
            Format::Html => {
                if first {
                    write!(self.out, "{}", document_start(&record.title))?;
                }
                write!(self.out, "{}", render_article(record))
            }
        }
    }

    /// Ends the output (closes the JSON array, the HTML page) and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        if self.format == Format::Json {
            writeln!(self.out, "{}", if self.count == 0 { "[]" } else { "\n]" })?;
        }
        if self.format == Format::Html && self.count > 0 {
            write!(self.out, "{DOCUMENT_END}")?;
        }
        self.out.flush()
    }
}

/// A record as a readable article.
///
/// ```
/// use trawl_cli::output::render_text;
/// use trawl_engine::Record;
///
/// let record = Record { title: "Hello".into(), authors: vec!["Ann Lee".into()], ..Record::default() };
/// assert!(render_text(&record).starts_with("Hello\n=====\nBy Ann Lee\n"));
///
/// // Terminal escapes never come through.
/// let record = Record { title: "\u{1b}]0;pwned\u{7}Hi".into(), ..Record::default() };
/// assert!(render_text(&record).starts_with("]0;pwnedHi\n"));
/// ```
pub fn render_text(record: &Record) -> String {
    let mut text = format!(
        "{}\n{}\n",
        record.title,
        "=".repeat(record.title.chars().count())
    );
    if let Some(subtitle) = &record.subtitle {
        text.push_str(&format!("{subtitle}\n"));
    }
    let mut byline = Vec::new();
    if !record.authors.is_empty() {
        byline.push(format!("By {}", record.authors.join(", ")));
    }
    if let Some(publisher) = &record.publisher {
        byline.push(publisher.clone());
    }
    if let Some(published) = &record.published {
        byline.push(published.clone());
    }
    if !byline.is_empty() {
        text.push_str(&byline.join(" | "));
        text.push('\n');
    }
    if !record.url.is_empty() {
        text.push_str(&format!("{}\n", record.url));
    }
    for paragraph in &record.body.summary {
        text.push_str(&format!("\n{paragraph}\n"));
    }
    for section in &record.body.sections {
        for headline in &section.headline {
            text.push_str(&format!("\n## {headline}\n"));
        }
        for paragraph in &section.paragraphs {
            text.push_str(&format!("\n{paragraph}\n"));
        }
    }
    if !record.topics.is_empty() {
        text.push_str(&format!("\nTopics: {}\n", record.topics.join(", ")));
    }
    // Fields a plugin set are not normalised: no control character (ESC starts a terminal
    // escape sequence) reaches a terminal.
    text.chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect()
}
