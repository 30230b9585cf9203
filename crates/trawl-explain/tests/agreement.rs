//! Explain and extraction share one path: on every bundled fixture, the explanation's record
//! is the extraction's, every field the rule fills is traced with the record's value, and the
//! alternative marked as matched is the one whose values the record holds.

use std::path::{Path, PathBuf};

use trawl_engine::{decode_html, parse_html, Pack, PageInput, Registry};
use trawl_explain::{explain, Explanation, FieldTrace};
use trawl_rules::{FieldKind, RECORD_FIELDS};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every fixture page with its URL.
fn fixtures() -> Vec<(PathBuf, String)> {
    let mut pages = Vec::new();
    for site in std::fs::read_dir(workspace().join("tests/fixtures")).unwrap() {
        for entry in std::fs::read_dir(site.unwrap().path()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "html") {
                let url = std::fs::read_to_string(path.with_extension("url")).unwrap();
                pages.push((path, url.trim().to_owned()));
            }
        }
    }
    pages.sort();
    pages
}

fn field<'e>(explanation: &'e Explanation, name: &str) -> Option<&'e FieldTrace> {
    explanation.fields.iter().find(|f| f.field == name)
}

/// The text the record took from a text field's trace: the first non-empty value after the
/// last step of the matched alternative of the last expression that ran.
fn matched_text(trace: &FieldTrace) -> Option<String> {
    let expr = trace.expressions.last()?;
    let alt = expr.alternatives.iter().find(|alt| alt.matched)?;
    assert!(
        expr.alternatives.iter().filter(|alt| alt.matched).count() == 1,
        "{}: one alternative matches",
        trace.field
    );
    alt.steps
        .last()?
        .values
        .iter()
        .map(|value| trawl_engine::normalize_text(&value.text))
        .find(|text| !text.is_empty())
}

#[test]
fn explain_and_extraction_agree_on_every_fixture() {
    let pack = Pack::load_dir(&workspace().join("rules"), &Registry::standard()).unwrap();
    let pages = fixtures();
    assert!(pages.len() > 100, "the fixtures are found");
    for (path, url) in &pages {
        let bytes = std::fs::read(path).unwrap();
        let input = PageInput {
            bytes: &bytes,
            url: Some(url),
            ..PageInput::default()
        };
        let label = path.display();
        let extraction = pack.extract(&input).unwrap();
        let html = parse_html(&decode_html(&bytes, None).text);
        let explanation = explain(&pack, &html, &input).unwrap();
        assert_eq!(
            explanation.record, extraction.record,
            "{label}: the records differ"
        );
        assert_eq!(explanation.rule, extraction.rule.name, "{label}");
        let chosen: Vec<_> = explanation.versions.iter().filter(|v| v.chosen).collect();
        assert_eq!(chosen.len(), 1, "{label}");
        assert_eq!(chosen[0].label, extraction.version.label, "{label}");

        let record = serde_json::to_value(&extraction.record).unwrap();
        for spec in RECORD_FIELDS {
            let Some(trace) = field(&explanation, spec.name) else {
                assert!(
                    extraction.version.fields.get(spec.name).is_none(),
                    "{label}: {} is filled but not traced",
                    spec.name
                );
                continue;
            };
            let value = record.get(spec.name).cloned().unwrap_or_default();
            assert_eq!(trace.value, value, "{label}: {}", spec.name);
            // A language no expression gave is the rule's.
            let given = trace
                .expressions
                .iter()
                .any(|e| e.alternatives.iter().any(|a| a.matched));
            let text_kind = match spec.kind {
                FieldKind::Text => true,
                FieldKind::Language => given,
                _ => false,
            };
            if text_kind && value.as_str().is_some_and(|v| !v.is_empty()) {
                assert_eq!(
                    matched_text(trace).as_deref(),
                    value.as_str(),
                    "{label}: {}'s matched alternative is not what the record holds",
                    spec.name
                );
            }
        }
        if extraction.version.body.is_some() {
            let paragraphs = field(&explanation, "body.paragraphs").expect("paragraphs traced");
            let expected: Vec<&str> = extraction
                .record
                .body
                .sections
                .iter()
                .flat_map(|s| s.paragraphs.iter().map(String::as_str))
                .collect();
            assert_eq!(paragraphs.value, serde_json::json!(expected), "{label}");
            if !expected.is_empty() {
                assert!(
                    explanation
                        .marks
                        .iter()
                        .any(|(_, f)| f == "body.paragraphs"),
                    "{label}: the paragraphs' elements are marked"
                );
            }
        }
    }
}
