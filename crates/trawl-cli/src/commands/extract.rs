//! `trawl extract`: pages in, records out; one bad page never stops the run.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use trawl_cli::archive::{page_input, page_label, skipped_line, ArchivePages, BATCH};
use trawl_cli::inputs::{expand, Input};
use trawl_cli::output::RecordWriter;
use trawl_cli::parallel::{default_jobs, for_each_ordered};
use trawl_cli::plugin_setup::{default_plugin_dir, load_plugins, Plugins};
use trawl_engine::{Pack, PageInput, Record};

use super::{pack_or_exit, USAGE};
use crate::args::ExtractArgs;

/// Runs the command: exit 0 when every page gave a record, 1 when some did not.
pub fn run(args: ExtractArgs) -> ExitCode {
    let pack = match pack_or_exit(args.pages.rules.as_deref()) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    let (inputs, missing) = expand(&args.inputs);
    if args.pages.url.is_some() && inputs.len() > 1 {
        eprintln!("error: --url applies to one page, but {} were given; put a <page>.url file beside each page instead", inputs.len());
        return ExitCode::from(USAGE);
    }
    if args.pages.url.is_some() && matches!(inputs.first(), Some(Input::Warc(_))) {
        eprintln!("error: --url applies to one page; a web archive names the URL of each");
        return ExitCode::from(USAGE);
    }
    let plugin_dir = args.plugin_dir.clone().or_else(default_plugin_dir);
    let plugins = load_plugins(&args.plugins, plugin_dir.as_deref());
    for error in &plugins.errors {
        eprintln!("plugin {error}; records are written without it");
    }
    for (path, error) in &missing {
        eprintln!("{}: {error}", path.display());
    }
    let extractor = Extractor {
        pack: &pack,
        plugins: &plugins,
        plugin_paths: &args.plugins,
    };
    let stdout = std::io::stdout().lock();
    let mut sink = Sink {
        writer: RecordWriter::new(std::io::BufWriter::new(stdout), args.format),
        failed: missing.len(),
        write_error: None,
    };
    let jobs = args.jobs.unwrap_or_else(default_jobs);
    let is_warc = |input: &Input| matches!(input, Input::Warc(_));
    for group in inputs.chunk_by(|a, b| is_warc(a) == is_warc(b)) {
        let work = |input: &Input| -> Result<Record, String> {
            let bytes = input
                .read()
                .map_err(|error| format!("{}: cannot read: {error}", input.label()))?;
            let url = args.pages.url_for(input);
            extractor.extract(args.pages.input(&bytes, url.as_deref()), &input.label())
        };
        match group {
            [Input::Warc(_), ..] => group.iter().for_each(|input| {
                if let Input::Warc(path) = input {
                    let how = (&extractor, args.pages.rule.as_deref(), args.pages.date);
                    extract_archive(path, how, jobs, &mut sink);
                }
            }),
            _ => for_each_ordered(group, jobs, work, |_, result| sink.take(result)),
        }
    }
    sink.finish()
}

/// Extracts every HTML page of one web archive, a batch at a time.
fn extract_archive(
    path: &Path,
    (extractor, rule, date): (&Extractor<'_>, Option<&str>, Option<chrono::NaiveDate>),
    jobs: usize,
    sink: &mut Sink<impl Write>,
) {
    let mut pages = match ArchivePages::open(path) {
        Ok(pages) => pages,
        Err(error) => {
            eprintln!("{}: cannot read: {error}", path.display());
            sink.failed += 1;
            return;
        }
    };
    let mut count = 0;
    loop {
        let batch = pages.next_batch(BATCH * jobs.max(1));
        if batch.is_empty() {
            break;
        }
        count += batch.len() as u64;
        let work = |page: &trawl_warc::WarcPage| {
            let input = page_input(page, rule, date);
            extractor.extract(input, &page_label(path, page))
        };
        for_each_ordered(&batch, jobs, work, |_, result| sink.take(result));
    }
    if let Some(error) = pages.error() {
        eprintln!(
            "{}: {error}; the pages before it were extracted",
            path.display()
        );
        sink.failed += 1;
    }
    eprintln!("{}", skipped_line(path, count, pages.skipped()));
}

/// What turns one page into a record: the pack, then the plugins.
pub struct Extractor<'a> {
    /// The rules.
    pub pack: &'a Pack,
    /// The plugins loaded.
    pub plugins: &'a Plugins,
    /// The plugins given with `--plugin`, whose load errors go into every record.
    pub plugin_paths: &'a [std::path::PathBuf],
}

impl Extractor<'_> {
    /// One page's record, or the message saying why there is none.
    pub fn extract(&self, page: PageInput<'_>, label: &str) -> Result<Record, String> {
        let record = self
            .pack
            .extract(&page)
            .map_err(|error| format!("{label}: {error}"))?;
        let rule_plugins = self
            .pack
            .rule_named(&record.site)
            .map(|rule| rule.plugins.as_slice())
            .unwrap_or_default();
        let mut record = self
            .plugins
            .host
            .apply(record, rule_plugins, &self.plugins.always);
        for error in self
            .plugins
            .errors
            .iter()
            .filter(|e| self.plugin_paths.contains(&e.path))
        {
            record.warnings.push(format!("plugin {error}"));
        }
        Ok(record)
    }
}

/// Where records go, and what failed on the way.
pub struct Sink<W: Write> {
    /// The output.
    pub writer: RecordWriter<W>,
    /// Pages that gave no record.
    pub failed: usize,
    /// The first error writing the output.
    pub write_error: Option<std::io::Error>,
}

impl<W: Write> Sink<W> {
    /// Writes a record, or prints why there is none.
    pub fn take(&mut self, result: Result<Record, String>) {
        match result {
            Ok(record) if self.write_error.is_none() => {
                if let Err(error) = self.writer.write(&record) {
                    self.write_error = Some(error);
                }
            }
            Ok(_) => {}
            Err(message) => {
                eprintln!("{message}");
                self.failed += 1;
            }
        }
    }

    /// Ends the output; the exit code says whether every page gave a record.
    pub fn finish(self) -> ExitCode {
        if let Some(error) = self.write_error {
            eprintln!("error: cannot write output: {error}");
            return ExitCode::FAILURE;
        }
        if let Err(error) = self.writer.finish() {
            eprintln!("error: cannot write output: {error}");
            return ExitCode::FAILURE;
        }
        if self.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}
