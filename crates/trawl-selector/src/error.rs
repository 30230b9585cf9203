//! Parse errors that point at the offending text.

use std::fmt;

use crate::ast::Span;

/// A selector expression that could not be parsed.
///
/// The span is a byte range in the expression text; callers that know where the expression
/// sits in a file shift it to a file position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong, in words a rule author understands.
    pub message: String,
    /// Where it is wrong.
    pub span: Span,
    /// What to do about it, when there is a likely fix.
    pub help: Option<String>,
}

impl ParseError {
    /// An error at `span` with no help text.
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        Self {
            message: message.into(),
            span,
            help: None,
        }
    }

    /// Adds a suggestion such as "did you mean `text`?".
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at {}..{})",
            self.message, self.span.start, self.span.end
        )?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}
