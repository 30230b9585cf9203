//! `trawl check`: find and compile a rule pack, reporting every error.

use super::outln;
use std::process::ExitCode;

use trawl_cli::rule_pack::{load_from, LoadError, PackOrigin};
use trawl_engine::PackError;

use super::{report_load_error, USAGE};
use crate::args::CheckArgs;

/// Runs the command: exit 0 when the pack is valid, 1 when it has errors, 2 when there is no
/// pack to check.
pub fn run(args: CheckArgs) -> ExitCode {
    let origin = PackOrigin::discover(args.rules.as_deref());
    eprintln!("checking {origin}");
    match load_from(&origin) {
        Ok(pack) => {
            for rule in pack.rules() {
                let versions = rule.versions.len();
                outln!(
                    "ok  {:<28} {} ({} version{})",
                    rule.name,
                    rule.hosts.join(", "),
                    versions,
                    if versions == 1 { "" } else { "s" }
                );
            }
            outln!("{} rule(s) in {origin}, no errors", pack.rules().len());
            ExitCode::SUCCESS
        }
        Err(LoadError::Pack(_, PackError::Invalid(errors))) => {
            for diagnostic in &errors {
                eprintln!("{diagnostic}\n");
            }
            eprintln!("{} error(s) in {origin}", errors.len());
            ExitCode::FAILURE
        }
        Err(error) => {
            report_load_error(&error);
            ExitCode::from(USAGE)
        }
    }
}
