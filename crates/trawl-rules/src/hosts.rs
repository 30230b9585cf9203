//! Choosing the rule for a URL: by host, then by path.

use regex::Regex;
use url::Url;

/// Which hosts and paths a rule serves.
#[derive(Debug, Clone)]
pub struct SiteMatcher {
    /// Each host, and whether it is exact (`=host`: that host only).
    hosts: Vec<(String, bool)>,
    paths: Vec<Regex>,
}

impl SiteMatcher {
    /// A matcher for `hosts` (each matching itself and its subdomains, any case; `=host`
    /// matching that host only) and optional path regexes.
    pub fn new(hosts: &[String], paths: Vec<Regex>) -> Self {
        let normalize = |host: &str| {
            host.trim()
                .trim_start_matches("*.")
                .trim_end_matches('.')
                .to_ascii_lowercase()
        };
        Self {
            hosts: hosts
                .iter()
                .map(|host| match host.trim().strip_prefix('=') {
                    Some(exact) => (normalize(exact), true),
                    None => (normalize(host), false),
                })
                .collect(),
            paths,
        }
    }

    /// How well this rule fits `url`: `None` when it does not, else a score that grows with
    /// the matching host's length, so `news.yahoo.com` beats `yahoo.com` (and `=host` beats a
    /// domain entry of the same host).
    ///
    /// ```
    /// use trawl_rules::SiteMatcher;
    /// use url::Url;
    ///
    /// let matcher = SiteMatcher::new(&["yahoo.com".into()], vec![]);
    /// let url = Url::parse("https://news.yahoo.com/story.html").unwrap();
    /// assert!(matcher.score(&url).is_some());
    /// assert_eq!(matcher.score(&Url::parse("https://notyahoo.com/").unwrap()), None);
    /// ```
    pub fn score(&self, url: &Url) -> Option<usize> {
        let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
        // An exact entry counts one more than a domain entry of the same length.
        let best = self
            .hosts
            .iter()
            .filter(|(pattern, exact)| {
                host == *pattern
                    || !exact
                        && host
                            .strip_suffix(pattern.as_str())
                            .is_some_and(|prefix| prefix.ends_with('.'))
            })
            .map(|(pattern, exact)| pattern.len() * 2 + usize::from(*exact))
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
        assert!(matcher
            .score(&url("https://www.bbc.co.uk/news/x"))
            .is_some());
        assert!(matcher.score(&url("https://BBC.COM/")).is_some());
        assert_eq!(matcher.score(&url("https://evilbbc.com/")), None);
        assert_eq!(matcher.score(&url("https://bbc.co.uk.evil.net/")), None);
    }

    #[test]
    fn exact_hosts_serve_that_host_only_and_win_ties() {
        let exact = SiteMatcher::new(&["=news.example.com".into()], vec![]);
        let domain = SiteMatcher::new(&["news.example.com".into()], vec![]);
        assert!(exact.score(&url("https://news.example.com/a")).is_some());
        assert!(exact.score(&url("https://m.news.example.com/a")).is_none());
        assert!(
            exact.score(&url("https://news.example.com/"))
                > domain.score(&url("https://news.example.com/"))
        );
        let shorter = SiteMatcher::new(&["example.com".into()], vec![]);
        assert!(
            domain.score(&url("https://news.example.com/"))
                > shorter.score(&url("https://news.example.com/"))
        );
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
