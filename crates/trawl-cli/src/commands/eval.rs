//! `trawl eval`: score the pack on a labelled corpus, or show one page's differences.

use super::{out, outln};
use std::process::ExitCode;

use std::collections::HashMap;
use std::path::Path;

use trawl::Mode;
use trawl_engine::{Pack, Record};
use trawl_eval::{
    by_publisher, diff_page, discover, evaluate_records, evaluate_with, extract_file, main_text,
    read_label, readability_pages, records_by_id, render_table, select, sets_in, snippet_pages,
    Outcome, SetKind, SnippetCounts, Totals, LEGEND, READABILITY_URL,
};

/// Records made by another extractor, by page id.
type Records = HashMap<String, Record>;

use super::{pack_or_exit, USAGE};
use crate::args::EvalArgs;

/// What to do when the corpus folder is missing.
const CORPUS_HELP: &str = "help: a corpus is a folder of real pages, <cc>/<Publisher>/<date>.html with <date>.expected.json beside each (or a labelled set: trafilatura-eval, readability); the project's own, ../shared/corpus/fundus-dev, is not part of the repository but a folder beside the checkout, as are its sibling sets trafilatura-eval and readability (see the README, \"The shared corpus\")";

/// Runs the command: every set the `--corpus` folders name, each scored in its own terms.
pub fn run(args: EvalArgs) -> ExitCode {
    let pack = match pack_or_exit(args.rules.as_deref()) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    let mut sets = Vec::new();
    for dir in &args.corpus {
        if !dir.is_dir() {
            eprintln!(
                "error: cannot read the corpus {}: no such folder",
                dir.display()
            );
            eprintln!("{CORPUS_HELP}");
            return ExitCode::from(USAGE);
        }
        let found = sets_in(dir);
        if found.is_empty() {
            eprintln!(
                "error: {} holds no labelled set (pages with .expected.json, a snippet index.json, or Readability's test folders)",
                dir.display()
            );
            return ExitCode::from(USAGE);
        }
        sets.extend(found);
    }
    let records = match &args.records {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))
            .and_then(|text| records_by_id(&text))
        {
            Ok(records) => Some(records),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(USAGE);
            }
        },
        None => None,
    };
    let mode = if args.generic {
        Mode::Always
    } else {
        Mode::Guard
    };
    let many = sets.len() > 1;
    let mut json = serde_json::Map::new();
    for (dir, kind) in &sets {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string());
        if many {
            outln!("== {name} ==");
        }
        let scored = match kind {
            SetKind::Records => run_records(&args, &pack, dir, records.as_ref()),
            SetKind::Snippets => run_snippets(&pack, dir, mode, records.as_ref()),
            SetKind::Readability => run_readability(&pack, dir, mode, records.as_ref()),
        };
        match scored {
            Ok(value) => {
                json.insert(name, value);
            }
            Err(code) => return code,
        }
        if many {
            outln!("");
        }
    }
    if let Some(out) = &args.json {
        let value = match (many, json.len()) {
            (false, 1) => json.into_iter().next().map(|(_, v)| v).unwrap_or_default(),
            _ => serde_json::Value::Object(json),
        };
        if let Err(error) = std::fs::write(
            out,
            serde_json::to_string_pretty(&value).unwrap_or_default(),
        ) {
            eprintln!("error: cannot write {}: {error}", out.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// The record of one page: made now as `mode` says, or taken from `records` by `id`.
fn record_of(
    pack: &Pack,
    html: &Path,
    url: &str,
    id: &str,
    mode: Mode,
    records: Option<&Records>,
) -> Result<Record, String> {
    match records {
        Some(records) => records
            .get(id)
            .cloned()
            .ok_or_else(|| "no record for this page".to_owned()),
        None => extract_file(pack, html, url, mode),
    }
}

/// Scores a snippet set: precision, recall and F1 over the summed snippet counts.
fn run_snippets(
    pack: &Pack,
    dir: &Path,
    mode: Mode,
    records: Option<&Records>,
) -> Result<serde_json::Value, ExitCode> {
    let pages = snippet_pages(dir).map_err(|error| {
        eprintln!("error: {error}");
        ExitCode::from(USAGE)
    })?;
    let mut total = SnippetCounts::default();
    let mut results = Vec::new();
    let mut failed = 0;
    for page in &pages {
        let text = match record_of(pack, &page.html, &page.url, &page.id, mode, records) {
            Ok(record) => main_text(&record),
            Err(reason) => {
                eprintln!("{}: {reason}", page.id);
                failed += 1;
                String::new()
            }
        };
        let counts = SnippetCounts::of(&text, page);
        total.add(counts);
        results.push(serde_json::json!({ "id": page.id, "counts": counts }));
    }
    outln!(
        "snippets over {} pages ({failed} without a record): {}",
        pages.len(),
        total.render()
    );
    Ok(serde_json::json!({ "kind": SetKind::Snippets, "pages": results, "total": total }))
}

/// Scores Readability's test pages: body token F1 and title exact, averaged over pages.
fn run_readability(
    pack: &Pack,
    dir: &Path,
    mode: Mode,
    records: Option<&Records>,
) -> Result<serde_json::Value, ExitCode> {
    let pages = readability_pages(dir);
    let (mut token_f1, mut titles, mut failed) = (0.0, 0, 0);
    let mut results = Vec::new();
    for page in &pages {
        let html = page.dir.join("source.html.gz");
        let scored = record_of(pack, &html, READABILITY_URL, &page.id, mode, records)
            .and_then(|record| page.score(&record));
        match scored {
            Ok(score) => {
                token_f1 += score.token_f1;
                titles += usize::from(score.title);
                results.push(serde_json::json!({ "id": page.id, "score": score }));
            }
            Err(reason) => {
                eprintln!("{}: {reason}", page.id);
                failed += 1;
            }
        }
    }
    let count = pages.len().max(1) as f64;
    outln!(
        "readability over {} pages ({failed} without a record, counted 0): body token F1 {:.3}  title exact {:.3} ({titles}/{})",
        pages.len(),
        token_f1 / count,
        titles as f64 / count,
        pages.len()
    );
    Ok(serde_json::json!({
        "kind": SetKind::Readability,
        "pages": results,
        "token_f1": token_f1 / count,
        "title_exact": titles as f64 / count,
    }))
}

/// Scores a Fundus-style set field by field, per publisher (or shows one page's diff).
fn run_records(
    args: &EvalArgs,
    pack: &Pack,
    corpus: &Path,
    records: Option<&Records>,
) -> Result<serde_json::Value, ExitCode> {
    let pages = match discover(corpus) {
        Ok(pages) => select(pages, &args.publisher, &args.country),
        Err(error) => {
            eprintln!(
                "error: cannot read the corpus {}: {error}",
                corpus.display()
            );
            if !corpus.exists() {
                eprintln!("{CORPUS_HELP}");
            }
            return Err(ExitCode::from(USAGE));
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
                corpus.display()
            );
            return Err(ExitCode::from(USAGE));
        };
        let label = match read_label(page) {
            Ok(label) => label,
            Err(reason) => {
                eprintln!("error: {reason}");
                return Err(ExitCode::FAILURE);
            }
        };
        let mode = if args.generic {
            Mode::Always
        } else {
            Mode::Guard
        };
        return match diff_page(pack, page, &label, mode) {
            Ok((record, diff)) => {
                outln!("{} ({})", page.id, record.site);
                out!("{diff}");
                Ok(serde_json::Value::Null)
            }
            Err(error) => {
                eprintln!("{}: {error}", page.id);
                Err(ExitCode::FAILURE)
            }
        };
    }
    if pages.is_empty() {
        eprintln!(
            "error: no labelled page in {} matches the --publisher/--country given",
            corpus.display()
        );
        return Err(ExitCode::from(USAGE));
    }
    let results = match records {
        Some(records) => evaluate_records(&pages, records),
        None if args.generic => evaluate_with(pack, &pages, Mode::Always),
        None => evaluate_with(pack, &pages, Mode::Guard),
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
    Ok(
        serde_json::json!({ "kind": SetKind::Records, "pages": results, "publishers": publishers, "total": total }),
    )
}
