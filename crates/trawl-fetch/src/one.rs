//! One page now, for `trawl extract URL`: its host's robots.txt read and obeyed, then one
//! request for the page (and for each redirect it leads to), with the crawler's client,
//! robots.txt reading and per-host delay. Nothing is archived and nothing is retried.

use std::collections::HashMap;
use std::fmt;
use std::time::Instant;

use chrono::{DateTime, Utc};
use url::Url;

use crate::process::MAX_REDIRECTS;
use crate::robots::{host_key, robots_url, Robots, RobotsAnswer};
use crate::{Client, Politeness};

/// A page fetched by a [`PageFetcher`].
#[derive(Debug, Clone)]
pub struct OnePage {
    /// The URL it came from, after redirects.
    pub url: Url,
    /// Its Content-Type header.
    pub content_type: Option<String>,
    /// Its body.
    pub body: Vec<u8>,
    /// When it arrived.
    pub date: DateTime<Utc>,
}

/// Why a page could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OneError {
    /// Not an http(s) URL.
    BadUrl(String),
    /// The host's robots.txt could not be read (a 5xx, a 429, no answer), so nothing was
    /// asked of the host.
    RobotsUnavailable {
        /// The page's URL.
        url: String,
        /// What went wrong.
        why: String,
    },
    /// The host's robots.txt disallows the URL for our agent.
    Disallowed(String),
    /// The request got no answer.
    Net {
        /// The URL asked for.
        url: String,
        /// What went wrong.
        why: String,
    },
    /// More redirects than are followed, ending at this URL.
    Redirects(String),
    /// The answer was not a page: a status other than 200.
    Status {
        /// The URL asked for.
        url: String,
        /// The status.
        status: u16,
    },
    /// The page is larger than the size limit.
    TooLarge {
        /// The URL.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
}

impl OneError {
    /// The URL it is about (after redirects).
    pub fn url(&self) -> &str {
        match self {
            OneError::BadUrl(url)
            | OneError::Disallowed(url)
            | OneError::Redirects(url)
            | OneError::RobotsUnavailable { url, .. }
            | OneError::Net { url, .. }
            | OneError::Status { url, .. }
            | OneError::TooLarge { url, .. } => url,
        }
    }

    /// What went wrong, without the URL.
    pub fn detail(&self) -> String {
        match self {
            OneError::BadUrl(_) => "not an http(s) URL".to_owned(),
            OneError::RobotsUnavailable { why, .. } => {
                format!("not fetched: {why}; try again later")
            }
            OneError::Disallowed(_) => "not fetched: its site's robots.txt disallows it".to_owned(),
            OneError::Net { why, .. } => why.clone(),
            OneError::Redirects(_) => format!("still redirecting after {MAX_REDIRECTS} redirects"),
            OneError::Status { status, .. } => format!("answers {status}"),
            OneError::TooLarge { limit, .. } => {
                format!("larger than {limit} bytes; not extracted")
            }
        }
    }
}

impl fmt::Display for OneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.url(), self.detail())
    }
}

impl std::error::Error for OneError {}

/// A host as the fetcher knows it: its robots.txt and its last request.
struct Known {
    robots: Robots,
    last: Option<Instant>,
}

/// Fetches single pages politely: robots.txt once per host, the host's delay between two
/// pages of one host (the robots.txt request itself is not waited for).
pub struct PageFetcher {
    politeness: Politeness,
    client: Client,
    hosts: HashMap<String, Known>,
}

impl PageFetcher {
    /// A fetcher with these settings.
    pub fn new(politeness: Politeness) -> Self {
        PageFetcher {
            client: Client::new(&politeness),
            politeness,
            hosts: HashMap::new(),
        }
    }

    /// Fetches the page at `url`, following redirects (each checked against its host's
    /// robots.txt).
    pub fn get(&mut self, url: &str) -> Result<OnePage, OneError> {
        let mut url = Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| OneError::BadUrl(url.to_owned()))?;
        for _ in 0..=MAX_REDIRECTS {
            let response = self.request(&url)?;
            let status = response.status;
            if (300..400).contains(&status) {
                if let Some(next) = response.header("location").and_then(|l| url.join(l).ok()) {
                    url = next;
                    continue;
                }
            }
            if status != 200 {
                return Err(OneError::Status {
                    url: url.to_string(),
                    status,
                });
            }
            if response.truncated {
                return Err(OneError::TooLarge {
                    url: url.to_string(),
                    limit: self.politeness.max_bytes,
                });
            }
            return Ok(OnePage {
                content_type: response.header("content-type").map(str::to_owned),
                url,
                body: response.body,
                date: response.date,
            });
        }
        Err(OneError::Redirects(url.to_string()))
    }

    /// One request for `url`, once robots.txt allows it and the host's delay has passed.
    fn request(&mut self, url: &Url) -> Result<crate::Response, OneError> {
        let key = host_key(url);
        if !self.hosts.contains_key(&key) {
            let robots = self.robots(url)?;
            self.hosts.insert(key.clone(), Known { robots, last: None });
        }
        let known = self.hosts.get_mut(&key).expect("inserted above");
        if self.politeness.obey_robots && !known.robots.allowed(url) {
            return Err(OneError::Disallowed(url.to_string()));
        }
        if let Some(wait) = known
            .last
            .map(|last| last + known.robots.delay)
            .and_then(|ready| ready.checked_duration_since(Instant::now()))
        {
            std::thread::sleep(wait);
        }
        let result = self.client.get(url, None);
        known.last = Some(Instant::now());
        result.map_err(|e| OneError::Net {
            url: url.to_string(),
            why: e.to_string(),
        })
    }

    /// The robots.txt of the URL's host, as the crawler reads it, without retries.
    fn robots(&self, page: &Url) -> Result<Robots, OneError> {
        if !self.politeness.obey_robots {
            return Ok(Robots::allow_all(&self.politeness));
        }
        let mut url = robots_url(page);
        for _ in 0..=MAX_REDIRECTS {
            match RobotsAnswer::of(&url, self.client.get(&url, None)) {
                RobotsAnswer::Rules(text) => return Ok(Robots::parse(&text, &self.politeness)),
                RobotsAnswer::Redirect(next) => url = next,
                RobotsAnswer::Unavailable(why) => {
                    return Err(OneError::RobotsUnavailable {
                        url: page.to_string(),
                        why,
                    })
                }
            }
        }
        Err(OneError::RobotsUnavailable {
            url: page.to_string(),
            why: "robots.txt redirects too often".to_owned(),
        })
    }
}
