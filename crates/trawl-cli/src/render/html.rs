//! A record as a clean article in HTML: `<article>` with the headline, dek, byline, date and
//! the body as `<p>`, `<h2>`, `<ul>`, `<ol>`, `<blockquote>`, `<table>` and `<pre>`. No
//! script, no style, no attribute but a link's `href` and a date's `datetime`. The record's
//! text is untrusted: all of it is escaped.

use trawl_engine::{ParagraphKind, Record};

use super::{blocks, cells, clean};

/// The start of a document of articles, up to `<body>`.
pub fn document_start(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n</head>\n<body>\n",
        escape(title)
    )
}

/// The end of a document of articles.
pub const DOCUMENT_END: &str = "</body>\n</html>\n";

/// A record as one `<article>` element.
///
/// ```
/// use trawl_cli::render::html::render_article;
/// use trawl_engine::Record;
///
/// let record = Record { title: "<b>Hi</b> & bye".into(), ..Record::default() };
/// assert!(render_article(&record).contains("<h1>&lt;b&gt;Hi&lt;/b&gt; &amp; bye</h1>"));
/// ```
pub fn render_article(record: &Record) -> String {
    let mut out = String::from("<article>\n<header>\n");
    out.push_str(&format!("<h1>{}</h1>\n", escape(&record.title)));
    if let Some(subtitle) = &record.subtitle {
        out.push_str(&format!("<p class=\"dek\">{}</p>\n", escape(subtitle)));
    }
    if !record.authors.is_empty() || record.publisher.is_some() {
        let mut byline = Vec::new();
        if !record.authors.is_empty() {
            let authors: Vec<String> = record.authors.iter().map(|a| escape(a)).collect();
            byline.push(format!("By {}", authors.join(", ")));
        }
        if let Some(publisher) = &record.publisher {
            byline.push(escape(publisher));
        }
        out.push_str(&format!("<p class=\"byline\">{}</p>\n", byline.join(" · ")));
    }
    if let Some(published) = &record.published {
        let published = escape(published);
        out.push_str(&format!(
            "<p class=\"date\"><time datetime=\"{published}\">{published}</time></p>\n"
        ));
    }
    if !record.url.is_empty() {
        let url = escape(&record.url);
        out.push_str(&format!(
            "<p class=\"source\"><a href=\"{url}\">{url}</a></p>\n"
        ));
    }
    out.push_str("</header>\n");
    for paragraph in &record.body.summary {
        out.push_str(&format!("<p class=\"summary\">{}</p>\n", escape(paragraph)));
    }
    for section in &record.body.sections {
        out.push_str("<section>\n");
        for headline in &section.headline {
            out.push_str(&format!("<h2>{}</h2>\n", escape(headline)));
        }
        for block in blocks(section) {
            out.push_str(&block_html(block.kind, &block.lines));
        }
        out.push_str("</section>\n");
    }
    out.push_str("</article>\n");
    out
}

/// One block of the body.
fn block_html(kind: ParagraphKind, lines: &[&str]) -> String {
    let items = |tag: &str| -> String {
        lines
            .iter()
            .map(|l| format!("<{tag}>{}</{tag}>\n", escape(l)))
            .collect()
    };
    match kind {
        ParagraphKind::Paragraph => items("p"),
        ParagraphKind::ListItem => format!("<ul>\n{}</ul>\n", items("li")),
        ParagraphKind::NumberedItem => format!("<ol>\n{}</ol>\n", items("li")),
        ParagraphKind::Quote => format!("<blockquote>\n{}</blockquote>\n", items("p")),
        ParagraphKind::Embed => {
            format!(
                "<blockquote class=\"embed\">\n{}</blockquote>\n",
                items("p")
            )
        }
        ParagraphKind::Code => {
            let code = clean(&lines.concat(), true);
            format!("<pre><code>{}</code></pre>\n", escape_raw(&code))
        }
        ParagraphKind::TableRow => {
            let rows: String = lines
                .iter()
                .map(|row| {
                    let cells: String = cells(row)
                        .iter()
                        .map(|c| format!("<td>{}</td>", escape(c)))
                        .collect();
                    format!("<tr>{cells}</tr>\n")
                })
                .collect();
            format!("<table>\n{rows}</table>\n")
        }
    }
}

/// Text as HTML text or a quoted attribute value: control characters dropped, line breaks
/// made spaces, `& < > " '` escaped.
///
/// ```
/// assert_eq!(trawl_cli::render::html::escape("\"a\" <b> & 'c'"), "&quot;a&quot; &lt;b&gt; &amp; &#39;c&#39;");
/// ```
pub fn escape(text: &str) -> String {
    escape_raw(&clean(text, false))
}

/// `& < > " '` escaped, nothing else changed.
fn escape_raw(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
