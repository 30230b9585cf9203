//! The review workflow the README walks, with the standard cargo-insta commands run from the
//! repository root: a fixture's record no longer matches its reviewed snapshot, the
//! snapshot test writes the new one as pending, `cargo insta pending-snapshots` finds it in
//! the top-level `snapshots/`, and `cargo insta accept` puts it in place.
//!
//! The reviewed snapshot is made stale by hand (as a rule change would make it), so the
//! accepted snapshot must be the original one again; it is restored whatever happens.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SNAPSHOT: &str = "snapshots/yahoo.com@seed-2022-01-28.snap";
const FIXTURE_TEST: &str = "yahoo.com/seed-2022-01-28.html";

/// Puts the reviewed snapshot back and removes a pending one, when the test ends.
struct Restore {
    path: PathBuf,
    text: String,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.path, &self.text);
        let _ = std::fs::remove_file(pending(&self.path));
    }
}

fn pending(snapshot: &Path) -> PathBuf {
    snapshot.with_extension("snap.new")
}

fn cargo(args: &[&str]) -> Output {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(args)
        .current_dir(trawl_tests::workspace())
        .env("INSTA_UPDATE", "new")
        .env_remove("INSTA_FORCE_PASS")
        .output()
        .expect("cargo runs")
}

/// A snapshot without its header (the source file and line, which insta does not compare).
fn contents(snapshot: &str) -> &str {
    snapshot
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(snapshot, |(_, contents)| contents)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
#[cfg_attr(
    not(trawl_cargo_insta),
    ignore = "cargo-insta is not installed (cargo install cargo-insta --locked)"
)]
fn a_changed_record_is_pending_and_accepted_from_the_root() {
    let path = trawl_tests::workspace().join(SNAPSHOT);
    let reviewed = std::fs::read_to_string(&path).expect("the reviewed snapshot");
    let _restore = Restore {
        path: path.clone(),
        text: reviewed.clone(),
    };
    let stale = reviewed.replacen("title: ", "title: Stale ", 1);
    assert_ne!(stale, reviewed, "the snapshot has a title line");
    std::fs::write(&path, &stale).unwrap();

    let profile = if cfg!(debug_assertions) {
        &[][..]
    } else {
        &["--release"][..]
    };
    let mut test = vec!["test", "--test", "snapshots"];
    test.extend_from_slice(profile);
    test.extend_from_slice(&["--", FIXTURE_TEST]);
    let run = cargo(&test);
    assert!(
        !run.status.success(),
        "a stale snapshot fails the test\n{}",
        text(&run)
    );
    assert!(
        pending(&path).is_file(),
        "the new snapshot is pending\n{}",
        text(&run)
    );

    let listed = cargo(&["insta", "pending-snapshots", "--as-json"]);
    assert!(listed.status.success(), "{}", text(&listed));
    let name = Path::new(SNAPSHOT).file_name().unwrap().to_str().unwrap();
    assert!(
        String::from_utf8_lossy(&listed.stdout).contains(name),
        "cargo insta pending-snapshots finds it from the root\n{}",
        text(&listed)
    );

    let accepted = cargo(&["insta", "accept", "--snapshot", name]);
    assert!(accepted.status.success(), "{}", text(&accepted));
    assert!(
        !pending(&path).exists(),
        "accepting removes the pending file"
    );
    assert_eq!(
        contents(&std::fs::read_to_string(&path).unwrap()),
        contents(&reviewed),
        "the accepted snapshot is the record the rule gives"
    );
}
