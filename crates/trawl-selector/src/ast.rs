//! The spanned syntax tree of a selector expression.
//!
//! Every node keeps the byte range of the text it came from, so later stages (unknown filter,
//! wrong argument count, bad CSS) can point at the exact spot in the rule file.

use std::ops::Range;

/// A byte range inside the expression text.
pub type Span = Range<usize>;

/// A whole expression: `pipeline || pipeline || ...`.
///
/// The first pipeline that yields at least one value wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    /// The alternatives, in the order they are tried.
    pub alternatives: Vec<Pipeline>,
    /// The whole expression.
    pub span: Span,
}

/// One alternative: a source and the filters applied to its values, `h1 | text | trim`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    /// Where the values come from.
    pub source: Source,
    /// Filters applied left to right.
    pub filters: Vec<Filter>,
    /// The source and its filters.
    pub span: Span,
}

/// Where a pipeline's values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What kind of source it is.
    pub kind: SourceKind,
    /// The source text.
    pub span: Span,
}

/// The kinds of source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// `article h1.headline`: elements matching a CSS selector (the default source).
    Css(String),
    /// `meta(og:title)`: the `content` of `<meta>` tags whose name, property or itemprop is the
    /// given name.
    Meta(String),
    /// `ld(NewsArticle.author.name)`: values at a key path inside JSON-LD objects whose `@type`
    /// matches a pattern (`NewsArticle`, `*Article`, `*`). Arrays and `@graph` are walked.
    JsonLd {
        /// The `@type` pattern; `*` matches any run of characters.
        type_pattern: String,
        /// The keys to follow, possibly empty (the object itself).
        path: Vec<String>,
    },
    /// `url`: the page URL.
    Url,
    /// `'text'` or `"text"`: a constant.
    Const(String),
    /// `.` (or `:scope`): the element the expression is evaluated in, such as the body root or
    /// the `each` element; nothing when there is none.
    Current,
    /// `(a | text || b | attr(title))`: the values of the first of the alternatives in
    /// parentheses that yields something, fed to the filters after the group.
    Group(Vec<Pipeline>),
}

/// A filter call: `attr(href)`, `text`, `replace('\s+', ' ')`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// The filter name as written.
    pub name: String,
    /// The span of the name alone.
    pub name_span: Span,
    /// The arguments, in order.
    pub args: Vec<Arg>,
    /// The whole call, name and arguments.
    pub span: Span,
}

/// One filter argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// The argument's text, quotes removed and `\'`/`\"` unescaped.
    pub value: String,
    /// Whether it was written in quotes.
    pub quoted: bool,
    /// Where it was written.
    pub span: Span,
}
