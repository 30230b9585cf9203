//! Turning what a feed or sitemap lists into tasks: article pattern, dates, per-site limit,
//! child sitemaps of an index, and the state's record of what was found.

use crate::listing::{read_feed, read_sitemap, Listed};
use crate::{Crawler, SourceKind, Task, TaskKind};

/// Sitemap indexes followed below a sitemap given in a rule.
const MAX_DEPTH: u8 = 2;

impl Crawler<'_> {
    /// The tasks a fetched source gives.
    pub(crate) fn listed(&self, task: &Task, kind: &SourceKind, body: &[u8]) -> Vec<Task> {
        let (pages, children) = match kind {
            SourceKind::Feed => match read_feed(body) {
                Ok(entries) => (entries, Vec::new()),
                Err(why) => return self.bad_source(task, &why),
            },
            SourceKind::Sitemap { filter, depth } => match read_sitemap(body) {
                Ok(sitemap) => {
                    let children = if *depth < MAX_DEPTH {
                        self.children(task, sitemap.sitemaps, filter.as_ref(), *depth)
                    } else {
                        Vec::new()
                    };
                    (sitemap.pages, children)
                }
                Err(why) => return self.bad_source(task, &why),
            },
        };
        let mut tasks = self.articles(task, pages);
        tasks.extend(children);
        tasks
    }

    fn bad_source(&self, task: &Task, why: &str) -> Vec<Task> {
        self.summary.lock().expect("summary").fail(
            task.url.as_str(),
            task.site_name(),
            format!("unreadable source ({why})"),
        );
        self.done(&task.url, "unreadable");
        Vec::new()
    }

    /// The child sitemaps of an index that match its filter and changed since the limit.
    fn children(
        &self,
        task: &Task,
        listed: Vec<Listed>,
        filter: Option<&regex::Regex>,
        depth: u8,
    ) -> Vec<Task> {
        listed
            .into_iter()
            .filter(|child| filter.is_none_or(|re| re.is_match(&child.url)))
            .filter(|child| self.recent(child))
            .filter_map(|child| url::Url::parse(&child.url).ok())
            .map(|url| {
                let kind = TaskKind::Source(SourceKind::Sitemap {
                    filter: None,
                    depth: depth + 1,
                });
                Task::new(url, kind, task.site.clone())
            })
            .collect()
    }

    fn recent(&self, listed: &Listed) -> bool {
        match (self.limits.since, listed.date) {
            (Some(since), Some(date)) => date >= since,
            _ => true,
        }
    }

    /// Article tasks: the site's pattern, the date limit, newest first up to the site's
    /// allowance; recorded in the state as queued before they are fetched, so an
    /// interrupted run loses none.
    fn articles(&self, task: &Task, mut listed: Vec<Listed>) -> Vec<Task> {
        listed.retain(|l| self.recent(l));
        if let Some(site) = &task.site {
            listed.retain(|l| site.is_article(&l.url));
        }
        listed.sort_by_key(|l| std::cmp::Reverse(l.date));
        let mut urls: Vec<String> = Vec::new();
        for l in listed {
            if let Ok(url) = url::Url::parse(&l.url) {
                if matches!(url.scheme(), "http" | "https") && !urls.contains(&url.to_string()) {
                    urls.push(url.to_string());
                }
            }
        }
        let site = task.site_name();
        // Recorded before fetching; those fetched by an earlier run are left out.
        let _ = self.state.queue(&urls, site);
        let mut new: Vec<String> = urls
            .into_iter()
            .filter(|u| !self.state.is_done(u).unwrap_or(false))
            .collect();
        if let Some(name) = site {
            let allowance = self.site_allowance(name);
            new.truncate(allowance);
            self.site_used(name, new.len());
        }
        self.summary.lock().expect("summary").discovered += new.len() as u64;
        new.into_iter()
            .filter_map(|u| url::Url::parse(&u).ok())
            .map(|url| Task::new(url, TaskKind::Page, task.site.clone()))
            .collect()
    }
}
