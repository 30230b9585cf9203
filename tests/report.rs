//! The HTML report of `trawl explain --html` in a real headless browser: the outlines are
//! drawn on the seed page, and a screenshot is taken. Where Chromium is not installed the test
//! is marked ignored (`.ci/run` installs Debian's chromium).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    trawl_tests::workspace().to_owned()
}

fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|path| path.exists())
}

fn write_report(out: &Path) -> String {
    let seed = workspace().join("tests/fixtures/yahoo.com/seed-2022-01-28.html");
    let status = Command::new(trawl_tests::trawl())
        .arg("explain")
        .arg("--html")
        .arg(out)
        .arg(seed)
        .output()
        .expect("trawl runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn the_report_marks_every_field_and_strikes_removed_elements() {
    let dir = workspace().join("target/report-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let report = write_report(&dir.join("static.html"));
    for field in [
        "body.root",
        "body.paragraphs",
        "related.each",
        "body.remove",
    ] {
        assert!(
            report.contains(&format!("data-trawl-field=&quot;{field}"))
                || report.contains(&format!("data-trawl-field=&quot;{field} ")),
            "no element marked for {field}"
        );
    }
    assert!(
        report.contains("data-trawl-removed"),
        "removed elements are marked"
    );
    assert!(
        !report.contains("YAHOO.context"),
        "scripts are removed from the page"
    );
}

#[test]
#[cfg_attr(
    not(trawl_chromium),
    ignore = "Chromium is not installed (.ci/run installs Debian's chromium)"
)]
fn the_report_shows_outlines_in_headless_chromium() {
    let chromium = chromium().expect("the build found Chromium; it is gone now");
    let dir = workspace().join("target/report-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("seed-report.html");
    write_report(&report);
    let profile = dir.join("chromium-profile");
    let url = format!("file://{}", report.canonicalize().unwrap().display());
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
    ];
    let dom = Command::new(&chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&dom.stdout);
    let outlined = dom
        .split("data-outlined=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("missing");
    let count: usize = outlined
        .parse()
        .unwrap_or_else(|_| panic!("the report's check did not run: data-outlined={outlined}"));
    assert!(count >= 10, "only {count} elements are outlined");

    let screenshot = dir.join("seed-report.png");
    let _ = std::fs::remove_file(&screenshot);
    let shot = Command::new(&chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg("--window-size=1400,1000")
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    assert!(
        std::fs::metadata(&screenshot)
            .map(|m| m.len() > 10_000)
            .unwrap_or(false),
        "no screenshot at {}",
        screenshot.display()
    );
}
