//! Page to article record, in one place: every front end of trawl (the `trawl` command, the
//! Python package) is a thin layer over this crate.
//!
//! - [`Extractor`]: one page's record, from the rule serving its host, with the generic
//!   extractor where no rule serves it or a rule comes back empty ([`Mode`]), the check that
//!   the page holds an article, the plugins, and sanitising.
//! - [`load_pack`] and [`PackOrigin`]: the rules to use, a folder's over the bundled pack.
//! - [`Plugins`]: the plugin libraries of a run, in child processes or in process.
//! - [`inputs`] and [`archive`]: pages from files, folders, standard input and web archives.
//! - [`Failure`] and [`Cause`]: why a page gave no record, as a batch counts them.
//!
//! ```
//! use trawl::{Extractor, PackOrigin, PageInput};
//!
//! let (pack, _) = trawl::load_pack(&PackOrigin::Bundled).unwrap();
//! let page = std::fs::read("../../tests/fixtures/yahoo.com/seed-2022-01-28.html").unwrap();
//! let input = PageInput {
//!     bytes: &page,
//!     url: Some("https://news.yahoo.com/dont-want-wars-russia-sends-093000000.html"),
//!     ..PageInput::default()
//! };
//! let record = Extractor::new(&pack).extract(input, "seed-2022-01-28.html").unwrap();
//! assert!(record.title.starts_with("'We don't want wars'"), "{}", record.title);
//! ```

pub mod archive;
mod extractor;
mod failure;
pub mod inputs;
mod pack;
mod page;
pub mod parallel;
mod plugins;

pub use extractor::Extractor;
pub use failure::{Cause, Failure};
pub use pack::{
    bundled_sources, by_file, load_pack, load_pack_strict, LoadError, PackOrigin, RULES_ENV,
};
pub use page::{extract_page, extract_parsed_page, Mode, Outcome};
pub use plugins::{
    default_plugin_dir, list_plugins, load_plugins, PluginMode, Plugins, DEFAULT_TIMEOUT,
    PLUGIN_HOST_COMMAND,
};
pub use trawl_engine::{Pack, PageInput, Record};
