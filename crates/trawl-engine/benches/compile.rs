//! How long a rule pack takes to compile: one rule file of 20,000 fields, the case that once
//! took 36 s because every expression was looked for from the start of the file.
//!
//! `cargo bench -p trawl-engine --bench compile` prints the best of five rounds; a release
//! build compiles it in well under a second.

use std::time::{Duration, Instant};

use trawl_engine::{Pack, Registry};
use trawl_rules::SourceText;

const FIELDS: usize = 20_000;
const ROUNDS: usize = 5;

#[allow(clippy::print_stdout)] // a benchmark's report is its output
fn main() {
    let mut text = String::from("name: A\nhosts: [a.com]\nfields:\n  title: h1\nextra:\n");
    for i in 0..FIELDS {
        text.push_str(&format!("  f{i}: h1 | text\n"));
    }
    let source = SourceText {
        path: "a.yaml".into(),
        text: text.into(),
    };
    let registry = Registry::standard();
    let mut best = Duration::MAX;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let pack = Pack::from_sources(vec![source.clone()], &registry);
        best = best.min(started.elapsed());
        assert!(pack.is_ok(), "the benchmark rule compiles");
    }
    println!(
        "compile: one rule of {FIELDS} fields in {:.1} ms (best of {ROUNDS})",
        best.as_secs_f64() * 1000.0
    );
}
