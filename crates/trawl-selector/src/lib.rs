//! The trawl selector language.
//!
//! An expression is a **source** followed by a pipe of **filters**, with `||` between
//! alternatives: the first alternative that yields a value wins.
//!
//! ```text
//! meta(og:title) || article h1.headline | text
//! ld(NewsArticle.datePublished) || time[datetime] | attr(datetime) | date
//! .byline a | text | authors
//! ```
//!
//! Sources: a CSS selector (the default), `meta(name)`, `ld(Type.path)`, `url`, and quoted
//! constants. This crate only parses: it knows nothing of HTML or of which filters exist; the
//! engine resolves filter names and compiles CSS when rules are loaded.

mod ast;
mod error;
mod parser;

pub use ast::{Arg, Expr, Filter, Pipeline, Source, SourceKind, Span};
pub use error::ParseError;
pub use parser::parse;
