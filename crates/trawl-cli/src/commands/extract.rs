//! `trawl extract`: pages in, records out; one bad page never stops the run.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use trawl_cli::inputs::{expand, Input};
use trawl_cli::output::RecordWriter;
use trawl_cli::parallel::{default_jobs, for_each_ordered};
use trawl_cli::plugin_setup::{default_plugin_dir, load_plugins};
use trawl_cli::plugin_stdio::take_stdout;
use trawl_cli::progress::Progress;
use trawl_cli::summary::{Cause, Failure, Summary};
use trawl_engine::{Pack, Record};

use super::{pack_or_exit, USAGE};
use crate::args::ExtractArgs;

/// Runs the command: exit 0 when every page gave a record, 1 when some did not, 2 when the
/// run could not start (rules, options, a `--plugin` that does not load).
pub fn run(args: ExtractArgs) -> ExitCode {
    let pack = match pack_or_exit(args.pages.rules.as_deref()) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    if let Err(message) = check_rule_name(&pack, args.pages.rule.as_deref()) {
        eprintln!("error: {message}");
        return ExitCode::from(USAGE);
    }
    let (inputs, missing) = expand(&args.inputs);
    if args.pages.url.is_some() && inputs.len() + missing.len() > 1 {
        eprintln!("error: --url applies to one page, but {} were given; put a <page>.url file beside each page instead", inputs.len() + missing.len());
        return ExitCode::from(USAGE);
    }
    let plugin_dir = args.plugin_dir.clone().or_else(default_plugin_dir);
    let mut named: Vec<&str> = pack
        .rules()
        .iter()
        .flat_map(|rule| rule.plugins.iter().map(|p| p.name.as_str()))
        .collect();
    named.sort_unstable();
    named.dedup();
    let plugins = load_plugins(
        &args.plugins,
        plugin_dir.as_deref(),
        &named,
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
    let mut errors_file = match args
        .errors
        .as_deref()
        .map(std::fs::File::create)
        .transpose()
    {
        Ok(file) => file.map(std::io::BufWriter::new),
        Err(error) => {
            eprintln!("error: cannot write the --errors file: {error}");
            return ExitCode::from(USAGE);
        }
    };

    let work = |input: &Input| -> (usize, Result<Record, Failure>) {
        let bytes = match input.read_limited(args.max_page_size.saturating_mul(1 << 20)) {
            Ok(bytes) => bytes,
            Err(error) => {
                let failure = Failure::new(
                    input.label(),
                    Cause::Unreadable,
                    format_args!("cannot read: {error}"),
                );
                return (0, Err(failure));
            }
        };
        let url = args.pages.url_for(input);
        let page = args.pages.input(&bytes, url.as_deref());
        let record = match pack.extract(&page) {
            Ok(record) => record,
            Err(error) => {
                return (
                    bytes.len(),
                    Err(Failure::new(input.label(), Cause::of(&error), error)),
                )
            }
        };
        if record.title.is_empty() && record.body.paragraphs().next().is_none() {
            let failure = Failure::new(
                input.label(),
                Cause::NoArticle,
                format_args!("no article found: rule `{}` found no title and no body; is this an article page? (`trawl explain` shows what each field took)", record.site),
            );
            return (bytes.len(), Err(failure));
        }
        let rule_plugins = pack
            .rule_named(&record.site)
            .map(|rule| rule.plugins.as_slice())
            .unwrap_or_default();
        (
            bytes.len(),
            Ok(plugins.host.apply(record, rule_plugins, &plugins.always)),
        )
    };

    let mut summary = Summary::default();
    for (path, error) in &missing {
        let failure = Failure::new(path.display().to_string(), Cause::Missing, error);
        report(&failure, &args, errors_file.as_mut(), None);
        summary.fail(&failure, 0);
    }
    let progress = Progress::new(inputs.len(), std::io::stderr().is_terminal());
    // In process, what a plugin prints must not reach the records: they go to a copy of
    // stdout, and stdout itself is pointed at stderr (see plugin_stdio).
    let records_out: Box<dyn Write> =
        match (args.plugins_in_process && !plugins.host.plugins().is_empty()).then(take_stdout) {
            Some(Ok(file)) => Box::new(file),
            Some(Err(error)) => {
                eprintln!("warning: cannot keep plugin output off stdout: {error}");
                Box::new(std::io::stdout().lock())
            }
            None => Box::new(std::io::stdout().lock()),
        };
    let mut writer = RecordWriter::new(std::io::BufWriter::new(records_out), args.format);
    let mut write_error = None;
    let jobs = args.jobs.unwrap_or_else(default_jobs);
    for_each_ordered(&inputs, jobs, work, |_, (bytes, result)| {
        match result {
            Ok(record) => {
                summary.record(bytes);
                if write_error.is_none() {
                    if let Err(error) = writer.write(&record) {
                        write_error = Some(error);
                    }
                }
            }
            Err(failure) => {
                report(&failure, &args, errors_file.as_mut(), Some(&progress));
                summary.fail(&failure, bytes);
            }
        }
        progress.update(&summary);
    });
    progress.finish();
    if let Some(error) = write_error.or_else(|| writer.finish().err()) {
        eprintln!("error: cannot write output: {error}");
        return ExitCode::FAILURE;
    }
    if let Some(Err(error)) = errors_file.as_mut().map(Write::flush) {
        eprintln!("error: cannot write the --errors file: {error}");
    }
    if inputs.len() + missing.len() > 1 || summary.failed() > 0 {
        eprintln!("{summary}");
    }
    if summary.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `--rule NAME` must name a rule of the pack: a usage error once, not one error per page.
fn check_rule_name(pack: &Pack, name: Option<&str>) -> Result<(), String> {
    let Some(name) = name else { return Ok(()) };
    pack.rule_named(name).map(|_| ()).map_err(|help| {
        let mut message = format!("--rule {name}: no rule of that name in the pack");
        match help {
            Some(help) => message.push_str(&format!("; {help}")),
            None => message.push_str("; `trawl check` lists the rules"),
        }
        message
    })
}

/// Prints a failed page (unless `--quiet`) and appends it to the `--errors` file.
fn report(
    failure: &Failure,
    args: &ExtractArgs,
    errors_file: Option<&mut std::io::BufWriter<std::fs::File>>,
    progress: Option<&Progress>,
) {
    if !args.quiet {
        match progress {
            Some(progress) => progress.println(&failure.message),
            None => eprintln!("{}", failure.message),
        }
    }
    if let Some(file) = errors_file {
        let line = serde_json::to_string(failure).expect("a failure serialises");
        let _ = writeln!(file, "{line}");
    }
}
