//! One module per subcommand.

pub mod bench;
pub mod check;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod new;
pub mod plugin_host;
pub mod plugins;
pub mod schema;
pub mod scrub;

use std::path::Path;
use std::process::ExitCode;

use trawl_cli::rule_pack::{load_from, LoadError, PackOrigin};
use trawl_engine::{Pack, PackError};

/// Exit code for bad usage or an unusable rule pack (setup errors).
pub const USAGE: u8 = 2;

/// Finds and loads the pack (`--rules`, `TRAWL_RULES`, `./rules`, bundled), printing its
/// errors and returning the exit code when it cannot be used.
pub fn pack_or_exit(rules: Option<&Path>) -> Result<Pack, ExitCode> {
    let origin = PackOrigin::discover(rules);
    load_from(&origin).map_err(|error| {
        report_load_error(&error);
        ExitCode::from(USAGE)
    })
}

/// Prints why a pack could not be loaded: every diagnostic, then one line saying what to do.
pub fn report_load_error(error: &LoadError) {
    match error {
        LoadError::Pack(origin, PackError::Invalid(errors)) => {
            for diagnostic in errors {
                eprintln!("{diagnostic}\n");
            }
            eprintln!(
                "the rule pack {origin} has {} error(s); fix them or check with `trawl check`",
                errors.len()
            );
        }
        other => eprintln!("error: {other}"),
    }
}
