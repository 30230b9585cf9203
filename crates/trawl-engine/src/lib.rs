//! The trawl engine: from page bytes to a canonical article record.
//!
//! ```
//! use trawl_engine::{Pack, PageInput, Registry};
//! use trawl_rules::SourceText;
//!
//! let rule = SourceText {
//!     path: "example.com.yaml".into(),
//!     text: "name: Example\nhosts: [example.com]\nfields:\n  title: h1 | text\nbody:\n  root: article\n".into(),
//! };
//! let pack = Pack::from_sources(vec![rule], &Registry::standard()).unwrap();
//! let page = b"<h1>Hello</h1><article><p>First.</p><p>Second.</p></article>";
//! let input = PageInput { bytes: page, url: Some("https://www.example.com/a"), ..PageInput::default() };
//! let extraction = pack.extract(&input).unwrap();
//! let record = extraction.record;
//! assert_eq!(extraction.rule.name, "Example");
//! assert_eq!(record.title, "Hello");
//! assert_eq!(record.body.paragraphs().collect::<Vec<_>>(), ["First.", "Second."]);
//! ```

mod authors;
mod body;
mod compile;
mod css;
mod date;
mod decode;
mod extract;
mod fields;
mod filters;
mod jsonld;
#[cfg(test)]
mod language_tests;
#[cfg(test)]
mod normaliser_tests;
mod normalize;
mod observe;
mod pack;
mod page;
mod parse;
mod plugins;
mod program;
mod record;
mod record_fields;
mod rule;
mod sanitise;
mod value;
mod warning;

pub use authors::{split_authors, split_authors_with, AuthorOptions, Dropped};
pub use css::parse_css;
pub use date::{parse_date, DateError};
pub use decode::{
    decode_html, read_limited, read_page, read_page_limited, Decoded, PageTooLarge,
    DEFAULT_MAX_PAGE_SIZE,
};
pub use extract::{version_fits, Extraction, PageError, PageInput};
pub use filters::{
    filter, keep, map_text, ArgError, Args, Example, FilterFn, FilterSpec, Registry,
};
pub use jsonld::type_matches;
pub use normalize::normalize_text;
pub use observe::{Observer, Silent};
pub use pack::{Pack, PackError, Unusable};
pub use page::{Fragments, Page};
pub use parse::{parse_html, MAX_DEPTH};
pub use plugins::{
    find_plugin, name_from_file, plugin_files, serve_plugins, IsolatedConfig, LoadedPlugin,
    PluginError, PluginHost, PluginInfo, PluginSummary,
};
pub use program::{Program, Step};
pub use record::{Body, Image, MadeBy, ParagraphKind, Record, Related, Section};
pub use rule::{
    BodyProgram, CustomProgram, FieldPrograms, ImagesProgram, Programs, RelatedProgram, Rule,
    RuleVersion,
};
pub use sanitise::{sanitise, web_link};
pub use value::{element_text, own_text, Text, Value};
pub use warning::Warning;
