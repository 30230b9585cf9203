//! Any text compiles as an expression or fails with errors; it never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trawl_engine::{Program, Registry};

fuzz_target!(|text: &str| {
    let _ = Program::compile(text, &Registry::standard());
});
