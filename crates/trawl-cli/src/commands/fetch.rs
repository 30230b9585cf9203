//! `trawl fetch`: the URLs given, fetched politely into one WARC file.

use std::path::PathBuf;
use std::process::ExitCode;

use trawl_fetch::{Crawler, Limits, State, Task, TaskKind};
use url::Url;

use super::fetching::{extraction, Progress};
use super::{stop_on_signals, USAGE};
use crate::args::FetchArgs;

/// Runs the command: exit 0 when every URL was fetched, 1 when some failed.
pub fn run(args: FetchArgs) -> ExitCode {
    let mut urls = args.urls.clone();
    if let Some(list) = &args.list {
        match std::fs::read_to_string(list) {
            Ok(text) => urls.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_owned),
            ),
            Err(error) => {
                eprintln!("error: {}: {error}", list.display());
                return ExitCode::from(USAGE);
            }
        }
    }
    if urls.is_empty() {
        eprintln!("error: no URL to fetch; give URLs or --list FILE");
        return ExitCode::from(USAGE);
    }
    let mut tasks = Vec::new();
    for url in &urls {
        match Url::parse(url) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
                tasks.push(Task::new(parsed, TaskKind::Page, None));
            }
            _ => {
                eprintln!("error: not an http(s) URL: {url}");
                return ExitCode::from(USAGE);
            }
        }
    }
    let extract = match extraction(&args.output) {
        Ok(extract) => extract,
        Err(code) => return code,
    };
    let state_path = args.state.clone().unwrap_or_else(|| {
        let mut name = args.warc.clone().into_os_string();
        name.push(".state");
        PathBuf::from(name)
    });
    let state = match State::open(&state_path) {
        Ok(state) => state,
        Err(error) => {
            eprintln!("error: {}: {error}", state_path.display());
            return ExitCode::FAILURE;
        }
    };
    let stop = stop_on_signals();
    let progress = Progress::new(
        &args.output,
        extract.as_ref().map(|(p, g)| (p, g)),
        stop.clone(),
    );
    let politeness = args.politeness.politeness();
    let result = Crawler::new(politeness, &state, &args.warc, Limits::default(), &progress)
        .map(|crawler| crawler.with_stop(stop.flag()))
        .and_then(|crawler| {
            crawler.add(tasks);
            crawler.run()
        });
    match result {
        Ok(summary) => progress.finish(&summary),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
