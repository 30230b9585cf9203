//! `trawl scrub`: a real page in, a fixture out.

use std::process::ExitCode;

use trawl::inputs::read_one;
use trawl_engine::decode_html;
use trawl_scrub::{scrub_html, ScrubOptions};

use super::USAGE;
use crate::args::ScrubArgs;

/// Runs the command.
pub fn run(args: ScrubArgs) -> ExitCode {
    let (_, bytes) = match read_one(&args.page) {
        Ok(page) => page,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(USAGE);
        }
    };
    let rules = match super::discover(args.rules.as_deref()).sources() {
        Ok(rules) => rules,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(USAGE);
        }
    };
    let text = decode_html(&bytes, None).text;
    let (fixture, report) = scrub_html(&text, &ScrubOptions::for_rules(&rules, args.seed));
    if let Err(error) = std::fs::write(&args.output, fixture) {
        eprintln!("error: cannot write {}: {error}", args.output.display());
        return ExitCode::FAILURE;
    }
    eprintln!(
        "wrote {}: {} text(s) replaced, {} element(s) dropped, {} attribute(s) scrubbed",
        args.output.display(),
        report.text_nodes_replaced,
        report.elements_dropped,
        report.attributes_scrubbed
    );
    ExitCode::SUCCESS
}
