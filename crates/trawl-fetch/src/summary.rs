//! What a run did, for the end summary.

use std::collections::BTreeMap;
use std::fmt;

/// Counts of a run, by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Pages fetched and archived (any final status but a refusal).
    pub fetched: u64,
    /// Feeds and sitemaps fetched.
    pub sources: u64,
    /// Feeds and sitemaps unchanged since the last run (304).
    pub not_modified: u64,
    /// Article URLs found in the sources, new this run.
    pub discovered: u64,
    /// URLs already fetched by an earlier run, not fetched again.
    pub already: u64,
    /// URLs robots.txt disallows.
    pub robots: u64,
    /// Pages whose response was recovered from the WARC file after an interrupted run.
    pub recovered: u64,
    /// Retries made.
    pub retries: u64,
    /// URLs given up, by cause (`status 404`, `timeout`, `host stopped`, ...).
    pub failed: BTreeMap<String, u64>,
    /// Hosts stopped during the run, with why.
    pub stopped: Vec<(String, String)>,
}

impl Summary {
    /// Counts one failure.
    pub fn fail(&mut self, cause: impl Into<String>) {
        *self.failed.entry(cause.into()).or_default() += 1;
    }

    /// All failures.
    pub fn failures(&self) -> u64 {
        self.failed.values().sum()
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fetched {} page(s), {} feed/sitemap(s) ({} unchanged); {} new URL(s) found; {} already fetched; {} skipped by robots.txt",
            self.fetched, self.sources, self.not_modified, self.discovered, self.already, self.robots
        )?;
        if self.recovered > 0 {
            write!(f, "; {} recovered from an interrupted run", self.recovered)?;
        }
        if self.retries > 0 {
            write!(f, "; {} retries", self.retries)?;
        }
        if !self.failed.is_empty() {
            let causes: Vec<String> = self
                .failed
                .iter()
                .map(|(cause, n)| format!("{n} {cause}"))
                .collect();
            write!(f, "\nfailed {}: {}", self.failures(), causes.join(", "))?;
        }
        for (host, why) in &self.stopped {
            write!(f, "\nstopped host {host}: {why}")?;
        }
        Ok(())
    }
}
