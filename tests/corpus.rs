//! The bundled rules against the measuring corpus in `../shared/corpus/fundus-dev`.
//!
//! Every page of a publisher that has a bundled rule must agree with its reference record on
//! title, authors, date, body (summary, sub-headlines and paragraphs, whitespace aside) and,
//! where the reference has them, topics. Where the reference is plainly wrong the page, the
//! field and the evidence are listed in `tests/corpus/reference-errors.yaml`. When the corpus
//! is not there the test is ignored, and `cargo test` says so; CI (`.ci/run`) fails without it.

use serde::Deserialize;
use trawl::{load_pack_strict, PackOrigin};
use trawl_eval::{discover, evaluate, Comparison, Outcome};

/// One documented reference error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferenceError {
    page: String,
    field: Field,
    /// For `paragraphs`: positions of the wrong reference paragraphs.
    #[serde(default)]
    wrong: Vec<usize>,
    evidence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Field {
    Title,
    Authors,
    Published,
    Topics,
    Summary,
    Headlines,
    Paragraphs,
}

fn reference_errors() -> Vec<ReferenceError> {
    let path = trawl_tests::workspace().join("tests/corpus/reference-errors.yaml");
    let text = std::fs::read_to_string(&path).expect("the reference error list is readable");
    let errors: Vec<ReferenceError> = serde_yaml::from_str(&text).expect("the list parses");
    for error in &errors {
        assert!(
            !error.evidence.trim().is_empty(),
            "{}: no evidence",
            error.page
        );
        assert!(
            error.field == Field::Paragraphs || error.wrong.is_empty(),
            "{}: `wrong` belongs to paragraphs",
            error.page
        );
    }
    errors
}

/// What differs on a page beyond its documented reference errors.
fn problems(id: &str, c: &Comparison, errors: &[ReferenceError]) -> Vec<&'static str> {
    let excused = |field| errors.iter().find(|e| e.page == id && e.field == field);
    let paragraphs_excused = excused(Field::Paragraphs)
        .is_some_and(|e| c.body_missing.iter().all(|i| e.wrong.contains(i)));
    let checks = [
        ("title", c.title || excused(Field::Title).is_some()),
        ("authors", c.authors || excused(Field::Authors).is_some()),
        (
            "published",
            c.published || excused(Field::Published).is_some(),
        ),
        (
            "topics",
            c.topics || c.topics_expected == 0 || excused(Field::Topics).is_some(),
        ),
        ("summary", c.summary || excused(Field::Summary).is_some()),
        (
            "headlines",
            c.headlines
                || excused(Field::Headlines).is_some()
                || paragraphs_excused && c.headline_texts,
        ),
        ("paragraphs", c.paragraphs || paragraphs_excused),
    ];
    checks
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(name, _)| name)
        .collect()
}

#[test]
#[cfg_attr(
    not(trawl_corpus),
    ignore = "../shared/corpus/fundus-dev is absent beside the workspace"
)]
fn bundled_rules_agree_with_the_reference_records() {
    let corpus = trawl_tests::corpus();
    let errors = reference_errors();
    let pack = load_pack_strict(&PackOrigin::Bundled).expect("the bundled pack compiles");
    let pages = discover(&corpus).expect("the corpus is readable");
    let results = evaluate(&pack, &pages);
    let mut compared = 0;
    let mut failures = Vec::new();
    for result in &results {
        match &result.outcome {
            Outcome::Compared { comparison } => {
                compared += 1;
                let differ = problems(&result.id, comparison, &errors);
                if !differ.is_empty() {
                    failures.push(format!(
                        "{}: {} differ (missing reference paragraphs {:?}); see `trawl eval --corpus {} --diff {}`",
                        result.id,
                        differ.join(", "),
                        comparison.body_missing,
                        corpus.display(),
                        result.id
                    ));
                }
            }
            Outcome::Failed { reason } => failures.push(format!("{}: failed: {reason}", result.id)),
            Outcome::NoRule => failures.push(format!("{}: no bundled rule", result.id)),
        }
    }
    for error in &errors {
        assert!(
            results.iter().any(|r| r.id == error.page),
            "reference error for a page not in the corpus: {}",
            error.page
        );
    }
    assert!(
        compared >= 180,
        "expected the bundled rules to cover the corpus, got {compared} pages"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
