//! Choosing the rule for a URL: by host, then by path.

use regex::Regex;
use url::Url;

/// Which hosts and paths a rule serves.
#[derive(Debug, Clone)]
pub struct SiteMatcher {
    hosts: Vec<String>,
    paths: Vec<Regex>,
}

impl SiteMatcher {
    /// A matcher for `hosts` (each matching itself and its subdomains, any case) and optional
    /// path regexes.
    pub fn new(hosts: &[String], paths: Vec<Regex>) -> Self {
        Self {
            hosts: hosts
                .iter()
                .map(|host| {
                    host.trim()
                        .trim_start_matches("*.")
                        .trim_end_matches('.')
                        .to_ascii_lowercase()
                })
                .collect(),
            paths,
        }
    }

    /// How well this rule fits `url`: `None` when it does not, else the length of the
    /// matching host, so `news.yahoo.com` beats `yahoo.com`.
    ///
    /// ```
    /// use trawl_rules::SiteMatcher;
    /// use url::Url;
    ///
    /// let matcher = SiteMatcher::new(&["yahoo.com".into()], vec![]);
    /// let url = Url::parse("https://news.yahoo.com/story.html").unwrap();
    /// assert_eq!(matcher.score(&url), Some(9));
    /// assert_eq!(matcher.score(&Url::parse("https://notyahoo.com/").unwrap()), None);
    /// ```
    pub fn score(&self, url: &Url) -> Option<usize> {
        let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
        let best = self
            .hosts
            .iter()
            .filter(|pattern| {
                host == **pattern
                    || host
                        .strip_suffix(pattern.as_str())
                        .is_some_and(|prefix| prefix.ends_with('.'))
            })
            .map(String::len)
            .max()?;
        if self.paths.is_empty() || self.paths.iter().any(|path| path.is_match(url.path())) {
            Some(best)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn hosts_match_themselves_and_subdomains_only() {
        let matcher = SiteMatcher::new(&["bbc.co.uk".into(), "bbc.com".into()], vec![]);
        assert_eq!(matcher.score(&url("https://www.bbc.co.uk/news/x")), Some(9));
        assert_eq!(matcher.score(&url("https://BBC.COM/")), Some(7));
        assert_eq!(matcher.score(&url("https://evilbbc.com/")), None);
        assert_eq!(matcher.score(&url("https://bbc.co.uk.evil.net/")), None);
    }

    #[test]
    fn paths_narrow_a_rule() {
        let matcher = SiteMatcher::new(
            &["example.com".into()],
            vec![Regex::new("^/news/").unwrap()],
        );
        assert!(matcher.score(&url("https://example.com/news/a")).is_some());
        assert!(matcher.score(&url("https://example.com/sport/a")).is_none());
    }
}
