//! One task on one host: robots.txt, the polite wait, the request, retries, the archive, and
//! what a feed or sitemap lists.

use std::time::{Duration, Instant};

use chrono::Utc;
use trawl_warc::Exchange;
use url::Url;

use crate::client::{NetError, Response};
use crate::crawler::{Host, Step};
use crate::events::{Event, FetchedPage};
use crate::retry::{backoff, is_retryable, retry_after};
use crate::robots::{Robots, RobotsAnswer};
use crate::{Crawler, HostState, SourceKind, Task, TaskKind};

/// Redirects followed from one URL.
pub(crate) const MAX_REDIRECTS: u8 = 5;

impl Crawler<'_> {
    /// Runs one task with the host in hand.
    pub(crate) fn process(&self, host: &mut Host, task: Task) -> Step {
        if host.robots.is_none() {
            if let Err(why) = self.read_robots(host) {
                self.give_up(&task, "robots.txt unavailable");
                return Step::Stop(why);
            }
        }
        let robots = host.robots.as_ref().expect("read above");
        if let TaskKind::RobotsSitemaps = task.kind {
            let found = robots
                .sitemaps
                .iter()
                .filter_map(|s| Url::parse(s).ok())
                .map(|url| {
                    let kind = TaskKind::Source(SourceKind::Sitemap {
                        filter: None,
                        depth: 0,
                    });
                    Task::new(url, kind, task.site.clone())
                })
                .collect::<Vec<_>>();
            if let Some(site) = task.site_name() {
                let mut summary = self.summary.lock().expect("summary");
                summary
                    .sites
                    .entry(site.to_owned())
                    .or_default()
                    .robots_sitemaps = Some(found.len());
            }
            return Step::Next(found);
        }
        if task.is_page() && self.state.is_done(task.url.as_str()).unwrap_or(false) {
            let mut summary = self.summary.lock().expect("summary");
            summary.already += 1;
            summary.site_answered(task.site_name());
            drop(summary);
            self.done(&task.url, "already fetched");
            return Step::Next(Vec::new());
        }
        if self.politeness.obey_robots && !robots.allowed(&task.url) {
            let mut summary = self.summary.lock().expect("summary");
            summary.robots += 1;
            summary.site_failed(task.site_name(), "disallowed by robots.txt");
            drop(summary);
            self.done(&task.url, "disallowed by robots.txt");
            return Step::Next(Vec::new());
        }
        let validators = match &task.kind {
            TaskKind::Source(_) => self.state.validators(task.url.as_str()).ok().flatten(),
            _ => None,
        };
        if !host.wait_unless(&self.politeness, &self.stop) {
            return Step::Retry(task, Duration::ZERO);
        }
        let result = self.request(host, &task.url, validators.as_ref());
        let response = match result {
            Ok(response) => response,
            Err(error) => return self.retry_or_fail(task, None, &error.to_string()),
        };
        let status = response.status;
        if status == 403 || status == 429 {
            host.refusals += 1;
            if host.refusals >= self.politeness.max_refusals {
                self.give_up(&task, &format!("status {status}"));
                return Step::Stop(format!("{} answers {status} in a row", host.refusals));
            }
        } else {
            host.refusals = 0;
        }
        if status == 403 {
            self.give_up(&task, "status 403");
            return Step::Next(Vec::new());
        }
        if is_retryable(status) {
            let wait = response
                .header("retry-after")
                .and_then(|v| retry_after(v, Utc::now()));
            return self.retry_or_fail(task, wait, &format!("status {status}"));
        }
        if status == 304 {
            let mut summary = self.summary.lock().expect("summary");
            summary.not_modified += 1;
            summary.site_answered(task.site_name());
            drop(summary);
            self.done(&task.url, "not modified");
            return Step::Next(Vec::new());
        }
        let offset = match self.archive(&task, &response) {
            Ok(offset) => offset,
            Err(why) => {
                self.give_up(&task, &why);
                return Step::Next(Vec::new());
            }
        };
        self.done(&task.url, &status.to_string());
        if (300..400).contains(&status) {
            return Step::Next(self.redirect(&task, &response));
        }
        match &task.kind {
            TaskKind::Page => {
                let mut summary = self.summary.lock().expect("summary");
                if status >= 400 {
                    summary.fail(
                        task.url.as_str(),
                        task.site_name(),
                        format!("status {status}"),
                    );
                } else {
                    summary.fetched += 1;
                    summary.site_answered(task.site_name());
                }
                drop(summary);
                let archive = self.archive.lock().expect("archive");
                let page = FetchedPage {
                    url: &task.url,
                    site: task.site_name(),
                    status,
                    content_type: response.header("content-type"),
                    content_encoding: response.header("content-encoding"),
                    body: &response.body,
                    date: response.date,
                    warc: &archive.name,
                    offset,
                };
                self.observer.event(Event::Page(&page));
                Step::Next(Vec::new())
            }
            TaskKind::Source(kind) => {
                let mut summary = self.summary.lock().expect("summary");
                summary.sources += 1;
                if status != 200 {
                    summary.fail(
                        task.url.as_str(),
                        task.site_name(),
                        format!("source status {status}"),
                    );
                    return Step::Next(Vec::new());
                }
                summary.site_answered(task.site_name());
                drop(summary);
                let _ = self
                    .state
                    .set_validators(task.url.as_str(), &response.validators());
                Step::Next(self.listed(&task, kind, &response.body))
            }
            TaskKind::RobotsSitemaps => Step::Next(Vec::new()),
        }
    }

    /// Sends one request after the host's wait, and notes when it ended (in the state too).
    fn request(
        &self,
        host: &mut Host,
        url: &Url,
        validators: Option<&crate::Validators>,
    ) -> Result<Response, NetError> {
        host.wait(&self.politeness);
        host.not_before = None;
        // Kept before sending, so a run killed mid-request still keeps the delay next time,
        // and again once answered: the delay counts from the end of a request.
        let mut state = self.state.host(&host.key).unwrap_or_default();
        state.last_request = Some(Utc::now());
        state.in_flight = true;
        let _ = self.state.set_host(&host.key, &state);
        let result = self.client.get(url, validators);
        host.last = Some(Instant::now());
        state.last_request = Some(Utc::now());
        state.in_flight = false;
        let _ = self.state.set_host(&host.key, &state);
        result
    }

    /// Reads the host's robots.txt: from the state while fresh, else from the host.
    /// A 4xx means no rules; a 5xx or no answer (after retries) stops the host.
    fn read_robots(&self, host: &mut Host) -> Result<(), String> {
        if !self.politeness.obey_robots {
            host.robots = Some(Robots::allow_all(&self.politeness));
            return Ok(());
        }
        let stored = self.state.host(&host.key).unwrap_or_default();
        let fresh = stored.robots_time.is_some_and(|at| {
            (Utc::now() - at)
                .to_std()
                .is_ok_and(|age| age < self.politeness.robots_ttl)
        });
        if let (true, Some(text)) = (fresh, &stored.robots) {
            host.robots = Some(Robots::parse(text, &self.politeness));
            return Ok(());
        }
        let mut url = host.robots_url.clone();
        let mut attempt = 0;
        let mut redirects = 0;
        let text = loop {
            let answer = RobotsAnswer::of(&url, self.request(host, &url, None));
            match answer {
                RobotsAnswer::Rules(text) => break text,
                RobotsAnswer::Redirect(next) if redirects < MAX_REDIRECTS => {
                    redirects += 1;
                    url = next;
                }
                other => {
                    let why = match other {
                        RobotsAnswer::Unavailable(why) => why,
                        _ => "robots.txt redirects too often".to_owned(),
                    };
                    attempt += 1;
                    if attempt > self.politeness.retries {
                        return Err(why);
                    }
                    host.not_before =
                        Some(Instant::now() + backoff(self.politeness.backoff, attempt));
                }
            }
        };
        let robots = Robots::parse(&text, &self.politeness);
        let state = HostState {
            robots: Some(text),
            robots_time: Some(Utc::now()),
            ..self.state.host(&host.key).unwrap_or_default()
        };
        let _ = self.state.set_host(&host.key, &state);
        host.robots = Some(robots);
        Ok(())
    }

    /// A retry after `wait` (or the backoff), or the URL given up when retries are spent.
    fn retry_or_fail(&self, mut task: Task, wait: Option<Duration>, cause: &str) -> Step {
        task.attempt += 1;
        let wait = wait.unwrap_or_else(|| backoff(self.politeness.backoff, task.attempt));
        if wait > self.politeness.max_retry_wait {
            self.give_up(&task, &format!("{cause}, Retry-After too long"));
            return Step::Next(Vec::new());
        }
        if task.attempt > self.politeness.retries {
            self.give_up(&task, cause);
            return Step::Next(Vec::new());
        }
        self.summary.lock().expect("summary").retries += 1;
        Step::Retry(task, wait)
    }

    /// Counts a URL as failed and remembers it so a later run tries again.
    pub(crate) fn give_up(&self, task: &Task, cause: &str) {
        self.summary
            .lock()
            .expect("summary")
            .fail(task.url.as_str(), task.site_name(), cause);
        if task.is_page() {
            let _ = self
                .state
                .failed(task.url.as_str(), task.site_name(), cause);
        }
        self.done(&task.url, cause);
    }

    pub(crate) fn done(&self, url: &Url, outcome: &str) {
        self.observer.event(Event::Done { url, outcome });
    }

    /// Writes the exchange to the WARC file and records it; returns the response's offset.
    fn archive(&self, task: &Task, response: &Response) -> Result<u64, String> {
        let head = response.head_bytes();
        let exchange = Exchange {
            url: task.url.as_str(),
            date: response.date,
            request: &response.request,
            response_head: &head,
            payload: &response.body,
            ip: None,
            truncated: response.truncated,
        };
        let mut archive = self.archive.lock().expect("archive");
        let offsets = archive
            .writer
            .write_exchange(&exchange)
            .map_err(|e| format!("WARC write failed: {e}"))?;
        let end = archive.writer.position();
        let result = if task.is_page() {
            self.state.done(
                task.url.as_str(),
                task.site_name(),
                response.status,
                &archive.name,
                offsets.response,
                end,
            )
        } else {
            self.state.set_warc_len(&archive.name, end)
        };
        result.map_err(|e| e.to_string())?;
        Ok(offsets.response)
    }

    /// The task for a redirect's target, same kind, when there is one to follow.
    fn redirect(&self, task: &Task, response: &Response) -> Vec<Task> {
        let target = response
            .header("location")
            .and_then(|location| task.url.join(location).ok());
        match target {
            Some(url) if task.redirects < MAX_REDIRECTS && url != task.url => {
                let mut next = Task::new(url, task.kind.clone(), task.site.clone());
                next.redirects = task.redirects + 1;
                vec![next]
            }
            _ => Vec::new(),
        }
    }
}
