//! `trawl bench`: MB/s of extraction beside MB/s of parsing alone.

use super::outln;
use std::process::ExitCode;

use trawl::inputs::expand;
use trawl::Mode;
use trawl_cli::bench::{run as bench, BenchPage};

use super::pack_or_exit;
use crate::args::BenchArgs;

/// Runs the command.
pub fn run(args: BenchArgs) -> ExitCode {
    let pack = match pack_or_exit(args.rules.as_deref()) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    let (inputs, missing) = expand(&args.inputs);
    for (path, error) in &missing {
        eprintln!("{}: {error}", path.display());
    }
    let pages: Vec<BenchPage> = inputs
        .iter()
        .filter_map(|input| {
            let bytes = input
                .read()
                .map_err(|error| eprintln!("{}: {error}", input.label()))
                .ok()?;
            Some(BenchPage {
                bytes,
                url: input.sidecar_url(),
            })
        })
        .collect();
    if pages.is_empty() {
        eprintln!("error: no pages to measure");
        return ExitCode::from(super::USAGE);
    }
    let mode = if args.generic {
        Mode::Always
    } else if args.agreement {
        Mode::Guard
    } else {
        Mode::Never
    };
    let report = bench(&pack, &pages, args.rounds, mode);
    if report.pages == 0 {
        eprintln!(
            "error: no rule gives a record for any of the {} page(s); nothing to measure",
            report.skipped
        );
        return ExitCode::from(super::USAGE);
    }
    outln!(
        "{} pages a rule serves ({} without one left out), {:.1} MB, best of {} rounds, one thread",
        report.pages,
        report.skipped,
        report.bytes as f64 / 1e6,
        report.rounds
    );
    outln!(
        "parse only (decode + scraper): {:>8.1} MB/s  {:>8.1} ms",
        report.mb_per_s(report.parse),
        report.parse.as_secs_f64() * 1e3
    );
    let (label, target) = if args.generic {
        ("extract (parse + generic):    ", 2.0)
    } else if args.agreement {
        ("extract (rules + agreement):  ", 2.0)
    } else {
        ("extract (parse + rules):      ", 1.3)
    };
    outln!(
        "{label} {:>8.1} MB/s  {:>8.1} ms",
        report.mb_per_s(report.extract),
        report.extract.as_secs_f64() * 1e3
    );
    outln!(
        "extract / parse: {:.2}x (target <= {target:.2}x)",
        report.ratio()
    );
    ExitCode::SUCCESS
}
