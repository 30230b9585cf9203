//! What a batch did: pages, records, and failures grouped by cause, for the end summary
//! and the `--errors` file.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use trawl_engine::PageError;

/// Why a page gave no record, as the summary groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The input does not exist.
    Missing,
    /// The input could not be read (permissions, not a regular file, a malformed record).
    Unreadable,
    /// A URL given could not be fetched (robots.txt, a status, no answer).
    NotFetched,
    /// The page is larger than `--max-page-size`, as stored or once decoded.
    TooLarge,
    /// No URL was given or found in the page.
    NoUrl,
    /// The URL is not a valid http(s) URL.
    InvalidUrl,
    /// No rule serves the page's host.
    NoRule,
    /// None of the rule's versions fits the page.
    NoVersion,
    /// The rule found neither a title nor a body.
    NoArticle,
}

impl Cause {
    /// The cause of an engine error.
    pub fn of(error: &PageError) -> Cause {
        match error {
            PageError::InvalidUrl(_) => Cause::InvalidUrl,
            PageError::NoUrl => Cause::NoUrl,
            PageError::NoRule { .. }
            | PageError::UnknownRule { .. }
            | PageError::InvalidRule(_) => Cause::NoRule,
            PageError::NoVersion { .. } => Cause::NoVersion,
        }
    }

    /// The cause of an error reading a page: too large, or unreadable.
    pub fn of_read(error: &std::io::Error) -> Cause {
        match trawl_engine::PageTooLarge::of(error) {
            Some(_) => Cause::TooLarge,
            None => Cause::Unreadable,
        }
    }

    /// The cause of an error reading a web archive: a page too large, or a bad record.
    pub fn of_warc(error: &trawl_warc::WarcError) -> Cause {
        match error.kind {
            trawl_warc::WarcErrorKind::TooLarge { .. } => Cause::TooLarge,
            _ => Cause::Unreadable,
        }
    }

    /// A short name for the summary line, e.g. `no rule`.
    pub fn label(self) -> &'static str {
        match self {
            Cause::Missing => "missing",
            Cause::Unreadable => "unreadable",
            Cause::NotFetched => "not fetched",
            Cause::TooLarge => "too large",
            Cause::NoUrl => "no URL",
            Cause::InvalidUrl => "invalid URL",
            Cause::NoRule => "no rule",
            Cause::NoVersion => "no fitting version",
            Cause::NoArticle => "no article found",
        }
    }
}

/// A page that gave no record: which input, why, and the full message.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The input's label (its path, or `<stdin>`).
    pub input: String,
    /// The cause, for grouping.
    pub cause: Cause,
    /// The message printed for it.
    pub message: String,
}

impl Failure {
    /// A failure of `input` for `cause`; the message is `input: detail`.
    pub fn new(input: impl Into<String>, cause: Cause, detail: impl fmt::Display) -> Failure {
        let input = input.into();
        let message = format!("{input}: {detail}");
        Failure {
            input,
            cause,
            message,
        }
    }
}

/// Counts over a batch.
///
/// ```
/// use trawl_cli::summary::{Cause, Failure, Summary};
///
/// let mut summary = Summary::default();
/// summary.record(1000);
/// summary.fail(&Failure::new("a.html", Cause::NoRule, "no rule"), 10);
/// summary.fail(&Failure::new("b.html", Cause::NoUrl, "no URL"), 10);
/// summary.fail(&Failure::new("c.html", Cause::NoRule, "no rule"), 10);
/// assert_eq!(summary.to_string(), "4 pages: 1 record, 3 failed (2 no rule, 1 no URL)");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Pages seen (records and failures).
    pub pages: usize,
    /// Records written.
    pub records: usize,
    /// Bytes of the pages read.
    pub bytes: u64,
    /// Failures by cause (the summary lists the most frequent first).
    pub failures: BTreeMap<Cause, usize>,
    /// Warnings by kind, for lines such as "2 with fields from the generic extractor".
    pub notes: BTreeMap<String, usize>,
}

impl Summary {
    /// Counts a page that gave a record.
    pub fn record(&mut self, bytes: usize) {
        self.pages += 1;
        self.records += 1;
        self.bytes += bytes as u64;
    }

    /// Counts a page that gave none.
    pub fn fail(&mut self, failure: &Failure, bytes: usize) {
        self.pages += 1;
        self.bytes += bytes as u64;
        *self.failures.entry(failure.cause).or_default() += 1;
    }

    /// Counts a record under a note, e.g. "read by the generic extractor".
    pub fn note(&mut self, note: &str) {
        *self.notes.entry(note.to_owned()).or_default() += 1;
    }

    /// Pages that gave no record.
    pub fn failed(&self) -> usize {
        self.failures.values().sum()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            plural(self.pages, "page", "pages"),
            plural(self.records, "record", "records")
        )?;
        if self.failed() > 0 {
            let mut causes: Vec<(&Cause, &usize)> = self.failures.iter().collect();
            causes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let causes: Vec<String> = causes
                .into_iter()
                .map(|(cause, n)| format!("{n} {}", cause.label()))
                .collect();
            write!(f, ", {} failed ({})", self.failed(), causes.join(", "))?;
        }
        for (note, n) in &self.notes {
            write!(f, "; {n} {note}")?;
        }
        Ok(())
    }
}
