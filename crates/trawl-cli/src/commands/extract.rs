//! `trawl extract`: pages in, records out; one bad page never stops the run.

use std::process::ExitCode;

use trawl_cli::inputs::{expand, Input};
use trawl_cli::output::RecordWriter;
use trawl_cli::parallel::{default_jobs, for_each_ordered};
use trawl_cli::plugin_setup::{default_plugin_dir, load_plugins};
use trawl_engine::{Extractor, Record};
use trawl_generic::extract_page;

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
    let plugin_dir = args.plugin_dir.clone().or_else(default_plugin_dir);
    let plugins = load_plugins(&args.plugins, plugin_dir.as_deref());
    for error in &plugins.errors {
        eprintln!("plugin {error}; records are written without it");
    }
    let mut failed = missing.len();
    for (path, error) in &missing {
        eprintln!("{}: {error}", path.display());
    }
    let mode = args.mode();
    let work = |input: &Input| -> Result<Record, String> {
        let bytes = input
            .read()
            .map_err(|error| format!("{}: cannot read: {error}", input.label()))?;
        let url = args.pages.url_for(input);
        let page = args.pages.input(&bytes, url.as_deref());
        let record = extract_page(&pack, &page, mode)
            .map_err(|error| format!("{}: {error}", input.label()))?;
        let rule_plugins = pack
            .rule_named(&record.site)
            .map(|rule| rule.plugins.as_slice())
            .unwrap_or_default();
        let mut record = plugins.host.apply(record, rule_plugins, &plugins.always);
        for error in plugins
            .errors
            .iter()
            .filter(|e| args.plugins.contains(&e.path))
        {
            record.warnings.push(format!("plugin {error}"));
        }
        Ok(record)
    };
    let stdout = std::io::stdout().lock();
    let mut writer = RecordWriter::new(std::io::BufWriter::new(stdout), args.format);
    let mut write_error = None;
    let (mut generic, mut stale) = (0usize, 0usize);
    let jobs = args.jobs.unwrap_or_else(default_jobs);
    for_each_ordered(&inputs, jobs, work, |_, result| match result {
        Ok(record) if write_error.is_none() => {
            generic += usize::from(record.extractor == Extractor::Generic);
            stale += usize::from(record.extractor == Extractor::RuleAndGeneric);
            if let Err(error) = writer.write(&record) {
                write_error = Some(error);
            }
        }
        Ok(_) => {}
        Err(message) => {
            eprintln!("{message}");
            failed += 1;
        }
    });
    if generic > 0 && !args.generic {
        eprintln!("{generic} page(s) had no rule and were read by the generic extractor (--no-generic to refuse them)");
    }
    if stale > 0 {
        eprintln!("{stale} record(s) took an empty title or body from the generic extractor; their warnings name the rule: is it stale?");
    }
    if let Some(error) = write_error {
        eprintln!("error: cannot write output: {error}");
        return ExitCode::FAILURE;
    }
    if let Err(error) = writer.finish() {
        eprintln!("error: cannot write output: {error}");
        return ExitCode::FAILURE;
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
