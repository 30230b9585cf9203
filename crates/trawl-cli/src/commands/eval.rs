//! `trawl eval`: score the pack on a labelled corpus, or show one page's differences.

use super::{out, outln};
use std::process::ExitCode;

use trawl_eval::{
    by_publisher, diff_page, discover, evaluate_records, evaluate_with, read_label, render_table,
    select, Outcome, Totals, LEGEND,
};
use trawl_generic::Mode;

use super::{pack_or_exit, USAGE};
use crate::args::EvalArgs;

/// What to do when the corpus folder is missing.
const CORPUS_HELP: &str = "help: a corpus is a folder of real pages, <cc>/<Publisher>/<date>.html with <date>.expected.json beside each; the project's own, ../shared/corpus/fundus-dev, is not part of the repository but a folder beside the checkout (see the README, \"The shared corpus\")";

/// Runs the command.
pub fn run(args: EvalArgs) -> ExitCode {
    let pack = match pack_or_exit(args.rules.as_deref()) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    let pages = match discover(&args.corpus) {
        Ok(pages) => select(pages, &args.publisher, &args.country),
        Err(error) => {
            eprintln!(
                "error: cannot read the corpus {}: {error}",
                args.corpus.display()
            );
            if !args.corpus.exists() {
                eprintln!("{CORPUS_HELP}");
            }
            return ExitCode::from(USAGE);
        }
    };
    if let Some(wanted) = &args.diff {
        let wanted = wanted
            .trim_end_matches(".html")
            .trim_end_matches(".expected.json");
        let Some(page) = pages.iter().find(|page| {
            page.id == wanted || page.html.to_string_lossy().trim_end_matches(".html") == wanted
        }) else {
            eprintln!(
                "error: no page `{wanted}` in {}; ids look like us/Reuters/2024_03_07",
                args.corpus.display()
            );
            return ExitCode::from(USAGE);
        };
        let label = match read_label(page) {
            Ok(label) => label,
            Err(reason) => {
                eprintln!("error: {reason}");
                return ExitCode::FAILURE;
            }
        };
        let mode = if args.generic {
            Mode::Always
        } else {
            Mode::Guard
        };
        return match diff_page(&pack, page, &label, mode) {
            Ok((record, diff)) => {
                outln!("{} ({})", page.id, record.site);
                out!("{diff}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{}: {error}", page.id);
                ExitCode::FAILURE
            }
        };
    }
    if pages.is_empty() {
        eprintln!(
            "error: no labelled page in {} matches the --publisher/--country given",
            args.corpus.display()
        );
        return ExitCode::from(USAGE);
    }
    let results = if let Some(path) = &args.records {
        let scored = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))
            .and_then(|text| evaluate_records(&pages, &text));
        match scored {
            Ok(results) => results,
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(USAGE);
            }
        }
    } else if args.generic {
        evaluate_with(&pack, &pages, Mode::Always)
    } else {
        evaluate_with(&pack, &pages, Mode::Guard)
    };
    let publishers = by_publisher(&results);
    let scored_all = args.generic || args.records.is_some();
    let mut rows = Vec::new();
    for (name, totals) in &publishers {
        if totals.compared + totals.failed > 0 || args.all {
            rows.push((name.clone(), totals.clone()));
        }
    }
    // The total counts the pages with a rule only, even in a publisher that has others;
    // with another extractor scored, every page.
    let mut total = Totals::default();
    for result in &results {
        if scored_all || !matches!(result.outcome, Outcome::NoRule) {
            total.add(&result.outcome);
        }
    }
    let label = match scored_all {
        true => "total (every page)",
        false => "total (pages with a rule)",
    };
    out!("{}", render_table(&rows, label, &total));
    let without_rule: Vec<&Totals> = publishers.values().filter(|t| t.no_rule > 0).collect();
    if !without_rule.is_empty() {
        outln!(
            "{} page(s) from {} publisher(s) have no rule{}",
            without_rule.iter().map(|t| t.no_rule).sum::<usize>(),
            without_rule.len(),
            if args.all { "" } else { " (--all lists them)" }
        );
    }
    let over = match scored_all {
        true => format!("all {} pages (a page with no record counts 0)", total.pages),
        false => format!("the {} page(s) with a rule", total.pages),
    };
    outln!(
        "per-page averages over {over}: {}",
        total.averages().render()
    );
    if total.stale > 0 {
        outln!(
            "{} record(s) took an empty title or body from the generic extractor: is the rule stale?",
            total.stale
        );
    }
    outln!("\n{LEGEND}");
    for result in &results {
        if let Outcome::Failed { reason } = &result.outcome {
            eprintln!("{}: {reason}", result.id);
        }
    }
    if let Some(out) = &args.json {
        let json =
            serde_json::json!({ "pages": results, "publishers": publishers, "total": total });
        if let Err(error) =
            std::fs::write(out, serde_json::to_string_pretty(&json).unwrap_or_default())
        {
            eprintln!("error: cannot write {}: {error}", out.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
