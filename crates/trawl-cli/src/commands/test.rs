//! `trawl test`: a pack's fixtures against their reviewed records, with a diff of each
//! changed record, and `--accept` / `--review` to take the new ones.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use trawl_cli::pack_test::{self, Fixture, Layout, Taken, Verdict};

use super::{out, outln, pack_or_exit, USAGE};
use crate::args::TestArgs;

/// Runs the command: status 0 when every record is its snapshot's (or was taken), 1 when
/// some differ or fail, 2 when the pack cannot be used.
pub fn run(args: TestArgs) -> ExitCode {
    let Some(rules) = super::discover(args.rules.as_deref())
        .dir()
        .map(Path::to_owned)
    else {
        eprintln!("error: no rules folder to test; name the pack's folder with --rules DIR");
        return ExitCode::from(USAGE);
    };
    let layout = Layout::of(&rules, args.fixtures.as_deref(), args.snapshots.as_deref());
    let pack = match pack_or_exit(Some(&rules)) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    let fixtures = match pack_test::fixtures(&layout.fixtures) {
        Ok(found) => found,
        Err(error) => {
            eprintln!("error: {error}; `trawl new` writes a fixture there, or pass --fixtures DIR");
            return ExitCode::from(USAGE);
        }
    };
    let chosen: Vec<&Fixture> = fixtures
        .iter()
        .filter(|fixture| {
            args.filters.is_empty()
                || args
                    .filters
                    .iter()
                    .any(|word| fixture.snapshot_name().contains(word.as_str()))
        })
        .collect();
    let label = rules.display().to_string();
    let mut tally = Tally::default();
    let mut quit = false;
    for fixture in chosen {
        let snapshot = fixture.snapshot_path(&layout.snapshots);
        let taken = match pack_test::take(&pack, fixture, &label) {
            Ok(taken) => taken,
            Err(error) => {
                outln!("FAIL {}: {error}", fixture.snapshot_name());
                tally.failed += 1;
                continue;
            }
        };
        let verdict = match pack_test::compare(&snapshot, &taken) {
            Ok(verdict) => verdict,
            Err(error) => {
                outln!("FAIL {}: {error}", fixture.snapshot_name());
                tally.failed += 1;
                continue;
            }
        };
        let shown = match &verdict {
            Verdict::Same => {
                tally.same += 1;
                continue;
            }
            Verdict::Changed(old) => {
                format!(
                    "CHANGED {} ({})\n{}",
                    fixture.snapshot_name(),
                    snapshot.display(),
                    pack_test::diff(old, &taken.contents)
                )
            }
            Verdict::New => format!(
                "NEW {} (no {} yet)\n{}",
                fixture.snapshot_name(),
                snapshot.display(),
                pack_test::diff("", &taken.contents)
            ),
        };
        outln!("{shown}");
        let take = if args.accept {
            true
        } else if args.review && !quit {
            match ask() {
                Answer::Take => true,
                Answer::Skip => false,
                Answer::Quit => {
                    quit = true;
                    false
                }
            }
        } else {
            false
        };
        if take {
            match pack_test::accept(&snapshot, &taken) {
                Ok(()) => {
                    outln!("  taken: {}", snapshot.display());
                    tally.taken += 1;
                }
                Err(error) => {
                    outln!("FAIL {}: {error}", fixture.snapshot_name());
                    tally.failed += 1;
                }
            }
        } else {
            tally.differ.push((snapshot, taken));
        }
    }
    tally.finish(&args)
}

/// What the run found.
#[derive(Default)]
struct Tally {
    same: usize,
    taken: usize,
    failed: usize,
    /// Records that differ from their snapshot and were not taken.
    differ: Vec<(PathBuf, Taken)>,
}

impl Tally {
    fn finish(&self, args: &TestArgs) -> ExitCode {
        let total = self.same + self.taken + self.failed + self.differ.len();
        outln!(
            "{total} fixture(s): {} unchanged, {} taken, {} differ, {} failed",
            self.same,
            self.taken,
            self.differ.len(),
            self.failed
        );
        if total == 0 && !args.filters.is_empty() {
            outln!("no fixture matches {}", args.filters.join(", "));
        }
        if !self.differ.is_empty() {
            outln!("review them with `trawl test --review`, or take them all with `trawl test --accept` (same --rules)");
        }
        if self.differ.is_empty() && self.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

/// The reviewer's answer for one record.
enum Answer {
    Take,
    Skip,
    Quit,
}

/// Asks on stdin whether to take the record just shown; the end of input skips the rest.
fn ask() -> Answer {
    loop {
        out!("take this record? [y]es, [n]o (keep the snapshot), [q]uit reviewing: ");
        let mut line = String::new();
        match std::io::stdin().lock().read_line(&mut line) {
            Ok(0) | Err(_) => return Answer::Quit,
            Ok(_) => {}
        }
        match line.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" | "a" | "accept" => return Answer::Take,
            "n" | "no" | "s" | "skip" => return Answer::Skip,
            "q" | "quit" => return Answer::Quit,
            _ => outln!("answer y, n or q"),
        }
    }
}
