//! The `trawl` binary end to end: exit codes, per-page errors, output formats, `check`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn trawl(args: &[&str]) -> Output {
    Command::new(trawl_tests::trawl())
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("the binary runs")
}

fn workspace() -> PathBuf {
    trawl_tests::workspace().to_owned()
}

const SEED: &str = "tests/fixtures/yahoo.com/seed-2022-01-28.html";

#[test]
fn extract_prints_one_json_record_a_line() {
    let out = trawl(&["extract", SEED]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    let record: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(record["site"], "Yahoo News");
}

#[test]
fn a_page_without_a_rule_fails_alone_and_the_run_goes_on() {
    let dir = trawl_tests::scratch("batch");
    std::fs::copy(workspace().join(SEED), dir.join("a-seed.html")).unwrap();
    std::fs::write(
        dir.join("a-seed.url"),
        "https://news.yahoo.com/x-093000000.html",
    )
    .unwrap();
    std::fs::write(
        dir.join("b-unknown.html"),
        "<html><head><link rel=canonical href='https://unknown.example/a'></head><p>x</p></html>",
    )
    .unwrap();
    std::fs::write(dir.join("c-nourl.html"), "<p>no url here</p>").unwrap();
    let out = trawl(&["extract", "--no-generic", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("b-unknown.html: no rule for https://unknown.example/a"),
        "{stderr}"
    );
    assert!(stderr.contains("c-nourl.html: no URL"), "{stderr}");
}

/// Without `--no-generic`, a page no rule serves is read by the generic extractor, says so
/// in its warnings and in the summary, and its record names the extractor.
#[test]
fn a_page_without_a_rule_is_read_by_the_generic_extractor() {
    let dir = trawl_tests::scratch("fallback");
    std::fs::write(
        dir.join("unknown.html"),
        "<html><head><link rel=canonical href='https://unknown.example/a'><title>Harbour strike ends</title></head>\
         <body><h1>Harbour strike ends</h1><div class=story><p>The strike ended on Tuesday, after the council and the union agreed on pay.</p>\
         <p>Work at the harbour starts again on Monday, with the night shift first.</p></div></body></html>",
    )
    .unwrap();
    let out = trawl(&["extract", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["site"], "generic");
    assert_eq!(record["extractor"], "generic");
    assert_eq!(record["title"], "Harbour strike ends");
    assert!(record["warnings"][0]
        .as_str()
        .unwrap()
        .starts_with("no rule for https://unknown.example/a"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 read by the generic extractor"),
        "{stderr}"
    );
}

/// `--generic` reads even a page whose site has a rule with the generic extractor.
#[test]
fn generic_forces_the_generic_extractor() {
    let out = trawl(&[
        "extract",
        "--generic",
        workspace().join(SEED).to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["site"], "generic");
    let body = record["body"].to_string();
    assert!(body.contains("no wish for a war"), "{body}");
    assert!(!body.contains("Oops"), "{body}");
}

#[test]
fn stdin_and_forced_rules_work() {
    let out = Command::new(trawl_tests::trawl())
        .args(["extract", "--rule", "yahoo.com", "--format", "text", "-"])
        .stdin(std::fs::File::open(workspace().join(SEED)).unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("'We don't want wars'"), "{text}");
    assert!(
        text.contains("By Vladimir Soldatkin, Alexander Marrow | Reuters | 2022-01-28"),
        "{text}"
    );
}

#[test]
fn unknown_rules_and_bad_usage_are_exit_code_two_or_clear_errors() {
    let out = trawl(&["extract", "--rule", "yahooo", SEED]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean `yahoo.com`?"), "{stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "one usage error, not one per page: {stderr}"
    );
    assert_eq!(trawl(&["extract"]).status.code(), Some(2));
    assert_eq!(
        trawl(&["extract", "--format", "xml", SEED]).status.code(),
        Some(2)
    );
}

#[test]
fn check_reports_every_broken_file_with_its_position() {
    let dir = trawl_tests::scratch("check");
    for name in ["err_unknown_key.yaml", "err_unknown_filter.yaml"] {
        std::fs::copy(workspace().join("tests/errors").join(name), dir.join(name)).unwrap();
    }
    std::fs::copy(
        workspace().join("rules/yahoo.com.yaml"),
        dir.join("yahoo.com.yaml"),
    )
    .unwrap();
    let out = trawl(&["check", "--rules", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("err_unknown_key.yaml:5:3"), "{stderr}");
    assert!(stderr.contains("err_unknown_filter.yaml:4:15"), "{stderr}");
    assert!(stderr.contains("err_unknown_filter.yaml:5:36"), "{stderr}");
    assert!(trawl(&["check"]).status.success());
}

/// The README's first command: every bundled sample page gives a record, in the same order
/// whether pages are extracted one at a time or in parallel.
#[test]
fn the_bundled_samples_all_give_records() {
    let out = trawl(&["extract", "tests/fixtures"]);
    let one_by_one = trawl(&["extract", "--jobs", "1", "tests/fixtures"]);
    assert_eq!(out.stdout, one_by_one.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = std::fs::read_dir(workspace().join("tests/fixtures"))
        .unwrap()
        .flat_map(|dir| std::fs::read_dir(dir.unwrap().path()).unwrap())
        .filter(|file| {
            file.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|ext| ext == "html")
        })
        .count();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), pages);
}

/// `trawl test` on a pack made by `trawl new` outside the repository, fixtures and snapshots
/// inside the rules folder: it passes; after a rule edit it fails and shows the change;
/// after `--accept` it passes again.
#[test]
fn a_pack_made_by_new_guards_itself_with_trawl_test() {
    let dir = trawl_tests::scratch("pack-test");
    let page = dir.join("page.html");
    std::fs::copy(
        workspace().join("tests/fixtures/spiegel.de/2024-05-14-faehre-elbe-streik.html"),
        &page,
    )
    .unwrap();
    let pack = dir.join("pack");
    let rules = pack.to_str().unwrap();
    let url = "https://www.example-times.com/world/2024/05/14/harbour-strike";
    let made = trawl(&[
        "new",
        "example-times.com",
        "--from",
        page.to_str().unwrap(),
        "--url",
        url,
        "--rules",
        rules,
    ]);
    assert!(made.status.success(), "{}", text(&made));
    assert!(!text(&made).contains("cargo insta"), "{}", text(&made));
    assert!(pack.join("fixtures/example-times.com/page.html").exists());
    let snapshot = pack.join("snapshots/example-times.com@page.snap");
    let reviewed = std::fs::read_to_string(&snapshot).unwrap();

    let passes = trawl(&["test", "--rules", rules]);
    assert!(passes.status.success(), "{}", text(&passes));
    assert!(
        text(&passes).contains("1 fixture(s): 1 unchanged"),
        "{}",
        text(&passes)
    );

    let rule = pack.join("example-times.com.yaml");
    let yaml = std::fs::read_to_string(&rule).unwrap();
    let title = yaml
        .lines()
        .find(|l| l.trim_start().starts_with("title:"))
        .unwrap();
    let edited = yaml.replace(title, "  title: 'h1 | text | upper'");
    std::fs::write(&rule, edited).unwrap();
    let fails = trawl(&["test", "--rules", rules]);
    assert_eq!(fails.status.code(), Some(1), "{}", text(&fails));
    let shown = text(&fails);
    assert!(shown.contains("CHANGED example-times.com@page"), "{shown}");
    let removed = shown.lines().find(|l| l.starts_with("- title: "));
    let added = shown.lines().find(|l| l.starts_with("+ title: "));
    let added = added.and_then(|l| l.strip_prefix("+ title: "));
    assert!(removed.is_some(), "{shown}");
    assert!(added.is_some_and(|t| t == t.to_uppercase()), "{shown}");
    assert_eq!(std::fs::read_to_string(&snapshot).unwrap(), reviewed);

    let accepted = trawl(&["test", "--rules", rules, "--accept"]);
    assert!(accepted.status.success(), "{}", text(&accepted));
    let again = trawl(&["test", "--rules", rules]);
    assert!(again.status.success(), "{}", text(&again));
    assert_ne!(std::fs::read_to_string(&snapshot).unwrap(), reviewed);
}

/// `explain --outline`: the tree under a selector, needing no rule.
#[test]
fn explain_outlines_the_elements_under_a_selector() {
    let out = trawl(&["explain", "--outline", "body", "--depth", "2", SEED]);
    assert!(out.status.success(), "{}", text(&out));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.starts_with("`body` matches 1 element:\n  body  text "),
        "{shown}"
    );
    assert!(
        shown.contains("  ¶ ") && shown.contains("links "),
        "{shown}"
    );
    let none = trawl(&["explain", "--outline", "blink", SEED]);
    assert_eq!(none.status.code(), Some(1), "{}", text(&none));
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The README's walk-through "A rule for a new site, with the tools": new, check, explain,
/// extract, on a page whose site has no rule in a fresh pack.
#[test]
fn the_new_site_walkthrough_works() {
    let dir = trawl_tests::scratch("walkthrough");
    let page = dir.join("page.html");
    std::fs::copy(
        workspace().join("tests/fixtures/spiegel.de/2024-05-14-faehre-elbe-streik.html"),
        &page,
    )
    .unwrap();
    let url = "https://www.example-times.com/world/2024/05/14/harbour-strike";
    let (rules, fixtures, snapshots) = (
        dir.join("rules"),
        dir.join("fixtures"),
        dir.join("snapshots"),
    );
    let out = trawl(&[
        "new",
        "example-times.com",
        "--from",
        page.to_str().unwrap(),
        "--url",
        url,
        "--rules",
        rules.to_str().unwrap(),
        "--fixtures",
        fixtures.to_str().unwrap(),
        "--snapshots",
        snapshots.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("title"),
        "new prints the explain view: {stdout}"
    );
    assert!(rules.join("example-times.com.yaml").exists());
    let fixture = fixtures.join("example-times.com/page.html");
    assert!(fixture.exists() && fixtures.join("example-times.com/page.url").exists());
    assert!(snapshots.join("example-times.com@page.snap").exists());

    assert!(trawl(&["check", "--rules", rules.to_str().unwrap()])
        .status
        .success());
    let explain = trawl(&[
        "explain",
        "--rules",
        rules.to_str().unwrap(),
        fixture.to_str().unwrap(),
    ]);
    assert!(
        explain.status.success(),
        "{}",
        String::from_utf8_lossy(&explain.stderr)
    );

    // On the original page the starting rule already gets the title and date right.
    let original = trawl(&[
        "extract",
        "--rules",
        rules.to_str().unwrap(),
        "--url",
        url,
        page.to_str().unwrap(),
    ]);
    let record: serde_json::Value = serde_json::from_slice(&original.stdout).unwrap();
    let bundled = trawl(&[
        "extract",
        "--url",
        "https://www.spiegel.de/x",
        page.to_str().unwrap(),
    ]);
    let expected: serde_json::Value = serde_json::from_slice(&bundled.stdout).unwrap();
    assert_eq!(record["published"], expected["published"]);
    // The title comes from the source the generic extractor reads it from (this page has no
    // <h1>: its JSON-LD headline, where the bundled rule prefers og:title).
    let generic = trawl(&["extract", "--generic", "--url", url, page.to_str().unwrap()]);
    let generic: serde_json::Value = serde_json::from_slice(&generic.stdout).unwrap();
    assert_eq!(record["title"], generic["title"]);
    assert!(record["body"]["sections"]
        .as_array()
        .is_some_and(|s| !s.is_empty()));
}
