//! One module per subcommand, and the output helpers they share.

pub mod bench;
pub mod check;
pub mod crawl;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod extract_url;
pub mod fetch;
pub mod fetching;
pub mod import;
pub mod new;
pub mod plugin_host;
pub mod plugins;
pub mod schema;
pub mod scrub;
pub mod test;

use std::path::Path;
use std::process::ExitCode;

use trawl::{by_file, load_pack, LoadError, PackOrigin};
use trawl_cli::interrupt::Stop;
use trawl_engine::Pack;

/// Writes formatted text to stdout. A closed stdout (`trawl check | head -1`) ends the process
/// quietly with status 0, as ripgrep does; any other write error ends it with status 1.
pub fn write_stdout(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        exit_on_write_error(&error);
    }
}

/// Ends the process after a failed write to stdout: quietly (status 0) when the reader went
/// away, with a message (status 1) otherwise.
pub fn exit_on_write_error(error: &std::io::Error) -> ! {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write output: {error}");
    std::process::exit(1);
}

/// `println!` for command output: see [`write_stdout`].
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::commands::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` for command output: see [`write_stdout`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::commands::write_stdout(format_args!($($arg)*))
    };
}

pub(crate) use {out, outln};

/// Exit code for bad usage or an unusable rule pack (setup errors).
pub const USAGE: u8 = 2;

/// The stop flag that SIGINT, SIGTERM and SIGHUP set, for a batch to end cleanly; when the
/// signals cannot be watched, a warning and a flag nothing sets.
pub fn stop_on_signals() -> Stop {
    Stop::on_signals().unwrap_or_else(|error| {
        eprintln!(
            "warning: cannot watch for Ctrl-C ({error}); an interrupted run may end mid-record"
        );
        Stop::default()
    })
}

/// Whether `--rules-only` was given, for every pack this run discovers.
static RULES_ONLY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes every pack this run discovers its folder's rules alone (`--rules-only`).
pub fn use_given_rules_only() {
    RULES_ONLY.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Where this run's rules come from: `--rules`, `TRAWL_RULES`, `./rules`, bundled; the
/// folder alone under `--rules-only`.
pub fn discover(rules: Option<&Path>) -> PackOrigin {
    PackOrigin::discover(rules, RULES_ONLY.load(std::sync::atomic::Ordering::Relaxed))
}

/// Finds and loads the pack (`--rules`, `TRAWL_RULES`, `./rules`, bundled), printing its
/// errors and returning the exit code when it cannot be used. Rule files with problems are
/// left out with one warning each, and the other rules are used.
pub fn pack_or_exit(rules: Option<&Path>) -> Result<Pack, ExitCode> {
    let origin = discover(rules);
    match load_pack(&origin) {
        Ok((pack, errors)) => {
            for (file, errors) in by_file(&errors) {
                let first = errors[0];
                let more = match errors.len() - 1 {
                    0 => String::new(),
                    1 => " (and 1 more error)".to_owned(),
                    n => format!(" (and {n} more errors)"),
                };
                eprintln!(
                    "warning: rule file {}:{}:{} left out: {}{more}; `trawl check` shows the details",
                    file.display(),
                    first.line,
                    first.column,
                    first.message
                );
            }
            Ok(pack)
        }
        Err(error) => {
            report_load_error(&error);
            Err(ExitCode::from(USAGE))
        }
    }
}

/// Prints why a pack could not be loaded: every diagnostic, then one line saying what to do.
pub fn report_load_error(error: &LoadError) {
    eprintln!("{}", error.explain());
}
