//! `trawl check`: load and compile a rule pack, reporting every error.

use std::process::ExitCode;

use trawl_cli::rule_pack::load_pack;
use trawl_engine::PackError;

use crate::args::CheckArgs;

/// Runs the command: exit 0 when the pack is valid, 1 when it has errors.
pub fn run(args: CheckArgs) -> ExitCode {
    match load_pack(args.rules.as_deref()) {
        Ok(pack) => {
            for rule in pack.rules() {
                let versions = rule.versions.len();
                println!(
                    "ok  {:<28} {} ({} version{})",
                    rule.name,
                    rule.hosts.join(", "),
                    versions,
                    if versions == 1 { "" } else { "s" }
                );
            }
            println!("{} rule(s), no errors", pack.rules().len());
            ExitCode::SUCCESS
        }
        Err(PackError::Invalid(errors)) => {
            for diagnostic in &errors {
                eprintln!("{diagnostic}\n");
            }
            eprintln!("{} error(s)", errors.len());
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(super::USAGE)
        }
    }
}
