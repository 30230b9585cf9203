//! One module per subcommand.

pub mod bench;
pub mod check;
pub mod crawl;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod fetch;
pub mod fetching;
pub mod new;
pub mod plugins;
pub mod schema;
pub mod scrub;

use std::process::ExitCode;

use trawl_cli::rule_pack::load_pack;
use trawl_engine::{Pack, PackError};

/// Exit code for bad usage or an unusable rule pack.
pub const USAGE: u8 = 2;

/// Loads the pack, printing its errors and returning the exit code when it cannot be used.
pub fn pack_or_exit(rules: Option<&std::path::Path>) -> Result<Pack, ExitCode> {
    load_pack(rules).map_err(|error| {
        match &error {
            PackError::Invalid(errors) => {
                for diagnostic in errors {
                    eprintln!("{diagnostic}\n");
                }
                eprintln!(
                    "the rule pack has {} error(s); fix them or check with `trawl check`",
                    errors.len()
                );
            }
            PackError::Io(_) => eprintln!("error: {error}"),
        }
        ExitCode::from(USAGE)
    })
}
