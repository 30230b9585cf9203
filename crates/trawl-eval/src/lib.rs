//! `trawl eval`: running a rule pack over a labelled corpus and scoring it.
//!
//! Three kinds of labelled set are read (see [`SetKind`]); this page describes the first.
//! The corpus layout is `<cc>/<Publisher>/<date>.html` with `<date>.expected.json` beside
//! each page: `{"url", "crawl_date", "expected": {"title", "authors", "publishing_date",
//! "topics", "body": {"summary", "sections": [{"headline", "paragraphs"}]}}}`.

mod compare;
mod metrics;
mod origin;
mod report;
mod sets;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use trawl::{extract_page, extract_parsed_page, Mode};
use trawl_engine::{decode_html, parse_html, read_page, Pack, PageError, PageInput, Record};

pub use compare::{compare, parse_instant, squash, Comparison, Expected};
pub use metrics::{paragraph_f1, same_day, token_f1, tokens};
pub use origin::ParagraphSources;
pub use report::{render_diff, render_table, Averages, Totals, LEGEND};
pub use sets::{
    extract_file, kind_of, main_text, readability_pages, records_by_id, sets_in, snippet_pages,
    ReadabilityPage, ReadabilityScore, SetKind, SnippetCounts, SnippetPage, READABILITY_URL,
};

/// One labelled page of a corpus.
#[derive(Debug, Clone)]
pub struct CorpusPage {
    /// `<cc>/<Publisher>/<date>`.
    pub id: String,
    /// The publisher folder name.
    pub publisher: String,
    /// The country folder name (`<cc>`), empty for a page outside one.
    pub country: String,
    /// The page file.
    pub html: PathBuf,
    /// Its `.expected.json`.
    pub expected_path: PathBuf,
}

/// The parts of `.expected.json` used here.
#[derive(Debug, Clone, Deserialize)]
pub struct Label {
    /// The page URL.
    pub url: Option<String>,
    /// When it was fetched, `YYYY-MM-DD ...`.
    pub crawl_date: Option<String>,
    /// The reference record.
    #[serde(default)]
    pub expected: Expected,
}

/// What happened on one page.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// A record was extracted and compared.
    Compared {
        /// The comparison.
        #[serde(flatten)]
        comparison: Comparison,
    },
    /// No rule serves the page.
    NoRule,
    /// The page or its label could not be read, or extraction failed.
    Failed {
        /// Why.
        reason: String,
    },
}

/// One page's result.
#[derive(Debug, Clone, Serialize)]
pub struct PageResult {
    /// The page id.
    pub id: String,
    /// Its publisher.
    pub publisher: String,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Finds every labelled page under `root`, sorted by id.
pub fn discover(root: &Path) -> std::io::Result<Vec<CorpusPage>> {
    let mut pages = Vec::new();
    walk(root, root, &mut pages)?;
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<CorpusPage>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(root, &path, out)?;
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let Some(stem) = name.strip_suffix(".html") else {
            continue;
        };
        let expected_path = path.with_file_name(format!("{stem}.expected.json"));
        if !expected_path.exists() {
            continue;
        }
        let id = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .with_file_name(stem)
            .to_string_lossy()
            .replace('\\', "/");
        let publisher = path
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let country = match id.split_once('/') {
            Some((country, rest)) if rest.contains('/') => country.to_owned(),
            _ => String::new(),
        };
        out.push(CorpusPage {
            id,
            publisher,
            country,
            html: path,
            expected_path,
        });
    }
    Ok(())
}

/// The pages of the publishers and countries named (any case); all of them when a list is
/// empty.
pub fn select(
    pages: Vec<CorpusPage>,
    publishers: &[String],
    countries: &[String],
) -> Vec<CorpusPage> {
    let named = |list: &[String], value: &str| {
        list.is_empty() || list.iter().any(|name| name.eq_ignore_ascii_case(value))
    };
    pages
        .into_iter()
        .filter(|page| named(publishers, &page.publisher) && named(countries, &page.country))
        .collect()
}

/// Reads a page's label.
pub fn read_label(page: &CorpusPage) -> Result<Label, String> {
    let text = std::fs::read_to_string(&page.expected_path)
        .map_err(|error| format!("cannot read {}: {error}", page.expected_path.display()))?;
    serde_json::from_str(&text)
        .map_err(|error| format!("{}: {error}", page.expected_path.display()))
}

/// Extracts one corpus page with `pack` and the stale-rule guard, using its label's URL and
/// crawl date.
pub fn extract(pack: &Pack, page: &CorpusPage, label: &Label) -> Result<Record, PageError> {
    extract_with(pack, page, label, Mode::Guard)
}

/// Extracts one corpus page with `pack` and the generic extractor as `mode` says.
pub fn extract_with(
    pack: &Pack,
    page: &CorpusPage,
    label: &Label,
    mode: Mode,
) -> Result<Record, PageError> {
    let bytes = read_page(&page.html).map_err(|_| PageError::NoUrl)?;
    extract_page(pack, &page_input(&bytes, label), mode).map(|outcome| outcome.record)
}

/// One corpus page's differences from its reference, as [`render_diff`] shows them, with
/// the element each extra paragraph came from (watched during the extraction); the record
/// comes with it.
pub fn diff_page(
    pack: &Pack,
    page: &CorpusPage,
    label: &Label,
    mode: Mode,
) -> Result<(Record, String), PageError> {
    let bytes = read_page(&page.html).map_err(|_| PageError::NoUrl)?;
    let input = page_input(&bytes, label);
    let html = parse_html(&decode_html(input.bytes, input.content_type).text);
    let mut sources = ParagraphSources::new(&html);
    let record = extract_parsed_page(pack, &html, &input, mode, &mut sources)?.record;
    let diff = render_diff(&record, &label.expected, &sources);
    Ok((record, diff))
}

/// The extraction input of a corpus page: its label's URL and crawl date.
fn page_input<'a>(bytes: &'a [u8], label: &'a Label) -> PageInput<'a> {
    let date = label
        .crawl_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
    PageInput {
        bytes,
        url: label.url.as_deref(),
        date,
        ..PageInput::default()
    }
}

/// Runs and scores one page.
pub fn evaluate_page(pack: &Pack, page: &CorpusPage, mode: Mode) -> PageResult {
    let outcome = match read_label(page) {
        Err(reason) => Outcome::Failed { reason },
        Ok(label) => match extract_with(pack, page, &label, mode) {
            Ok(record) => Outcome::Compared {
                comparison: compare(&record, &label.expected),
            },
            Err(PageError::NoRule { .. }) => Outcome::NoRule,
            Err(error) => Outcome::Failed {
                reason: error.to_string(),
            },
        },
    };
    PageResult {
        id: page.id.clone(),
        publisher: page.publisher.clone(),
        outcome,
    }
}

/// Runs the rules (with the stale-rule guard) on every page and scores them.
pub fn evaluate(pack: &Pack, pages: &[CorpusPage]) -> Vec<PageResult> {
    evaluate_with(pack, pages, Mode::Guard)
}

/// Runs every page as `mode` says (`Mode::Always`: the generic extractor alone) and scores them.
pub fn evaluate_with(pack: &Pack, pages: &[CorpusPage], mode: Mode) -> Vec<PageResult> {
    pages
        .iter()
        .map(|page| evaluate_page(pack, page, mode))
        .collect()
}

/// Scores records made elsewhere (another extractor, e.g. `scripts/bench-trafilatura.py`),
/// by page id (see [`records_by_id`]); a page with no record fails.
pub fn evaluate_records(
    pages: &[CorpusPage],
    by_id: &std::collections::HashMap<String, Record>,
) -> Vec<PageResult> {
    pages
        .iter()
        .map(|page| {
            let outcome = match (read_label(page), by_id.get(&page.id)) {
                (Err(reason), _) => Outcome::Failed { reason },
                (Ok(_), None) => Outcome::Failed {
                    reason: "no record for this page".to_owned(),
                },
                (Ok(label), Some(record)) => Outcome::Compared {
                    comparison: compare(record, &label.expected),
                },
            };
            PageResult {
                id: page.id.clone(),
                publisher: page.publisher.clone(),
                outcome,
            }
        })
        .collect()
}

/// Totals per publisher (publishers with no rule are counted only in `no_rule`).
pub fn by_publisher(results: &[PageResult]) -> BTreeMap<String, Totals> {
    let mut map: BTreeMap<String, Totals> = BTreeMap::new();
    for result in results {
        map.entry(result.publisher.clone())
            .or_default()
            .add(&result.outcome);
    }
    map
}
