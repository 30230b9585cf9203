//! Every config of `../shared/ftr-site-config` imports without a crash, and every rule
//! written compiles. Skipped (with a note) when the shared data is not beside the checkout.

use std::path::Path;

use trawl_engine::{Pack, Registry};
use trawl_import::{import_ftr, Report, Tier};
use trawl_rules::SourceText;

#[test]
#[allow(clippy::print_stderr)] // the skip notice, and the run's report for the person running it
fn every_config_imports_and_every_rule_written_compiles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/ftr-site-config");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("{} is not here; skipped", dir.display());
        return;
    };
    let mut report = Report::default();
    let mut sources = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".txt") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let imported = import_ftr(&name, &String::from_utf8_lossy(&bytes));
        report.add(&imported);
        assert_eq!(
            imported.rule.is_some(),
            imported.tier != Tier::None,
            "{name}"
        );
        if let Some(rule) = imported.rule {
            sources.push(SourceText {
                path: imported.file_name.into(),
                text: rule.into(),
            });
        }
    }
    eprintln!("{report}");
    assert!(report.files() > 1000, "{report}");
    let (pack, errors) = Pack::partial_from_sources(sources, &Registry::standard());
    assert!(
        errors.is_empty(),
        "{}",
        errors
            .iter()
            .take(5)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        pack.len(),
        report.count(Tier::Full) + report.count(Tier::Partial)
    );
}
