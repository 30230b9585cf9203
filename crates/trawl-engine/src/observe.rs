//! Watching an extraction as it runs: what `trawl explain` records, from the same code that
//! fills the record. Extraction passes every step to an [`Observer`]; [`Silent`] ignores
//! them, so extracting without one costs nothing.

use std::collections::HashSet;

use ego_tree::NodeId;

use crate::program::Program;
use crate::value::Value;

/// Told each step of an extraction, in the order it runs.
///
/// Calls nest as field → expression → alternative → step: a field starts, then each of its
/// expressions that runs, each alternative of its `||` chain that is tried, and the values
/// after its source and after each filter. A field can start again later (the body reads
/// paragraphs and headlines root by root); its expressions then continue the same field.
/// Expressions inside a group `(a || b)` and the `when` of versions are not reported.
pub trait Observer {
    /// A field starts: `title`, `body.paragraphs`, `images.each`, `extra.section`.
    fn field(&mut self, _name: &str) {}
    /// One expression of the current field runs.
    fn expression(&mut self, _program: &Program) {}
    /// Alternative `index` of the current expression is tried.
    fn alternative(&mut self, _index: usize) {}
    /// The values after step `index` of the current alternative: 0 is its source, then each
    /// filter in turn. Empty values are still there; they are dropped at the end.
    fn step(&mut self, _index: usize, _values: &[Value<'_>]) {}
    /// The elements the source read when they are not its values: the `<meta>` tags of
    /// `meta(...)`, the `<script>` blocks of `ld(...)`.
    fn sources(&mut self, _elements: &[NodeId]) {}
    /// The current alternative yielded `values` (empty ones dropped); the expression ends.
    fn matched(&mut self, _values: &[Value<'_>]) {}
    /// The elements the body leaves out (`remove`).
    fn removed(&mut self, _elements: &HashSet<NodeId>) {}
    /// The final value of `field` in the record, built only when asked for.
    fn value(&mut self, _field: &str, _value: &dyn Fn() -> serde_json::Value) {}
}

/// The observer of plain extraction: ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {}
