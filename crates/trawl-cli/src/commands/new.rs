//! `trawl new`: a starting rule, a scrubbed fixture and its first snapshot for a new site, then
//! the explain view of the rule on that page.

use super::outln;
use std::path::Path;
use std::process::ExitCode;

use trawl::inputs::read_one;
use trawl::PackOrigin;
use trawl_cli::pack_test::{self, Fixture, Layout};
use trawl_engine::{decode_html, parse_html, Pack, PageInput, Registry};
use trawl_explain::{explain, text};
use trawl_rules::SourceText;
use trawl_scaffold::{scaffold_site, schema_reference, SamplePage};
use trawl_scrub::{scrub_html, ScrubOptions};

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
    if args.from.len() > 1 && (args.url.is_some() || args.name.is_some()) {
        return Err("--url and --name name one page; with several --from, put each page's URL in <page>.url beside it".into());
    }
    let mut pages = Vec::new();
    for from in &args.from {
        let (input, bytes) = read_one(from)?;
        let url = args.url.clone().or_else(|| input.sidecar_url());
        let html = decode_html(&bytes, None).text;
        let name = args.name.clone().unwrap_or_else(|| fixture_name(from));
        if pages
            .iter()
            .any(|(other, _, _): &(String, _, _)| *other == name)
        {
            return Err(format!(
                "two pages would both be the fixture `{name}`; rename one"
            ));
        }
        pages.push((name, url, html));
    }
    std::fs::create_dir_all(&args.rules)
        .map_err(|e| format!("cannot create {}: {e}", args.rules.display()))?;
    let schema = schema_reference(&args.rules);
    let samples: Vec<SamplePage<'_>> = pages
        .iter()
        .map(|(_, url, html)| SamplePage {
            html,
            url: url.as_deref(),
        })
        .collect();
    let scaffold = scaffold_site(&domain, &samples, schema.as_deref());
    let source = SourceText {
        path: rule_path.clone(),
        text: scaffold.yaml.clone().into(),
    };
    let pack = Pack::from_sources(vec![source], &Registry::standard())
        .map_err(|e| format!("the generated rule does not compile (please report this):\n{e}"))?;
    write(&rule_path, &scaffold.yaml)?;
    let layout = Layout::of(
        &args.rules,
        args.fixtures.as_deref(),
        args.snapshots.as_deref(),
    );
    let fixture_dir = layout.fixtures.join(&domain);
    let mut written = Vec::new();
    let mut notes = Vec::new();
    let first = fixture_dir.join(format!("{}.html", pages[0].0));
    // Phrases the rules of the folder written to test for stay verbatim, as in `trawl scrub`.
    let rules = PackOrigin::choose(None, None, &args.rules)
        .sources()
        .map_err(|e| e.to_string())?;
    let scrub_options = ScrubOptions::for_rules(&rules, 0);
    for (name, url, page) in &pages {
        let fixture = fixture_dir.join(format!("{name}.html"));
        let (scrubbed, _) = scrub_html(page, &scrub_options);
        // The explain view reads the page given, not the scrubbed fixture, whose prose is
        // replaced.
        let given = PageInput {
            bytes: page.as_bytes(),
            url: url.as_deref(),
            rule: Some(&domain),
            ..PageInput::default()
        };
        let explanation = explain(&pack, &parse_html(page), &given).map_err(|e| e.to_string())?;
        write(&fixture, &scrubbed)?;
        if let Some(url) = url {
            write(
                &fixture_dir.join(format!("{name}.url")),
                &format!("{url}\n"),
            )?;
        }
        // The first snapshot is the fixture's record, made as `trawl test` makes it.
        let fixture = Fixture::at(&fixture)?;
        let snapshot = fixture.snapshot_path(&layout.snapshots);
        let label = args.rules.display().to_string();
        match pack_test::take(&pack, &fixture, &label) {
            Ok(taken) => pack_test::accept(&snapshot, &taken)?,
            Err(error) => notes.push(format!(
                "no snapshot for {}: {error}",
                fixture.path.display()
            )),
        }
        outln!("{}", text::render(&explanation, false));
        written.push(format!(
            "wrote {} (scrubbed: markup kept, prose replaced){}\nwrote {} (the draft's record: `trawl test` shows how each rule edit changes it)",
            fixture.path.display(),
            if url.is_some() { " and its .url" } else { "; add its URL in a .url file beside it" },
            snapshot.display()
        ));
    }

    outln!("How the rule was chosen:");
    for note in &scaffold.notes {
        outln!("  - {note}");
    }
    if schema.is_none() {
        outln!(
            "  - no rule.schema.json found; `trawl schema -o {}` writes one for editors",
            args.rules.join("rule.schema.json").display()
        );
    }
    for note in &notes {
        outln!("  - {note}");
    }
    outln!("\nwrote {}\n{}", rule_path.display(), written.join("\n"));
    let url_arg = pages[0]
        .1
        .as_deref()
        .map(|url| format!(" --url {url}"))
        .unwrap_or_default();
    let rules = args.rules.display();
    outln!(
        "next: edit the rule, then `trawl explain --rules {rules}{url_arg} {}` (the page as given), or on the fixture `trawl explain --rules {rules} {}`;\n\
         `trawl test --rules {rules}` shows how the fixture's record changed, `--review` takes it.\n\
         The fixture was scrubbed with this draft: a `remove:` or a phrase test (`contains`, `matches`) added later may find\n\
         no text in it; scrub it again from the page with the final rule: `trawl scrub --rules {rules} {} -o {}`",
        args.from[0].display(),
        first.display(),
        args.from[0].display(),
        first.display()
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
