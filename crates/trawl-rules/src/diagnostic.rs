//! Errors in rule files, with file, line, column and the offending line.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// One problem in a rule file, pointing at the spot.
///
/// `{}` renders it the way a compiler would:
///
/// ```text
/// error: unknown filter `txt`
///   --> rules/example.com.yaml:7:19
///    |
///  7 |   title: h1 | txt
///    |               ^^^ did you mean `text`?
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong.
    pub message: String,
    /// The rule file.
    pub file: PathBuf,
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column, in characters.
    pub column: usize,
    /// The text of that line.
    pub source_line: String,
    /// How many characters to underline (at least one).
    pub width: usize,
    /// A likely fix.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem at byte range `span` of `source`.
    pub fn at(source: &SourceText, span: Range<usize>, message: impl Into<String>) -> Self {
        let text = &source.text;
        // Spans from elsewhere may end inside a character; round them down to one.
        let floor = |mut offset: usize| {
            offset = offset.min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            offset
        };
        let start = floor(span.start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let end = floor(span.end).clamp(start, line_end);
        Self {
            message: message.into(),
            file: source.path.clone(),
            line,
            column,
            source_line: text[line_start..line_end].trim_end_matches('\r').to_owned(),
            width: text[start..end].chars().count().max(1),
            help: None,
        }
    }

    /// A problem at a 1-based line and column, as YAML parsers report them.
    pub fn at_line(
        source: &SourceText,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let offset = source
            .text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let line_text = source.text[offset..].lines().next().unwrap_or("");
        let column_bytes: usize = line_text
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        Self::at(
            source,
            offset + column_bytes..offset + column_bytes,
            message,
        )
    }

    /// A problem with a whole file (it cannot be read), shown at its first line.
    pub fn whole_file(file: PathBuf, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            file,
            line: 1,
            column: 1,
            source_line: String::new(),
            width: 1,
            help: None,
        }
    }

    /// Adds a suggestion.
    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        writeln!(f, "error: {}", self.message)?;
        writeln!(
            f,
            "{gutter}--> {}:{}:{}",
            self.file.display(),
            self.line,
            self.column
        )?;
        writeln!(f, "{gutter} |")?;
        writeln!(f, "{number} | {}", self.source_line)?;
        let pad: String = self
            .source_line
            .chars()
            .take(self.column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(f, "{gutter} | {pad}{}", "^".repeat(self.width))?;
        if let Some(help) = &self.help {
            write!(f, " {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// A rule file's path and text, shared by everything compiled from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// Where it was read from (or a label such as `<embedded>/yahoo.com.yaml`).
    pub path: PathBuf,
    /// Its full text.
    pub text: Arc<str>,
}

/// Suggests the closest of `candidates` to a misspelt `name`, as "did you mean `x`?".
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| format!("did you mean `{candidate}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceText {
        SourceText {
            path: "rules/example.com.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn renders_line_column_and_caret() {
        let src = source("name: X\nfields:\n  title: h1 | txt\n");
        let start = src.text.find("txt").unwrap();
        let diagnostic = Diagnostic::at(&src, start..start + 3, "unknown filter `txt`")
            .with_help(did_you_mean("txt", ["text", "trim"]));
        assert_eq!((diagnostic.line, diagnostic.column), (3, 15));
        assert_eq!(
            diagnostic.to_string(),
            "error: unknown filter `txt`\n --> rules/example.com.yaml:3:15\n  |\n3 |   title: h1 | txt\n  |               ^^^ did you mean `text`?"
        );
    }

    #[test]
    fn line_and_column_positions_round_trip() {
        let src = source("a: 1\nbé: 2\n");
        let diagnostic = Diagnostic::at_line(&src, 2, 4, "bad");
        assert_eq!((diagnostic.line, diagnostic.column), (2, 4));
        assert_eq!(diagnostic.source_line, "bé: 2");
    }

    #[test]
    fn suggestions_only_for_close_names() {
        assert_eq!(
            did_you_mean("titel", ["title", "body"]).unwrap(),
            "did you mean `title`?"
        );
        assert_eq!(did_you_mean("zzz", ["title", "body"]), None);
    }
}
