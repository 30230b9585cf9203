//! Any bytes extract with a simple rule to a record or a page error; it never panics.
//! Seed the corpus with fixture pages: `cp ../tests/fixtures/*/*.html corpus/page/`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use trawl_engine::{Pack, PageInput, Registry};
use trawl_rules::SourceText;

const RULE: &str = "name: Fuzz\nhosts: [example.com]\nfields:\n  title: h1 | text || meta(og:title)\n  authors: .byline | authors\n  published: time | attr(datetime) | date\n  images:\n    each: figure\n  related:\n    each: li\n    title: a\n    url: a | attr(href) | absolute\nbody:\n  root: article, body\n  remove: [aside, .ad]\n  paragraphs: p\n";

fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| {
        let source = SourceText {
            path: "fuzz.yaml".into(),
            text: RULE.into(),
        };
        Pack::from_sources(vec![source], &Registry::standard()).expect("the fuzz rule compiles")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let input = PageInput {
        bytes,
        url: Some("https://example.com/a"),
        ..PageInput::default()
    };
    let _ = pack().extract(&input);
});
