//! The library behind the `trawl` command: output formats, the batch summary, progress, the
//! pack tests. Page to record is the `trawl` crate; scoring (`trawl-eval`), scaffolding
//! (`trawl-scaffold`), scrubbing (`trawl-scrub`) and explaining (`trawl-explain`) are crates
//! of their own. The binary (`main.rs`) parses arguments and renders errors; everything it
//! runs lives here so the integration tests can run it too.

pub mod bench;
pub mod docs;
pub mod interrupt;
pub mod output;
pub mod pack_test;
pub mod plugin_stdio;
pub mod progress;
pub mod render;
pub mod summary;
