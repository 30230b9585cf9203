//! One page to one record, as every front end does it: the rule pack (and the generic
//! extractor where it has no answer), the check that the page holds an article, then the
//! plugins, and [`sanitise`] on what they return. `trawl extract`, `trawl fetch --extract`,
//! `trawl crawl --extract` and the Python package all go through [`Extractor::extract`].

use trawl_engine::{sanitise, Pack, PageInput, Record};

use crate::failure::{Cause, Failure};
use crate::page::{extract_page, Mode, Outcome};
use crate::plugins::Plugins;

/// What turns one page into a record: the pack, the generic extractor as `mode` says, then
/// the plugins.
///
/// ```
/// use trawl::{Extractor, PackOrigin, PageInput};
///
/// let (pack, _) = trawl::load_pack(&PackOrigin::Bundled).unwrap();
/// let page = b"<html><head><title>Harbour strike ends</title></head><body>\
///     <h1>Harbour strike ends</h1><div class=story>\
///     <p>The strike ended on Tuesday, after the council and the union agreed on pay.</p>\
///     <p>Work at the harbour starts again on Monday, with the night shift first.</p>\
///     </div></body></html>";
/// let input = PageInput { bytes: page, url: Some("https://example.org/strike"), ..PageInput::default() };
/// let record = Extractor::new(&pack).extract(input, "strike.html").unwrap();
/// assert_eq!(record.title, "Harbour strike ends");
/// assert_eq!(record.site, "generic");
/// ```
#[derive(Clone, Copy)]
pub struct Extractor<'a> {
    /// The rules.
    pub pack: &'a Pack,
    /// The plugins loaded, if any.
    pub plugins: Option<&'a Plugins>,
    /// When the generic extractor reads a page: pages no rule serves, and the title or body
    /// a rule left empty, by default.
    pub mode: Mode,
}

impl<'a> Extractor<'a> {
    /// An extractor with the rules of `pack`, the generic extractor as a fallback and no
    /// plugins.
    pub fn new(pack: &'a Pack) -> Self {
        Extractor {
            pack,
            plugins: None,
            mode: Mode::default(),
        }
    }

    /// The same extractor, running `plugins` on every record (those its rule names, and
    /// those `plugins` runs always).
    pub fn with_plugins(self, plugins: &'a Plugins) -> Self {
        Extractor {
            plugins: Some(plugins),
            ..self
        }
    }

    /// The same extractor, using the generic extractor as `mode` says.
    pub fn with_mode(self, mode: Mode) -> Self {
        Extractor { mode, ..self }
    }

    /// One page's record, or why there is none; `label` names the page in the message.
    /// A page from which neither a title nor a body came is not an article.
    pub fn extract(&self, page: PageInput<'_>, label: &str) -> Result<Record, Failure> {
        let Outcome { record, rule, .. } = extract_page(self.pack, &page, self.mode)
            .map_err(|error| Failure::new(label, Cause::of(&error), error))?;
        if !record.has_article() {
            return Err(Failure::new(
                label,
                Cause::NoArticle,
                format_args!("no article found: `{}` found no title and no body; is this an article page? (`trawl explain` shows what each field took)", record.site),
            ));
        }
        let Some(plugins) = self.plugins else {
            return Ok(record);
        };
        let rule_plugins = rule.map(|rule| rule.plugins.as_slice()).unwrap_or_default();
        let mut record = plugins.host.apply(record, rule_plugins, &plugins.always);
        sanitise(&mut record);
        Ok(record)
    }
}
