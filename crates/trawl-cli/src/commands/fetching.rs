//! What `fetch` and `crawl` share: the progress bar, extracting pages as they arrive, and
//! the end summary.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use trawl::{default_plugin_dir, load_plugins, PluginMode, Plugins, DEFAULT_TIMEOUT};
use trawl::{Cause, Failure};
use trawl_cli::interrupt::Stop;
use trawl_cli::output::RecordWriter;
use trawl_engine::{Pack, PageInput, PageTooLarge};
use trawl_fetch::{Event, Observer, Summary};
use trawl_warc::decode_content;

use trawl::Extractor;

use super::extract::Sink;
use crate::args::FetchOutputArgs;

/// The observer of a run: a progress bar on a terminal, records on stdout with `--extract`.
pub struct Progress<'a> {
    bar: Option<ProgressBar>,
    extract: Option<(&'a Pack, &'a Plugins)>,
    /// The largest page extracted, in bytes once decoded.
    max_page_size: u64,
    sink: Mutex<Sink<Box<dyn Write + Send + 'a>>>,
}

impl<'a> Progress<'a> {
    /// An observer; `extract` is the pack and plugins when pages are extracted.
    /// `stop` is set by a signal: the sink then closes the output and exits 129/130/143.
    pub fn new(
        output: &FetchOutputArgs,
        extract: Option<(&'a Pack, &'a Plugins)>,
        stop: Stop,
    ) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {wide_msg}",
                )
                .expect("a valid template"),
            );
            bar
        });
        let out: Box<dyn Write + Send> = Box::new(std::io::BufWriter::new(std::io::stdout()));
        Progress {
            bar,
            extract,
            max_page_size: output.max_page_size.saturating_mul(1 << 20),
            sink: Mutex::new(Sink::new(RecordWriter::new(out, output.format), stop)),
        }
    }

    /// Clears the bar, prints the summary, ends the record output; exit 1 when URLs failed
    /// or pages gave no record, 129/130/143 when a signal stopped the run.
    pub fn finish(self, summary: &Summary) -> ExitCode {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        eprintln!("{summary}");
        let sink = self.sink.into_inner().expect("sink");
        let stopped = sink.stopped_by_signal();
        let code = sink.finish(false);
        if summary.failures() > 0 && !stopped {
            ExitCode::FAILURE
        } else {
            code
        }
    }
}

impl Observer for Progress<'_> {
    fn event(&self, event: Event<'_>) {
        match event {
            Event::Queued { total } => {
                if let Some(bar) = &self.bar {
                    bar.set_length(total);
                }
            }
            Event::Done { url, outcome } => {
                if let Some(bar) = &self.bar {
                    bar.inc(1);
                    bar.set_message(format!("{outcome} {url}"));
                }
            }
            Event::Page(page) => {
                let Some((pack, plugins)) = self.extract else {
                    return;
                };
                let html = page.content_type.is_some_and(|t| t.contains("html"));
                if page.status != 200 || !html {
                    return;
                }
                let extractor = Extractor::new(pack).with_plugins(plugins);
                let label = format!("{}@{} ({})", page.warc, page.offset, page.url);
                let limit = self.max_page_size;
                let done = match decode_content(page.body.to_vec(), page.content_encoding, limit) {
                    Some(body) => {
                        let input = PageInput {
                            bytes: &body,
                            url: Some(page.url.as_str()),
                            content_type: page.content_type,
                            date: Some(page.date.date_naive()),
                            rule: None,
                        };
                        Some((body.len(), extractor.extract(input, &label)))
                    }
                    None => {
                        let error = PageTooLarge {
                            limit,
                            expands: false,
                        };
                        let failure = Failure::new(&label, Cause::TooLarge, error);
                        Some((page.body.len(), Err(failure)))
                    }
                };
                let mut sink = self.sink.lock().expect("sink");
                match &self.bar {
                    Some(bar) => bar.suspend(|| sink.take(done)),
                    None => sink.take(done),
                }
            }
        }
    }
}

/// The pack and plugins for `--extract`, or the exit code when the pack is unusable.
pub fn extraction(output: &FetchOutputArgs) -> Result<Option<(Pack, Plugins)>, ExitCode> {
    if !output.extract {
        return Ok(None);
    }
    let pack = super::pack_or_exit(output.rules.as_deref())?;
    Ok(Some(with_plugins(pack)))
}

/// The pack with the plugins its rules name, each run out of process.
pub fn with_plugins(pack: Pack) -> (Pack, Plugins) {
    let plugins = load_plugins(
        &[],
        default_plugin_dir().as_deref(),
        &pack.plugin_names(),
        PluginMode::Isolated {
            timeout: DEFAULT_TIMEOUT,
        },
    );
    (pack, plugins)
}
