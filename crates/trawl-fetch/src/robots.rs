//! robots.txt, read with `texting_robots`: what may be fetched, how slowly, which sitemaps.

use std::time::Duration;

use texting_robots::Robot;
use url::Url;

use crate::client::{NetError, Response};
use crate::Politeness;

/// A host's robots.txt as it applies to us.
pub struct Robots {
    robot: Robot,
    /// The wait between requests: max(`Crawl-delay`, the configured delay).
    pub delay: Duration,
    /// The sitemaps it lists.
    pub sitemaps: Vec<String>,
}

impl Robots {
    /// Parses a robots.txt for our agent; an unreadable one allows everything, as the
    /// standard (RFC 9309) reads a file without valid rules.
    pub fn parse(text: &str, politeness: &Politeness) -> Robots {
        let agent = politeness.robots_agent();
        let robot = Robot::new(agent, text.as_bytes())
            .or_else(|_| Robot::new(agent, b""))
            .expect("an empty robots.txt parses");
        Robots {
            delay: politeness.host_delay(robot.delay),
            sitemaps: robot.sitemaps.clone(),
            robot,
        }
    }

    /// Everything allowed (no robots.txt, or a 4xx for it).
    pub fn allow_all(politeness: &Politeness) -> Robots {
        Robots::parse("", politeness)
    }

    /// Whether a URL may be fetched. robots.txt itself always may.
    pub fn allowed(&self, url: &Url) -> bool {
        url.path() == "/robots.txt" || self.robot.allowed(url.as_str())
    }
}

/// What an answer to a robots.txt request means (RFC 9309).
pub(crate) enum RobotsAnswer {
    /// Rules to obey: the file (200), or none (a 4xx other than 429, a redirect nowhere).
    Rules(String),
    /// A redirect to follow.
    Redirect(Url),
    /// No usable answer (a 5xx, a 429, no answer): try again later, fetch nothing now.
    Unavailable(String),
}

impl RobotsAnswer {
    /// The meaning of the answer to a request for `url`.
    pub(crate) fn of(url: &Url, result: Result<Response, NetError>) -> RobotsAnswer {
        match result {
            Ok(r) if r.status == 200 => {
                RobotsAnswer::Rules(String::from_utf8_lossy(&r.body).into_owned())
            }
            Ok(r) if (300..400).contains(&r.status) => {
                match r.header("location").and_then(|l| url.join(l).ok()) {
                    Some(next) => RobotsAnswer::Redirect(next),
                    None => RobotsAnswer::Rules(String::new()),
                }
            }
            Ok(r) if (400..500).contains(&r.status) && r.status != 429 => {
                RobotsAnswer::Rules(String::new())
            }
            Ok(r) => RobotsAnswer::Unavailable(format!("robots.txt answers {}", r.status)),
            Err(e) => RobotsAnswer::Unavailable(format!("robots.txt: {e}")),
        }
    }
}

/// The robots.txt URL of a URL's origin.
///
/// ```
/// let url = url::Url::parse("https://www.example.com:8443/a/b?c").unwrap();
/// assert_eq!(trawl_fetch::robots_url(&url).as_str(), "https://www.example.com:8443/robots.txt");
/// ```
pub fn robots_url(url: &Url) -> Url {
    let mut robots = url.clone();
    robots.set_path("/robots.txt");
    robots.set_query(None);
    robots.set_fragment(None);
    robots
}

/// The key a host is known by: host and port, e.g. `www.example.com:443`.
pub fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or(0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crawl_delay_and_disallow_apply_to_trawl() {
        let politeness = Politeness {
            delay: Duration::from_millis(100),
            ..Politeness::default()
        };
        let text = "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.5\nSitemap: https://example.com/sitemap.xml\n";
        let robots = Robots::parse(text, &politeness);
        assert_eq!(robots.delay, Duration::from_millis(500));
        assert_eq!(robots.sitemaps, ["https://example.com/sitemap.xml"]);
        let url = |path: &str| Url::parse(&format!("https://example.com{path}")).unwrap();
        assert!(!robots.allowed(&url("/private/a")));
        assert!(robots.allowed(&url("/news/a")));
    }

    #[test]
    fn the_configured_delay_wins_over_a_shorter_crawl_delay() {
        let robots = Robots::parse("User-agent: *\nCrawl-delay: 1\n", &Politeness::default());
        assert_eq!(robots.delay, Duration::from_secs(2));
    }
}
