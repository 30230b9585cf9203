//! `trawl explain`: how the rule reads one page.

use std::io::IsTerminal;
use std::process::ExitCode;

use scraper::Html;
use trawl_cli::explain::{explain, report, text};
use trawl_cli::inputs::{expand, Input};
use trawl_engine::{decode_html, PageInput};

use super::{pack_or_exit, USAGE};
use crate::{ExplainArgs, ExplainFormat};

/// Runs the command: exit 0 when the page gave a record, 1 when not.
pub fn run(args: ExplainArgs) -> ExitCode {
    let pack = match pack_or_exit(args.rules.as_deref()) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    let (inputs, missing) = expand(std::slice::from_ref(&args.page));
    let input: Input = match (inputs.as_slice(), missing.first()) {
        ([one], None) => one.clone(),
        (_, Some((path, error))) => {
            eprintln!("{}: {error}", path.display());
            return ExitCode::from(USAGE);
        }
        _ => {
            eprintln!(
                "error: explain takes one page, found {} under {}",
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
    let url = args.url.clone().or_else(|| input.sidecar_url());
    let page = PageInput {
        bytes: &bytes,
        url: url.as_deref(),
        date: args.date,
        rule: args.rule.as_deref(),
        ..PageInput::default()
    };
    let html = Html::parse_document(&decode_html(&bytes, None).text);
    let explanation = match explain(&pack, &html, &page) {
        Ok(explanation) => explanation,
        Err(error) => {
            eprintln!("{}: {error}", input.label());
            return ExitCode::FAILURE;
        }
    };
    match args.format {
        ExplainFormat::Text => print!(
            "{}",
            text::render(&explanation, std::io::stdout().is_terminal())
        ),
        ExplainFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&explanation).unwrap_or_default()
        ),
    }
    if let Some(out) = &args.html {
        if let Err(error) = std::fs::write(out, report::render(&explanation, &html)) {
            eprintln!("error: cannot write {}: {error}", out.display());
            return ExitCode::FAILURE;
        }
        eprintln!("wrote {}", out.display());
    }
    ExitCode::SUCCESS
}
