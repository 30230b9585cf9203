//! Translating other tools' site rules into trawl rules.
//!
//! [`import_ftr`] turns one FiveFilters site config (`ftr-site-config`, public domain) into a
//! trawl rule: XPath becomes CSS ([`xpath::translate`]), each directive's fate (translated,
//! approximated, dropped and why) is written beside it as a comment, and the rule's `origin:`
//! key says where it came from. [`Report`] counts a run.
//!
//! ```
//! use trawl_import::{import_ftr, Tier};
//!
//! let config = "title: //h1\nbody: //div[@class='story']\nstrip_id_or_class: share\ntest_url: https://example.com/a\n";
//! let imported = import_ftr("example.com.txt", config);
//! assert_eq!(imported.tier, Tier::Full);
//! let rule = imported.rule.unwrap();
//! assert!(rule.contains("root: 'div[class=\"story\"]'"), "{rule}");
//! ```

pub mod ftr;
mod report;
mod rule;
pub mod xpath;

pub use report::Report;
pub use rule::{import_ftr, Imported, Tier};
