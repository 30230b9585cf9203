//! The two labelled sets that score the generic extractor in their own terms, beside the
//! Fundus-style corpus that [`crate::discover`] reads:
//!
//! - a **snippet set** (trafilatura's evaluation data): `index.json` lists each page with
//!   `with` snippets that must be in the main text and `without` snippets that must not; a
//!   snippet counts when it is a substring of the body text, white space left out of both
//!   (as [`squash`] does for every comparison of `trawl eval`); precision,
//!   recall and F1 are taken over the summed counts;
//! - a **Readability set** (Mozilla Readability's test pages): per folder `source.html.gz`,
//!   `expected.html` and `expected-metadata.json`; the body is scored by token F1 against the
//!   text of `expected.html`, the title by exact match with the metadata's title.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use trawl::{extract_page, Mode};
use trawl_engine::{element_text, parse_html, read_page, Pack, PageError, PageInput, Record};
use unicode_normalization::UnicodeNormalization;

use crate::compare::squash;
use crate::metrics::token_f1;

/// The URL Readability's tests give every page, used for the Readability set's pages.
pub const READABILITY_URL: &str = "http://fakehost/test/page.html";

/// What kind of labelled set a folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetKind {
    /// `<cc>/<Publisher>/<date>.html` with `.expected.json` records.
    Records,
    /// `index.json` with `with`/`without` snippets per page.
    Snippets,
    /// Folders of `source.html.gz`, `expected.html`, `expected-metadata.json`.
    Readability,
}

/// The kind of set in `dir`, if it is one.
pub fn kind_of(dir: &Path) -> Option<SetKind> {
    if let Ok(text) = std::fs::read_to_string(dir.join("index.json")) {
        #[derive(Deserialize)]
        struct Index {
            items: Vec<serde_json::Value>,
        }
        if let Ok(index) = serde_json::from_str::<Index>(&text) {
            if index
                .items
                .first()
                .is_some_and(|item| item.get("with").is_some())
            {
                return Some(SetKind::Snippets);
            }
        }
    }
    let children = subfolders(dir);
    if children
        .iter()
        .any(|child| child.join("expected.html").is_file())
    {
        return Some(SetKind::Readability);
    }
    match crate::discover(dir) {
        Ok(pages) if !pages.is_empty() => Some(SetKind::Records),
        _ => None,
    }
}

/// The sets a `--corpus` folder names: the folder itself when it is a snippet or Readability
/// set, or a record set with no such set beside its pages; else each of its sub-folders that
/// is a set, by name (a folder holding `fundus-dev/`, `readability/` and so on).
pub fn sets_in(dir: &Path) -> Vec<(PathBuf, SetKind)> {
    let own = kind_of(dir);
    if matches!(own, Some(SetKind::Snippets | SetKind::Readability)) {
        return own
            .map(|kind| vec![(dir.to_path_buf(), kind)])
            .unwrap_or_default();
    }
    let children: Vec<(PathBuf, SetKind)> = subfolders(dir)
        .into_iter()
        .filter_map(|child| kind_of(&child).map(|kind| (child, kind)))
        .collect();
    let other_kinds = children.iter().any(|(_, kind)| *kind != SetKind::Records);
    match own {
        Some(kind) if !other_kinds => vec![(dir.to_path_buf(), kind)],
        _ => children,
    }
}

fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    out.sort();
    out
}

/// The main text of a record as the snippet set reads it: summary, sub-headlines and
/// paragraphs in order, squashed (white space left out, see [`squash`]).
pub fn main_text(record: &Record) -> String {
    let body = &record.body;
    let blocks = body.summary.iter().chain(
        body.sections
            .iter()
            .flat_map(|section| section.headline.iter().chain(&section.paragraphs)),
    );
    let mut text = String::new();
    for block in blocks {
        text.push_str(block);
        text.push(' ');
    }
    squash(&text)
}

/// One page of a snippet set.
#[derive(Debug, Clone, Deserialize)]
pub struct SnippetPage {
    /// Its id (the page URL, or a stand-in).
    pub id: String,
    /// The page URL.
    pub url: String,
    /// The gzipped page, relative to the set's folder.
    pub html: PathBuf,
    /// Snippets that must be in the main text.
    #[serde(default)]
    pub with: Vec<String>,
    /// Snippets that must not.
    #[serde(default)]
    pub without: Vec<String>,
}

/// Reads a snippet set's `index.json`; page paths come back joined to `dir`.
pub fn snippet_pages(dir: &Path) -> Result<Vec<SnippetPage>, String> {
    #[derive(Deserialize)]
    struct Index {
        items: Vec<SnippetPage>,
    }
    let path = dir.join("index.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let index: Index =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(index
        .items
        .into_iter()
        .map(|mut page| {
            page.html = dir.join(&page.html);
            page
        })
        .collect())
}

/// Snippet counts: found `with` (true positives), missed `with` (false negatives), found
/// `without` (false positives), missed `without` (true negatives).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SnippetCounts {
    /// `with` snippets found.
    pub true_positives: usize,
    /// `with` snippets missing.
    pub false_negatives: usize,
    /// `without` snippets found.
    pub false_positives: usize,
    /// `without` snippets missing.
    pub true_negatives: usize,
}

impl SnippetCounts {
    /// Counts one page: `text` is its main text (see [`main_text`]).
    pub fn of(text: &str, page: &SnippetPage) -> Self {
        let found = |snippet: &String| text.contains(&squash(&snippet.nfc().collect::<String>()));
        let with = page.with.iter().filter(|s| found(s)).count();
        let without = page.without.iter().filter(|s| found(s)).count();
        SnippetCounts {
            true_positives: with,
            false_negatives: page.with.len() - with,
            false_positives: without,
            true_negatives: page.without.len() - without,
        }
    }

    /// Adds another page's counts.
    pub fn add(&mut self, other: SnippetCounts) {
        self.true_positives += other.true_positives;
        self.false_negatives += other.false_negatives;
        self.false_positives += other.false_positives;
        self.true_negatives += other.true_negatives;
    }

    /// Precision, recall and F1 over these counts.
    pub fn prf(&self) -> (f64, f64, f64) {
        let ratio = |a: usize, b: usize| {
            if a + b == 0 {
                0.0
            } else {
                a as f64 / (a + b) as f64
            }
        };
        let precision = ratio(self.true_positives, self.false_positives);
        let recall = ratio(self.true_positives, self.false_negatives);
        let f1 = match precision + recall {
            sum if sum > 0.0 => 2.0 * precision * recall / sum,
            _ => 0.0,
        };
        (precision, recall, f1)
    }

    /// `P 0.929 R 0.841 F1 0.883 (with found 1234/1500, without found 56/1400)`.
    pub fn render(&self) -> String {
        let (p, r, f1) = self.prf();
        format!(
            "P {p:.3}  R {r:.3}  F1 {f1:.3}  (with found {}/{}, without found {}/{})",
            self.true_positives,
            self.true_positives + self.false_negatives,
            self.false_positives,
            self.false_positives + self.true_negatives,
        )
    }
}

/// One page of the Readability set.
#[derive(Debug, Clone)]
pub struct ReadabilityPage {
    /// The folder name.
    pub id: String,
    /// The folder.
    pub dir: PathBuf,
}

/// Every page folder of a Readability set, by name.
pub fn readability_pages(dir: &Path) -> Vec<ReadabilityPage> {
    subfolders(dir)
        .into_iter()
        .filter(|child| child.join("expected.html").is_file())
        .map(|child| ReadabilityPage {
            id: child
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            dir: child,
        })
        .collect()
}

/// How one Readability page scores.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReadabilityScore {
    /// Body token F1 against the text of `expected.html`.
    pub token_f1: f64,
    /// The title equals the metadata's title, whitespace aside.
    pub title: bool,
}

impl ReadabilityPage {
    /// The page's text as Readability.js extracts it, and its expected title.
    pub fn expected(&self) -> Result<(String, String), String> {
        let read = |name: &str| {
            let path = self.dir.join(name);
            std::fs::read_to_string(&path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))
        };
        let html = parse_html(&read("expected.html")?);
        let text = element_text(html.root_element(), &Default::default());
        #[derive(Deserialize)]
        struct Metadata {
            title: Option<String>,
        }
        let metadata: Metadata = serde_json::from_str(&read("expected-metadata.json")?)
            .map_err(|error| format!("{}: expected-metadata.json: {error}", self.dir.display()))?;
        Ok((text, metadata.title.unwrap_or_default()))
    }

    /// Scores a record made from this page.
    pub fn score(&self, record: &Record) -> Result<ReadabilityScore, String> {
        let (text, title) = self.expected()?;
        Ok(ReadabilityScore {
            token_f1: token_f1(record.body.paragraphs(), [text.as_str()]),
            title: squash(&record.title) == squash(&title.nfc().collect::<String>()),
        })
    }
}

/// Extracts one page file with `pack` as `mode` says, given its URL.
pub fn extract_file(pack: &Pack, html: &Path, url: &str, mode: Mode) -> Result<Record, String> {
    let bytes = read_page(html).map_err(|error| format!("{}: {error}", html.display()))?;
    let input = PageInput {
        bytes: &bytes,
        url: Some(url),
        ..PageInput::default()
    };
    extract_page(pack, &input, mode)
        .map(|outcome| outcome.record)
        .map_err(|error: PageError| error.to_string())
}

/// Records made elsewhere, by page id: JSON Lines, each record with the page `id`.
pub fn records_by_id(lines: &str) -> Result<std::collections::HashMap<String, Record>, String> {
    #[derive(Deserialize)]
    struct Line {
        id: String,
        #[serde(flatten)]
        record: Record,
    }
    let mut by_id = std::collections::HashMap::new();
    for (number, line) in lines.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line: Line =
            serde_json::from_str(line).map_err(|error| format!("line {}: {error}", number + 1))?;
        by_id.insert(line.id, line.record);
    }
    Ok(by_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(with: &[&str], without: &[&str]) -> SnippetPage {
        SnippetPage {
            id: "x".into(),
            url: "https://example.org/x".into(),
            html: PathBuf::new(),
            with: with.iter().map(|s| s.to_string()).collect(),
            without: without.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn snippets_are_found_whitespace_normalised() {
        let text = squash("The ferry  leaves at\nnine. Tickets cost two euros.");
        let counts = SnippetCounts::of(
            &text,
            &page(
                &["leaves at nine.", "Return trip"],
                &["Impressum", "two euros"],
            ),
        );
        assert_eq!(
            counts,
            SnippetCounts {
                true_positives: 1,
                false_negatives: 1,
                false_positives: 1,
                true_negatives: 1
            }
        );
        let (p, r, f1) = counts.prf();
        assert_eq!((p, r, f1), (0.5, 0.5, 0.5));
    }

    #[test]
    fn the_main_text_has_headlines_and_paragraphs_in_order() {
        let mut record = Record::default();
        record.body.summary.push("Lead.".into());
        record.body.sections.push(trawl_engine::Section {
            headline: vec!["Part two".into()],
            paragraphs: vec!["Body  text.".into()],
            kinds: Vec::new(),
        });
        assert_eq!(main_text(&record), "Lead.ParttwoBodytext.");
    }
}
