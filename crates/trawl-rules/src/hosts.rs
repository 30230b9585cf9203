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
        Self {
            hosts: hosts.iter().map(|host| host_entry(host)).collect(),
            paths,
        }
    }

    /// Whether the rule is narrowed by `paths`.
    pub fn has_paths(&self) -> bool {
        !self.paths.is_empty()
    }

    /// The host entries as matched: lowercase, without `*.` or a trailing dot, and whether
    /// each is exact (`=host`).
    pub fn hosts(&self) -> &[(String, bool)] {
        &self.hosts
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
        if self.paths.is_empty() {
            Some(best * 2)
        } else if self.paths.iter().any(|path| path.is_match(url.path())) {
            // A rule narrowed to these paths beats one for the whole host.
            Some(best * 2 + 1)
        } else {
            None
        }
    }
}

/// A `hosts:` entry as matched: the host, lowercase, without `*.` or a trailing dot, and
/// whether it is exact (`=host`).
fn host_entry(entry: &str) -> (String, bool) {
    let normalize = |host: &str| {
        host.trim()
            .trim_start_matches("*.")
            .trim_end_matches('.')
            .to_ascii_lowercase()
    };
    match entry.trim().strip_prefix('=') {
        Some(exact) => (normalize(exact), true),
        None => (normalize(entry), false),
    }
}

/// Why a `hosts:` entry can never match a page's URL, if it cannot: an empty entry, a URL,
/// a path, a port, or anything else that is not a host name as URLs hold it.
///
/// ```
/// use trawl_rules::host_problem;
///
/// assert_eq!(host_problem("news.example.com"), None);
/// assert_eq!(host_problem("=de.euronews.com"), None);
/// assert!(host_problem("").is_some());
/// assert!(host_problem("https://x.com/").is_some());
/// assert!(host_problem("x.com/news").is_some());
/// assert!(host_problem("x.com:8080").is_some());
/// ```
pub fn host_problem(entry: &str) -> Option<String> {
    let (host, _) = host_entry(entry);
    let problem = if host.is_empty() {
        "an empty host never matches; write a host name such as `example.com`".to_owned()
    } else if host.contains("://") {
        format!(
            "`{}` is a URL, not a host; write the host alone, e.g. `{}`",
            entry.trim(),
            Url::parse(&host)
                .ok()
                .and_then(|url| url.host_str().map(str::to_owned))
                .unwrap_or_else(|| "example.com".to_owned())
        )
    } else if host.contains('/') {
        format!(
            "`{}` holds a path, which a host never does; put the path in `paths:` (a regex)",
            entry.trim()
        )
    } else if host.contains(':') {
        format!(
            "`{}` holds a port; hosts match every port, so leave it out",
            entry.trim()
        )
    } else if Url::parse(&format!("http://{host}/"))
        .ok()
        .and_then(|url| url.host_str().map(|parsed| parsed == host))
        != Some(true)
    {
        format!(
            "`{}` is not a host name as URLs write it (letters, digits, `-` and `.`; international names in their `xn--` form)",
            entry.trim()
        )
    } else {
        return None;
    };
    Some(problem)
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
