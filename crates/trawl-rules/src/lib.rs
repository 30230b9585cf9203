//! trawl site rules: one YAML file per site.
//!
//! This crate reads rule files ([`RuleFile`], [`load_dir`]), reports every problem as a
//! [`Diagnostic`] with file:line:col and a caret, finds where expressions sit in a file
//! ([`SourceText::locate`]) so the engine's compile errors point at them too, and matches
//! rules to URLs ([`SiteMatcher`]).

mod diagnostic;
mod fields;
mod hosts;
mod load;
mod locate;
mod schema;

pub use fields::{fill_order, FieldKind, FieldSpec};

pub use diagnostic::{did_you_mean, Diagnostic, SourceText};
pub use hosts::{host_problem, SiteMatcher};
pub use load::{load_dir, parse_rule, read_dir, read_source, LoadedRule};
pub use locate::Location;
pub use schema::{
    rule_schema, Body, Custom, CustomAll, CustomEach, Exprs, Fields, Images, Origin, PluginUse,
    Related, RuleFile, SitemapSource, Sources, Version, RECORD_FIELDS,
};
