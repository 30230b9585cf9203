//! `trawl import ftr FILE|DIR --out DIR`: FiveFilters site configs as trawl rules, one rule
//! file per config, and a report of the run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use trawl_import::{import_ftr, Report, Tier};

use super::{outln, USAGE};
use crate::args::{ImportArgs, ImportFormat};

/// The report's file in the output folder.
const REPORT: &str = "IMPORT-REPORT.txt";

/// Runs the command: exit 0 when every config was read (whatever its tier), 1 when some
/// file could not be read or written, 2 when the input or output is unusable.
pub fn run(args: ImportArgs) -> ExitCode {
    let ImportFormat::Ftr = args.format;
    let files = match configs(&args.input) {
        Ok(files) if !files.is_empty() => files,
        Ok(_) => {
            eprintln!(
                "error: {} holds no site config (*.txt)",
                args.input.display()
            );
            return ExitCode::from(USAGE);
        }
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", args.input.display());
            return ExitCode::from(USAGE);
        }
    };
    if let Err(error) = std::fs::create_dir_all(&args.out) {
        eprintln!("error: cannot create {}: {error}", args.out.display());
        return ExitCode::from(USAGE);
    }
    let mut report = Report::default();
    let mut untranslated = String::new();
    let mut failed = 0;
    for path in &files {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("warning: cannot read {}: {error}", path.display());
                failed += 1;
                continue;
            }
        };
        let imported = import_ftr(&name, &String::from_utf8_lossy(&bytes));
        report.add(&imported);
        match &imported.rule {
            Some(rule) => {
                let target = args.out.join(&imported.file_name);
                if let Err(error) = std::fs::write(&target, rule) {
                    eprintln!("warning: cannot write {}: {error}", target.display());
                    failed += 1;
                }
            }
            None => {
                let _ = writeln!(untranslated, "\n{name}: no rule written");
                for note in &imported.notes {
                    let _ = writeln!(untranslated, "  {note}");
                }
            }
        }
    }
    let text = format!(
        "{report}\nconfigs with nothing translatable (no rule written):{}",
        if untranslated.is_empty() {
            " none\n"
        } else {
            &untranslated
        }
    );
    if let Err(error) = std::fs::write(args.out.join(REPORT), &text) {
        eprintln!("warning: cannot write the report: {error}");
        failed += 1;
    }
    outln!("{report}");
    outln!(
        "{} rule(s) written to {} ({} full, {} partial); the report is {}",
        report.count(Tier::Full) + report.count(Tier::Partial),
        args.out.display(),
        report.count(Tier::Full),
        report.count(Tier::Partial),
        args.out.join(REPORT).display()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The config files: `input` itself, or the `*.txt` files of the folder, sorted.
fn configs(input: &Path) -> std::io::Result<Vec<PathBuf>> {
    if input.is_file() {
        return Ok(vec![input.to_owned()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(input)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    Ok(files)
}
