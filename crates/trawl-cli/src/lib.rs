//! The library behind the `trawl` command: rule packs, page inputs, output formats, the batch
//! summary and progress. Scoring (`trawl-eval`), scaffolding (`trawl-scaffold`), scrubbing
//! (`trawl-scrub`) and explaining (`trawl-explain`) are crates of their own. The binary (`main.rs`) parses arguments and renders errors; everything
//! it runs lives here so the integration tests can run it too.

pub mod archive;
pub mod bench;
pub mod docs;
pub mod extractor;
pub mod inputs;
pub mod interrupt;
pub mod output;
pub mod pack_test;
pub mod parallel;
pub mod plugin_setup;
pub mod plugin_stdio;
pub mod progress;
pub mod render;
pub mod rule_pack;
pub mod summary;
