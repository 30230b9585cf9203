//! `trawl extract https://…`: pages fetched now, politely (their host's robots.txt read and
//! obeyed, one request a page), and extracted like files.

use std::io::Write;
use std::path::{Path, PathBuf};

use trawl::Extractor;
use trawl::{Cause, Failure};
use trawl_engine::PageInput;
use trawl_fetch::{OneError, PageFetcher, Politeness};

use super::extract::Sink;
use crate::args::ExtractArgs;

/// Whether an input is a URL to fetch rather than a path.
pub fn is_url(input: &Path) -> bool {
    input.to_str().is_some_and(|text| {
        let lower = text.to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    })
}

/// The inputs split into URLs to fetch and paths to read, each in the order given.
pub fn split_urls(inputs: &[PathBuf]) -> (Vec<String>, Vec<PathBuf>) {
    let (urls, paths): (Vec<&PathBuf>, Vec<&PathBuf>) = inputs.iter().partition(|p| is_url(p));
    (
        urls.iter()
            .map(|u| u.to_string_lossy().into_owned())
            .collect(),
        paths.into_iter().cloned().collect(),
    )
}

/// Fetches each URL in turn and hands its record (or why there is none) to the sink.
pub fn extract_urls(
    urls: &[String],
    extractor: &Extractor<'_>,
    args: &ExtractArgs,
    sink: &mut Sink<impl Write>,
) {
    let mut fetcher = PageFetcher::new(Politeness {
        max_bytes: args.max_page_size.saturating_mul(1 << 20),
        ..Politeness::default()
    });
    for url in urls {
        if sink.stopped() {
            sink.take(None);
            continue;
        }
        let page = match fetcher.get(url) {
            Ok(page) => page,
            Err(error) => {
                let cause = match error {
                    OneError::BadUrl(_) => Cause::InvalidUrl,
                    _ => Cause::NotFetched,
                };
                let detail = if error.url() == url {
                    error.detail()
                } else {
                    format!("{} (redirected to {})", error.detail(), error.url())
                };
                sink.fail(Failure::new(url.as_str(), cause, detail), 0);
                continue;
            }
        };
        let input = PageInput {
            bytes: &page.body,
            url: Some(page.url.as_str()),
            content_type: page.content_type.as_deref(),
            date: args.pages.date.or(Some(page.date.date_naive())),
            rule: args.pages.rule.as_deref(),
        };
        let done = extractor.extract(input, url);
        sink.take(Some((page.body.len(), done)));
    }
}
