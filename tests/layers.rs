//! A folder's rules layer over the bundled pack: its rule wins for its hosts, the bundled
//! rules serve the others, and `--rules-only` uses the folder alone.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A project folder with a `rules/` of one rule, for a host the bundled pack does not serve.
fn project(name: &str) -> PathBuf {
    let dir = trawl_tests::scratch(name);
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::write(
        dir.join("rules/mine.yaml"),
        "name: Mine\nhosts: [mine.example]\nfields:\n  title: h1\nbody:\n  paragraphs: p\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("page.html"),
        "<html><body><h1>Hello</h1><p>One paragraph.</p></body></html>",
    )
    .unwrap();
    dir
}

fn bbc_page() -> PathBuf {
    trawl_tests::workspace().join("tests/fixtures/bbc.co.uk/2026-03-02-scilly-ferry-fares.html")
}

fn trawl(dir: &Path, args: &[&str]) -> Output {
    Command::new(trawl_tests::trawl())
        .args(args)
        .current_dir(dir)
        .env_remove("TRAWL_RULES")
        .output()
        .unwrap()
}

// A project with a rule of its own lost the 137 bundled sites.
#[test]
fn a_local_folder_layers_over_the_bundled_pack() {
    let dir = project("layers-over");
    let bbc = bbc_page();
    let out = trawl(&dir, &["extract", bbc.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(r#""site":"BBC News""#), "{stdout}");
    let out = trawl(
        &dir,
        &["extract", "--url", "https://mine.example/a", "page.html"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(r#""site":"Mine""#), "{stdout}");
    // A bundled rule is found by name too.
    let out = trawl(
        &dir,
        &["extract", "--rule", "BBC News", bbc.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// "no rule named BBC News" did not say where it looked.
#[test]
fn rules_only_uses_the_folder_alone_and_no_rule_names_the_folders_searched() {
    let dir = project("layers-only");
    let bbc = bbc_page();
    let out = trawl(
        &dir,
        &[
            "extract",
            "--no-generic",
            "--rules-only",
            bbc.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("in rules (alone)"), "{stderr}");
    let out = trawl(
        &dir,
        &[
            "extract",
            "--no-generic",
            "--url",
            "https://nowhere.example/a",
            "page.html",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("in rules (the rules folder here), then the bundled pack"),
        "{stderr}"
    );
    let out = trawl(
        &dir,
        &["extract", "--rules-only", "--rule", "BBC News", "page.html"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no rule of that name in rules (alone)"),
        "{stderr}"
    );
}
