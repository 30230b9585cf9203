//! The command line as people use it in batches: which rule pack is used, the end summary,
//! `--quiet` and `--errors`, exit codes, colour and the progress bar.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    trawl_tests::workspace().to_owned()
}

/// `trawl` run in `dir` with no colour variables from the caller's environment.
fn trawl_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(trawl_tests::trawl());
    command
        .args(args)
        .current_dir(dir)
        .env_remove("TRAWL_RULES")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the binary runs")
}

const SEED: &str = "tests/fixtures/yahoo.com/seed-2022-01-28.html";

/// A folder with one good page, one without a rule and one without a URL.
fn mixed_batch(name: &str) -> PathBuf {
    let dir = trawl_tests::scratch(name);
    std::fs::copy(workspace().join(SEED), dir.join("a-seed.html")).unwrap();
    std::fs::write(
        dir.join("a-seed.url"),
        "https://news.yahoo.com/x-093000000.html",
    )
    .unwrap();
    std::fs::write(
        dir.join("b-unknown.html"),
        "<html><head><link rel=canonical href='https://unknown.example/a'></head><h1>T</h1><p>x</p></html>",
    )
    .unwrap();
    std::fs::write(dir.join("c-nourl.html"), "<h1>T</h1><p>no url here</p>").unwrap();
    dir
}

#[test]
fn the_end_summary_groups_failures_by_cause() {
    let dir = mixed_batch("summary");
    let out = trawl_in(
        &workspace(),
        &["extract", "--no-generic", dir.to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().last(),
        Some("3 pages: 1 record, 2 failed (1 no URL, 1 no rule)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("start one with `trawl new unknown.example --from PAGE`"),
        "{stderr}"
    );
    let with_generic = trawl_in(&workspace(), &["extract", dir.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&with_generic.stderr);
    assert!(
        stderr.contains("2 records, 1 failed (1 no URL); 1 read by the generic extractor"),
        "{stderr}"
    );
}

#[test]
fn quiet_keeps_only_the_summary_and_errors_go_to_a_json_lines_file() {
    let dir = mixed_batch("quiet");
    let errors = dir.join("errors.jsonl");
    let out = trawl_in(
        &workspace(),
        &[
            "extract",
            "--no-generic",
            "--quiet",
            "--errors",
            errors.to_str().unwrap(),
            dir.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&errors)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let causes: Vec<&str> = lines.iter().map(|l| l["cause"].as_str().unwrap()).collect();
    assert_eq!(causes, ["no_rule", "no_url"]);
    assert!(lines[0]["input"]
        .as_str()
        .unwrap()
        .ends_with("b-unknown.html"));
}

#[test]
fn a_url_whose_host_differs_from_the_pages_canonical_one_is_pointed_out() {
    let dir = trawl_tests::scratch("canonical");
    let page = dir.join("page.html");
    std::fs::copy(workspace().join(SEED), &page).unwrap();
    let out = trawl_in(
        &workspace(),
        &[
            "extract",
            "--no-generic",
            "--url",
            "https://elsewhere.example/a",
            page.to_str().unwrap(),
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("canonical URL https://news.yahoo.com/") && stderr.contains("another host"),
        "{stderr}"
    );
}

#[test]
fn the_rules_folder_is_found_flag_then_environment_then_here_then_bundled() {
    let here = trawl_tests::scratch("discovery");
    let rules = here.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("broken.example.yaml"),
        "name: Broken\nhosts: [broken.example]\nfields:\n  title: h1 | nosuchfilter\n",
    )
    .unwrap();
    let local = trawl_in(&here, &["check"], &[]);
    assert_eq!(
        local.status.code(),
        Some(1),
        "a broken ./rules is not ignored"
    );
    let stderr = String::from_utf8_lossy(&local.stderr);
    assert!(
        stderr.contains("checking rules (the rules folder here)"),
        "{stderr}"
    );
    assert!(stderr.contains("nosuchfilter"), "{stderr}");

    let bundled = workspace().join("rules");
    let from_env = trawl_in(
        &here,
        &["check"],
        &[("TRAWL_RULES", bundled.to_str().unwrap())],
    );
    assert!(from_env.status.success());
    assert!(String::from_utf8_lossy(&from_env.stderr).contains("(TRAWL_RULES)"));

    let flag = trawl_in(
        &here,
        &["check", "--rules", bundled.to_str().unwrap()],
        &[("TRAWL_RULES", "/nonexistent")],
    );
    assert!(flag.status.success(), "--rules wins over TRAWL_RULES");

    let elsewhere = trawl_tests::scratch("discovery-none");
    let builtin = trawl_in(&elsewhere, &["check"], &[]);
    assert!(builtin.status.success());
    assert!(String::from_utf8_lossy(&builtin.stderr).contains("checking the bundled pack"));
}

#[test]
fn missing_and_empty_rule_folders_are_setup_errors() {
    let out = trawl_in(&workspace(), &["check", "--rules", "/nonexistent"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent"));
    let empty = trawl_tests::scratch("empty-rules");
    let out = trawl_in(
        &workspace(),
        &["check", "--rules", empty.to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no rule files"));
}

#[test]
fn an_unknown_rule_name_is_one_usage_error() {
    let dir = mixed_batch("nosuch");
    let out = trawl_in(
        &workspace(),
        &["extract", "--rule", "nosuch", dir.to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    assert!(out.stdout.is_empty());
}

#[test]
fn a_plugin_that_does_not_load_stops_the_run_with_the_loaders_reason() {
    let dir = trawl_tests::scratch("bad-plugin");
    let fake = dir.join("libtrawl_plugin_fake.so");
    std::fs::write(&fake, "not a library").unwrap();
    let out = trawl_in(
        &workspace(),
        &["extract", "--plugin", fake.to_str().unwrap(), SEED],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("libtrawl_plugin_fake.so"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn colour_follows_the_flag_no_color_and_clicolor_force() {
    let explain = ["explain", SEED];
    let has_escapes = |out: &Output| out.stdout.contains(&0x1b);
    assert!(
        !has_escapes(&trawl_in(&workspace(), &explain, &[])),
        "not a terminal: no colour"
    );
    assert!(has_escapes(&trawl_in(
        &workspace(),
        &["--color", "always", "explain", SEED],
        &[]
    )));
    assert!(has_escapes(&trawl_in(
        &workspace(),
        &explain,
        &[("CLICOLOR_FORCE", "1")]
    )));
    assert!(!has_escapes(&trawl_in(
        &workspace(),
        &explain,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
    assert!(!has_escapes(&trawl_in(
        &workspace(),
        &["--color", "never", "explain", SEED],
        &[("CLICOLOR_FORCE", "1")]
    )));
}

/// Under a pseudo-terminal (util-linux `script`) the bar is drawn on stderr; through a pipe
/// it is not.
#[test]
fn the_progress_bar_shows_on_a_terminal_only() {
    let piped = trawl_in(&workspace(), &["extract", "tests/fixtures"], &[]);
    assert!(!String::from_utf8_lossy(&piped.stderr).contains("elapsed"));
    if !Path::new("/usr/bin/script").exists() {
        return;
    }
    let command = format!(
        "{} extract --jobs 1 tests/fixtures >/dev/null",
        trawl_tests::trawl().display()
    );
    let out = Command::new("/usr/bin/script")
        .args(["-qefc", &command, "/dev/null"])
        .current_dir(workspace())
        .output()
        .expect("script runs");
    let terminal = String::from_utf8_lossy(&out.stdout);
    assert!(
        terminal.contains("elapsed") && terminal.contains(" pages  "),
        "{terminal}"
    );
}

/// A folder of `n` copies of the seed page, for batches long enough to stop midway.
fn many_pages(name: &str, n: usize) -> PathBuf {
    let dir = trawl_tests::scratch(name);
    let seed = std::fs::read(workspace().join(SEED)).unwrap();
    for i in 0..n {
        std::fs::write(dir.join(format!("p{i:05}.html")), &seed).unwrap();
        std::fs::write(
            dir.join(format!("p{i:05}.url")),
            "https://news.yahoo.com/x-093000000.html",
        )
        .unwrap();
    }
    dir
}

#[cfg(unix)]
#[test]
fn sigterm_mid_batch_leaves_only_complete_records_and_exits_143() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = many_pages("sigterm", 3000);
    let mut child = Command::new(trawl_tests::trawl())
        .args(["extract", "--format", "json", "--jobs", "1", "--quiet"])
        .arg(&dir)
        .current_dir(workspace())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap(); // the batch is running
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143));
    let mut text = first.to_vec();
    text.extend(rest);
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&text).expect("a closed JSON array of whole records");
    assert!(records.len() < 3000, "stopped early: {}", records.len());
    let mut stderr = String::new();
    child.stderr.unwrap().read_to_string(&mut stderr).unwrap();
    assert!(stderr.contains("stopped by SIGTERM"), "{stderr}");
}

#[test]
fn a_closed_stdout_ends_every_command_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = many_pages("closed", 400);
    let commands: [&[&str]; 3] = [&["extract", dir.to_str().unwrap()], &["check"], &["schema"]];
    for args in commands {
        let mut child = Command::new(trawl_tests::trawl())
            .args(args)
            .current_dir(workspace())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: {stderr}"
        );
    }
}
