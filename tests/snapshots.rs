//! One snapshot test per fixture page, and one per deliberately broken rule.
//!
//! `cargo test --test snapshots -- yahoo.com` runs one site. Snapshots live in `snapshots/`
//! at the workspace root as `<domain>@<fixture>.snap` (records) and `errors@<name>.snap`
//! (rendered errors); review changes with `cargo insta review`.

use std::path::{Path, PathBuf};

use trawl_cli::inputs::Input;
use trawl_engine::{Extraction, Pack, PageInput, Registry};
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

/// The record of a fixture page, extracted with the rule pack in `rules/`.
fn fixture(path: &Path) -> datatest_stable::Result<()> {
    let pack = Pack::load_dir(&workspace().join("rules"), &Registry::standard())?;
    let domain = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|name| name.to_str())
        .ok_or("fixtures live in tests/fixtures/<domain>/")?;
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .ok_or("a fixture has a file name")?
        .trim_end_matches(".gz")
        .trim_end_matches(".html");
    let input = Input::File(path.to_owned());
    let url = input
        .sidecar_url()
        .ok_or_else(|| format!("{} needs its URL beside it in {name}.url", path.display()))?;
    let bytes = input.read()?;
    let Extraction { record, rule, .. } = pack.extract(&PageInput {
        bytes: &bytes,
        url: Some(&url),
        ..PageInput::default()
    })?;
    let rule_path = Path::new("rules").join(rule.path.file_name().ok_or("rule file")?);
    snapshot_settings(rule_path.display().to_string(), url).bind(|| {
        insta::assert_yaml_snapshot!(format!("{domain}@{name}"), record);
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
