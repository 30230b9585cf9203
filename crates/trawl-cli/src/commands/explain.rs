//! `trawl explain`: how the rule reads one page.

use super::outln;
use std::io::Write;
use std::process::ExitCode;

use trawl::inputs::read_one;
use trawl_engine::{decode_html, parse_html};
use trawl_explain::{explain, find, outline, report, text};

use super::{pack_or_exit, USAGE};
use crate::args::{ExplainArgs, ExplainFormat};

/// Runs the command: exit 0 when the page gave a record (or `--find` found the text, or
/// `--outline` an element), 1 when not.
pub fn run(args: ExplainArgs) -> ExitCode {
    let (input, bytes) = match read_one(&args.page) {
        Ok(page) => page,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(USAGE);
        }
    };
    let url = args.pages.url_for(&input);
    let page = args.pages.input(&bytes, url.as_deref());
    // Parsed as extraction parses it, so element ids and depth limits are the same.
    let html = parse_html(&decode_html(&bytes, page.content_type).text);
    if let Some(needle) = &args.find {
        return find_text(&html, needle, args.format);
    }
    if let Some(css) = &args.outline {
        return show_outline(&html, css, args.depth, args.format);
    }
    let pack = match pack_or_exit(args.pages.rules.as_deref()) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    let explanation = match explain(&pack, &html, &page) {
        Ok(explanation) => explanation,
        Err(error) => {
            eprintln!("{}: {error}", input.label());
            return ExitCode::FAILURE;
        }
    };
    if let Some(field) = &args.field {
        if !explanation
            .fields
            .iter()
            .any(|f| text::field_matches(&f.field, field))
        {
            let known: Vec<&str> = explanation
                .fields
                .iter()
                .map(|f| f.field.as_str())
                .collect();
            eprintln!(
                "error: the rule read no field `{field}` on this page; it read {}",
                known.join(", ")
            );
            return ExitCode::from(USAGE);
        }
    }
    match args.format {
        ExplainFormat::Text => {
            let view = text::View {
                color: true,
                full: args.full,
                field: args.field.as_deref(),
            };
            let _ = write!(
                anstream::stdout(),
                "{}",
                text::render_view(&explanation, &view)
            );
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

/// `--find`: the elements holding `needle`.
fn find_text(html: &scraper::Html, needle: &str, format: ExplainFormat) -> ExitCode {
    let found = find::find(html, needle);
    match format {
        ExplainFormat::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&found).unwrap_or_default()
        ),
        ExplainFormat::Text => {
            let _ = write!(anstream::stdout(), "{}", find::render(&found, needle));
        }
    }
    if found.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `--outline`: the element tree under each element `css` selects.
fn show_outline(html: &scraper::Html, css: &str, depth: usize, format: ExplainFormat) -> ExitCode {
    let lines = match outline::outline(html, css, depth) {
        Ok(lines) => lines,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(USAGE);
        }
    };
    match format {
        ExplainFormat::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&lines).unwrap_or_default()
        ),
        ExplainFormat::Text => {
            let _ = write!(anstream::stdout(), "{}", outline::render(&lines, css));
        }
    }
    if lines.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
