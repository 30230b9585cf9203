//! What there is to fetch: pages, and the feeds and sitemaps that list them.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use regex::Regex;
use trawl_rules::Sources;
use url::Url;

use crate::{robots_url, FetchError};

/// A site to crawl, from a rule's `sources:`.
#[derive(Debug, Clone)]
pub struct Site {
    /// The rule's name.
    pub name: String,
    /// Which URLs of its sources are articles.
    pub articles: Option<Regex>,
    /// Whether the sitemaps its robots.txt lists are read too.
    pub robots_sitemaps: bool,
    /// Its feeds and sitemaps, as tasks.
    pub sources: Vec<(Url, SourceKind)>,
    /// The robots.txt files whose sitemaps are read, with `robots_sitemaps`: the first
    /// feed's or sitemap's origin, else each of the rule's hosts over https.
    pub robots: Vec<Url>,
}

impl Site {
    /// A site from a rule's name, hosts (as matched: no `=` or `*.`) and sources; patterns
    /// and URLs are checked.
    ///
    /// ```
    /// let sources = trawl_rules::Sources { robots_sitemaps: true, ..Default::default() };
    /// let site = trawl_fetch::Site::new("Example", &["example.com".into()], &sources).unwrap();
    /// assert_eq!(site.robots[0].as_str(), "https://example.com/robots.txt");
    /// ```
    pub fn new(name: &str, hosts: &[String], sources: &Sources) -> Result<Site, FetchError> {
        let bad = |what: &str, e: &dyn std::fmt::Display| {
            FetchError::Sources(format!("{name}: {what}: {e}"))
        };
        let parse = |url: &str| Url::parse(url).map_err(|e| bad(url, &e));
        let articles = sources
            .articles
            .as_deref()
            .map(|p| Regex::new(p).map_err(|e| bad("articles", &e)))
            .transpose()?;
        let mut list = Vec::new();
        for feed in &sources.feeds {
            list.push((parse(feed)?, SourceKind::Feed));
        }
        for news in &sources.news_sitemaps {
            list.push((
                parse(news)?,
                SourceKind::Sitemap {
                    filter: None,
                    depth: 0,
                },
            ));
        }
        for sitemap in &sources.sitemaps {
            let filter = sitemap
                .filter()
                .map(|p| Regex::new(p).map_err(|e| bad("filter", &e)))
                .transpose()?;
            list.push((
                parse(sitemap.url())?,
                SourceKind::Sitemap { filter, depth: 0 },
            ));
        }
        let robots = match list.first() {
            _ if !sources.robots_sitemaps => Vec::new(),
            Some((first, _)) => vec![robots_url(first)],
            None => hosts
                .iter()
                .map(|host| parse(&format!("https://{host}/robots.txt")))
                .collect::<Result<_, _>>()?,
        };
        Ok(Site {
            name: name.to_owned(),
            articles,
            robots_sitemaps: sources.robots_sitemaps,
            sources: list,
            robots,
        })
    }

    /// The tasks that start a crawl of the site: its feeds and sitemaps, and the sitemaps
    /// its robots.txt files list.
    pub fn tasks(self: &Arc<Site>) -> Vec<Task> {
        let sources = self.sources.iter().map(|(url, kind)| {
            Task::new(
                url.clone(),
                TaskKind::Source(kind.clone()),
                Some(self.clone()),
            )
        });
        let robots = self.robots.iter().map(|url| {
            let mut url = url.clone();
            url.set_fragment(Some("sitemaps"));
            Task::new(url, TaskKind::RobotsSitemaps, Some(self.clone()))
        });
        sources.chain(robots).collect()
    }

    /// Whether a listed URL is one of the site's articles.
    pub fn is_article(&self, url: &str) -> bool {
        self.articles.as_ref().is_none_or(|re| re.is_match(url))
    }
}

/// A feed or a sitemap.
#[derive(Debug, Clone)]
pub enum SourceKind {
    /// An RSS, Atom or JSON feed.
    Feed,
    /// A sitemap, news sitemap or sitemap index; `filter` picks an index's children,
    /// `depth` counts the indexes above.
    Sitemap {
        /// Which child sitemaps of an index are read.
        filter: Option<Regex>,
        /// How many indexes lead here.
        depth: u8,
    },
}

/// What a task fetches.
#[derive(Debug, Clone)]
pub enum TaskKind {
    /// A page, archived.
    Page,
    /// A feed or sitemap, archived and read for more URLs.
    Source(SourceKind),
    /// No request: the sitemaps the host's robots.txt lists become tasks.
    RobotsSitemaps,
}

/// One URL to fetch.
#[derive(Debug, Clone)]
pub struct Task {
    /// The URL.
    pub url: Url,
    /// What it is.
    pub kind: TaskKind,
    /// The site it is for, if any.
    pub site: Option<Arc<Site>>,
    /// Attempts made so far.
    pub attempt: u32,
    /// Redirects followed to get here.
    pub redirects: u8,
}

impl Task {
    /// A task for a URL.
    pub fn new(url: Url, kind: TaskKind, site: Option<Arc<Site>>) -> Task {
        Task {
            url,
            kind,
            site,
            attempt: 0,
            redirects: 0,
        }
    }

    /// Whether it is a page (not a source).
    pub fn is_page(&self) -> bool {
        matches!(self.kind, TaskKind::Page)
    }

    /// The site's name.
    pub fn site_name(&self) -> Option<&str> {
        self.site.as_ref().map(|s| s.name.as_str())
    }
}

/// Limits on what sources add: dates and counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    /// Listed URLs dated before this are skipped (undated ones are kept); so are the
    /// children of a sitemap index last changed before it.
    pub since: Option<DateTime<Utc>>,
    /// At most this many new article URLs per site in a run, newest first.
    pub max_per_site: Option<usize>,
}
