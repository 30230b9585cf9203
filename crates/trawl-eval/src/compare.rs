//! Comparing an extracted record with a reference record, field by field.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use trawl_engine::{normalize_text, Record};

/// A reference record as the corpus stores it (`expected` in `.expected.json`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Expected {
    /// The headline.
    #[serde(default)]
    pub title: Option<String>,
    /// Author names.
    #[serde(default)]
    pub authors: Vec<String>,
    /// ISO 8601 with offset.
    #[serde(default)]
    pub publishing_date: Option<String>,
    /// Topics.
    #[serde(default)]
    pub topics: Vec<String>,
    /// The body.
    #[serde(default)]
    pub body: Option<ExpectedBody>,
}

/// A reference body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExpectedBody {
    /// Summary paragraphs.
    #[serde(default)]
    pub summary: Vec<String>,
    /// Sections.
    #[serde(default)]
    pub sections: Vec<ExpectedSection>,
}

/// A reference section.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExpectedSection {
    /// Sub-headlines.
    #[serde(default)]
    pub headline: Vec<String>,
    /// Paragraphs.
    #[serde(default)]
    pub paragraphs: Vec<String>,
}

impl Expected {
    /// Every body paragraph, summary first.
    pub fn paragraphs(&self) -> Vec<String> {
        self.body
            .iter()
            .flat_map(|body| {
                body.summary
                    .iter()
                    .chain(body.sections.iter().flat_map(|section| &section.paragraphs))
            })
            .cloned()
            .collect()
    }
}

/// How one page's record compares with its reference.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Comparison {
    /// Same title, ignoring whitespace.
    pub title: bool,
    /// Same authors in the same order, ignoring whitespace.
    pub authors: bool,
    /// Same instant (or both absent).
    pub published: bool,
    /// Same set of topics, ignoring case and whitespace.
    pub topics: bool,
    /// How many topics the reference has (pages without any are not scored on topics).
    pub topics_expected: usize,
    /// Paragraphs found in both (as a multiset).
    pub body_matched: usize,
    /// Paragraphs extracted.
    pub body_extracted: usize,
    /// Paragraphs expected.
    pub body_expected: usize,
    /// The same summary paragraphs, in order.
    pub summary: bool,
    /// The same sub-headlines opening the same sections, in order.
    pub headlines: bool,
    /// The same paragraphs (summary first) in the same order.
    pub paragraphs: bool,
    /// The same sub-headline texts in the same order (wherever they open sections).
    pub headline_texts: bool,
    /// Positions (summary first) of the reference paragraphs the record does not have.
    pub body_missing: Vec<usize>,
    /// Summary, sub-headlines and paragraphs all the same: `summary && headlines && paragraphs`.
    pub body_exact: bool,
    /// The publication date falls on the reference's day.
    pub published_day: bool,
    /// F1 of the body's words against the reference's (see [`super::metrics::tokens`]).
    pub token_f1: f64,
    /// F1 of the body's paragraphs against the reference's.
    pub paragraph_f1: f64,
    /// The generic extractor filled fields the rule left empty (the stale-rule guard).
    pub stale: bool,
}

impl Comparison {
    /// Whether title, authors, date and body all agree.
    pub fn agrees(&self) -> bool {
        self.title && self.authors && self.published && self.body_exact
    }
}

/// Text with all whitespace removed and NFC applied: "allowing only whitespace differences".
pub fn squash(text: &str) -> String {
    normalize_text(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Parses an ISO 8601 / RFC 3339 instant, with `T` or a space between date and time.
pub fn parse_instant(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text.trim())
        .or_else(|_| DateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S%:z"))
        .or_else(|_| DateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S%.f%:z"))
        .ok()
}

/// Whether an extracted date and a reference date name the same time: the same instant, or,
/// when the reference has no offset, the same wall-clock time where the page is.
fn same_time(got: &str, want: &str) -> bool {
    let Some(got) = parse_instant(got) else {
        return false;
    };
    if let Some(want) = parse_instant(want) {
        return got == want;
    }
    let want = want.trim();
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
    ]
    .iter()
    .find_map(|format| chrono::NaiveDateTime::parse_from_str(want, format).ok())
    .is_some_and(|want| got.naive_local() == want)
}

/// Compares a record with its reference.
pub fn compare(record: &Record, expected: &Expected) -> Comparison {
    let title = squash(&record.title) == squash(expected.title.as_deref().unwrap_or_default());
    let authors = record.authors.iter().map(|a| squash(a)).collect::<Vec<_>>()
        == expected
            .authors
            .iter()
            .map(|a| squash(a))
            .collect::<Vec<_>>();
    let published = match (
        record.published.as_deref(),
        expected.publishing_date.as_deref(),
    ) {
        (None, None) => true,
        (Some(got), Some(want)) => same_time(got, want),
        _ => false,
    };
    let topic_set = |topics: &[String]| {
        let mut set: Vec<String> = topics.iter().map(|t| squash(t).to_lowercase()).collect();
        set.sort();
        set.dedup();
        set
    };
    let topics = topic_set(&record.topics) == topic_set(&expected.topics);
    let got: Vec<String> = record.body.paragraphs().map(squash).collect();
    let expected_paragraphs = expected.paragraphs();
    let want: Vec<String> = expected_paragraphs.iter().map(|p| squash(p)).collect();
    let squash_all = |texts: &[String]| texts.iter().map(|t| squash(t)).collect::<Vec<_>>();
    let summary = squash_all(&record.body.summary)
        == expected
            .body
            .as_ref()
            .map(|body| squash_all(&body.summary))
            .unwrap_or_default();
    let (got_outline, want_outline) = (record_outline(record), expected.outline());
    let headlines = got_outline == want_outline;
    let headline_texts = got_outline
        .iter()
        .map(|(_, h)| h)
        .eq(want_outline.iter().map(|(_, h)| h));
    let paragraphs = got == want;
    let want_texts = || expected_paragraphs.iter().map(String::as_str);
    Comparison {
        published_day: super::metrics::same_day(
            record.published.as_deref(),
            expected.publishing_date.as_deref(),
        ),
        token_f1: super::metrics::token_f1(record.body.paragraphs(), want_texts()),
        paragraph_f1: super::metrics::paragraph_f1(record.body.paragraphs(), want_texts()),
        stale: record.extractor == trawl_engine::MadeBy::RuleAndGeneric,
        title,
        authors,
        published,
        topics,
        topics_expected: expected.topics.len(),
        body_matched: multiset_overlap(&got, &want),
        body_missing: missing(&got, &want),
        body_extracted: got.len(),
        body_expected: want.len(),
        summary,
        headlines,
        paragraphs,
        headline_texts,
        body_exact: summary && headlines && paragraphs,
    }
}

/// A record's outline: see [`Expected::outline`].
pub fn record_outline(record: &Record) -> Vec<(usize, String)> {
    section_outline(
        record
            .body
            .sections
            .iter()
            .map(|s| (s.headline.as_slice(), s.paragraphs.as_slice())),
    )
}

impl Expected {
    /// Each sub-headline (whitespace removed) with the number of body paragraphs before it:
    /// two bodies with the same outline open the same sections at the same places.
    pub fn outline(&self) -> Vec<(usize, String)> {
        section_outline(
            self.body
                .iter()
                .flat_map(|body| &body.sections)
                .map(|s| (s.headline.as_slice(), s.paragraphs.as_slice())),
        )
    }
}

/// The outline of sections given as (sub-headlines, paragraphs); sections without headline
/// and paragraphs do not count.
fn section_outline<'a>(
    sections: impl Iterator<Item = (&'a [String], &'a [String])>,
) -> Vec<(usize, String)> {
    let mut outline = Vec::new();
    let mut before = 0;
    for (headline, paragraphs) in sections {
        outline.extend(headline.iter().map(|h| (before, squash(h))));
        before += paragraphs.len();
    }
    outline
}

/// Positions in `want` of the paragraphs `got` lacks (each paragraph of `got` counts once).
fn missing(got: &[String], want: &[String]) -> Vec<usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for paragraph in got {
        *counts.entry(paragraph).or_default() += 1;
    }
    want.iter()
        .enumerate()
        .filter(|(_, paragraph)| match counts.get_mut(paragraph.as_str()) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .map(|(i, _)| i)
        .collect()
}

fn multiset_overlap(got: &[String], want: &[String]) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for paragraph in want {
        *counts.entry(paragraph).or_default() += 1;
    }
    got.iter()
        .filter(|paragraph| match counts.get_mut(paragraph.as_str()) {
            Some(count) if *count > 0 => {
                *count -= 1;
                true
            }
            _ => false,
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_differences_are_allowed() {
        assert_eq!(squash("a  b\u{a0}c"), squash("a b c"));
        assert_ne!(squash("a b"), squash("a c"));
    }

    #[test]
    fn instants_compare_across_offsets_and_separators() {
        assert_eq!(
            parse_instant("2024-03-07 07:55:25+00:00"),
            parse_instant("2024-03-07T08:55:25+01:00")
        );
    }

    #[test]
    fn references_without_an_offset_compare_by_wall_clock_time() {
        assert!(same_time(
            "2023-04-28T00:00:00+02:00",
            "2023-04-28 00:00:00"
        ));
        assert!(!same_time(
            "2023-04-28T01:00:00+02:00",
            "2023-04-28 00:00:00"
        ));
    }

    #[test]
    fn body_overlap_counts_repeated_paragraphs_once_each() {
        let got = ["a".to_owned(), "a".to_owned(), "b".to_owned()];
        let want = ["a".to_owned(), "c".to_owned()];
        assert_eq!(multiset_overlap(&got, &want), 1);
    }
}
