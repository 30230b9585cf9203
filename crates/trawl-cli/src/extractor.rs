//! One page to one record, as every front end does it: the rule pack (and the generic
//! extractor where it has no answer), the check that the page holds an article, then the
//! plugins, and [`sanitise`] on what they return. `trawl extract`, `trawl fetch --extract`
//! and the Python package share it.

use trawl_engine::{sanitise, Pack, PageInput, Record};
use trawl_generic::{extract_page, Mode, Outcome};

use crate::plugin_setup::Plugins;
use crate::summary::{Cause, Failure};

/// What turns one page into a record: the pack, then the plugins.
pub struct Extractor<'a> {
    /// The rules.
    pub pack: &'a Pack,
    /// The plugins loaded.
    pub plugins: &'a Plugins,
    /// When the generic extractor reads a page: pages no rule serves, and the title or body
    /// a rule left empty, by default.
    pub mode: Mode,
}

impl Extractor<'_> {
    /// One page's record, or why there is none; `label` names the page in the message.
    /// A page from which the rule got neither a title nor a body is not an article.
    pub fn extract(&self, page: PageInput<'_>, label: &str) -> Result<Record, Failure> {
        let Outcome { record, rule, .. } = extract_page(self.pack, &page, self.mode)
            .map_err(|error| Failure::new(label, Cause::of(&error), error))?;
        if record.title.is_empty() && record.body.paragraphs().next().is_none() {
            return Err(Failure::new(
                label,
                Cause::NoArticle,
                format_args!("no article found: `{}` found no title and no body; is this an article page? (`trawl explain` shows what each field took)", record.site),
            ));
        }
        let rule_plugins = rule.map(|rule| rule.plugins.as_slice()).unwrap_or_default();
        let mut record = self
            .plugins
            .host
            .apply(record, rule_plugins, &self.plugins.always);
        sanitise(&mut record);
        Ok(record)
    }
}
