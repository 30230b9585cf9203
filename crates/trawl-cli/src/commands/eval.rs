//! `trawl eval`: score the pack on a labelled corpus, or show one page's differences.

use super::{out, outln};
use std::process::ExitCode;

use trawl_cli::eval::{
    by_publisher, discover, evaluate_records, evaluate_with, extract_with, read_label, render_diff,
    render_table, Totals,
};
use trawl_generic::Mode;

use super::{pack_or_exit, USAGE};
use crate::args::EvalArgs;

/// Runs the command.
pub fn run(args: EvalArgs) -> ExitCode {
    let pack = match pack_or_exit(args.rules.as_deref()) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    let pages = match discover(&args.corpus) {
        Ok(pages) => pages,
        Err(error) => {
            eprintln!(
                "error: cannot read the corpus {}: {error}",
                args.corpus.display()
            );
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
        return match extract_with(&pack, page, &label, mode) {
            Ok(record) => {
                outln!("{} ({})", page.id, record.site);
                out!("{}", render_diff(&record, &label.expected));
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{}: {error}", page.id);
                ExitCode::FAILURE
            }
        };
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
    let mut total = Totals::default();
    let mut rows = Vec::new();
    let mut without_rule = 0;
    for (name, totals) in &publishers {
        if totals.compared + totals.failed > 0 || args.all {
            total.merge(totals);
            rows.push((name.clone(), totals.clone()));
        } else {
            without_rule += totals.pages;
        }
    }
    out!("{}", render_table(&rows, &total));
    outln!(
        "{} more page(s) from {} publisher(s) have no rule",
        without_rule,
        publishers.len() - rows.len()
    );
    if args.generic || args.records.is_some() {
        let mut all = Totals::default();
        publishers.values().for_each(|totals| all.merge(totals));
        println!("over all {} pages: {}", all.pages, all.averages().render());
    } else {
        println!(
            "over the {} page(s) with a rule: {}",
            total.pages,
            total.averages().render()
        );
    }
    if total.stale > 0 {
        println!(
            "{} record(s) took an empty title or body from the generic extractor: is the rule stale?",
            total.stale
        );
    }
    for result in &results {
        if let trawl_cli::eval::Outcome::Failed { reason } = &result.outcome {
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
