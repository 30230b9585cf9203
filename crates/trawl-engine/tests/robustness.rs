//! Property tests on stable Rust: random and mutated expressions, rule files (from the bundled
//! rules) and pages go through compiling, loading and extracting without a panic, and no
//! case is slow.
//!
//! The inputs come from a small seeded generator, so a failure names the seed and case that
//! reproduce it (`TRAWL_FUZZ_SEED=N`, `TRAWL_FUZZ_CASES=N` for longer runs). `fuzz/` holds
//! cargo-fuzz targets for the same three properties, for runs of hours on nightly.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use trawl_engine::{Pack, PageInput, Program, Registry};
use trawl_rules::SourceText;

/// A case slower than this is run again; slow twice, it fails the test. Typical cases take
/// milliseconds unoptimised, so only a blow-up (backtracking, a quadratic step) reaches it.
const SLOW: Duration = Duration::from_secs(if cfg!(debug_assertions) { 3 } else { 1 });

/// xorshift64*: small, seeded, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn seed() -> u64 {
    std::env::var("TRAWL_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7)
}

fn cases(default: usize) -> usize {
    std::env::var("TRAWL_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled rule files, as sources.
fn bundled_rules() -> Vec<SourceText> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(workspace().join("rules"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| SourceText {
            text: std::fs::read_to_string(&path).unwrap().into(),
            path,
        })
        .collect()
}

/// Runs every case, catching panics and timing each; fails naming every panicking or slow
/// case. A slow case is run a second time, so one scheduling hiccup is not a failure.
fn check_all<T: std::fmt::Debug>(what: &str, inputs: Vec<T>, run: impl Fn(&T)) {
    let mut failures = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let timed = || {
            let start = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| run(input)));
            (outcome, start.elapsed())
        };
        let (outcome, took) = timed();
        if outcome.is_err() {
            failures.push(format!("case {index} panicked: {input:?}"));
        } else if took > SLOW {
            let (_, again) = timed();
            if again > SLOW {
                failures.push(format!(
                    "case {index} took {took:?} and {again:?}: {input:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{what} (seed {}): {} of {} cases failed:\n{}",
        seed(),
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
}

/// Pieces of the selector language, for building expressions.
const TOKENS: &[&str] = &[
    "h1",
    "p",
    "div.a",
    "#id",
    "a[href]",
    "[data-x=\"y\"]",
    " ",
    " | ",
    " || ",
    "(",
    ")",
    ",",
    "'",
    "\"",
    "text",
    "attr(href)",
    "meta(og:title)",
    "ld(NewsArticle.headline)",
    "json(a.b)",
    "absolute",
    "date",
    "authors",
    "authors(keep_case)",
    "split(',')",
    "nth(0)",
    "first",
    "without(title)",
    "parse_html",
    "select(p)",
    "following(h2)",
    "until(h3)",
    ".",
    "*",
    ":",
    "::",
    ">",
    "+",
    "~",
    "\\",
    "\n",
    "{",
    "}",
    "é",
    "\u{0}",
    "title",
    "=",
    "!",
    "::text",
];

/// A random expression of pieces of the language.
fn random_expression(rng: &mut Rng) -> String {
    let len = 1 + rng.below(12);
    (0..len).map(|_| *rng.pick(TOKENS)).collect()
}

/// `text` changed in one to four places: a character deleted, doubled or replaced by a
/// token, a span cut out or repeated.
fn mutate(rng: &mut Rng, text: &str, extra: &[&str]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(5) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 if at < chars.len() => chars.insert(at, chars[at]),
            2 => {
                let token = if extra.is_empty() || rng.below(2) == 0 {
                    rng.pick(TOKENS)
                } else {
                    rng.pick(extra)
                };
                chars.splice(at..at, token.chars());
            }
            3 => {
                let end = (at + rng.below(40)).min(chars.len());
                chars.drain(at..end);
            }
            _ => {
                let end = (at + rng.below(40)).min(chars.len());
                let span: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, span);
            }
        }
    }
    chars.into_iter().collect()
}

/// The expressions of the bundled rules (the values after `key:` that compile).
fn bundled_expressions(rules: &[SourceText], registry: &Registry) -> Vec<String> {
    rules
        .iter()
        .flat_map(|rule| rule.text.lines().map(str::to_owned).collect::<Vec<_>>())
        .filter_map(|line| {
            let (_, value) = line.split_once(": ")?;
            let value = value.trim().trim_matches('\'').to_owned();
            Program::compile(&value, registry).ok().map(|_| value)
        })
        .collect()
}

// Random and mutated expressions compile or fail with errors; none panics or backtracks.
#[test]
fn expressions_never_panic_or_blow_up() {
    let registry = Registry::standard();
    let known = bundled_expressions(&bundled_rules(), &registry);
    assert!(known.len() > 100, "{}", known.len());
    let mut rng = Rng::new(seed());
    let inputs: Vec<String> = (0..cases(3000))
        .map(|i| match i % 3 {
            0 => random_expression(&mut rng),
            _ => {
                let base = rng.pick(&known).clone();
                mutate(&mut rng, &base, &[])
            }
        })
        .collect();
    check_all("expressions", inputs, |text| {
        let _ = Program::compile(text, &registry);
    });
}

/// YAML pieces for mutating rule files.
const YAML: &[&str] = &[
    "\n",
    "\n  ",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "#",
    "|\n  ",
    "&a ",
    "*a",
    "hosts: ['']\n",
    "hosts: [https://x.com/]\n",
    "versions:\n  - ",
    "fields:\n  title: ",
    "extra:\n  x: ",
    "\u{feff}",
    "\t",
    "~",
    "!!str ",
    "<<: *a\n",
];

// Mutated bundled rule files load or fail with diagnostics; none panics or is slow.
#[test]
fn mutated_rule_files_never_panic_or_blow_up() {
    let registry = Registry::standard();
    let rules = bundled_rules();
    let mut rng = Rng::new(seed());
    let inputs: Vec<SourceText> = (0..cases(400))
        .map(|_| {
            let rule = rng.pick(&rules);
            SourceText {
                path: rule.path.clone(),
                text: mutate(&mut rng, &rule.text, YAML).into(),
            }
        })
        .collect();
    check_all("rule files", inputs, |source| {
        let (_, errors) = Pack::partial_from_sources(vec![source.clone()], &registry);
        // Every diagnostic renders (positions inside the file, carets on char boundaries).
        for error in errors {
            let _ = error.to_string();
        }
    });
}

/// HTML pieces for building and mutating pages.
const HTML: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<h1>",
    "</h1>",
    "<article>",
    "<table><tr><td>",
    "<svg>",
    "<style>",
    "</style>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<template>",
    "<math><mi>",
    "<select><option>",
    "<a href='javascript:alert(1)'>",
    "<img src=data:x>",
    "<meta property=og:title content=",
    "<script type=application/ld+json>{\"@type\":",
    "&amp;",
    "&#0;",
    "&#x1b;",
    "\u{0}",
    "\u{1b}[31m",
    "<",
    ">",
    "\"",
    "'",
    "text ",
    "\r\n",
    "<time datetime=2024-01-01>",
    "<link rel=canonical href=//x>",
    "<body>",
    "<html>",
];

// Random and mutated pages extract (a record or a page error) with every bundled rule;
// none panics or is slow.
#[test]
fn random_and_mutated_pages_never_panic_or_blow_up() {
    let registry = Registry::standard();
    let rules = bundled_rules();
    let pack = Pack::from_sources(rules.clone(), &registry).unwrap();
    let names: Vec<String> = pack.rules().iter().map(|r| r.name.clone()).collect();
    // The start of each fixture page: real markup, kept small so the cases stay quick.
    let mut fixtures: Vec<String> = Vec::new();
    for entry in walk(&workspace().join("tests/fixtures")) {
        if entry.extension().is_some_and(|ext| ext == "html") {
            let text = std::fs::read_to_string(&entry).unwrap_or_default();
            let mut end = text.len().min(6_000);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            fixtures.push(text[..end].to_owned());
        }
    }
    assert!(!fixtures.is_empty());
    let mut rng = Rng::new(seed());
    let inputs: Vec<(String, String)> = (0..cases(300))
        .map(|i| {
            let page = if i % 2 == 0 {
                (0..1 + rng.below(60)).map(|_| *rng.pick(HTML)).collect()
            } else {
                let base = rng.pick(&fixtures).clone();
                mutate(&mut rng, &base, HTML)
            };
            (rng.pick(&names).clone(), page)
        })
        .collect();
    check_all("pages", inputs, |(rule, page)| {
        let input = PageInput {
            bytes: page.as_bytes(),
            rule: Some(rule),
            url: Some("https://example.com/a"),
            ..PageInput::default()
        };
        if let Ok(extraction) = pack.extract(&input) {
            let _ = serde_json::to_string(&extraction.record);
        }
    });
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}
