//! How politely to fetch: who we say we are, how long to wait, how much to take.

use std::time::Duration;

/// The user agent sent by default; `--user-agent` replaces it.
pub const DEFAULT_USER_AGENT: &str =
    "trawl/0.1 (+https://github.com/trawl-rs/trawl; article archiving for research)";

/// Fetching settings. [`Politeness::default`] is what `trawl fetch` and `trawl crawl` use.
#[derive(Debug, Clone, PartialEq)]
pub struct Politeness {
    /// The `User-Agent` header; its first word (before `/`) is the robots.txt agent name.
    pub user_agent: String,
    /// The least time between two requests to one host; a longer robots.txt `Crawl-delay`
    /// wins. Default: 2 s.
    pub delay: Duration,
    /// How long one request may take, connecting and reading included. Default: 30 s.
    pub timeout: Duration,
    /// The most bytes of one response body kept; longer bodies are cut and marked
    /// `WARC-Truncated`. Default: 10 MiB.
    pub max_bytes: u64,
    /// Retries after a 429, a 5xx or a network error. Default: 3.
    pub retries: u32,
    /// The first retry's wait, doubled for each next one, when the server sends no
    /// `Retry-After`. Default: 5 s.
    pub backoff: Duration,
    /// The longest wait accepted from `Retry-After`; a server asking for longer gets the
    /// URL given up for this run. Default: 10 min.
    pub max_retry_wait: Duration,
    /// After this many 403 or 429 answers in a row, a host is stopped for the run.
    /// Default: 3.
    pub max_refusals: u32,
    /// How long a robots.txt is trusted before it is fetched again. Default: 24 h.
    pub robots_ttl: Duration,
    /// How many hosts are fetched from at once (each over one connection). Default: 8.
    pub parallel_hosts: usize,
    /// Whether robots.txt is obeyed. Default: true; only tests and one's own sites should
    /// turn it off.
    pub obey_robots: bool,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            delay: Duration::from_secs(2),
            timeout: Duration::from_secs(30),
            max_bytes: 10 << 20,
            retries: 3,
            backoff: Duration::from_secs(5),
            max_retry_wait: Duration::from_secs(600),
            max_refusals: 3,
            robots_ttl: Duration::from_secs(24 * 3600),
            parallel_hosts: 8,
            obey_robots: true,
        }
    }
}

impl Politeness {
    /// The robots.txt agent name: the user agent's first word, e.g. `trawl`.
    ///
    /// ```
    /// assert_eq!(trawl_fetch::Politeness::default().robots_agent(), "trawl");
    /// ```
    pub fn robots_agent(&self) -> &str {
        self.user_agent
            .split(['/', ' '])
            .next()
            .filter(|name| !name.is_empty())
            .unwrap_or("trawl")
    }

    /// The wait between requests to a host whose robots.txt asks for `crawl_delay` seconds.
    pub fn host_delay(&self, crawl_delay: Option<f32>) -> Duration {
        let asked = crawl_delay
            .filter(|d| d.is_finite() && *d > 0.0)
            .map(|d| Duration::from_secs_f32(d.min(3600.0)))
            .unwrap_or_default();
        asked.max(self.delay)
    }
}
