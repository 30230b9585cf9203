//! Broken rule files: each is named with its place, and the other rules still work.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn scratch(name: &str) -> PathBuf {
    let dir = workspace().join("target/broken-rules-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const GOOD: &str = "name: A\nhosts: [a.com]\nfields:\n  title: h1\nbody:\n  paragraphs: p\n";

/// A pack with one good rule and one file for each way a rule file breaks.
fn broken_pack(name: &str) -> PathBuf {
    let dir = scratch(name);
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(rules.join("a.com.yaml"), GOOD).unwrap();
    // Latin-1, not UTF-8.
    std::fs::write(
        rules.join("latin.com.yaml"),
        b"name: Latin\xe9\nhosts: [latin.com]\nfields:\n  title: h1\n",
    )
    .unwrap();
    std::fs::write(
        rules.join("bom.com.yaml"),
        "\u{feff}name: Bom\nhosts: [bom.com]\nfields:\n  title: h1\n",
    )
    .unwrap();
    // Skipped silently before, for the word "schema" in its name.
    std::fs::write(
        rules.join("schema.org.yaml"),
        "name: Schema\nhost: [schema.org]\n",
    )
    .unwrap();
    std::fs::write(
        rules.join("twin.yaml"),
        "name: Twin\nhosts: [twin.com, a.com]\nfields:\n  title: h1\n",
    )
    .unwrap();
    std::fs::write(
        rules.join("url.yaml"),
        "name: Url\nhosts: ['https://url.com/']\nfields:\n  title: h1\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(rules.join("nowhere"), rules.join("gone.yaml")).unwrap();
    std::fs::write(
        dir.join("page.html"),
        "<html><body><h1>Hello</h1><p>One paragraph.</p></body></html>",
    )
    .unwrap();
    dir
}

fn trawl(dir: &Path, args: &[&str]) -> Output {
    Command::new(trawl_tests::trawl())
        .args(args)
        .current_dir(dir)
        .env_remove("TRAWL_RULES")
        .output()
        .unwrap()
}

/// The bad files of [`broken_pack`], with what their message says.
const BAD: &[(&str, &str)] = &[
    ("latin.com.yaml:1:12", "not UTF-8"),
    ("bom.com.yaml:1:1", "byte order mark"),
    ("schema.org.yaml:2:1", "unknown field `host`"),
    (
        "twin.yaml:2:19",
        "`a.com` is already claimed by the rule `A`",
    ),
    ("url.yaml:2:10", "is a URL, not a host"),
    #[cfg(unix)]
    ("gone.yaml:1:1", "cannot read"),
];

// One non-UTF-8 rule file made `trawl check` report nothing else and the pack unusable.
#[test]
fn check_lists_every_broken_file_with_its_place_and_exits_1() {
    let dir = broken_pack("check");
    let out = trawl(&dir, &["check", "--rules", "rules"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stdout.contains("ok  A "), "{stdout}");
    for (place, message) in BAD {
        let at = stderr
            .find(&format!("rules/{place}"))
            .unwrap_or_else(|| panic!("{place} not reported:\n{stderr}"));
        let before = &stderr[..at];
        let error = &before[before.rfind("error: ").unwrap()..];
        assert!(error.contains(message), "{place}: {error}");
    }
    assert!(
        stderr.contains(&format!("in {} rule file(s)", BAD.len())),
        "{stderr}"
    );
}

// Every rule was unusable when one file was broken; now extract warns once per file and
// goes on with the others, from --rules and from ./rules alike.
#[test]
fn extract_warns_once_per_broken_file_and_uses_the_good_rules() {
    let dir = broken_pack("extract");
    for args in [
        &[
            "extract",
            "--rules",
            "rules",
            "--url",
            "https://a.com/x",
            "page.html",
        ][..],
        &["extract", "--url", "https://a.com/x", "page.html"][..],
    ] {
        let out = trawl(&dir, args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stdout.contains(r#""title":"Hello""#), "{stdout}");
        for (place, _) in BAD {
            let file = place.split(':').next().unwrap();
            assert_eq!(
                stderr
                    .matches(&format!("warning: rule file rules/{file}"))
                    .count(),
                1,
                "{args:?}: {file}\n{stderr}"
            );
        }
        assert_eq!(stderr.matches("warning:").count(), BAD.len(), "{stderr}");
    }
}

// A pack whose every file is broken is still a setup error for extract, and an error list
// for check.
#[test]
fn a_pack_with_no_usable_rule_stops_extract_with_exit_2() {
    let dir = scratch("none");
    std::fs::write(
        dir.join("x.yaml"),
        "name: X\nhosts: ['']\nfields:\n  title: h1\n",
    )
    .unwrap();
    std::fs::write(dir.join("page.html"), "<h1>x</h1>").unwrap();
    let out = trawl(&dir, &["extract", "--rules", ".", "page.html"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("x.yaml:2:1"), "{stderr}");
    let out = trawl(&dir, &["check", "--rules", "."]);
    assert_eq!(out.status.code(), Some(1));
}
