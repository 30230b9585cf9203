//! `trawl crawl`: new articles from the rules' feeds and sitemaps, fetched into one WARC
//! file per run in a folder that also keeps the state.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{Duration, Utc};
use trawl_engine::Rule;
use trawl_fetch::{recover, Crawler, Limits, Site, SiteOutcome, State, Summary, Task, TaskKind};
use url::Url;

use super::fetching::{with_plugins, Progress};
use super::{pack_or_exit, stop_on_signals, USAGE};
use crate::args::CrawlArgs;

/// Runs the command: exit 0 when every URL was fetched, 1 when some failed or a site got
/// nothing fetched.
pub fn run(args: CrawlArgs) -> ExitCode {
    // One pack for the sources and the records: rule files with problems are left out with
    // a warning each, as `extract` does.
    let pack = match pack_or_exit(args.output.rules.as_deref()) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    // Named sites come from any layer; "every site" is the first layer's (a project's own
    // folder, not the bundled pack below it).
    let rules = if args.sites.is_empty() {
        pack.rules_of_layer(0)
    } else {
        pack.rules()
    };
    let sites = match select(&rules, &args.sites, &pack.searched()) {
        Ok(sites) => sites,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(USAGE);
        }
    };
    if let Err(error) = std::fs::create_dir_all(&args.warc_dir) {
        eprintln!("error: {}: {error}", args.warc_dir.display());
        return ExitCode::FAILURE;
    }
    let state_path = args.warc_dir.join("state.redb");
    let state = match State::open(&state_path) {
        Ok(state) => state,
        Err(error) => {
            eprintln!("error: {}: {error}", state_path.display());
            return ExitCode::FAILURE;
        }
    };
    let mut recovered = 0;
    for path in warc_files(&args.warc_dir) {
        match recover(&state, &path, &path.display().to_string()) {
            Ok(n) => recovered += n,
            Err(error) => eprintln!("warning: {error}"),
        }
    }
    let extract = args.output.extract.then(|| with_plugins(pack));
    let since = args
        .since
        .map(|day| day.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
        .unwrap_or_else(|| Utc::now() - Duration::days(2));
    let limits = Limits {
        since: Some(since),
        max_per_site: args.max,
    };
    let warc = args.warc_dir.join(format!(
        "trawl-{}-{}.warc.gz",
        Utc::now().format("%Y%m%d%H%M%S"),
        std::process::id()
    ));
    let stop = stop_on_signals();
    let progress = Progress::new(
        &args.output,
        extract.as_ref().map(|(p, g)| (p, g)),
        stop.clone(),
    );
    let politeness = args.politeness.politeness();
    let result = Crawler::new(politeness, &state, &warc, limits, &progress)
        .map(|crawler| crawler.with_stop(stop.flag()))
        .and_then(|crawler| {
            crawler.add(pending(&state, &sites)?);
            for site in &sites {
                crawler.add(site.tasks());
            }
            crawler.run()
        });
    match result {
        Ok(mut summary) => {
            summary.recovered += recovered;
            let code = progress.finish(&summary);
            let empty = empty_sites(&sites, &summary);
            for (site, why) in &empty {
                eprintln!("error: nothing fetched for the site {site}: {why}");
            }
            if empty.is_empty() {
                code
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The sites asked for (by name or file stem), or every rule with sources.
fn select(rules: &[&Rule], names: &[String], searched: &str) -> Result<Vec<Arc<Site>>, String> {
    let stem = |rule: &Rule| {
        let name = rule.path.file_name().unwrap_or_default().to_string_lossy();
        name.trim_end_matches(".yaml")
            .trim_end_matches(".yml")
            .to_owned()
    };
    let mut sites = Vec::new();
    for name in names {
        let rule = rules
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name) || stem(r).eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("no rule named {name} in {searched}"))?;
        let sources = rule
            .sources
            .as_ref()
            .ok_or_else(|| format!("the rule {} has no `sources:` to crawl from", rule.name))?;
        sites.push(Arc::new(
            Site::new(&rule.name, &hosts(rule), sources).map_err(|e| e.to_string())?,
        ));
    }
    if names.is_empty() {
        // Every site: one whose sources cannot be used is left out, the others crawled.
        for rule in rules {
            let Some(sources) = &rule.sources else {
                continue;
            };
            match Site::new(&rule.name, &hosts(rule), sources) {
                Ok(site) => sites.push(Arc::new(site)),
                Err(error) => eprintln!(
                    "warning: {} left out of the crawl: {error}",
                    rule.path.display()
                ),
            }
        }
    }
    if sites.is_empty() {
        return Err("no rule has `sources:` to crawl from".into());
    }
    Ok(sites)
}

/// The sites of the run for which nothing was fetched, each with why.
fn empty_sites(sites: &[Arc<Site>], summary: &Summary) -> Vec<(String, String)> {
    sites
        .iter()
        .filter_map(|site| {
            let why = match summary.sites.get(&site.name) {
                Some(outcome) => outcome.nothing_fetched()?,
                None if site.sources.is_empty() && site.robots.is_empty() => {
                    "its rule's `sources:` name no feed or sitemap, and no `robots_sitemaps: true`"
                        .to_owned()
                }
                None => SiteOutcome::default().nothing_fetched()?,
            };
            Some((site.name.clone(), why))
        })
        .collect()
}

/// The articles earlier runs found but did not fetch, for the sites of this run.
fn pending(state: &State, sites: &[Arc<Site>]) -> Result<Vec<Task>, trawl_fetch::FetchError> {
    Ok(state
        .pending()?
        .into_iter()
        .filter_map(|(url, site)| {
            let site = sites.iter().find(|s| Some(&s.name) == site.as_ref())?;
            Some(Task::new(
                Url::parse(&url).ok()?,
                TaskKind::Page,
                Some(site.clone()),
            ))
        })
        .collect())
}

/// The WARC files already in the folder.
fn warc_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    files.sort();
    files
}

/// A rule's hosts as they are matched (no `=` or `*.`), for its robots.txt addresses.
fn hosts(rule: &Rule) -> Vec<String> {
    rule.matcher
        .hosts()
        .iter()
        .map(|(host, _)| host.clone())
        .collect()
}
