//! `trawl extract`: pages and web archives in, records out; one bad page never stops the run.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use trawl::archive::{page_input, page_label, skipped_line, ArchivePages, BATCH};
use trawl::inputs::{expand, Input};
use trawl::parallel::{default_jobs, for_each_ordered};
use trawl::Extractor;
use trawl::{default_plugin_dir, load_plugins};
use trawl::{Cause, Failure};
use trawl_cli::interrupt::{Stop, StopReason};
use trawl_cli::output::RecordWriter;
use trawl_cli::plugin_stdio::take_stdout;
use trawl_cli::progress::Progress;
use trawl_cli::summary::Summary;
use trawl_engine::{Pack, Record};

use super::extract_url::{extract_urls, split_urls};
use super::{pack_or_exit, stop_on_signals, USAGE};
use crate::args::ExtractArgs;

/// Runs the command: exit 0 when every page gave a record, 1 when some did not, 2 when the
/// run could not start (rules, options, a `--plugin` that does not load).
pub fn run(args: ExtractArgs) -> ExitCode {
    let stop = stop_on_signals();
    let pack = match pack_or_exit(args.pages.rules.as_deref()) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    if let Err(message) = check_rule_name(&pack, args.pages.rule.as_deref()) {
        eprintln!("error: {message}");
        return ExitCode::from(USAGE);
    }
    let (urls, paths) = split_urls(&args.inputs);
    if args.pages.url.is_some() && !urls.is_empty() {
        eprintln!("error: --url names the URL of a page file; a URL given as input is fetched from itself");
        return ExitCode::from(USAGE);
    }
    let (inputs, missing) = expand(&paths);
    if args.pages.url.is_some() && inputs.len() + missing.len() > 1 {
        eprintln!("error: --url applies to one page, but {} were given; put a <page>.url file beside each page instead", inputs.len() + missing.len());
        return ExitCode::from(USAGE);
    }
    if args.pages.url.is_some() && matches!(inputs.first(), Some(Input::Warc(_))) {
        eprintln!("error: --url applies to one page; a web archive names the URL of each");
        return ExitCode::from(USAGE);
    }
    let plugin_dir = args.plugin_dir.clone().or_else(default_plugin_dir);
    let plugins = load_plugins(
        &args.plugins,
        plugin_dir.as_deref(),
        &pack.plugin_names(),
        args.plugin_mode(),
    );
    let mut setup_failed = false;
    for error in &plugins.errors {
        if args.plugins.contains(&error.path) {
            eprintln!("error: plugin {error}");
            setup_failed = true;
        } else {
            eprintln!("warning: plugin {error}; rules that name it run without it");
        }
    }
    if setup_failed {
        eprintln!("error: a --plugin could not be loaded; nothing was extracted");
        return ExitCode::from(USAGE);
    }
    let errors_file = match args.errors.as_deref().map(File::create).transpose() {
        Ok(file) => file.map(BufWriter::new),
        Err(error) => {
            eprintln!("error: cannot write the --errors file: {error}");
            return ExitCode::from(USAGE);
        }
    };

    let extractor = Extractor::new(&pack)
        .with_plugins(&plugins)
        .with_mode(args.mode());
    let files = inputs
        .iter()
        .filter(|i| !matches!(i, Input::Warc(_)))
        .count()
        + urls.len();
    // In process, what a plugin prints must not reach the records: they go to a copy of
    // stdout, and stdout itself is pointed at stderr (see plugin_stdio).
    let in_process = args.plugins_in_process && !plugins.host.plugins().is_empty();
    let records_out: Box<dyn Write> = match in_process.then(take_stdout) {
        Some(Ok(file)) => Box::new(file),
        Some(Err(error)) => {
            eprintln!("warning: cannot keep plugin output off stdout: {error}");
            Box::new(std::io::stdout().lock())
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut sink = Sink {
        writer: RecordWriter::new(BufWriter::new(records_out), args.format),
        write_error: None,
        summary: Summary::default(),
        progress: Progress::new(files, std::io::stderr().is_terminal()),
        errors_file,
        quiet: args.quiet,
        stop: stop.clone(),
        not_started: 0,
    };
    for (path, error) in &missing {
        let cause = if error.kind() == std::io::ErrorKind::NotFound {
            Cause::Missing
        } else {
            Cause::Unreadable
        };
        sink.fail(Failure::new(path.display().to_string(), cause, error), 0);
    }
    extract_urls(&urls, &extractor, &args, &mut sink);
    let jobs = args.jobs.unwrap_or_else(default_jobs);
    let is_warc = |input: &Input| matches!(input, Input::Warc(_));
    for group in inputs.chunk_by(|a, b| is_warc(a) == is_warc(b)) {
        if group.first().is_some_and(is_warc) {
            for input in group {
                if let Input::Warc(path) = input {
                    extract_archive(path, &extractor, &args, jobs, &mut sink);
                }
            }
            continue;
        }
        let work = |input: &Input| -> Option<(usize, Result<Record, Failure>)> {
            if stop.is_set() {
                return None;
            }
            let bytes = match input.read_limited(args.max_page_size.saturating_mul(1 << 20)) {
                Ok(bytes) => bytes,
                Err(error) => {
                    let detail = format_args!("cannot read: {error}");
                    let failure = Failure::new(input.label(), Cause::of_read(&error), detail);
                    return Some((0, Err(failure)));
                }
            };
            let url = args.pages.url_for(input);
            let page = args.pages.input(&bytes, url.as_deref());
            Some((bytes.len(), extractor.extract(page, &input.label())))
        };
        for_each_ordered(group, jobs, work, |_, done| sink.take(done));
    }
    sink.finish(urls.len() + inputs.len() + missing.len() > 1)
}

/// Extracts every HTML page of one web archive, a batch at a time, so memory stays flat.
fn extract_archive(
    path: &Path,
    extractor: &Extractor<'_>,
    args: &ExtractArgs,
    jobs: usize,
    sink: &mut Sink<impl Write>,
) {
    let max_page_size = args.max_page_size.saturating_mul(1 << 20);
    let mut pages = match ArchivePages::open(path, max_page_size) {
        Ok(pages) => pages,
        Err(error) => {
            let failure = Failure::new(
                path.display().to_string(),
                Cause::Unreadable,
                format_args!("cannot read: {error}"),
            );
            sink.fail(failure, 0);
            return;
        }
    };
    let mut count = 0;
    while !sink.stop.is_set() {
        let batch = pages.next_batch(BATCH * jobs.max(1));
        if batch.is_empty() {
            break;
        }
        count += batch.iter().filter(|page| page.is_ok()).count() as u64;
        sink.progress.add(batch.len());
        let stop = sink.stop.clone();
        let work = |page: &Result<trawl_warc::WarcPage, Failure>| {
            if stop.is_set() {
                return None;
            }
            let page = match page {
                Ok(page) => page,
                Err(failure) => return Some((0, Err(failure.clone()))),
            };
            let input = page_input(page, args.pages.rule.as_deref(), args.pages.date);
            let label = page_label(path, page);
            Some((page.body.len(), extractor.extract(input, &label)))
        };
        for_each_ordered(&batch, jobs, work, |_, done| sink.take(done));
    }
    if !args.quiet {
        sink.progress
            .println(&skipped_line(path, count, pages.skipped()));
    }
}

/// The summary's note for records the generic extractor made (pages no rule serves).
const GENERIC_NOTE: &str = "read by the generic extractor (no rule; --no-generic refuses them)";
/// The summary's note for records whose rule left the title or body empty.
const STALE_NOTE: &str =
    "with a title or body from the generic extractor (their warnings name the rule: is it stale?)";

/// Where records and failures go: the output, the summary, the progress bar, the
/// `--errors` file.
pub struct Sink<W: Write> {
    writer: RecordWriter<W>,
    write_error: Option<std::io::Error>,
    summary: Summary,
    progress: Progress,
    errors_file: Option<BufWriter<File>>,
    quiet: bool,
    stop: Stop,
    /// Pages not started because the batch was stopped.
    not_started: usize,
}

impl<W: Write> Sink<W> {
    /// Whether a signal stopped the batch (the exit code is then 129, 130 or 143).
    pub fn stopped_by_signal(&self) -> bool {
        self.stop
            .reason()
            .is_some_and(|reason| reason != StopReason::OutputClosed)
    }

    /// A sink writing to `writer`, with no progress bar of its own (for `fetch --extract`,
    /// which draws its own) and no `--errors` file; `stop` says when a signal stopped it.
    pub fn new(writer: RecordWriter<W>, stop: Stop) -> Self {
        Sink {
            writer,
            write_error: None,
            summary: Summary::default(),
            progress: Progress::new(0, false),
            errors_file: None,
            quiet: false,
            stop,
            not_started: 0,
        }
    }

    /// Takes a page's outcome; `None` is a page not started because the batch stopped.
    pub fn take(&mut self, done: Option<(usize, Result<Record, Failure>)>) {
        let Some((bytes, result)) = done else {
            self.not_started += 1;
            return;
        };
        match result {
            Ok(record) => {
                self.summary.record(bytes);
                match record.extractor {
                    trawl_engine::MadeBy::Generic => self.summary.note(GENERIC_NOTE),
                    trawl_engine::MadeBy::RuleAndGeneric => self.summary.note(STALE_NOTE),
                    trawl_engine::MadeBy::Rule => {}
                }
                if self.write_error.is_none() {
                    if let Err(error) = self.writer.write(&record) {
                        if error.kind() == std::io::ErrorKind::BrokenPipe {
                            self.stop.output_closed();
                        }
                        self.write_error = Some(error);
                    }
                }
            }
            Err(failure) => self.fail(failure, bytes),
        }
        self.progress.update(&self.summary);
    }

    /// Whether the batch was stopped (Ctrl-C, SIGTERM, stdout closed).
    pub fn stopped(&self) -> bool {
        self.stop.is_set()
    }

    /// Prints a failed page (unless `--quiet`), appends it to the `--errors` file and counts it.
    pub fn fail(&mut self, failure: Failure, bytes: usize) {
        if !self.quiet {
            self.progress.println(&failure.message);
        }
        if let Some(file) = &mut self.errors_file {
            let line = serde_json::to_string(&failure).expect("a failure serialises");
            if let Err(error) = writeln!(file, "{line}") {
                self.progress
                    .println(&format!("error: cannot write the --errors file: {error}"));
                self.errors_file = None;
            }
        }
        self.summary.fail(&failure, bytes);
    }

    /// Ends the output and prints the summary (for a batch, or when anything failed or needed
    /// the generic extractor); a
    /// stopped batch exits 130 (Ctrl-C) or 143 (SIGTERM), or quietly when stdout was closed.
    pub fn finish(mut self, batch: bool) -> ExitCode {
        self.progress.finish();
        if self.stop.reason() == Some(StopReason::OutputClosed) {
            return ExitCode::SUCCESS;
        }
        if let Some(error) = self
            .write_error
            .take()
            .or_else(|| self.writer.finish().err())
        {
            if error.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: cannot write output: {error}");
            return ExitCode::FAILURE;
        }
        if let Some(Err(error)) = self.errors_file.as_mut().map(Write::flush) {
            eprintln!("error: cannot write the --errors file: {error}");
        }
        if batch || self.summary.failed() > 0 || !self.summary.notes.is_empty() {
            eprintln!("{}", self.summary);
        }
        if let Some(reason) = self.stop.reason() {
            eprintln!(
                "stopped by {}: {} page(s) not started; every record written is complete",
                reason.signal_name(),
                self.not_started
            );
            return ExitCode::from(reason.exit_code());
        }
        if self.summary.failed() == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

/// `--rule NAME` must name a rule of the pack: a usage error once, not one error per page.
fn check_rule_name(pack: &Pack, name: Option<&str>) -> Result<(), String> {
    let Some(name) = name else { return Ok(()) };
    pack.rule_named(name)
        .map(|_| ())
        .map_err(|error| match error {
            trawl_engine::Unusable::Invalid(why) => format!("--rule {name}: {why}"),
            trawl_engine::Unusable::Unknown(help) => {
                let mut message =
                    format!("--rule {name}: no rule of that name in {}", pack.searched());
                match help {
                    Some(help) => message.push_str(&format!("; {help}")),
                    None => message.push_str("; `trawl check` lists the rules"),
                }
                message
            }
        })
}
