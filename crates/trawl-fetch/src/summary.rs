//! What a run did, for the end summary.

use std::collections::BTreeMap;
use std::fmt;

/// The failed URLs the summary lists by name; the others are counted.
const NAMED_FAILURES: usize = 20;

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
    /// The URLs given up, each with its cause, in the order they were given up.
    pub failed_urls: Vec<(String, String)>,
    /// Hosts stopped during the run, with why.
    pub stopped: Vec<(String, String)>,
    /// What each site of a crawl got, by the site's name.
    pub sites: BTreeMap<String, SiteOutcome>,
}

/// What one site got in a run: whether any of its URLs answered, and what went wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteOutcome {
    /// Its feeds, sitemaps and pages that answered (fetched, unchanged, or fetched before).
    pub answered: u64,
    /// Its URLs not fetched, by cause (failures and robots.txt refusals).
    pub failed: BTreeMap<String, u64>,
    /// How many sitemaps its robots.txt lists, once read for it.
    pub robots_sitemaps: Option<usize>,
}

impl SiteOutcome {
    /// Why nothing was fetched for the site, when nothing was: its failures, else what its
    /// sources gave (a robots.txt without sitemaps, or no source at all).
    pub fn nothing_fetched(&self) -> Option<String> {
        if self.answered > 0 {
            return None;
        }
        if !self.failed.is_empty() {
            let causes: Vec<String> = self
                .failed
                .iter()
                .map(|(cause, n)| format!("{n} {cause}"))
                .collect();
            return Some(causes.join(", "));
        }
        Some(match self.robots_sitemaps {
            Some(0) => "its robots.txt lists no sitemap".to_owned(),
            _ => "no feed or sitemap answered".to_owned(),
        })
    }
}

impl Summary {
    /// Counts one URL given up, for its site too when it has one.
    pub fn fail(&mut self, url: &str, site: Option<&str>, cause: impl Into<String>) {
        let cause = cause.into();
        self.failed_urls.push((url.to_owned(), cause.clone()));
        self.site_failed(site, cause.clone());
        *self.failed.entry(cause).or_default() += 1;
    }

    /// Counts a URL of a site not fetched (a failure, or robots.txt saying no).
    pub fn site_failed(&mut self, site: Option<&str>, cause: impl Into<String>) {
        if let Some(site) = site {
            let outcome = self.sites.entry(site.to_owned()).or_default();
            *outcome.failed.entry(cause.into()).or_default() += 1;
        }
    }

    /// Counts a URL of a site that answered.
    pub fn site_answered(&mut self, site: Option<&str>) {
        if let Some(site) = site {
            self.sites.entry(site.to_owned()).or_default().answered += 1;
        }
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
            for (url, cause) in self.failed_urls.iter().take(NAMED_FAILURES) {
                write!(f, "\n  {url}: {cause}")?;
            }
            if self.failed_urls.len() > NAMED_FAILURES {
                write!(
                    f,
                    "\n  and {} more",
                    self.failed_urls.len() - NAMED_FAILURES
                )?;
            }
        }
        for (host, why) in &self.stopped {
            write!(f, "\nstopped host {host}: {why}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_urls_are_named_and_a_long_list_is_cut() {
        let mut summary = Summary::default();
        summary.fail("https://a.example/1", None, "status 404");
        let text = summary.to_string();
        assert!(
            text.contains("\n  https://a.example/1: status 404"),
            "{text}"
        );
        for n in 0..25 {
            summary.fail(&format!("https://a.example/x{n}"), None, "timeout");
        }
        let text = summary.to_string();
        assert!(
            text.contains("failed 26: 1 status 404, 25 timeout"),
            "{text}"
        );
        assert!(text.contains("\n  and 6 more"), "{text}");
        assert!(!text.contains("x24"), "{text}");
    }

    #[test]
    fn a_site_that_got_nothing_says_why() {
        let mut summary = Summary::default();
        summary.fail(
            "https://a.example/robots.txt",
            Some("A"),
            "robots.txt unavailable",
        );
        summary.site_answered(Some("B"));
        summary.sites.entry("C".into()).or_default().robots_sitemaps = Some(0);
        let why = |name: &str| summary.sites[name].nothing_fetched();
        assert_eq!(why("A").as_deref(), Some("1 robots.txt unavailable"));
        assert_eq!(why("B"), None);
        assert_eq!(why("C").as_deref(), Some("its robots.txt lists no sitemap"));
    }
}
