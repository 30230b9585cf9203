//! `trawl explain`: how the rule reads one page.

use super::outln;
use std::io::Write;
use std::process::ExitCode;

use trawl_cli::explain::{explain, report, text};
use trawl_cli::inputs::read_one;
use trawl_engine::{decode_html, parse_html};

use super::{pack_or_exit, USAGE};
use crate::args::{ExplainArgs, ExplainFormat};

/// Runs the command: exit 0 when the page gave a record, 1 when not.
pub fn run(args: ExplainArgs) -> ExitCode {
    let pack = match pack_or_exit(args.pages.rules.as_deref()) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    let (input, bytes) = match read_one(&args.page) {
        Ok(page) => page,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(USAGE);
        }
    };
    let url = args.pages.url_for(&input);
    let page = args.pages.input(&bytes, url.as_deref());
    let html = parse_html(&decode_html(&bytes, None).text);
    let explanation = match explain(&pack, &html, &page) {
        Ok(explanation) => explanation,
        Err(error) => {
            eprintln!("{}: {error}", input.label());
            return ExitCode::FAILURE;
        }
    };
    match args.format {
        ExplainFormat::Text => {
            let _ = write!(anstream::stdout(), "{}", text::render(&explanation, true));
        }
        ExplainFormat::Json => outln!(
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
