//! One snapshot test per fixture page, and one per deliberately broken rule.
//!
//! `cargo test --test snapshots -- yahoo.com` runs one site. Snapshots live in `snapshots/`
//! at the workspace root as `<domain>@<fixture>.snap` (records) and `errors@<name>.snap`
//! (rendered errors); review changes with `cargo insta review` (or `trawl test --review`).

use std::path::{Path, PathBuf};

use trawl_cli::pack_test;
use trawl_engine::{Pack, Registry};
use trawl_rules::SourceText;

fn workspace() -> PathBuf {
    trawl_tests::workspace().to_owned()
}

fn snapshot_settings(description: String, info: String) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(workspace().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description(description);
    settings.set_info(&info);
    settings.set_omit_expression(true);
    settings
}

/// The record of a fixture page, extracted with the rule pack in `rules/` and serialized as
/// `trawl test` does (the same code); insta compares it, so `cargo insta review` works here.
fn fixture(path: &Path) -> datatest_stable::Result<()> {
    let pack = Pack::load_dir(&workspace().join("rules"), &Registry::standard())?;
    let fixture = pack_test::Fixture::at(path)?;
    let taken = pack_test::take(&pack, &fixture, "rules")?;
    snapshot_settings(taken.rule, taken.url).bind(|| {
        insta::assert_snapshot!(fixture.snapshot_name(), taken.contents);
    });
    Ok(())
}

/// The rendered errors of a deliberately broken rule file.
fn broken_rule(path: &Path) -> datatest_stable::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let name = path
        .file_stem()
        .and_then(|n| n.to_str())
        .ok_or("a file name")?;
    let source = SourceText {
        path: Path::new("tests/errors").join(format!("{name}.yaml")),
        text: text.into(),
    };
    let rendered = match Pack::from_sources(vec![source], &Registry::standard()) {
        Ok(_) => return Err(format!("{} should not compile", path.display()).into()),
        Err(error) => error.to_string(),
    };
    snapshot_settings(
        format!("tests/errors/{name}.yaml"),
        "trawl check".to_owned(),
    )
    .bind(|| {
        insta::assert_snapshot!(format!("errors@{name}"), rendered);
    });
    Ok(())
}

datatest_stable::harness! {
    { test = fixture, root = "tests/fixtures", pattern = r"\.html(\.gz)?$" },
    { test = broken_rule, root = "tests/errors", pattern = r"\.yaml$" },
}
