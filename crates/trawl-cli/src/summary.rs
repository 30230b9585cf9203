//! What a batch did: pages, records, and failures grouped by cause, for the end summary
//! and the `--errors` file.

use std::collections::BTreeMap;
use std::fmt;

use trawl::{Cause, Failure};

/// Counts over a batch.
///
/// ```
/// use trawl::{Cause, Failure};
/// use trawl_cli::summary::Summary;
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
