//! `trawl check`: find and compile a rule pack, reporting every error.

use super::outln;
use std::process::ExitCode;

use trawl::{by_file, load_pack, LoadError};
use trawl_engine::PackError;
use unicode_width::UnicodeWidthStr as _;

use super::{report_load_error, USAGE};
use crate::args::CheckArgs;

/// Runs the command: exit 0 when the pack is valid, 1 when it has errors (every one listed;
/// the files without errors still load), 2 when there is no pack to check.
pub fn run(args: CheckArgs) -> ExitCode {
    // A folder is checked alone: its rules are what its author edits.
    // It is named as found (`rules (the rules folder here)`), the bundled pack below left out.
    let found = super::discover(args.rules.as_deref());
    let origin = found.alone();
    eprintln!("checking {found}");
    match load_pack(&origin) {
        Ok((pack, mut errors)) => {
            errors.extend(pack.check_all());
            errors.sort_by(|a, b| a.file.cmp(&b.file));
            for rule in pack.rules() {
                let versions = rule.versions.len();
                // Padded by display width, so names in wide (CJK) characters line up too.
                let pad = 28usize.saturating_sub(rule.name.width());
                let imported = rule.origin.as_ref().map_or_else(String::new, |origin| {
                    format!(", {} from {} ({})", origin.tier, origin.from, origin.by)
                });
                outln!(
                    "ok  {}{} {} ({} version{}{imported})",
                    rule.name,
                    " ".repeat(pad),
                    rule.hosts.join(", "),
                    versions,
                    if versions == 1 { "" } else { "s" }
                );
            }
            if errors.is_empty() {
                outln!("{} rule(s) in {found}, no errors", pack.rules().len());
                return ExitCode::SUCCESS;
            }
            report(&errors);
            eprintln!(
                "{} error(s) in {} rule file(s) of {found}; the other {} rule(s) load",
                errors.len(),
                by_file(&errors).len(),
                pack.rules().len()
            );
            ExitCode::FAILURE
        }
        Err(LoadError::Pack(_, PackError::Invalid(errors))) => {
            report(&errors);
            eprintln!("{} error(s) in {found}, no usable rule", errors.len());
            ExitCode::FAILURE
        }
        Err(error) => {
            report_load_error(&error);
            ExitCode::from(USAGE)
        }
    }
}

fn report(errors: &[trawl_rules::Diagnostic]) {
    for diagnostic in errors {
        eprintln!("{diagnostic}\n");
    }
}
