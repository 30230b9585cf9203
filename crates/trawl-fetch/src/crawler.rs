//! The scheduler: one queue per host, one request at a time per host, several hosts at once,
//! each host's delay kept (across runs too, from the state).

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use trawl_warc::WarcWriter;

use crate::events::{Event, Observer};
use crate::robots::{host_key, robots_url, Robots};
use crate::{recover, Client, FetchError, Limits, Politeness, State, Summary, Task};

/// A host while the run goes on.
pub(crate) struct Host {
    /// `host:port`.
    pub(crate) key: String,
    /// Its robots.txt URL (the scheme of the first URL queued for it).
    pub(crate) robots_url: url::Url,
    /// Its robots.txt, once read.
    pub(crate) robots: Option<Robots>,
    /// When the last request to it ended.
    pub(crate) last: Option<Instant>,
    /// No request before this (a `Retry-After`).
    pub(crate) not_before: Option<Instant>,
    /// 403/429 answers in a row.
    pub(crate) refusals: u32,
}

impl Host {
    /// The wait between requests.
    pub(crate) fn delay(&self, politeness: &Politeness) -> Duration {
        self.robots
            .as_ref()
            .map_or(politeness.delay, |robots| robots.delay)
    }

    /// When a request may be sent, if not now.
    fn ready(&self, politeness: &Politeness) -> Option<Instant> {
        let ready = self.last.map(|last| last + self.delay(politeness));
        match self.not_before {
            Some(not_before) => Some(ready.map_or(not_before, |r| r.max(not_before))),
            None => ready,
        }
    }

    /// Sleeps until a request may be sent.
    pub(crate) fn wait(&self, politeness: &Politeness) {
        if let Some(wait) = self
            .ready(politeness)
            .and_then(|r| r.checked_duration_since(Instant::now()))
        {
            std::thread::sleep(wait);
        }
    }

    /// Sleeps until a request may be sent, or until `stop` is set: then false.
    pub(crate) fn wait_unless(&self, politeness: &Politeness, stop: &AtomicBool) -> bool {
        let ready = self.ready(politeness);
        loop {
            if stop.load(Ordering::SeqCst) {
                return false;
            }
            let Some(left) = ready.and_then(|r| r.checked_duration_since(Instant::now())) else {
                return true;
            };
            std::thread::sleep(left.min(Duration::from_millis(100)));
        }
    }
}

struct Queue {
    tasks: VecDeque<Task>,
    /// The host, while no worker has it.
    host: Option<Host>,
    stopped: bool,
}

#[derive(Default)]
struct Queues {
    hosts: HashMap<String, Queue>,
    busy: usize,
    seen: HashSet<String>,
    per_site: HashMap<String, usize>,
    total: u64,
}

/// What processing a task asks of the scheduler.
pub(crate) enum Step {
    /// Done; these tasks were found.
    Next(Vec<Task>),
    /// Try again after a wait, before the host's other tasks.
    Retry(Task, Duration),
    /// Stop the host for the run, for this reason.
    Stop(String),
}

/// The WARC file of a run.
pub(crate) struct Archive {
    pub(crate) writer: WarcWriter<File>,
    pub(crate) name: String,
}

/// A fetching run: its settings, client, state, WARC file and counts.
pub struct Crawler<'a> {
    pub(crate) politeness: Politeness,
    pub(crate) client: Client,
    pub(crate) state: &'a State,
    pub(crate) archive: Mutex<Archive>,
    pub(crate) summary: Mutex<Summary>,
    pub(crate) limits: Limits,
    pub(crate) observer: &'a dyn Observer,
    queues: Mutex<Queues>,
    wake: Condvar,
    /// Set to stop the run: no new request, the ones in flight finished.
    pub(crate) stop: Arc<AtomicBool>,
}

impl<'a> Crawler<'a> {
    /// A run writing to the WARC file at `warc` (appended to, after recovering what an
    /// interrupted run left in it).
    pub fn new(
        politeness: Politeness,
        state: &'a State,
        warc: &Path,
        limits: Limits,
        observer: &'a dyn Observer,
    ) -> Result<Crawler<'a>, FetchError> {
        let name = warc.display().to_string();
        let recovered = recover(state, warc, &name)?;
        let warc_error = |e: std::io::Error| FetchError::Warc(format!("{name}: {e}"));
        let mut writer = WarcWriter::append(warc).map_err(warc_error)?;
        if writer.position() == 0 {
            let file_name = warc.file_name().unwrap_or_default().to_string_lossy();
            writer
                .write_warcinfo(
                    &file_name,
                    &[
                        ("software", &format!("trawl/{}", env!("CARGO_PKG_VERSION"))),
                        ("format", "WARC File Format 1.1"),
                        ("http-header-user-agent", &politeness.user_agent),
                        (
                            "robots",
                            if politeness.obey_robots {
                                "obey"
                            } else {
                                "ignore"
                            },
                        ),
                    ],
                )
                .map_err(warc_error)?;
            state.set_warc_len(&name, writer.position())?;
        }
        let summary = Summary {
            recovered,
            ..Summary::default()
        };
        Ok(Crawler {
            client: Client::new(&politeness),
            politeness,
            state,
            archive: Mutex::new(Archive { writer, name }),
            summary: Mutex::new(summary),
            limits,
            observer,
            queues: Mutex::default(),
            wake: Condvar::new(),
            stop: Arc::default(),
        })
    }

    /// Stops the run when `stop` is set (by a signal): no request is started after it, the
    /// ones in flight are finished, archived and reported, and [`Crawler::run`] returns the
    /// counts so far. The URLs not fetched stay queued in the state for the next run.
    pub fn with_stop(mut self, stop: Arc<AtomicBool>) -> Self {
        self.stop = stop;
        self
    }

    /// Adds tasks; URLs already queued in this run are left out.
    pub fn add(&self, tasks: Vec<Task>) {
        let mut queues = self.queues.lock().expect("queues");
        self.push(&mut queues, tasks);
    }

    fn push(&self, queues: &mut Queues, tasks: Vec<Task>) {
        for task in tasks {
            if !queues.seen.insert(task.url.as_str().to_owned()) {
                continue;
            }
            let key = host_key(&task.url);
            let queue = queues.hosts.entry(key.clone()).or_insert_with(|| Queue {
                tasks: VecDeque::new(),
                host: Some(self.host(key, robots_url(&task.url))),
                stopped: false,
            });
            if queue.stopped {
                continue;
            }
            queue.tasks.push_back(task);
            queues.total += 1;
        }
        self.observer.event(Event::Queued {
            total: queues.total,
        });
        self.wake.notify_all();
    }

    /// How many more articles a site may add this run.
    pub(crate) fn site_allowance(&self, site: &str) -> usize {
        let queues = self.queues.lock().expect("queues");
        let used = queues.per_site.get(site).copied().unwrap_or(0);
        self.limits
            .max_per_site
            .map_or(usize::MAX, |max| max.saturating_sub(used))
    }

    /// Counts articles added for a site.
    pub(crate) fn site_used(&self, site: &str, n: usize) {
        let mut queues = self.queues.lock().expect("queues");
        *queues.per_site.entry(site.to_owned()).or_default() += n;
    }

    /// A host as the state remembers it: when it was last asked, so the delay holds across
    /// runs. A request the last run never saw answered may have lasted until that run
    /// stopped, so the delay then counts from now.
    fn host(&self, key: String, robots_url: url::Url) -> Host {
        let stored = self.state.host(&key).ok();
        let last = match stored {
            Some(state) if state.in_flight => Some(Instant::now()),
            stored => stored
                .and_then(|state| state.last_request)
                .and_then(|at| (Utc::now() - at).to_std().ok())
                .and_then(|ago| Instant::now().checked_sub(ago)),
        };
        Host {
            key,
            robots_url,
            robots: None,
            last,
            not_before: None,
            refusals: 0,
        }
    }

    /// Fetches everything queued (and everything found on the way) and returns the counts.
    pub fn run(self) -> Result<Summary, FetchError> {
        let workers = self.politeness.parallel_hosts.max(1);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| self.work());
            }
        });
        let mut archive = self.archive.into_inner().expect("archive");
        archive
            .writer
            .sync()
            .map_err(|e| FetchError::Warc(format!("{}: {e}", archive.name)))?;
        Ok(self.summary.into_inner().expect("summary"))
    }

    /// One worker: takes the ready host with the earliest turn, runs one task, gives it back.
    fn work(&self) {
        let mut queues = self.queues.lock().expect("queues");
        loop {
            let stopping = self.stop.load(Ordering::SeqCst);
            let next = queues
                .hosts
                .iter_mut()
                .filter(|(_, q)| q.host.is_some() && !q.tasks.is_empty())
                .min_by_key(|(_, q)| {
                    let host = q.host.as_ref().expect("filtered");
                    host.last.map(|l| l + host.delay(&self.politeness))
                })
                .map(|(key, _)| key.clone())
                .filter(|_| !stopping);
            let Some(key) = next else {
                if queues.busy == 0 {
                    self.wake.notify_all();
                    return;
                }
                queues = self.wake.wait(queues).expect("queues");
                continue;
            };
            let queue = queues.hosts.get_mut(&key).expect("chosen");
            let mut host = queue.host.take().expect("free");
            let task = queue.tasks.pop_front().expect("non-empty");
            queues.busy += 1;
            drop(queues);
            let step = self.process(&mut host, task);
            queues = self.queues.lock().expect("queues");
            queues.busy -= 1;
            match step {
                Step::Next(found) => self.push(&mut queues, found),
                Step::Retry(task, wait) => {
                    host.not_before = Some(Instant::now() + wait);
                    let queue = queues.hosts.get_mut(&key).expect("known");
                    queue.tasks.push_front(task);
                }
                Step::Stop(why) => {
                    let queue = queues.hosts.get_mut(&key).expect("known");
                    queue.stopped = true;
                    let dropped: Vec<Task> = queue.tasks.drain(..).collect();
                    let mut summary = self.summary.lock().expect("summary");
                    summary.stopped.push((key.clone(), why));
                    for task in &dropped {
                        summary.fail(task.url.as_str(), task.site_name(), "host stopped");
                        if task.is_page() {
                            let _ = self.state.failed(
                                task.url.as_str(),
                                task.site_name(),
                                "host stopped",
                            );
                        }
                        self.observer.event(Event::Done {
                            url: &task.url,
                            outcome: "host stopped",
                        });
                    }
                }
            }
            queues.hosts.get_mut(&key).expect("known").host = Some(host);
            self.wake.notify_all();
        }
    }
}
