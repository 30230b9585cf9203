//! `trawl new`: a starting rule, a scrubbed fixture and a pending snapshot for a new site, then
//! the explain view of the rule on that page.

use super::outln;
use std::path::Path;
use std::process::ExitCode;

use trawl_cli::inputs::read_one;
use trawl_cli::scaffold::scaffold_rule;
use trawl_cli::scrub::{scrub_html, ScrubOptions};
use trawl_engine::{decode_html, parse_html, Pack, PageInput, Registry};
use trawl_explain::{explain, text};
use trawl_rules::SourceText;

use super::USAGE;
use crate::args::NewArgs;

/// Runs the command.
pub fn run(args: NewArgs) -> ExitCode {
    match create(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(USAGE)
        }
    }
}

fn create(args: &NewArgs) -> Result<(), String> {
    let domain = args
        .domain
        .trim()
        .trim_start_matches("www.")
        .to_ascii_lowercase();
    if domain.is_empty() || domain.contains(['/', ':', ' ']) {
        return Err(format!(
            "`{}` is not a domain; write it as example.com",
            args.domain
        ));
    }
    let rule_path = args.rules.join(format!("{domain}.yaml"));
    if rule_path.exists() && !args.force {
        return Err(format!(
            "{} already exists; pass --force to overwrite it",
            rule_path.display()
        ));
    }
    let (input, bytes) = read_one(&args.from)?;
    let url = args.url.clone().or_else(|| input.sidecar_url());
    let page = decode_html(&bytes, None).text;
    let scaffold = scaffold_rule(&domain, &page, url.as_deref());

    let name = args
        .name
        .clone()
        .unwrap_or_else(|| fixture_name(&args.from));
    let fixture_dir = args.fixtures.join(&domain);
    let fixture = fixture_dir.join(format!("{name}.html"));
    let (scrubbed, _) = scrub_html(&page, &ScrubOptions::default());

    let source = SourceText {
        path: rule_path.clone(),
        text: scaffold.yaml.clone().into(),
    };
    let pack = Pack::from_sources(vec![source], &Registry::standard())
        .map_err(|e| format!("the generated rule does not compile (please report this):\n{e}"))?;
    // The explain view reads the page given, not the scrubbed fixture, whose prose is
    // replaced; the pending snapshot is the fixture's record, as the snapshot test makes it.
    let explanation = explain(
        &pack,
        &parse_html(&page),
        &PageInput {
            bytes: page.as_bytes(),
            url: url.as_deref(),
            rule: Some(&domain),
            ..PageInput::default()
        },
    )
    .map_err(|e| e.to_string())?;
    let fixture_record = pack
        .extract(&PageInput {
            bytes: scrubbed.as_bytes(),
            url: url.as_deref(),
            rule: Some(&domain),
            ..PageInput::default()
        })
        .map_err(|e| e.to_string())?
        .record;

    write(&rule_path, &scaffold.yaml)?;
    write(&fixture, &scrubbed)?;
    if let Some(url) = &url {
        write(
            &fixture_dir.join(format!("{name}.url")),
            &format!("{url}\n"),
        )?;
    }
    let snapshot = args.snapshots.join(format!("{domain}@{name}.snap.new"));
    let record = serde_yaml::to_string(&fixture_record).map_err(|e| e.to_string())?;
    let header = format!(
        "---\nsource: tests/snapshots.rs\ndescription: rules/{domain}.yaml\ninfo: {}\n---\n",
        serde_json::to_string(url.as_deref().unwrap_or_default()).unwrap_or_default()
    );
    write(&snapshot, &format!("{header}{record}"))?;

    outln!("{}", text::render(&explanation, false));
    outln!("How the rule was chosen:");
    for note in &scaffold.notes {
        outln!("  - {note}");
    }
    outln!(
        "\nwrote {}\nwrote {} (scrubbed: markup kept, prose replaced){}\nwrote {} (pending: review it with `cargo insta review`)",
        rule_path.display(),
        fixture.display(),
        if url.is_some() { " and its .url" } else { "; add its URL in a .url file beside it" },
        snapshot.display()
    );
    let url_arg = url
        .as_deref()
        .map(|url| format!(" --url {url}"))
        .unwrap_or_default();
    outln!(
        "next: edit the rule, then `trawl explain --rules {}{url_arg} {}` (the page as given), or on the fixture `trawl explain --rules {} {}`",
        args.rules.display(),
        args.from.display(),
        args.rules.display(),
        fixture.display()
    );
    Ok(())
}

fn fixture_name(page: &Path) -> String {
    let name = page.file_name().and_then(|n| n.to_str()).unwrap_or("page");
    let stem = name
        .trim_end_matches(".gz")
        .trim_end_matches(".html")
        .trim_end_matches(".htm");
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if clean.is_empty() || clean == "-" {
        "page".to_owned()
    } else {
        clean
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
