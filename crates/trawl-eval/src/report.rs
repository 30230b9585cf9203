//! Scores and their rendering: the per-publisher table and the field diff of one page.

use std::fmt::Write as _;

use comfy_table::{presets, CellAlignment, Table};
use serde::Serialize;
use trawl_engine::Record;

use super::compare::{squash, Expected};
use super::origin::ParagraphSources;
use super::Outcome;

/// Counts over a set of pages.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Totals {
    /// Pages seen.
    pub pages: usize,
    /// Pages with a record.
    pub compared: usize,
    /// Pages no rule serves.
    pub no_rule: usize,
    /// Pages that failed.
    pub failed: usize,
    /// Titles that agree.
    pub title: usize,
    /// Author lists that agree.
    pub authors: usize,
    /// Dates that agree.
    pub published: usize,
    /// Topic sets that agree.
    pub topics: usize,
    /// Bodies that agree exactly.
    pub body_exact: usize,
    /// Paragraphs found in both.
    pub body_matched: usize,
    /// Paragraphs extracted.
    pub body_extracted: usize,
    /// Paragraphs expected.
    pub body_expected: usize,
    /// Dates on the reference's day.
    pub published_day: usize,
    /// Body token F1, summed over the pages (a page with no record counts 0).
    pub token_f1: f64,
    /// Paragraph F1, summed over the pages (a page with no record counts 0).
    pub paragraph_f1: f64,
    /// Records whose empty title or body came from the generic extractor.
    pub stale: usize,
}

impl Totals {
    /// Counts one page.
    pub fn add(&mut self, outcome: &Outcome) {
        self.pages += 1;
        match outcome {
            Outcome::NoRule => self.no_rule += 1,
            Outcome::Failed { .. } => self.failed += 1,
            Outcome::Compared { comparison: c } => {
                self.compared += 1;
                self.title += usize::from(c.title);
                self.authors += usize::from(c.authors);
                self.published += usize::from(c.published);
                self.topics += usize::from(c.topics);
                self.body_exact += usize::from(c.body_exact);
                self.body_matched += c.body_matched;
                self.body_extracted += c.body_extracted;
                self.body_expected += c.body_expected;
                self.published_day += usize::from(c.published_day);
                self.token_f1 += c.token_f1;
                self.paragraph_f1 += c.paragraph_f1;
                self.stale += usize::from(c.stale);
            }
        }
    }

    /// Adds another total.
    pub fn merge(&mut self, other: &Totals) {
        self.pages += other.pages;
        self.compared += other.compared;
        self.no_rule += other.no_rule;
        self.failed += other.failed;
        self.title += other.title;
        self.authors += other.authors;
        self.published += other.published;
        self.topics += other.topics;
        self.body_exact += other.body_exact;
        self.body_matched += other.body_matched;
        self.body_extracted += other.body_extracted;
        self.body_expected += other.body_expected;
        self.published_day += other.published_day;
        self.token_f1 += other.token_f1;
        self.paragraph_f1 += other.paragraph_f1;
        self.stale += other.stale;
    }

    /// Per-page averages over every page seen (pages with no record count 0): body token
    /// F1, paragraph F1, title exact, published same day, authors exact.
    pub fn averages(&self) -> Averages {
        let per_page = |sum: f64| {
            if self.pages == 0 {
                0.0
            } else {
                sum / self.pages as f64
            }
        };
        Averages {
            token_f1: per_page(self.token_f1),
            paragraph_f1: per_page(self.paragraph_f1),
            title: per_page(self.title as f64),
            published_day: per_page(self.published_day as f64),
            authors: per_page(self.authors as f64),
        }
    }

    /// Body paragraph precision, recall and F1 (1.0 when there is nothing to find).
    pub fn body_prf(&self) -> (f64, f64, f64) {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let precision = ratio(self.body_matched, self.body_extracted);
        let recall = ratio(self.body_matched, self.body_expected);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        (precision, recall, f1)
    }
}

/// Per-page averages of the scores that compare extractors.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Averages {
    /// Body token F1.
    pub token_f1: f64,
    /// Paragraph F1.
    pub paragraph_f1: f64,
    /// Title exact.
    pub title: f64,
    /// Published on the reference's day.
    pub published_day: f64,
    /// Authors exact.
    pub authors: f64,
}

impl Averages {
    /// One line: `token F1 0.950  paragraph F1 0.900  title 0.950  day 0.900  authors 0.800`.
    pub fn render(&self) -> String {
        format!(
            "body token F1 {:.3}  paragraph F1 {:.3}  title exact {:.3}  published same day {:.3}  authors exact {:.3}",
            self.token_f1, self.paragraph_f1, self.title, self.published_day, self.authors
        )
    }
}

/// What the columns of the score table mean.
pub const LEGEND: &str = "\
pages      pages of the publisher in the corpus
title, authors, date, topics, body=
           pages whose field agrees with the reference / pages compared; body= means the
           summary, the sub-headlines (each opening its section at the same place) and the
           paragraphs are all equal
P, R, F1   body paragraph precision, recall and F1, pooled over the paragraphs of the row
no rule    pages no rule serves: not scored, not in the total
failed     pages a rule serves that gave no record
stale      records whose empty title or body came from the generic extractor
Whitespace differences are ignored; dates compare as instants. The line under the table
averages per page (each page counts the same, however many paragraphs it has).";

/// The score table: one line per publisher, then `total` under `total_label` (the pages a
/// rule serves, or every page when another extractor is scored). A publisher none of whose
/// pages was scored shows `-` instead of scores.
pub fn render_table(rows: &[(String, Totals)], total_label: &str, total: &Totals) -> String {
    let mut table = Table::new();
    table.load_style(presets::ASCII_MARKDOWN).set_header([
        "publisher",
        "pages",
        "title",
        "authors",
        "date",
        "topics",
        "body=",
        "P",
        "R",
        "F1",
        "no rule",
        "failed",
        "stale",
    ]);
    for (name, totals) in rows {
        table.add_row(row(name, totals));
    }
    table.add_row(row(total_label, total));
    for column in 1..13 {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    format!("{table}\n")
}

/// One line of the table; `-` for the scores of a row with nothing compared.
fn row(name: &str, t: &Totals) -> Vec<String> {
    let scored = |n: usize| match t.compared {
        0 => "-".to_owned(),
        compared => format!("{n}/{compared}"),
    };
    let (p, r, f1) = match t.compared {
        0 => ("-".to_owned(), "-".to_owned(), "-".to_owned()),
        _ => {
            let (p, r, f1) = t.body_prf();
            (format!("{p:.3}"), format!("{r:.3}"), format!("{f1:.3}"))
        }
    };
    vec![
        name.to_owned(),
        t.pages.to_string(),
        scored(t.title),
        scored(t.authors),
        scored(t.published),
        scored(t.topics),
        scored(t.body_exact),
        p,
        r,
        f1,
        t.no_rule.to_string(),
        t.failed.to_string(),
        t.stale.to_string(),
    ]
}

/// Every field where `record` and `expected` differ, expected beside extracted; under each
/// extra paragraph, the element `sources` saw it read from.
pub fn render_diff(record: &Record, expected: &Expected, sources: &ParagraphSources) -> String {
    let mut out = String::new();
    let mut field = |name: &str, want: String, got: String, same: bool| {
        let mark = if same { "same" } else { "DIFFERS" };
        writeln!(out, "{name}: {mark}").expect("String write");
        if !same {
            writeln!(out, "  expected:  {want}\n  extracted: {got}").expect("String write");
        }
    };
    let comparison = super::compare(record, expected);
    let fields = [
        (
            "title",
            format!("{:?}", expected.title),
            format!("{:?}", record.title),
            comparison.title,
        ),
        (
            "authors",
            format!("{:?}", expected.authors),
            format!("{:?}", record.authors),
            comparison.authors,
        ),
        (
            "published",
            format!("{:?}", expected.publishing_date),
            format!("{:?}", record.published),
            comparison.published,
        ),
        (
            "topics",
            format!("{:?}", expected.topics),
            format!("{:?}", record.topics),
            comparison.topics,
        ),
    ];
    for (name, want, got, same) in fields {
        field(name, want, got, same);
    }
    let want = expected.paragraphs();
    let got: Vec<&str> = record.body.paragraphs().collect();
    field(
        "body",
        format!("{} paragraphs", want.len()),
        format!(
            "{} paragraphs, {} in common",
            got.len(),
            comparison.body_matched
        ),
        comparison.body_exact,
    );
    if !comparison.summary {
        let want_summary = expected
            .body
            .as_ref()
            .map(|body| body.summary.clone())
            .unwrap_or_default();
        writeln!(
            out,
            "  summary differs:\n    expected:  {:?}\n    extracted: {:?}",
            want_summary.iter().map(|p| preview(p)).collect::<Vec<_>>(),
            record
                .body
                .summary
                .iter()
                .map(|p| preview(p))
                .collect::<Vec<_>>()
        )
        .expect("String write");
    }
    if !comparison.headlines {
        let shown = |outline: Vec<(usize, String)>| {
            outline
                .into_iter()
                .map(|(before, headline)| format!("{headline} (after {before})"))
                .collect::<Vec<_>>()
        };
        let want_outline = shown(expected.outline());
        let got_outline = shown(super::compare::record_outline(record));
        writeln!(
            out,
            "  sub-headlines differ (headline, paragraphs before it; whitespace removed):\n    expected:  {want_outline:?}\n    extracted: {got_outline:?}"
        )
        .expect("String write");
    }
    if !comparison.paragraphs {
        let got_squashed: Vec<String> = got.iter().map(|p| squash(p)).collect();
        let want_squashed: Vec<String> = want.iter().map(|p| squash(p)).collect();
        for (i, paragraph) in want.iter().enumerate() {
            if !got_squashed.contains(&want_squashed[i]) {
                writeln!(out, "  - missing [{i}]: {}", preview(paragraph)).expect("String write");
            }
        }
        for (i, paragraph) in got.iter().enumerate() {
            if !want_squashed.contains(&got_squashed[i]) {
                writeln!(out, "  + extra   [{i}]: {}", preview(paragraph)).expect("String write");
                if let Some(path) = sources.path_of(paragraph) {
                    writeln!(out, "              from {path}").expect("String write");
                }
            }
        }
        if got_squashed.iter().all(|p| want_squashed.contains(p))
            && want_squashed.iter().all(|p| got_squashed.contains(p))
        {
            writeln!(out, "  (same paragraphs, different order or repeats)").expect("String write");
        }
    }
    out
}

fn preview(text: &str) -> String {
    let short: String = text.chars().take(110).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}
