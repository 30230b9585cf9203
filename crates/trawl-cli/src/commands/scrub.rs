//! `trawl scrub`: a real page in, a fixture out.

use std::process::ExitCode;

use trawl_cli::inputs::{expand, Input};
use trawl_cli::scrub::{scrub_html, ScrubOptions};
use trawl_engine::decode_html;

use super::USAGE;
use crate::ScrubArgs;

/// Runs the command.
pub fn run(args: ScrubArgs) -> ExitCode {
    let (inputs, missing) = expand(std::slice::from_ref(&args.page));
    let input: Input = match (inputs.as_slice(), missing.first()) {
        ([one], None) => one.clone(),
        (_, Some((path, error))) => {
            eprintln!("{}: {error}", path.display());
            return ExitCode::from(USAGE);
        }
        _ => {
            eprintln!(
                "error: scrub takes one page, found {} under {}",
                inputs.len(),
                args.page.display()
            );
            return ExitCode::from(USAGE);
        }
    };
    let bytes = match input.read() {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("{}: cannot read: {error}", input.label());
            return ExitCode::FAILURE;
        }
    };
    let text = decode_html(&bytes, None).text;
    let (fixture, report) = scrub_html(&text, &ScrubOptions { seed: args.seed });
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
