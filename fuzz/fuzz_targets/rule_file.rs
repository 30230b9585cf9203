//! Any text loads as a rule file or fails with diagnostics that render; it never panics.
//! Seed the corpus with the bundled rules: `cp ../rules/*.yaml corpus/rule_file/`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trawl_engine::{Pack, Registry};
use trawl_rules::SourceText;

fuzz_target!(|text: &str| {
    let source = SourceText {
        path: "fuzz.yaml".into(),
        text: text.into(),
    };
    let (_, errors) = Pack::partial_from_sources(vec![source], &Registry::standard());
    for error in errors {
        let _ = error.to_string();
    }
});
